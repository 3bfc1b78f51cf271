# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A Triton server of ``subtle-diff serve`` started by a test on 127.0.0.1, a free port."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

SERVE = os.path.join(sys.prefix, 'bin', 'subtle-diff')
TRITON_PYTHON = os.path.join(os.path.dirname(sys.prefix), os.path.basename(sys.prefix) +
                             '-triton', 'bin', 'python')


class TritonServer:
    """``subtle-diff serve --model DIR`` as a subprocess in its own process group."""

    def __init__(self, model_dir, log_dir, grpc_port=0, max_queue_delay_us=2000, threads=1):
        """Start the server and wait until it is ready (skip the test without .venv-triton)."""
        if not os.access(TRITON_PYTHON, os.X_OK):
            pytest.skip(f'no {TRITON_PYTHON}: the set-up builds it unless SUBTLE_DIFF_TRITON=0')
        self.ready_file = os.path.join(str(log_dir), f'ready-{time.monotonic_ns()}.json')
        self.log_path = self.ready_file.replace('.json', '.log')
        self._log = open(self.log_path, 'wb')
        env = {k: v for k, v in os.environ.items() if k != '_ROS_WHEELS_BOOTSTRAP_COMPLETE'}
        self.process = subprocess.Popen(
            [SERVE, 'serve', '--model', str(model_dir), '--offline', '--device', 'cpu',
             '--grpc-port', str(grpc_port), '--threads', str(threads), '--max-batch-size', '16',
             '--max-queue-delay-us', str(max_queue_delay_us), '--ready-file', self.ready_file,
             '--log-file', self.log_path.replace('.log', '-triton.log')],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        deadline = time.monotonic() + 180
        while not os.path.exists(self.ready_file):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f'subtle-diff serve did not start:\n{self.log()}')
            time.sleep(0.2)
        with open(self.ready_file, encoding='utf-8') as f:
            self.ready = json.load(f)
        self.url, self.port = self.ready['url'], self.ready['grpc_port']

    def log(self):
        """Return what the server printed so far."""
        with open(self.log_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def stop(self, timeout=30):
        """Stop the server with SIGTERM (its whole process group is killed after ``timeout``)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        try:  # leftovers of the group (tritonserver, its stubs), if any
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        self._log.close()
        return self.process.returncode

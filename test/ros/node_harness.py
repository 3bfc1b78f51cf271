# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Helpers of the node tests: the installed executables as subprocesses and a client node."""

import os
import signal
import subprocess
import time

from ament_index_python.packages import get_package_prefix
import numpy as np
from subtle_diff_ros.ros.client import camera_source as camera  # noqa: F401
from subtle_diff_ros.ros.client import DifferenceClient  # noqa: F401 (the tests' client)
from subtle_diff_ros.ros.client import inline_source as inline  # noqa: F401
from subtle_diff_ros.ros.client import reference_source as reference  # noqa: F401

# The installed executables where ROS finds them: the venv here, the colcon install space there.
EXECUTABLES = os.path.join(get_package_prefix('subtle_diff_ros'), 'lib', 'subtle_diff_ros')
SERVICE_TIMEOUT_S = 20.0


# The inspection plan of the ROS tests: the coffee cup on the camera called "camera"; PERIOD is
# the test's to fill in.
CUP_PLAN = """\
version: 1
assets:
  - name: cup
    object: cup
    camera: camera
    reference: cup_ref
    region: {box: [22, 0, 178, 158]}
    period: PERIOD
"""


def child_env():
    """Return the environment of a node subprocess: this run's domain, no bootstrap marker."""
    env = {k: v for k, v in os.environ.items() if k != '_ROS_WHEELS_BOOTSTRAP_COMPLETE'}
    env.setdefault('ROS_DOMAIN_ID', os.environ.get('ROS_DOMAIN_ID', '42'))
    env.setdefault('ROS_AUTOMATIC_DISCOVERY_RANGE', 'LOCALHOST')
    env.setdefault('ROS_LOG_DIR', os.path.join(os.path.dirname(__file__), '..', 'log', 'ros'))
    return env


class NodeProcess:
    """An installed executable running as a subprocess, stopped with SIGINT (then SIGKILL)."""

    def __init__(self, executable, *ros_args, log_path):
        """Start ``executable --ros-args <ros_args>``; its output goes to ``log_path``."""
        self.log_path = str(log_path)
        self._log = open(self.log_path, 'wb')
        self.process = subprocess.Popen(
            [os.path.join(EXECUTABLES, executable), '--ros-args', *ros_args],
            stdout=self._log, stderr=subprocess.STDOUT, env=child_env())

    def alive(self):
        """Return whether the process still runs."""
        return self.process.poll() is None

    def log(self):
        """Return what the process printed so far."""
        with open(self.log_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def stop(self):
        """Stop the process (Ctrl-C, then kill after 10 s); return its exit status."""
        if self.alive():
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()
        return self.process.returncode


def wait_until(condition, timeout=SERVICE_TIMEOUT_S, interval=0.05, what='condition'):
    """Poll ``condition()`` until it returns a true value, which is returned."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f'{what} not met in {timeout} s')


def small_pair(seed=0):
    """Return (photo, darker photo) of 160x120 pixels: a bright disc on a grey background."""
    rng = np.random.default_rng(seed)
    image = np.full((120, 160, 3), 90, np.uint8)
    yy, xx = np.mgrid[:120, :160]
    disc = (yy - 60) ** 2 + (xx - 80) ** 2 < 35 ** 2
    image[disc] = (200, 150, 60)
    image = np.clip(image + rng.normal(0, 2, image.shape), 0, 255).astype(np.uint8)
    darker = image.copy()
    darker[disc] = (darker[disc] * 0.75).astype(np.uint8)
    return image, darker

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
``subtle-diff serve``: run the image-text encoders of a checkpoint on a Triton server.

The server (``backends/remote/server.py``) needs PyTriton, whose bundled Triton Python backend
works only with numpy < 2, so it runs in a Python environment of its own: ``--python``, else
$SUBTLE_DIFF_SERVE_PYTHON, else the environment beside this one named like it plus ``-triton``
(the set-up builds ``.venv-triton`` beside ``.venv``), else this interpreter when it has PyTriton
and numpy < 2. Ctrl-C or SIGTERM stop the server cleanly.
"""

import importlib.util
import os
import signal
import socket
import subprocess
import sys

from ..backends.loading import check_model_path
from ..backends.remote.server import add_arguments
from ..core.errors import SubtleDiffError

SERVER_MODULE = 'subtle_diff_ros.backends.remote.server'


def register(subparsers):
    """Add the ``serve`` sub-command."""
    parser = subparsers.add_parser(
        'serve', help="serve a checkpoint's encoders on a Triton inference server",
        description='Start an NVIDIA Triton Inference Server (PyTriton) that encodes images and '
                    'texts with a checkpoint, for difference servers with backend triton and '
                    'inference_url grpc://HOST:GRPC_PORT. Triton batches concurrent requests.')
    add_arguments(parser)
    parser.add_argument('--python', default='',
                        help='Python of the environment with PyTriton (default: see above)')
    parser.set_defaults(func=run)


def _has_pytriton_here() -> bool:
    if importlib.util.find_spec('pytriton') is None:
        return False
    import numpy
    return int(numpy.__version__.split('.')[0]) < 2


def server_python(explicit: str = '') -> str:
    """Return the interpreter that runs the server, or raise SubtleDiffError saying how."""
    chosen = explicit or os.environ.get('SUBTLE_DIFF_SERVE_PYTHON', '')
    if chosen:
        if not os.access(chosen, os.X_OK):
            raise SubtleDiffError(f'{chosen} is not an executable Python')
        return chosen
    sibling = os.path.join(os.path.dirname(sys.prefix), os.path.basename(sys.prefix) + '-triton',
                           'bin', 'python')
    if os.access(sibling, os.X_OK):
        return sibling
    if _has_pytriton_here():
        return sys.executable
    raise SubtleDiffError(
        f'no Python environment with PyTriton was found (looked for {sibling}): run the set-up '
        '(make setup builds .venv-triton), or install nvidia-pytriton, "numpy<2", torch and '
        'transformers into an environment and pass its python with --python')


def server_command(args, python: str):
    """Return the command line that starts the server with the options of ``args``."""
    command = [python, '-m', SERVER_MODULE, '--model', args.model, '--device', args.device,
               '--host', args.host, '--grpc-port', str(args.grpc_port),
               '--http-port', str(args.http_port), '--metrics-port', str(args.metrics_port),
               '--max-batch-size', str(args.max_batch_size),
               '--max-queue-delay-us', str(args.max_queue_delay_us),
               '--threads', str(args.threads)]
    for flag, value in (('--ready-file', args.ready_file), ('--log-file', args.log_file)):
        if value:
            command += [flag, os.path.abspath(value)]
    return command + (['--offline'] if args.offline else [])


def _check_address(args) -> None:
    """
    Raise SubtleDiffError for a port out of range or a host that does not resolve.

    Checked before the server starts: it would announce a port it does not listen on, or fail
    with a traceback. (A port in use is not checked here: gRPC shares ports with SO_REUSEPORT,
    so a probe bind says nothing reliable about whether the server can listen there.)
    """
    for option, port, lowest in (('--grpc-port', args.grpc_port, 0),
                                 ('--http-port', args.http_port, 0),
                                 ('--metrics-port', args.metrics_port, -1)):
        if not lowest <= port <= 65535:
            raise SubtleDiffError(f'{option} {port} is not a port: use 0 to 65535 (0: a free '
                                  'one)')
    try:
        socket.getaddrinfo(args.host, None)
    except (socket.gaierror, UnicodeError) as exc:
        raise SubtleDiffError(f'--host {args.host!r} does not resolve ({exc})')


def run(args):
    """Start the server in its environment and wait for it; forward SIGINT and SIGTERM."""
    if args.max_batch_size < 1 or args.max_queue_delay_us < 0:
        raise SubtleDiffError('--max-batch-size must be at least 1 and --max-queue-delay-us '
                              'at least 0')
    check_model_path(args.model)
    _check_address(args)
    python = server_python(args.python)
    # The ROS wheels' start-up marker would break another environment's interpreter.
    env = {k: v for k, v in os.environ.items() if k != '_ROS_WHEELS_BOOTSTRAP_COMPLETE'}
    process = subprocess.Popen(server_command(args, python), env=env)

    def forward(signum, _frame):
        process.send_signal(signum)
    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                continue
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The ``main`` the package's lifecycle nodes share: start, autostart, spin, stop, exit status."""

import faulthandler
import sys
import traceback

import rclpy
from rclpy.exceptions import ParameterException
from rclpy.executors import ExternalShutdownException, MultiThreadedExecutor
from rclpy.lifecycle import TransitionCallbackReturn

from .message_memory import keep_freed_image_buffers
from ..backends.loading import first_line
from ..core.errors import SubtleDiffError

# Seconds the node may take to stop after Ctrl-C (its work released, its entities destroyed,
# the interpreter's exit); past them every thread's stack is printed and the process exits 1.
STOP_TIMEOUT_S = 8.0


def run_lifecycle_node(make_node, threads, args=None) -> int:
    """
    Run the node ``make_node()`` builds until Ctrl-C on a ``threads(node)``-thread executor.

    With its ``autostart`` parameter the node is configured and activated first. On Ctrl-C the
    node's work is released (its ``on_shutdown``: the lifecycle transition itself cannot run
    once rclpy is shut down), the executor and the node are destroyed, and a stop that hangs
    ends after STOP_TIMEOUT_S with the stacks of all threads printed. Returns 0, or 1 when a
    parameter has the wrong type or autostart cannot configure or activate the node (the
    reason is logged or printed on one line, without a traceback).
    """
    keep_freed_image_buffers()
    try:
        with rclpy.init(args=args):
            node = make_node()
            executor = MultiThreadedExecutor(num_threads=threads(node))
            try:
                if node.get_parameter('autostart').value:
                    for step, transition in (('configure', node.trigger_configure),
                                             ('activate', node.trigger_activate)):
                        if transition() != TransitionCallbackReturn.SUCCESS:
                            node.get_logger().fatal(f'could not {step}; see the error above')
                            return 1
                executor.add_node(node)
                executor.spin()
            finally:
                _stop(node, executor)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except ParameterException as exc:
        print(f'error: {str(exc).splitlines()[0]}', file=sys.stderr)
        return 1
    return 0


def log_failure(node, what: str, exc: BaseException) -> None:
    """
    Log on one line that ``what`` failed and why (the traceback at debug level).

    A SubtleDiffError says what was wrong; anything else is named with its type, so that a start
    that fails never says only "see the error above" with no error above it.
    """
    text = str(exc) if isinstance(exc, SubtleDiffError) else \
        f'internal error ({type(exc).__name__}: {first_line(exc)})'
    node.get_logger().error(f'{what} failed: {text}')
    node.get_logger().debug(traceback.format_exc())


def _stop(node, executor) -> None:
    """Release the node's work, then destroy the executor and the node, within a time limit."""
    faulthandler.dump_traceback_later(STOP_TIMEOUT_S, exit=True)
    node.on_shutdown(None)
    executor.shutdown(timeout_sec=STOP_TIMEOUT_S / 2)
    node.destroy_node()

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The ``main`` the package's lifecycle nodes share: start, autostart, spin, stop, exit status."""

import faulthandler
import signal
import sys
import threading
import time
import traceback

from rcl_interfaces.msg import SetParametersResult
import rclpy
from rclpy.exceptions import ParameterException
from rclpy.executors import MultiThreadedExecutor
from rclpy.lifecycle import TransitionCallbackReturn
from rclpy.signals import SignalHandlerOptions

from .message_memory import keep_freed_image_buffers
from ..backends.loading import first_line
from ..core.errors import SubtleDiffError

# Seconds the node may take to stop after Ctrl-C (its work released, its entities destroyed,
# the interpreter's exit); past them every thread's stack is printed and the process exits 1.
STOP_TIMEOUT_S = 8.0
# Longest the executor waits for work before it looks whether a stop was asked for (seconds).
SIGNAL_POLL_S = 0.1
# Time the callbacks the executor has handed to its threads get to end before it stops (s).
HANDED_WORK_S = 0.2


def run_lifecycle_node(make_node, threads, args=None) -> int:
    """
    Run the node ``make_node()`` builds until Ctrl-C on a ``threads(node)``-thread executor.

    With its ``autostart`` parameter the node is configured and activated first. On Ctrl-C (or
    SIGTERM) the node stops serving while the executor still runs, so that the answers it gives
    then (the difference server answers every request it holds) reach their clients; then its
    work is released (its ``on_shutdown``) and the executor and the node are destroyed (see
    ``_stop``); a stop that hangs ends after STOP_TIMEOUT_S with the stacks of all threads
    printed. Returns 0, or 1 when a parameter has the wrong type or autostart cannot configure
    or activate the node (the reason is logged or printed on one line, without a traceback).
    """
    keep_freed_image_buffers()
    stop = _StopRequest()
    try:
        # rclpy's own handlers would shut ROS down at once, before any answer could be sent.
        with rclpy.init(args=args, signal_handler_options=SignalHandlerOptions.NO), stop:
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
                stop.interrupt = False
                while not stop.requested.is_set():
                    executor.spin_once(timeout_sec=SIGNAL_POLL_S)
            finally:
                _stop(node, executor)
    except KeyboardInterrupt:
        pass
    except ParameterException as exc:
        print(f'error: {str(exc).splitlines()[0]}', file=sys.stderr)
        return 1
    return 0


class _StopRequest:
    """
    While entered, Ctrl-C and SIGTERM ask the spinning loop to stop (``requested``).

    While ``interrupt`` (at start-up, before the loop spins) the first of them also interrupts
    what runs, as Python does by default.
    """

    def __init__(self):
        self.requested = threading.Event()
        self.interrupt = True
        self._previous = {}

    def _handle(self, signum, frame):
        self.requested.set()
        if self.interrupt:
            self.interrupt = False  # a second signal does not interrupt the stop
            raise KeyboardInterrupt

    def __enter__(self):
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc):
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        return False


def checked_parameter_change(node, parameters, watched, check) -> SetParametersResult:
    """
    Return the answer to a runtime change of ``parameters``: refused as configure would refuse it.

    ``check(param)`` raises SubtleDiffError for values configure refuses; it is given the
    values the change would leave (the new ones, the node's for the others) when the change
    touches a ``watched`` parameter.
    """
    changed = {p.name: p.value for p in parameters}
    if not changed.keys() & set(watched):
        return SetParametersResult(successful=True)
    try:
        check(lambda name: changed[name] if name in changed else node.param(name))
    except SubtleDiffError as exc:
        return SetParametersResult(successful=False, reason=str(exc))
    return SetParametersResult(successful=True)


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
    """
    Stop the node within a time limit; no request it took is left without an answer.

    The node stops serving (``stop_serving``) while the executor spins, since the executor
    sends each answer after its handler returns; the executor then finishes what it runs (the
    answers being sent), and only then are the node's work released (``on_shutdown``) and the
    node destroyed: a service destroyed under an answer would drop it.
    """
    faulthandler.dump_traceback_later(STOP_TIMEOUT_S, exit=True)
    stopping = threading.Thread(target=node.stop_serving, name='stop serving')
    stopping.start()
    while stopping.is_alive():
        executor.spin_once(timeout_sec=SIGNAL_POLL_S)
    # What the last spin handed to the executor's threads runs before the executor stops:
    # rclpy destroys its guard condition under a callback still queued, which then fails.
    time.sleep(HANDED_WORK_S)
    executor.shutdown(timeout_sec=STOP_TIMEOUT_S / 2)
    node.on_shutdown(None)
    node.destroy_node()

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The ``main`` the package's lifecycle nodes share: start, autostart, spin, exit status."""

import sys

import rclpy
from rclpy.exceptions import ParameterException
from rclpy.executors import ExternalShutdownException, MultiThreadedExecutor
from rclpy.lifecycle import TransitionCallbackReturn

from .message_memory import keep_freed_image_buffers


def run_lifecycle_node(make_node, threads, args=None) -> int:
    """
    Run the node ``make_node()`` builds until Ctrl-C on a ``threads(node)``-thread executor.

    With its ``autostart`` parameter the node is configured and activated first. Returns 0, or
    1 when a parameter has the wrong type or autostart cannot configure or activate the node
    (the reason is logged or printed on one line, without a traceback).
    """
    keep_freed_image_buffers()
    try:
        with rclpy.init(args=args):
            node = make_node()
            if node.get_parameter('autostart').value:
                for step, transition in (('configure', node.trigger_configure),
                                         ('activate', node.trigger_activate)):
                    if transition() != TransitionCallbackReturn.SUCCESS:
                        node.get_logger().fatal(f'could not {step}; see the error above')
                        return 1
            executor = MultiThreadedExecutor(num_threads=threads(node))
            executor.add_node(node)
            executor.spin()
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except ParameterException as exc:
        print(f'error: {str(exc).splitlines()[0]}', file=sys.stderr)
        return 1
    return 0

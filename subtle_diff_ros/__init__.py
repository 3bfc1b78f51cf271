# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
See and say subtle differences between visually similar objects.

The package root and every module outside ``subtle_diff_ros.nodes`` are ROS-free: they import
neither rclpy nor any message package, so the core runs and tests without ROS.
"""

__version__ = '0.1.0'

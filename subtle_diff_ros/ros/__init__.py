# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""ROS 2 nodes: the difference server and a fake camera; the only modules that import rclpy."""

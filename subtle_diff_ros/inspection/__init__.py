# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Inspections over time: plans, one inspection, the history, trends and reports (ROS-free)."""

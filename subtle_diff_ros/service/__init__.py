# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
What the difference server does, without ROS: request checks, backends, camera frames, references.

The ROS node only converts messages; every decision about a request is taken here, so it is
tested without ROS and shared with benchmarks.
"""

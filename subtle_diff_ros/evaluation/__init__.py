# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Benchmarks on real photos: edits of known direction and magnitude, and their scoring."""

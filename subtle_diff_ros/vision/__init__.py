# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Pixels: reading images, colour science, finding the object, preparing pairs, changed regions.

A pair of images is prepared once (``pair.prepare_pair``: working copies, CIELAB, object masks
and one registration); measurement, localization and rendering all read that prepared pair.
"""

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Text understanding without a language model: sentences and commands to DifferenceQuery."""

from .parser import normalise_image_mentions, parse_difference

__all__ = ['normalise_image_mentions', 'parse_difference']

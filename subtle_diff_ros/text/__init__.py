# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Text understanding: sentences and commands to DifferenceQuery, rules first, an encoder last."""

from .parser import check_text, MAX_TEXT_LENGTH, parse_difference, raw_text_query
from .references import normalise_image_mentions

__all__ = ['check_text', 'MAX_TEXT_LENGTH', 'normalise_image_mentions', 'parse_difference',
           'raw_text_query']

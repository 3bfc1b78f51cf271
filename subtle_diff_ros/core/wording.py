# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Comparative sentences in the style of the Subtle-Diff human annotations."""

from typing import Optional

from .axes import AXES, hue_adjective

NO_DIFFERENCE = 'There is no noticeable difference in {attribute} between Image 1 and Image 2.'


def comparative_sentence(axis: str, direction: int, object_name: Optional[str] = None,
                         part: Optional[str] = None, hue: Optional[str] = None) -> str:
    """
    Return e.g. "The cup in Image 1 is darker than in Image 2." for brightness, -1.

    ``direction`` is about Image 1 relative to Image 2. For hue, ``hue`` is the canonical name
    of the colour Image 1 leans toward ("The cup in Image 1 is more reddish than in Image 2.").
    """
    if axis not in AXES:
        raise ValueError(f'unknown axis {axis!r}')
    if axis == 'hue':
        adjective = hue_adjective(hue)
        word = f'more {adjective}' if adjective else AXES[axis].comparative(direction)
    else:
        word = AXES[axis].comparative(direction)
    thing = object_name.strip() if object_name and object_name.strip() else 'object'
    if part:
        return f'The {part} of the {thing} in Image 1 is {word} than in Image 2.'
    return f'The {thing} in Image 1 is {word} than in Image 2.'


def no_difference_sentence(attribute: str) -> str:
    """Return the explicit abstention sentence for an attribute."""
    return NO_DIFFERENCE.format(attribute=attribute)

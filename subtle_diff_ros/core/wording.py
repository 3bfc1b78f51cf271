# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Comparative sentences in the style of the Subtle-Diff human annotations."""

from typing import Optional

from .axes import AXES, hue_adjective, PART_AXES

NO_DIFFERENCE = 'There is no noticeable difference in {attribute} between Image 1 and Image 2.'


def comparative_sentence(axis: str, direction: int, object_name: Optional[str] = None,
                         part: Optional[str] = None, hue: Optional[str] = None) -> str:
    """
    Return e.g. "The cup in Image 1 is darker than in Image 2." for brightness, -1.

    ``direction`` is about Image 1 relative to Image 2. For hue, ``hue`` is the canonical name
    of the colour Image 1 leans toward ("The cup in Image 1 is more reddish than in Image 2.").
    The part axes need ``part``: "The kettle in Image 1 has a lid, unlike in Image 2." (presence)
    and "The remote in Image 1 has more buttons than in Image 2." (count).
    """
    if axis not in AXES:
        raise ValueError(f'unknown axis {axis!r}')
    if axis in PART_AXES:
        return _part_sentence(axis, direction, object_name, part)
    if axis == 'hue':
        adjective = hue_adjective(hue)
        word = f'more {adjective}' if adjective else AXES[axis].comparative(direction)
    else:
        word = AXES[axis].comparative(direction)
    thing = object_name.strip() if object_name and object_name.strip() else 'object'
    if part:
        return f'The {part} of the {thing} in Image 1 is {word} than in Image 2.'
    return f'The {thing} in Image 1 is {word} than in Image 2.'


def _part_sentence(axis: str, direction: int, object_name: Optional[str],
                   part: Optional[str]) -> str:
    """Return the sentence of a presence or count difference of ``part``."""
    if not part:
        raise ValueError(f'a {axis} sentence needs the part')
    thing = object_name.strip() if object_name and object_name.strip() else 'object'
    if axis == 'count':
        word = AXES[axis].comparative(direction)
        return f'The {thing} in Image 1 has {word} {part} than in Image 2.'
    if direction > 0:
        return f'The {thing} in Image 1 has {indefinite(part)}{part}, unlike in Image 2.'
    return f'The {thing} in Image 1 has no {part}, unlike in Image 2.'


def indefinite(noun: str) -> str:
    """Return the article before ``noun``: none for plurals ("thorns"), else "a " or "an "."""
    if noun.endswith('s') and not noun.endswith('ss'):
        return ''
    return 'an ' if noun[:1].lower() in 'aeiou' else 'a '


def no_difference_sentence(attribute: str) -> str:
    """Return the explicit abstention sentence for an attribute."""
    return NO_DIFFERENCE.format(attribute=attribute)

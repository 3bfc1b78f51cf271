# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The parsed form of a difference sentence or a robot command."""

from dataclasses import asdict, dataclass
from typing import Optional, Union

# Subject values: 1 or 2 for "Image 1/2 is ...", ASKED for commands ("pick the rounder cup").
ASKED = 'asked'


@dataclass(frozen=True)
class DifferenceQuery:
    """
    What a difference sentence says, ready for selection and measurement.

    attribute: 'color', 'shape' or 'texture'.
    axis: the measured quantity, e.g. 'brightness', 'roundness', 'glossiness'.
    direction: +1 when the subject has more of the axis than the other image, -1 when less.
    subject: 1 or 2 (the image the sentence describes), or ASKED (the one a command asks for).
    object: the object noun ('cup'), or None when the sentence names none.
    part: the named part ('handle'), or None.
    positive_text: a short text true of the subject ("dark-colored cup").
    negative_text: the opposing text, true of the other image ("light-colored cup").
    hue: for hue changes, the colour the subject moves toward ('red'), else None.
    text: the sentence as given.
    """

    attribute: str
    axis: str
    direction: int
    subject: Union[int, str]
    object: Optional[str]  # noqa: A003 (the field name of the JSON and message forms)
    part: Optional[str]
    positive_text: str
    negative_text: str
    hue: Optional[str] = None
    text: str = ''

    def to_dict(self):
        """Return the JSON form used by ``subtle-diff parse`` and the services."""
        d = asdict(self)
        d.pop('text')
        if d['hue'] is None:
            d.pop('hue')
        return d

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The axes along which two objects can differ: one table shared by parsing, scoring and wording.

Each axis belongs to one Subtle-Diff attribute (the paper's Table I) and has two poles: ``more``
is what the subject has when the direction is +1, ``less`` when it is -1.
"""

from dataclasses import dataclass
from typing import Dict, Tuple

from .errors import SubtleDiffError


@dataclass(frozen=True)
class Axis:
    """
    One axis of difference.

    name: canonical axis name (used in JSON and ROS messages).
    attribute: 'color', 'shape' or 'texture'.
    more / less: comparative words for direction +1 / -1 ("darker" is brightness, less).
    pole_more / pole_less: short adjective phrases for image-text probing of each pole.
    """

    name: str
    attribute: str
    more: str
    less: str
    pole_more: str
    pole_less: str

    def comparative(self, direction):
        """Return the comparative word for a direction (+1 or -1)."""
        return self.more if direction > 0 else self.less

    def poles(self, direction):
        """Return (subject pole, opposite pole) phrases for a direction."""
        if direction > 0:
            return self.pole_more, self.pole_less
        return self.pole_less, self.pole_more


AXES: Dict[str, Axis] = {a.name: a for a in (
    Axis('brightness', 'color', 'brighter', 'darker', 'light-colored', 'dark-colored'),
    Axis('saturation', 'color', 'more saturated', 'less saturated',
         'vividly colored', 'pale, washed-out'),
    Axis('hue', 'color', 'different in hue', 'different in hue', 'colored', 'colored'),
    Axis('warmth', 'color', 'warmer', 'cooler', 'warm-toned', 'cool-toned'),
    Axis('roundness', 'shape', 'rounder', 'more angular', 'round', 'angular'),
    Axis('sharpness', 'shape', 'sharper', 'blunter', 'sharp, pointed', 'blunt, rounded-off'),
    Axis('curvature', 'shape', 'more curved', 'straighter', 'curved', 'straight'),
    Axis('width', 'shape', 'wider', 'narrower', 'wide', 'narrow'),
    Axis('length', 'shape', 'longer', 'shorter', 'long', 'short'),
    Axis('height', 'shape', 'taller', 'lower', 'tall', 'low'),
    Axis('size', 'shape', 'larger', 'smaller', 'large', 'small'),
    Axis('thickness', 'shape', 'thicker', 'thinner', 'thick', 'thin'),
    Axis('roughness', 'texture', 'rougher', 'smoother', 'rough-textured', 'smooth'),
    Axis('glossiness', 'texture', 'glossier', 'more matte', 'glossy, shiny', 'matte'),
)}

# The axis measured first for each attribute when a caller names only the attribute.
ATTRIBUTE_AXES: Dict[str, Tuple[str, ...]] = {
    'color': ('brightness', 'saturation', 'hue', 'warmth'),
    'shape': ('roundness', 'width', 'length', 'height', 'size', 'sharpness', 'curvature',
              'thickness'),
    'texture': ('roughness', 'glossiness'),
}


def require_attribute(attribute: str) -> str:
    """Return ``attribute`` if it is 'color', 'shape' or 'texture'; else raise SubtleDiffError."""
    if attribute not in ATTRIBUTE_AXES:
        raise SubtleDiffError(f'unknown attribute {attribute!r}: expected one of '
                              f'{", ".join(ATTRIBUTE_AXES)}')
    return attribute

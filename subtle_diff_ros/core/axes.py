# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The axes along which two objects can differ, and the hues: one table for parsing, scoring, wording.

Each axis belongs to one Subtle-Diff attribute (the paper's Table I) and has two poles: ``more``
is what the subject has when the direction is +1, ``less`` when it is -1. Two axes are about a
named part rather than the whole object (``PART_AXES``, the "presence of component parts" of
Table I): ``presence`` (+1: the subject has the part, the other lacks it) and ``count`` (+1: the
subject has more of the part, "more buttons"). Each hue has the
adjective that words it ("more reddish"), a prototype sRGB colour that places it on the colour
wheel, the hue opposite it (for text pairs) and the words that name it.
"""

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from .errors import SubtleDiffError

ATTRIBUTES = ('color', 'shape', 'texture')


@dataclass(frozen=True)
class Axis:
    """
    One axis of difference.

    name: canonical axis name (used in JSON and ROS messages).
    attribute: 'color', 'shape' or 'texture'.
    more / less: comparative words for direction +1 / -1, the one used in sentences first
        ("darker" is brightness, less); later ones are other common wordings.
    pole_more / pole_less: short adjective phrases for image-text probing of each pole.
    """

    name: str
    attribute: str
    more: Tuple[str, ...]
    less: Tuple[str, ...]
    pole_more: str
    pole_less: str

    def comparative(self, direction: int) -> str:
        """Return the comparative word of sentences for a direction (+1 or -1)."""
        return self.comparatives(direction)[0]

    def comparatives(self, direction: int) -> Tuple[str, ...]:
        """Return every listed comparative wording for a direction (+1 or -1)."""
        return self.more if direction > 0 else self.less

    def poles(self, direction: int) -> Tuple[str, str]:
        """Return (subject pole, opposite pole) phrases for a direction."""
        if direction > 0:
            return self.pole_more, self.pole_less
        return self.pole_less, self.pole_more


AXES: Dict[str, Axis] = {a.name: a for a in (
    Axis('brightness', 'color', ('brighter', 'lighter'), ('darker',), 'light-colored',
         'dark-colored'),
    Axis('saturation', 'color', ('more saturated', 'more vivid'), ('less saturated',),
         'vividly colored', 'pale, washed-out'),
    Axis('hue', 'color', ('different in hue',), ('different in hue',), 'colored', 'colored'),
    Axis('warmth', 'color', ('warmer',), ('cooler',), 'warm-toned', 'cool-toned'),
    Axis('roundness', 'shape', ('rounder',), ('more angular',), 'round', 'angular'),
    Axis('sharpness', 'shape', ('sharper',), ('blunter',), 'sharp, pointed',
         'blunt, rounded-off'),
    Axis('curvature', 'shape', ('more curved',), ('straighter',), 'curved', 'straight'),
    Axis('width', 'shape', ('wider',), ('narrower',), 'wide', 'narrow'),
    Axis('length', 'shape', ('longer',), ('shorter',), 'long', 'short'),
    Axis('height', 'shape', ('taller',), ('lower',), 'tall', 'low'),
    Axis('size', 'shape', ('larger', 'bigger'), ('smaller',), 'large', 'small'),
    Axis('thickness', 'shape', ('thicker',), ('thinner',), 'thick', 'thin'),
    Axis('roughness', 'texture', ('rougher',), ('smoother',), 'rough-textured', 'smooth'),
    Axis('glossiness', 'texture', ('glossier', 'shinier'), ('more matte',), 'glossy, shiny',
         'matte'),
    # Poles of the part axes go before the part: "kettle with a lid" / "kettle without a lid",
    # "remote with more buttons" / "remote with fewer buttons".
    Axis('presence', 'shape', ('has',), ('lacks',), 'with', 'without'),
    Axis('count', 'shape', ('more',), ('fewer',), 'with more', 'with fewer'),
)}

# Axes about a named part (is it there, how many): the query must name the part, and no
# measurement of the whole object can judge them.
PART_AXES = ('presence', 'count')

# The axes of each attribute, in the order they are measured and probed (not the part axes).
ATTRIBUTE_AXES: Dict[str, Tuple[str, ...]] = {
    'color': ('brightness', 'saturation', 'hue', 'warmth'),
    'shape': ('roundness', 'width', 'length', 'height', 'size', 'sharpness', 'curvature',
              'thickness'),
    'texture': ('roughness', 'glossiness'),
}


@dataclass(frozen=True)
class Hue:
    """
    A named hue.

    name: canonical name ('red').
    adjective: how sentences and text pairs word it ("more reddish", "reddish cup").
    rgb: a prototype sRGB colour; its CIELAB hue angle places the hue on the colour wheel.
    opposite: the hue across the colour wheel, or None for a neutral (worded ``NEUTRAL``).
    words: base forms naming it; comparatives: forms that compare by themselves ("redder").
    direction: whether the hue is a direction a colour can move toward (brown names a colour,
        a dark orange, rather than a direction).
    """

    name: str
    adjective: str
    rgb: Tuple[int, int, int]
    opposite: Optional[str]
    words: Tuple[str, ...]
    comparatives: Tuple[str, ...]
    direction: bool = True


HUES: Dict[str, Hue] = {h.name: h for h in (
    Hue('red', 'reddish', (220, 20, 30), 'green',
        ('red', 'reddish', 'reddy', 'crimson', 'scarlet', 'maroon', 'burgundy'), ('redder',)),
    Hue('orange', 'orange', (255, 120, 0), 'blue',
        ('orange', 'orangish', 'orangey', 'orangy', 'amber'), ('oranger',)),
    Hue('yellow', 'yellowish', (250, 220, 0), 'blue',
        ('yellow', 'yellowish', 'yellowy', 'gold', 'golden', 'goldish', 'brass'),
        ('yellower', 'golder')),
    Hue('green', 'greenish', (30, 160, 40), 'red', ('green', 'greenish', 'greeny'), ('greener',)),
    Hue('cyan', 'cyan', (0, 190, 200), 'red', ('cyan', 'teal', 'turquoise'), ()),
    Hue('blue', 'bluish', (30, 60, 220), 'yellow', ('blue', 'bluish', 'blueish', 'bluey', 'navy'),
        ('bluer',)),
    Hue('purple', 'purplish', (130, 40, 160), 'yellow',
        ('purple', 'purplish', 'purply', 'violet', 'lavender', 'magenta'),
        ('purpler',)),
    Hue('pink', 'pinkish', (250, 120, 180), 'green', ('pink', 'pinkish', 'pinky', 'rosy'),
        ('pinker',)),
    Hue('brown', 'brownish', (140, 80, 30), None,
        ('brown', 'brownish', 'browny', 'tan', 'beige', 'mahogany', 'bronze', 'copper',
         'rust-colored', 'sandy', 'tawny'), ('browner', 'brownier'), direction=False),
)}
# How the neutral opposite of a non-directional hue is worded ("brownish" against "grayish").
NEUTRAL = 'grayish'
# Colour words that are not hues: (lightness sign, colourfulness sign) of what they ask for.
ACHROMATIC: Dict[str, Tuple[float, float]] = {
    'white': (1.0, -1.0), 'black': (-1.0, -1.0), 'grey': (0.0, -1.0), 'gray': (0.0, -1.0),
    'silver': (0.0, -1.0)}
_HUE_BY_WORD = {word: hue.name for hue in HUES.values() for word in hue.words + hue.comparatives}


def hue_of_word(word: str) -> Optional[str]:
    """Return the canonical hue a colour word names ('reddish' -> 'red'), or None."""
    return _HUE_BY_WORD.get(word.strip().lower())


def hue_adjective(hue: Optional[str]) -> Optional[str]:
    """Return the adjective of a canonical hue name, or None for None or an unknown name."""
    return HUES[hue].adjective if hue in HUES else None


def opposite_adjective(hue: str) -> str:
    """Return the adjective of the hue across the wheel from ``hue`` (a neutral for brown)."""
    opposite = HUES[hue].opposite
    return HUES[opposite].adjective if opposite else NEUTRAL


def require_attribute(attribute: str) -> str:
    """Return ``attribute`` if it is 'color', 'shape' or 'texture'; else raise SubtleDiffError."""
    if attribute not in ATTRIBUTE_AXES:
        raise SubtleDiffError(f'unknown attribute {attribute!r}: expected one of '
                              f'{", ".join(ATTRIBUTE_AXES)}')
    return attribute

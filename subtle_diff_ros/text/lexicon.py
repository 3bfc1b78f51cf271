# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Word forms that name a difference: each form maps to senses on the axes of ``core.axes.AXES``.

A sense says which axis a word moves and which way (+1: the described thing has more of the
axis). A word may have one sense per attribute ("brighter" is brightness for colour but
glossiness for texture; "smooth corners" are round, a "smooth surface" is not rough); the first
sense listed is the one used when no attribute hint is given.
"""

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from ..core.axes import AXES, HUES


@dataclass(frozen=True)
class Sense:
    """
    One meaning of a word form.

    axis: canonical axis name (a key of ``AXES``).
    direction: +1 when the word says "more of the axis", -1 when it says "less".
    comparative: True for forms that compare by themselves ("darker", "glossier").
    hue: for hue words, the canonical colour the word leans toward ('red'), else None.
    """

    axis: str
    direction: int
    comparative: bool
    hue: Optional[str] = None

    @property
    def attribute(self):
        """Return the Subtle-Diff attribute of the sense's axis."""
        return AXES[self.axis].attribute


# (base forms, comparative forms, axis, direction): comparative forms include the spelling
# slips seen in the Subtle-Diff annotations ("shiner", "shinny", "gleammer", "pointee").
# Rows are grouped by attribute; a form listed under several attributes has one sense for each.
_COLOR_WORDS = (
    (('bright', 'light', 'lightened', 'light-colored', 'light-coloured', 'pastel'),
     ('brighter', 'lighter', 'brightest', 'lightest'), 'brightness', 1),
    (('white', 'whitish', 'pale-colored'), ('whiter',), 'brightness', 1),
    (('dark', 'darkened', 'dark-colored', 'dark-coloured', 'dim', 'deep', 'shadowy'),
     ('darker', 'dimmer', 'deeper', 'darkest'), 'brightness', -1),
    (('black', 'blackish'), ('blacker',), 'brightness', -1),
    (('vibrant', 'vivid', 'colorful', 'colourful', 'saturated', 'intense', 'rich',
      'multicolor', 'multicolored', 'multicolour', 'multicoloured'),
     ('richer', 'vivider'), 'saturation', 1),
    (('pale', 'faded', 'washed-out', 'dull', 'muted', 'desaturated', 'gray', 'grey',
      'grayish', 'greyish', 'silver', 'silvery'),
     ('paler', 'duller', 'grayer', 'greyer'), 'saturation', -1),
    (('warm', 'warm-toned'), ('warmer',), 'warmth', 1),
    (('cool', 'cold', 'cool-toned'), ('cooler', 'colder'), 'warmth', -1),
)

_SHAPE_WORDS = (
    (('round', 'rounded', 'circular', 'circle', 'oval', 'inflated', 'puffy', 'spherical',
      'bulging', 'bulge', 'bulgy', 'bulged', 'domed', 'semicircular', 'smooth'),
     ('rounder', 'roundier', 'bulgier'), 'roundness', 1),
    (('angular', 'rectangular', 'rectangle', 'square', 'squared', 'boxy', 'triangular',
      'box-shaped', 'boxlike', 'edges', 'oblong', 'pentagon', 'hexagon', 'cornered', 'blocky'),
     ('squarer', 'boxier'), 'roundness', -1),
    (('sharp', 'pointed', 'pointy', 'pointee', 'spiky', 'tapered', 'pointedness', 'pointed-tip'),
     ('sharper', 'pointier', 'spikier'), 'sharpness', 1),
    (('blunt', 'dull'), ('blunter', 'duller'), 'sharpness', -1),
    (('curved', 'curvy', 'curve', 'curves', 'curvature', 'curvatures', 'bent', 'crooked',
      'wavy', 'waves', 'wave', 'spiral', 'arched', 'arch', 'arc', 'concave', 'convex', 'bumpy',
      'uneven', 'irregular', 'wrinkled', 'folds', 'folded', 'twisted', 'hooked'),
     ('curvier', 'bumpier', 'wavier', 'curlier'), 'curvature', 1),
    (('straight', 'flat', 'flattened'), ('straighter', 'flatter'), 'curvature', -1),
    (('wide', 'broad', 'fat', 'plump', 'chubby', 'stout', 'wider-set'),
     ('wider', 'broader', 'fatter', 'plumper', 'chubbier', 'stouter'), 'width', 1),
    (('narrow', 'slim', 'slender', 'skinny'),
     ('narrower', 'slimmer', 'skinnier', 'fitter', 'slenderer'), 'width', -1),
    (('long', 'lengthy', 'elongated'), ('longer', 'lengthier'), 'length', 1),
    (('short', 'stubby'), ('shorter', 'stubbier'), 'length', -1),
    (('tall', 'high'), ('taller', 'higher'), 'height', 1),
    (('low', 'squat'), ('lower', 'squatter'), 'height', -1),
    (('big', 'large', 'huge', 'bulky', 'enlarged', 'oversized', 'massive'),
     ('bigger', 'larger', 'bulkier', 'huger'), 'size', 1),
    (('small', 'tiny', 'compact', 'miniature'), ('smaller', 'tinier'), 'size', -1),
    (('thick', 'chunky'), ('thicker', 'chunkier'), 'thickness', 1),
    (('thin',), ('thinner',), 'thickness', -1),
)

_TEXTURE_WORDS = (
    (('rough', 'coarse', 'grainy', 'bumpy', 'lumpy', 'rusty', 'gritty', 'uneven', 'textured',
      'fibrous', 'spiky', 'wrinkled', 'rugged', 'jagged', 'porous', 'scratched', 'cracked',
      'roughness', 'rough-textured'),
     ('rougher', 'coarser', 'grainier', 'bumpier', 'lumpier', 'rustier', 'grittier'),
     'roughness', 1),
    (('smooth', 'soft', 'silky', 'velvety', 'sleek', 'smoothness'),
     ('smoother', 'softer', 'silkier', 'sleeker'), 'roughness', -1),
    (('glossy', 'gloss', 'shiny', 'shine', 'shinny', 'polished', 'gleaming', 'gleam',
      'glimmer', 'glimmering', 'glistening', 'shimmering', 'shimmery', 'reflective',
      'lustrous', 'glassy', 'glazed', 'varnished', 'lacquered', 'waxy', 'bright', 'sheen',
      'glossiness', 'shininess'),
     ('glossier', 'shinier', 'shiner', 'gleammer', 'brighter', 'waxier'), 'glossiness', 1),
    (('matte', 'matt', 'matte-finished', 'matte-finish', 'dull', 'dim', 'milky', 'dry',
      'frosted', 'flat', 'unpolished', 'chalky', 'dusty'),
     ('duller', 'dimmer', 'milkier', 'dustier', 'chalkier'), 'glossiness', -1),
)

HUE_ADJECTIVES = {
    'red': 'reddish', 'orange': 'orange-tinted', 'yellow': 'yellowish', 'green': 'greenish',
    'blue': 'bluish', 'purple': 'purplish', 'pink': 'pinkish', 'brown': 'brownish',
    'gold': 'golden', 'gray': 'grayish', 'silver': 'silvery',
}
MORE_WORDS = frozenset(('more', 'most', 'greater'))
LESS_WORDS = frozenset(('less', 'least', 'fewer', 'lesser'))
NEGATION_WORDS = frozenset(('not', 'no', 'never', 'hardly', 'barely', 'nor'))


# Forms whose usual meaning, when no attribute hint is given, is not their first listed sense.
_DEFAULT_ATTRIBUTE = {
    'smooth': 'texture', 'bumpy': 'texture', 'bumpier': 'texture', 'uneven': 'texture',
    'wrinkled': 'texture', 'spiky': 'texture', 'dull': 'texture', 'duller': 'texture',
}


def _build():
    lexicon: Dict[str, Tuple[Sense, ...]] = {}

    def add(form, sense):
        senses = lexicon.setdefault(form, ())
        if any(s.attribute == sense.attribute for s in senses):
            return
        if _DEFAULT_ATTRIBUTE.get(form) == sense.attribute:
            lexicon[form] = (sense,) + senses
        else:
            lexicon[form] = senses + (sense,)

    for table in (_COLOR_WORDS, _SHAPE_WORDS, _TEXTURE_WORDS):
        for bases, comparatives, axis, direction in table:
            for form in bases:
                add(form, Sense(axis, direction, False))
            for form in comparatives:
                add(form, Sense(axis, direction, True))
    for hue in HUES.values():
        for form in hue.words:
            add(form, Sense('hue', 1, False, hue.name))
        for form in hue.comparatives:
            add(form, Sense('hue', 1, True, hue.name))
    return lexicon


# Every known form -> its senses, the default (colour, then shape, then texture) first.
LEXICON: Dict[str, Tuple[Sense, ...]] = _build()

# The names the axes go by in commands and questions ("the one with more roughness").
for _name in AXES:
    if _name != 'hue' and _name not in LEXICON:
        LEXICON[_name] = (Sense(_name, 1, False),)
LEXICON.setdefault('pointedness', (Sense('sharpness', 1, False),))
del _name


def senses_for(form: str) -> Tuple[Sense, ...]:
    """Return the senses of a lower-case word form, or () when it names no difference."""
    return LEXICON.get(form, ())

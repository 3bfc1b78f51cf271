# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Words of colour that here say how a thing feels: its temperature or its weight.

"The warmer mug" is a colour (a warmer tone), but "the warmer cup of coffee", "the colder drink
from the fridge" and "the warmer blanket" mean how hot or how insulating; "the lighter box, my
back hurts" and "the lighter dumbbell" mean the weight. A photo shows neither, so such a word
names no difference the images can answer (``felt_quality``). A word of the look said with it
("a warmer tone", "looks colder", "a lighter colour") keeps it a colour.
"""

from typing import Optional, Sequence

# Temperature words and weight words (the forms the parser reads).
_TEMPERATURE_WORDS = frozenset((
    'warm', 'warmer', 'warmest', 'cold', 'colder', 'coldest', 'cool', 'cooler', 'coolest', 'hot',
    'hotter', 'hottest', 'chilled', 'chillier', 'icier', 'iced', 'tepid', 'lukewarm'))
_WEIGHT_WORDS = frozenset(('light', 'lighter', 'lightest'))

# Things whose warmth is felt, not seen: drinks and food, and what keeps people warm.
_FELT_WARM = frozenset((
    'coffee', 'tea', 'drink', 'drinks', 'beer', 'beers', 'lager', 'wine', 'soup', 'soups',
    'water', 'milk', 'juice', 'soda', 'sodas', 'pop', 'cocoa', 'latte', 'espresso', 'cappuccino',
    'broth', 'stew', 'porridge', 'food', 'meal', 'dinner', 'lunch', 'pizza', 'bath', 'shower',
    'blanket', 'blankets', 'duvet', 'quilt', 'gloves', 'mittens', 'jacket', 'coat', 'sweater',
    'jumper', 'hoodie', 'scarf', 'socks', 'beanie', 'fleece', 'radiator', 'heater', 'stove',
    'oven', 'fridge', 'freezer', 'microwave', 'microwaved', 'heated', 'reheated', 'touch',
    'temperature', 'degrees', 'thermometer', 'sip', 'cooling', 'cooled', 'ice'))
# Words that make a lighter thing a lighter weight.
_FELT_HEAVY = frozenset((
    'carry', 'carrying', 'carried', 'lift', 'lifting', 'lifted', 'back', 'heavy', 'heavier',
    'heaviest', 'weigh', 'weighs', 'weighed', 'weight', 'weights', 'kg', 'kilo', 'kilos', 'kgs',
    'lb', 'lbs', 'pounds', 'grams', 'dumbbell', 'dumbbells', 'kettlebell', 'kettlebells',
    'barbell', 'barbells', 'hauling', 'haul'))
# Words of the look: with them the word is a colour.
_LOOK_WORDS = frozenset((
    'tone', 'toned', 'tones', 'colour', 'color', 'colours', 'colors', 'coloured', 'colored',
    'shade', 'shades', 'tint', 'tinted', 'hue', 'hues', 'white', 'whites', 'grey', 'gray',
    'beige', 'blue', 'glow', 'glows', 'cast', 'look', 'looks', 'looking', 'looked', 'appears',
    'appear', 'seems', 'seem', 'palette', 'finish', 'paint', 'painted', 'lit', 'lighting', 'wash',
    'filter'))


def felt_quality(words: Sequence[str], i: int) -> Optional[str]:
    """
    Return 'temperature' or 'weight' when ``words[i]`` says how a thing feels, else None.

    ``words``: the text's words as the parser reads them. The word is felt when the text names
    a felt thing ("coffee", "blanket") or a weight ("to carry", "dumbbell") and no word of the
    look ("tone", "looks", "colour", an image).
    """
    word = words[i]
    if word in _TEMPERATURE_WORDS:
        cues, kind = _FELT_WARM, 'temperature'
    elif word in _WEIGHT_WORDS:
        cues, kind = _FELT_HEAVY, 'weight'
    else:
        return None
    if any(w in _LOOK_WORDS for w in words):
        return None
    return kind if any(w in cues for k, w in enumerate(words) if k != i) else None

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Words of the look that here say how a thing feels, tastes or is: nothing a photo shows.

"The warmer mug" is a colour (a warmer tone), but "the warmer cup of coffee", "the colder drink
from the fridge" and "the warmer blanket" mean how hot or how insulating; "the lighter box, my
back hurts" and "the lighter dumbbell" mean the weight; "the softer pillow" the touch, "the
smoother whisky" the taste, "the brighter student" and "the darker story" a character. A photo
shows none of these, so such a word names no difference the images can answer
(``felt_quality``). A word of the look said with it ("a warmer tone", "looks colder", "a lighter
colour") keeps it a look.
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
# Lights, whose warmth is the colour of their light ("the lantern with the warmer light" in a tea
# room); not words of the look for weight ("the light one, my back hurts").
_LIGHTS = frozenset(('light', 'lights', 'lamp', 'lamps', 'bulb', 'bulbs', 'lantern', 'lanterns',
                     'led', 'leds', 'candle', 'candles', 'torch', 'flashlight', 'lightbulb'))


# Softness to the touch, of things made to be soft ("the softer pillow", "the squishier ball").
_TOUCH_WORDS = frozenset(('soft', 'softer', 'softest', 'squishy', 'squishier', 'squishiest',
                          'comfy', 'comfier', 'comfiest', 'plush', 'plusher', 'cuddlier',
                          'springier', 'firmer', 'firm', 'harder', 'hard'))
_FELT_SOFT = frozenset((
    'pillow', 'pillows', 'cushion', 'cushions', 'blanket', 'blankets', 'duvet', 'quilt', 'towel',
    'towels', 'mattress', 'sofa', 'couch', 'bed', 'teddy', 'plushie', 'toy', 'sweater', 'jumper',
    'hoodie', 'scarf', 'socks', 'slippers', 'ball', 'sponge', 'foam', 'bread', 'butter', 'seat',
    'touch', 'feel', 'sit', 'sleep', 'hug'))
# Taste and ride ("the smoother whisky", "the sharper cheese", "the smoother ride").
_TASTE_WORDS = frozenset(('smooth', 'smoother', 'smoothest', 'sharp', 'sharper', 'sharpest',
                          'mellower', 'mellow', 'bitter', 'bitterer'))
_TASTED = frozenset((
    'whisky', 'whiskey', 'bourbon', 'scotch', 'rum', 'gin', 'vodka', 'wine', 'wines', 'beer',
    'ale', 'lager', 'coffee', 'espresso', 'tea', 'cheese', 'cheddar', 'chocolate', 'taste',
    'tastes', 'flavour', 'flavor', 'palate', 'finish', 'ride', 'drive', 'sip', 'drink'))
# People and what is told or heard: their brightness, darkness or colour is their character.
_NOT_LOOKS = frozenset((
    'student', 'students', 'pupil', 'pupils', 'kid', 'kids', 'child', 'children', 'person',
    'people', 'guy', 'guys', 'teacher', 'colleague', 'friend', 'character', 'personality',
    'story', 'stories', 'tale', 'joke', 'jokes', 'mood', 'future', 'idea', 'ideas', 'voice',
    'music', 'song', 'songs', 'album', 'movie', 'film', 'humour', 'humor', 'outlook', 'plot',
    'past', 'attitude', 'sound'))
_CHARACTER_WORDS = frozenset((
    'bright', 'brighter', 'brightest', 'dark', 'darker', 'darkest', 'light', 'lighter', 'cool',
    'cooler', 'coolest', 'warm', 'warmer', 'warmest', 'colourful', 'colorful', 'dull', 'duller',
    'sharp', 'sharper', 'rough', 'rougher', 'smooth', 'smoother', 'cold', 'colder', 'vivid',
    'vivider', 'richer', 'deeper', 'flat', 'flatter', 'grey', 'greyer', 'gray', 'grayer'))


# Things named after what they hold or serve ("the sharper cheese knife", "the darker wine
# glass"): the thing seen, not the taste.
_THING_HEADS = frozenset((
    'knife', 'knives', 'board', 'boards', 'grater', 'graters', 'slicer', 'slicers', 'wire',
    'plane', 'fork', 'forks', 'spoon', 'spoons', 'glass', 'glasses', 'bottle', 'bottles', 'jar',
    'jars', 'tin', 'tins', 'box', 'boxes', 'dish', 'dishes', 'plate', 'plates', 'bowl', 'bowls',
    'cup', 'cups', 'mug', 'mugs', 'pot', 'pots', 'pan', 'pans', 'label', 'labels', 'wrapper',
    'wrappers', 'packet', 'packets', 'table', 'tables', 'grinder', 'grinders', 'machine',
    'maker', 'press', 'scoop', 'tray', 'trays', 'rack', 'racks', 'barrel', 'barrels', 'cask',
    'casks', 'cork', 'corks', 'can', 'cans', 'carton', 'cartons', 'stain', 'stains'))


def _head_after(words: Sequence[str], k: int) -> bool:
    """Return True when word ``k`` names what a thing is for, the word after it the thing."""
    return k + 1 < len(words) and words[k + 1] in _THING_HEADS


# (words said, words of the thing they are then said of, what they ask by)
_KINDS = ((_TEMPERATURE_WORDS, _FELT_WARM, 'temperature'), (_WEIGHT_WORDS, _FELT_HEAVY, 'weight'),
          (_TOUCH_WORDS, _FELT_SOFT, 'touch'), (_TASTE_WORDS, _TASTED, 'taste'),
          (_CHARACTER_WORDS, _NOT_LOOKS, 'character'))


def felt_quality(words: Sequence[str], i: int) -> Optional[str]:
    """
    Return what ``words[i]`` says of a thing that a photo does not show, else None.

    'temperature', 'weight', 'touch', 'taste' or 'character'. ``words``: the text's words as the
    parser reads them. The word is felt when the text names a felt thing ("coffee", "blanket",
    "pillow", "whisky"), a weight ("to carry", "dumbbell") or a person or story ("the brighter
    student", "the darker story"), and no word of the look ("tone", "looks", "colour").
    """
    word = words[i]
    for said, cues, kind in _KINDS:
        # a person, a story or a drink is the thing the word is said of ("the brighter
        # student", "the smoother whisky"), not one named elsewhere ("the kid in image 1 has a
        # darker shirt", "the coffee table is smoother")
        named = words[i + 1:i + 4] if kind in ('character', 'taste') else \
            words[:i] + words[i + 1:]
        served = kind == 'taste'  # "the sharper cheese knife": the knife, not the cheese
        if word in said and any(w in cues and not (served and _head_after(words, i + 1 + k))
                                for k, w in enumerate(named)):
            break
    else:
        return None
    if any(w in _LOOK_WORDS or (kind == 'temperature' and w in _LIGHTS) for w in words):
        return None
    return kind

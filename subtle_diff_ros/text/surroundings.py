# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Comparisons said of something beside the object: its surroundings, its light, or a neighbour.

"The cup on the darker background", "the mug against the lighter wall", "the cup under the warmer
lamp", "the cup casting the longer shadow" compare the background, the light or a shadow; "the
cup next to the darker one", "the mug left of the glossier bowl" compare a neighbour, and ask for
the thing only by where it stands. The images are compared on the object itself, so such a text
names no difference they can answer (``said_of_another``).
"""

from typing import Optional, Sequence

from ..core.axes import ACHROMATIC, HUES

# What is around the object, its light and its shadow: nouns that name no object to compare.
SCENE_NOUNS = frozenset((
    'background', 'backgrounds', 'backdrop', 'backdrops', 'wall', 'walls', 'table', 'tables',
    'tabletop', 'desk', 'counter', 'countertop', 'worktop', 'floor', 'ground', 'mat', 'tablecloth',
    'shelf', 'shelves', 'tray', 'lamp', 'lamps', 'light', 'lights', 'lighting', 'illumination',
    'shadow', 'shadows', 'sky', 'scene', 'room', 'setting', 'surroundings', 'spotlight', 'bench',
    'board', 'cloth', 'sheet', 'paper', 'carpet', 'rug'))
# What holds the object ("the cup in the red box"): its colour or size is not the object's.
_CONTAINERS = frozenset((
    'box', 'boxes', 'bag', 'bags', 'drawer', 'drawers', 'cupboard', 'cabinet', 'basket', 'bin',
    'crate', 'carton', 'case', 'packet', 'bucket', 'tub', 'rack', 'holder', 'stand', 'trolley',
    'cart', 'pallet', 'container'))
# Whom or what it is for or whose it is ("the cup for the smaller child", "the taller man's").
_OWNERS = frozenset((
    'man', 'woman', 'men', 'women', 'guy', 'girl', 'boy', 'child', 'children', 'kid', 'kids',
    'baby', 'person', 'people', 'player', 'brother', 'sister', 'dad', 'mum', 'mom', 'friend',
    'dog', 'cat', 'robot', 'customer', 'guest', 'worker', 'team'))
# Colour words that are no comparison but still say one thing's look ("on the red shelf").
_COLOUR_WORDS = frozenset(word for hue in HUES.values() for word in hue.words) | \
    frozenset(ACHROMATIC) | frozenset(('dark', 'light', 'pale', 'bright'))
# Of those, the ones that are never the object compared ("image 1's background is darker"); the
# light is, as people compare it ("the lighting in image 1 is warmer": the colour it gives).
_NEVER_OBJECTS = frozenset(('background', 'backgrounds', 'backdrop', 'backdrops', 'shadow',
                            'shadows', 'surroundings'))
# Words that place a thing by another: "next to", "left of", "in front of", "lit by".
_BY_ANOTHER = frozenset(('beside', 'besides', 'behind', 'near', 'nearer', 'nearest', 'against',
                         'under', 'underneath', 'beneath', 'below', 'above', 'atop', 'opposite',
                         'alongside', 'between'))
_BY_ANOTHER_PAIRS = frozenset((('next', 'to'), ('left', 'of'), ('right', 'of'), ('front', 'of'),
                               ('close', 'to'), ('closer', 'to'), ('closest', 'to'),
                               ('near', 'to'), ('nearer', 'to'), ('lit', 'by'), ('light', 'by'),
                               ('across', 'from'),
                               ('adjacent', 'to'), ('top', 'of')))
# Words that place a thing in or on its surroundings ("on the darker table", "in dimmer light").
_IN_SURROUNDINGS = frozenset(('on', 'in', 'onto', 'inside', 'at', 'from'))
# Words that give a thing its shadow or its background ("casting the longer shadow", "with the
# darker background"), which are not its own look.
_HAVING = frozenset(('with', 'casting', 'casts', 'cast', 'throwing', 'throws', 'has', 'have'))
_NOT_ITS_OWN = frozenset(('shadow', 'shadows', 'background', 'backgrounds', 'backdrop'))
# Words between such a word and the comparison ("next to the much darker one").
_BETWEEN = frozenset(('the', 'a', 'an', 'that', 'this', 'its', 'their', 'much', 'far', 'slightly',
                      'bit', 'little', 'lot', 'way', 'even', 'more', 'less', 'somewhat'))
# Words before the place word that make it no placing of the thing ("compared to", "next to
# image 2, ...": the sentence opens with what it is compared with).
_OPENERS = frozenset((',', ';', ':', '.', '!', '?', 'compared', 'relative', 'versus', 'vs'))
# Words of what the thing would do there, which make the surroundings say its look ("would fit
# under a lower shelf", "would disappear against a black sofa").
_WOULD = frozenset(('would', 'could', "wouldn't", "couldn't", 'fit', 'fits', 'disappear',
                    'disappears', 'blend', 'blends', 'spot', 'hide', 'hides', 'vanish'))


def said_of_another(words: Sequence[str], i: int, comparative: bool) -> Optional[str]:
    """
    Return the words naming what comparison ``words[i]`` is said of, when not the object.

    ``words``: the text's words as the parser reads them; ``comparative``: whether the word at
    ``i`` compares ("darker", "more glossy"), as a plain "dark" may say the object's look by its
    surroundings ("hard to spot against the dark belt"). The comparison follows a word that
    places the object by another thing ("next to", "behind", "against", "lit by") or in its
    surroundings ("on the darker table", "casting the longer shadow"); the object is named
    before that word in the same clause. None when the comparison is the object's own.
    """
    if i + 1 < len(words) and words[i + 1].endswith("'s") and \
            words[i + 1][:-2] in _OWNERS and i + 2 < len(words):
        return ' '.join(words[max(0, i - 1):i + 2])  # "the taller man's cup"
    k = i - 1
    while k >= 0 and words[k] in _BETWEEN:
        k -= 1
    if k < 1 or not (comparative or words[i] in _COLOUR_WORDS):
        return None
    if words[k] == 'for' and _thing_after(words, i) in _OWNERS:
        return ' '.join(words[k:i + 2])  # "the cup for the smaller child"
    start = k
    if k >= 2 and (words[k - 1], words[k]) in _BY_ANOTHER_PAIRS:
        start = k - 1
        if words[start] == 'front' and words[start - 1] == 'in':
            start -= 1
        elif words[start] in ('left', 'right') and words[start - 1] in ('the', 'to'):
            start -= 2 if words[start - 1] == 'the' and words[start - 2] == 'to' else 1
        by_another = True
    elif words[k] in _BY_ANOTHER:
        by_another = True
    elif words[k] in _IN_SURROUNDINGS | _HAVING:
        by_another = False
    else:
        return None
    if start < 1 or words[start - 1] in _OPENERS or any(w in _WOULD for w in words[:start]):
        return None
    thing = _thing_after(words, i)
    if not by_another and thing not in (_NOT_ITS_OWN if words[k] in _HAVING else
                                        SCENE_NOUNS | _CONTAINERS):
        return None
    return ' '.join(words[start:i + 1] + ([thing] if thing else []))


def _thing_after(words: Sequence[str], i: int) -> Optional[str]:
    """Return the noun that ends the phrase after word ``i``, if one follows within 3 words."""
    for word in words[i + 1:i + 4]:
        if word in SCENE_NOUNS or word in ('one', 'ones'):
            return word
        if not word.isalpha():
            return None
    return words[i + 1] if i + 1 < len(words) and words[i + 1].isalpha() else None


def scene_object(words: Sequence[str], obj: Optional[str], part: Optional[str]) -> Optional[str]:
    """
    Return the noun when the object or part compared is the background or a shadow, else None.

    ``words``: the text's words; what the thing would do there says its own look ("would vanish
    into the shadows").
    """
    if any(w in _WOULD for w in words):
        return None
    for phrase in (part, obj):
        last = (phrase or '').lower().split()[-1:] or ['']
        if last[0] in _NEVER_OBJECTS:
            return last[0]
    return None

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Tell a text in another language from English, so that it is refused rather than misread.

The parser reads English. A German "dunkler" is one slip away from an English word ("duller"),
so a sentence in German, French, Spanish, Italian or Dutch could be read as a confident, wrong
English one. Its function words give it away: articles, copulas, "than", "more", "image". A
text with at least two of those words that English does not have, and more of them than of
English function words, is not English. Words both languages have ("in", "die", "is", "a",
"image") count for neither side, so an English sentence with a typo or a name in it stays English.
"""

import re
from typing import List, Optional
import unicodedata

# Function words of German, French, Spanish, Italian and Dutch that are not English words
# (nor this parser's chat spellings), each language's word for "image" among them.
FOREIGN_WORDS = frozenset("""
    der das den dem des ist sind als und mit ein eine einer einem eines nicht mehr weniger
    bild bilder bildes auf wie zu von oder heller dunkler
    le les est dans que une du avec sont moins et qui sur
    el los las es mas más una uno con imagen menos del muy
    il è più nella nel immagine della dello meno gli sono
    de het een dan afbeelding meer minder imagem mais
""".split())

# English function words that the other languages do not share.
ENGLISH_WORDS = frozenset("""
    the an are was were than of with one and to that which this it its looks look has have
    more less picture photo pick take grab bring select choose
""".split())

_WORD = re.compile(r'[^\W\d_]+', re.UNICODE)


def foreign_words(text: str) -> List[str]:
    """
    Return the words that show ``text`` is not English (empty when it reads as English).

    See the module docstring: at least two foreign function words, outnumbering the English
    ones.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    foreign = [w for w in words if w in FOREIGN_WORDS]
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    if len(foreign) >= 2 and len(foreign) > english:
        return list(dict.fromkeys(foreign))
    return []


def foreign_script(text: str) -> Optional[str]:
    """
    Return the script a text is mostly written in when it is not Latin ('CYRILLIC'), else None.

    Mostly: more of its letters are in that script than in Latin (a Latin text with a word of
    another script, a name or a thank-you, stays English).
    """
    if text.isascii():
        return None
    counts = {}
    for ch in text:
        if ch.isalpha():
            script = unicodedata.name(ch, 'UNKNOWN').split()[0]
            counts[script] = counts.get(script, 0) + 1
    latin = counts.pop('LATIN', 0)
    if not counts:
        return None
    script, most = max(counts.items(), key=lambda item: item[1])
    return script if most > latin else None

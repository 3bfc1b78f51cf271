# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Comparative sentences in the style of the Subtle-Diff human annotations."""

import re
from typing import Optional
import unicodedata

from .axes import AXES, hue_adjective, PART_AXES
from .errors import quote, SubtleDiffError

NO_DIFFERENCE = 'There is no noticeable difference in {attribute} between Image 1 and Image 2.'


def comparative_sentence(axis: str, direction: int, object_name: Optional[str] = None,
                         part: Optional[str] = None, hue: Optional[str] = None) -> str:
    """
    Return e.g. "The cup in Image 1 is darker than in Image 2." for brightness, -1.

    ``direction`` is about Image 1 relative to Image 2. For hue, ``hue`` is the canonical name
    of the colour Image 1 leans toward ("The cup in Image 1 is more reddish than in Image 2."),
    or away from with direction -1 ("less reddish").
    The part axes need ``part``: "The kettle in Image 1 has a lid, unlike in Image 2." (presence)
    and "The remote in Image 1 has more buttons than in Image 2." (count).
    """
    if axis not in AXES:
        raise ValueError(f'unknown axis {axis!r}')
    if axis in PART_AXES:
        return _part_sentence(axis, direction, object_name, part)
    if axis == 'hue':
        adjective = hue_adjective(hue)
        word = (f'{"more" if direction > 0 else "less"} {adjective}' if adjective
                else AXES[axis].comparative(direction))
    else:
        word = AXES[axis].comparative(direction)
    thing = thing_name(object_name)
    if part:
        return f'The {part} of the {thing} in Image 1 {_be(part)} {word} than in Image 2.'
    return f'The {thing} in Image 1 {_be(thing)} {word} than in Image 2.'


def odd_characters(text: str) -> list:
    """
    Return the characters of ``text`` that are no plain text.

    Controls (tabs and line ends aside), surrogates, private use, and the replacement character
    that undecodable bytes become.
    """
    return [c for c in text if c == '\ufffd' or (unicodedata.category(c) in ('Cc', 'Cs', 'Co')
                                                 and c not in '\t\n\r')]


# Letters and marks that show as nothing yet are no format characters: the Hangul fillers, the
# blank Braille pattern, the combining grapheme joiner and Khmer's two inherent vowels.
BLANK_CHARACTERS = frozenset('\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5')
# Most combining marks in a row a one-line name takes (Vietnamese stacks two, Tibetan up to
# four); more pile up over the line.
MAX_COMBINING_MARKS = 4


def off_line_characters(text: str) -> list:
    """
    Return the characters of ``text`` that a one-line name has no use for.

    ``odd_characters``, or else line ends and line or paragraph separators, tabs, invisible
    format characters (direction marks, zero-width spaces, tags; a zero-width joiner or
    non-joiner only where it joins nothing), unassigned code points, BLANK_CHARACTERS, and the
    combining marks of a run longer than MAX_COMBINING_MARKS.
    """
    odd = odd_characters(text)
    if odd:
        return odd
    off, run = [], 0
    for i, c in enumerate(text):
        category = unicodedata.category(c)
        run = run + 1 if category in ('Mn', 'Me') else 0
        if c in _JOINERS and 0 < i < len(text) - 1 and _shown(text[i - 1]) and \
                _shown(text[i + 1]) and not (text[i - 1] + text[i + 1]).isascii():
            continue  # joining two characters: an emoji sequence, Persian or Hindi spelling
        if category in ('Cf', 'Cc', 'Cn', 'Zl', 'Zp') or c in BLANK_CHARACTERS or \
                run > MAX_COMBINING_MARKS:
            off.append(c)
    return off


# The zero-width joiner and non-joiner: part of the spelling between two characters of scripts
# and emoji that use them (between two ASCII letters they only make a look-alike name).
_JOINERS = frozenset('\u200c\u200d')


def _shown(c: str) -> bool:
    """Return True for a character that shows as something: a letter, mark, number or symbol."""
    return unicodedata.category(c)[0] in 'LMNS' and c not in BLANK_CHARACTERS


# Longest object name a caller may give a description.
MAX_OBJECT_NAME_LENGTH = 100
# "Image 2" as an object name: the sentence names the images itself ("The Image 2 in Image 1").
_IMAGE_REFERENCE = re.compile(r'\bimage[\W_]*\d', re.IGNORECASE)
# Words a name may start with that name nothing on their own ("The the in Image 1").
_ARTICLES = ('the', 'a', 'an')


def check_object_name(name) -> Optional[str]:
    """
    Return a caller's object name for a sentence, or None for no name ('' or None).

    Raises SubtleDiffError for what is no name to print: not text, over
    ``MAX_OBJECT_NAME_LENGTH`` characters, with characters ``off_line_characters`` finds, only
    articles ("the"), or naming an image ("Image 2").
    """
    if name is None:
        return None
    if not isinstance(name, str):
        raise SubtleDiffError(f'the object name must be text, not {type(name).__name__}')
    if len(name) > MAX_OBJECT_NAME_LENGTH:
        raise SubtleDiffError(f'the object name has {len(name)} characters, over the limit of '
                              f'{MAX_OBJECT_NAME_LENGTH}')
    odd = off_line_characters(name)
    if odd:
        stacked = unicodedata.category(odd[0]) in ('Mn', 'Me') and odd[0] not in BLANK_CHARACTERS
        what = (f'over {MAX_COMBINING_MARKS} combining marks in a row' if stacked else
                'a control, invisible or undecodable character')
        raise SubtleDiffError(f'the object name has {what} ({_code_point(odd[0])}): send plain '
                              'text such as "mug"')
    if name.strip() and not any(unicodedata.category(c)[0] in 'LNS' and c not in BLANK_CHARACTERS
                                and c not in '\ufe0e\ufe0f' for c in name):
        raise SubtleDiffError(f'the object name {quote(name)} shows nothing (only marks or '
                              'selectors): name the object, such as "mug"')
    words = unicodedata.normalize('NFKC', name).lower().split()
    if words and set(words) <= set(_ARTICLES):
        raise SubtleDiffError(f'the object name {quote(name)} is only an article: name the '
                              'object, such as "mug"')
    if _IMAGE_REFERENCE.search(unicodedata.normalize('NFKC', name)):
        raise SubtleDiffError(f'the object name {quote(name)} names an image; the sentence says '
                              '"Image 1" and "Image 2" itself: name the object, such as "mug"')
    return name.strip() or None


def _code_point(c: str) -> str:
    """Return e.g. 'U+3164 HANGUL FILLER' for a character shown in a message."""
    return f'U+{ord(c):04X} {unicodedata.name(c, "")}'.strip()


def thing_name(name: Optional[str]) -> str:
    """Return a user's name of the thing as a sentence takes it: one line, no article."""
    words = (name or '').split()
    if len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    return ' '.join(words) or 'object'


def is_plural(noun: str) -> bool:
    """Return True when the head of ``noun`` is plural ("mugs", "handles of X"; not "lens")."""
    words = noun.lower().split(' of ')[0].split()
    if not words:
        return False
    head = words[-1]
    from lemminflect import getAllLemmas
    lemmas = getAllLemmas(head).get('NOUN', ())
    if lemmas:
        return any(lemma != head for lemma in lemmas)
    return head.endswith('s') and not head.endswith('ss')


def agree(noun: str, singular: str, plural: str) -> str:
    """Return the verb form that agrees with ``noun`` ("is"/"are", "has"/"have")."""
    return plural if is_plural(noun) else singular


def _be(noun: str) -> str:
    return agree(noun, 'is', 'are')


def _part_sentence(axis: str, direction: int, object_name: Optional[str],
                   part: Optional[str]) -> str:
    """Return the sentence of a presence or count difference of ``part``."""
    if not part:
        raise ValueError(f'a {axis} sentence needs the part')
    thing = thing_name(object_name)
    has = 'have' if is_plural(thing) else 'has'
    if axis == 'count':
        word = AXES[axis].comparative(direction)
        return f'The {thing} in Image 1 {has} {word} {part} than in Image 2.'
    if direction > 0:
        return f'The {thing} in Image 1 {has} {indefinite(part)}{part}, unlike in Image 2.'
    return f'The {thing} in Image 1 {has} no {part}, unlike in Image 2.'


def indefinite(noun: str) -> str:
    """Return the article before ``noun``: none for plurals ("thorns"), else "a " or "an "."""
    if is_plural(noun):
        return ''
    return 'an ' if noun[:1].lower() in 'aeiou' else 'a '


def no_difference_sentence(attribute: str) -> str:
    """Return the explicit abstention sentence for an attribute."""
    return NO_DIFFERENCE.format(attribute=attribute)


# Changes below this many just-noticeable differences are "slight".
SLIGHT_JND = 2.0


def change_word(axis: str, direction: int, hue: Optional[str] = None) -> str:
    """Return the comparative of a change ('darker', 'more yellowish', 'different in colour')."""
    if axis == 'color_difference':
        return 'different in colour'
    adjective = hue_adjective(hue) if axis == 'hue' else None
    return f'more {adjective}' if adjective else AXES[axis].comparative(direction)


def _join(words) -> str:
    return words[0] if len(words) == 1 else ', '.join(words[:-1]) + ' and ' + words[-1]


def changes_phrase(changes) -> str:
    """
    Return e.g. 'darker and slightly more yellowish' for changes (axis, direction, JNDs, hue).

    The largest change comes first; one under ``SLIGHT_JND`` is "slightly" so.
    """
    ordered = sorted(changes, key=lambda c: -abs(c[2]))
    return _join([('slightly ' if abs(jnd) < SLIGHT_JND else '') + change_word(axis, d, hue)
                  for axis, d, jnd, hue in ordered])


def aging_sentence(thing: str, changes, delta_e: Optional[float], pending=()) -> str:
    """
    Return a sentence such as "The hinge is darker than at commissioning (ΔE 3.4).".

    ``changes``: the lasting or above-limit changes (axis, direction, JNDs, hue); ``pending``:
    those seen in this capture only, not yet lasting; ``delta_e``: CIEDE2000 of the mean colour
    against the reference.
    """
    colour = '' if delta_e is None else f' (ΔE {delta_e:.1f})'
    thing = thing_name(thing)
    plural = is_plural(thing)
    if changes:
        return (f'The {thing} {"are" if plural else "is"} {changes_phrase(changes)} than at '
                f'commissioning{colour}.')
    shows = 'show' if plural else 'shows'
    if pending:
        return (f'The {thing} {shows} no lasting change since commissioning; in this capture '
                f'{"they look" if plural else "it looks"} {changes_phrase(pending)}{colour}.')
    return f'The {thing} {shows} no lasting change since commissioning{colour}.'

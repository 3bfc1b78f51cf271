# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Tokens of a difference text and the senses of each word, hyphenated compounds included.

Each token keeps its character span in the text and the form the parser reads: lower-case, chat
spellings expanded ("w" -> "with"), slips and inflections read as lexicon forms
(``spelling.known_form``: "drker" -> "darker"), a "-ly" adverb joined to the participle
after it ("brightly coloured" -> "brightly-coloured"), a colour or texture adverb after
"more" or "less" read as its adjective ("glows more warmly": warm), and an adverb of degree the
lexicon does not list read as one it does ("markedly": noticeably).
"""

from dataclasses import dataclass
import re
from typing import List, Optional, Tuple
import unicodedata

from .lexicon import (ABBREVIATIONS, ABSENT_WORDS, APPROXIMATORS, ARTICLES, AXIS_NOUNS,
                      COMPOUND_ATTRIBUTES, COMPOUND_PARTS,
                      COMPOUND_SUFFIXES, DEGREE_WORDS, INTENSIFIERS, LESS_WORDS, MEASURE_UNITS,
                      MORE_WORDS, NUMBER_WORDS, QUALITY_NOUNS, QUANTITY_FILLERS,
                      QUANTITY_WORDS, Sense,
                      senses_for, SOUND_ALIKES, TEXTURE_AMOUNTS)
from .spelling import comparative_slip, is_degree_adverb, known_form

# A decimal number is one token ("1.5 mm thicker"): its point ends no clause.
# A dash between words ("the warmer white \u2014 swap that one in") ends a phrase as a comma does.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[a-z0-9]+(?:['\u2019\-][a-z0-9]+)*|[.,;:!?]|[\u2013\u2014]|"
                    r'(?<=\s)-+(?=\s)')


@dataclass(frozen=True)
class Token:
    """One token: the form the parser reads, its character span, and the word as written."""

    word: str
    start: int
    end: int
    raw: str


def _read(word: str) -> str:
    """Return the form the parser reads for a lower-case word as written."""
    word = ABBREVIATIONS.get(word, word)
    if '-' in word:  # a compound's head that names a part is no slip ("short-sleeved")
        return '-'.join(part if part in COMPOUND_PARTS else known_form(part) or part
                        for part in word.split('-'))
    return known_form(word) or word


def tokenize(text: str) -> List[Token]:
    """Return the tokens of ``text`` (see the module docstring)."""
    lower = text.lower().replace('\u2019', "'")
    found = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(lower)]
    tokens, i = [], 0
    while i < len(found):
        word, start, end = found[i]
        if word.strip('-\u2013\u2014') == '':
            tokens.append(Token(',', start, end, word))
            i += 1
            continue
        if i + 1 < len(found) and found[i + 1][0] in COMPOUND_SUFFIXES and \
                word.endswith('ly') and (word != _adjective(word) or word in TEXTURE_AMOUNTS):
            word, end = f'{word}-{found[i + 1][0]}', found[i + 1][2]
            i += 1
        read = _read(word)
        if word in SOUND_ALIKES and tokens and tokens[-1].word in _BEFORE_A_QUALITY:
            read = SOUND_ALIKES[word]  # "more course": coarse
        elif _quality_adverb(word, tokens, found[i + 1][0] if i + 1 < len(found) else None):
            read = _adjective(word)  # "coloured more vividly", "glows less warmly"
        elif word == 'can' and tokens and names_a_can(
                tokens[-1].word, found[i + 1][0] if i + 1 < len(found) else None):
            read = 'canister'  # "the shorter watering can": a can, no modal verb
        elif word == 'rose' and tokens and tokens[-1].word not in _BEFORE_A_NOUN and \
                i + 1 < len(found) and found[i + 1][0] in _AFTER_A_RISE:
            read = 'risen'  # "the cake rose way less", "rose higher": it rose, no colour
        elif word in ('colour', 'color') and i + 1 < len(found) and \
                found[i + 1][0] in _COLOUR_AMOUNTS:
            # "the colour intensity is higher": one noun
            read, word, end = 'colourfulness', f'{word} {found[i + 1][0]}', found[i + 1][2]
            i += 1
        elif word in ('colour', 'color') and _amount_before(tokens) and \
                (i + 1 == len(found) or found[i + 1][0] not in _COLOUR_COMPOUNDS):
            read = 'colourfulness'  # "has more colour than", "lost some of its colour"
        elif i + 1 < len(found) and found[i + 1][0] == 'than' and not senses_for(read):
            read = comparative_slip(word) or read  # "is lager than": larger
        elif read == word and is_degree_adverb(word):
            read = 'noticeably'  # "saturation markedly higher": an amount, as the listed ones
        following = found[i + 1][0] if i + 1 < len(found) else ''
        if word.endswith("'s") and len(word) > 3 and following in _AFTER_A_PARTS_IS:
            # "where the handle's showing": the handle is showing
            tokens.append(Token(_read(word[:-2]), start, end - 2, word[:-2]))
            read, start, word = "'s", end - 2, "'s"
        tokens.append(Token(read, start, end, word))
        i += 1
    return _none_for_zero(_bounded_amounts(_measured_amounts(tokens, lower), lower))


# A number with its unit written on ("5cm", "1.5mm", "500k").
_NUMBER_WITH_UNIT = re.compile(r'\d+(?:[.,]\d+)?(?:mm|cm|m|in|ft|um|px|pt|pts|deg|k|g|kg)')
_NUMBER = re.compile(r'\d+(?:[.,]\d+)?')
# Words a number after them belongs to ("image 2", "No. 3").
_NUMBERED = frozenset(('image', 'images', 'img', 'pic', 'pics', 'picture', 'photo', 'shot',
                       'frame', 'no', 'number', 'item', 'part', 'sample', 'ral', 'size'))
# Signs written right after a number that make it a measure ("10%", "3°").
_UNIT_SIGNS = ('%', '\u00b0', '"', "'")


def _measure_end(tokens: List[Token], i: int, lower: str) -> int:
    """Return the index after a measured amount that starts at token i ("5 cm"), or -1."""
    raw = tokens[i].raw
    if i > 0 and tokens[i - 1].raw in _NUMBERED:
        return -1  # "image 2 a shade darker": an image's number
    if _NUMBER_WITH_UNIT.fullmatch(raw):
        return i + 1
    if _NUMBER.fullmatch(raw):
        if lower[tokens[i].end:tokens[i].end + 1] in _UNIT_SIGNS:
            return i + 1
    elif raw == 'nan' and lower[tokens[i].end:tokens[i].end + 1] in _UNIT_SIGNS:
        return i + 1  # "NaN% darker": an amount that is no number
    elif raw not in NUMBER_WORDS | {'zero'} and not (raw == 'a' and i + 1 < len(tokens)
                                                     and tokens[i + 1].raw in ('couple', 'few')):
        return -1
    j = i + 1
    while j < len(tokens):  # "a couple of", "half a", "one and a half" stop at the unit
        word, before = tokens[j].raw, tokens[j - 1].raw
        if word in NUMBER_WORDS or _NUMBER.fullmatch(word) or (
                word == 'of' and before in ('couple', 'few', 'dozen')) or (
                word == 'a' and before == 'half'):
            j += 1
        elif word == 'and' and [t.raw for t in tokens[j + 1:j + 3]] == ['a', 'half']:
            j += 3
        else:
            break
    if j < len(tokens) and tokens[j].raw == 'per' and j + 1 < len(tokens) and \
            tokens[j + 1].raw == 'cent':
        return j + 2
    return j + 1 if j < len(tokens) and tokens[j].raw in MEASURE_UNITS else -1


def _compares(tok: Token) -> bool:
    """Return True for a word that says more or less of something ("longer", "more")."""
    return tok.word in MORE_WORDS or tok.word in LESS_WORDS or any(
        sense.comparative for sense in senses_for(tok.word))


# Words of an amount that "more than" or "less than" may bound ("more than slightly darker").
_BOUNDED = frozenset(('noticeably', 'slightly', 'somewhat', 'marginally', 'a', 'just',
                      'barely', 'twice', 'half'))


def _bounded_amounts(tokens: List[Token], lower: str) -> List[Token]:
    """
    Return the tokens with "more than" and "less than" before an amount joined to it.

    "more than 10% darker", "no more than 5 cm longer", "less than slightly darker": a bound on
    how much darker, not a comparison of its own ("than" would name the other image).
    """
    out, i = [], 0
    while i < len(tokens):
        if i + 2 < len(tokens) and tokens[i].raw in ('more', 'less') and \
                tokens[i + 1].raw == 'than' and tokens[i + 2].word in _BOUNDED and \
                any(_compares(tok) for tok in tokens[i + 3:i + 6]):
            start = tokens[i]
            if out and out[-1].raw in ('no', 'not'):
                start = out.pop()  # "no more than"
            amount = tokens[i + 2]
            out.append(Token(amount.word, start.start, amount.end, lower[start.start:amount.end]))
            i += 3
            continue
        out.append(tokens[i])
        i += 1
    return out


def _none_for_zero(tokens: List[Token]) -> List[Token]:
    """Return the tokens with "0" or "zero" before a noun read as "no" ("has 0 handles")."""
    return [Token('no', tok.start, tok.end, tok.raw) if _zero_of_a_noun(tokens, i) else tok
            for i, tok in enumerate(tokens)]


# Words after a "0" that make it no amount of a thing ("image 0 is darker", "0 and 1").
_NOT_COUNTED_AFTER = frozenset(('is', 'are', 'was', 'were', 'has', 'have', 'had', 'looks',
                                'look', 'seems', 'and', 'or', 'vs', 'versus', 'than', 'in', 'on',
                                'of', 'to', 'the', 'a', 'an', 'more', 'less', 'fewer'))


def _zero_of_a_noun(tokens: List[Token], i: int) -> bool:
    """Return True for a "0" or "zero" that counts the noun after it ("with zero lids")."""
    if tokens[i].raw not in ('0', 'zero') or i + 1 >= len(tokens) or \
            (i > 0 and tokens[i - 1].raw in _NUMBERED):
        return False
    after = tokens[i + 1]
    return after.raw.isalpha() and after.raw not in _NOT_COUNTED_AFTER and \
        after.raw not in MEASURE_UNITS and not _compares(after)


def _measured_amounts(tokens: List[Token], lower: str) -> List[Token]:
    """
    Return the tokens with each measured amount of a difference read as one degree word.

    "a handle roughly 5 cm longer", "10% darker", "bent about 3 degrees more", "two shades
    darker": the number and its unit (with "about", "a good", "at least" before them) say how
    much, as "noticeably" does, and stand where a part or a count would otherwise be read.
    """
    out, i = [], 0
    while i < len(tokens):
        end = _measure_end(tokens, i, lower)
        if end < 0 or end >= len(tokens) or not _compares(tokens[end]):
            out.append(tokens[i])
            i += 1
            continue
        start = len(out)
        while start > 0 and (out[start - 1].raw in APPROXIMATORS or out[start - 1].raw == 'a'
                             or (out[start - 1].raw == 'least' and start > 1
                                 and out[start - 2].raw == 'at')):
            start -= 2 if out[start - 1].raw == 'least' else 1
        first = out[start] if start < len(out) else tokens[i]
        stop = tokens[end - 1].end
        if lower[stop:stop + 1] in _UNIT_SIGNS:
            stop += 1  # "10%", "3°": the sign is the unit
        out[start:] = [Token('noticeably', first.start, stop, lower[first.start:stop])]
        i = end
    return out


# Nouns after "colour" that make it an amount of colour ("the colour intensity is higher").
_COLOUR_AMOUNTS = frozenset(('intensity', 'strength'))
# Nouns after "more colour" that make it a noun phrase ("more colour variation").
_COLOUR_COMPOUNDS = frozenset(('difference', 'differences', 'variation', 'variations', 'change',
                               'changes', 'shift', 'shifts', 'cast', 'temperature', 'contrast',
                               'spots', 'patches', 'streaks', 'bands', 'stripes', 'marks'))


def _amount_before(tokens: List[Token]) -> bool:
    """Return True when the last tokens say an amount of what follows ("lost some of its")."""
    for tok in tokens[::-1][:4]:
        if tok.word in ('more', 'less') or tok.word in QUANTITY_WORDS:
            return True
        if tok.word not in QUANTITY_FILLERS:
            return False
    return False


# Words after which a sound-alike is the quality it sounds like.
_BEFORE_A_QUALITY = MORE_WORDS | LESS_WORDS | DEGREE_WORDS | frozenset((
    'is', 'are', 'looks', 'look', 'seems', 'feels', 'too', 'so'))


# Words before "rose" the flower or colour, and after "rose" the verb ("rose more").
_BEFORE_A_NOUN = frozenset(('a', 'an', 'the', 'this', 'that', 'more', 'less', 'dusty', 'pale',
                            'deep', 'light', 'dark', 'of', 'with', 'and', 'or', 'in'))
_AFTER_A_RISE = MORE_WORDS | LESS_WORDS | DEGREE_WORDS | frozenset((
    'higher', 'lower', 'taller', 'up', 'way', 'much', 'far', 'a', 'less', 'more', 'further'))


# Words after "X's" that make it "X is" ("the handle's showing", "the lid's hidden").
_AFTER_A_PARTS_IS = frozenset(('showing', 'visible', 'exposed', 'uncovered', 'hidden',
                               'concealed', 'obscured', 'invisible'))
# Words before "can" that make it a modal verb ("one can", "you can"), and words after a noun
# "can" ("the watering can is", "the oil can with ...", "the trash can.").
_BEFORE_A_MODAL = frozenset((
    'i', 'you', 'we', 'they', 'he', 'she', 'it', 'one', 'ones', 'who', 'that', 'which', 'this',
    'these', 'those', 'what', 'whichever', 'whatever', 'there', 'robot', 'u', 'ya', 'yall',
    "y'all", 'someone', 'anyone', 'somebody', 'anybody', 'everyone', 'nobody'))
_AFTER_A_NOUN_CAN = frozenset((
    'and', 'or', 'with', 'in', 'on', 'from', 'for', 'please', 'pls', 'that', 'which', 'is', 'are',
    'was', 'were', 'has', 'looks', 'seems', 'than', 'of', 'at', 'vs', 'versus', 'whose', 'instead',
    ',', '.', ';', ':', '!', '?'))


def names_a_can(before: str, following: Optional[str]) -> bool:
    """Return True when "can" between the words ``before`` and ``following`` is a noun."""
    return before.isalpha() and before not in _BEFORE_A_MODAL | ARTICLES and \
        (following is None or following in _AFTER_A_NOUN_CAN)


def _adjective(part: str) -> str:
    """Return "sharp" for "sharply" when the adjective is a lexicon form, else ``part``."""
    if part.endswith('ly') and senses_for(part[:-2]):
        return part[:-2]
    return part


def _base_adjective(word: str) -> str:
    """Return the plain form of a comparative or superlative adjective ("flatter": flat)."""
    from lemminflect import getLemma
    lemmas = getLemma(word, upos='ADJ')
    return lemmas[0] if lemmas else word


def _quality_adverb(word: str, before: List[Token], following: Optional[str]) -> bool:
    """
    Return True when "-ly" ``word`` after "more"/"less" says how much of a colour or texture.

    ``before``: the tokens read so far; ``following``: the next word as written. Only when no
    difference word follows it ("more deeply curved" is more curved) or comes before "more"
    ("shines more brightly" is shinier), and not for shape adverbs, which say how a shape was
    made ("curved more sharply" is more curved, not sharper).
    """
    if not before or before[-1].word not in MORE_WORDS | LESS_WORDS or \
            (len(before) > 1 and senses_for(before[-2].word)):
        return False
    adjective = _adjective(word)
    if adjective == word or (following and senses_for(_read(following))):
        return False
    return all(sense.attribute in ('color', 'texture') for sense in senses_for(adjective))


# First words of a compound that turn its head to the other pole.
_NEGATING_PREFIXES = frozenset(('non', 'not'))


def word_senses(word: str) -> Tuple[Tuple[Sense, ...], Optional[str]]:
    """
    Return (senses, part) of a word form; part is what a compound names ("thicker-walled").

    A hyphenated compound takes the senses of its modifier ("coarser-grained", "deeper-red",
    "sharply-pointed") and names a part when its head is one ("long-handled": the handle); an
    intensifier or an amount sets the direction of the head ("high-gloss", "higher-gloss",
    "lower-sheen"), "non-" and "not-" turn it ("non-red", "not-so-dark"); a compound whose
    modifier names no difference takes the head's ("sun-faded"). Two opposite poles of one axis
    ("lighter-darker") name no difference at all.
    """
    senses = senses_for(word)
    if senses or '-' not in word:
        return senses, None
    parts = word.split('-')
    head = parts[-1]
    if head in ('weight', 'weighted', 'duty', 'hearted', 'minded'):
        return (), None  # "lighter-weight", "heavy-duty": no look of the thing
    part = COMPOUND_PARTS.get(head)
    modifiers = parts[:-1] if part is not None or head in COMPOUND_SUFFIXES else parts
    poles = {(s.axis, s.direction) for p in modifiers for s in senses_for(_adjective(p))}
    if any((axis, -direction) in poles for axis, direction in poles):
        return (), None
    if parts[0] in _NEGATING_PREFIXES and senses_for(head):
        # "non-red", "non-glossy", "not-so-dark": the other pole
        return tuple(Sense(s.axis, -s.direction, True, s.hue) for s in senses_for(head)), None
    if len(parts) == 2 and parts[0] in QUANTITY_WORDS and is_axis_noun(head):
        # "higher-gloss", "lower-sheen": an amount of the head's axis
        sign = QUANTITY_WORDS[parts[0]]
        return tuple(Sense(s.axis, s.direction * sign, True, s.hue)
                     for s in senses_for(head)), None
    if parts[0] in INTENSIFIERS and senses_for(head):
        sign = INTENSIFIERS[parts[0]]
        return tuple(Sense(s.axis, s.direction * sign, True, s.hue)
                     for s in senses_for(head)), None
    attribute = COMPOUND_ATTRIBUTES.get(head)
    for modifier in modifiers:
        if attribute == 'texture' and modifier in TEXTURE_AMOUNTS and head != 'finished':
            return (Sense('roughness', TEXTURE_AMOUNTS[modifier], True),), None
        found = senses_for(_adjective(modifier))
        if found and attribute:
            # "flatter-finished": the texture sense of "flat", though "flatter" has only a shape's
            meant = [s for s in found + senses_for(_base_adjective(modifier))
                     if s.attribute == attribute]
            found = tuple(dict.fromkeys(meant)) or found
        if found:
            return found, part
    return senses_for(head) if head == 'textured' else (), None


def is_axis_noun(word: str) -> bool:
    """Return True for a noun that names an axis ("brightness", "saturation", "gloss")."""
    return (word.endswith('ness') or word in AXIS_NOUNS) and bool(senses_for(word))


def amount_of_noun(tokens: List[Token], i: int) -> Optional[int]:
    """Return +1/-1 when token ``i`` is an amount said of an axis noun after it, else None."""
    sign = QUANTITY_WORDS.get(tokens[i].word)
    if sign is None:
        return None
    for tok in tokens[i + 1:i + 5]:
        if is_axis_noun(tok.word):
            return sign
        if tok.word not in QUANTITY_FILLERS:
            return None
    return None


def lacked_quality(tokens: List[Token], i: int) -> Optional[int]:
    """
    Return the index of the difference word of a look that token ``i`` says is lacked, or None.

    "lacks the warm tone", "has lost the rough sawn texture", "without its glossy finish": a
    word of absence, then a look (up to three words, one of them a difference word) named by a
    noun of how a thing looks (``QUALITY_NOUNS``): less of that difference, not a missing part.
    """
    if tokens[i].word not in _LACKING:
        return None
    j = i + 1
    if j < len(tokens) and (tokens[j].word in ARTICLES or tokens[j].word in ('its', 'their')):
        j += 1
    found = None
    for k in range(j, min(j + 4, len(tokens))):
        if tokens[k].word in QUALITY_NOUNS:
            return found if k > j else None
        if not tokens[k].word.isalpha() or tokens[k].word in _NO_LOOK_WORDS:
            return None  # "has gone warmer in tone": no look lacked
        if found is None and senses_for(tokens[k].word):
            found = k
    return None


# Words of absence that say a look is lacked ("lacks the warm tone"; "gone warmer" is a change).
_LACKING = ABSENT_WORDS - frozenset(('gone', 'removed', 'absent', 'minus'))
# Words that end the look before a noun of it ("lost the shine in its tone" names no look).
_NO_LOOK_WORDS = frozenset(('in', 'of', 'on', 'at', 'to', 'than', 'and', 'but', 'or', 'that',
                            'which', 'is', 'are', 'was', 'were', 'has', 'have'))


_TYPOGRAPHY = str.maketrans({
    '\u2191': ' up ', '\u2b06': ' up ', '\u2193': ' down ', '\u2b07': ' down ',
    # typographic apostrophes, as phones and word processors write them
    '\u2019': "'", '\u2018': "'", '\u02bc': "'", '\u2032': "'"})


# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables, the common ones).
_LOOK_ALIKES = {
    'а': 'a', 'в': 'b', 'е': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c',
    'т': 't', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'ӏ': 'l', 'ԛ': 'q',
    'ԝ': 'w', 'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P',
    'С': 'C', 'Т': 'T', 'Х': 'X', 'І': 'I', 'Ј': 'J', 'Ѕ': 'S', 'Α': 'A', 'Β': 'B', 'Ε': 'E',
    'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T',
    'Υ': 'Y', 'Χ': 'X', 'ο': 'o', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'υ': 'u', 'ρ': 'p'}
_LATIN_WORD = re.compile(r'\b[A-Za-z]{2,}\b')


def _latin_look_alikes(text: str) -> str:
    """
    Return the text with its look-alike letters Latin in words drawn as Latin ones.

    "dаrker" with a Cyrillic "а", "Ιmage" with a Greek capital iota (pasted or spoofed): in a
    text with Latin words, a word whose every letter is Latin or a look-alike is read in Latin.
    Words with other Cyrillic or Greek letters stay as they are.
    """
    if not _LATIN_WORD.search(text) or not any(ch in _LOOK_ALIKES for ch in text):
        return text
    return re.sub(r'\w+', lambda m: m.group(0).translate(_LOOK_ALIKE_TABLE) if all(
        ch in _LOOK_ALIKES or ch.isascii() for ch in m.group(0)) else m.group(0), text)


_LOOK_ALIKE_TABLE = str.maketrans(_LOOK_ALIKES)


def plain_text(text: str) -> str:
    """
    Return ``text`` as the rules read it: plain letters and digits, no accents or format marks.

    Full-width and other compatibility forms become plain letters and digits (NFKC), accents are
    dropped ("dárker"), invisible format characters (zero-width spaces, direction marks) go,
    typographic apostrophes are plain ones ("don’t"), up and down arrows become the words
    ("gloss ↓": gloss down), and Cyrillic or Greek letters
    drawn like Latin ones are Latin in words otherwise Latin (``_latin_look_alikes``).
    """
    if text.isascii():
        return text
    text = _latin_look_alikes(text.translate(_TYPOGRAPHY))
    decomposed = unicodedata.normalize('NFKD', unicodedata.normalize('NFKC', text))
    kept = ''.join(ch for ch in decomposed
                   if not unicodedata.combining(ch) and unicodedata.category(ch) != 'Cf')
    return unicodedata.normalize('NFC', kept)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Rule-based reading of difference sentences and robot commands (no language model).

The parser finds (1) which image the sentence is about, from the first "Image N" that is not the
target of a comparison ("than image 2", "compared to image 1"); (2) the word that names the
difference, from the lexicon, with its direction flipped by "less", "fewer", "not as ... as" or
by sitting in a contrast clause about the other image; (3) the object and the part, by simple
patterns ("the handle of the purse in Image 1", "Image 2 hammer", "pick the glossier mug").
"""

from dataclasses import dataclass
import re
from typing import List, Optional, Tuple

from .lexicon import LESS_WORDS, MORE_WORDS, NEGATION_WORDS, Sense, senses_for
from ..core.axes import ATTRIBUTES, AXES, hue_adjective, opposite_adjective
from ..core.errors import QueryParseError
from ..core.query import ASKED, DifferenceQuery

# Spellings of "image N" in the annotations: "Image1", "Imag 1e", "Imag1 e", "imag e 1",
# "mage 2", "img 2", and "in  2" where the word is missing.
_IMAGE_FIXES = (
    (re.compile(r'\b(?:image|imag|mage|img|pic|picture|photo)\s*e?\s*([12])(?:\s?e\b)?', re.I),
     r'image \1'),
    (re.compile(r'\bimag\s+e\s+([12])\b', re.I), r'image \1'),
    (re.compile(r'\b(in|than|to)\s+([12])\b(?!\s*(?:x|%|cm|mm))', re.I), r'\1 image \2'),
)
_TOKEN = re.compile(r"[a-z0-9]+(?:['\u2019\-][a-z0-9]+)*|[.,;:!?]")
_VERBS = frozenset(('is', 'are', 'was', 'were', 'has', 'have', 'had', 'ha', 'looks', 'look',
                    'appears', 'appear', 'seems', 'seem', 'becomes', 'become', 'feels', 'gets',
                    'shows', 'show', 'displays', 'features', 'contains', 'depicts'))
# Words after which an "image N" is the thing compared against, not the subject.
_REFERENCE_TRIGGERS = frozenset(('than', 'then', 'compared', 'compare', 'comparing',
                                 'comparison', 'versus', 'vs', 'from', 'unlike', 'relative',
                                 'against', 'contrast', 'as', 'to', 'with', 'over'))
_REFERENCE_FILLERS = frozenset(('the', 'one', 'ones', 'that', 'those', 'of', 'in', 'on', 'a',
                                'an', 'object', 'item', 'thing', 'when', 'it', 'is'))
# Words that end a clause; a later clause usually speaks about the other image.
_CLAUSE_BREAKS = frozenset(('while', 'whereas', 'but', 'however', 'which', ';', '.', 'whilst'))
_DEGREE = frozenset(('slightly', 'much', 'a', 'an', 'bit', 'little', 'lot', 'quite', 'far',
                     'very', 'way', 'somewhat', 'considerably', 'significantly', 'noticeably',
                     'even', 'relatively', 'rather', 'so', 'too', 'really', 'also', 'just',
                     'visibly', 'clearly', 'distinctly', 'marginally', 'subtly', 'extremely',
                     'highly', 'perfectly', 'fairly', 'kind', 'sort', 'of', 'as', 'is', 'are',
                     'and', 'has', 'have', 'with', 'overall', 'bit', 'tad', 'lot'))
# Compound nouns whose first or second word is also a difference word.
_NOUN_USES = {
    'light': (frozenset(('traffic', 'head', 'tail', 'street', 'brake', 'flashing')),
              frozenset(('bar', 'bulb', 'bulbs', 'fixture', 'source', 'switch', 'house',
                         'lights', 'beam', 'colors', 'colours'))),
    'lower': (frozenset(), frozenset(('part', 'half', 'section', 'portion', 'side', 'end',
                                      'area', 'body', 'base', 'deck', 'level', 'left', 'right',
                                      'edge', 'corner', 'lip', 'jaw', 'leg', 'legs', 'arm'))),
    'low': (frozenset(), frozenset(('part', 'section', 'portion'))),
    'high': (frozenset(), frozenset(('heels', 'heel', 'chair', 'speed'))),
    'arch': (frozenset(('triumphal', 'through')), frozenset(('bridge',))),
}
# Words for the whole look of a thing rather than a part of it ("a smoother surface").
_NOT_PARTS = frozenset(('surface', 'surfaces', 'finish', 'color', 'colour', 'colors', 'colours',
                        'shade', 'shades', 'tone', 'tones', 'texture', 'textures', 'shape',
                        'shapes', 'look', 'appearance', 'hue', 'tint', 'paint', 'body', 'area',
                        'areas', 'overall', 'one', 'ones', 'form', 'design', 'size',
                        'structure', 'material', 'outline', 'sheen', 'feel', 'image'))
_ATTRIBUTE_NOUNS = frozenset(('color', 'colour', 'texture', 'shape', 'surface', 'size', 'tone',
                              'shade', 'finish', 'appearance', 'look', 'form'))
_NP_STOP = frozenset(('in', 'on', 'at', 'from', 'that', 'which', 'who', 'whose',
                      'with', 'than', 'then',
                      'compared', 'compare', 'and', 'or', 'but', 'while', 'please', 'for',
                      'to', 'is', 'are', 'has', 'have', 'as', 'when', 'image', 'of', 'there',
                      'here', 'now', 'instead', 'one', 'ones', ',', '.', ';', ':', '!', '?'))
_COMMAND_VERBS = frozenset(('pick', 'grab', 'take', 'bring', 'get', 'fetch', 'give', 'hand',
                            'choose', 'select', 'find', 'show', 'point', 'touch', 'place',
                            'put', 'move', 'lift', 'hold', 'push', 'pull', 'which', 'where'))
# A clause naming this many different hues says the thing is more colourful.
_COLOUR_LIST = 3
# Words between an object and its "image N" ("the cup depicted in the image 1").
_SUBJECT_TAIL = frozenset(('in', 'on', 'of', 'from', 'the', 'for', 'shown', 'depicted', 'seen'))
_ARTICLES = frozenset(('the', 'a', 'an', 'this', 'that', 'these', 'those'))


@dataclass(frozen=True)
class _Token:
    """One lower-case token and its character span in the normalised text."""

    word: str
    start: int
    end: int


@dataclass(frozen=True)
class _Hit:
    """A difference word found in the sentence, with its resolved sense and direction."""

    index: int
    sense: Sense
    direction: int
    clause: int
    in_predicate: bool
    explicit: bool


def normalise_image_mentions(text: str) -> str:
    """Return the text with every spelling of "Image N" written as "image N"."""
    for pattern, replacement in _IMAGE_FIXES:
        text = pattern.sub(replacement, text)
    return text


def _tokens(text: str) -> List[_Token]:
    lower = text.lower().replace('\u2019', "'")
    return [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(lower)]


def _normalise_hint(attribute: Optional[str]) -> Optional[str]:
    if attribute is None:
        return None
    hint = str(attribute).strip().lower()
    hint = 'color' if hint.startswith('colour') else hint
    for name in ATTRIBUTES:
        if hint == name or hint.startswith(name + '('):
            return name
    raise QueryParseError(f'unknown attribute hint {attribute!r}: expected one of '
                          f'{", ".join(ATTRIBUTES)}')


def _image_mentions(tokens: List[_Token]) -> List[Tuple[int, Optional[int], bool]]:
    """Return (token index, image number or None, is a comparison target) per "image" word."""
    mentions = []
    for i, tok in enumerate(tokens):
        if tok.word not in ('image', "image's", 'images'):
            continue
        number = None
        if i + 1 < len(tokens) and tokens[i + 1].word in ('1', '2', "1's", "2's"):
            number = int(tokens[i + 1].word[0])
        elif tok.word == 'images':
            continue
        j = i - 1
        while j >= 0 and i - j <= 5 and tokens[j].word in _REFERENCE_FILLERS:
            j -= 1
        reference = j >= 0 and tokens[j].word in _REFERENCE_TRIGGERS
        mentions.append((i, number, reference))
    return mentions


def _subject(tokens, mentions, text):
    """Return the image the sentence is about, or ASKED when it names no image."""
    if not mentions:
        return ASKED
    for _, number, reference in mentions:
        if number is not None and not reference:
            return number
    references = [number for _, number, reference in mentions if reference and number]
    if references:
        return 3 - references[0]
    raise QueryParseError(f'cannot tell which image is meant in {text!r}: '
                          '"image" is not followed by 1 or 2')


def _clause_of(tokens) -> List[int]:
    clause, result = 0, []
    for tok in tokens:
        result.append(clause)
        if tok.word in _CLAUSE_BREAKS:
            clause += 1
    return result


def _is_noun_use(tokens, i) -> bool:
    uses = _NOUN_USES.get(tokens[i].word)
    if uses is None:
        return False
    before, after = uses
    prev_word = tokens[i - 1].word if i > 0 else ''
    next_word = tokens[i + 1].word if i + 1 < len(tokens) else ''
    return prev_word in before or next_word in after


def _modifiers(tokens, i) -> Tuple[int, bool]:
    """Return (sign from more/less and negation, whether more/less was said) before token i."""
    sign, explicit = 1, False
    j = i - 1
    while j >= 0 and i - j <= 5:
        word = tokens[j].word
        if word in LESS_WORDS:
            sign, explicit = -sign, True
        elif word in MORE_WORDS:
            explicit = True
        elif word in NEGATION_WORDS or word.endswith("n't"):
            sign = -sign
        elif word not in _DEGREE:
            break
        j -= 1
    return sign, explicit


def _word_senses(word: str) -> Tuple[Sense, ...]:
    senses = senses_for(word)
    if senses or '-' not in word:
        return senses
    parts = word.split('-')
    if all(senses_for(p) or p in ('colored', 'coloured', 'toned', 'finished', 'looking', 'ish')
           for p in parts):
        for part in parts:
            if senses_for(part):
                return senses_for(part)
    return ()


def _find_hits(tokens, hint) -> List[_Hit]:
    clauses = _clause_of(tokens)
    verb_at = next((i for i, t in enumerate(tokens) if t.word in _VERBS), -1)
    hits = []
    for i, tok in enumerate(tokens):
        senses = _word_senses(tok.word)
        if not senses or _is_noun_use(tokens, i):
            continue
        chosen = senses[0]
        if hint is not None:
            chosen = next((s for s in senses if s.attribute == hint), chosen)
        sign, explicit = _modifiers(tokens, i)
        hits.append(_Hit(i, chosen, chosen.direction * sign, clauses[i], i > verb_at,
                         explicit or chosen.comparative))
    return hits + _colour_list_hits(hits)


def _colour_list_hits(hits) -> List[_Hit]:
    """Return a "more colourful" hit for each clause that lists several hues ("red, blue")."""
    extra = []
    for clause in sorted({h.clause for h in hits}):
        hues = [h for h in hits if h.clause == clause and h.sense.axis == 'hue']
        if len({h.sense.hue for h in hues}) >= _COLOUR_LIST:
            first = hues[0]
            extra.append(_Hit(first.index, Sense('saturation', 1, True), 1, clause,
                              first.in_predicate, True))
    return extra


def _best_hit(hits, hint) -> _Hit:
    def rank(hit):
        return (hint is not None and hit.sense.attribute != hint, not hit.in_predicate,
                hit.clause, not hit.explicit, hit.sense.axis == 'hue', hit.index)
    return min(hits, key=rank)


def _clause_speaks_of_other(tokens, mentions, hit, subject) -> bool:
    """Return True when the hit sits in a later clause about the other image."""
    if hit.clause == 0 or subject == ASKED:
        return False
    clauses = _clause_of(tokens)
    numbers = {n for i, n, _ in mentions if clauses[i] == hit.clause and n is not None}
    return bool(numbers) and subject not in numbers


def _span_text(text, tokens, start, stop) -> Optional[str]:
    """Return the original text of tokens[start:stop], or None when empty."""
    if start >= stop:
        return None
    return text[tokens[start].start:tokens[stop - 1].end].strip() or None


def _noun_phrase_after(tokens, start) -> int:
    """Return the index just past the noun phrase starting at ``start``."""
    j = start
    while j < len(tokens) and tokens[j].word not in _NP_STOP and not _word_senses(tokens[j].word):
        j += 1
    return j


def _split_part(phrase: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """Split "handle of the purse" into (part, object); drop "colour of", "shape of"."""
    if not phrase:
        return None, None
    words = re.split(r'\s+(?:of|if|on)\s+(?:the\s+|a\s+|an\s+)?', phrase, maxsplit=1)
    if len(words) == 2:
        part, obj = words[0].strip(), words[1].strip()
        if part.lower() in _ATTRIBUTE_NOUNS:
            return _split_part(obj)
        if part.lower().split()[-1] in ('part', 'portion', 'side', 'section') and \
                ' of ' in obj.lower():
            return _split_part(obj)
        return part or None, obj or None
    return None, phrase.strip()


def _strip_article(tokens, i) -> int:
    while i < len(tokens) and tokens[i].word in _ARTICLES:
        i += 1
    return i


def _object_and_part(text, tokens, mentions, hit, verb_at):
    """Return (object, part) named by the sentence."""
    if not mentions and (verb_at < 0 or tokens[0].word in _COMMAND_VERBS):
        obj, part = _command_object(text, tokens, hit, verb_at)
    else:
        phrase = None
        subjects = [i for i, _, reference in mentions if not reference]
        first = subjects[0] if subjects else None
        if first is not None and (verb_at < 0 or first < verb_at):
            start = _strip_article(tokens, 0)
            if first > start and tokens[start].word != 'in' and mentions[0][0] == first:
                # "The handle of the purse in image 1 ...", "The cup in the image 2 ..."
                end = first
                while end > start and tokens[end - 1].word in _SUBJECT_TAIL:
                    end -= 1
                phrase = _span_text(text, tokens, start, end)
            else:
                # "Image 2 hammer has ...", "Image 2's handle is ...", "In image 2 cup is ..."
                stop = verb_at if verb_at > first else len(tokens)
                phrase = _span_text(text, tokens, _strip_article(tokens, first + 2), stop)
        elif verb_at > 0:
            # "The cup is darker in image 2", "The handle of the purse has a brighter shade"
            phrase = _span_text(text, tokens, _strip_article(tokens, 0), verb_at)
        part, obj = _split_part(phrase)
        if obj is not None and part is None:
            part = _part_after(text, tokens, hit)
    if obj is not None and obj.lower() in ('one', 'ones', 'it', 'this', 'that', 'object'):
        obj = None
    return obj, part


def _command_object(text, tokens, hit, verb_at):
    """Return (object, part) for commands and questions that name no image."""
    j = hit.index - 1
    while j >= 0 and tokens[j].word in (_DEGREE | MORE_WORDS | LESS_WORDS) - _ARTICLES:
        j -= 1
    if j >= 0 and tokens[j].word in _ARTICLES:
        after = _noun_phrase_after(tokens, hit.index + 1)
        head = _span_text(text, tokens, hit.index + 1, after)
        k = j - 1
        if k >= 0 and tokens[k].word in ('with', 'has', 'having', 'whose'):
            owner_end = k
            owner_start = owner_end
            while owner_start > 0 and tokens[owner_start - 1].word not in _ARTICLES:
                owner_start -= 1
            owner = _span_text(text, tokens, owner_start, owner_end)
            if owner and owner.lower() not in _COMMAND_VERBS:
                return owner, head
        if after < len(tokens) and tokens[after].word == 'of':
            start = _strip_article(tokens, after + 1)
            return _span_text(text, tokens, start, _noun_phrase_after(tokens, start)), head
        return head, None
    # "The cup that is rounder", "which cup is darker?"
    for i, tok in enumerate(tokens):
        if tok.word in _ARTICLES or tok.word in ('which', 'what'):
            start = _strip_article(tokens, i + 1)
            return _span_text(text, tokens, start, _noun_phrase_after(tokens, start)), None
    if verb_at > 0:
        return _span_text(text, tokens, 0, verb_at), None
    return None, None


def _part_after(text, tokens, hit):
    """Return the part named right after the difference word ("has a bigger lens")."""
    i = hit.index + 1
    while i < len(tokens) and _word_senses(tokens[i].word) and tokens[i].word not in _NP_STOP:
        i += 1  # "darker red handle": colour words before the noun
    stop = _noun_phrase_after(tokens, i)
    if stop == i or stop - i > 3:
        return None
    if any(tokens[k].word in _NOT_PARTS for k in range(i, stop)):
        return None
    j = hit.index - 1
    while j >= 0 and tokens[j].word in (_DEGREE | MORE_WORDS | LESS_WORDS) - {'has', 'have'}:
        j -= 1
    if j < 0 or tokens[j].word not in ('has', 'have', 'with', 'had', 'the', 'a', 'an'):
        return None
    return _span_text(text, tokens, i, stop)


def _article(pole, part) -> str:
    """Return the article before "<pole> <part>": none for plurals ("thorns")."""
    if part.endswith('s') and not part.endswith('ss'):
        return ''
    return 'an ' if pole[0] in 'aeiou' else 'a '


def _texts(axis, direction, hue, obj, part) -> Tuple[str, str]:
    """Return (positive_text, negative_text) built from the axis poles, part and object."""
    thing = obj or 'object'
    if axis == 'hue':
        toward, away = hue_adjective(hue), opposite_adjective(hue)
        poles = (toward, away) if direction > 0 else (away, toward)
    else:
        poles = AXES[axis].poles(direction)
    if part:
        return tuple(f'{thing} with {_article(pole, part)}{pole} {part}' for pole in poles)
    return tuple(f'{pole} {thing}' for pole in poles)


def parse_difference(text: str, attribute: Optional[str] = None) -> DifferenceQuery:
    """
    Read a difference sentence or command into a DifferenceQuery.

    ``attribute`` optionally names the Subtle-Diff attribute the sentence was written for
    ('color', 'shape', 'texture'); it decides between senses of words such as "brighter"
    (colour: brightness, texture: glossiness). Raises QueryParseError for empty text and for
    sentences with no known difference word or no readable image number.
    """
    if text is None or not str(text).strip():
        raise QueryParseError('empty text: nothing to parse')
    original = str(text)
    hint = _normalise_hint(attribute)
    normalised = normalise_image_mentions(original.strip())
    tokens = _tokens(normalised)
    mentions = _image_mentions(tokens)
    subject = _subject(tokens, mentions, original)
    hits = _find_hits(tokens, hint)
    if not hits:
        raise QueryParseError(f'no known difference word (such as "darker", "rounder", '
                              f'"glossier") in {original.strip()!r}')
    hit = _best_hit(hits, hint)
    direction = hit.direction
    if _clause_speaks_of_other(tokens, mentions, hit, subject):
        direction = -direction
    verb_at = next((i for i, t in enumerate(tokens) if t.word in _VERBS), -1)
    obj, part = _object_and_part(normalised, tokens, mentions, hit, verb_at)
    axis, hue = hit.sense.axis, hit.sense.hue
    positive, negative = _texts(axis, direction, hue, obj, part)
    return DifferenceQuery(attribute=AXES[axis].attribute, axis=axis, direction=direction,
                           subject=subject, object=obj, part=part, positive_text=positive,
                           negative_text=negative, hue=hue, text=original)

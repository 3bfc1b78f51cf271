# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A command's place in the order of its axis and the candidates it rules out.

Read before the images are, and taken out of the text, which is then read as the plain
superlative or comparative about the candidate asked for. A rank: an order before a superlative
("the second darkest", "the 3rd-most glossy", "the fourth roundest"), "the darkest but one",
"the next-to-darkest", the middle one when the text says of how many ("the middle one of the
three by darkness", "neither the darkest nor the lightest of the five"). Ruled out: a candidate
named after a command's superlative or comparative ("the darkest cup except the first one",
"the glossiest, not image 2"), or the one a command's comparative is against ("bring me the
cup that is darker than the first one"). Candidates are named as ``references`` names images;
one counted from the end ("the right one", "the last") is refused, as its number depends on how
many there are.
"""

import re
from typing import List, Optional, Tuple

from .lexicon import COMMAND_VERBS
from .references import normalise_references
from .tokens import is_axis_noun, tokenize, word_senses
from ..core.errors import quote, UnanswerableQueryError

_ORDERS = {'first': 1, 'second': 2, 'third': 3, 'fourth': 4, 'fifth': 5, 'sixth': 6,
           'seventh': 7, 'eighth': 8, 'ninth': 9, 'tenth': 10}
_COUNTS = {'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6, 'seven': 7,
           'eight': 8, 'nine': 9, 'ten': 10}
_ORDER = r'(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))'
_WORD = r"[a-z][a-z'-]*"
# "the second darkest", "2nd-most glossy", "third least shiny"
_RANKED = re.compile(rf'\b(?P<order>{_ORDER})[\s-]+(?=(?P<degree>(?:most|least)[\s-]+)?'
                     rf'(?P<word>{_WORD}))', re.I)
# "the darkest but one", "the glossiest cup bar two"
_BUT_ONE = re.compile(r'\s+(?:but|bar|save)\s+(?P<count>one|two|three|[123])'
                      r'(?=\s*(?:$|[,.;:!?)]|(?:please|pls|plz)\b))', re.I)
# The superlative before it, and perhaps its noun: "the darkest (cup)", "the most glossy"
_BEFORE_BUT_ONE = re.compile(rf'(?P<degree>\b(?:most|least)\s+)?\b(?P<word>{_WORD})'
                             rf'(?:\s+{_WORD})?$', re.I)
# "the next darkest (one after the darkest)", "the next-to-darkest"
_NEXT = re.compile(rf'\bnext(?:[\s-]+to)?[\s-]+(?=(?P<degree>(?:most|least)[\s-]+)?'
                   rf'(?P<word>{_WORD}))', re.I)
_AFTER_THE_FIRST = re.compile(r'\s+(?:one\s+)?after\s+the\s+(?P<word>[a-z-]+(?:\s+[a-z-]+)?)'
                              r'(?:\s+one)?\b', re.I)
# "the penultimate darkest", "the second-to-last glossiest": counted from the end of the order
_FROM_THE_END = re.compile(rf'\b(?:penultimate|antepenultimate|(?:{_ORDER}|last)[\s-]+'
                           r'(?:to|from)[\s-]+(?:the[\s-]+)?(?:last|end|bottom)|last[\s-]+but'
                           rf'[\s-]+one)[\s-]+(?P<degree>(?:most|least)[\s-]+)?(?P<word>{_WORD})',
                           re.I)
_MIDDLE = re.compile(r'\b(?:middle|median|midmost|middlemost|intermediate|in[\s-]between)\b',
                     re.I)
# What the middle is the middle of: "by darkness", "in terms of gloss", "by how dark it is"
_BY_AXIS = re.compile(r'\b(?:in\s+terms\s+of|when\s+it\s+comes\s+to|according\s+to|with\s+'
                      r'respect\s+to|by|in|for|on|of)\s+(?:(?:its|their|the|how)\s+)?'
                      rf'(?P<word>{_WORD})', re.I)
_NEITHER_NOR = re.compile(rf'\bneither\s+(?:the\s+)?(?P<first>(?:(?:most|least)\s+)?{_WORD})'
                          rf'(?:\s+one)?\s*,?\s*nor\s+(?:the\s+)?(?P<second>(?:(?:most|least)'
                          rf'\s+)?{_WORD})', re.I)
_COUNT = re.compile(r'\s*\b(?:of|among|amongst|out\s+of|from)\s+(?:(?:the|these|those|all|my|'
                    r'our)\s+)?(?P<count>two|three|four|five|six|seven|eight|nine|ten|\d+)\b'
                    rf'(?:\s+(?!(?:by|in|for|on|of)\b){_WORD})?', re.I)

# Words that rule a candidate out after a command's superlative or comparative.
_EXCLUDING = re.compile(r'(?:\s*[,(\u2013\u2014-])?\s*\b(?:except(?:\s+for)?|excluding|excepting|'
                        r'apart\s+from|aside\s+from|other\s+than|besides|save\s+for|but\s+not|'
                        r'not|rather\s+than|instead\s+of|leaving\s+out|ignoring|skipping|bar|'
                        r'minus|(?:that|which)\s+(?:is\s+not|isn\'?t|is\s+n\'t)|(?:but\s+|and\s+)?'
                        r'(?:skip|leave\s+out|omit|omitting|disregard|disregarding|drop|'
                        r'pass\s+over|without|forget(?:\s+about)?|don\'?t\s+(?:pick|bring|take|'
                        r'choose|grab|use))|not\s+counting)\s+', re.I)
_THAN = re.compile(r'\s+than\s+', re.I)
# A text that opens with a command or a wish: "bring me ...", "could you grab ...", "I want ..."
_COMMANDING = '|'.join(sorted(COMMAND_VERBS - {'which', 'where'}))
_COMMAND = re.compile(r'^\W*(?:(?:please|pls|plz|robot|hey|ok|okay|now|so|just|kindly|then|'
                      r'and)\W+)*(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?)?'
                      rf'(?:(?:{_COMMANDING})\b|(?:i|we)\s*(?:(?:really\s+|just\s+)?'
                      r'(?:want|need|prefer)|(?:would|\'d|d)\s+(?:like|prefer|want)|'
                      r'(?:\'ll|will)\s+take)\b)', re.I)
# Verbs of a statement's own clause ("the cup is darker than image 1" says, not asks).
_STATING = frozenset(('is', 'are', 'was', 'were', 'looks', 'look', 'seems', 'seem', 'appears',
                      'appear', 'has', 'have', 'had', 'gets', 'got', 'became', 'becomes'))
_RELATIVE = frozenset(('that', 'which', 'who'))
# A candidate named by its place counted from the end: its number depends on how many there are.
_FROM_THE_RIGHT = re.compile(r'\b(?:right|rightmost|right-most|right-hand|righthand|last|latter|'
                             r'bottom|final)\b', re.I)
# A normalised name of one candidate: "image 1", "the one in image 3", "image 2 cup".
_CANDIDATE = re.compile(r'^(?:(?:the|a|an)\s+)?(?:[a-z-]+\s+)?(?:(?:in|on|from)\s+)?image\s+'
                        r'(?P<number>\d+)(?:\s+[a-z-]+)?$', re.I)
# One candidate called by a noun and its number ("cup two", "mug #3", "bottle no. 4").
# ("that one", "the third one", "the darker one" name no number).
_CALLED_BY_NUMBER = re.compile(rf'^(?:the\s+)?(?!image\b|{_ORDER}\b|that\b|this\b|which\b)'
                               r'[a-z][a-z-]*\s+(?:number\s+|no\.?\s*|#\s*)?(?P<number>\d+|two|'
                               r'three|four|five|six|seven|eight|nine|ten)$', re.I)
# A candidate by its number or place alone after a word of ruling out ("except 1", "skip the
# third", "cups 1 and 3").
_BARE_NUMBER = re.compile(rf'^(?:(?:the|cups?|mugs?|images?|ones?|number|no\.?|#)\s*)*'
                          rf'(?P<number>\d+|{_ORDER})(?:\s+(?:one|cup|mug|image))?$', re.I)
_LIST_BREAK = re.compile(r'\s*(?:,|\band\b|\bor\b|\bnor\b)\s*', re.I)
_CLAUSE_END = re.compile(r'[,.;:!?()\u2013\u2014]')
# Most words from a comparative to its "than" ("a glossier mug than", "one less dark than").
_COMPARED_WORDS = 3
# How far back a comparison before a candidate's name is looked for, in characters.
_TAIL = 80
# Most words a candidate's name takes ("the cup in image 3 and the one in image 1").
_NAME_WORDS = 12


def read_order(text: str) -> Tuple[str, int, Tuple[int, ...], Tuple[int, ...]]:
    """
    Return (the text without them, rank, candidates ruled out, candidates chosen among).

    Of a command's text; the last is empty when the command chooses among all of them.
    """
    text, rank = _read_rank(text)
    text, more = _read_itself_excluded(text)
    text, only = _read_only(text)
    text, first_excluded = _read_excluded_first(text)
    text, excluded = _read_excluded(text)
    return text, rank + more, tuple(sorted(set(first_excluded + excluded))), only


# A list of two or more candidates by number or place: "cups 3 and 4", "the first and third
# cups", "mug 1 and mug 3", "images 1, 2 and 4".
_PLACE = (r'(?:#\s*\d+|\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|'
          r'ninth|tenth)')
_NAMED = (rf'(?:the\s+)?(?:(?:(?!the\b|and\b|or\b){_WORD}\s+)?(?:number\s+|no\.?\s*)?'
          rf'{_PLACE}|(?!the\b|and\b|or\b|of\b){_WORD}\s+(?:two|three|four|five|six|seven|'
          r'eight|nine|ten)\b)')
_SUBSET = re.compile(
    rf'\b(?:of|between|among|amongst|from|out\s+of|compare|comparing)\s+'
    rf'(?P<list>{_NAMED}(?:(?:\s*,\s*(?:and\s+|or\s+)?(?=(?:the\s+)?{_PLACE}\b)|'
    rf'\s*(?:\band\b|&|\bor\b|\bvs\.?|\bversus\b)\s*){_NAMED})+)'
    rf'(?:\s+(?!(?:is|are|was|were|and|or|which|who|that|the|pick|give|bring|get)\b){_WORD})?'
    r'(?=\s*(?:$|[,.;:!?)]|\b(?:is|are|which|and|pick|give|bring|get|grab|choose|please)\b))',
    re.I)
# "of cups 2 to 4", "among images 2-4"
_RANGE = re.compile(r'\b(?:of|between|among|amongst|from|out\s+of)\s+(?:the\s+)?'
                    r"(?:[a-z][a-z'-]*\s+)?(?P<low>\d+)\s*(?:to|through|thru|-|\u2013)\s*"
                    r'(?P<high>\d+)\b', re.I)
# "of the first two", "of the last three": the first ones by number, or the last ones
_ENDS_OF_THE_ROW = re.compile(
    r'\b(?:of|between|among|amongst|from|out\s+of)\s+the\s+(?P<end>first|last|final|top|'
    r'bottom|left|leftmost|right|rightmost)\s+(?P<count>two|three|four|five|six|seven|eight|'
    r'nine|ten|\d+)\b(?:\s+(?!(?:is|are|and|or|which)\b)[a-z][a-z\'-]*)?', re.I)


def _read_only(text: str) -> Tuple[str, Tuple[int, ...]]:
    """
    Return (the text without it, the candidates) of a command that names which to choose among.

    "The darker of cups 3 and 4", "of the first and third cups, the darker", "between the
    third and fourth cup, pick the glossier", "the darker of the first two". Only where the
    rest of the text names no image; the last ones ("of the last two") are refused, as which
    they are depends on how many there are.
    """
    ends = _ENDS_OF_THE_ROW.search(text)
    if ends:
        if ends.group('end').lower() not in ('first', 'top', 'left', 'leftmost'):
            raise UnanswerableQueryError(
                f'{quote(text.strip())} chooses among the candidates counted from the end '
                f'({quote(ends.group(0).strip())}), whose numbers depend on how many there are: '
                'name them from the start ("the darker of the third and fourth")')
        numbers = tuple(range(1, _number(ends.group('count')) + 1))
        rest = text[:ends.start()] + text[ends.end():]
    else:
        found = _SUBSET.search(text) or _RANGE.search(text)
        if not found or set(re.findall(r"[a-z']+", text[:found.start()].lower())) & _STATING:
            return text, ()  # "the panel became darker between image 1 and image 2": a statement
        if found.re is _RANGE:
            low, high = sorted((int(found.group('low')), int(found.group('high'))))
            numbers = tuple(range(low, high + 1))
        else:
            numbers = tuple(sorted({_number(re.sub(r'\D', '', place) or place) for place in
                                    re.findall(rf'{_PLACE}|\b(?:two|three|four|five|six|seven|'
                                               r'eight|nine|ten)\b', found.group('list'), re.I)}))
        rest = text[:found.start()] + text[found.end():]
    if len(numbers) < 2 or re.search(r'\bimage\s+\d', normalise_references(rest), re.I):
        return text, ()
    return rest, numbers


# "the darkest cup other than the darkest (one)": the next one in the order
_ITSELF_EXCLUDED = re.compile(
    rf'(?P<degree>\b(?:most|least)\s+)?\b(?P<word>{_WORD})(?P<between>(?:\s+{_WORD}){{0,3}}?)'
    r'\s*,?\s*\b(?:other\s+than|except(?:\s+for)?|excluding|apart\s+from|aside\s+from|besides|'
    r'but\s+not|not|after|next\s+to)\s+the\s+(?P=degree)?(?P=word)'
    rf'(?:\s+(?:one|{_WORD}))?\b', re.I)


def _read_itself_excluded(text: str) -> Tuple[str, int]:
    """Return (the text without it, 1) of "the darkest except the darkest", else (text, 0)."""
    for found in _ITSELF_EXCLUDED.finditer(text):
        if _superlative(found.group('degree'), found.group('word')) is not None:
            return text[:found.start('between')] + found.group('between') + \
                text[found.end():], 1
    return text, 0


# "any but the second: the darkest", "anything except image 2, the glossiest"
_EXCLUDED_FIRST = re.compile(
    r"^\W*(?:(?:any|anything|any\s+one|anyone|any\s+of\s+them|any\s+[a-z][a-z'-]*)\s+(?:but|"
    r'except(?:\s+for)?|other\s+than|apart\s+from|besides|bar|save)|(?:please\s+)?(?:skip|'
    r"ignore|leave\s+out|omit|forget(?:\s+about)?|don'?t\s+(?:pick|bring|take|grab|use)|not|"
    r'except(?:\s+for)?|excluding|apart\s+from|aside\s+from|other\s+than|besides))\s+'
    r'(?P<names>[^:,;\u2013\u2014-]+?)(?:\s*[:,;\u2013\u2014-]+\s*|\s+(?:and\s+)?(?:then\s+)?'
    r'(?=(?:bring|give|pick|get|grab|fetch|take|hand|choose|select|find|show)\b))', re.I)


def _read_excluded_first(text: str) -> Tuple[str, Tuple[int, ...]]:
    """Return (the text without it, the candidates) of a command ruling some out first."""
    found = _EXCLUDED_FIRST.match(text)
    if not found or set(re.findall(r"[a-z']+", text[found.end():].lower())) & (
            _STATING | {"it's", 'its', "that's", 'thats', "they're"}):
        return text, ()  # "don't grab the left one, it's darker": the other one is wanted
    named = _candidates(found.group('names'), 0, True)
    if not named or named[1] < len(found.group('names').rstrip()):
        return text, ()
    if _FROM_THE_RIGHT.search(found.group('names')):
        raise UnanswerableQueryError(
            f'{quote(text.strip())} rules out a candidate counted from the end '
            f'({quote(found.group("names").strip())}), whose number depends on how many there '
            'are: name it from the start ("except the second one", "but not image 3")')
    return text[found.end():], tuple(named[0])


def _superlative(degree: Optional[str], word: str) -> Optional[int]:
    """
    Return the direction of "darkest" or "most/least <difference word>", None for other words.

    The direction of the first sense: -1 for "darkest" and "least shiny".
    """
    read = tokenize(word)
    senses = word_senses(read[0].word)[0] if len(read) == 1 else ()
    if not senses or not (degree or word.lower().endswith('est')):
        return None
    return -senses[0].direction if (degree or '').lower().startswith('least') else \
        senses[0].direction


def _superlative_of(phrase: str) -> Optional[Tuple[str, int]]:
    """Return (axis, direction) of a superlative phrase ("the darkest", "least shiny")."""
    words = phrase.split()
    degree = words[0] if len(words) == 2 and words[0].lower() in ('most', 'least') else None
    direction = _superlative(degree, words[-1])
    if direction is None:
        return None
    return word_senses(tokenize(words[-1])[0].word)[0][0].axis, direction


def _number(word: str) -> int:
    """Return the number an order or count word says ("second": 2, "3rd": 3, "five": 5)."""
    word = word.lower()
    digits = re.match(r'\d+', word)
    return int(digits.group(0)) if digits else _ORDERS.get(word) or _COUNTS[word]


# "the second from the darkest", "third after the glossiest": the place counted from the most
_ORDER_FROM = re.compile(rf'\b(?P<order>{_ORDER})\s+(?:one\s+)?(?:from|after)\s+(?:the\s+)?'
                         r'(?=(?:(?:most|least)\s+)?[a-z]+(?:est|st)\b)', re.I)


# "the one after the darkest", "the one right after the glossiest": the second
_ONE_AFTER = re.compile(r'\bone\s+(?:right\s+|just\s+|immediately\s+)?after\s+(?:the\s+)?'
                        r'(?=(?:(?:most|least)\s+)?[a-z]+(?:est|st)\b)', re.I)


def _read_rank(text: str) -> Tuple[str, int]:
    """Return (the text without its order words, the place asked for: 1 the most)."""
    said = text.strip()
    text = _ORDER_FROM.sub(lambda m: m.group('order') + ' ', text)
    text = _ONE_AFTER.sub('second ', text)
    end = _FROM_THE_END.search(text)
    if end and _superlative(end.group('degree'), end.group('word')) is not None:
        raise UnanswerableQueryError(
            f'{quote(said)} counts from the end of the order: ask for a place from its start, '
            'such as "the second darkest" or "the second lightest"')
    ranked = [found for found in _RANKED.finditer(text)
              if _superlative(found.group('degree'), found.group('word')) is not None]
    if ranked:
        # every order word goes; the last one says the place ("the 2nd darkest, no, the 3rd"),
        # unless a repair after it asks for the plain superlative ("..., no wait, the darkest")
        rank = 1 if _repaired_to_the_most(text[ranked[-1].end():]) else \
            _number(ranked[-1].group('order'))
        for found in reversed(ranked):
            text = text[:found.start()] + text[found.end():]
        return text, rank
    for found in _BUT_ONE.finditer(text):
        before = _BEFORE_BUT_ONE.search(text, 0, found.start())
        if before and any(_superlative(degree, word) is not None for degree, word in (
                (before.group('degree'), before.group('word')),
                (None, before.group(0).split()[-1]))):
            return text[:found.start()] + text[found.end():], _number(found.group('count')) + 1
    for found in _NEXT.finditer(text):
        if _superlative(found.group('degree'), found.group('word')) is not None:
            rest = text[found.end():]
            after = _AFTER_THE_FIRST.search(rest)
            if after and _superlative_of(after.group('word')):
                rest = rest[:after.start()] + rest[after.end():]
            return text[:found.start()] + rest, 2
    return _read_middle(text)


# A speaker's repair ("no wait", "sorry", "I mean", "actually") and a superlative after it.
_REPAIR = re.compile(r'\b(?:no|nope|wait|sorry|i\s+mean|actually|rather|scratch\s+that|'
                     r'make\s+(?:it|that))\b', re.I)
_SUPERLATIVE_AFTER = re.compile(rf'\b(?P<degree>(?:most|least)\s+)?(?P<word>{_WORD})', re.I)


def _repaired_to_the_most(tail: str) -> bool:
    """Return True when ``tail`` repairs a rank to a plain superlative ("no wait, the darkest")."""
    repair = _REPAIR.search(tail)
    if not repair:
        return False
    rest = tail[repair.end():]
    return not _RANKED.search(rest) and any(
        _superlative(found.group('degree'), found.group('word')) is not None
        for found in _SUPERLATIVE_AFTER.finditer(rest))


def _read_middle(text: str) -> Tuple[str, int]:
    """
    Return (the text as a superlative, the middle place) for "the middle one by darkness".

    Only where the text says of how many ("of the three"), and that number is odd; otherwise
    refused. "The middle cup", "the one in the middle": a position, the text as it is.
    """
    said = text.strip()
    neither = _NEITHER_NOR.search(text)
    poles = neither and (_superlative_of(neither.group('first')),
                         _superlative_of(neither.group('second')))
    if poles and poles[0] and poles[1] and poles[0][0] == poles[1][0] and \
            poles[0][1] == -poles[1][1]:
        asked = f'{text[:neither.start()]}the {neither.group("first")}{text[neither.end():]}'
    else:
        middle = _MIDDLE.search(text)
        if not middle or not any(is_axis_noun(tokenize(by.group('word'))[0].word)
                                 or word_senses(tokenize(by.group('word'))[0].word)[0]
                                 for by in _BY_AXIS.finditer(text, middle.end())):
            return text, 1
        asked = text[:middle.start()] + text[middle.end():]
    count = _COUNT.search(asked)
    if count is None:
        raise UnanswerableQueryError(
            f'{quote(said)} asks for the middle one, but not of how many candidates: ask for a '
            'place in the order, such as "the second darkest", or say how many ("the middle '
            'one of the three by darkness")')
    number = _number(count.group('count'))
    if number % 2 == 0:
        raise UnanswerableQueryError(
            f'{quote(said)} asks for the middle one of {number}, which has none: ask for a place '
            'in the order, such as "the second darkest"')
    return asked[:count.start()] + asked[count.end():], (number + 1) // 2


def _read_excluded(text: str) -> Tuple[str, Tuple[int, ...]]:
    """
    Return (the text without them, the candidates ruled out) of a command.

    After a superlative or comparative ("the darkest cup except the first one"), or the one a
    command's comparative is against ("grab the one that is bigger than image 2"); only where
    the rest of the text names no image, as a statement ("image 2 is darker, not image 1")
    does.
    """
    spans: List[Tuple[int, int]] = []
    excluded: List[int] = []
    readings = ((_EXCLUDING, True, _after_a_comparison), (_THAN, False, _commands))
    for pattern, ruling_out, follows in readings:
        for found in pattern.finditer(text):
            if any(low <= found.start() < high for low, high in spans) or \
                    not follows(text[:found.start()]):
                continue
            named = _candidates(text, found.end(), ruling_out)
            if named:
                spans.append((found.start(), named[1]))
                excluded += named[0]
    rest = text
    for low, high in sorted(spans, reverse=True):
        rest = rest[:low] + rest[high:]
    if not spans or re.search(r'\bimage\s+\d', normalise_references(rest), re.I):
        return text, ()
    for low, high in spans:
        if _FROM_THE_RIGHT.search(text, low, high):
            raise UnanswerableQueryError(
                f'{quote(text.strip())} rules out a candidate counted from the end '
                f'({quote(text[low:high].strip(" ,"))}), whose number depends on how many there '
                'are: name it from the start ("except the second one", "but not image 3")')
    return rest, tuple(sorted(set(excluded)))


def _candidates(text: str, start: int, excluding: bool) -> Optional[Tuple[List[int], int]]:
    """
    Return (image numbers, end) of the candidates named from ``start``, None for no name.

    The longest run of words up to the clause's end that names candidates only ("the first
    one", "image 2 and the third one"). ``excluding``: named by a word of ruling out, which
    may name a place alone ("except in image 1"); after "than" a thing is named ("than in image
    1" compares a thing's two pictures), and not one counted from the end ("than the right
    one" of a pair is read as a statement about the other image, as before).
    """
    clause = _CLAUSE_END.search(text, start)
    words = list(re.finditer(r'\S+', text[start:clause.start() if clause else len(text)]))
    for count in range(min(len(words), _NAME_WORDS), 0, -1):
        end = start + words[count - 1].end()
        name = text[start:end]
        numbers = _named_numbers(name, excluding)
        if numbers:
            if not excluding and _FROM_THE_RIGHT.search(name):
                return None  # "bigger than the right one": of a pair, read as before
            return numbers, end
    return None


def _named_numbers(name: str, excluding: bool) -> List[int]:
    """Return the image numbers of a list of candidates' names, [] when something else."""
    numbers = []
    for item in _LIST_BREAK.split(name.strip()):
        called = (_CALLED_BY_NUMBER.match(item.strip()) or _BARE_NUMBER.match(item.strip())) \
            if excluding else None
        if called:  # "but not cup two", "except mug #3", "except 1 and 3", "the first and third"
            numbers.append(_number(called.group('number')))
            continue
        item = normalise_references(item)
        found = _CANDIDATE.match(item)
        if not found or (not excluding and item.lower().startswith(('in ', 'on '))):
            return []
        numbers.append(int(found.group('number')))
    return numbers


def _after_a_comparison(before: str) -> bool:
    """Return True when ``before`` ends in a superlative or comparative phrase, no verb after."""
    tokens = tokenize(before[-_TAIL:])
    for k in range(len(tokens) - 1, max(-1, len(tokens) - 6), -1):
        word = tokens[k].word
        if word in _STATING:
            return False
        senses = word_senses(word)[0]
        degree = k > 0 and tokens[k - 1].word in ('most', 'least', 'more', 'less')
        if senses and (senses[0].comparative or degree or tokens[k].raw.endswith('est')):
            return True
    return False


def _commands(before: str) -> bool:
    """
    Return True when the text up to a comparative's "than" is a command or the thing it asks.

    "Bring me the cup that is darker", "I want a mug glossier", and a noun phrase with no verb
    of its own ("the cup that's darker"); not a statement ("the cup is darker").
    """
    last = [tok.word for tok in tokenize(before[-_TAIL:])[-_COMPARED_WORDS:]]
    if not any(word_senses(word)[0] for word in last):
        return False  # "darker than", "a glossier mug than", "one less dark than"
    if _COMMAND.match(before):
        return True
    words = re.findall(r"[\w']+", before.lower())
    return words[0] in ('the', 'one') and all(
        k > 0 and words[k - 1] in _RELATIVE for k, word in enumerate(words) if word in _STATING)

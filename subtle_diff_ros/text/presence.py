# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Presence and count of parts: "is missing its lid", "has no handle", "more buttons".

Three kinds of cue, each with the part it names:

- absent: "missing", "lacks", "without", "lost", "gone", "absent", "removed", "has no",
  "with no", a note opening "No lid on ...": axis ``presence``, direction -1 ("no longer has"
  is a having, +1, that the parser's "no longer" turns round); "missing one of its blades" is a
  ``count``, -1. The part follows the cue
  ("missing its lid") or, when nothing follows, is the noun before it ("the lid is gone"), the
  noun a relative clause is about ("a buckle that the other lacks") or the first noun of the
  clause ("Cap on bottle missing").
- count: "more", "fewer", "less", "extra" before a plural noun that names no difference ("more
  buttons", "two more holes"), or "a smaller / greater number of": axis ``count``, direction
  +1 or -1.
- present: "has", "with", "there is", "present": axis ``presence``, direction +1; a part "is
  showing", "visible", "in view" (+1) or "hidden" (-1). Weak: the parser uses them only when
  the text names no other difference ("the mug with a handle").

A part is at most two words, nouns or words no dictionary knows, with no difference word and no
comparative in it ("has a steeper side" names no part: it is a difference the lexicon does not
know), and not followed by a noun of the look of things ("has a box shape", "a stem design"
describe a shape, not a part that is there).
"""

from dataclasses import dataclass
import re
from typing import List, Optional

from .lexicon import (ABSENT_WORDS, ARTICLES, COUNT_WORDS, DEGREE_WORDS, LESS_WORDS, MORE_WORDS,
                      NO_PART_BEFORE, PART_NOUNS, PRESENT_WORDS, RELATIVE_WORDS)
from .spelling import english_slips, is_english, known_form, part_spelling
from .tokens import amount_of_noun, lacked_quality, Token, word_senses
from ..core.axes import ATTRIBUTE_AXES
from ..core.wording import is_plural

# Words that open a part's noun phrase without being part of it.
_DETERMINERS = ARTICLES | frozenset((
    'all', 'both', 'every', 'each',
    'its', 'their', 'his', 'her', 'our', 'one', 'some', 'any', 'two', 'three', 'four', 'five',
    'six', 'several', 'many', 'multiple', 'extra', 'additional', 'another', 'proper', 'own',
    'visible', 'obvious', 'apparent', 'noticeable', 'discernible'))
# Nouns of a change ("shows a slight loss of colour"): a difference, not a part.
_CHANGE_NOUNS = frozenset(('loss', 'gain', 'increase', 'decrease', 'drop', 'reduction', 'rise',
                           'decline'))
# Words that end a part's noun phrase.
_PART_STOP = frozenset((
    'change', 'changes', 'difference', 'differences', 'variation', 'contrast', 'down', 'up',
    'along', 'around', 'across', 'over', 'under', 'inside', 'outside', 'below', 'above',
    'behind', 'beneath', 'underneath', 'near',
    'in', 'on', 'at', 'of', 'that', 'which', 'who', 'than', 'then', 'compared', 'and', 'or',
    'but', 'while', 'whereas', 'unlike', 'like', 'from', 'to', 'for', 'with', 'without', 'is',
    'are', 'was', 'were', 'has', 'have', 'as', 'image', 'there', 'here', 'now', 'anymore',
    'either', 'too', 'any', 'attached', 'fitted', 'installed', 'visible', 'left', 'lol', 'pls',
    'plz', 'ngl', 'tbh', 'though', 'please', 'instead', 'now', 'under', 'over', 'around',
    'missing', 'gone', 'absent', 'removed', 'present', 'lacks', 'not', 'no', 'anywhere',
    'nothing', 'none', 'anything', 'something', 'more', 'less', 'fewer', 'most', 'vs', 'versus',
    # pronouns: "has lost the lid it had"
    'it', 'itself', 'they', 'them', 'he', 'she', 'him', 'her', 'we', 'you', 'i', 'me', 'us',
    ',', '.', ';', ':', '!', '?')) | _CHANGE_NOUNS
# Nouns of the look of things: a "part" before them describes a look ("a box shape").
_LOOK_NOUNS = frozenset(('shape', 'shapes', 'pattern', 'patterns', 'design', 'designs',
                         'features', 'feature', 'details', 'detail', 'style', 'look', 'form',
                         'texture', 'color', 'colour', 'finish', 'surface', 'deco',
                         'decoration', 'appearance'))
# Words skipped between a part and a following "is missing / gone".
_BEFORE_SKIP = frozenset(('is', 'are', 'was', 'were', 'been', 'has', 'have', 'now', 'also',
                          'completely', 'clearly', 'still', 'entirely', 'just', "'s"))
# Pronouns after a place word, between a part and its relative clause ("bands around it that").
_PRONOUNS = frozenset(('it', 'them', 'this', 'that', 'one', 'ones'))
# Pronouns after a cue of absence that name what is without, not a part ("without it catching").
_OBJECT_PRONOUNS = frozenset(('it', 'them', 'me', 'us', 'him', 'her', 'you'))
_PLACES = frozenset(('around', 'on', 'in', 'at', 'along', 'across', 'over', 'under', 'inside',
                     'behind', 'near', 'beside', 'below', 'above', 'onto', 'into', 'round'))
# Clause breaks for part cues: "a buckle that the other lacks" speaks of the other image.
PART_CLAUSE_BREAKS = RELATIVE_WORDS | frozenset(('while', 'whereas', 'but', 'however', 'whilst',
                                                 'unlike', 'although', 'though', ';', '.'))
_NOT_COUNTED = frozenset(('colors', 'colours', 'shades', 'tones', 'details', 'times', 'ones',
                          'images', 'pictures', 'photos', 'pics', 'things', 'items', 'objects',
                          # "more highlights", "stronger reflections": a glossier surface
                          'highlights', 'reflections', 'glints', 'sparkles',
                          # "gleams a touch less": an amount, nothing counted
                          'touch', 'tad', 'bit', 'lot', 'smidge', 'hair', 'little'))


# Words before "number of" that count a part ("a greater number of holes").
_NUMBER_SIZES = {'smaller': -1, 'lower': -1, 'fewer': -1, 'lesser': -1, 'larger': 1,
                 'greater': 1, 'bigger': 1, 'higher': 1}


@dataclass(frozen=True)
class PartCue:
    """A cue for a part axis: where it is, the axis, its direction and the part it names."""

    index: int
    axis: str
    direction: int
    part: str
    strong: bool


# Nouns that a dictionary also reads as a comparative nobody means ("number": more numb).
_NOT_COMPARATIVES = frozenset(('number',))


# Multiples before "as many" ("twice as many teeth", "three times as many", "half as many": the
# reading of "half as" turns the count around, as for "half as big").
_MULTIPLES = frozenset(('twice', 'double', 'triple', 'times', 'thrice', 'half'))


def _is_comparative(word: str) -> bool:
    """
    Return True for an adjective's comparative ("steeper"), or an unknown word like one.

    A word lemminflect does not know is one unless it is an English word (pyspellchecker's list)
    whose stem is no adjective, or a slip of one that is no slip of a difference word: "drker"
    and "bluer" are comparatives, "clicker", "juicer" and "stciker" (sticker) name parts.
    """
    if not word.endswith('er') or word in _NOT_COMPARATIVES:
        return False
    from lemminflect import getAllLemmas
    lemmas = getAllLemmas(word)
    if lemmas:
        return any(lemma != word for lemma in lemmas.get('ADJ', ()))
    if not is_english(word):
        return known_form(word) is not None or not english_slips(word)
    return any('ADJ' in getAllLemmas(stem) for stem in _comparative_stems(word))


def _comparative_stems(word: str) -> set:
    """Return the adjectives ``word`` could be the comparative of ("fatter": fat, fatt, fatte)."""
    base = word[:-2]
    stems = {base, word[:-1]}
    if base.endswith('i'):
        stems.add(base[:-1] + 'y')
    if len(base) > 2 and base[-1] == base[-2]:
        stems.add(base[:-1])
    return stems


def _is_part_word(tok: Token) -> bool:
    """Return True for a word that may name a part: a noun, or a word no dictionary knows."""
    word = tok.word
    if (word in _PART_STOP or word in _DETERMINERS or word in DEGREE_WORDS
            or word in _LOOK_NOUNS or not any(ch.isalpha() for ch in word) or word_senses(word)[0]
            or _is_comparative(word)):
        return False
    if word in PART_NOUNS:
        return True
    from lemminflect import getAllLemmas
    lemmas = getAllLemmas(word.split("'")[0])
    return not lemmas or 'NOUN' in lemmas


# Words after a counted plural that end its phrase ("fewer pans than", "more studs.").
_PHRASE_ENDS = frozenset(('than', 'compared', 'versus', 'vs', 'in', 'on', 'at', 'and', ',',
                          '.', ';', '!', '?', ':'))


def _plural_before_a_comparison(tokens: List[Token], i: int) -> Optional[str]:
    """
    Return the plural noun phrase right after token i that ends its phrase, or None.

    Right after "fewer" or "more" and before "than" (or the end) a verb cannot stand: "more barn
    door leaves than", "fewer pans than" count the phrase, whatever its nouns (lemminflect knows
    "pans" and "studs" as verbs only, "gribbles" not at all). Up to four words, nouns or words no
    dictionary knows, the last a plural.
    """
    start = end = i + 1
    while end < len(tokens) and end - start < _COUNTED_WORDS and \
            tokens[end].word not in _PHRASE_ENDS:
        end += 1
    if end == start or (end < len(tokens) and tokens[end].word not in _PHRASE_ENDS) or \
            not all(_is_part_word(tok) for tok in tokens[start:end - 1]):
        return None
    word = tokens[end - 1].word
    if len(word) < 4 or not word.isalpha() or not word.endswith('s') or word.endswith('ss') \
            or word_senses(word)[0] or _is_comparative(word) or word in _PART_STOP:
        return None
    return ' '.join(tok.raw for tok in tokens[start:end])


# Most words of a counted phrase ("more barn door leaves than").
_COUNTED_WORDS = 4


def _is_plain_adjective(word: str) -> bool:
    """Return True for a word a dictionary knows only as an adjective, no difference word."""
    if word_senses(word)[0] or _is_comparative(word):
        return False
    from lemminflect import getAllLemmas
    lemmas = getAllLemmas(word)
    return bool(lemmas) and set(lemmas) == {'ADJ'}


def _is_participle(word: str) -> bool:
    """Return True for a past participle that is no difference word ("printed", "raised")."""
    if not word.endswith('ed') or word_senses(word)[0]:
        return False
    from lemminflect import getAllLemmas
    return 'VERB' in getAllLemmas(word)


def _is_size_word(word: str) -> bool:
    """Return True for a size word that compares nothing ("little", "small", "big")."""
    senses = word_senses(word)[0]
    return word == 'little' or (bool(senses) and all(s.axis == 'size' and not s.comparative
                                                     for s in senses))


def _is_look_word(word: str) -> bool:
    """
    Return True for a plain colour word ("red", "black", "pale"), not a comparative.

    Shape words stay differences ("has a rectangular housing, while the one in image 2 does
    not": the other housing is not rectangular).
    """
    senses = word_senses(word)[0]
    return bool(senses) and not _is_comparative(word) and \
        all(not s.comparative and s.axis in ATTRIBUTE_AXES['color'] for s in senses)


def _is_positive(word: str) -> bool:
    """Return True for a difference word that compares nothing by itself ("square", "wide")."""
    senses = word_senses(word)[0]
    return bool(senses) and not _is_comparative(word) and not any(s.comparative for s in senses)


# Words that say a part is in view (+1) or out of it (-1) after "is" ("whose handle is
# showing", "the lid is hidden"); and nouns of view after "in", "on" or "out of" ("in view").
_IN_VIEW = {**dict.fromkeys(('showing', 'visible', 'exposed', 'uncovered'), 1),
            **dict.fromkeys(('hidden', 'concealed', 'obscured', 'invisible'), -1)}
_VIEW_NOUNS = frozenset(('view', 'sight', 'show'))
_BE_FORMS = frozenset(('is', 'are', 'was', 'were', "'s", 'be', 'been', 'stays', 'stay',
                       'remains', 'remain', "isn't", "aren't", "wasn't", "weren't"))
# Words between "is" and the word of view ("is not visible", "is still clearly showing").
_BEFORE_IN_VIEW = frozenset(('not', 'still', 'clearly', 'fully', 'partly', 'partially', 'now',
                             'also', 'just', 'completely', 'entirely', 'plainly', 'never'))


def _in_view(tokens: List[Token], i: int) -> Optional[tuple]:
    """
    Return (direction, index of its "is", cue index) for a part said at token i to be in view.

    "The mug whose handle is showing", "a lid that is not visible", "the label is out of
    sight": the noun before "is" names the part; nothing must follow as the part shown ("is
    showing its lid" is a having). The cue sits where the parser reads a negation before it
    ("is not in view": at "in") or "out of" as lacking ("out of sight").
    """
    word, k, cue = tokens[i].word, i - 1, i
    if word in _IN_VIEW:
        sign = _IN_VIEW[word]
    elif word in _VIEW_NOUNS and k >= 0 and tokens[k].word in ('in', 'on'):
        sign, k, cue = 1, k - 1, k
    elif word in _VIEW_NOUNS and k >= 1 and tokens[k].word == 'of' and tokens[k - 1].word == 'out':
        sign, k = 1, k - 2
    else:
        return None
    while k >= 0 and tokens[k].word in _BEFORE_IN_VIEW:
        k -= 1
    if k < 1 or tokens[k].word not in _BE_FORMS or not _is_part_word(tokens[k - 1]) or \
            _part_after(tokens, i):
        return None
    return sign, k, cue


# Seeing a part ("where you can see the eyes", "you can't spot the handle"): it is in view.
_SEEING = frozenset(('see', 'spot', 'glimpse'))
_ABLE = frozenset(('can', 'could', "can't", 'cant', 'cannot', "couldn't", 'couldnt'))


_NUMBER_WORDS = frozenset(('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight',
                           'nine', 'ten', 'a', 'an', 'several', 'few', 'couple'))


def _counted_before(tokens: List[Token], i: int) -> Optional[str]:
    """Return the part a number counts right before token i ("one strap fewer": "strap")."""
    if i < 2 or not _is_part_word(tokens[i - 1]) or tokens[i - 1].raw.lower() in _NOT_COUNTED:
        return None
    number = tokens[i - 2].word
    if not (number.isdigit() or number in _NUMBER_WORDS) or (
            i > 2 and tokens[i - 3].word in ('image', 'images')):
        return None  # "the pipe in image 1 bows more": an image, not a number of bows
    after = tokens[i + 1].word if i + 1 < len(tokens) else ''
    # "two buttons more than", "one strap fewer.": the comparison ends the phrase
    return tokens[i - 1].raw if after in ('', 'than', '.', ',', ';', '!', 'compared') else None


def _denied_as_many(tokens: List[Token], j: int) -> bool:
    """Return True for a denial before "as many" ending at ``j``: "doesn't have", "has not"."""
    while j >= 0 and tokens[j].word in ('have', 'quite', 'nearly', 'got', 'anywhere', 'near'):
        j -= 1
    return j >= 0 and (tokens[j].word in ('not', "doesn't", 'doesnt', "don't", 'dont', "hasn't",
                                          'hasnt', "haven't", "isn't", "aren't", 'nowhere'))


def _counted_in_heading(tokens: List[Token], i: int) -> Optional[str]:
    """
    Return the plural part a note's heading names for a bare "more"/"fewer" at token i.

    "Bolt holes: image 2 has fewer than image 1", "Buttons: image 1 has more": one or two part
    words and a ":" open the text, and nothing is counted after the word.
    """
    after = tokens[i + 1].word if i + 1 < len(tokens) else ''
    if after not in ('', 'than', '.', ',', ';', '!', 'compared'):
        return None
    for length in (1, 2):
        if len(tokens) > length + 1 and tokens[length].word == ':' and \
                all(_is_part_word(tok) for tok in tokens[:length]) and \
                is_plural(tokens[length - 1].word):
            return ' '.join(tok.raw for tok in tokens[:length])
    return None


# Numbers that count parts in "image 2 has three stripes, image 1 has two" ("one" is also a
# pronoun: "the one in image 1 has two").
_COUNTS = {'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6, 'seven': 7, 'eight': 8,
           'nine': 9, 'ten': 10, 'eleven': 11, 'twelve': 12, 'zero': 0}
# What may follow the second number when it leaves its noun out ("..., image 1 has two.").
_COUNT_ENDS = frozenset(('', ',', '.', ';', '!', 'and', 'but', 'while', 'whereas', 'of', 'in',
                         'on'))


def _stated_counts(tokens: List[Token]) -> Optional[PartCue]:
    """
    Return a count cue for two images' numbers of a part stated side by side, or None.

    "The vase in image 2 has three stripes, the one in image 1 has two", "image 2: 5 buttons,
    image 1: 4 buttons": the cue sits at the first number, with the direction of the first
    against the second (the parser reads it for the image the first is said of). Exactly two
    numbers, an image or "other" between them, a plural part after the first and the same part
    or nothing after the second.
    """
    numbers = [(i, int(tok.word) if tok.word.isdigit() else _COUNTS[tok.word])
               for i, tok in enumerate(tokens)
               if (tok.word in _COUNTS or (tok.word.isdigit() and len(tok.word) <= 4))
               and not (i > 0 and tokens[i - 1].word in ('image', 'images'))]
    if len(numbers) != 2 or numbers[0][1] == numbers[1][1]:
        return None
    (i, first), (j, second) = numbers
    part = _part_after(tokens, i)
    if not part or not is_plural(part) or part.split()[-1] in _NOT_COUNTED or not any(
            tok.word in ('image', 'other') for tok in tokens[i + 1:j]):
        return None
    again = _part_after(tokens, j)
    after = tokens[j + 1].word if j + 1 < len(tokens) else ''
    if again != part and not (again is None and after in _COUNT_ENDS):
        return None
    return PartCue(i, 'count', 1 if first > second else -1, part, True)


def _numbered_image(tokens: List[Token], k: int) -> Optional[str]:
    """Return '1' or '2' when tokens k, k + 1 are "image 1" or "image 2", else None."""
    if k + 1 < len(tokens) and tokens[k].word == 'image' and tokens[k + 1].word in ('1', '2'):
        return tokens[k + 1].word
    return None


# Verbs after a missing part that say it is back ("the missing grille has been replaced").
_PUT_BACK = frozenset(('replaced', 'refitted', 'restored', 'reattached', 'reinstalled',
                       'repaired', 'fixed', 'found', 'returned'))


def _replaced(tokens: List[Token], cues: List[PartCue]) -> List[PartCue]:
    """Return the cues with a missing part that was put back counted as there."""
    kept = []
    for cue in cues:
        if cue.axis == 'presence' and cue.direction < 0 and any(
                tok.word in _PUT_BACK for tok in tokens[cue.index + 1:cue.index + 7]):
            cue = PartCue(cue.index, 'presence', 1, cue.part, cue.strong)
        kept.append(cue)
    return kept


def _part_wise(tokens: List[Token]) -> Optional[PartCue]:
    """
    Return a presence cue for "lid-wise, only the cool box in image 1 has one", or None.

    The part names itself with "-wise"; "has one", "'s got one" say which image has it.
    """
    part = next((tok.word[:-len('-wise')] for tok in tokens
                 if tok.word.endswith('-wise') and len(tok.word) > 6), None)
    if not part:
        return None
    for i, tok in enumerate(tokens[:-1]):
        if tok.word in ('has', 'have', 'got') and tokens[i + 1].word == 'one':
            return PartCue(i, 'presence', 1, part, True)
    return None


def _counted_at_the_end(tokens: List[Token], cues: List[PartCue]) -> Optional[PartCue]:
    """
    Return a count cue for "..., so image 1 has two more" (the part named earlier), or None.

    A number and "more", "fewer" or "less" with no noun after them count the plural part that a
    number or "counted" named before ("Counting the spokes, ... has twelve ..., so Image 1 has
    two more").
    """
    if any(cue.axis == 'count' for cue in cues):
        return None
    for i in range(1, len(tokens)):
        word, before = tokens[i].word, tokens[i - 1].word
        after = tokens[i + 1].word if i + 1 < len(tokens) else ''
        if word in ('more', 'fewer', 'less') and (before.isdigit() or before in _COUNTS
                                                  or before == 'one') and \
                after in ('', 'than', '.', ',', ';', '!'):
            part = next((tokens[k].raw for k in range(i - 1)
                         if is_plural(tokens[k].raw) and _is_part_word(tokens[k])
                         and tokens[k].word not in _NOT_COUNTED and (
                             tokens[k - 1].word.isdigit() or tokens[k - 1].word in _COUNTS
                             or tokens[k - 1].word == 'the')), None)
            if part:
                return PartCue(i, 'count', 1 if word == 'more' else -1, part, True)
    return None


# "three-legged", "4-wheeled", "two-handled": a number of parts in one word.
_NUMBERED_COMPOUND = re.compile(r'(\d+|one|two|three|four|five|six|seven|eight|nine|ten|'
                                r'eleven|twelve)-([a-z]+)$')


def _compound_part(word: str) -> Optional[str]:
    """Return the part noun of "legged", "wheeled", "handled", "blade" ("leg", ...), or None."""
    from lemminflect import getAllLemmas
    if not word.endswith('ed'):
        candidates = [word]  # "a three-blade fan"
    else:
        candidates = [word[:-1], word[:-2]]  # "handled": handle; "wheeled": wheel
        if len(word) > 4 and word[-3] == word[-4]:
            candidates.insert(0, word[:-3])  # "legged": leg
    return next((c for c in candidates if c in PART_NOUNS or 'NOUN' in getAllLemmas(c)), None)


def _numbered_compounds(tokens: List[Token]) -> Optional[PartCue]:
    """
    Return a count cue for two numbered compounds of one part, or None.

    "The three-legged stool, not the four-legged one": the first against the second.
    """
    found = []
    for i, tok in enumerate(tokens):
        match = _NUMBERED_COMPOUND.fullmatch(tok.word)
        part = _compound_part(match[2]) if match else None
        if part:
            number = int(match[1]) if match[1].isdigit() else _COUNTS.get(match[1], 1)
            found.append((i, number, part))
    if len(found) != 2 or found[0][2] != found[1][2] or found[0][1] == found[1][1]:
        return None
    (i, first, stem), (_, second, _) = found
    return PartCue(i, 'count', 1 if first > second else -1, stem + 's', True)


def _only_in_one_image(tokens: List[Token]) -> Optional[PartCue]:
    """
    Return a weak presence cue for a thing said to be in one image only, or None.

    "A ribbon is tied around the box in image 2 but not in image 1", "A label shows only in
    image 1": the sentence's first noun is there in the image named first (the cue sits on that
    image's mention, so the parser reads it for that image).
    """
    for j, tok in enumerate(tokens):
        k = j + 1 + (j + 1 < len(tokens) and tokens[j + 1].word in ('in', 'on'))
        other = _numbered_image(tokens, k)
        if other is None or k + 2 < len(tokens) and tokens[k + 2].word not in ',.;!':
            continue
        if tok.word == 'not' and j > 0 and tokens[j - 1].word in ('but', 'and', ','):
            said = [i for i in range(j) if _numbered_image(tokens, i) not in (None, other)]
        elif tok.word == 'only' and not any(_numbered_image(tokens, i) for i in range(j)):
            said = [k]
        else:
            continue
        first = next((i for i in range(min(said, default=0))
                      if _is_part_word(tokens[i]) and tokens[i].word != 'image'), None)
        if said and first is not None and "'" not in tokens[first].raw:
            return PartCue(said[-1], 'presence', 1, _head(tokens[first]), False)
    return None


# Nouns of an amount before "of" and the part counted ("a couple of buttons").
_AMOUNT_NOUNS = frozenset(('couple', 'pair', 'few', 'handful', 'bunch', 'lot', 'lots', 'set',
                           'row', 'number'))
# Verbs before "off" that say a part came away ("the label peeled off").
_CAME_OFF = frozenset(('peeled', 'torn', 'broken', 'snapped', 'fallen', 'fell', 'come', 'came',
                       'knocked', 'chipped', 'ripped', 'sheared', 'cut', 'sawn',
                       'unscrewed', 'pulled', 'taken', 'popped', 'dropped'))


# Verbs of standing on a part ("the figure that stands on a base", "a vase sitting on feet").
_STANDING = frozenset(('stands', 'stand', 'standing', 'sits', 'sit', 'sitting', 'rests', 'rest',
                       'resting', 'mounted', 'perched', 'set'))
# What a thing may stand on as a part of it, besides the part nouns ("sits on a foot ring").
_SUPPORTS = frozenset(('ring', 'saucer', 'coaster', 'mount', 'tray', 'plinth', 'pedestal', 'stand',
                       'base', 'foot', 'feet', 'legs', 'wheels', 'castors', 'casters', 'platform',
                       'pallet', 'rack', 'cradle', 'holder', 'trivet'))

# Words before a difference word that say it of a thing named before ("a saucer that is
# darker", "the trivet, which looks glossier", "sits on a trivet and is darker").
_SAID_OF = frozenset(('that', 'which', 'and', 'is', 'are', 'was', 'were', 'looks', 'look',
                      'seems', 'appears', 'got', 'gets', 'more', 'less'))


def _compared_after(tokens: List[Token], i: int) -> bool:
    """
    Return True when the sentence compares something after "stands on" at token ``i``.

    "sits on a darker saucer", "stands on a foot ring that is chipped", "sits on a trivet and
    is darker": a comparison of what it stands on, or of the thing itself, not a part it has
    ("sits on a little trivet", "on a black base" name which one).
    """
    for k in range(i + 1, len(tokens)):
        word = tokens[k].word
        if word in ('.', ';', '!', '?'):
            return False
        if word_senses(word)[0] and (_is_comparative(word) or any(
                t.word in _SAID_OF for t in tokens[max(i + 1, k - 3):k])):
            return True
    return False


# Words in "-less" that name no missing part ("seamless" is smooth, "wireless" a kind of
# device, "spotless" clean).
_NOT_LACKING = frozenset(('unless', 'regardless', 'nevertheless', 'nonetheless', 'less',
                          'bless', 'useless', 'careless', 'endless', 'seamless', 'wireless',
                          'spotless', 'flawless', 'timeless', 'countless', 'shapeless',
                          'colourless', 'colorless', 'featureless', 'matchless', 'priceless',
                          'harmless', 'helpless', 'hopeless', 'pointless', 'restless',
                          'needless', 'doubtless', 'weightless', 'bottomless', 'effortless'))


def _lacked_part(word: str) -> Optional[str]:
    """Return the part a "-less" or "un-...led" word says is missing ("lidless": lid), or None."""
    if word in _NOT_LACKING or word_senses(word)[0]:
        return None
    stem = None
    if word.endswith('less') and len(word) > 6:
        stem = word[:-4]
    elif word.startswith('un') and word.endswith(('labelled', 'labeled')):
        stem = 'label'
    if stem and (stem in PART_NOUNS or stem.rstrip('s') in PART_NOUNS):
        return stem
    return None


# Words of how many of the parts ("missing one of its blades", "lacks some of the keys").
_SOME_OF = _NUMBER_WORDS | frozenset(('some', 'many', 'most'))


def _some_of_the_parts(tokens: List[Token], i: int) -> Optional[str]:
    """Return the plural part after "missing one of its" at token i, or None."""
    j = i + 1
    if j < len(tokens) and tokens[j].word in ('a', 'the'):
        j += 1  # "missing a few of its keys"
    if j + 1 >= len(tokens) or tokens[j + 1].word != 'of' or not (
            tokens[j].word in _SOME_OF or tokens[j].word.isdigit()):
        return None
    part = _part_after(tokens, j + 1)
    if part and is_plural(part) and part.split()[-1] not in _NOT_COUNTED:
        return part
    return None


def _shown_more(tokens: List[Token], i: int, part: str) -> bool:
    """Return True when "more"/"less" follows the part shown ("would show fingerprints more")."""
    last = part.lower().split()[-1]
    for j in range(i + 1, min(len(tokens) - 1, i + 7)):
        if tokens[j].raw == last:
            return tokens[j + 1].word in MORE_WORDS or tokens[j + 1].word in LESS_WORDS
    return False


def _part_after(tokens: List[Token], i: int, colours: bool = False,
                looks: bool = False) -> Optional[str]:
    """
    Return the part named right after token i ("missing its lid" -> "lid"), or None.

    ``colours``: a colour name may say which part ("has a red band": the band); ``looks``: so
    may any plain difference word ("stands on a square base": the base).
    """
    j = i + 1
    while j < len(tokens) and (tokens[j].word in _DETERMINERS or tokens[j].word.isdigit()
                               or (tokens[j].word in _AMOUNT_NOUNS and j + 1 < len(tokens)
                                   and tokens[j + 1].word == 'of')):
        j += 2 if tokens[j].word in _AMOUNT_NOUNS else 1  # "a couple of buttons"
    if colours:
        # "has black stripes", "has a white band": the part's colour names which part
        k = j
        while k < len(tokens) and k - j < 4 and (
                _is_look_word(tokens[k].word) or _is_plain_adjective(tokens[k].word)
                or (looks and _is_positive(tokens[k].word))
                or (k > j and tokens[k].word in ('and', 'or', ',')
                    and k + 1 < len(tokens) and _is_look_word(tokens[k + 1].word))):
            k += 1  # "has the green and red stripes"
        if k > j and k < len(tokens) and (_is_part_word(tokens[k]) or _names_what_for(tokens, k)):
            j = k  # "has white racing stripes": the '-ing' word names the stripes
    while j + 1 < len(tokens) and j - i < 4 and (
            _is_plain_adjective(tokens[j].word) or _is_participle(tokens[j].word)
            or (colours and _is_size_word(tokens[j].word))) \
            and _is_part_word(tokens[j + 1]):
        j += 1  # "missing the electrolytic capacitor", "has a protective cap", "a little door"
    start = j
    if _names_what_for(tokens, j):
        j += 1  # "playing cards", "a sliding door": a noun named by what it is for
    while j < len(tokens) and j - start < 2 and _is_part_word(tokens[j]):
        j += 1
    if j == start or (j < len(tokens) and _is_comparative(tokens[j].word)):
        return None
    around = j + 1 < len(tokens) and tokens[j].word == 'round' and \
        tokens[j + 1].word in _DETERMINERS  # "a band round the rim"
    if j < len(tokens) and not around and (word_senses(tokens[j].word)[0]
                                           or tokens[j].word in _LOOK_NOUNS
                                           or tokens[j].word in _CHANGE_NOUNS):
        return None  # "has a handle darker than ...", "has a box shape": not about presence
    return ' '.join(t.raw for t in tokens[start:j])


def _part_said_with(tokens: List[Token], i: int) -> Optional[str]:
    """
    Return the part of an earlier "with" that a bare "without" at ``i`` leaves out, or None.

    "the mug with a lid, not the one without", "the car with black wheels, not the one without
    any": the part is said once, after "with".
    """
    if i + 1 < len(tokens) and tokens[i + 1].word not in _ELIDED_PART_ENDS:
        return None
    return next((part for k in range(i - 1, -1, -1) if tokens[k].word == 'with'
                 and (part := _part_after(tokens, k, colours=True))), None)


# What may follow a "without" whose part was named before ("not the one without one").
_ELIDED_PART_ENDS = frozenset((',', '.', ';', '!', '?', 'one', 'ones', 'any', 'it', 'them',
                               'please', 'pls', 'thanks', 'and', 'but'))


def _names_what_for(tokens: List[Token], j: int) -> bool:
    """Return True for an '-ing' word naming the part after it ("racing stripes")."""
    return j + 1 < len(tokens) and tokens[j].word.endswith('ing') and \
        not word_senses(tokens[j].word)[0] and _is_part_word(tokens[j + 1])


def _head(tok: Token) -> str:
    return tok.raw.split("'")[0]


def _part_before(tokens: List[Token], i: int, clause_start: int) -> Optional[str]:
    """
    Return the part a cue with nothing after it is about.

    The noun right before it ("the lid is gone"), the noun before a relative clause ("a buckle
    that the other lacks"), or the first noun of its clause ("Cap on bottle missing").
    """
    j = i - 1
    while j >= clause_start and tokens[j].word in _BEFORE_SKIP:
        j -= 1
    for length in (2, 3, 4):
        # "a buckle the other lacks", "the other one lacks", "the other bag lacks", "which the
        # image 2 bag lacks": the other image's object is no part; the part comes before it
        k = j - length + 1
        if k >= 0 and tokens[k].word == 'the' and (
                (tokens[k + 1].word == 'other' and length < 4)
                or (length > 2 and tokens[k + 1].word == 'image'
                    and tokens[k + 2].word in ('1', '2'))):
            j = k - 1
            break
        if k >= 0 and length == 3 and tokens[k].word == 'image' and \
                tokens[k + 1].word in ("1's", "2's"):
            j = k - 1  # "a lid that image 1's saucepan lacks"
            break
    if j < clause_start - 1 or (j == clause_start - 1 and tokens[j].word in RELATIVE_WORDS):
        j = -1  # "that the other lacks": the part comes before the relative clause
    if j >= clause_start and _is_part_word(tokens[j]) and "'" not in tokens[j].raw:
        k = j - 1
        while k > clause_start and (tokens[k].word in ARTICLES
                                    or tokens[k].word in ('its', 'their')):
            k -= 1
        if k > clause_start and tokens[k].word in ('on', 'of', 'from') and \
                _is_part_word(tokens[k - 1]) and "'" not in tokens[k - 1].raw:
            return _head(tokens[k - 1])  # "cap on bottle missing", "the lid of the jar is gone"
        return _head(tokens[j])
    owner = clause_start - 2
    if owner >= 1 and tokens[owner].word == ',':
        owner -= 1  # "has a knob, which the other lacks"
    while owner >= 2 and tokens[owner].word in _PRONOUNS and tokens[owner - 1].word in _PLACES:
        owner -= 2  # "has bands around it that the other lacks": the bands
    if owner >= 0 and tokens[clause_start - 1].word in RELATIVE_WORDS and \
            _is_part_word(tokens[owner]):
        k = owner - 1
        while k > 0 and (tokens[k].word in ARTICLES or tokens[k].word in ('its', 'their')):
            k -= 1  # "has a key on its base, which the other lacks": the key
        if k > 0 and tokens[k].word in ('on', 'of', 'in') and _is_part_word(tokens[k - 1]) \
                and "'" not in tokens[k - 1].raw:
            return _head(tokens[k - 1])  # "shows a cap on the bottle, which image 1 lacks"
        return _head(tokens[owner])
    k = clause_start
    while k < i and (not _is_part_word(tokens[k]) or tokens[k].word == 'image'
                     or (k > 0 and tokens[k - 1].word == 'image')):
        k += 1
    while k + 1 < i and "'" in tokens[k].raw and _is_part_word(tokens[k + 1]):
        k += 1  # "the kettle's lid is gone": the lid
    return _head(tokens[k]) if k < i and "'" not in tokens[k].raw else None


def _changes_to_a_difference(tokens: List[Token], i: int) -> bool:
    """Return True when the cue is a verb of change before a difference ("gone browner")."""
    j = i + 1
    while j < len(tokens) and tokens[j].word in DEGREE_WORDS | MORE_WORDS | LESS_WORDS | {
            'a', 'bit', 'lot', 'much'}:
        j += 1  # "has gone noticeably more matte"
    return j < len(tokens) and tokens[i].word in ('gone', 'went', 'going') and (
        bool(word_senses(tokens[j].word)[0]) or _is_comparative(tokens[j].word))


def clause_starts(tokens: List[Token]) -> List[int]:
    """Return, per token, the index where its clause (``PART_CLAUSE_BREAKS``) starts."""
    starts, start = [], 0
    for i, tok in enumerate(tokens):
        starts.append(start)
        if tok.word in PART_CLAUSE_BREAKS:
            start = i + 1
    return starts


def _denied(tokens: List[Token], start: int, i: int, part: str) -> bool:
    """Return True when ``part``, before token i, follows a "no" ("No lid is present")."""
    return any(tokens[k].word == 'no' and _head(tokens[k + 1]) == part
               for k in range(start, i - 1))


# Nouns after an opening "no" that name no part ("No difference in colour", "No sign of wear").
_NOT_ABSENT_PARTS = frozenset(('difference', 'differences', 'change', 'changes', 'sign',
                               'signs', 'trace', 'traces', 'wear', 'damage', 'problem',
                               'problems', 'issue', 'issues', 'doubt', 'idea', 'way', 'matter',
                               'question', 'need', 'visible', 'noticeable', 'real', 'obvious'))


def _opens_a_note(tokens: List[Token], i: int) -> bool:
    """Return True for "No label on the image 1 carton": an opening "no", a part, a place."""
    part = _part_after(tokens, i)
    if not part or part.split()[0] in _NOT_ABSENT_PARTS or part.split()[-1] in _NOT_ABSENT_PARTS:
        return False
    end = i + 1
    while end < len(tokens) and tokens[end].raw != part.split()[-1]:
        end += 1  # past the words before the part ("no printed label")
    end += 1
    if i > 0 and tokens[i - 1].word == ':' and (end == len(tokens) or
                                                tokens[end].word in (',', ';', '.')):
        return True  # "Image 1 cup: no bands, unlike image 2": a labelled note
    return end < len(tokens) and tokens[end].word in ('on', 'in', 'at', 'for')


def part_cues(tokens: List[Token]) -> List[PartCue]:
    """Return every presence and count cue of the text, with its part (module docstring)."""
    starts = clause_starts(tokens)
    cues = []
    for i, tok in enumerate(tokens):
        word = tok.word
        before = tokens[i - 1].word if i > 0 else ''
        after = tokens[i + 1].word if i + 1 < len(tokens) else ''
        lacked = _lacked_part(word)
        gone = word.endswith('-off') and word[:-4] in _CAME_OFF
        if lacked:
            cues.append(PartCue(i, 'presence', -1, lacked, True))  # "the lidless teapot"
        elif gone and (part := _part_after(tokens, i)):
            cues.append(PartCue(i, 'presence', -1, part, True))  # "the broken-off strap"
        elif word in ABSENT_WORDS and after in ('more', 'fewer', 'less'):
            part = _part_after(tokens, i + 1)  # "missing more keys": fewer keys
            if part and is_plural(part) and part.split()[-1] not in _NOT_COUNTED:
                cues.append(PartCue(i, 'count', 1 if after != 'more' else -1, part, True))
        elif word in ABSENT_WORDS and (part := _some_of_the_parts(tokens, i)):
            cues.append(PartCue(i, 'count', -1, part, True))  # "missing one of its blades"
        elif word in ('more', 'fewer', 'less') and before in ABSENT_WORDS:
            continue
        elif word == 'off' and before in _CAME_OFF and \
                (part := _part_before(tokens, i - 1, starts[i])):
            cues.append(PartCue(i, 'presence', -1, part, True))  # "the label peeled off"
        elif word == 'on' and before in _STANDING and not _compared_after(tokens, i) and \
                (part := _part_after(tokens, i, colours=True, looks=True)) and \
                part.split()[-1].lower() in PART_NOUNS | _SUPPORTS:
            # "stands on a base", "sitting on a little stand", "sits on a stepped foot ring",
            # "standing on a square base" (what it stands on described, not compared)
            cues.append(PartCue(i, 'presence', 1, part, True))
        elif word == 'short' and after == 'of' and (part := _part_after(tokens, i + 1)):
            cues.append(PartCue(i, 'presence', -1, part, True))  # "short of a button"
        elif word in ('number', 'count') and before == 'the' and i > 1 and \
                tokens[i - 2].word in _MULTIPLES and after == 'of':
            part = _part_after(tokens, i + 1)  # "double the number of rivets"
            if part and part.split()[-1] not in _NOT_COUNTED:
                direction = -1 if tokens[i - 2].word == 'half' else 1
                cues.append(PartCue(i, 'count', direction, part, True))
        elif word in ABSENT_WORDS or (word == 'no' and before in NO_PART_BEFORE) or (
                word == 'no' and before in ('is', 'are') and i > 1
                and tokens[i - 2].word == 'there') or (  # "there is no lid on the jug"
                word == 'not' and before in ('has', 'have', 'had')) or (  # "has not a lid"
                word == 'no' and (i == 0 or before in ',;:.') and _opens_a_note(tokens, i)):
            if amount_of_noun(tokens, i) is not None or _changes_to_a_difference(tokens, i) or \
                    lacked_quality(tokens, i) is not None:
                continue  # "has lost its shine", "has gone browner", "lacks the warm tone"
            part = _part_after(tokens, i, colours=True)  # "is missing the blue label"
            if part is None and word == 'without':
                part = _part_said_with(tokens, i)  # "the one with a lid, not the one without"
            if part is None and word not in ('no', 'not') and after not in _OBJECT_PRONOUNS:
                # "the lid is gone"; not "slides across without it catching": no part named
                part = _part_before(tokens, i, starts[i])
            if part:
                cues.append(PartCue(i, 'presence', -1, part, True))
        elif word in ('has', 'have') and before == 'longer' and i > 1 and \
                tokens[i - 2].word == 'no':
            part = _part_after(tokens, i)  # "no longer has its clip"
            if part:  # having it, which the parser's "no longer" turns round
                cues.append(PartCue(i, 'presence', 1, part, True))
        elif word in ('number', 'count') and before in _NUMBER_SIZES and \
                i + 1 < len(tokens) and tokens[i + 1].word == 'of':
            part = _part_after(tokens, i + 1)  # "a smaller number of legs"
            if part and part.split()[-1] not in _NOT_COUNTED:
                cues.append(PartCue(i, 'count', _NUMBER_SIZES[before], part, True))
        elif word == 'many' and before == 'as' and i > 1 and _denied_as_many(tokens, i - 2):
            part = _part_after(tokens, i)  # "doesn't have as many buttons as", "has not as many"
            if part and is_plural(part) and part.split()[-1] not in _NOT_COUNTED:
                # the parser turns "not ... as many" and "nowhere near as many" round itself
                cues.append(PartCue(i, 'count', 1, part, True))
        elif word == 'many' and before == 'as' and i > 1 and tokens[i - 2].word in _MULTIPLES:
            part = _part_after(tokens, i)  # "twice as many teeth", "half as many holes"
            if part and is_plural(part) and part.split()[-1] not in _NOT_COUNTED:
                cues.append(PartCue(i, 'count', 1, part, True))
        elif word in ('more', 'fewer', 'less') and (
                counted := _counted_before(tokens, i) or _counted_in_heading(tokens, i)):
            # "has one strap fewer than", "two buttons more than the other", "Bolt holes:
            # image 2 has fewer than image 1"
            cues.append(PartCue(i, 'count', 1 if word == 'more' else -1, counted, True))
        elif word in MORE_WORDS | LESS_WORDS | COUNT_WORDS:
            part = _plural_before_a_comparison(tokens, i) or _part_after(tokens, i)
            # "one more screw", "an extra hole": one part more, named in the singular
            one = before in ('one', 'an', 'a', '1') and word in ('more', 'fewer', 'less',
                                                                 'extra', 'additional')
            if part and (is_plural(part) or is_plural(part_spelling(part.split()[-1])) or one) \
                    and part.split()[-1] not in _NOT_COUNTED:  # "more teth": teeth
                direction = -1 if word in LESS_WORDS else 1
                cues.append(PartCue(i, 'count', direction, part, True))
        elif (seen := _in_view(tokens, i)) and (part := _part_before(tokens, seen[1], starts[i])):
            # "whose handle is showing", "the lid is hidden", "the tag isn't in view"
            cues.append(PartCue(seen[2], 'presence', seen[0], part, False))
        elif word in _SEEING and before in _ABLE and (part := _part_after(tokens, i)):
            # "the one where you can see the eyes"; the parser turns "can't see" round
            cues.append(PartCue(i, 'presence', 1, part, False))
        elif word in PRESENT_WORDS or (word in ('is', 'are', "'s") and before == 'there') or \
                word in ("there's", 'theres'):
            # a colour names which part: weak cues serve only texts with no other difference
            part = _part_after(tokens, i, colours=True) if word != 'present' else \
                _part_before(tokens, i, starts[i])
            if part and word == 'present' and _denied(tokens, starts[i], i, part):
                cues.append(PartCue(i, 'presence', -1, part, True))  # "no lid is present"
            elif part and not _shown_more(tokens, i, part):
                cues.append(PartCue(i, 'presence', 1, part, False))
    found = [_stated_counts(tokens) or _numbered_compounds(tokens), _only_in_one_image(tokens),
             _part_wise(tokens), _counted_at_the_end(tokens, cues)]
    return _replaced(tokens, cues) + [cue for cue in found if cue]

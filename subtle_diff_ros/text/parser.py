# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Reading of difference sentences and robot commands: rules first, a sentence encoder last.

The rules find (1) which image the text is about, from the first "Image N" that is not the
target of a comparison ("than image 2", "compared to image 1"), after ``references`` rewrote
orders and positions ("the second one", "the left cup") as "image N"; (2) the word that names
the difference, from the lexicon (slips and inflections read by ``tokens``), with its direction
flipped by "less", "fewer", "not as ... as" or by sitting in a contrast clause about the other
image, or a part that is missing, present or counted (``presence``); (3) the object and the
part (``objects``). A command's place in the order ("the second darkest") and the candidates it
rules out ("except the first one") are read and taken out first (``ranks``). A text no rule
reads goes to the phrase encoder (``phrase_encoder``), which maps its difference phrase to the
nearest axis and pole or declines.
"""

from dataclasses import dataclass, replace
import math
import os
import re
from typing import List, Optional, Tuple

from .affordances import read_affordances
from .alike import alike_cue, both_cue
from .felt import felt_quality
from .idioms import read_idioms
from .language import foreign_script, foreign_words
from .lexicon import (ARTICLES, COMMAND_VERBS, CUTTING_THINGS, DEGREE_WORDS, FAT_FORMS,
                      FINE_STRANDS, FLAT_OBJECTS, GIRTH_FORMS, HEIGHT_FORMS, LESS_WORDS,
                      MORE_WORDS, NEGATION_WORDS, NOT_SLIPS, QUANTITY_FILLERS,
                      RESULT_PARTICIPLES, Sense, SENSES_BY_NEXT_NOUN, SMALL_DEGREES,
                      STANDING_OBJECTS, THIN_OBJECTS, VESSELS)
from .objects import names_a_thing, object_and_part, text_pair
from .presence import PART_CLAUSE_BREAKS, part_cues
from .ranks import read_order
from .references import normalise_references
from .speech import read_transcript
from .spelling import part_spelling
from .surroundings import said_of_another, scene_object
from .tokens import (amount_of_noun, is_axis_noun, lacked_quality, plain_text, Token, tokenize,
                     word_senses)
from ..core.axes import ATTRIBUTES, AXES
from ..core.errors import QueryParseError, quote, UnanswerableQueryError
from ..core.query import ASKED, DifferenceQuery, unparsed_query
from ..core.wording import odd_characters

# Set to 0, off or false to switch the phrase-encoder fallback off for the whole process.
FALLBACK_VARIABLE = 'SUBTLE_DIFF_PHRASE_ENCODER'
_VERBS = frozenset(('is', 'are', 'was', 'were', 'has', 'have', 'had', 'ha', 'looks', 'look',
                    'appears', 'appear', 'seems', 'seem', 'becomes', 'become', 'feels', 'gets',
                    'got', 'shows', 'show', 'displays', 'features', 'contains', 'depicts', "isn't",
                    "aren't", "wasn't", "weren't", "doesn't", "don't", 'isnt', 'arent'))
# Forms of 'be' and linking verbs before "anything but darker" (not the verbs above).
_BE_WORDS = frozenset(('be', 'been', 'being', "it's", "that's", 'its', 'sounds', 'feel',
                      'stays', 'remains', 'looked', 'seemed', 'appeared'))
# Words after which an "image N" is the thing compared against, not the subject.
_REFERENCE_TRIGGERS = frozenset(('than', 'then', 'compared', 'compare', 'comparing',
                                 'comparison', 'versus', 'vs', 'from', 'unlike', 'relative',
                                 'against', 'contrast', 'as', 'to', 'with', 'over', 'since'))
_REFERENCE_FILLERS = frozenset(('the', 'one', 'ones', 'that', 'those', 'of', 'in', 'on', 'a',
                                'an', 'object', 'item', 'thing', 'when', 'it', 'is',
                                'reference', 'ref', 'original', 'other'))
# Words that end a clause; a later clause usually speaks about the other image.
_CLAUSE_BREAKS = frozenset(('while', 'whereas', 'but', 'however', 'which', ';', '.', 'whilst',
                            'although', 'though'))
# Words after which an image opens a clause of its own ("Image 1 is dark, image 2 is darker").
_CLAUSE_OPENERS = frozenset((',', ';', 'and', 'but', 'while', 'whereas', 'whilst', 'yet',
                             'though', 'although', '.', '!', 'so', 'thus', 'hence',
                             'therefore'))
# Words that open a sentence with a clause about the background ("Whereas the jug in image 1
# keeps its gloss, the jug in image 2 ..."): the image of the main clause after it is the subject.
_SUBORDINATORS = frozenset(('whereas', 'while', 'whilst', 'although', 'though'))
# A speaker's repair of the word just said ("the smaller, I mean bigger, one", "more yellow no
# sorry more orange"): what follows replaces it.
_REPAIRS = (('no', 'sorry'), ('no', 'wait'), ('wait', 'no'), ('i', 'mean'), ('i', 'meant'),
            ('or', 'rather'), ('scratch', 'that'), ('make', 'that'), ('just', 'kidding'),
            ('actually', 'no'), ('hang', 'on'), ('hold', 'on'), ('sorry',), ('correction',),
            ('jk',), ('no',))
_REPAIR_STARTS = frozenset(words[0] for words in _REPAIRS)
# A statement opened by a denial of what follows ("I don't think image 1 is darker", "can't say
# the tray isn't darker", "it's not true that ...", "no way image 1 is ..."): the claim read
# after it is reversed ("no way, ..." is surprise, and "can't say which" a question).
_DENIAL = re.compile(
    r'^\W*(?:(?:honestly|frankly|tbh|well|hmm|um|ok|okay|no|nah)\W+)*'
    r"(?:i\s+(?:really\s+|honestly\s+|just\s+)?(?:don'?t|do\s+not|can'?t|cannot|can\s+not)"
    r'\s+(?:really\s+|honestly\s+)?(?:think|believe|say|agree)'
    r"|i\s+(?:wouldn'?t|would\s+not)\s+say|i\s+doubt|(?:can'?t|cannot|can\s+not)\s+say"
    r"|(?:(?:it'?s|it\s+is)\s+not|it\s+isn'?t)\s+true\s+that|no\s+way(?!\s*[,!.])"
    r"|(?:it\s+would\s+be|it'?s|it\s+is)\s+(?:wrong|false|untrue|incorrect)\s+to\s+say"
    r'(?:\s+that)?)'
    r'\b(?!\s+(?:which|whether|if)\b)', re.IGNORECASE)
# A text that ends by mocking or taking back what it says, with nothing said instead: "the
# lighter cup /s", "(not)", "- not!", "said no one ever", "(kidding)", "jk", "the lighter cup?
# no!" (a command, not a question answered "no").
_MOCKED = re.compile(r"(?:/s|\(\s*(?:not|kidding|joking|jk|sarcasm|lol\s+no|it\s+isn'?t|"
                     r"it'?s\s+not|it\s+is\s+not|not\s+really)\s*\)|"
                     r'[-\u2013\u2014,.]\s*not\s*!+|\?\s*(?:no|nope|nah)\b[\s.!]*|'
                     r'said\s+no\s*(?:one|body)\s+ever|\b(?:jk|j/k|just\s+kidding|kidding|'
                     r'joking)\b)[\s.!]*$', re.IGNORECASE)
# A text that opens by mocking what follows: "Yeah right, like the left one is rounder".
_MOCKING_START = re.compile(r'^\W*(?:oh\s+)?(?:yeah|yea|ya)\s*,?\s+right\b\W*(?:like\b)?|'
                            r'^\W*as\s+if\b', re.IGNORECASE)
# A claim reported of someone and then denied, or once believed and now seen untrue: "Maria
# says the right one is darker, but she's wrong", "I used to think image 1 was rounder, but now I
# see it isn't": the claim is turned round.
_REPORT_DENIED = re.compile(
    r'\b(?:says?|said|thinks?|thought|claims?|claimed|reckons?|reckoned|believes?|believed|'
    r'insists?|insisted)\b.{3,160}?[,;.]?\s*(?:but|though|however)\s*,?\s*(?:'
    r"(?:she|he|they|that|who)\s*(?:'s|'re|\s+is|\s+are|\s+was|\s+were)\s+(?:wrong|mistaken|"
    r'incorrect|not\s+right)|(?:now\s+)?(?:i\s+(?:can\s+)?see\s+(?:that\s+)?)?(?:it|that)\s*'
    r"(?:isn'?t|is\s+not|'s\s+not|wasn'?t|was\s+not|doesn'?t|does\s+not)(?:\s+(?:true|so|the\s+"
    r'case))?)\W*$', re.IGNORECASE)
# A claim taken back at the end ("Image 1 is darker than image 2? No, the other way round.",
# "... darker - actually it's vice versa"), unless the reversal itself is denied ("not the other
# way round", "rather than the reverse") or is a place ("the one on the opposite").
_REVERSED = re.compile(r"(?P<before>[\w']+[^\w']+)?(?:(?:the\s+)?other\s+way\s+a?round|"
                       r"vice\s+versa|the\s+(?:reverse|opposite))[^\w']*$", re.IGNORECASE)
# How far from the end the reversal is looked for (a longer search backtracked for seconds).
_REVERSED_TAIL = 80
_NOT_REVERSING = frozenset(('not', "isn't", 'than', 'of', 'and', 'on', 'at', 'to', 'from',
                            'in', 'by', 'toward', 'towards', 'facing'))


# "the cup which I wouldn't say is darker", "the one I don't think is glossier": the speaker
# denies the difference of the thing named.
_DENYING = frozenset(("wouldn't", 'wouldnt', "don't", 'dont', "didn't", 'didnt', 'never'))
_BELIEVING = frozenset(('say', 'think', 'call', 'consider', 'believe', 'reckon', 'find'))


def _belief_denied(tokens, index) -> bool:
    """Return True when a relative clause denies the difference at ``index`` ("I wouldn't say")."""
    words = [tok.word for tok in tokens[max(0, index - 7):index]]
    for k in range(len(words) - 2):
        if words[k] in ('i', 'we') and words[k + 1] in _DENYING and \
                words[k + 2] in _BELIEVING and k > 0 and words[k - 1] in ('that', 'which', 'one',
                                                                          'ones', 'who'):
            return all(w in ('is', 'are', 'looks', 'as', 'any', 'it', "it's", 'much', 'really',
                             'all', 'that', 'very', 'more', 'less')
                       for w in words[k + 3:])
    return False


# Words that ask for a change the thing needs ("needs to be darker", "could stand to be
# glossier", "has to be made rounder"), so that it lacks the quality now.
_NEEDING = frozenset(('need', 'needs', 'needed', 'stand', 'has', 'have', 'wants'))
# Words between a wish and its comparative ("needs to be a bit darker").
_WISH_FILLERS = frozenset(('a', 'bit', 'lot', 'little', 'much', 'slightly', 'more', 'less',
                           'even', 'way', 'far', 'somewhat', 'tad', 'made', 'any', 'still'))
_WISHING = frozenset(('wish', 'wishes', 'wished', 'if'))


def _wished(tokens, index) -> Optional[str]:
    """
    Return how a wish or a need says the difference at ``index``, None for a plain statement.

    'lacks': the thing lacks it now ("the cup that needs to be darker", "if image 1 were
    darker", "I wish image 1 were darker", "could stand to be glossier", "has to be made
    rounder"); 'should': it says what the thing should be ("image 1 should be darker"), which
    may be a wish or a guess.
    """
    j = index - 1
    while j >= 0 and tokens[j].word in _WISH_FILLERS | {'no'}:
        j -= 1
    words = [''] * 3 + [tok.word for tok in tokens[max(0, j - 8):j + 1]]
    if words[-3:] in (['could', 'do', 'with'], ['do', 'with', 'being']) or words[-4:-1] == [
            'could', 'do', 'with'] or words[-3:] in (['want', 'to', 'be'], ['wants', 'to', 'be']):
        return 'lacks'  # "could do with being smoother", "would want to be rounder"
    treatment = not any(s.comparative for s in word_senses(tokens[index].word)[0])
    if treatment and (words[-1] in _NEEDING - {'stand', 'has', 'have'} or words[-2:] in (
            ['could', 'use'], ['due', 'for'], ['need', 'of'])):
        # "the knife that needs sharpening", "needs a polish", "could use a shine" (not "would
        # need a wider clamp", "need bigger tote": what it needs is bigger)
        return 'lacks'
    if words[-1] == 'been' and words[-2] == 'have' or words[-2:] in (
            ['supposed', 'to'], ['meant', 'to']) or words[-3:-1] in (
            ['supposed', 'to'], ['meant', 'to']):
        return 'should'  # "should have been darker", "was supposed to be darker"
    if words[-1] in ('be', 'get', 'become'):
        before = words[-2]
        if before in ('should', 'shoud', 'shld', 'ought'):
            return 'should'
        if before == 'could' and words[-3] in ('that', 'which', 'who'):
            return 'lacks'  # "the knife that could be sharper"
        if before == 'to' and (words[-3] in _NEEDING - {'has', 'have'} or (
                words[-3] in ('has', 'have') and (
                    words[-1] != 'be' or tokens[index - 1].word == 'made' or
                    words[-4] in ('would', 'will', "'d")))):
            return 'lacks'
        if before == 'to' and words[-3] == 'ought':
            return 'should'
    wishes = [k for k, w in enumerate(words[:-1]) if w in _WISHING]
    if index > 0 and tokens[index - 1].word == 'any':
        return None  # "if pic 2 were any lighter it'd be white": it is very light
    if words[-1:] in (['were'], ['was']) and wishes and \
            not any(w in _CLAUSE_BREAKS or w == ',' for w in words[wishes[-1]:]):
        # "if image 1 were darker" is wished; "if image 1 was darker" may be a plain condition
        return 'lacks' if words[-1] == 'were' or words[wishes[-1]] != 'if' else None
    return None


def _taken_back(text: str) -> bool:
    """Return True when the text ends by reversing what it said ("..., or rather vice versa")."""
    tail = text.replace('\u2019', "'").rstrip()[-_REVERSED_TAIL:]
    found = _REVERSED.search(tail)
    if not found:
        return False
    before = (found.group('before') or '').strip(' ,;:.!?-').lower()
    said_before = tail[:found.start()] + (found.group('before') or '')
    # "Image 1 is darker, image 2 the opposite": said of the other image, nothing taken back
    return before not in _NOT_REVERSING and not _OF_AN_IMAGE.search(said_before)


_OF_AN_IMAGE = re.compile(r'(?:\b(?:image|img|pic|picture|photo|shot)\s*(?:[12]|one|two)|'
                          r'\bthe\s+(?:first|second|left|right|former|latter)(?:\s+one)?)\W+'
                          r"(?:(?:it'?s|it\s+is|is|are|was|looks?)\W+)?$", re.IGNORECASE)


# Difference words that name none after or before these words: compound nouns ("traffic light",
# "lower part") and "no longer".
_NOUN_USES = {
    'light': (frozenset(('traffic', 'head', 'tail', 'street', 'brake', 'flashing')),
              frozenset(('bar', 'bulb', 'bulbs', 'fixture', 'source', 'switch', 'house',
                         'lights', 'beam', 'colors', 'colours', 'housing'))),
    'lower': (frozenset(), frozenset(('part', 'half', 'section', 'portion', 'side', 'end',
                                      'area', 'body', 'base', 'deck', 'level', 'left', 'right',
                                      'edge', 'corner', 'lip', 'jaw', 'leg', 'legs', 'arm',
                                      'number', 'count'))),
    'low': (frozenset(), frozenset(('part', 'section', 'portion'))),
    'high': (frozenset(), frozenset(('heels', 'heel', 'chair', 'speed'))),
    'arch': (frozenset(('triumphal', 'through')), frozenset(('bridge',))),
    'longer': (frozenset(('no', 'any')), frozenset()),
    # "a band round the rim": around; "the other way round": the reverse
    'round': (frozenset(('way',)), frozenset(('the', 'its', 'their', 'his', 'her', 'it',
                                              'them'))),
    **dict.fromkeys(('smaller', 'larger', 'bigger', 'higher', 'small', 'large', 'big', 'high'),
                    (frozenset(), frozenset(('number', 'count')))),
}
# Nouns after a difference word that say which attribute it speaks of ("duller in colour",
# "a brighter tone", "smoother in shape", "a duller finish").
_QUALIFIERS = {
    **dict.fromkeys(('colour', 'color', 'colours', 'colors', 'tone', 'tones', 'hue', 'hues',
                     'shade', 'shades', 'tint', 'tints'), 'color'),
    **dict.fromkeys(('texture', 'textures', 'finish', 'surface', 'surfaces', 'sheen'),
                    'texture'),
    **dict.fromkeys(('shape', 'shapes', 'outline', 'silhouette', 'profile', 'form'), 'shape'),
}
# A clause naming this many different hues says the thing is more colourful.
_COLOUR_LIST = 3
# Passive verbs of outdoing: "is exceeded in height by image 2", "is outshone by": the subject
# has less of what follows.
_OUTDONE = frozenset(('exceeded', 'surpassed', 'outdone', 'bettered', 'beaten', 'topped',
                      'outmatched', 'outstripped', 'outclassed', 'eclipsed', 'outshone'))
_PASSIVE_AUXILIARIES = frozenset(('is', 'are', 'was', 'were', 'be', 'been', 'being', 'gets',
                                  'get', 'got'))
# Words a command uses to turn down the thing it names ("leave the shinier one", "skip the
# thicker cable"), and two-word ones ("anything but", "instead of", "other than").
_REJECTING = frozenset(('leave', 'skip', 'avoid', 'ignore', 'exclude', 'reject', 'except',
                        'excluding', 'excepting', 'minus', 'replace', 'swap', 'exchange'))
# Those that are verbs refuse only where they open a command ("Skip the ..."; not "the custard
# apple leave in Image 2", a leaf).
_REFUSING_VERBS = frozenset(('leave', 'skip', 'avoid', 'ignore', 'exclude', 'reject', 'forget',
                             'replace', 'swap', 'exchange'))
_REJECTING_PAIRS = frozenset((('anything', 'but'), ('everything', 'but'), ('all', 'but'),
                              ('instead', 'of'), ('rather', 'than'), ('other', 'than'),
                              ('apart', 'from'), ('aside', 'from'), ('never', 'mind'),
                              ('forget', 'about'), ('put', 'back'), ('send', 'back'),
                              ('pass', 'on')))
# Words before "but" that make it "except" ("any cup but the darkest").
_ANY = frozenset(('any', 'anything', 'anyone', 'every', 'everything', 'all', 'whichever'))
# Verbs of wanting that a negation before them turns into a refusal ("don't take the bigger
# parcel", "I do not want the glossier one").
_WANTING = COMMAND_VERBS | frozenset(('want', 'need', 'like', 'use', 'pack', 'ship', 'send'))
# Words between a refusal and the difference word: "leave the one that's more matte".
_REFUSED_PHRASE = ARTICLES | DEGREE_WORDS | MORE_WORDS | LESS_WORDS | frozenset((
    'one', 'ones', "that's", 'thats', 'which', 'who', 'is', 'are', 'looks', 'seems', 'me', 'us',
    'him', 'her', 'them', 'any', 'of', 'two', 'both'))


@dataclass(frozen=True)
class _Hit:
    """A difference found in the text: its sense, direction and where it was found."""

    index: int
    sense: Sense
    direction: int
    clause: int
    in_predicate: bool
    explicit: bool
    part: Optional[str] = None
    aside: bool = False
    written: bool = True  # the word as written, not a slip read as a difference word


def _asides(tokens) -> set:
    """
    Return the indices of the tokens in relative clauses set off by commas.

    "The pipe in image 2, which has been in service longer, shows a redder tone": what the
    aside says ("longer") is background; the difference is said outside it.
    """
    inside = set()
    for i, tok in enumerate(tokens[:-1]):
        if tok.word == ',' and tokens[i + 1].word in ('which', 'who'):
            end = next((k for k in range(i + 2, len(tokens)) if tokens[k].word in ',;.:'),
                       len(tokens))
            if end < len(tokens) and tokens[end].word == ',':
                inside.update(range(i + 1, end))
    return inside


def _nearly_alike(tokens, i) -> bool:
    """
    Return True for a difference said to be hardly there ("hardly any less shiny than").

    "The bowl in image 2 is hardly any less shiny than the one in image 1, but it is clearly
    more chipped": the shine is nearly alike, the chips are the difference; such a hit is ranked
    with the asides.
    """
    words = [tok.word for tok in tokens[max(0, i - 3):i]]
    if words and words[-1] in ('less', 'more'):
        words = words[:-1]  # "hardly any less shiny", "barely any shinier"
    return words[-2:] in (['hardly', 'any'], ['barely', 'any'], ['scarcely', 'any'])


def _normalise_hint(attribute: Optional[str]) -> Optional[str]:
    if attribute is None:
        return None
    hint = str(attribute).strip().lower()
    hint = 'color' if hint.startswith('colour') else hint
    for name in ATTRIBUTES:
        if hint == name or hint.startswith(name + '('):
            return name
    raise QueryParseError(f'unknown attribute hint {quote(attribute)}: expected one of '
                          f'{", ".join(ATTRIBUTES)}')


def _image_mentions(tokens: List[Token]) -> List[Tuple[int, Optional[int], bool]]:
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
        while j >= 0 and i - j <= 5 and (tokens[j].word in _REFERENCE_FILLERS
                                         or tokens[j].word in _IMAGE_ROLES
                                         or tokens[j].word.endswith("'s")):
            j -= 1  # "than the original's in image 1", "than the old one's in image 2"
        reference = (j >= 0 and tokens[j].word in _REFERENCE_TRIGGERS
                     and not _names_the_source(tokens, j) and not _from_to(tokens, j - 3)) or \
            _in_opening_comparison(tokens, i) or _after_compared_thing(tokens, i)
        mentions.append((i, number, reference))
    return mentions


def _after_compared_thing(tokens: List[Token], i: int) -> bool:
    """
    Return True for the "image N" of the thing compared with: "than the reference bolt in image 2".

    A noun phrase of up to four words, opened by "than", "vs" or "unlike", then "in"/"on"/"of".
    """
    if i < 3 or tokens[i - 1].word not in ('in', 'on', 'of', 'from'):
        return False
    for k in range(i - 2, max(-1, i - 7), -1):
        word = tokens[k].word
        if word in _OTHER_THING_OPENERS or (word in ('to', 'with') and k > 0 and
                                            tokens[k - 1].word in _COMPARED_TO):
            return True
        if word in _CLAUSE_ENDS or word in _VERBS or word_senses(word)[0] or word == 'image':
            return False
    return False


# Words before "to"/"with" that open the thing compared with ("compared to the cup in image 2").
_COMPARED_TO = frozenset(('compared', 'comparison', 'relative', 'opposed', 'contrasted'))


# Verbs of taking, after which "from image N" names where the wanted thing is.
_TAKING_VERBS = frozenset(('take', 'bring', 'grab', 'get', 'fetch', 'give', 'hand', 'pick',
                           'choose', 'select', 'pass', 'pull', 'lift', 'remove'))
_CLAUSE_ENDS = frozenset((',', ';', '.', ':', '!', '?'))


# Words of wanting or naming before "the ... from image N": it names where the thing is.
_WANTING_SOURCE = frozenset(('want', 'need', 'like', 'prefer', 'use', 'show', 'send', 'pack',
                             'ship', 'target', "it's", 'its', "that's", 'thats', 'have'))


def _from_to(tokens: List[Token], j: int) -> bool:
    """Return True for "from image 1 to image 2" at ``j``: a change from one image to the other."""
    return j + 4 < len(tokens) and tokens[j + 1].word == 'image' and \
        tokens[j + 3].word in ('to', 'into') and tokens[j + 4].word == 'image'


def _taking_clause(tokens: List[Token], k: int) -> Tuple[Optional[bool], int]:
    """
    Scan back from token ``k`` to its clause's start; return (verdict, where it stopped).

    True at a taking or wanting verb ("I want the darker blue ceramic mug"), False at a word of
    the thing compared with ("darker than the one", "differs"), None at the clause's start.
    """
    while k >= 0 and tokens[k].word not in _CLAUSE_ENDS:
        if tokens[k].word.startswith(('differ', 'distinct', 'apart', 'away')) or \
                tokens[k].word in _OTHER_THING_OPENERS:
            return False, k
        if tokens[k].word in _TAKING_VERBS | _WANTING_SOURCE:
            return True, k
        k -= 1
    return None, k


def _names_the_source(tokens: List[Token], j: int) -> bool:
    """
    Return True when the "from" at ``j`` says where a command takes the thing from.

    "Take from image 2 the greener bottle", "bring me the bag from image 1, it is warmer",
    "From image 2, take the greener bottle": the image named is the subject, not the thing
    compared with ("the one that differs from image 2" still is).
    """
    if tokens[j].word != 'from' or _from_to(tokens, j) or (
            j > 0 and (any(sense.comparative for sense in word_senses(tokens[j - 1].word)[0])
                       or tokens[j - 1].word.endswith('ed'))):
        return False  # "darker from image 1 to image 2", "has faded from image 1"
    taking, k = _taking_clause(tokens, j - 1)
    if taking is not None:
        return taking  # "I want the darker mug from image 1"; "darker than the one from ..."
    if k == j - 1 and tokens[k].word == ',' and _taking_clause(tokens, k - 1)[0]:
        return True  # "Fetch the thinner slice of brisket, from image 2."
    if k >= 0 and j - k > 1:
        return False
    end = j + 1
    while end < len(tokens) and tokens[end].word not in _CLAUSE_ENDS:
        end += 1
    after = end + 1
    while after < len(tokens) and tokens[after].word in ('please', 'pls', 'plz', 'now', 'just'):
        after += 1
    return end < len(tokens) and tokens[end].word == ',' and after < len(tokens) and \
        tokens[after].word in _TAKING_VERBS


# Words that open a clause about the image compared with ("Compared to the mug in image 1, ...").
_COMPARISON_OPENERS = frozenset(('compared', 'comparing', 'relative', 'versus', 'vs', 'against',
                                 'unlike', 'next', 'beside', 'contrasted', 'contrast',
                                 'opposed', 'comparison', 'respect', 'alongside', 'besides'))


def _in_opening_comparison(tokens: List[Token], i: int) -> bool:
    """Return True when token i lies in a clause that opens with "compared to" and ends in ","."""
    start = i
    while start > 0 and tokens[start - 1].word not in (',', ';', '.', ':', '!', '?'):
        start -= 1
    end = i
    while end < len(tokens) and tokens[end].word not in (',', ';', '.', '!', '?'):
        end += 1
    # "Compared to", "In contrast to", "As opposed to", "In comparison with"
    opening = {tok.word for tok in tokens[start:min(start + 3, i)]}  # "Held up against"
    if not opening & _COMPARISON_OPENERS:
        return False
    if end < len(tokens) and tokens[end].word == ',':
        return True
    # no comma: "Next to the vase in Image 1 the vase in Image 2 looks darker": the first image
    # the clause names is the one compared with, when another image follows in the clause
    mentions = [k for k in range(start, end) if tokens[k].word == 'image' and k + 1 < end
                and tokens[k + 1].word in ('1', '2', "1's", "2's")]
    return len(mentions) >= 2 and mentions[0] == i and \
        tokens[i + 1].word[0] != tokens[mentions[1] + 1].word[0]


# "image -1", "pic +2", "image 1.5": a number the tokens would read as image 1 or 2 ("image-1"
# is a way to write image 1).
_SIGNED_OR_DECIMAL_IMAGE = re.compile(
    r'\b(?:image|img|pic|picture|photo|foto)s?(?:\s*#?\s*[\u2212+]|\s+#?\s*-|\s*--)\s*[0-9]+'
    r'|\b(?:image|img|pic|picture|photo|foto)s?\s*#?\s*[0-9]+\s*[.\u2044/][0-9]'
    r'|\b(?:image|img|pic|picture|photo|foto)s?\s*#?\s*[0-9]+e[+-]?[0-9]+', re.I)


# Words before an unnumbered "image" that name its role rather than forget its number.
_IMAGE_ROLES = frozenset(('live', 'current', 'new', 'newer', 'latest', 'recent', 'today',
                          "today's", 'yesterday', "yesterday's", 'reference', 'ref', 'old',
                          'older', 'original', 'earlier',
                          'previous', 'commissioning', 'baseline', 'stored', 'saved', 'golden',
                          'master', 'inspection'))


# Words after "image 1 and image 2" that say something of both ("... are both darker").
_BOTH = frozenset(('both', 'each', 'all', 'alike', 'together'))


# Words before an unnumbered "image" that ask which one ("Which image has the glossier tile?").
_ASKING = frozenset(('which', 'what', 'whichever', 'either', 'each'))


def _side_remarks(mentions, tokens, normalised: str):
    """
    Return the mentions of images in remarks beside a command, not said to be compared.

    "The darker cup, image 2 is blurry", "the darker cup (image 2 was taken at night)", "...,
    cup 2 has a chip".

    The text opens with a comparison that names no image, and the remark is a clause of its own
    after a comma, dash, semicolon or bracket, with a verb of its own and no comparative: it
    says something else of that image, not that it is the one compared.
    """
    if not mentions or len(tokens) < 3:
        return []
    clause = [0]  # each token's clause, counted from the text's start
    for j in range(1, len(tokens)):
        clause.append(clause[-1] + bool(tokens[j].word in (',', ';', ':') or _CLAUSE_MARKS.search(
            normalised[tokens[j - 1].end:tokens[j].start])))
    if clause[-1] == 0:
        return []
    first = [tok for k, tok in enumerate(tokens) if clause[k] == 0]
    named_first = any(clause[i] == 0 for i, _, _ in mentions)
    if named_first or first[0].word not in _COMMAND_OPENERS or not any(
            s.comparative for tok in first for s in word_senses(tok.word)[0]) or \
            any(tok.word in _VERBS for tok in first[1:]) and first[0].word not in COMMAND_VERBS:
        return []
    remarks = []
    for i, number, reference in mentions:
        words = [tok for k, tok in enumerate(tokens) if clause[k] == clause[i]]
        if any(tok.word in _VERBS | _REMARK_VERBS for tok in words) and not any(
                s.comparative for tok in words for s in word_senses(tok.word)[0]):
            remarks.append((i, number, reference))
    return remarks


# First words of a command or of the thing it asks for ("the darker cup, ...", "pick ...").
_COMMAND_OPENERS = ARTICLES | COMMAND_VERBS | frozenset((
    'one', 'please', 'pls', 'plz', 'i', "i'd", 'we', 'just', 'now', 'ok', 'okay', 'can', 'could',
    'robot', 'hey', 'get'))
# Marks between words that end a clause (a dash between spaces, not a hyphen in a word).
_CLAUSE_MARKS = re.compile(r'[,;:()\[\]\u2014\u2013]|\s-\s')
# Verbs of a remark besides ``_VERBS`` ("image 2 was taken at night", "cup 2 is mine").
_REMARK_VERBS = frozenset(('taken', 'shot', 'broken', 'chipped', "'s", 'belongs', 'came'))


def _subject(mentions, text, tokens, normalised: str = ''):
    """Return the image the sentence is about, or ASKED when it names none or only by role."""
    odd = _SIGNED_OR_DECIMAL_IMAGE.search(text)
    if odd:
        raise UnanswerableQueryError(f'{quote(text)} names {odd.group(0)!r}: a difference text '
                                     'compares image 1 and image 2')
    if not mentions:
        return ASKED
    for i, number, _ in mentions:
        if number is None and i + 1 < len(tokens) and tokens[i + 1].word.isdigit():
            raise UnanswerableQueryError(f'{quote(text)} names image {tokens[i + 1].word}: a '
                                         'difference text compares image 1 and image 2')
    if _offers_both(mentions, tokens):
        return _answer(mentions, tokens) or ASKED
    listed, end = _listed_together(mentions, tokens)
    if listed and all(i in listed for i, number, _ in mentions if number):
        # "Images 1 and 2 are darker than I expected": said of both, so of neither; "Of the cups
        # in image 1 and image 2, bring me the darker one" asks for one of them
        if any(tok.word == 'respectively' for tok in tokens):
            # "Images 1 and 2 are darker and lighter respectively": the first word is image 1's
            return next(number for i, number, _ in mentions if i in listed)
        if end < len(tokens) and tokens[end].word in _VERBS | _BOTH and \
                not any(tok.word in _ASKING or tok.word == '?' for tok in tokens):
            raise UnanswerableQueryError(
                f'{quote(text)} says it of image 1 and image 2 together: a difference text says '
                'which of the two has more')
        return ASKED
    mentions = _without_listing(mentions, tokens)
    remarks = _side_remarks(mentions, tokens, normalised) if normalised else []
    if remarks:
        mentions = [m for m in mentions if m not in remarks]
        if not mentions:
            return ASKED
    if tokens[0].word in _SUBORDINATORS:
        comma = next((i for i, tok in enumerate(tokens) if tok.word == ','), len(tokens))
        mentions = [m for m in mentions if m[0] > comma] + [m for m in mentions if m[0] < comma]
    # "Image 2 is darker than image 2" is a slip for the other image (as annotators make it).
    for _, number, reference in mentions:
        if number is not None and not reference:
            return number
    references = [number for _, number, reference in mentions if reference and number]
    if references:
        return 3 - references[0]
    if all(i > 0 and tokens[i - 1].word in _IMAGE_ROLES | _ASKING for i, _, _ in mentions):
        # "the lid in the live image is greener than in the reference": images named by their
        # roles, none numbered: the text says what the wanted image shows, as a command does
        return ASKED
    raise QueryParseError(f'cannot tell which image is meant in {quote(text)}: '
                          '"image" is not followed by 1 or 2')


# Words that may open the answer to a question, before the image it names ("? A: image 2",
# "? Image 2, so grab that one", "? Definitely the one in image 1").
_ANSWER_OPENERS = frozenset(('a', ':', '-', 'answer', 'ans', 'the', 'one', 'in', 'on', 'it',
                             "it's", 'its', 'is', 'definitely', 'def', 'clearly', 'probably',
                             'obviously', 'that', "that's", 'thats', 'i', 'think', 'guess',
                             'say', 'would', "i'd", 'ok', 'so', 'well'))


def _answer(mentions, tokens) -> Optional[int]:
    """Return the image a question's own answer names ("Which is longer, ...? Image 2.")."""
    asked = next((i for i, tok in enumerate(tokens) if tok.word == '?'), None)
    if asked is None:
        return None
    for i, number, reference in mentions:
        if i > asked and number and not reference and all(
                tok.word in _ANSWER_OPENERS for tok in tokens[asked + 1:i]):
            # "which car is more orange? the first or the second?" offers both again
            offered = any(tok.word == 'or' for tok in tokens[i + 2:i + 5])
            return None if offered else number
    return None


def _listed_together(mentions, tokens) -> Tuple[set, int]:
    """
    Return (token indices, end) of "image 1 and image 2" (or "images 1 and 2") named together.

    ``end`` is the index of the token after the listing; no listing: (empty set, -1).
    """
    for (i, first, _), (j, second, _) in zip(mentions, mentions[1:]):
        between = [t.word for t in tokens[i + 2:j]]
        if {first, second} == {1, 2} and between in (['and'], [',', 'and']):
            return {i, j}, j + 2
    for i, number, _ in mentions:
        # "the cups in image 1 and 2: the latter ..."
        if number == 1 and [t.word for t in tokens[i + 2:i + 4]] == ['and', '2']:
            return {i}, i + 4
    return set(), -1


def _without_listing(mentions, tokens):
    """
    Return the mentions without "image 1 and image 2" named together, when others remain.

    "Of the two jumpers in Image 1 and Image 2, the latter is thinner": the two listed images
    say which is which, the later mention says which the sentence is about.
    """
    listed, _ = _listed_together(mentions, tokens)
    return [m for m in mentions if m[0] not in listed] or mentions


def _offers_both(mentions, tokens) -> bool:
    """Return True for "image 1 or image 2" (a question's two answers), a few words apart."""
    for (i, first, _), (j, second, _) in zip(mentions, mentions[1:]):
        between = [t.word for t in tokens[i + 2:j]]
        if {first, second} == {1, 2} and 'or' in between and len(between) <= 4:
            return True
    return False


# A colon ends a clause after this many tokens of its own: "Gloss 88 GU on the bell in image 1,
# 61 GU in image 2: the image 2 bell is less glossy" (a reading, then what it says), not
# "Image 2: the panel is darker than in image 1" (a label).
_COLON_CLAUSE = 4


def _labels_an_image(tokens, start, i) -> bool:
    """
    Return True for a colon after a label of an image ("Grading line, image 2: ...").

    The label is an "image N" of its own, or a clause that opens with one and names no
    difference ("Image 1 pruning shears: blade edge sharper ..."); not a reading's "61 GU in
    image 2:", which a clause of what it means follows.
    """
    if i >= 2 and tokens[i - 2].word == 'image' and tokens[i - 1].word in ('1', '2') and \
            (i == 2 or tokens[i - 3].word in (',', ';', '.', '-', '(')):
        return True
    return tokens[start].word == 'image' and start + 1 < i and \
        tokens[start + 1].word in ('1', '2') and not any(
            word_senses(tok.word)[0] or tok.word in (',', ';', 'image')
            for tok in tokens[start + 2:i])  # not a header of both: "Image 1 vs image 2:"


def _clauses(tokens, breaks=_CLAUSE_BREAKS) -> List[int]:
    clause, result, start = 0, [], 0
    for i, tok in enumerate(tokens):
        result.append(clause)
        if tok.word in breaks or (tok.word == ':' and i - start >= _COLON_CLAUSE
                                  and not _labels_an_image(tokens, start, i)):
            clause, start = clause + 1, i + 1
    return result


# Qualities no photo shows: a difference word said "in" one of them names none ("lighter in
# weight", "higher in price").
_UNSEEN_QUALITIES = frozenset(('weight', 'mass', 'heft', 'price', 'cost', 'sound', 'smell',
                               'scent', 'taste', 'flavour', 'flavor', 'calories'))


def _of_an_unseen_quality(tokens, i) -> bool:
    """Return True when word ``i`` is said of a quality no photo shows ("lighter in weight")."""
    for tok in tokens[i + 1:i + 4]:
        if tok.word in _UNSEEN_QUALITIES:
            return True
        if tok.word not in ('in', 'by', 'of', 'its', 'their', 'the', 'terms'):
            return False
    return False


def _is_noun_use(tokens, i) -> bool:
    uses = _NOUN_USES.get(tokens[i].word)
    if uses is None:
        return False
    before, after = uses
    prev_word = tokens[i - 1].word if i > 0 else ''
    next_word = tokens[i + 1].word if i + 1 < len(tokens) else ''
    return prev_word in before or next_word in after


# Verbs of making before "out of" ("carved out of rough oak"): the material, not a lacked look.
_MAKING_VERBS = frozenset(('made', 'cut', 'carved', 'built', 'formed', 'moulded', 'molded', 'cast',
                           'turned', 'sewn', 'woven', 'knitted', 'fashioned', 'crafted', 'printed',
                           'machined', 'milled', 'forged', 'blown', 'poured', 'shaped'))


def _modifiers(tokens, i, floor: int = 0) -> Tuple[int, bool]:
    """
    Return (sign from more/less and negation, whether more/less was said) before token i.

    Words before ``floor`` (the end of a speaker's repair) are not read.
    """
    for k in range(max(floor, i - 4), i):
        if lacked_quality(tokens, k) == i:  # "lacks the warm tone": less warm
            return -_modifiers(tokens, k, floor)[0], True
    if _could_not_be_more(tokens, i):
        return 1, True  # "it couldn't be any darker": as dark as can be
    sign, explicit = 1, False
    j, noun = i - 1, is_axis_noun(tokens[i].word)
    while j >= floor and i - j <= 5:
        word = tokens[j].word
        if noun and amount_of_noun(tokens, j) is not None:
            sign, explicit = sign * amount_of_noun(tokens, j), True
        elif word in LESS_WORDS:
            sign, explicit = -sign, True
        elif word in MORE_WORDS:
            explicit = True
        elif word in SMALL_DEGREES and (explicit or any(
                s.comparative for s in word_senses(tokens[i].word)[0])):
            pass  # "barely darker", "hardly any less shiny": a little, not the other way
        elif (word in NEGATION_WORDS or word.endswith("n't")) and \
                [t.word for t in tokens[j + 1:i]] in _BY_NOT_MUCH and \
                any(s.comparative for s in word_senses(tokens[i].word)[0]):
            pass  # "not much darker", "isn't a lot bigger": so, by a little
        elif word in NEGATION_WORDS or word.endswith("n't"):
            sign = -sign
        elif word == 'of' and j == i - 1 and j - 1 >= floor and tokens[j - 1].word == 'out' \
                and not (j >= 2 and tokens[j - 2].word in _MAKING_VERBS) and not any(
                    s.comparative for s in word_senses(tokens[i].word)[0]):
            # "out of round", "out of true": lacking the quality (not "made out of rough clay")
            sign, explicit, j = -sign, True, j - 1
        elif word == 'longer' and j > floor and tokens[j - 1].word == 'no':
            sign, j = -sign, j - 1  # "no longer as glossy", "is no longer round"
        elif word in _WAS_ONCE and j - 2 >= floor and tokens[j - 1].word == 'to' and \
                tokens[j - 2].word == 'used':
            sign, j = -sign, j - 2  # "used to be rounder": it is less round now
        elif word in ('nearly', 'almost', 'half') and tokens[j + 1].word == 'as':
            return -1, explicit  # "(not) nearly as dark as", "half as big as": less
        elif word == 'near' and tokens[j + 1].word == 'as' and j > floor and \
                tokens[j - 1].word in ('nowhere', 'anywhere'):
            return -1, explicit  # "nowhere near as matte as", "not anywhere near as dark"
        elif word in _FRACTIONS and tokens[j + 1].word == 'as':
            return -1, explicit  # "a quarter as tall as", "one third as dark as": less
        elif word == 'times' and tokens[j + 1].word == 'as' and j > floor and \
                _below_one(tokens[j - 1].raw):
            return -1, explicit  # "0.5 times as tall as": less
        elif word == 'all' and j > floor and tokens[j - 1].word == 'at':
            j -= 1  # "not at all darker": the "not" before it turns it round
        elif word in _WAS_ONCE and j > floor and tokens[j - 1].word == 'to':
            j -= 1  # "appears not to be as sharp as", "doesn't seem to be as dark as"
        elif word in _SEEMING:
            pass  # "doesn't seem to be as dark as": the negation before it still counts
        elif word == 'yet':
            pass  # "not yet as dark as": not as dark, so far
        elif word in ('that', 'this', 'those', 'these') and j > floor and (
                tokens[j - 1].word in NEGATION_WORDS or tokens[j - 1].word.endswith("n't")):
            pass  # "not that dark", "not those glossier ones": the negation before it counts
        elif word == 'from' and j > floor and tokens[j - 1].word == 'far':
            sign, j = -sign, j - 1  # "far from darker", "far from round": not so
        elif word == 'but' and j > floor and tokens[j - 1].word == 'anything' and \
                j - 2 >= floor and tokens[j - 2].word in _VERBS | _BE_WORDS:
            sign, j = -sign, j - 1  # "is anything but darker": not so
        elif word in ('be', 'been') and j > floor:
            pass  # "won't be as long as", "would never be sharp", "hasn't been as glossy"
        elif word == 'means' and j - 1 > floor and tokens[j - 1].word == 'no' and \
                tokens[j - 2].word == 'by':
            sign, j = -sign, j - 2  # "by no means darker"
        elif noun and word in _PARTS_OF_A_WHOLE:
            return -sign, True  # "half the size of", "a fraction of the height of": less
        elif word not in DEGREE_WORDS and word != 'the' and \
                not (noun and word in QUANTITY_FILLERS):
            break
        j -= 1
    return sign, explicit


# Amounts that a negation before them makes small, not the other way ("not much darker").
_BY_NOT_MUCH = (['much'], ['that', 'much'], ['a', 'lot'], ['very', 'much'],
                ['all', 'that', 'much'], ['so', 'much'])


def _could_not_be_more(tokens, i) -> bool:
    """
    Return True for "couldn't be" right before the comparative ``i``: as much as can be.

    "couldn't be sharper", "couldn't be any darker", "can't get any shinier", "couldn't
    possibly be rounder".
    """
    if not any(s.comparative for s in word_senses(tokens[i].word)[0]):
        return False
    words = [t.word for t in tokens[max(0, i - 5):i]]
    while words and words[-1] in ('any', 'possibly', 'even', 'ever'):
        words.pop()
    if not words or words[-1] not in ('be', 'get'):
        return False
    words.pop()
    while words and words[-1] in ('possibly', 'ever', 'really'):
        words.pop()
    return words[-1:] in (["couldn't"], ['couldnt'], ["can't"], ['cant'], ['cannot']) or \
        words[-2:] in (['could', 'not'], ['can', 'not'], ['could', 'hardly'],
                       ['could', 'scarcely'])


# Parts of one before "as X as" ("a quarter as tall as"): less of X.
_FRACTIONS = frozenset(('quarter', 'third', 'fifth', 'tenth', 'fraction'))


def _below_one(word: str) -> bool:
    """Return True for a number written below one ("0.5", "0,3")."""
    try:
        return 0.0 <= float(word.replace(',', '.')) < 1.0
    except ValueError:
        return False


# Verbs after "used to" that say what the thing was and no longer is ("used to be rounder").
_WAS_ONCE = frozenset(('be', 'look', 'seem', 'appear', 'feel', 'have'))
# Verbs of seeming before "to be as ... as" ("doesn't seem to be as dark as").
_SEEMING = frozenset(('seem', 'seems', 'appear', 'appears', 'look', 'looks'))


# Words before "the size of" that make it less ("half the size of", "a fraction of the ...").
_PARTS_OF_A_WHOLE = frozenset(('half', 'fraction', 'third', 'quarter', 'tenth'))


# Words between "in" and the axis noun it introduces ("in terms of its gloss").
_BEFORE_AN_AXIS_NOUN = frozenset(('terms', 'of', 'its', 'their', 'the', 'overall'))


def _outdone(tokens, i) -> bool:
    """Return True for an axis noun after a passive "is exceeded in" with "by" after it."""
    j = i - 1
    while j >= 0 and i - j <= 4 and tokens[j].word in _BEFORE_AN_AXIS_NOUN | {'in'}:
        j -= 1
    return (j >= 1 and tokens[j].word in _OUTDONE
            and any(t.word in _PASSIVE_AUXILIARIES for t in tokens[max(0, j - 3):j])
            and any(t.word == 'by' for t in tokens[i + 1:i + 4]))


# Verbs of coming behind: "trails the other in length", "lags behind image 2 in saturation".
_TRAILING = frozenset(('trails', 'trail', 'trailed', 'trailing', 'lags', 'lag', 'lagged',
                       'lagging'))


def _trailing(tokens, i) -> bool:
    """Return True for an axis noun after "in" in a clause that comes behind ("trails")."""
    j = i - 1
    while j >= 0 and tokens[j].word in _BEFORE_AN_AXIS_NOUN:
        j -= 1
    if j < 0 or tokens[j].word not in ('in', 'on', 'for'):
        return False
    for k in range(j - 1, max(-1, j - 9), -1):
        word = tokens[k].word
        if word in _TRAILING or (word in _OUTDONE and k > 0 and tokens[k - 1].word in
                                 _PASSIVE_AUXILIARIES | DEGREE_WORDS):
            return True  # "trails the other in length", "is beaten by image 1 in length"
        if word in (',', ';', '.', '!', '?', ':') or word_senses(word)[0]:
            return False
    return False


def _passive_outdone(tokens, i) -> bool:
    """Return True for "is outshone by": the participle after an auxiliary, "by" after it."""
    return (tokens[i].word in _OUTDONE and i > 0
            and tokens[i - 1].word in _PASSIVE_AUXILIARIES | DEGREE_WORDS
            and any(t.word == 'by' for t in tokens[i + 1:i + 3]))


# Verbs of a surface that shines; "brighter" after them says how much it shines.
_SHINING = frozenset(('gleams', 'gleam', 'shines', 'shine', 'glistens', 'glisten', 'sparkles',
                      'sparkle', 'glints', 'glint'))


def _reflected(tokens, i) -> bool:
    """Return True for the "light" a surface reflects ("reflects less light")."""
    j = i - 1
    while j >= 0 and tokens[j].word in MORE_WORDS | LESS_WORDS | DEGREE_WORDS:
        j -= 1
    return j >= 0 and tokens[j].word in ('reflects', 'reflect', 'reflecting', 'reflected',
                                         'bounces', 'bounce')


# Words after an axis noun that say which way it went ("gloss clearly down", "saturation is up").
_WENT = {**dict.fromkeys(('down', 'dropped', 'reduced', 'decreased', 'lower', 'lost', 'fallen',
                          'fell', 'diminished', 'worse', 'loss', 'drop', 'decrease',
                          'reduction'), -1),
         **dict.fromkeys(('up', 'increased', 'higher', 'raised', 'risen', 'rose', 'gained',
                          'increase', 'gain', 'rise'), 1)}
_WENT_FILLERS = DEGREE_WORDS | frozenset(('been', 'gone', 'went', 'was', 'on', 'in', 'of',
                                          'image', 'pic', 'img', '1', '2', 'level', 'levels',
                                          'reading', 'readings', 'value', 'values'))


def _went(tokens, i) -> int:
    """Return the sign of a "down"/"up" said after axis noun ``i`` ("gloss clearly down"), or 0."""
    for tok in tokens[i + 1:i + 8]:
        if tok.word in _WENT:
            return _WENT[tok.word]
        if tok.word not in _WENT_FILLERS:
            return 0
    return 0


# Amounts a clause says of its axis noun ("The gloss of the panel in image 1 is lower", "Image 1's
# roundness is less than image 2's", "Saturation: image 1 lower than image 2").
_AMOUNTS_SAID = {**dict.fromkeys(('higher', 'greater', 'larger', 'bigger', 'stronger', 'increased',
                                  'raised', 'elevated', 'heightened', 'enhanced', 'up'), 1),
                 **dict.fromkeys(('lower', 'less', 'lesser', 'smaller', 'weaker', 'reduced',
                                  'decreased', 'diminished', 'lessened', 'down'), -1)}
_SAYING_VERBS = frozenset(('is', 'are', 'was', 'were', 'looks', 'look', 'seems', 'seem',
                           'appears', 'appear', 'reads', 'measures', 'measured', 'came', 'comes',
                           'became', 'becomes', 'got', 'gets', "'s", ':'))
_AMOUNT_FILLERS = DEGREE_WORDS | frozenset(('a', 'bit', 'lot', 'much', 'far', 'way', 'tad',
                                            'little', 'touch', 'clearly', 'visibly'))


def _amount_said(tokens, i) -> Tuple[int, int]:
    """
    Return (sign, index) of an amount said of axis noun ``i`` as its clause's predicate.

    (0, -1) when the clause says none: its verb (or a heading's ":") comes before any other
    difference word, and an amount ("lower", "less", "smaller") follows it, images and degree
    words aside.
    """
    for j in range(i + 1, min(len(tokens), i + 12)):
        word = tokens[j].word
        if word in (',', ';', '.', '!', '?') or word in _CLAUSE_BREAKS:
            return 0, -1
        if word in _SAYING_VERBS:
            k = j + 1
            while k < len(tokens) and (tokens[k].word in _AMOUNT_FILLERS or
                                       tokens[k].word in ('image', '1', '2', "1's", "2's")):
                k += 1
            if k < len(tokens) and tokens[k].word in _AMOUNTS_SAID and not (
                    k + 1 < len(tokens) and word_senses(tokens[k + 1].word)[0]):
                return _AMOUNTS_SAID[tokens[k].word], k
            return 0, -1
        if word_senses(word)[0]:
            return 0, -1
    return 0, -1


def _after_modifier(tokens, i) -> int:
    """
    Return the sign of a "more"/"less" right after a verb's difference word, 0 for none.

    "the spanner that's been bent less", "has faded more", "shines a little less", "curves
    slightly less": not when a difference word follows ("the matte, less shiny one" says it
    of that word).
    """
    j = i + 1
    while j < len(tokens) and j - i <= 3 and tokens[j].word in _AMOUNT_FILLERS:
        j += 1
    if j >= len(tokens) or tokens[j].word not in ('more', 'less'):
        return 0
    if j + 1 < len(tokens) and word_senses(tokens[j + 1].word)[0]:
        return 0
    return -1 if tokens[j].word == 'less' else 1


# Words between a refusal and an image it names: "don't grab the one in image 1".
_REFUSED_IMAGE = frozenset(('the', 'one', 'in', 'on', 'at', 'from', 'of'))


def _refused(tokens, index, between=_REFUSED_PHRASE) -> bool:
    """
    Return True when a command turns down the thing whose difference word is at ``index``.

    "leave the shinier one and take the other", "don't take the bigger parcel", "anything but
    the rounder bowl", "I do not want the glossier one": the object wanted is the other one.
    ``between``: the words that may stand between the refusal and ``index``.
    """
    j = index - 1
    while j >= 0 and tokens[j].word in between:
        j -= 1
    if j < 0:
        return False
    word = tokens[j].word
    if word in _REFUSING_VERBS and not _opens_a_command(tokens, j):
        return False  # "The custard apple leave in Image 2 ..." (a leaf): no command
    if word == 'leave':
        # "leave me the glossier one", "leave the darker mug for me on the table" hand it over
        return tokens[j + 1].word not in ('me', 'us') and not any(
            tokens[k].word == 'for' and tokens[k + 1].word in ('me', 'us')
            for k in range(index + 1, len(tokens) - 1))
    if word in _REJECTING:
        return True
    if word == 'not' and (j == 0 or tokens[j - 1].word in (',', ';', ':', '.', 'but')) and \
            [tok.word for tok in tokens[j + 1:j + 3]] in (['the', 'one'], ['the', 'ones']):
        # "the mug with a lid, not the one without": the other one is wanted ("not the
        # shinier", "not that darker mug" are negated where the word is read, _modifiers)
        return True
    if word == 'forget':
        # "forget the darker one", but "don't forget the darker one" wants it
        return not _negated(tokens, j)
    if j >= 1 and (tokens[j - 1].word, word) in _REJECTING_PAIRS:
        # "the plate that is anything but round" negates the quality instead (_modifiers)
        return not (word == 'but' and j >= 2 and tokens[j - 2].word in _VERBS | _BE_WORDS)
    if word == 'but' and any(tok.word in _ANY for tok in tokens[max(0, j - 3):j]):
        return True  # "any cup but the darkest", "any of them but the glossy one"
    if j + 1 < index and (word, tokens[j + 1].word) in _REJECTING_PAIRS:
        return True  # "Instead of the darker mug, bring the lighter one"
    return word in _WANTING and _negated(tokens, j)


# Words that tie a difference to the thing named before them ("the fork with fewer tines", "the
# mug that is darker", "the syringe that has its cap on"), and those that may stand among them.
_DESCRIBING = frozenset(('with', 'without', 'lacking', 'has', 'have', 'having', 'had', 'got',
                         'that', 'which', 'who', "that's", 'thats', "which's", 'whose'))
_DESCRIBING_PHRASE = _DESCRIBING | ARTICLES | DEGREE_WORDS | MORE_WORDS | LESS_WORDS | frozenset((
    'its', 'their', 'is', 'are', 'looks', 'seems', 'still', 'been'))


def _described_thing_refused(tokens, index) -> bool:
    """
    Return True when a command turns down the thing the difference at ``index`` describes.

    "Don't bring the fork with fewer tines", "Leave the syringe that has its cap on and hand me
    the other", "Not the mug that is darker, the other one": the refusal stands before the
    thing's name, the difference after it.
    """
    j = index - 1
    described = tokens[index].word in _DESCRIBING  # "the syringe with the cap": at "with"
    while j >= 0 and tokens[j].word in _DESCRIBING_PHRASE:
        described |= tokens[j].word in _DESCRIBING
        j -= 1
    start = j + 1
    while j >= 0 and start - j <= 3 and tokens[j].word.isalpha() and \
            tokens[j].word not in _NAME_STOPS and not word_senses(tokens[j].word)[0]:
        start, j = j, j - 1
    if not described or start > index - 1 or tokens[start].word in _DESCRIBING_PHRASE:
        return False
    if _refused(tokens, start):
        return True
    k = start - 1
    while k >= 0 and tokens[k].word in ARTICLES:
        k -= 1
    # "Not the fork with fewer tines; the other one.": a bare "not" opening the command
    return k >= 0 and tokens[k].word == 'not' and (k == 0 or tokens[k - 1].word in ',;:.!') \
        and any(tok.word in ('other', 'another') for tok in tokens[index + 1:])


# Words that end the name of the thing a difference describes, walking back from it.
_NAME_STOPS = ARTICLES | _REFUSING_VERBS | _WANTING | _VERBS | frozenset((
    'not', 'me', 'us', 'one', 'ones', 'and', 'or', 'but', 'of', 'in', 'on', 'from'))


# Words that turn down the thing a pronoun names ("leave that one", "not that one", "skip it").
_TURNING_DOWN = frozenset(('leave', 'skip', 'avoid', 'ignore', 'exclude', 'reject', 'forget',
                           'not'))
_THAT_ONE = frozenset(('that', 'it', 'this', 'them', 'those', 'these'))


def _turned_down_after(tokens, index: int) -> bool:
    """
    Return True when a later command turns the thing down by a pronoun and wants the other.

    "Which curtain rod sags more? Leave that one and bring the other.", "The darker mug? No,
    leave it, bring me the other one.": the one wanted is the other.
    """
    for k in range(index + 1, len(tokens) - 1):
        if tokens[k].word in _TURNING_DOWN and tokens[k + 1].word in _THAT_ONE and \
                any(tok.word in ('other', 'another') for tok in tokens[k + 2:]):
            return True
    return False


# Verbs of a command that may ask for "the other" one after a difference was said of one.
_ASKING_FOR = frozenset(('pick', 'grab', 'take', 'bring', 'get', 'fetch', 'give', 'hand',
                         'choose', 'select', 'pass', 'want', 'need', 'use', 'ship', 'send'))


def _without_side_remarks(reading: '_Reading', hits: List[_Hit]) -> List[_Hit]:
    """
    Return the hits of a command's own request when clauses before it say other differences.

    "After the longer meeting, bring me the lighter-coloured cup", "My sister has a darker mug
    at home, but here I want the glossier one": a difference said in a clause before the
    command's verb, where the command names one of its own, describes something else.
    """
    tokens = reading.tokens
    if reading.subject != ASKED or len(hits) < 2:
        return hits
    for k in range(len(tokens) - 1, 0, -1):
        if tokens[k].word in _ASKING_FOR and not _negated(tokens, k) and \
                any(h.index in _own_request(tokens, k) for h in hits):
            before = [h for h in hits if h.index < k and any(
                tok.word in _SIDE_BREAKS for tok in tokens[h.index + 1:k])]
            return [h for h in hits if h not in before] if before else hits
    return hits


# Words that open the name of a thing a command asks for ("bring me the glossier one").
_THING_OPENERS = frozenset(('the', 'a', 'an', 'one', 'whichever', 'that', 'this'))


def _own_request(tokens, k: int) -> range:
    """Return the token range of the thing the command verb at ``k`` names ("the glossier one")."""
    j = k + 1
    while j < len(tokens) and tokens[j].word in ('me', 'us', 'up', 'out'):
        j += 1
    if j >= len(tokens) or tokens[j].word not in _THING_OPENERS:
        return range(0)  # "we need it for the small connector": no thing of its own
    end = j
    while end < len(tokens) and tokens[end].word not in _SIDE_BREAKS:
        end += 1
    return range(j, end)


# Words that end a side clause before a command ("..., but here I want ...", "...; so bring").
_SIDE_BREAKS = frozenset((',', ';', '.', ':', 'but', 'so', 'anyway'))


# Words between a command's verb and the thing it asks for ("give me the other").
_TO_WHOM = frozenset(('me', 'us', 'him', 'her', 'them', 'up', 'out', 'instead'))


def _other_one_wanted(tokens, index: int) -> bool:
    """
    Return True when a command after the difference word asks for the other one.

    "The taller one is mine, give me the other", "keep the glossier mug on the shelf and bring
    me the other", "the smaller cup is dirty; I'll take the remaining one": what the difference
    describes is the one not wanted, whatever the words that rule it out.
    """
    if any(tok.word in ('not', 'never', 'no') for tok in tokens[max(0, index - 3):index]):
        return False  # "Not the blunter pencil, give me the other one": turned down already
    for k in range(index + 1, len(tokens) - 2):
        if tokens[k].word not in _ASKING_FOR or _negated(tokens, k):
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].word in _TO_WHOM:
            j += 1
        words = [tok.word for tok in tokens[j:j + 2]]
        if words[:1] == ['another'] or (words[:1] == ['the'] and words[1:] in (
                ['other'], ['remaining'], ['others'])):
            return True
    return False


def _negated(tokens, j) -> bool:
    """Return True when the word before token ``j`` negates it ("don't take", "never use")."""
    if j < 1:
        return False
    before = tokens[j - 1].word
    return before in ('never', 'dont', 'not') or before.endswith("n't")


# Words that may stand between a clause's start and a command's verb ("please skip", "just
# leave", "ok, avoid").
_COMMAND_PREFACE = frozenset((
    'please', 'pls', 'plz', 'just', 'then', 'so', 'now', 'ok', 'okay', ':', '-', 'robot', 'hey',
    'also', 'kindly', 'simply', 'i', 'we', "i'd", "let's", 'lets', 'you', 'should', 'can',
    'could', 'would', 'will', 'must', 'to', 'rather', 'better'))


def _opens_a_command(tokens, j) -> bool:
    """Return True when the verb at ``j`` opens a command ("Skip the ...", "please leave ...")."""
    k = j - 1
    while k >= 0 and tokens[k].word in _COMMAND_PREFACE:
        k -= 1
    return k < 0 or tokens[k].word in _CLAUSE_OPENERS


def _image_refused(reading: '_Reading') -> bool:
    """Return True when the image the text is about is turned down ("not image 1, ...")."""
    index = next((i for i, number, reference in reading.mentions
                  if number == reading.subject and not reference), None)
    if index is None:
        return False
    tokens = reading.tokens
    j = index - 1
    while j >= 0 and tokens[j].word in _REFUSED_IMAGE:
        j -= 1
    # a bare "not" turns an image down ("not image 1, it is darker"), as a verb of refusal does
    if j >= 0 and tokens[j].word in ('not', 'never'):
        return True
    return _refused(tokens, index, _REFUSED_IMAGE)


def _wanted_direction(reading: '_Reading', hit: _Hit) -> int:
    """
    Return the direction of the object wanted when the text turns its subject image down.

    Said of the image turned down ("Don't grab the one on the left, it's darker"): the other
    pole. Said of the other image ("skip the left mug, the right one is glossier"): the pole
    said of it, whether or not the reading counted it as said of the other image.
    """
    about = max(((i, number) for i, number, reference in reading.mentions
                 if not reference and number and i < hit.index), default=(None, None))[1]
    if about != 3 - reading.subject:
        return -hit.direction
    flipped = reading.speaks_of_other(_clauses(reading.tokens), hit.index) or \
        reading.said_of_the_other(hit.index) or reading.after_the_other(hit.index)
    return -hit.direction if flipped else hit.direction


def _qualified_attribute(tokens, i) -> Optional[str]:
    """Return the attribute a noun right after word ``i`` names ("duller in colour")."""
    for tok in tokens[i + 1:i + 3]:
        if tok.word in _QUALIFIERS:
            return _QUALIFIERS[tok.word]
        if tok.word not in ('in', 'of', 'its', 'their'):
            return None
    return None


# The first words of a reversal after a repair's words ("or rather (the) other way round").
_REVERSAL_STARTS = frozenset((('other', 'way'), ('vice', 'versa'), ('reverse',), ('opposite',)))


def _ends_in_reversal(tokens, start: int) -> bool:
    """Return True when the tokens from ``start`` are a reversal and nothing more is said."""
    words = [t.word for t in tokens[start:] if t.word not in _CLAUSE_ENDS]
    return tuple(words[:2]) in _REVERSAL_STARTS and len(words) == (
        2 if words[0] == 'vice' else 3) or (tuple(words[:1]) in _REVERSAL_STARTS
                                            and len(words) == 1)


def _repairs(tokens) -> List[Tuple[int, int]]:
    """Return the (start, end) token spans of the speaker's repairs (``_REPAIRS``)."""
    spans, i = [], 0
    while i < len(tokens):
        if tokens[i].word not in _REPAIR_STARTS:
            i += 1
            continue
        for words in _REPAIRS:
            end = i + len(words)
            if tuple(t.word for t in tokens[i:end]) == words:
                while end < len(tokens) and tokens[end].word in (',', 'no', 'sorry', 'the'):
                    end += 1
                if _ends_in_reversal(tokens, end):
                    break  # "..., or rather the other way round": the claim is taken back
                end = _past_reversal(tokens, end)  # "no wait, other way round, image 2 is ..."
                spans.append((i, end))
                i = end - 1
                break
        i += 1
    return spans


def _past_reversal(tokens, start: int) -> int:
    """Return where a reversal at ``start`` ("other way round,", "vice versa") ends, or start."""
    words = [t.word for t in tokens[start:start + 3]]
    if words[:2] == ['other', 'way']:
        end = start + (3 if words[2:] in (['round'], ['around']) else 2)
    elif words[:2] == ['vice', 'versa']:
        end = start + 2
    elif words[:1] in (['reverse'], ['opposite']):
        end = start + 1
    else:
        return start
    while end < len(tokens) and tokens[end].word in _CLAUSE_ENDS:
        end += 1
    return end


def _repairs_a_word(tokens, start: int, sense: Sense) -> bool:
    """
    Return True when the repair at ``start`` takes back a difference word said before it.

    A bare "no" takes back only a word of the axis of ``sense`` (the word after it): in "the one
    with no glossy finish" the "no" negates.
    """
    before = [s for tok in tokens[max(0, start - 4):start] for s in word_senses(tok.word)[0]]
    bare = start + 1 < len(tokens) and tokens[start + 1].word != 'sorry'
    if tokens[start].word == 'no' and bare:
        return any(s.axis == sense.axis for s in before)
    return bool(before)


def _words(tokens, start: int, end: int) -> int:
    """Return how many words (not punctuation) tokens ``start`` to ``end`` - 1 hold."""
    return sum(tok.word not in _CLAUSE_ENDS for tok in tokens[start:end])


def _repaired(hits: List['_Hit'], tokens, repairs) -> List['_Hit']:
    """
    Return the hits without those a speaker took back.

    A difference word said at most four words before a repair is replaced by one said within
    four words after it; a bare "no" repairs only a word of the same axis ("the darker no the
    lighter mug", not "darker, no lid"), and so does a repair farther from the word ("darker than
    in image 2, I mean lighter"). ``repairs``: the spans ``_repairs`` found.
    """
    dropped = set()
    for start, end in repairs:
        later = [h for h in hits if end <= h.index and not h.part]
        after = [h for h in later if _words(tokens, end, h.index) <= 4]
        for hit in hits:
            near = hit.index < start and _words(tokens, hit.index, start) <= 4
            if near and not hit.part and any(
                    end - start > 1 or tokens[start].word != 'no' or h.sense.axis == hit.sense.axis
                    for h in after):
                dropped.add(hit.index)
            elif hit.index < start and not hit.part and any(
                    h.sense.axis == hit.sense.axis for h in later):
                # "darker than in image 2, I mean lighter", "pic 2 is rounder. sorry i mean
                # pic 1. pic 1 is rounder": the same axis said again after the repair
                dropped.add(hit.index)
    return [h for h in hits if h.index not in dropped]


class _Reading:
    """What the rules read of a text: tokens, clauses, subject and the other image's clauses."""

    def __init__(self, tokens, mentions, subject, hint):
        self.tokens, self.mentions, self.subject, self.hint = tokens, mentions, subject, hint
        self.asides = _asides(tokens)
        self.verb_at = next((i for i, t in enumerate(tokens)
                             if t.word in _VERBS and i not in self.asides), -1)
        self.repairs = _repairs(tokens)
        self.felt: List[Tuple[str, str]] = []  # words said of a temperature or a weight

    def speaks_of_other(self, clauses, index) -> bool:
        """Return True when token ``index`` sits in a later clause about the other image."""
        if clauses[index] == 0 or self.subject == ASKED:
            return False
        # "... but is darker than image 2": a reference ("than image 2") is not the clause's
        # subject
        numbers = {n for i, n, reference in self.mentions
                   if clauses[i] == clauses[index] and n and not reference}
        return bool(numbers) and self.subject not in numbers

    def said_of_the_other(self, index) -> bool:
        """
        Return True when token ``index`` is said of "the other" one, the image not the subject.

        "has a buckle the other lacks", "a handle, which the other one lacks", "the other bag
        is lighter": "the other" (no "than", "to" before it) at most 3 words before the token.
        """
        if self.subject == ASKED:
            return False
        tokens = self.tokens
        for k in range(max(1, index - 4), index):
            if tokens[k].word == 'other' and tokens[k - 1].word == 'the' and (
                    k < 2 or tokens[k - 2].word not in _REFERENCE_TRIGGERS) and not any(
                    word_senses(tokens[j].word)[0] for j in range(k + 1, index)):
                return True
        return False

    def after_the_other(self, index) -> bool:
        """
        Return True when the image named last before token ``index`` is the other image.

        "Image 1 is dark, image 2 is darker": no clause break, but "darker" is said of image 2.
        """
        if self.subject == ASKED or any(tok.word == 'respectively' for tok in self.tokens):
            return False  # "Images 1 and 2 are light and dark respectively": the first is 1's
        named = [(i, number) for i, number, reference in self.mentions
                 if not reference and number and i < index]
        if len(named) < 2 or named[-1][1] != 3 - self.subject or \
                self.subject not in [number for _, number in named[:-1]]:
            return False
        # the other image opens a clause of its own ("..., image 2 is darker"); "Image 2
        # outshines Image 1: its kettle ..." names image 1 as what image 2 outshines
        j = named[-1][0] - 1
        while j >= 0 and self.tokens[j].word in ('the', 'in', 'on', 'for', 'one', 'ones'):
            j -= 1  # "..., image 2 is darker", "..., the one in image 2 darker"
        # "image 1 is darker, I mean image 2 is darker": a repair opens the clause too
        return j < 0 or self.tokens[j].word in _CLAUSE_OPENERS or any(
            start <= j < end for start, end in self.repairs)

    def placed_in_the_other(self, index) -> bool:
        """
        Return True when the words right after token ``index`` place it in the other image.

        "The shinier of the two is in image 1, the duller one in image 2": "the duller one in
        image 2" names image 2's object, not image 1's.
        """
        tokens, j = self.tokens, index + 1
        if self.subject == ASKED or index <= self.verb_at or tokens[index - 1].word != 'the':
            return False  # "the wheel in image 1 is darker in image 2" is no noun phrase
        if j < len(tokens) and tokens[j].word in ('one', 'ones'):
            j += 1
        return j + 2 < len(tokens) and tokens[j].word in ('in', 'on') and \
            tokens[j + 1].word == 'image' and tokens[j + 2].word == str(3 - self.subject) and \
            any(i == j + 1 and not reference for i, _, reference in self.mentions)

    def hit(self, index, sense, clauses, explicit, part=None, sign=1) -> _Hit:
        """Return a hit for ``sense`` at ``index``, its direction read for the subject."""
        direction = sense.direction * sign
        if self.speaks_of_other(clauses, index) or self.said_of_the_other(index) or \
                self.after_the_other(index) or self.placed_in_the_other(index) or (
                    self.subject != ASKED and _in_compared_phrase(self.tokens, index,
                                                                  _OTHER_THING_OPENERS)):
            # the last: said of the thing compared with ("unlike the polished steel in image 2")
            direction = -direction
        # A part cue may be the verb itself ("has no lid"); a difference word follows it.
        in_predicate = index >= self.verb_at if part else index > self.verb_at
        return _Hit(index, sense, direction, clauses[index], in_predicate, explicit, part,
                    index in self.asides or _nearly_alike(self.tokens, index),
                    self.tokens[index].raw.lower() == self.tokens[index].word)

    def word_hits(self) -> List[_Hit]:
        """Return a hit for every difference word (and a hue list) of the text."""
        tokens, clauses = self.tokens, _clauses(self.tokens)
        hits, repairs = [], self.repairs
        words = [tok.word for tok in tokens]
        said = {i: _amount_said(tokens, i) for i, tok in enumerate(tokens)
                if is_axis_noun(tok.word)}
        amounts = {index for _, index in said.values()}
        for i, tok in enumerate(tokens):
            senses, part = word_senses(tok.word)
            if senses and felt_quality(words, i):
                self.felt.append((tok.raw, felt_quality(words, i)))  # "the colder drink"
                continue
            if not senses or i in amounts or _is_noun_use(tokens, i) or \
                    _of_an_unseen_quality(tokens, i) or amount_of_noun(tokens, i) is not None \
                    or (tok.word in RESULT_PARTICIPLES and i + 1 < len(tokens)
                        and word_senses(tokens[i + 1].word)[0] and not _after_more(tokens, i)):
                continue
            chosen = senses[0]
            wanted = self.hint or _qualified_attribute(tokens, i)
            if wanted is not None:
                chosen = next((s for s in senses if s.attribute == wanted), chosen)
            for nouns, sense in SENSES_BY_NEXT_NOUN.get(tok.word, ()):
                if i + 1 < len(tokens) and tokens[i + 1].word in nouns:
                    chosen = sense
            if tok.word == 'light' and _reflected(tokens, i):
                chosen = Sense('glossiness', 1, False)  # "reflects less light": less glossy
            if tok.word in ('brighter', 'brightly') and i > 0 and tokens[i - 1].word in _SHINING:
                chosen = Sense('glossiness', 1, True)  # "gleams brighter": a glossier surface
            floor = max([end for start, end in repairs
                         if end <= i and _repairs_a_word(tokens, start, chosen)], default=0)
            sign, explicit = _modifiers(tokens, i, floor)
            after = 0 if chosen.comparative else _after_modifier(tokens, i)
            if not after and is_axis_noun(tok.word):
                after = _went(tokens, i) or said[i][0]
            if after:
                sign, explicit = sign * after, True
            if _passive_outdone(tokens, i) or (is_axis_noun(tok.word) and (
                    _outdone(tokens, i) or _trailing(tokens, i))):
                sign, explicit = -sign, True
            hits.append(self.hit(i, chosen, clauses, explicit or chosen.comparative, part, sign))
        for clause in sorted({h.clause for h in hits}):
            hues = [h for h in hits if h.clause == clause and h.sense.axis == 'hue']
            if len({h.sense.hue for h in hues}) >= _COLOUR_LIST:
                hits.append(self.hit(hues[0].index, Sense('saturation', 1, True), clauses, True))
        return hits

    def part_hits(self, strong: bool) -> List[_Hit]:
        """Return the presence and count hits: strong cues, or only the weak "has X" ones."""
        clauses = _clauses(self.tokens, PART_CLAUSE_BREAKS)
        hits = []
        for cue in part_cues(self.tokens):
            if cue.strong == strong:
                sign, _ = _modifiers(self.tokens, cue.index)
                hits.append(self.hit(cue.index, Sense(cue.axis, cue.direction, True), clauses,
                                     True, cue.part, sign))
        return hits


def _best_hit(hits, hint) -> _Hit:
    def rank(hit):
        # a comparison as written goes before a plain adjective in the predicate ("the broader
        # spatula please the pancakes are huge"); a slip before the verb does not ("The
        # baluster ... has a round top": no "blunter")
        return (hint is not None and hit.sense.attribute != hint, hit.aside,
                not (hit.explicit and (hit.written or hit.in_predicate)), not hit.in_predicate,
                not hit.explicit, hit.clause, hit.sense.axis == 'hue', hit.index)
    return min(hits, key=rank)


# Names after a noun that say which one of its kind, not what it is ("the headstone sample").
_KIND_HEADS = frozenset(('sample', 'samples', 'model', 'models', 'unit', 'units', 'prototype',
                         'prototypes', 'specimen', 'specimens', 'example', 'examples', 'version',
                         'versions', 'variant', 'variants', 'replica', 'replicas', 'mockup',
                         'mock-up', 'option', 'options', 'design', 'style'))


def _is_one_of(noun: Optional[str], nouns) -> bool:
    """Return True when the last word of ``noun`` (or its singular) is one of ``nouns``."""
    if not noun:
        return False
    words = noun.lower().split()
    last = words[-2] if len(words) > 1 and words[-1] in _KIND_HEADS else words[-1]
    # "-es" after a hiss only ("boxes": box; "tines" is no "tin")
    return last in nouns or last.rstrip('s') in nouns or (
        last.endswith(('ses', 'xes', 'zes', 'ches', 'shes')) and last[:-2] in nouns)


def _and_wider(tokens, i) -> bool:
    """Return True when token ``i`` is followed by "and" and a wider word ("shorter and wider")."""
    return i + 2 < len(tokens) and tokens[i + 1].word == 'and' and any(
        s.axis == 'width' and s.direction > 0 for s in word_senses(tokens[i + 2].word)[0])


# Verbs that say a thing stands ("the valve stands shorter", "sits shorter").
_STANDING_VERBS = frozenset(('stands', 'stand', 'standing', 'sits', 'sit', 'sitting', 'towers'))


# Nouns of any thing at all: "the shorter one", "the shorter piece", said of what stands in a
# photo, is the less tall.
_ANY_THING = frozenset(('one', 'ones', 'object', 'objects', 'item', 'items', 'thing', 'things',
                        'piece', 'pieces'))


def _said_of_any_thing(tokens, i, obj: Optional[str]) -> bool:
    """Return True when word ``i`` is said of a thing named as any thing ("the shorter one")."""
    return _is_one_of(obj, _ANY_THING) or (not obj and i + 1 < len(tokens)
                                           and tokens[i + 1].word in _ANY_THING)


def _after_more(tokens, i) -> bool:
    """Return True when word ``i`` follows "more", "less", "most" or "least"."""
    return i > 0 and tokens[i - 1].word in MORE_WORDS | LESS_WORDS | {'most', 'least'}


def _said_of_an_image(tokens, i) -> bool:
    """Return True when word ``i`` is said of an image, no thing named ("image 2 is shorter")."""
    words = [tok.word for tok in tokens[max(0, i - 4):i]]
    return any(w in ('image', 'images') for w in words) and words[-1:] in (
        ['is'], ['was'], ['looks'], ['seems'], ['appears'])


# Words of a thing that rose or sank ("the pavlova in pic 2 is shorter, it sank"): "shorter" is
# then its height.
_RISING_OR_SINKING = frozenset(('sank', 'sunk', 'sinks', 'collapsed', 'slumped', 'deflated',
                                'flattened', 'squashed', 'rose', 'risen', 'upright', 'stacked'))


def _axis_for_the_thing(hit: _Hit, tokens, obj: Optional[str], part: Optional[str]) -> _Hit:
    """
    Return the hit with the axis its word has for the thing it is said of.

    "Shorter" is height for objects that stand up ("the shorter candle"), for a thing named as
    any thing ("the shorter one", "piece") and with "and wider" (squat), "fatter" is thickness
    for long thin and flat things ("the fatter rope", "the fatter pillow"; "skinnier" only for
    long ones).
    """
    word = tokens[hit.index].word
    if hit.sense.axis == 'length' and word in HEIGHT_FORMS and (
            _is_one_of(part or obj, STANDING_OBJECTS) or _and_wider(tokens, hit.index)
            or (hit.index > 0 and tokens[hit.index - 1].word in _STANDING_VERBS)
            or (not part and not obj and any(_is_one_of(tok.word, STANDING_OBJECTS)
                                             for tok in tokens))
            or (not part and _said_of_any_thing(tokens, hit.index, obj))
            or (not part and not obj and _said_of_an_image(tokens, hit.index))
            or any(tok.word in _RISING_OR_SINKING for tok in tokens)):
        return replace(hit, sense=replace(hit.sense, axis='height'))
    if hit.sense.axis == 'brightness' and word in ('deeper', 'deep') and \
            _is_one_of(part or obj, VESSELS) and not (
                hit.index + 1 < len(tokens) and word_senses(tokens[hit.index + 1].word)[0]):
        # "the bowl in image 1 is deeper", "not as deep": depth, not a deeper colour
        return replace(hit, sense=replace(hit.sense, axis='height'), direction=-hit.direction)
    if hit.sense.axis == 'width' and ((word in GIRTH_FORMS and _is_one_of(part or obj,
                                                                          THIN_OBJECTS))
                                      or (word in FAT_FORMS and _is_one_of(part or obj,
                                                                           FLAT_OBJECTS))):
        return replace(hit, sense=replace(hit.sense, axis='thickness'))
    if hit.sense.axis == 'glossiness' and word in ('dull', 'duller', 'dulled') and \
            _is_one_of(part or obj, CUTTING_THINGS):
        # "the blade in image 1 is duller": blunter, not more matte
        return replace(hit, sense=replace(hit.sense, axis='sharpness'))
    if hit.sense.axis == 'roughness' and word == 'finer' and _is_one_of(part or obj, FINE_STRANDS):
        return replace(hit, sense=replace(hit.sense, axis='thickness'))  # "the wire is finer"
    return hit


# Words left out of the difference phrase given to the encoder: they name no difference.
_NOT_IN_PHRASE = (_VERBS | _REFERENCE_TRIGGERS | ARTICLES | COMMAND_VERBS | DEGREE_WORDS
                  | NOT_SLIPS | frozenset(('me', 'us', 'you', 'i', 'it', "it's", 'one', 'ones',
                                           'please', 'pls', 'lol', 'ngl', 'tbh', 'hmm', 'ok',
                                           'so', 'think', 'image', 'in', 'on', 'of', 'can',
                                           'could', 'would', 'now', 'here', 'there')))


def difference_phrase(tokens: List[Token]) -> Tuple[str, int, int]:
    """
    Return (phrase, index of its first word, sign) of a text the rules do not read.

    The phrase keeps the words that may name the difference: image numbers, articles, command
    verbs, degree and filler words go; "more", "less" and negations go too and leave their sign
    (-1 for "less" or one negation), applied to what the encoder reads.
    """
    words, first, sign = [], None, 1
    for i, tok in enumerate(tokens):
        word = tok.word
        if word in LESS_WORDS or word in NEGATION_WORDS or word.endswith("n't"):
            sign = -sign
        if word in _NOT_IN_PHRASE or word in MORE_WORDS | LESS_WORDS | NEGATION_WORDS or \
                (word == 'round' and _is_noun_use(tokens, i)) or \
                word.endswith("n't") or not any(ch.isalpha() for ch in word) or \
                (i > 0 and tokens[i - 1].word == 'image'):
            continue
        words.append(tok.raw)
        first = i if first is None else first
    return ' '.join(words), first or 0, sign


# "No difference in colour", "no visible change", "nothing different": the images are alike.
_NO_DIFFERENCE = re.compile(r'\b(?:no|not\s+any|without(?:\s+any)?|nothing)\s+(?:[a-z]+\s+)?'
                            r'(?:difference|differences|change|changes|different)\b', re.I)


def _encoder_hit(reading: '_Reading', text: str, enabled: bool) -> _Hit:
    """Return the phrase encoder's reading of a text the rules do not read, or raise."""
    denial = _NO_DIFFERENCE.search(text)
    if denial:
        raise UnanswerableQueryError(f'{quote(text)} says the images do not differ '
                                     f'({denial.group(0)!r}), not which one has more of what')
    phrase, index, sign = difference_phrase(reading.tokens)
    unknown = (f'no known difference word (such as "darker", "rounder", "glossier") in '
               f'{quote(text)}')
    if not enabled:
        raise QueryParseError(f'{unknown}; the phrase-encoder fallback is switched off')
    if not phrase:
        raise QueryParseError(f'{unknown}, and no phrase to read')
    from . import phrase_encoder
    bare = ' '.join(word for word in phrase.split() if not names_a_thing(word))
    try:
        found, *rest = phrase_encoder.nearest_each([phrase] + ([bare] if bare and bare != phrase
                                                               else []))
    except phrase_encoder.EncoderUnavailable as exc:
        raise QueryParseError(f'{unknown}; the phrase-encoder fallback is unavailable: {exc}')
    if not found.accepted:
        raise QueryParseError(
            f'did not understand {quote(phrase)} in {quote(text)}: no known difference word, and '
            f'the phrase is not close enough to a known one (nearest {found.prototype!r}: '
            f'similarity {found.similarity:.2f}, needed {phrase_encoder.THRESHOLD:.2f}; lead '
            f'over its opposite {found.margin:.2f}, needed {phrase_encoder.MARGIN:.2f})')
    if rest and not (rest[0].accepted and (rest[0].axis, rest[0].direction) ==
                     (found.axis, found.direction)):
        # "The glass in image 1 is fuller": "glass" is near "glassy", "fuller" is near nothing;
        # the difference must be read in the words that are not the thing's name
        raise QueryParseError(
            f'did not understand {quote(bare)} in {quote(text)}: no known difference word, and '
            f'the phrase is not close enough to a known one without the names of things in it '
            f'(nearest {rest[0].prototype!r}: similarity {rest[0].similarity:.2f}, needed '
            f'{phrase_encoder.THRESHOLD:.2f}; with them {found.prototype!r})')
    sense = Sense(found.axis, found.direction, True, found.hue)
    return reading.hit(min(index, len(reading.tokens) - 1), sense, _clauses(reading.tokens),
                       True, sign=sign)


def fallback_enabled() -> bool:
    """Return False when $SUBTLE_DIFF_PHRASE_ENCODER switches the encoder fallback off."""
    return os.environ.get(FALLBACK_VARIABLE, '').strip().lower() not in ('0', 'off', 'false',
                                                                         'no')


# "Less thick than the pancake in image 2 is the pancake in image 1": the comparison said first,
# then its verb and the thing it is said of.
_INVERTED = re.compile(r'^((?:(?:much|far|a\s+(?:bit|little|tad|touch|lot)|slightly|somewhat|'
                       r'noticeably|marginally|considerably|quite|even|more|less|way)\s+)*)'
                       r'([\w-]+(?:\s+in\s+(?:colou?r|shade|tone|hue|shape|texture|finish))?)'
                       r'\s+than\s+(.+?)\s+(is|are|was|were|looks|seems)\s+'
                       r'([^,;:?]+?)([.!]?)$', re.IGNORECASE)


def _uninverted(text: str) -> str:
    """Return an inverted comparison in the usual order ("the pancake in image 1 is less ...")."""
    found = _INVERTED.match(text)
    if not found or not word_senses(found.group(2).split()[0].lower())[0]:
        return text
    degree, word, other, verb, thing, stop = found.groups()
    return f'{thing} {verb} {degree}{word} than {other}{stop}'


def _read(text: str, hint):
    """Return (the reading, its hits) of the rules; raise when no image can be told."""
    normalised = _uninverted(normalise_references(text.strip()))
    tokens = tokenize(normalised)
    _check_amounts(text, normalised, tokens)
    mentions = _image_mentions(tokens)
    reading = _Reading(tokens, mentions, _subject(mentions, text.strip(), tokens, normalised),
                       hint)
    hits = _repaired(reading.word_hits(), tokens, reading.repairs) + \
        reading.part_hits(strong=True)
    # "my old board was rougher than both, but pic 2 is smoother": not said of either image
    hits = [h for h in hits if not _against_both(tokens, h.index)] or hits
    if not hits or (not any(h.explicit for h in hits) and (
            _denies_having(tokens) or _has_a_sized_part(tokens, hits))):
        # "Image 1 saucer has a red band; image 2 has none": the red names the band (a colour
        # reading still wins where the caller says the text is about colour)
        hits = reading.part_hits(strong=False) + hits
    return normalised, reading, hits


_FIRST_NUMBER = re.compile(r'\d+(?:[.,]\d+)?(?:e[+-]?\d+)?', re.I)


def _check_amounts(text: str, normalised: str, tokens) -> None:
    """Refuse a measured amount of difference that is zero or negative ("0 cm longer")."""
    for k, tok in enumerate(tokens):
        if re.fullmatch(r'\d+(?:[.,]\d+)?e[+-]?\d+', tok.raw, re.I) and \
                not math.isfinite(float(tok.raw.replace(',', '.'))) and \
                not (k > 0 and tokens[k - 1].word in ('image', 'img', 'pic', 'picture', 'photo')):
            raise UnanswerableQueryError(f'{quote(text)} gives an amount too large to be one '
                                         f'({tok.raw!r}): say by how much, or just which one')
        number = _FIRST_NUMBER.search(tok.raw) if tok.word == 'noticeably' else None
        if tok.word == 'noticeably' and re.match(r'(?:zero|nan)\b', tok.raw):
            raise UnanswerableQueryError(f'{quote(text)} says the difference is {tok.raw!r}: '
                                         'no amount of difference to choose by')
        if tok.word == 'noticeably' and k > 0 and tokens[k - 1].word in ('minus', 'negative'):
            raise UnanswerableQueryError(f'{quote(text)} gives a negative amount '
                                         f'(minus {tok.raw}): say which one has less instead')
        if number is None:
            continue
        amount = float(number.group(0).replace(',', '.'))
        if amount == 0.0:
            raise UnanswerableQueryError(f'{quote(text)} says the difference is {tok.raw!r}: '
                                         'no difference to choose by')
        if not math.isfinite(amount):
            raise UnanswerableQueryError(f'{quote(text)} gives an amount too large to be one '
                                         f'({tok.raw!r}): say by how much, or just which one')
        if normalised[max(0, tok.start - 1):tok.start] in ('-', '\u2212'):
            raise UnanswerableQueryError(f'{quote(text)} gives a negative amount '
                                         f'(-{tok.raw}): say which one has less instead')


def _against_both(tokens, i) -> bool:
    """Return True when difference word ``i`` compares something with both images."""
    for j in range(i + 1, min(len(tokens) - 1, i + 3)):
        if tokens[j].word == 'than':
            after = [t.word for t in tokens[j + 1:j + 3]] + ['']
            return after[0] in ('both', 'either', 'all', 'any', 'each') or (
                after[0] in ('them', 'these', 'those') and after[1] in ('both', 'two', 'all'))
    return False


_DENIALS = frozenset(('none', "doesn't", 'doesnt', "hasn't", 'hasnt', "don't", 'dont',
                      "haven't", 'havent'))


# Words that open a text without saying anything of the images: a greeting, a name, a filler,
# "Note:", "I think" (not denied) ("Hey robot, img 1 / img 2: ...", "OK so leave the ...").
_OPENER = re.compile(
    r'^\W*(?:(?:hey|hi|hello|ok|okay|so|um+|uh+|erm?|well|alright|yeah|yes|hmm+|oh|also|'
    r'and|now|fyi|btw|ps|note|nb|update|observation|finding|comment|remark|robot|buddy|'
    r'i\s+(?:really\s+)?(?:think|guess|believe|reckon|feel|suppose)(?:\s+that)?|'
    r'(?:it\s+)?(?:seems|looks)\s+like|personally|honestly|frankly|basically|actually|'
    r'to\s+be\s+(?:fair|honest))\b(?:\s*[,:;!.-]+\s*|\s+))+', re.IGNORECASE)


# "They look the same except image 2 is taller", "identical apart from image 1 being darker",
# "Other than image 1 being a bit darker, both are identical": alike but for one difference,
# which the excepted clause says (read alone; "being" there is "is").
_ALIKE_WORDS = (r'(?:(?:exactly|basically|pretty\s+much|almost|nearly|mostly|largely|otherwise|'
                r'practically|virtually|essentially)\s+)?(?:the\s+same|identical|alike|similar|'
                r'indistinguishable)')
_EXCEPTING = (r'(?:except(?:\s+for)?|apart\s+from|aside\s+from|other\s+than|save\s+for|but\s+for|'
              r'besides)\s+(?:(?:the\s+fact\s+)?that\s+)?')
_ALIKE_BUT_FOR = re.compile(
    rf'^(?P<lead>[^,;.]*?)\b(?:look|looks|are|r|is|seem|seems|appear|appears|were|was)\s+'
    rf'{_ALIKE_WORDS}\b\s*[,;:-]?\s*{_EXCEPTING}(?P<clause>.+)$', re.IGNORECASE)
_BUT_FOR_ALIKE = re.compile(
    rf'^\W*{_EXCEPTING}(?P<clause>[^,;]+?)\s*,\s*(?P<lead>(?:both|they|these|those|the\s+\w+'
    rf'(?:\s+\w+)?)(?:\s+\w+)?)\s+(?:look|are|seem|appear|were)\s+{_ALIKE_WORDS}\W*$',
    re.IGNORECASE)
# The lead of an alike statement must not name an image ("Image 2 is identical except ..."
# keeps its subject and is read as it is; "the 2 sweaters" counts them).
_NAMES_AN_IMAGE = re.compile(r'\b(?:image|picture|photo|pic|img|first|second|left|right|1st|'
                             r'2nd)\b|\b(?:image|picture|photo|pic|img)\d', re.IGNORECASE)
_EXCEPTED_VERB = re.compile(r"\b(?:is|are|was|were|looks?|seems?|appears?|has|have|being|'s)\b",
                            re.IGNORECASE)


def _difference_excepted(text: str) -> str:
    """Return the clause an alike-but-for text excepts ("They are the same except X is Y")."""
    found = _ALIKE_BUT_FOR.match(text)
    if found and _NAMES_AN_IMAGE.search(found.group('lead')):
        found = None
    found = found or _BUT_FOR_ALIKE.match(text)
    if not found or not _EXCEPTED_VERB.search(found.group('clause')):
        return text  # "the same except for the handle": no clause that says a difference
    clause = re.sub(r'\bbeing\b', 'is', found.group('clause'), count=1, flags=re.IGNORECASE)
    things = found.group('lead').split()
    if things and things[-1].isalpha() and things[-1].lower() not in _NO_THINGS:
        # "The cups are alike except the one in image 1 is rounder": the cup in image 1
        clause = re.sub(r'\bone\b', _singular(things[-1]), clause, count=1, flags=re.IGNORECASE)
    return clause


# Last words of an alike statement's lead that name no thing ("they", "both", "the two").
_NO_THINGS = frozenset(('they', 'both', 'these', 'those', 'two', 'them', 'all', 'pair',
                        'images', 'pictures', 'photos', 'things', 'ones', 'objects', 'items'))


def _singular(noun: str) -> str:
    """Return a plural noun's singular, roughly ("cups": cup, "glasses": glass, "lorries")."""
    lower = noun.lower()
    if lower.endswith('ies') and len(lower) > 4:
        return noun[:-3] + 'y'
    if lower.endswith(('ses', 'xes', 'ches', 'shes', 'zes')):
        return noun[:-2]
    if lower.endswith('s') and not lower.endswith('ss'):
        return noun[:-1]
    return noun


def _without_opener(text: str) -> str:
    """Return the text without the words that open it and say nothing (``_OPENER``)."""
    found = _OPENER.match(text)
    if not found or found.end() >= len(text.rstrip()):
        return text
    return text[found.end():]


# A yes/no question the text answers "no" ("Is the first mug darker than the second? No."):
# the claim it asks about is denied.
_ANSWERED_NO = re.compile(r"^\W*(?:is|are|was|were|does|do|did|has|have|had|isn't|aren't|"
                          r"doesn't)\b[^?]*\?\W*(?:a\s*:\s*)?(?:no|nope|nah|not\s+really)\b"
                          r'(?!\s+(?:idea|clue|sure|way\s+to\s+tell))',
                          re.IGNORECASE)


def _has_a_sized_part(tokens, hits) -> bool:
    """
    Return True when every difference word only sizes a part that is had ("has a big wing").

    "The right one has a big wing on the back": no comparison, a part that one car has.
    """
    return all(h.sense.axis == 'size' and not h.sense.comparative and h.index > 0
               and tokens[h.index - 1].word in ('a', 'an') and h.index + 1 < len(tokens)
               and not word_senses(tokens[h.index + 1].word)[0] for h in hits)


def _denies_having(tokens) -> bool:
    """Return True when a later clause denies having it ("image 2 has none", "doesn't")."""
    return any(tok.word in _DENIALS or (tok.word == 'not' and tokens[k - 1].word in
                                        ('does', 'do', 'has', 'have'))
               for k, tok in enumerate(tokens) if k > 2)


# Longest text read: a comparison, a command or a short inspection log; the rules' time grows
# faster than the length, so a document pasted in is refused rather than read for minutes.
MAX_TEXT_LENGTH = 1000


def check_text(text: str) -> None:
    """
    Raise UnanswerableQueryError for what is no text to read, whatever the backend.

    Over ``MAX_TEXT_LENGTH`` characters, control characters (tabs and line ends aside), or the
    replacement character that bytes which were not text decode to.
    """
    if len(text) > MAX_TEXT_LENGTH:
        raise UnanswerableQueryError(f'the text has {len(text)} characters, over the limit of '
                                     f'{MAX_TEXT_LENGTH}')
    odd = odd_characters(text)
    if odd:
        raise UnanswerableQueryError(
            f'the text has {len(odd)} control or undecodable character'
            f'{"s" if len(odd) > 1 else ""} (first {odd[0]!r}): send plain text')


# Words that open the phrase of the thing compared with ("than the lighter mug", "rather than
# the lighter one", "instead of the rounder bowl").
_COMPARED_OPENERS = frozenset(('than', 'then', 'vs', 'versus', 'unlike', 'of', 'to', 'from',
                               'against', 'over'))


# Of those, the words after which the phrase can only name the other thing ("ground to a finer
# point" names no other thing).
_OTHER_THING_OPENERS = frozenset(('than', 'then', 'vs', 'versus', 'unlike'))


def _in_compared_phrase(tokens, i, openers=_COMPARED_OPENERS) -> bool:
    """Return True when difference word ``i`` describes the thing compared with."""
    j = i - 1
    while j >= 0 and i - j <= 4 and tokens[j].word in ARTICLES | MORE_WORDS | LESS_WORDS | \
            DEGREE_WORDS | {'one', 'ones'}:
        j -= 1
    return j >= 0 and tokens[j].word in openers


def _check_consistent(text: str, reading: '_Reading', hit: _Hit, hits: List[_Hit]) -> None:
    """
    Raise UnanswerableQueryError when the text says both poles of the chosen axis.

    "Image 1 is darker and lighter than image 2" (two comparisons side by side), "Image 1 is
    darker than image 2 and image 2 is darker than image 1" (each said right after the image it
    is about): two comparisons of one axis that point opposite ways for the same image. Only
    where the reading of who is compared is certain; a speaker's repair was taken out before.
    """
    tokens = reading.tokens

    def said_right_after_an_image(h):
        return any(not reference and number and 0 < h.index - i <= 5
                   for i, number, reference in reading.mentions)

    def side_by_side(a, b):  # "darker and lighter", "the darker, lighter cup"
        low, high = sorted((a.index, b.index))
        return high - low == 1 or (high - low == 2 and
                                   tokens[low + 1].word in ('and', 'but', 'yet', ','))
    if not _stated_comparison(tokens, hit) or any(tok.word == 'respectively' for tok in tokens):
        return  # "Images 1 and 2 are darker and lighter respectively"
    for h in hits:
        if h is not hit and _stated_comparison(tokens, h) and h.sense.axis == hit.sense.axis and \
                h.sense.hue == hit.sense.hue and h.direction == -hit.direction and (
                    side_by_side(h, hit) or (said_right_after_an_image(h)
                                             and said_right_after_an_image(hit))):
            raise UnanswerableQueryError(
                f'{quote(text)} contradicts itself: it says both more and less '
                f'{hit.sense.axis} of the same image')
    if reading.subject == ASKED:
        _check_asks_for_one(text, tokens, hit, [h for h in hits if _stated_comparison(tokens, h)])


# Words between two opposite comparatives that turn one of them down ("the darker cup, not the
# lighter one", "the darker rather than the lighter"): a choice, not a request for both.
_TURNED_DOWN = frozenset(('not', 'no', 'never', 'rather', 'instead', 'than', 'but', 'nor',
                          'over', 'unlike', 'except'))


_SENTENCE_BREAKS = frozenset(('.', ';', '!'))
# "darker than itself" at the end of the text: compared with nothing else ("darker than itself
# in image 1" compares the thing's two pictures, and is read).
_ITSELF = re.compile(r'\bthan\s+(?:it|them)sel(?:f|ves)\s*[.!?]*\s*$', re.IGNORECASE)


def _bare_request(tokens, index: int) -> bool:
    """Return True when the sentence goes on after ``index`` with no verb ("the lighter cup.")."""
    for tok in tokens[index + 1:]:
        if tok.word in _SENTENCE_BREAKS:
            break
        if tok.word in _VERBS or tok.word in _REFUSING_VERBS or not tok.word.isalpha():
            return False
    return True


def _check_asks_for_one(text: str, tokens, hit: _Hit, hits: List[_Hit]) -> None:
    """
    Raise UnanswerableQueryError for a request that asks for both poles of its axis at once.

    "the darker and the lighter cup", "the darker cup or the lighter cup", "darker but also
    lighter", "the darker cup. The lighter cup.": a selection returns one image, and either
    answer would be as right as the other.
    """
    for h in hits:
        if h is hit or h.sense.axis != hit.sense.axis or h.sense.hue != hit.sense.hue or \
                h.direction != -hit.direction:
            continue
        low, high = sorted((h.index, hit.index))
        between = {tok.word for tok in tokens[low + 1:high]}
        if tokens[low].word == tokens[high].word and 'not' in between and \
                between <= {'and', 'but', 'yet', 'not', 'also', ','}:
            raise UnanswerableQueryError(  # "the darker and not darker cup"
                f'{quote(text)} contradicts itself: it says and denies '
                f'{tokens[low].word!r} of the same image')
        # "darker but also lighter": "but" adds the other pole instead of turning it down
        also = 'but' in between and bool(between & {'also', 'too'})
        # "the darker cup, the lighter cup", "the darker cup / the lighter cup" (a line break,
        # a dash or a slash leaves no token): two bare phrases side by side, a list of both
        listed = between - ARTICLES - {','}
        listed = len(listed) <= 2 and all(w.isalpha() for w in listed) and \
            not listed & (_VERBS | _REFUSING_VERBS | _TURNED_DOWN | _WANTING)
        joined = also or between & {'and', 'or', '/', 'either'} or (
            (between & _SENTENCE_BREAKS or listed) and _bare_request(tokens, high))
        if high - low <= 5 and joined and \
                not between & ((_TURNED_DOWN | _REJECTING | _REFUSING_VERBS)
                               - ({'but'} if also else set())) and \
                not any(w.endswith("n't") for w in between):
            raise UnanswerableQueryError(
                f'{quote(text)} asks for both the one with more and the one with less '
                f'{hit.sense.axis}: a selection chooses one image, say which')


def parse_difference(text: str, attribute: Optional[str] = None,
                     fallback: bool = True) -> DifferenceQuery:
    """
    Read a difference sentence or command into a DifferenceQuery.

    ``attribute`` optionally names the Subtle-Diff attribute the sentence was written for
    ('color', 'shape', 'texture'); it decides between senses of words such as "brighter"
    (colour: brightness, texture: glossiness). With ``fallback`` (and unless
    $SUBTLE_DIFF_PHRASE_ENCODER is 0/off), a text the rules cannot read goes to the phrase
    encoder. Raises QueryParseError for empty text, for text that neither reads, naming the
    phrase not understood, and for a bare "image" with no number.
    """
    if text is not None and not isinstance(text, str):
        # b"image 2 is darker" read as "b'image 2 ...'" named an object "b'image"
        raise QueryParseError(f'a difference text is a string, not {type(text).__name__}')
    if text is None or not text.strip():
        raise QueryParseError('empty text: nothing to parse')
    original = text
    check_text(original)
    hint = _normalise_hint(attribute)
    plain = _difference_excepted(read_affordances(read_idioms(read_transcript(
        plain_text(original)))))
    script = foreign_script(plain)
    if script:
        named = script if len(script) <= 3 else script.title()  # "CJK", "Cyrillic"
        raise QueryParseError(f'{quote(original.strip())} is written in {named} letters, not '
                              'as English: write the difference in English')
    foreign = foreign_words(original)
    if foreign:
        raise QueryParseError(
            f'{quote(original.strip())} does not read as English (it has '
            f'{", ".join(quote(w) for w in foreign[:4])}): write the difference in English')
    said, rank, excluded, only = read_order(_without_opener(plain))
    normalised, reading, hits = _read(said, hint)
    parsed_by = 'rules'
    if not hits and reading.felt:
        word, quality = reading.felt[0]
        raise UnanswerableQueryError(
            f'{quote(original.strip())} asks by {quality} ({word!r} here says how the thing '
            f'feels or is, not how it looks), which a photo does not show: name a difference '
            'that can be seen (colour, shape or texture)')
    if not hits:
        hits, parsed_by = [_encoder_hit(reading, original.strip(),
                                        fallback and fallback_enabled())], 'encoder'
    hit = _best_hit(_without_side_remarks(reading, hits), hint)
    _check_consistent(original.strip(), reading, hit, hits)
    elsewhere = said_of_another([t.word for t in reading.tokens], hit.index,
                                hit.sense.comparative or _after_more(reading.tokens, hit.index))
    if elsewhere:
        raise UnanswerableQueryError(
            f'{quote(original.strip())} says {reading.tokens[hit.index].raw!r} of something '
            f'beside the object ({elsewhere!r}): the images are compared on the object itself, '
            'so ask for it by its own look')
    if (reading.subject != ASKED and _DENIAL.match(said)) or _ANSWERED_NO.match(said):
        hit = replace(hit, direction=-hit.direction)
    if _taken_back(original.strip()):
        hit = replace(hit, direction=-hit.direction)
    if _REPORT_DENIED.search(original.strip()):
        hit = replace(hit, direction=-hit.direction)
    mocked = _MOCKED.search(original.strip()) or _MOCKING_START.match(original.strip())
    if mocked and not _ANSWERED_NO.match(said):
        raise UnanswerableQueryError(
            f'{quote(original.strip())} takes back what it says ({mocked.group(0).strip()!r}) '
            'and says nothing instead: say plainly which one you mean')
    if _belief_denied(reading.tokens, hit.index):
        hit = replace(hit, direction=-hit.direction)
    wished = _wished(reading.tokens, hit.index)
    if wished == 'should':
        raise UnanswerableQueryError(
            f'{quote(original.strip())} says what it should be, which may be a wish or a guess, '
            'not how the images differ: say which one is darker, rounder, ... now')
    if wished:
        hit = replace(hit, direction=-hit.direction)
    if reading.subject == ASKED and (_refused(reading.tokens, hit.index) or
                                     _described_thing_refused(reading.tokens, hit.index) or
                                     _turned_down_after(reading.tokens, hit.index) or
                                     _other_one_wanted(reading.tokens, hit.index)):
        hit = replace(hit, direction=-hit.direction)
    subject = reading.subject
    if subject != ASKED and _image_refused(reading):
        subject, hit = ASKED, replace(hit, direction=_wanted_direction(reading, hit))
    if subject != ASKED and (rank != 1 or excluded or only):
        raise UnanswerableQueryError(
            f'{quote(original.strip())} says it of image {subject}, but asks for a place in the '
            'order or rules a candidate out: that belongs to a command among candidates ("bring '
            'me the second darkest cup")')
    if _ITSELF.search(original):
        raise UnanswerableQueryError(f'{quote(original.strip())} compares a thing with itself: '
                                     'a difference text compares image 1 and image 2')
    words, clauses = [t.word for t in reading.tokens], _clauses(reading.tokens)
    cue = alike_cue(words, hit.index, clauses, hit.explicit)
    if cue is not None:
        raise UnanswerableQueryError(f'{quote(original.strip())} says the images are alike in '
                                     f'{hit.sense.axis} ({cue!r}), not which one has more of it')
    cue = both_cue(words, hit.index, clauses)
    if cue is not None:
        raise UnanswerableQueryError(f'{quote(original.strip())} says it of both images '
                                     f'({cue!r}): a difference text says which one has more '
                                     f'{hit.sense.axis}')
    obj, part = object_and_part(normalised, reading.tokens, reading.mentions, hit,
                                reading.verb_at)
    part = hit.part or part
    if part:
        part = ' '.join(part_spelling(word) for word in part.split())
    scene = scene_object([t.word for t in reading.tokens], obj, part)
    if scene:
        raise UnanswerableQueryError(
            f'{quote(original.strip())} compares the {scene}, not an object: the images are '
            'compared on the object they show')
    hit = _axis_for_the_thing(hit, reading.tokens, obj, part)
    axis, hue = hit.sense.axis, hit.sense.hue
    positive, negative = text_pair(axis, hit.direction, hue, obj, part)
    return DifferenceQuery(attribute=AXES[axis].attribute, axis=axis, direction=hit.direction,
                           subject=subject, object=obj, part=part,
                           positive_text=positive, negative_text=negative, hue=hue,
                           text=original, parsed_by=parsed_by,
                           other_axes=_other_axes(reading, hit, hits), rank=rank,
                           excluded=excluded, only=only)


def _other_axes(reading: '_Reading', hit: _Hit, hits: List[_Hit]) -> Tuple[str, ...]:
    """
    Return the axes of the text's other comparisons, which a query of one axis leaves out.

    "The glossier but darker cup": glossiness is asked, brightness is left out. Comparisons
    as written (a comparative, or "more"/"less"), not in an aside, of the object itself (not a
    part), not of the thing compared with.
    """
    axes = []
    for h in hits:
        # the chosen word read another way is no other comparison ("shorter": length, height)
        if h.sense.axis != hit.sense.axis and h.sense.axis not in axes and \
                h.index != hit.index and _stated_comparison(reading.tokens, h):
            axes.append(h.sense.axis)
    return tuple(axes)


def _stated_comparison(tokens, h: _Hit) -> bool:
    """Return True for a comparison as written, not in an aside, of the object, not its match."""
    return h.explicit and not h.aside and not h.part and not _in_compared_phrase(tokens, h.index)


def raw_text_query(text: str) -> DifferenceQuery:
    """
    Return an unparsed query carrying ``text``, for backends that score raw text.

    Its subject is the image the text names (as the parser reads it), else ASKED.
    """
    try:
        tokens = tokenize(normalise_references(str(text).strip()))
        subject = _subject(_image_mentions(tokens), str(text), tokens)
    except QueryParseError:
        subject = ASKED
    return unparsed_query(str(text), subject)

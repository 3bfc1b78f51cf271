# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The object and the part a difference text names, and the text pair (T1, T2) built from them.

Simple patterns, no grammar: "the handle of the purse in Image 1 ...", "Image 2 hammer has
...", "the cup is darker in image 2", "pick the glossier mug", "the mug with the glossier
handle", "has a bigger lens".
"""

import re
from typing import Optional, Tuple

from .lexicon import (ARTICLES, COMMAND_VERBS, COVERINGS, DEGREE_WORDS, LESS_WORDS, MORE_WORDS,
                      PART_NOUNS, QUALITY_NOUNS, QUANTITY_NOUNS, QUANTITY_WORDS,
                      RELATIVE_WORDS)
from .spelling import known_form, part_spelling
from .tokens import is_axis_noun, names_a_can, word_senses
from ..core.axes import AXES, hue_adjective, hue_of_word, opposite_adjective, PART_AXES
from ..core.wording import indefinite

# Words that stand for the object without naming it ("the one on the left").
_PRONOUNS = frozenset(('one', 'ones', 'it', 'this', 'that', 'object', 'thing', 'item'))
# Words for the whole look of a thing rather than a part of it ("a smoother surface").
_NOT_PARTS = frozenset(('surface', 'surfaces', 'finish', 'color', 'colour', 'colors', 'colours',
                        'shade', 'shades', 'tone', 'tones', 'texture', 'textures', 'shape',
                        'shapes', 'look', 'appearance', 'hue', 'tint', 'paint', 'body', 'area',
                        'areas', 'overall', 'one', 'ones', 'form', 'design', 'size',
                        'structure', 'material', 'outline', 'sheen', 'feel', 'image', 'cast',
                        'tinge', 'undertone', 'undertones', 'hint', 'job', 'glaze', 'coating',
                        'coat', 'paintwork', 'varnish', 'enamel', 'plating', 'lacquer',
                        'veneer', 'up', 'down', 'which', 'what', 'whichever', 'grit', 'grain',
                        'grains', 'profile', 'patina', 'tarnish', 'complexion', 'dye', 'dyes',
                        'pigment', 'pigments', 'colouring', 'coloring',
                        # pronouns: "has lost the shine it has"
                        'it', 'itself', 'they', 'them', 'he', 'she', 'him')) | frozenset(
                            QUANTITY_WORDS)
# What "of" may point at in "the X of the two": both things shown, so X is the object.
_BOTH_OF = frozenset(('two', 'both', 'pair', 'the pair', 'them', 'these', 'those', 'them both',
                      'these two', 'those two', 'two images', 'two pictures', 'two photos'))
# Containers named with their contents: "the jar of pickles" is the jar, no part of pickles.
_CONTAINERS = frozenset(('jar', 'jars', 'bottle', 'bottles', 'box', 'boxes', 'bag', 'bags', 'can',
                         'cans', 'tin', 'tins', 'pack', 'packs', 'packet', 'packets', 'tube',
                         'tubes', 'bowl', 'bowls', 'basket', 'crate', 'carton', 'cartons', 'tray',
                         'cup', 'mug', 'glass', 'roll', 'rolls', 'sack', 'pot', 'bucket', 'vial',
                         'vials', 'case', 'set', 'pair', 'bunch', 'stack',
                         # measures of a material: "a slice of bread", "the strip of tape"
                         'slice', 'slices', 'strip', 'strips', 'bar', 'bars', 'piece', 'pieces',
                         'sheet', 'sheets', 'block', 'blocks', 'chunk', 'chunks', 'wedge',
                         'wedges', 'stick', 'sticks', 'loaf', 'ball', 'spool', 'length',
                         'lengths', 'bundle', 'sachet', 'bit'))
_NP_STOP = frozenset(('in', 'on', 'at', 'from', 'that', 'which', 'who', 'whose', "that's",
                      'thats', "which's", "who's", "it's",
                      'with', 'than', 'then', 'vs', 'versus',
                      'compared', 'compare', 'and', 'or', 'but', 'while', 'please', 'for',
                      'to', 'is', 'are', 'has', 'have', 'as', 'when', 'image', 'of', 'there',
                      'here', 'now', 'instead', 'one', 'ones', 'pls', 'plz', 'lol', 'ngl', 'tbh',
                      'fr', 'frfr',
                      'thx', 'thanks', 'since', 'over', 'after', 'before', 'during', 'until',
                      'lately', 'recently', 'today', 'overnight', 'where', ',', '.', ';', ':',
                      '!', '?',
                      # "the darker handle would be nice": a modal verb ends the phrase
                      'would', 'could', 'should', 'will', 'can', 'might', 'must', 'may',
                      'shall', "won't", "can't", 'was', 'were', 'be'))
# Words between an object and its "image N" ("the cup depicted in the image 1").
_SUBJECT_TAIL = frozenset(('in', 'on', 'of', 'from', 'the', 'for', 'shown', 'depicted', 'seen'))
_MODIFIER_WORDS = DEGREE_WORDS | MORE_WORDS | LESS_WORDS
_IMAGE_WORDS = frozenset(('pic', 'pics', 'image', 'images', 'photo', 'photos', 'picture',
                          'pictures', 'img', 'one'))


def span_text(text, tokens, start, stop) -> Optional[str]:
    """Return the original text of tokens[start:stop] up to an aside's bracket, or None."""
    if start >= stop:
        return None
    # "the browner tint (the geologist wants ...)": a phrase ends where an aside opens
    return re.split(r'\s*[(\[]', text[tokens[start].start:tokens[stop - 1].end],
                    maxsplit=1)[0].strip() or None


def _is_colour_before_noun(tokens, j) -> bool:
    """Return True for a plain colour word before a noun ("the glossier red mug")."""
    senses = word_senses(tokens[j].word)[0]
    return (bool(senses) and all(s.axis == 'hue' and not s.comparative for s in senses)
            and j + 1 < len(tokens) and tokens[j + 1].word not in _NP_STOP
            and (not word_senses(tokens[j + 1].word)[0]
                 or _is_colour_before_noun(tokens, j + 1)))


def _noun_phrase_after(tokens, start) -> int:
    """Return the index just past the noun phrase starting at ``start`` (colours before it)."""
    j = start
    while j < len(tokens) and tokens[j].word not in _NP_STOP and (
            not word_senses(tokens[j].word)[0] or _is_colour_before_noun(tokens, j)):
        j += 1
    return j


def _split_part(phrase: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """Split "handle of the purse" into (part, object); drop "colour of", "shape of"."""
    if not phrase:
        return None, None
    pieces = [p.strip() for p in re.split(r'\s+whose\s+', phrase, maxsplit=1, flags=re.I)]
    if len(pieces) == 2 and all(pieces):
        return pieces[1], pieces[0]  # "the mug whose handle": the mug's handle
    words = re.split(r'\s+(of|if|on)\s+(?:the\s+|a\s+|an\s+)?', phrase, maxsplit=1)
    if len(words) == 3:
        part, joint, obj = words[0].strip(), words[1].lower(), words[2].strip()
        if part.lower() in _PRONOUNS:
            # "one of the mugs" names the mugs; "the one on top" a place, not a part
            return None, (obj or None) if joint == 'of' else None
        if part.lower() in QUALITY_NOUNS:
            return _split_part(obj)
        if joint == 'of' and part.lower().split()[-1] in _CONTAINERS:
            return None, phrase.strip()  # "the jar of pickles"
        if joint == 'of' and obj.lower() in _BOTH_OF:
            return None, part or None  # "the cooler-toned tile of the two": the tile
        if part.lower() in QUANTITY_NOUNS:
            return None, phrase.strip()
        said = [k for k, w in enumerate(part.lower().split()) if word_senses(w)[0]]
        if said:
            # "wider strap on the watch": the noun after the difference word is the part
            rest = ' '.join(part.split()[said[-1] + 1:])
            named = rest.lower()
            if not named or named in _PRONOUNS or named in QUALITY_NOUNS or \
                    any(w in _NOT_PARTS for w in named.split()):
                return None, obj
            return rest, obj
        if part.lower().split()[-1] in ('part', 'portion', 'side', 'section') and \
                ' of ' in obj.lower():
            return _split_part(obj)
        return part or None, obj or None
    return None, phrase.strip()


def _renamed(tokens, hit) -> bool:
    """Return True for a thing named again after a comma: "the bag, the darker canvas tote"."""
    return hit.index >= 2 and tokens[hit.index - 1].word in ARTICLES and \
        tokens[hit.index - 2].word in (',', ';', ':')


def _strip_article(tokens, i) -> int:
    while i < len(tokens) and (tokens[i].word in ARTICLES or tokens[i].word in ',:;'):
        i += 1
    return i


def _part_of_compound(obj: Optional[str], part: Optional[str]):
    """Split "knife blade", "kettle's lid" into (object, part) when the head is a part noun."""
    if part or not obj:
        return obj, part
    words = obj.split()
    owner, _, rest = obj.partition("'s ")
    # "the kettle's lid", "the cup's handle and rim"
    listed = len(rest.split()) == 3 and rest.split()[1].lower() in ('and', 'or')
    if rest and (len(rest.split()) <= 2 or listed) and not any(
            word_senses(w)[0] or w in _MODIFIER_WORDS
            for w in rest.lower().split()[::2 if listed else 1]):
        if _a_person(owner):
            return _part_of_compound(rest.strip(), None)  # "my dad's razor": the razor
        return owner.strip() or None, rest.strip()
    if len(words) >= 2 and part_spelling(words[-1]).lower() in PART_NOUNS and \
            ' '.join(words[-2:]).lower() not in _WHOLE_THINGS and \
            _names_an_owner(words[-2], words[-1]):  # "spoon handle", "spoon handel" as written
        return ' '.join(words[:-1]), words[-1]
    return obj, part


# Things named by an owner and a part noun that are whole things ("a pin cushion", "a cheese
# wheel"), not the part of an owner.
_WHOLE_THINGS = frozenset(('pin cushion', 'pin cushions', 'cheese wheel', 'cheese wheels',
                           'colour wheel', 'color wheel', 'ferris wheel', 'spinning wheel',
                           'water wheel', 'prayer wheel', 'floor cushion', 'hair band',
                           'rubber band', 'head band', 'wrist band'))


# People and kin: what they own is the object, no part of them ("my grandma's pearls").
_PEOPLE = frozenset((
    'grandma', 'grandmother', 'granny', 'gran', 'nan', 'nana', 'nanna', 'grandpa', 'grandfather',
    'grandad', 'granddad', 'gramps', 'abuela', 'abuelo', 'oma', 'opa', 'mum', 'mom', 'mother',
    'mama', 'mamma', 'mommy', 'mummy', 'dad', 'father', 'papa', 'daddy', 'brother', 'sister',
    'bro', 'sis', 'son', 'daughter', 'wife', 'husband', 'hubby', 'partner', 'uncle', 'aunt',
    'auntie', 'aunty', 'tia', 'tio', 'cousin', 'niece', 'nephew', 'grandson', 'granddaughter',
    'friend', 'mate', 'buddy', 'boyfriend', 'girlfriend', 'fiance', 'fiancee', 'boss',
    'neighbour', 'neighbor', 'colleague', 'coworker', 'flatmate', 'roommate', 'housemate',
    'landlord', 'landlady', 'teacher', 'kid', 'child', 'baby', 'toddler', 'boy', 'girl', 'man',
    'woman', 'lady', 'guy', 'person', 'someone', 'somebody', 'customer', 'client', 'owner',
    'chef', 'doctor', 'nurse', 'patient', 'student'))


def _a_person(owner: str) -> bool:
    """Return True for an owner that is a person: kin, people, a name ("my dad", "Maria")."""
    last = owner.split()[-1] if owner.split() else ''
    return last.lower() in _PEOPLE or (last[:1].isupper() and len(owner.split()) == 1 and
                                       not _lemmas(last))


# Words before a part noun that say which one it is, not whose ("the live cap", "the spare
# wheel"): the part noun is then the object.
_WHICH_ONE = frozenset(('live', 'reference', 'new', 'old', 'current', 'spare', 'left', 'right',
                        'front', 'rear', 'back', 'top', 'bottom', 'upper', 'lower', 'first',
                        'second', 'other', 'same', 'original', 'replacement', 'sample', 'test',
                        'master', 'golden', 'inspected', 'used', 'worn', 'fresh', 'main',
                        'end', 'extension', 'power', 'drainage', 'warning', 'safety', 'side',
                        'inner', 'outer', 'middle', 'centre', 'center',
                        # places: "the bedroom wall", "the gallery wall", "the kitchen door"
                        'bedroom', 'kitchen', 'bathroom', 'gallery', 'garden', 'office',
                        'hallway', 'hall', 'garage', 'lounge', 'classroom', 'corridor', 'lobby',
                        'attic', 'cellar', 'basement', 'loft', 'porch', 'patio', 'yard',
                        'warehouse', 'workshop', 'studio', 'shop', 'room'))


# Materials name what a thing is made of, not its owner ("the denim jacket", "a leather strap").
_MATERIALS = frozenset((
    'denim', 'leather', 'steel', 'metal', 'plastic', 'wood', 'wooden', 'glass', 'ceramic',
    'rubber', 'cotton', 'wool', 'woollen', 'woolen', 'paper', 'cardboard', 'brass', 'copper',
    'aluminium', 'aluminum', 'iron', 'silk', 'linen', 'nylon', 'vinyl', 'suede', 'canvas',
    'porcelain', 'stone', 'concrete', 'bamboo', 'chrome', 'silicone', 'felt', 'foam', 'resin',
    'titanium', 'bronze', 'silver', 'gold', 'tin', 'clay', 'terracotta', 'marble', 'wicker',
    'slate', 'granite', 'oak', 'walnut', 'teak', 'plywood', 'enamel', 'enamelled', 'enameled',
    'pewter', 'zinc', 'nickel', 'acrylic',
    'fibreglass', 'fiberglass', 'polyester', 'velvet', 'satin', 'tweed', 'fleece', 'rattan',
    'jute', 'hemp', 'straw', 'latex', 'neoprene', 'carbon', 'crystal', 'stainless', 'galvanised',
    'galvanized', 'cast-iron', 'laminate', 'brick', 'sandstone', 'limestone', 'wax', 'beeswax',
    'paraffin', 'pvc', 'polycarbonate', 'polypropylene', 'polythene', 'polyethylene', 'cork'))


def _lemmas(word: str) -> dict:
    """Return lemminflect's lemmas of ``word`` by part of speech (empty for unknown words)."""
    from lemminflect import getAllLemmas
    return getAllLemmas(word.lower().strip(",.;:'"))


def _is_noun(word: str) -> bool:
    """Return True for a word a dictionary knows as a noun."""
    return 'NOUN' in _lemmas(word)


def names_a_thing(word: str) -> bool:
    """
    Return True for a word that is only a noun in its own form ("glass", "mug", "edge").

    Participles ("chipped"), adjectives ("fuller") and words of the lexicon stay: they may name
    the difference.
    """
    if word_senses(word.lower())[0]:
        return False
    lemmas = _lemmas(word)
    return 'NOUN' in lemmas and 'ADJ' not in lemmas and 'ADV' not in lemmas and all(
        word.lower() in forms for forms in lemmas.values())


def _names_an_owner(word: str, part: str = '') -> bool:
    """
    Return True for a noun that can own the part after it ("kettle" lid, not "live" cap).

    Before a covering (``COVERINGS``) any word but a material or a word of which one does:
    lemminflect knows "splint" only as a verb ("the splint padding"; "a crimp pin" is a kind).
    """
    written = word.strip(",.;:'")
    word = written.lower()
    if word in _WHICH_ONE or word in _MATERIALS or word in ARTICLES or word in _NP_STOP or \
            word in _POSSESSIVES:
        return False  # "the gap under the door": no owner named by "the"; "my skin" is mine
    if '-' in word and any(piece in _MATERIALS or hue_of_word(piece) is not None
                           for piece in word.split('-')):
        return False  # "the rose-gold frame", "a steel-capped boot": what it is made of
    lemmas = _lemmas(word)
    if not lemmas and written[:1].isupper():
        return False  # a make or a type, not an owner: "the PBT caps", "the Edison bulb"
    return not lemmas or 'NOUN' in lemmas or (part.lower() in COVERINGS and word.isalpha()
                                              and 'ADJ' not in lemmas)


def _start_after_reference(tokens, mentions) -> int:
    """Return where the subject's phrase may start: after "Relative to image 2," if it opens."""
    if mentions and mentions[0][2]:
        for i in range(mentions[0][0], len(tokens)):
            if tokens[i].word == ',':
                return i + 1
    return 0


# Words of politeness before a command's verb ("Please pick ...", "Could you maybe grab ...").
_POLITE = frozenset(('please', 'pls', 'plz', 'kindly', 'ok', 'okay', 'hey', 'um', 'uh', 'so',
                     'robot', 'bot',
                     'could', 'can', 'would', 'will', 'you', 'maybe', 'just', 'now'))


# Verbs that open a command: those that ask for a thing and those that turn one down ("Leave
# the darker spatula where it is and bring me the other one").
_COMMAND_OPENERS = COMMAND_VERBS | frozenset(('leave', 'skip', 'avoid', 'ignore', 'forget'))


# Words that open a lead naming the things to choose from ("Out of the two eggs, pick ...").
_CHOICE_LEADS = frozenset(('out', 'of', 'from', 'between', 'among', 'amongst'))


# Questions that put a verb before their subject ("Why is the lamp post in pic 2 shorter?",
# "Does the mug in image 1 look darker?", "How come the candle ..."): the subject follows them.
_QUESTION_WORDS = frozenset(('why', 'how', 'what', 'when', 'where'))
_QUESTION_CONTRACTIONS = frozenset(("why's", "how's", "what's", "where's", "when's"))
_AUXILIARIES = frozenset(('is', 'are', 'was', 'were', 'does', 'do', 'did', 'has', 'have', 'had',
                          'can', 'could', 'will', 'would', 'should', 'might', 'may', 'must',
                          "isn't", "aren't", "wasn't", "weren't", "doesn't", "don't", "didn't",
                          "hasn't", "haven't"))


def _after_question(tokens, start: int) -> int:
    """Return where a question's subject starts: after "why is", "how come", "does" ..."""
    k = start
    if k < len(tokens) and tokens[k].word in _QUESTION_CONTRACTIONS:
        return k + 1
    if k + 1 < len(tokens) and tokens[k].word == 'how' and tokens[k + 1].word == 'come':
        return k + 2
    if k < len(tokens) and tokens[k].word in _QUESTION_WORDS:
        k += 1
    if k < len(tokens) and tokens[k].word in _AUXILIARIES:
        return k + 1
    return start


def _asks_with_verb_after(tokens) -> bool:
    """Return True for a question whose verb follows its subject ("does the mug sit lower")."""
    k = _after_question(tokens, 0)
    return k > 0 and tokens[k - 1].word in _AUXILIARIES - frozenset(
        ('is', 'are', 'was', 'were', "isn't", "aren't", "wasn't", "weren't"))


def _opening_word(tokens) -> int:
    """
    Return the index of the first word after any politeness ("Please pick": "pick").

    A lead naming the things to choose from is passed over when a command follows it ("Out of
    the two duck eggs, pick up the bigger one": "pick").
    """
    k = 0
    if tokens and tokens[0].word in _CHOICE_LEADS:
        comma = next((i for i, t in enumerate(tokens[:12]) if t.word == ','), None)
        if comma is not None:
            after = comma + 1
            while after + 1 < len(tokens) and tokens[after].word in _POLITE:
                after += 1
            if after < len(tokens) and tokens[after].word in _COMMAND_OPENERS:
                return after
    while k + 1 < len(tokens) and tokens[k].word in _POLITE:
        k += 1
    return k


# A speaker asking for a thing ("I need the narrower strap, ...", "we'd like the darker one").
_SPEAKERS_ASKING = frozenset(('i', 'we', "i'd", "we'd", "i'll", "we'll", 'id'))
_ASKING_VERBS = frozenset(('need', 'want', 'wanna', 'like', 'prefer', 'take', 'rather'))


def _asks(tokens, k) -> bool:
    """Return True when the words from ``k`` are a speaker asking ("I need", "I'd like")."""
    words = [t.word for t in tokens[k:k + 3]]
    if not words or words[0] not in _SPEAKERS_ASKING:
        return False
    rest = [w for w in words[1:] if w not in ('would', 'will', 'really', 'just')]
    return bool(rest) and rest[0] in _ASKING_VERBS


def _later_command(tokens, stop: int) -> Optional[int]:
    """
    Return where a command starts after a clause's end and before token ``stop``, or None.

    "Okay, so the family came in this morning ..., so fetch the shorter headstone": "fetch".
    """
    found = None
    for k in range(stop):
        if tokens[k].word in ',;:.!?':
            m = k + 1
            while m < stop and tokens[m].word in _POLITE | {'then', 'and'}:
                m += 1
            if m < stop and tokens[m].word in COMMAND_VERBS:
                found = m
    return found


def object_and_part(text, tokens, mentions, hit, verb_at):
    """Return (object, part) named by the sentence."""
    opening = _opening_word(tokens)
    command = tokens[opening].word in _COMMAND_OPENERS or _asks(tokens, opening)
    if not command and not mentions:
        command = _later_command(tokens, hit.index) is not None
    if (not mentions or (command and hit.index < mentions[0][0])) and (verb_at < 0 or command):
        # "bring me the bigger pumpkin from pic 1, the kids want to carve it": the command's
        # object, named before the image
        obj, part = _command_object(text, tokens, hit, verb_at)
    else:
        phrase = None
        subjects = [i for i, _, reference in mentions if not reference]
        first = subjects[0] if subjects else None
        opening = _start_after_reference(tokens, mentions)
        asked = _after_question(tokens, opening)
        if 0 <= verb_at < asked:
            # "Why is the lamp post in pic 2 shorter?": the verb came before its subject
            verb_at = -1
            if first is None:
                phrase = span_text(text, tokens, _strip_article(tokens, asked), hit.index)
        if first is not None:
            # "Discolouration noted: the insulation in image 2 ...": after the preface
            breaks = ':.;!?,' if tokens[0].word in _PREFACE_OPENERS else ':.;!?'
            # "After 40 cuts in oak, the cutting edge of the blade in image 1 ...": likewise
            opening = max([opening] + [k + 1 for k in range(first) if tokens[k].word in breaks])
        if first is not None and (verb_at < 0 or first < verb_at):
            start = _strip_article(tokens, _after_question(tokens, opening))
            if first > start and tokens[start].word != 'in' and \
                    min(i for i, _, _ in mentions if i >= start) == first:
                # "The handle of the purse in image 1 ...", "The cup in the image 2 ..."
                end = first
                while end > start and tokens[end - 1].word in _SUBJECT_TAIL:
                    end -= 1
                phrase = span_text(text, tokens, start, end)
                owner = _clean_object(span_text(text, tokens, first + 2, verb_at)) \
                    if verb_at > first + 2 else None
                if phrase and owner and owner.lower() not in _PRONOUNS and \
                        {t.word for t in tokens[end:first]} & {'on', 'of'}:
                    # "the spout on the pic 1 kettle": the spout of the kettle
                    phrase = f'{phrase} of {owner}'
            if phrase is None or (_clean_object(phrase) is None
                                  and _clean_object(_split_part(phrase)[1]) is None):
                # "Image 2 hammer has ...", "Image 2's handle is ...", "In image 2 cup is ..."
                stop = verb_at if verb_at > first else len(tokens)
                start = first + 2
                if [t.word for t in tokens[start:start + 2]] == ['and', '2']:
                    start += 2  # "Images 1 and 2: which mug is darker?"
                if start < stop and tokens[start].word == ',':
                    # "Image 2, taken on 30 October, shows ...": what is said of the image
                    start = next((k for k in range(start + 1, stop) if tokens[k].word == ','),
                                 start)
                # "Get the first toy car, it's the smaller one": the phrase ends at the comma
                start = _strip_article(tokens, start)
                # ... and at the sentence's end ("the one on the left! The big one's for Dad")
                # ... and at a verb of how it stands or looks ("Image 1 cup sits on a ring")
                stop = next((k for k in range(start, stop)
                             if tokens[k].word in ('.', '!', '?', ';', 'than', 'vs', 'versus')
                             or (k > start and (tokens[k].word == ','
                                                or tokens[k].word in _STANDS_OR_LOOKS
                                                or _verb_before_degree(tokens, k)))), stop)
                phrase = span_text(text, tokens, start, stop)
        elif verb_at > 0:
            # "The cup is darker in image 2", "The handle of the purse has a brighter shade";
            # "Does the cup have ...", "Do the handles of the cup look ...": after the verb
            # that opens the question
            phrase = span_text(text, tokens, _strip_article(
                tokens, asked if opening < asked < verb_at else 0), verb_at)
        part, obj = _split_part(phrase)
        owned = _part_after(text, tokens, hit) if part and obj and _owned(tokens, hit) else None
        if owned:
            # "The seat on the forklift has a thicker cushion": the seat's cushion
            obj, part = part, owned
        if obj is None and part is None:
            # "Image 1 shows a darker lid on the jar": the part, and its owner after "on";
            # "image 1 has the brighter apple": the object
            part = _part_after(text, tokens, hit)
            if part and part.lower().split()[-1] not in PART_NOUNS:
                obj, part = (part if len(part.split()) == 1 else None), None
            elif part:
                obj = _owner_after(text, tokens, hit)
                if obj is None and _shown(tokens, hit):
                    obj, part = part, None  # "the second shows the darker slate roof"
        elif obj is not None and part is None:
            part = _part_after(text, tokens, hit) or _part_before(text, tokens, hit)
            named = _clean_object(obj)
            if part and (named is None or _renamed(tokens, hit) or (
                    named.lower() in _PRONOUNS and not _owned(tokens, hit))) and \
                    part.lower().split()[-1] not in PART_NOUNS:
                # "the one on the right, the glossier spoon": the spoon is the object; so is
                # the bowl of "I'd rather have the rounder bowl", where no owner is named
                obj, part = part, None
    if part is None and not hit.part and _heading_part(tokens):
        part = tokens[0].raw  # "Wall thickness: image 1 pipe thinner than image 2"
    whose = next((i for i in range(hit.index) if tokens[i].word == 'whose'), None)
    if part is None and not hit.part and whose is not None:
        # "The mug in Image 1 is the one whose handle is thicker."
        part = span_text(text, tokens, whose + 1, min(_noun_phrase_after(tokens, whose + 1),
                                                      hit.index))
    if hit.part and obj and ':' in obj:
        obj = obj.split(':')[0]  # "Image 1 cup: no coloured bands": the label names the object
    obj = _clean_object(obj)
    if part is None and obj and len(obj.split()) > 1 and \
            obj.split()[0].lower() in ('its', 'their'):
        obj, part = None, obj.split(None, 1)[1]  # "its knob is less round": the object's knob
    if obj and part and obj.lower().endswith(' ' + part.lower()):
        # "The car door is more dented": the car's door, not the door of the car door; "the
        # bedroom door" is one door
        obj, part = _part_of_compound(obj, None)
    obj, part = _part_of_compound(obj, part)
    if obj is None and part and hit.sense.axis not in PART_AXES:
        # "has the thicker mug handle": the mug's handle ("fewer bolt holes" counts bolt holes)
        owner, head = _part_of_compound(part, None)
        if head:
            obj, part = owner, head
    if part is not None:
        part = _without_verb(part)
        words = part.split()
        while len(words) > 1 and words[0].lower() in _MATERIALS:
            words = words[1:]  # "the wax seal on the letter": the seal
        part = ' '.join(words)
        if any(ch.isdigit() for ch in part):
            part = None  # "Gloss reading 88 GU on the bell": a reading, not a part
    named_part = hit.part or part
    if obj is not None and named_part is not None:
        # "No cork in the bottle": the part written first, then its owner
        owner = re.match(rf'{re.escape(named_part)}\s+(?:in|on|of)\s+(?:the\s+|a\s+|an\s+)?'
                         r'(\S.*)', obj, re.I)
        obj = owner.group(1) if owner else (None if obj.lower() == named_part.lower() else obj)
        lacking = obj and re.match(rf'(\S.*?)\s+(?:without|missing|lacking|minus)\s+'
                                   rf'(?:a\s+|an\s+|the\s+|any\s+|its\s+)?'
                                   rf'{re.escape(named_part)}$', obj, re.I)
        if lacking:
            obj = lacking.group(1)  # "the glass without a stem": the glass
    if obj is not None:
        obj = obj.rstrip(':;, ') or None  # "Image 2 kitchen knife: edge sharper ..."
    if obj is not None and not any(ch.isalpha() for ch in obj):
        obj = None  # "Image 2: 5 buttons, image 1: 4 buttons": a count, no object
    if obj is not None and obj.lower() in _PRONOUNS:
        obj = None
    standing = _standing_on(text, tokens, hit)
    hanging = None if standing or hit.part else _hanging_from(text, tokens, hit)
    if hanging:
        obj, part = hanging  # "A longer tassel hangs from the cap": the cap's tassel
    if standing and hit.part:
        obj = standing[0]  # "The vase stands on a little stand": the vase has a stand
    elif standing:
        # "The cup sits on a saucer that is darker": the cup's saucer, not the saucer's cup
        obj, part = standing
    if _asks_with_verb_after(tokens):
        # "does the 2nd soufflé stand higher?", "does the left mug sit lower?": a verb
        if part is not None and part.lower() in _PART_VERBS:
            part = None
        if obj is not None and len(obj.split()) > 1 and obj.split()[-1].lower() in _PART_VERBS:
            obj = obj.rsplit(None, 1)[0]
    if part is not None and _not_a_part(part.lower().split()[-1], hit):
        part = None  # "has the boxier shape", "whose colour is more muted": the whole look
    return obj, part


# Verbs of standing or sitting on a thing ("the cup sits on a saucer", "a vase standing on").
_STANDING_ON = frozenset(('stands', 'stand', 'standing', 'stood', 'sits', 'sit', 'sitting', 'sat',
                          'rests', 'rest', 'resting', 'perched'))
_RELATIVES = frozenset(('that', 'which', 'who'))


def _standing_on(text, tokens, hit):
    """
    Return (object, part) of "X sits on Y" with a difference said of Y or of X, else None.

    "The cup sits on a saucer that is darker", "Image 1 cup sits on a darker saucer": the cup,
    and its saucer compared; "The teapot sits on a trivet and is darker", "The cup that sits on
    the saucer is darker": the teapot, the cup themselves. A part that sits on its owner is its
    part ("the handle that sits on the cup").
    """
    at = next((k for k in range(1, hit.index) if tokens[k].word in _STANDING_ON
               and k + 1 < len(tokens) and tokens[k + 1].word in ('on', 'upon')), None)
    if at is None or any(t.word in ('.', ';', '!', '?') for t in tokens[at:hit.index]):
        return None  # "Someone sat on the ruler; the ruler in image 1 is ...": another sentence
    # the thing standing: the noun phrase before the verb ("The cup in image 1 that sits")
    end = at
    while end > 0 and tokens[end - 1].word in _RELATIVES | {','}:
        end -= 1
    if end >= 3 and tokens[end - 1].word.isdigit() and tokens[end - 2].word in _IMAGE_WORDS \
            and tokens[end - 3].word in ('in', 'from', 'on', 'of'):
        end -= 3  # "the cup in image 1 sits on"
    start = end
    while start > 0 and tokens[start - 1].word not in _NP_STOP | ARTICLES and \
            not tokens[start - 1].word.isdigit() and tokens[start - 1].word.isalpha() and (
                not word_senses(tokens[start - 1].word)[0]
                or _is_colour_before_noun(tokens, start - 1)):
        start -= 1
    thing = _clean_object(span_text(text, tokens, start, end))
    if not thing:
        return None
    # what it stands on, and whether the difference is said of it
    on = _strip_article(tokens, at + 2)
    stop = on
    while stop < len(tokens) and tokens[stop].word not in _NP_STOP and \
            not tokens[stop].word.isdigit():
        stop += 1
    said = [k for k in range(on, stop) if word_senses(tokens[k].word)[0]]
    support = span_text(text, tokens, said[-1] + 1 if said else on, stop)
    k = stop
    while k < len(tokens) and (tokens[k].word in (',', 'in', 'from') or tokens[k].word.isdigit()
                               or tokens[k].word in _IMAGE_WORDS):
        k += 1
    of_support = on <= hit.index < stop or (
        k < hit.index and tokens[k].word in _RELATIVES
        and not any(t.word in ('and', 'but', ';', '.') for t in tokens[k:hit.index]))
    if not support or (of_support and support.lower() in _NOT_OBJECTS):
        return None  # "sits on the left, which is darker": a place
    if part_spelling(thing.split()[-1]).lower() in PART_NOUNS:
        # "the handle that sits on the cup is darker": the cup's handle
        return None if of_support or hit.part else (support, thing)
    return thing, (support if of_support else None)


# Verbs of a part that hangs from, sticks out of or is fixed to its owner ("a tassel hangs
# from the cap", "the pin sticking out of the hinge", "the tag attached to the strap").
_HANGING = frozenset(('hangs', 'hang', 'hanging', 'hung', 'dangles', 'dangle', 'dangling',
                      'dangled', 'sticks', 'stick', 'sticking', 'juts', 'jutting', 'protrudes',
                      'protruding', 'pokes', 'poking', 'attached', 'fixed', 'fastened', 'clipped',
                      'sewn', 'stitched', 'glued', 'screwed', 'bolted', 'welded', 'riveted',
                      'fitted', 'sprouts', 'sprouting', 'grows', 'growing'))
_HANGING_FROM = frozenset(('from', 'off', 'of', 'to', 'onto', 'on'))
# What a thing hangs from or is fixed to without being its part ("the lamp hanging from the
# ceiling", "a coat on the hook").
_FIXTURES = frozenset(('ceiling', 'wall', 'walls', 'hook', 'hooks', 'rail', 'rack', 'peg',
                       'pegs', 'door', 'line', 'tree', 'branch', 'beam', 'shelf', 'nail', 'post',
                       'pole', 'hanger', 'window', 'roof', 'fence', 'ledge', 'table', 'desk',
                       'counter', 'balcony', 'bracket', 'stand', 'string', 'chain', 'cord',
                       'wire', 'rope', 'thread', 'ribbon', 'lanyard', 'keyring', 'board',
                       'fridge', 'mirror', 'ground', 'floor'))


def _hanging_from(text, tokens, hit):
    """
    Return (object, part) of "X hangs from Y" with a difference said of X, else None.

    "A longer tassel hangs from the graduation cap in image 1", "the pin that sticks out of the
    hinge is longer", "the tag attached to the strap is redder": X is a part of Y; where Y is a
    fixture ("the lamp hanging from the ceiling") X is the object. None where the difference is
    said of Y or of the hanging ("hangs lower from").
    """
    at = next((k for k in range(1, len(tokens) - 1) if tokens[k].word in _HANGING), None)
    if at is None:
        return None
    on = at + 1
    while on < len(tokens) and tokens[on].word in ('out', 'down', 'up', 'off') and \
            on + 1 < len(tokens) and tokens[on + 1].word in _HANGING_FROM:
        on += 1  # "sticks out of", "hangs down from"
    if tokens[on].word not in _HANGING_FROM or (tokens[on].word == 'of' and on == at + 1):
        return None
    end = at
    while end > 0 and tokens[end - 1].word in _RELATIVES | {',', 'is', 'are', 'was', 'were'}:
        end -= 1  # "the pin that is attached to", "the tag, which hangs from"
    start = end
    while start > 0 and tokens[start - 1].word not in _NP_STOP | ARTICLES and \
            tokens[start - 1].word.isalpha():
        start -= 1
    first = _strip_article(tokens, on + 1)
    stop = _noun_phrase_after(tokens, first)
    if start == end or stop == first or not (start <= hit.index < end or hit.index >= stop):
        return None  # "hangs lower from", "hangs from a darker cap": not said of X
    part = ' '.join(w for w in span_text(text, tokens, start, end).split()
                    if not _senses_as_written(w))
    owner = span_text(text, tokens, first, stop)
    if not part or not owner or owner.lower().split()[-1] in _NOT_OBJECTS:
        return None
    if owner.lower().split()[-1] in _FIXTURES:
        return part, None  # "the lamp hanging from the ceiling": the lamp
    return owner, part


# Words that open a preface before the subject's phrase ("After 200 h of UV exposure, the
# cover in image 1 ...", "Measured with calipers, ...").
_PREFACE_OPENERS = frozenset((
    'after', 'before', 'during', 'following', 'since', 'when', 'once', 'at', 'under', 'upon',
    'within', 'over', 'with', 'by', 'as', 'measured', 'seen', 'viewed', 'photographed',
    'inspected', 'checked', 'taken', 'today', 'yesterday', 'now', 'overall', 'visually',
    'honestly', 'also', 'again', 'still', 'here', 'note', 'update', 'finding', 'observation'))


# Words that open or close a found object phrase without being the object ("grab whichever
# cup", "mug looks", "toy that's").
_OBJECT_OPENERS = COMMAND_VERBS | ARTICLES | frozenset((
    'whichever', 'what', 'me', 'us', 'i', 'idk', 'imo', 'imho', 'tbh', 'ngl', 'lol', 'hmm', 'ok',
    'okay', 'so', 'well', 'um', 'uh', 'yeah', 'yes', 'pls', 'please', 'two', 'both', 'these',
    'those', 'up', 'whereas', 'while', 'whilst', 'although', 'though', 'no',
    'out', 'could', 'can', 'would', 'will', 'you', "it's", "that's", "there's", 'theres',
    "here's", "i'd", "i'll", "i'm", 'id', 'we', "we'd", "we'll", 'like', 'want', 'wanna',
    'need', 'prefer', 'rather', 'think', 'believe', 'guess', 'reckon', 'suppose',
    # "Of the two jumpers in image 1 and image 2, ...", "Looking at the mugs in ..."
    'of', 'between', 'among', 'amongst', 'comparing', 'looking', 'at'))
_OBJECT_CLOSERS = _NP_STOP | _MODIFIER_WORDS | _IMAGE_WORDS | frozenset((
    "that's", 'looks', 'look', 'seems', 'appears', 'was', 'were', 'be', 'being', '2', '1',
    'might', 'may', 'must', 'should', 'could', 'would', 'used', 'est', 'sits',
    'missing', 'absent', 'gone', 'removed', 'lacking'))


_NOT_OBJECTS = _NOT_PARTS | frozenset(('two', 'three', 'both', 'them', 'all', 'these', 'those',
                                       'visible', 'seen', 'noted', 'observed',
                                       'side', 'bunch', 'lot', 'group', 'rest', 'others',
                                       # "Image 1 (left), image 2 (right): ...": places
                                       'left', 'right', 'top', 'bottom'))


# Verbs that follow a part in "whose" clauses and with "has"/"with" ("whose jaws open wider",
# "whose strap hangs longer", "whose handle looks thicker"): the part ends before them.
_PART_VERBS = frozenset((
    'look', 'looks', 'seem', 'seems', 'appear', 'appears', 'feel', 'feels', 'sit', 'sits',
    'stand', 'stands', 'hang', 'hangs', 'open', 'opens', 'stick', 'sticks', 'come', 'comes',
    'turn', 'turns', 'run', 'runs', 'reach', 'reaches', 'extend', 'extends', 'measure',
    'measures', 'bend', 'bends', 'stretch', 'stretches', 'rise', 'rises', 'flare', 'flares',
    'protrude', 'protrudes', 'go', 'goes', 'grow', 'grows', 'stay', 'stays', 'rest', 'rests',
    'get', 'gets', 'got', 'became', 'become', 'becomes', 'shows', 'show', 'reads', 'read',
    'reflect', 'reflects', 'shine', 'shines', 'gleam', 'gleams', 'glisten', 'glistens', 'taper',
    'tapers', 'curve', 'curves', 'curl', 'curls',
    # verbs of comparing ("the tile whose finish exceeds the other's in gloss")
    'exceeds', 'exceed', 'beats', 'surpasses', 'surpass', 'outdoes', 'outdo', 'trails', 'lags',
    'outshines', 'outshine'))


# Verbs of how a thing stands or looks that no noun is spelled like ("stick", "stand", "rest"
# are): after "Image 1 cup" they end the object's name ("Image 1 cup sits on a foot ring").
_STANDS_OR_LOOKS = frozenset(('sits', 'stands', 'looks', 'seems', 'appears', 'reads', 'measures',
                              'runs', 'feels', 'shows', 'comes', 'gleams', 'shines', 'rests'))


def _verb_before_degree(tokens, k) -> bool:
    """Return True for "stand", "sit", "look" before a difference word ("keycaps stand taller")."""
    return tokens[k].word in _PART_VERBS and k + 1 < len(tokens) and bool(
        tokens[k + 1].word in _AFTER_A_VERB or word_senses(tokens[k + 1].word)[0])


# Particles left after a verb read as a difference word ("the lip flares out more").
_PARTICLES = frozenset(('out', 'up', 'down', 'off', 'over', 'away', 'back'))


def _is_verb_only(word: str) -> bool:
    """Return True for a verb form no dictionary reads as a noun ("sticking", not "housing")."""
    lemmas = _lemmas(word)
    return 'VERB' in lemmas and 'NOUN' not in lemmas and word.endswith('ing')


def _without_verb(part: str) -> str:
    """
    Return the part phrase without the verb that follows its noun ("jaws open" -> "jaws").

    A verb is one of ``_PART_VERBS``, a particle, a verb only ("sticking"), or any verb form
    with a degree or a direction after it ("tiles lean more towards", "rails bow outward").
    """
    words = [word.lower().strip('.,;:!?') for word in part.split()]
    verb = next((k for k, word in enumerate(words)
                 if k > 0 and (word in _PART_VERBS | _PARTICLES or _is_verb_only(word) or (
                     k + 1 < len(words) and words[k + 1] in _AFTER_A_VERB
                     and 'VERB' in _lemmas(word)))),
                len(words))
    return ' '.join(part.split()[:verb])


# Words after a verb that say how much or which way ("lean more", "bow outward").
_AFTER_A_VERB = MORE_WORDS | LESS_WORDS | frozenset((
    'slightly', 'much', 'far', 'way', 'noticeably', 'visibly', 'clearly', 'somewhat', 'towards',
    'toward', 'outward', 'outwards', 'inward', 'inwards', 'forward', 'forwards', 'backward',
    'backwards', 'sideways', 'upward', 'upwards', 'downward', 'downwards', 'into', 'to', 'away',
    'apart', 'further', 'farther'))


def _senses_as_written(word: str):
    """Return the senses of a word as written, slips included ("drkr")."""
    word = word.lower().strip('.:;!?')
    return word_senses(word)[0] or word_senses(known_form(word) or word)[0]


# Colour names that are also the names of fruit: the last word of an object's phrase names it.
_FRUIT_COLOURS = frozenset(('orange', 'oranges', 'lime', 'limes', 'peach', 'peaches', 'plum',
                            'plums', 'cherry', 'cherries', 'lemon', 'lemons', 'olive', 'olives'))


def _without_differences(words):
    """
    Return the words of an object phrase up to its first comparison, without its adjectives.

    "cup darker" ends at "darker"; "the glossy mug" is the mug and "the blue mug" stays the blue
    mug: a colour names which object, "glossy" says what the text compares.
    """
    kept = []
    for k, word in enumerate(words):
        senses = _senses_as_written(word)
        if not senses or (k == len(words) - 1 and word.lower() in _FRUIT_COLOURS):
            kept.append(word)  # "The orange in image 2 has a bumpier peel": the fruit
            continue
        before = words[k - 1].lower() if k else ''
        after = words[k + 1].lower().strip('.:;!?') if k + 1 < len(words) else ''
        after_senses = _senses_as_written(after) if after else ()
        if any(s.comparative for s in senses) or not after or after in _NP_STOP or \
                before in _MODIFIER_WORDS or after_senses and not all(
                    s.axis == 'hue' for s in after_senses):
            break  # "cup darker", "blades more curved than", "mug is dark"
        if all(s.axis == 'hue' for s in senses):
            kept.append(word)
    while kept and kept[-1].lower() in _NP_STOP | ARTICLES and not _a_can(kept):
        kept.pop()  # "the bag with the longer strap": the bag
    return kept


def _a_can(words) -> bool:
    """Return True when the last of ``words`` is the noun "can" ("watering can")."""
    return words[-1].lower().strip('.:;!?') == 'can' and len(words) > 1 and \
        names_a_can(words[-2].lower(), None)


_OBJECT_TAIL = re.compile(r'\s+(?:vs\.?|versus|than|compared\s+(?:to|with))\s|\s*\(|'
                          r'(?<=[a-z])\s+\d+(?:[.,]\d+)?\s*(?:mm|cm|m|in|%|gu|k)?(?:\s|$)',
                          re.I)


# Other names of the pictures, in "which shot shows ...".
_CAPTURES = frozenset(('capture', 'captures', 'shot', 'shots', 'frame', 'frames', 'snapshot',
                       'snap', 'view', 'scan', 'camera', 'cam', 'exposure'))


def _clean_object(obj: Optional[str]) -> Optional[str]:
    """Return the object phrase without command words, trailing verbs or difference words."""
    if not obj:
        return obj
    # what a note adds after the name: "bezel vs image 1 (GU 38 vs 71)", "grommet 21.8 mm"
    obj = _OBJECT_TAIL.split(obj, maxsplit=1)[0]
    words = _without_differences(obj.rsplit(',', 1)[-1].split())
    if len(words) == 2 and words[0].lower() in ('which', 'what') and \
            words[1].lower().strip('.:;!?') in _CAPTURES:
        return None  # "Which capture shows the thicker pad?": a question about the images
    while words and words[0].lower() in _OBJECT_OPENERS:
        words = words[1:]
    while words and words[-1].lower().strip('.:;!?') in _OBJECT_CLOSERS and not _a_can(words):
        words = words[:-1]
    if words and words[-1].lower().endswith(("'s", '\u2019s')) and len(words[-1]) > 3:
        words[-1] = words[-1][:-2]  # "img 1 mug's shorter": the mug is shorter
    found = ' '.join(words).strip('.:;!? ')
    if not found or found.lower() in _NOT_OBJECTS or (
            words[0].lower() in _PRONOUNS and 'of' not in found.lower().split()):
        return None  # "one at the back" is a place, not a name ("one of the mugs" names mugs)
    return found


# Verbs of putting a thing somewhere, whose particle follows the thing ("put the stool back").
_PLACING_VERBS = frozenset(('put', 'set', 'place', 'bring', 'take', 'give', 'hand', 'pass',
                            'send', 'carry', 'move', 'lay', 'pop', 'toss', 'throw', 'slide',
                            'stick', 'leave', 'stash', 'tuck'))


def _before_particle(tokens, first: int, stop: int) -> int:
    """Return ``stop``, or the index of a placing verb's particle ending the noun phrase."""
    if stop - 1 > first and tokens[stop - 1].word in _PARTICLES | {'aside'} and \
            any(tokens[k].word in _PLACING_VERBS for k in range(first)):
        return stop - 1
    return stop


def _command_object(text, tokens, hit, verb_at):
    """Return (object, part) for commands and questions that name no image."""
    if hit.part:
        return _first_noun_phrase(text, tokens, verb_at), None  # "the jug without a spout"
    whose = next((i for i in range(hit.index) if tokens[i].word == 'whose'), None)
    if whose is not None:
        # "the mug whose handle is thicker"
        start = whose
        while start > 0 and tokens[start - 1].word not in ARTICLES | COMMAND_VERBS:
            start -= 1
        stop = _noun_phrase_after(tokens, whose + 1)
        return (span_text(text, tokens, start, whose),
                span_text(text, tokens, whose + 1, stop))
    j = hit.index - 1
    while j >= 0 and tokens[j].word in _MODIFIER_WORDS - ARTICLES - {'with', 'has', 'have'}:
        j -= 1
    if j > 0 and tokens[j].word == 'with':
        # "the bag with longer strap": no article before the difference word
        after = _noun_phrase_after(tokens, hit.index + 1)
        head = span_text(text, tokens, hit.index + 1, after)
        start = j
        while start > 0 and tokens[start - 1].word not in ARTICLES | COMMAND_VERBS:
            start -= 1
        owner = span_text(text, tokens, start, j)
        if head and owner and head.lower().split()[-1] in PART_NOUNS:
            return owner, head
    j = hit.index - 1
    while j >= 0 and tokens[j].word in _MODIFIER_WORDS - ARTICLES:
        j -= 1
    related = _related_part(text, tokens, j)
    if related is not None:
        return related
    if j >= 0 and tokens[j].word in ARTICLES:
        first = _past_joined_differences(tokens, hit.index + 1)
        after = _before_particle(tokens, first, _noun_phrase_after(tokens, first))
        head = span_text(text, tokens, first, after)
        k = j - 1
        if k >= 0 and tokens[k].word in ('with', 'has', 'having', 'whose', 'got', 'gotten'):
            owner_end = k
            while owner_end > 0 and tokens[owner_end - 1].word in (
                    'that', 'which', 'who', "that's", "which's", "who's", 'has', 'have'):
                owner_end -= 1  # "the one that has ...", "the box that's got ..."
            owner_start = owner_end
            while owner_start > 0 and tokens[owner_start - 1].word not in ARTICLES:
                owner_start -= 1
            owner = span_text(text, tokens, owner_start, owner_end)
            if owner and owner.lower().split()[-1] in _IMAGE_WORDS:
                if head and head.lower().split()[-1] in PART_NOUNS:
                    return None, head  # "the one with the darker handle"
                return head, None  # "which pic has the greener apple"
            if owner and owner.lower() not in COMMAND_VERBS:
                return owner, head
        if after < len(tokens) and tokens[after].word == 'of' and after - 1 > first and \
                tokens[after - 1].word in ('out', 'off'):
            # "the more curved hook out of the tackle box": where it is, not its owner
            return span_text(text, tokens, first, after - 1), None
        if after < len(tokens) and tokens[after].word == 'of' and \
                (head or '').lower() not in QUANTITY_NOUNS and \
                not set((head or '').lower().split()[-1:]) & _CONTAINERS:
            start = _strip_article(tokens, after + 1)
            owner = span_text(text, tokens, start, _noun_phrase_after(tokens, start))
            if (owner or '').lower() in _BOTH_OF:
                # "the cooler-toned tile of the two": the tile; "whichever jar is the taller of
                # the two": the jar, before the verb
                return head or _first_noun_phrase(text, tokens, verb_at), None
            return owner, head
        if head is not None or tokens[j].word not in ('that', 'which'):
            return head, None
        # "Get the mug that is shinier": nothing after the difference word; the mug before
    # "The cup that is rounder", "which cup is darker?"
    return _first_noun_phrase(text, tokens, verb_at), None


_RELATIVES = RELATIVE_WORDS | {"which's"}


def _related_part(text, tokens, j):
    """
    Return (owner, part) of "the bag with the strap that's shorter", or None.

    ``j``: the token before the difference word and its modifiers. The part is the noun phrase
    before the relative word, after "with the" (or "having", "has"), and must name a part.
    """
    if j < 3 or tokens[j].word not in _RELATIVES or tokens[j - 1].word not in PART_NOUNS:
        return None
    start = j - 1
    while start > 0 and j - start < 3 and tokens[start - 1].word not in ARTICLES and \
            _is_noun(tokens[start - 1].word) and tokens[start - 1].word not in _HAVING:
        start -= 1
    k = start - 1
    if k >= 0 and tokens[k].word in ARTICLES:
        k -= 1
    if k < 1 or tokens[k].word not in ('with', 'having', 'has'):
        return None
    while k > 0 and tokens[k - 1].word in _RELATIVES:
        k -= 1  # "the pan that has a handle that's longer"
    owner_start = k
    while owner_start > 0 and tokens[owner_start - 1].word not in ARTICLES | COMMAND_VERBS:
        owner_start -= 1
    return span_text(text, tokens, owner_start, k), span_text(text, tokens, start, j)


def _past_joined_differences(tokens, i) -> int:
    """Return the index after "and broader" ("the shorter and broader cushion") from ``i``."""
    while i + 1 < len(tokens) and tokens[i].word in ('and', 'or', 'but', ',') and \
            word_senses(tokens[i + 1].word)[0]:
        i += 2
    return i


def _first_noun_phrase(text, tokens, verb_at) -> Optional[str]:
    """Return the first noun phrase after an article or "which", else what precedes the verb."""
    for i, tok in enumerate(tokens):
        if 0 < verb_at < i:
            break  # "I'd like whichever candle is the shorter": the candle, before the verb
        if tok.word in ARTICLES or tok.word in ('which', 'what'):
            start = _strip_article(tokens, i + 1)
            return span_text(text, tokens, start, _noun_phrase_after(tokens, start))
    if verb_at > 0:
        return span_text(text, tokens, 0, verb_at)
    return None


# Words that give the noun phrase after them to the object ("has a ...", "with the ...").
_HAVING = frozenset(('has', 'have', 'had', 'having', 'with'))


def _owned(tokens, hit) -> bool:
    """Return True when the difference word's noun phrase follows "has", "with" ("has a ...")."""
    j = hit.index - 1
    while j >= 0 and tokens[j].word in _MODIFIER_WORDS - ARTICLES - {'has', 'have'}:
        j -= 1
    if j >= 0 and tokens[j].word in ARTICLES:
        j -= 1
    return j >= 0 and tokens[j].word in _HAVING


# Words before a difference word that make the noun after it a part the object has or shows.
_OWNING_WORDS = _HAVING | frozenset(('the', 'a', 'an', 'shows', 'show', 'showing', 'features',
                                     'sports', 'got'))


def _heading_part(tokens) -> bool:
    """Return True when a note opens with a part and a look noun ("Wall thickness:")."""
    return len(tokens) > 3 and tokens[2].word == ':' and tokens[0].word in PART_NOUNS and (
        tokens[1].word in QUALITY_NOUNS or is_axis_noun(tokens[1].word))


def _not_a_part(word: str, hit) -> bool:
    """Return True for a word of the whole look or a slip of one; a lamp's "shade" is a part."""
    return (word in _NOT_PARTS or word in QUALITY_NOUNS or _slip_of_a_look_noun(word)) \
        and not (word in PART_NOUNS and hit.sense.attribute == 'shape')


def _slip_of_a_look_noun(word: str) -> bool:
    """Return True for a word no dictionary knows one slip from a look noun ("colur")."""
    if len(word) < 5 or not word.isalpha() or _lemmas(word):
        return False
    from rapidfuzz import process
    from rapidfuzz.distance import OSA
    return bool(process.extractOne(word, sorted(QUALITY_NOUNS), scorer=OSA.distance,
                                   score_cutoff=1))


_POSSESSIVES = frozenset(('its', 'their', 'his', 'her', 'my', 'our', 'your'))
# Words between a part and the difference word after it ("has handle more thick", "has a
# handle that is not as thick").
_BETWEEN_PART_AND_WORD = MORE_WORDS | LESS_WORDS | frozenset((
    'not', 'as', 'that', 'which', 'is', 'are', 'was', 'were', 'so', 'much', 'bit', 'little',
    'slightly', 'way', 'far', 'lot', 'somewhat', 'noticeably', 'clearly', 'visibly'))


def _part_before(text, tokens, hit) -> Optional[str]:
    """Return the part named between "has" and the difference word ("has brim more narrow")."""
    end = hit.index
    while end > 0 and tokens[end - 1].word in _BETWEEN_PART_AND_WORD:
        end -= 1
    start = end
    while start > 0 and end - start < 2 and tokens[start - 1].word not in _OWNING_WORDS and \
            tokens[start - 1].word not in _NP_STOP and not word_senses(tokens[start - 1].word)[0]:
        start -= 1
    k = start - 1
    if k >= 0 and tokens[k].word in ARTICLES:
        k -= 1
    if start == end or k < 0 or tokens[k].word not in _HAVING:
        return None
    head = tokens[end - 1].word
    if _not_a_part(head, hit) or head in _PRONOUNS or any(
            tokens[i].word in _POSSESSIVES or (tokens[i].word not in PART_NOUNS
                                               and not _is_noun(tokens[i].word))
            for i in range(start, end)):
        return None
    return span_text(text, tokens, start, end)


# Words of an amount after a difference word ("has faded a lot", "darkened a bit").
_AMOUNTS = frozenset(('a', 'lot', 'lots', 'bit', 'tad', 'touch', 'little', 'ton', 'tons',
                      'fair', 'amount', 'good', 'deal', 'great'))


# Words after a difference word that open no part ("has faded more", "has yellowed relative to
# image 1").
_NOT_A_PART_OPENING = MORE_WORDS | LESS_WORDS | DEGREE_WORDS | frozenset((
    'relative', 'overall', 'since', 'lately'))


def _part_after(text, tokens, hit):
    """Return the part named right after the difference word ("has a bigger lens")."""
    i = hit.index + 1
    while i < len(tokens) and word_senses(tokens[i].word)[0] and tokens[i].word not in _NP_STOP:
        i += 1  # "darker red handle": colour words before the noun
    stop = _noun_phrase_after(tokens, i)
    if stop == i or stop - i > 3:
        return None
    words = [tokens[k].word for k in range(i, stop)]
    if words[0] in _NOT_A_PART_OPENING or any(_not_a_part(w, hit) for w in words) or all(
            w in _AMOUNTS or set(_lemmas(w) or ('NOUN',)) <= {'ADV'} for w in words):
        return None  # "has faded noticeably", "has darkened a lot": how much, no part
    j = hit.index - 1
    while j >= 0 and tokens[j].word in _MODIFIER_WORDS - {'has', 'have'}:
        j -= 1
    if j < 0 or tokens[j].word not in _OWNING_WORDS:
        return None
    return span_text(text, tokens, i, stop)


def _shown(tokens, hit) -> bool:
    """Return True when an image shows the thing ("image 2 shows the darker roof")."""
    j = hit.index - 1
    while j >= 0 and (tokens[j].word in _MODIFIER_WORDS - {'has', 'have'}
                      or tokens[j].word in ARTICLES):
        j -= 1
    return j >= 0 and tokens[j].word in ('shows', 'show', 'showing', 'displays', 'depicts')


def _owner_after(text, tokens, hit) -> Optional[str]:
    """Return the owner named after the part that follows the difference word ("on the jar")."""
    i = hit.index + 1
    while i < len(tokens) and word_senses(tokens[i].word)[0] and tokens[i].word not in _NP_STOP:
        i += 1
    stop = _noun_phrase_after(tokens, i)
    if stop >= len(tokens) or tokens[stop].word not in ('on', 'of'):
        return None
    start = _strip_article(tokens, stop + 1)
    return span_text(text, tokens, start, _noun_phrase_after(tokens, start))


def _article(pole, part) -> str:
    """Return the article before "<pole> <part>": none for plurals ("thorns")."""
    if not indefinite(part):
        return ''
    return 'an ' if pole[0] in 'aeiou' else 'a '


def text_pair(axis, direction, hue, obj, part) -> Tuple[str, str]:
    """Return (positive_text, negative_text) built from the axis poles, part and object."""
    thing = obj or 'object'
    if axis == 'hue':
        toward, away = hue_adjective(hue), opposite_adjective(hue)
        poles = (toward, away) if direction > 0 else (away, toward)
    else:
        poles = AXES[axis].poles(direction)
    if axis == 'presence':
        return tuple(f'{thing} {pole} {indefinite(part)}{part}' for pole in poles)
    if axis == 'count':
        return tuple(f'{thing} {pole} {part}' for pole in poles)
    if part:
        return tuple(f'{thing} with {_article(pole, part)}{pole} {part}' for pole in poles)
    return tuple(f'{pole} {thing}' for pole in poles)

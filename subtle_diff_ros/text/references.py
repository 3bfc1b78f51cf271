# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
How a text refers to the two images, rewritten as "image 1" / "image 2" before parsing.

Besides the spellings of "Image N" in the Subtle-Diff annotations ("Imag 1e", "img 2", "in  2"),
people point at the images by position and order: "the first image", "pic two", "the 2nd one",
"the left cup", "the one on the right", "the former", "the latter", "the right-hand bag". First,
former and left mean Image 1; second, last, latter and right mean Image 2 (the order in which
the images are given), and so do the earlier (before) and the later (after) shot; "image A/B"
are images 1 and 2; objects numbered like the images ("car 2", "mug #1") are in that image; a
third or later image is written with its number, for the parser to refuse (a pair has none).
The rewrite keeps the rest of the text as it is, so that the subject is found as for "Image N"
(the first mention that is not a comparison target).
"""

import re

from .tokens import word_senses

_IMAGE_WORD = r'(?:image|imag|img|pic|pics|picture|photo|photograph|frame|shot)'
_FIRST = r'(?:first|1st|former|left|left-hand|lefthand|leftmost|left-most)'
_SECOND = r'(?:second|2nd|latter|last|right|right-hand|righthand|rightmost|right-most)'
# Orders and number words past the second: a pair has no such image ("the third one").
_LATER = {'three': 3, 'third': 3, '3rd': 3, 'four': 4, 'fourth': 4, '4th': 4, 'five': 5,
          'fifth': 5, '5th': 5, 'six': 6, 'sixth': 6, '6th': 6}
_ORDINAL = f'(?:{_FIRST}|{_SECOND})'
# Words after a sentence-initial "first"/"right" that show it is not about an image.
_NOT_AN_IMAGE_AFTER = (r'(?:now|away|there|here|after|before|then|of|time|glance|off|at|so|you|'
                       r'i|we|please|pick|grab|take|bring|get|fetch|give|hand|choose|select|'
                       r'find|show|put|move|and|answer|thing|way|week|month|year|day|night|'
                       r'inspection|visit|check|round|shift)\b')

# Words before a 1 or 2 that is not an object's number: function words, amounts, ranks.
_NOT_A_NAME = (r'image|images|the|a|an|is|are|was|were|be|by|than|then|in|on|at|to|of|for|'
               r'with|from|about|around|only|just|and|or|nor|vs|versus|between|under|over|'
               r'top|size|level|version|step|grade|number|no|times|factor|page|row|column|'
               r'option|of|last|first|every|each|all|both|these|those|them|it|its|maybe|'
               r'approx|approximately|roughly|nearly|almost|about|like|x')
# Units after a number that make it an amount ("2 times darker", "1 cm wider").
_AMOUNT_UNITS = (r'x|%|cm|mm|m|in|inch|inches|times|fold|shades?|degrees?|deg|points?|units?|'
                 r'jnds?|steps?|levels?|pixels?|px|stops?|tones?|notches|notch|grades?|'
                 r'more|less|bit|tad')

# What follows an object's number ("car 2 sits lower", "cup 1's rim", "mug 2 or mug 1"), unlike
# a name's ("the stage 2 rocket").
_AFTER_A_NUMBER = (r'(?:\'s|is|are|was|looks?|seems?|appears?|has|have|had|sits?|stands?|'
                   r'feels?|or|and|than|vs|versus|in|on|with|one)\b|[a-z]+er\b')

# Words that make "X from image N" a comparison ("the one different from image 2").
_DIFFERS = re.compile(r'\b(?:differ\w*|distinct\w*|apart|away|changed?|vary|varies|deviat\w*|'
                      r'distinguish\w*|separate|unlike)\b', re.I)

# Spellings of "image N" in the annotations: "Image1", "Imag 1e", "Imag1 e", "imag e 1",
# "mage 2", "img 2", and "in  2" where the word is missing; "image two", "photo no. 1"; "img 2s"
# for "image 2's".
_IMAGE_FIXES = (
    # "img 2s fork", "pic1s mug": a possessive written without its apostrophe
    (re.compile(r'\b(?:image|imag|img|pics?|picture|photo)\s*([12])s\b', re.I), r"image \1's"),
    (re.compile(r'\b(?:image|imag|mage|img|pic|picture|photo)\s*(?:e|no\.?|number|#|[-_])?'
                r'\s*([12])(?:\s?e\b)?', re.I), r'image \1'),
    (re.compile(r'\b(?:image|img|pic|picture|photo)\s*(?:no\.?|number|#)?\s*([03-9]|\d{2,})\b',
                re.I), r'image \1'),
    # "image A is darker than image B" (capitals only: "image a" is rarely a name)
    (re.compile(r'\b((?i:image|pic|picture|photo))\s+([AB])\b'),
     lambda m: f'image {"1" if m.group(2) == "A" else "2"}'),
    # "in frame 1", "shot B", "capture #2": other names of the two pictures (not "frame 2 mm")
    # "option 2", "candidate #1", "choice 2": the images offered to choose from
    (re.compile(r'\b(?:option|candidate|choice)\s*(?:no\.?|number|#)?\s*([12])\b'
                r'(?![.,]\d)(?!\s*(?:x|%|cm|mm|m|in)\b)', re.I), r'image \1'),
    # "photo I" and "photo II" (capitals only; not "in the photo I took", "image I think")
    (re.compile(r'\b((?i:image|img|pic|picture|photo|option|candidate))\s+II\b'), 'image 2'),
    (re.compile(r"\b((?i:image|img|pic|picture|photo|option|candidate))\s+I\b(?!'|\s+(?:am|"
                r'think|see|can|could|would|will|want|need|like|guess|believe|feel|reckon|mean|'
                r'have|had|was|took|shot|got|made|saw|found|sent|uploaded|attached|do|did)\b)'),
     'image 1'),
    (re.compile(r'\b(?:shot|frame|capture|snapshot)\s*(?:no\.?|number|#)?\s*([12])\b'
                r'(?![.,]\d)(?!\s*(?:x|%|cm|mm|m|in)\b)', re.I), r'image \1'),
    (re.compile(r'\b((?i:shot|frame|capture|snapshot))\s+([AB])\b'),
     lambda m: f'image {"1" if m.group(2) == "A" else "2"}'),
    (re.compile(r'\bimag\s+e\s+([12])\b', re.I), r'image \1'),
    (re.compile(r'\b(in|than|to)\s+([12])\b(?![.,]\d)(?!\s*(?:x|%|cm|mm))', re.I),
     r'\1 image \2'),
    # "#2 is darker", "No. 1 is shinier", "the cup in #1 is glossier than #2": a bare number
    # sign names an image where no noun precedes it ("mug #1" is the object numbered 1)
    (re.compile(r'(?P<before>\b[a-z]+\s+)?(?:#|\bno\.|\bnumber\b)\s*(?P<number>[12])\b'
                r'(?![.,]\d)(?!\s*(?:x|%|cm|mm|m|in)\b)', re.I),
     lambda m: m.group(0) if m.group('before') and not re.fullmatch(
         _NOT_A_NAME, m.group('before').strip(), re.I) else
     f'{m.group("before") or ""}image {m.group("number")}'),
    (re.compile(r'\b(compared|relative|next|versus|vs)\s+2\s+(?=image\b)', re.I), r'\1 to '),
    # note-taking abbreviations of a comparison: "Cf. image 2:", "W.r.t. image 1,"
    (re.compile(r'\bcf\b\.?\s*(?=image\s+[12]\b)', re.I), 'compared to '),
    (re.compile(r'\bw\.?r\.?t\b\.?\s*(?=(?:the\s+)?image\s+[12]\b)', re.I), 'relative to '),
)


# Words for the first of two shots taken one after the other ("the earlier shot").
_EARLIER = ('earlier', 'older', 'before')
# Words before "to" that make "to the left" the image compared with, not a place.
_COMPARING = frozenset(('compared', 'relative', 'next', 'similar', 'close', 'closer', 'nearer',
                        'identical', 'equal', 'contrasted', 'opposed'))


def _number(word: str) -> str:
    """Return '1' for words of the first image, '2' for those of the second."""
    return '1' if re.fullmatch(_FIRST, word.lower().replace(' ', '-')) else '2'


def _image(match: 're.Match') -> str:
    return f'image {_number(match.group("which"))}'


def _counted_from_a_side(match: 're.Match') -> str:
    """Return '1' or '2' for "the first/second from the left/right" of two images."""
    first = match.group('order').lower() in ('first', '1st')
    return '1' if first == (match.group('which').lower() == 'left') else '2'


def _later_image(match: 're.Match') -> str:
    return f'image {_LATER[(match.group("order") or match.group("number")).lower()]}'


_ORDINAL_FIXES = (
    # "the second from the left", "the first mug from the right": of two, counted from a side
    (re.compile(r'\b(?:the\s+)?(?P<order>first|1st|second|2nd)\s+(?:(?P<thing>[a-z]+)\s+)?'
                r'from\s+(?:the|your|my)\s+(?P<which>left|right)(?:[- ]hand)?(?:\s+side)?\b',
                re.I),
     lambda m: f'the {m.group("thing") or "one"} in image {_counted_from_a_side(m)}'),
    # "the LHS cup", "the one on the RHS": the left- and right-hand side
    (re.compile(r'\b(?:(?P<left>lhs)|rhs)\b', re.I), lambda m: 'left' if m.group('left') else
     'right'),
    # "the first or the second?", "left or right one", "the latter or the former": the two
    # images offered as the answers of a question
    (re.compile(rf'\b(?:the\s+)?(?P<which>{_ORDINAL})(?:\s+(?:one|{_IMAGE_WORD}))?\s+or\s+'
                rf'(?:the\s+)?(?P<other>{_ORDINAL})(?:\s+(?:one|{_IMAGE_WORD}))?\b', re.I),
     lambda m: f'image {_number(m.group("which"))} or image {_number(m.group("other"))}'),
    # "the bottle to the right", "the mug to your left" (not "compared to the left one", nor
    # "to the right of the kettle": a place beside another thing)
    (re.compile(r'\b(?P<before>\w+\s+)?to\s+(?:the|your|my)\s+(?:(?:far|very)\s+)?'
                r'(?P<which>left|right)(?:[- ]hand)?(?:\s+side)?\b(?!\s*(?:one|of|image)\b)',
                re.I),
     lambda m: m.group(0) if (m.group('before') or '').strip().lower() in _COMPARING else
     f'{m.group("before") or ""}in {_image(m)}'),
    # "image two", "photo no. 1", "pic #2", "the second picture", "1st pic's", "first pics"
    (re.compile(rf'\b{_IMAGE_WORD}\s*(?:no\.?|number|#)?\s*(?P<which>one|two|first|second|'
                r'1st|2nd)\b', re.I),
     lambda m: f'image {"1" if m.group("which").lower() in ("one", "first", "1st") else "2"}'),
    (re.compile(rf'\b(?:the\s+)?(?P<which>{_ORDINAL})\s+{_IMAGE_WORD}\b(?!\s*[12]\b)', re.I),
     _image),
    # "the third picture", "the cup in photo four", "the 3rd one": images a pair does not have
    (re.compile(rf'\b(?:the\s+(?P<order>third|3rd|fourth|4th|fifth|5th|sixth|6th)\s+'
                rf'(?:{_IMAGE_WORD}|one)|{_IMAGE_WORD}\s*(?:no\.?|number|#)?\s*'
                r'(?P<number>three|third|3rd|four|fourth|4th|five|fifth|5th|six|sixth|6th))\b',
                re.I), _later_image),
    # an operator's note that labels a side: "left=shinier", "right: darker", "2nd -> rounder"
    (re.compile(rf'(?:^|(?<=[,;.!?]))\s*(?P<which>{_FIRST}|{_SECOND})\s*(?:=|:|->|\u2192)\s*'
                r'(?=[a-z])', re.I), lambda m: f' {_image(m)} is '),
    # "the cup on the left", "the one on the far right-hand side", "the mug on your left",
    # "the dummy from the right" (not "from the right one", "from the left picture")
    (re.compile(r'\b(?:on|in|at)\s+(?:the|your|my)\s+(?:(?:far|very|extreme)\s+)?'
                r'(?P<which>left|right)(?:[- ]hand)?(?:\s+side)?\b', re.I),
     lambda m: f'in {_image(m)}'),
    (re.compile(r'\bfrom\s+(?:the|your|my)\s+(?:(?:far|very|extreme)\s+)?'
                r'(?P<which>left|right)(?:[- ]hand)?(?:\s+side)?\b'
                rf'(?!\s*(?:one|ones|of|{_IMAGE_WORD})\b)', re.I),
     lambda m: f'in {_image(m)}'),
    # "the one furthest left", "the cup farthest to the right"
    (re.compile(r'\b(?:furthest|farthest)\s+(?:to\s+the\s+)?(?P<which>left|right)\b', re.I),
     lambda m: f'in {_image(m)}'),
    # "the former", "the latter one", "the left one's", "2nd one", "the right-hand one", and
    # in chat "the left 1"
    (re.compile(rf'\b(?:the\s+)?(?P<which>{_ORDINAL})\s+(?:one|1)\b(?!\s*(?:x|%|cm|mm))',
                re.I), _image),
    # "2nd thing is rounder", "bring the first item", "grab the second object, ..." (not "first
    # thing in the morning", "the last thing I want", "First thing, ...", "Second thing: ...")
    (re.compile(rf'\b(?P<the>the\s+)?(?P<which>{_ORDINAL})\s+(?:thing|item|object)\b(?=\s*(?:'
                r'$|[.!?)]|(?(the),|(?!))|(?:is|are|was|looks?|seems?|appears?|has|had|feels?|'
                r"please|pls|plz|than|vs|versus|and|or|but|with|'s)\b|[a-z]+er\b))", re.I),
     _image),
    (re.compile(r'\bthe\s+(?P<which>former|latter)\b', re.I), _image),
    # an answer that opens with the image: "Former, please: the coat rack with fewer hooks"
    (re.compile(r'^\s*(?P<which>former|latter)(?:\s+one)?(?=\s*[,.:;!\u2013\u2014-])', re.I),
     _image),
    # an operator's shorthand: "grab L one", "the R one"
    (re.compile(r'\b(?P<which>[LR])\s+(?:one|1)\b'),
     lambda m: f'image {"1" if m.group("which") == "L" else "2"}'),
    # "the left cup", "the 2nd can", and at the start of a clause "right mug", "1st car"
    (re.compile(rf'(?:\bthe\s+|^\s*|(?<=[,;:.!?])\s*)(?P<which>{_ORDINAL})\s+'
                rf'(?!{_NOT_AN_IMAGE_AFTER})(?=[a-z])', re.I), lambda m: f' {_image(m)} '),
    # "than the second", "compared to the first", "the first is ..."
    (re.compile(r'\bthe\s+(?P<which>first|1st|second|2nd|last)\b(?=\s*(?:[.,;:!?]|$|(?:is|are|was|'
                r"looks|appears|seems|has|one's)\b))", re.I), _image),
    # images taken one after the other: "the earlier shot", "the later photo", and with its
    # article "the before picture", "the after shot" (not "After shot blasting, ...")
    (re.compile(rf'\b(?:(?:the\s+)?(?P<which>earlier|later|older|newer)|the\s+'
                rf'(?P<when>before|after))\s+{_IMAGE_WORD}\b(?!\s*[12]\b)', re.I),
     lambda m: f'image {1 if (m.group("which") or m.group("when")).lower() in _EARLIER else 2}'),
    # images stacked one above the other: "the top picture", "the bottom one"
    (re.compile(rf'\b(?:the\s+)?(?P<which>top|upper|bottom)\s+(?:{_IMAGE_WORD}|one)\b'
                r'(?!\s*[12]\b)', re.I),
     lambda m: f'image {"2" if m.group("which").lower() == "bottom" else "1"}'),
    # "the cup from image 2" is the cup in image 2, not a comparison with it
    (re.compile(r"\b(?P<phrase>(?:the|a|an|this|that)\s+(?:[a-z'-]+\s+){0,2}?[a-z-]+)\s+from\s+"
                r'(?=image [12]\b)', re.I),
     lambda m: m.group('phrase') + (' from ' if _compared_from(m) else ' in ')),
    # the objects numbered as the images: "car 2 sits lower than car 1", "mug #2", "cup1",
    # "mug no. 1"
    (re.compile(rf'\b(?!(?:{_NOT_A_NAME})\b)(?P<name>[a-z][a-z-]*[a-z])\s*(?:#|no\.)?\s*'
                rf'(?P<number>[12])\b'
                rf'(?!\s*(?:{_AMOUNT_UNITS})\b|\s*[.,]\d)(?=\s*(?:$|[.,;:!?)]|{_AFTER_A_NUMBER}))',
                re.I),
     lambda m: m.group(0) if _says_one(m.group('name')) or _a_place(m) else
     f'{m.group("name")} in image {m.group("number")}'),
)

# Numbered places and runs, not objects: "a spare for line 2", "the bin 1 mug".
_PLACES = frozenset(('line', 'bin', 'shelf', 'station', 'bay', 'aisle', 'cell', 'zone', 'slot',
                     'dock', 'belt', 'lane', 'gate', 'rack', 'pallet', 'conveyor', 'room',
                     'floor', 'area', 'site', 'batch', 'lot', 'section', 'week', 'day', 'shift',
                     'phase', 'run', 'trial', 'order'))
_PLACE_PREPOSITIONS = re.compile(r'\b(?:for|at|into|onto|from|near|beside|towards?|off|along)\s+'
                                 r'(?:the\s+|a\s+)?$', re.I)


def _compared_from(match: 're.Match') -> bool:
    """
    Return True when "<phrase> from image N" compares with image N, not names its thing.

    "differs from image 1", "got darker from image 1 to image 2": not "the cup from image 2".
    """
    phrase = match.group('phrase')
    return bool(_DIFFERS.search(phrase) or
                any(sense.comparative for sense in word_senses(phrase.split()[-1].lower())[0]) or
                re.match(r'image [12]\s+(?:to|into)\s+image\b', match.string[match.end():], re.I))


def _a_place(match: 're.Match') -> bool:
    """
    Return True when "<name> N" is a numbered place ("line 2") or follows "for", "at"...

    A label before a colon whose note names the images itself is one too ("PV inspection,
    string 2: the encapsulant in image 1 ...").
    """
    after = match.string[match.end():]
    return match.group('name').lower() in _PLACES or bool(
        _PLACE_PREPOSITIONS.search(match.string[:match.start()])) or bool(
        re.match(r'\s*:', after) and re.search(r'\bimage\s+[12]\b', after, re.I))


def _says_one(word: str) -> bool:
    """Return True when "<word> 1" is chat for "<word> one" ("the smaller 1", "the other 1")."""
    return word.lower() in ('other', 'same', 'new', 'old', 'last', 'this', 'that') or \
        bool(word_senses(word.lower())[0])


# A word before an image number that is one slip from an image word ("imgae 1", "pciture 2").
_NUMBERED_WORD = re.compile(r'\b([a-z]{4,8})(\s*#?\s*[0-9]\b)', re.I)
_IMAGE_NOUNS = ('image', 'picture', 'photo', 'foto')


def _slipped_image_word(match: 're.Match') -> str:
    from rapidfuzz.distance import OSA
    word = match.group(1).lower()
    if any(word[0] == noun[0] and OSA.distance(word, noun) <= 1 for noun in _IMAGE_NOUNS):
        return 'image' + match.group(2)
    return match.group(0)


# "photo a" and "photo b" in lower case: names of the images only when both are used.
_LETTERED_IMAGE = re.compile(r'\b(?P<word>image|img|pic|picture|photo|shot|frame|option)\s+'
                             r'(?P<letter>[ab])\b(?!-)', re.I)


def _lettered_images(text: str) -> str:
    if {m.group('letter').lower() for m in _LETTERED_IMAGE.finditer(text)} != {'a', 'b'}:
        return text
    return _LETTERED_IMAGE.sub(
        lambda m: f'image {"1" if m.group("letter").lower() == "a" else "2"}', text)


def normalise_image_mentions(text: str) -> str:
    """Return the text with every spelling of "Image N" written as "image N"."""
    text = _lettered_images(_NUMBERED_WORD.sub(_slipped_image_word, text))
    for pattern, replacement in _IMAGE_FIXES:
        text = pattern.sub(replacement, text)
    return text


# Speech recognisers write "image two" as "image to", "image one" as "image won", and "compared
# to" as "compared too".
_HEARD_NUMBERS = (
    (re.compile(r'\b(compared|relative|next|contrasted)\s+too\b', re.I), r'\1 to'),
    (re.compile(rf'\b{_IMAGE_WORD}\s+won\b', re.I), 'image 1'),
    # "its the more saturated won": a dictated "one" at the end of the thing's phrase
    (re.compile(r'\b(the\s+(?:[\w-]+\s+){0,3})won\b(?=\s*(?:$|[.,;:!?]|(?:on|in|from|with|'
                r'please|pls|plz|over|by|for|then|than|and|or)\b))', re.I), r'\1one'),
    (re.compile(rf'\b{_IMAGE_WORD}\s+(?:to|too)\b(?=\s*(?:$|[.,;:!?]|(?:is|its|it\'s|has|have|'
                r'looks?|seems?|appears?|and|or|then|than|one)\b))', re.I), 'image 2'),
)

# Roles an inspection gives the images: "Image 1 is the reference, image 2 the live unit",
# "Ref = img 1, live = img 2", "image 2 is from the current batch".
_ROLES = (r'golden\s+(?:sample|unit|part|reference)|golden|master(?:\s+sample)?|'
          r'reference(?:\s+(?:shot|image|photo|part|unit|sample|frame))?|ref|baseline|'
          r'original|template|known[- ]good(?:\s+(?:part|unit|one))?|'
          r'live(?:\s+(?:unit|part|one|frame|image|shot|sample))?|'
          r'current(?:\s+(?:batch|part|unit|one|sample))?|'
          r'(?:new|old)(?:\s+(?:part|unit|one|sample))?|test(?:\s+(?:unit|part|sample))|'
          r'production(?:\s+(?:part|unit|sample))?|(?:this|current|new)\s+batch|batch|'
          r'previous(?:\s+(?:one|part|unit))?|latest(?:\s+(?:one|part|unit))?|sample|specimen|'
          r'before|after')
_ROLE_OF_IMAGE = re.compile(
    rf'\bimage\s+(?P<number>[12])\s*(?:(?:=|:|is|was|shows)\s*(?:from\s+)?)?(?:the\s+|a\s+|'
    rf'our\s+)?(?P<role>{_ROLES})\b(?=\s*(?:[,.;)]|$|and\b))', re.I)
_IMAGE_OF_ROLE = re.compile(
    rf'(?:(?<=^)|(?<=[,.;(]))\s*(?:the\s+)?(?P<role>{_ROLES})\s*(?:=|:|is|was)\s*'
    r'(?:in\s+)?image\s+(?P<number>[12])\b\s*(?=[,.;)]|$|and\b)', re.I)
# "Reference image 1, sample image 2.": a role written before its image, as a label.
_ROLE_BEFORE_IMAGE = re.compile(
    rf'(?:(?<=^)|(?<=[,.;(]))\s*(?:the\s+)?(?P<role>{_ROLES})\s+image\s+(?P<number>[12])\b'
    r'\s*(?=[,.;)]|$|and\b)', re.I)
# "ref (img 1) vs live (img 2): live more matte": roles named with their image in brackets.
_ROLE_IN_BRACKETS = re.compile(
    rf'\b(?:the\s+)?(?P<role>{_ROLES})\s*\(\s*(?:in\s+)?image\s+(?P<number>[12])\s*\)', re.I)


def _role_key(phrase: str) -> str:
    """Return the word that names a role ("the live unit": live, "current batch": batch)."""
    words = [w for w in phrase.lower().split() if w not in ('the', 'its', 'our', 'a')]
    if len(words) > 1 and words[-1] == 'batch':
        return 'batch'
    return words[0] if words else ''


_ROLE_MENTION = re.compile(
    rf'\b(?:(?:the|its|our)\s+)?(?:{_ROLES})(?:\s+(?:one|unit|part|sample|shot|image|photo|'
    r'frame|side))?\b', re.I)


def _read_roles(text: str) -> str:
    """
    Return the text with its role declarations read: later mentions of a role become its image.

    "Ref = img 1, live = img 2. Solder joints on live are grainier." -> "Solder joints on image 2
    are grainier." The declarations are dropped (they say which image is which, nothing about a
    difference) when the rest of the text still names an image or a declared role; otherwise the
    text is left as it is. A role with its image in brackets is that image where it stands ("the
    live part (image 2) is darker" -> "the image 2 is darker").
    """
    roles, spans = {}, []
    for pattern in (_ROLE_OF_IMAGE, _IMAGE_OF_ROLE, _ROLE_BEFORE_IMAGE, _ROLE_IN_BRACKETS):
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end, _ in spans):
                continue
            roles[_role_key(match.group('role'))] = match.group('number')
            kept = f' image {match.group("number")} ' if pattern is _ROLE_IN_BRACKETS else ' '
            spans.append(match.span() + (kept,))
    if not roles:
        return text
    rest = text
    for start, end, kept in sorted(spans, reverse=True):
        rest = rest[:start] + kept + rest[end:]
    rest = re.sub(r'^[\s,.;:)]+', '', rest)
    named = [m for m in _ROLE_MENTION.finditer(rest) if _role_key(m.group(0)) in roles]
    if not named and not re.search(r'\bimage\s+[12]\b', rest, re.I):
        return text
    for match in reversed(named):
        number = roles[_role_key(match.group(0))]
        rest = f'{rest[:match.start()]}image {number}{rest[match.end():]}'
    # Sentences the declarations leave empty go; a clause's leftover comma too.
    sentences = [re.sub(r'^[\s,;:]+', ' ', piece) for piece in re.split(r'(?<=[.;!?])', rest)]
    return ''.join(p for p in sentences if re.search(r'[a-z0-9]', p, re.I)).strip()


# A log note's header naming both images ("img 1 / img 2: weld bead on img2 wider").
_PAIR_HEADER = re.compile(r'^\s*image\s+(?P<first>[12])\s*(?P<how>/|vs\.?|versus|and|&|,|-)\s*'
                          r'image\s+[12]\s*(?::|-|\u2013)\s*', re.I)


def _without_header(text: str) -> str:
    """
    Return the text without a log header naming both images.

    After "image 2 vs image 1:" a note that names neither image speaks of the first ("Image 2 vs
    image 1: slightly yellower" is image 2's); after "img 1 / img 2:" it names its image itself.
    """
    match = _PAIR_HEADER.match(text)
    if not match:
        return text
    rest = text[match.end():]
    names_one = re.search(r'\bimage\s+[12]\b', rest, re.I)
    if match.group('how').lower().startswith('v') and not names_one:
        return f'image {match.group("first")} {rest}'
    return rest


# Forms rewritten before the images are read, in this order: a question and its answer ("Q:
# which mug is glossier? A: the left one"), fields of a report ("Ref: image 1 | Sample: image 2
# | Finding: ..."), "w/o", "w.r.t.", two-word looks ("looks more washed out", "boots like
# mirrors", "a mirror finish", "feels like sandpaper") and comparisons said with a verb ("towers
# over", "stands head and shoulders above", "could fit inside").
_WRITTEN_FORMS = (
    (re.compile(r'^\s*Q\s*[:)]\s*', re.I), ''),
    (re.compile(r'\?\s*A\s*[:)]\s*', re.I), '? '),
    (re.compile(r'\s*\|\s*'), ', '),
    (re.compile(r'\bw/o\b', re.I), 'without'),
    (re.compile(r'\bw\.\s?r\.\s?t\.?(?=\s)', re.I), 'with respect to'),
    (re.compile(r'\b(washed|beat|beaten|banged)\s+(out|up)\b', re.I), r'\1-\2'),
    (re.compile(r'\b(?:towers?|towered|looms?)\s+over\b|\bstands?\s+head\s+and\s+shoulders'
                r'\s+above\b', re.I), 'is taller than'),
    (re.compile(r'\b(?:could|would|can)\s+(?:easily\s+)?fit\s+(?:inside|into|in)\b', re.I),
     'is smaller than'),
    (re.compile(r'\blike\s+(?:a\s+)?mirrors?\b|\bmirror(?:ed)?(?=\s+finish\b)', re.I),
     'mirror-like'),
    (re.compile(r'\blike\s+(?:a\s+)?(?:piece\s+of\s+)?sandpaper\b', re.I), 'sandpapery'),
    # a part that sticks out or reaches further is longer
    (re.compile(r'\b(?:sticks?|sticking|juts?|jutting|pokes?|poking|protrudes?|protruding|'
                r'reaches|extends)\s+(?:out\s+)?(?:(?:a\s+(?:bit|little|lot|tad)|much|way|'
                r'slightly|noticeably)\s+)?(?:further|farther)\b', re.I), 'is longer'),
    # "out of round": less round, as machinists say of a bearing or a shaft
    (re.compile(r'\b(?:further|more|farther)\s+out[\s-]of[\s-]round\b', re.I), 'less round'),
    (re.compile(r'\bless\s+out[\s-]of[\s-]round\b', re.I), 'rounder'),
    # "more or less" says roughly, not more and not less ("more or less the same")
    (re.compile(r'\bmore\s+or\s+less\b', re.I), ''),
    # a paint finish's "orange peel" is its texture, not its hue ("shows more orange peel")
    (re.compile(r'\b(more|less|some|no|visible|heavy|heavier|bad|worse|noticeable|an?)\s+'
                r'orange[\s-]peel(?:ed|y)?\b(?!\s+(?:is|are|was|looks?|in|on)\b)', re.I),
     r'\1 orange-peel-textured'),
)
_IMAGE_N = re.compile(r'\bimage\s+[12]\b', re.I)
_MAKES = re.compile(r'\s+makes?\s+', re.I)
_LOOK = re.compile(r'\s+look\b', re.I)


def _made_to_look(text: str) -> str:
    """
    Return "Image 2 makes image 1 look tiny" as "compared with image 2, image 1 looks tiny".

    Read in the first clause only, each "make" and "look" tried once in turn (a pattern with
    two lazy spans took seconds on a text of many "image 1 image 2 make").
    """
    clause = re.split(r'[,.;:]', text, maxsplit=1)[0]
    for make in _MAKES.finditer(clause):
        if not _IMAGE_N.search(clause, 0, make.start()):
            continue
        for look in _LOOK.finditer(clause, make.end()):
            if _IMAGE_N.search(clause, make.end(), look.start()):
                return (f'compared with {clause[:make.start()]}, '
                        f'{clause[make.end():look.start()]} looks{text[look.end():]}')
            break
    return text


# "image 1 < image 2 (brightness)": written the other way round, as "image 2 > image 1" reads.
_LESS_THAN_SIGN = re.compile(r"(?P<less>\bimage [12](?:'s)?)\s*(?:<<?|\u226a|\uff1c|\u2264|<=)\s*"
                             r"(?P<more>image [12](?:'s)?)", re.I)


# "became darker between image 1 and image 2": a change over time, from the first named to
# the second (a question "which is darker between image 1 and image 2?" keeps its "between").
_CHANGE_WORDS = re.compile(r'\b(?:bec[oa]m\w*|g[eo]t(?:s|ten|ting)?|turn(?:s|ed|ing)?|'
                           r'gr[eo]w(?:s|n|ing)?|went|go(?:es|ne)|chang\w*|\w+ened|fad\w+|'
                           r'shr[iau]nk\w*|wore|worn|aged|drift\w*|shift\w*)\b', re.I)
_BETWEEN_IMAGES = re.compile(r'\bbetween\s+image\s+(?P<first>[12])\s+and\s+image\s+'
                             r'(?P<second>[12])\b', re.I)


def _between_as_change(text: str) -> str:
    if '?' in text or not _CHANGE_WORDS.search(text):
        return text
    return _BETWEEN_IMAGES.sub(r'from image \g<first> to image \g<second>', text)


# A speaker's repair of the image just named: "the table in image 1 no sorry in image 2 is ...".
# "the lamp on the left - actually no, the one on the right": the words of a repair, one or
# more, and "the one" before the image said instead.
_REPAIRED_IMAGE = re.compile(r'\bimage\s+[12](?:[\s,:\u2013\u2014-]*(?:no|sorry|wait|actually|'
                             r'hang\s+on|hold\s+on|i\s+mean|i\s+meant|or\s+rather|rather|'
                             r'scratch\s+that|make\s+that|correction|oops)\b)+'
                             r'[\s,:\u2013\u2014-]*(?:the\s+one\s+)?(?:(?:in|on|from|of)\s+)?'
                             r'(?=image\s+[12]\b)', re.I)


# "Taking image 1 as the baseline, ...", "using image 2 as reference", "if we treat image 1 as
# the standard": the image named is the one compared against.
_AS_BASELINE = re.compile(
    r'\b(?:(?:if\s+(?:we|you|i)\s+|when\s+(?:we|you|i)\s+|let\'?s\s+)?(?:tak(?:e|es|ing)|'
    r'us(?:e|es|ing)|treat(?:s|ing)?|consider(?:s|ing)?|hav(?:e|ing)|choos(?:e|ing)|'
    r'pick(?:ing)?|set(?:ting)?|with)\s+)?image\s+(?P<number>[12])\s+as\s+(?:the\s+|a\s+|our\s+|'
    r'my\s+|your\s+)?(?:reference|ref|baseline|base\s*line|base|benchmark|standard|control|'
    r'norm|yardstick|datum|comparison|starting\s+point|point\s+of\s+reference|golden\s+sample|'
    r'master)\b(?:\s+(?:image|shot|photo|frame|one|sample))?', re.I)


# "than image 2, no wait, image 2 is darker": the whole claim is said again, not an image.
_SAID_AGAIN = re.compile(r"\s*image\s+[12]\s+(?:is|are|was|looks|seems|appears|has|'s)\b", re.I)
_COMPARED_WITH = re.compile(r'\b(?:than|to|with|vs\.?|versus)\s*$', re.I)


def _image_repair(match: 're.Match') -> str:
    """Return '' for a repaired image, or the match where the repair says the claim again."""
    text = match.string
    if _COMPARED_WITH.search(text[:match.start()]) and _SAID_AGAIN.match(text, match.end()):
        return match.group(0)
    return ''


def normalise_references(text: str) -> str:
    """Return the text with image numbers, orders and positions all written "image N"."""
    for pattern, replacement in _WRITTEN_FORMS:
        text = pattern.sub(replacement, text)
    text = normalise_image_mentions(text)
    for pattern, replacement in _HEARD_NUMBERS:
        text = pattern.sub(replacement, text)
    for pattern, replacement in _ORDINAL_FIXES:
        text = pattern.sub(replacement, text)
    text = _made_to_look(text)
    text = _AS_BASELINE.sub(r'compared to image \g<number>', text)
    text = _LESS_THAN_SIGN.sub(r'\g<more> > \g<less>', text)
    text = _between_as_change(_without_header(_read_roles(text)))
    text = _REPAIRED_IMAGE.sub(_image_repair, text)
    return re.sub(r'[ \t]{2,}', ' ', text).strip()

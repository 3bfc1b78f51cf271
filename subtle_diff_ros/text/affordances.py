# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Differences said by what a thing would do, written as the plain comparison they mean.

People often say how two things differ by what one of them would do: "the pebble that would
roll down a slope more easily" (rounder), "the knife couldn't cut butter" (not sharp), "the
hose would not reach as far as the other" (shorter), "the shirt that would show a coffee stain"
(lighter), "closer to the colour of a ripe tomato" (redder). Each behaviour here is a verb with
the things it acts on; the span from the verb to the end of what it says is rewritten as "be"
and the quality, keeping the modal and any negation before it ("won't poke a hole" -> "won't
be sharp") and turning "more easily", "less likely to", "easier to", "as far as" into more,
less and "as ... as". The rules then read the plain words, negation and comparison included.
"""

import re
from typing import Optional, Tuple

from .lexicon import senses_for

# One behaviour: the verb (with its particles), the words it must act on (None: any), and the
# quality it shows as (base form, comparative form).
_Behaviour = Tuple[str, Optional[str], Tuple[str, str]]

_STAINS = r'(?:stains?|dirt|mud|muck|grime|dust|marks?|smudges?|spills?|scuffs?|splashes)'
_DARK_PLACES = (r'(?:dark|black|shadows?|shade|the\s+dark|coal|soot|tarmac|asphalt|night|'
                r'(?:a\s+|the\s+)?(?:dark|black|unlit)\s+\w+)')
_LIGHT_PLACES = r'(?:white|snow|paper|(?:a\s+|the\s+)?(?:white|pale|light)\s+\w+)'
_HANDS = r'(?:hands?|palms?|fingers?|fingertips?|thumbs?)'
_FABRICS = (r'(?:cloth|cloths|fabric|rags?|towels?|tights|stockings?|socks?|sweaters?|wool|'
            r'gloves?|sleeves?|clothes|clothing|shirts?|skin)')
_MATERIALS = (r'(?:butter|bread|paper|cardboard|card|wood|skin|leather|meat|steak|rope|string|'
              r'tomato(?:es)?|cheese|fabric|cloth|plastic|foam|cork|fingers?|thumbs?)')
_HOLES = (r'(?:eyelets?|grommets?|holes?|needles?|beads?|rings?|loops?|gaps?|slots?|sleeves?|'
          r'straws?|tubes?|keyholes?)')
_OVERHEAD = (r'(?:ceilings?|roof|shelf\s+above(?:\s+it)?|shelves\s+above|lintel|door\s*frame|'
             r'top\s+of\s+the\s+door(?:way)?|beams?|rafters|light\s+fittings?|lampshade)')
_CONTAINERS = (r'(?:pocket|fist|palm|hand|bag|handbag|purse|backpack|drawer|pencil\s+case|'
               r'wallet|lunchbox|glovebox|envelope)')
_CRAMPED = r'(?:bars|railings|gaps?|slots?|doorways?|posts|cushions|seats)'
_SQUARE_PLACES = r'(?:square|rectangular|box|crate|carton|corner)'

_BEHAVIOURS: Tuple[_Behaviour, ...] = (
    (r'roll(?:s|ing)?(?:\s+(?:away|off|down|along|over|around|about|back|further|farther))?',
     None, ('round', 'rounder')),
    (r'(?:cut|cuts|cutting|slices?|slicing|pricks?|pricking|pokes?|poking|'
     r'pierces?|piercing|stabs?|stabbing|punctures?|puncturing)',
     None, ('sharp', 'sharper')),
    (r'(?:go|goes|going|went|slide|slides|slip|slips)\s+(?:right\s+|straight\s+)?(?:through|thru)',
     rf'(?:\w+\s+){{0,2}}{_MATERIALS}\b', ('sharp', 'sharper')),
    (r'(?:bites?|biting)\s+into', None, ('sharp', 'sharper')),
    (r'(?:snag(?:s|ged|ging)?|catch(?:es|ing)?(?:\s+on)?|scratch(?:es|ed|ing)?|'
     r'scrape[sd]?|grate[sd]?|rub(?:s|bed|bing)?\s+raw)',
     rf'(?:\w+\s+){{0,3}}{_FABRICS}\b', ('rough', 'rougher')),
    (r'(?:give[sn]?|giving)\s+(?:you\s+|u\s+|someone\s+)?(?:a\s+)?splinters?', None,
     ('rough', 'rougher')),
    (rf"(?:let(?:s)?\s+(?:your|ur|a|one's|the)\s+{_HANDS}\s+)?(?:glide|glides|slide|slides)"
     rf'(?:\s+(?:along|across|over|down))?', rf'(?:(?:\w+\s+){{0,3}}|){_HANDS}\b|it\b',
     ('smooth', 'smoother')),
    (r'(?:throw|throws|give|gives|cause|causes|bounce|bounces|kick|kicks)\s+(?:back\s+)?'
     r'(?:any\s+|more\s+|less\s+|a\s+lot\s+of\s+)?(?:glare|reflections?|light\s+back)',
     None, ('glossy', 'glossier')),
    (r'(?:reflect|reflects|mirror|mirrors|dazzle|dazzles|blind|blinds)', None,
     ('glossy', 'glossier')),
    (r'(?:show|shows|showing)\s+(?:up\s+)?(?:a\s+|the\s+|any\s+|every\s+|more\s+)?'
     r'(?:fingerprints?|finger\s*marks|prints|smears?)', None, ('glossy', 'glossier')),
    (r'(?:hide|hides|hiding)\s+(?:a\s+|the\s+|any\s+|more\s+)?'
     r'(?:fingerprints?|finger\s*marks|prints|smears?)', None, ('matte', 'more matte')),
    (rf'(?:show|shows|showing)\s+(?:up\s+)?(?:a\s+|the\s+|any\s+|every\s+|more\s+)?'
     rf'(?:\w+\s+)?{_STAINS}', None, ('light-coloured', 'lighter-coloured')),
    (rf'(?:hide|hides|hiding)\s+(?:a\s+|the\s+|any\s+|more\s+)?(?:\w+\s+)?{_STAINS}', None,
     ('dark', 'darker')),
    (r'(?:disappear|disappears|vanish|vanishes|blend|blends|get\s+lost|gets\s+lost)'
     r'(?:\s+in)?', rf'(?:on|against|into|in)\s+(?:a\s+|the\s+)?{_DARK_PLACES}',
     ('dark', 'darker')),
    (r'(?:disappear|disappears|vanish|vanishes|blend|blends|get\s+lost|gets\s+lost)'
     r'(?:\s+in)?', rf'(?:on|against|into|in)\s+(?:a\s+|the\s+)?{_LIGHT_PLACES}',
     ('light-coloured', 'lighter-coloured')),
    (r'(?:spot|spots|see|sees|find|finds|notice|notices|make\s+out|pick\s+out)(?:\s+it)?',
     rf'(?:on|against|in)\s+(?:a\s+|the\s+)?{_DARK_PLACES}',
     ('light-coloured', 'lighter-coloured')),
    (r'(?:spot|spots|see|sees|find|finds|notice|notices|make\s+out|pick\s+out)(?:\s+it)?',
     rf'(?:on|against|in)\s+(?:a\s+|the\s+)?{_LIGHT_PLACES}', ('dark', 'darker')),
    (r'(?:stand|stands|standing|pop|pops)\s+out(?:\s+more)?',
     rf'(?:on|against|in)\s+(?:a\s+|the\s+)?{_DARK_PLACES}',
     ('light-coloured', 'lighter-coloured')),
    (r'(?:stand|stands|standing|pop|pops)\s+out(?:\s+more)?',
     rf'(?:on|against|in)\s+(?:a\s+|the\s+)?{_LIGHT_PLACES}', ('dark', 'darker')),
    (r'(?:reach|reaches|reaching|stretch|stretches|extend|extends|stick\s+out|sticks\s+out)',
     None, ('long', 'longer')),
    (r'(?:hit|hits|bang|bangs|bump|bumps|knock|knocks|scrape|scrapes|touch|touches)'
     r'(?:\s+(?:into|against|on))?', rf'(?:the\s+|a\s+|that\s+)?(?:low\s+)?{_OVERHEAD}',
     ('tall', 'taller')),
    (r'(?:fit|fits|go|goes|slide|slides|tuck|tucks)\s+under', None, ('low', 'lower')),
    (r'(?:clear|clears)', r'(?:the\s+|a\s+)?(?:low\s+)\w+', ('low', 'lower')),
    (r'(?:fit|fits|go|goes|slip|slips|disappear|disappears|hide|hides|be\s+hidden|'
     r'be\s+lost|get\s+lost)\s+(?:in|into|inside)',
     rf"(?:a\s+|the\s+|your\s+|ur\s+|my\s+|one's\s+)?(?:\w+\s+)?{_CONTAINERS}",
     ('small', 'smaller')),
    (r'(?:lose|loses|losing|lost|misplace|misplaces)', r'(?:it\s+)?(?:between|in|down|under)\b',
     ('small', 'smaller')),
    (r'(?:need|needs|take|takes|require|requires)', r'(?:a\s+)?(?:bigger|larger)\s+\w+',
     ('big', 'bigger')),
    (r'(?:thread|threads|pass|passes|slip|slips|fit|fits|go|goes|poke|pokes)\s+'
     r'(?:through|thru)', rf'(?:a\s+|the\s+|an\s+)?(?:\w+\s+){{0,2}}{_HOLES}',
     ('thin', 'thinner')),
    (r'(?:squeeze|squeezes|fit|fits|slip|slips|go|goes)\s+(?:between|through|thru)',
     rf'(?:the\s+|a\s+)?(?:\w+\s+){{0,2}}{_CRAMPED}', ('narrow', 'narrower')),
    (r'(?:take|takes|taking)\s+up\s+(?:more|less)\s+of\s+the\s+wall|hog|hogs',
     r'(?:(?:the\s+|from\s+|whole\s+)*\w*\s*)?(?:side\s+to\s+side|sideways|across)',
     ('wide', 'wider')),
    (r'(?:pack|packs|stack|stacks|sit|sits)\s+(?:flush|neatly|tightly|snugly|flat)?\s*'
     r'(?:into|in|against)', rf'(?:a\s+|the\s+)?(?:\w+\s+)?{_SQUARE_PLACES}',
     ('square', 'more square')),
)

# Words the verb's prefix may hold: a modal or auxiliary, a negation, a subject pronoun of
# "you could slide your palm across it", and adverbs ("would def bang", "would still reach").
_MODAL = (r"(?:would|could|will|can|might|may|should|must|does|do|did|wo|ca|'d|'ll|"
          r"wouldn't|couldn't|won't|can't|shouldn't|mightn't|doesn't|don't|didn't|"
          r'wouldnt|couldnt|wont|cant|shouldnt|doesnt|dont|didnt)')
_ADVERBS = (r'(?:still|def|deffo|defo|definitely|actually|probably|prob|easily|really|just|'
            r'totally|surely|likely|never|not|even|also|clearly|certainly|keep|keeps|n\'t)')
_WRAPPERS = (r'(?:be\s+|is\s+|are\s+|seems?\s+|looks?\s+)?'
             r'(?:(?P<wrap_more>(?:the\s+)?(?:more|most)\s+(?:likely|apt|prone|able)\s+to|'
             r'easier\s+to|easy\s+to|quicker\s+to|likelier\s+to)|'
             r'(?P<wrap_less>(?:the\s+)?(?:less|least)\s+(?:likely|apt|prone|able)\s+to|'
             r'harder\s+to|hard\s+to|unlikely\s+to|slower\s+to))')
_WRAPPER_START = (r'(?:(?:the\s+)?(?:more|less|most|least)\s+(?:likely|apt|prone|able)\s+to|'
                  r'easier\s+to|harder\s+to|easy\s+to|hard\s+to|unlikely\s+to|quicker\s+to|'
                  r'likelier\s+to|slower\s+to)')
_MANNER_MORE = (r'(?:(?:a\s+lot\s+|way\s+|much\s+|far\s+|a\s+bit\s+)?(?:more\s+easily|more\s+'
                r'readily|more\s+quickly|more|better|further|farther|easier|quicker|faster)'
                r'|(?:a\s+lot\s+|way\s+|much\s+|far\s+)?(?:more|easier)|(?:the\s+)?most)')
_MANNER_LESS = (r'(?:less\s+easily|less\s+readily|less\s+far|(?:the\s+)?least|less|worse|'
                r'the\s+shortest\s+distance)')
_AS_AS = (r'as\s+(?:far|much|easily|well|readily|quickly|often)\b'
          r"(?P<between>(?:\s+(?!as\b)[\w'-]+){0,5}?)\s+as\b")
# The words that end what a behaviour acts on.
_ENDS = (r'(?=\s*(?:[.,;:!?)\]—–]|\bthan\b|\bas\b|\bif\b|\bwhen\b|\bbut\b|\bwhereas\b|\bwhile\b|'
         r'\blol\b|\blmao\b|\bngl\b|\btbh\b|\bimo\b|\bthough\b|\bbecause\b|\bbc\b|\bso\b|'
         r'\band\s+the\b|$))')


def _pattern(verb: str, acts_on: Optional[str]) -> 're.Pattern':
    """Return the regular expression of one behaviour, its prefix and its manner."""
    obj = rf'\s+(?:{acts_on})' if acts_on else ''
    rest = r"(?P<rest>(?:\s+(?!than\b|as\b)[\w'’-]+){0,10}?)"
    return re.compile(
        rf'(?P<pre>\b(?:(?:you|u|i|we|one|they)\s+)?{_MODAL}(?:\s+{_ADVERBS})*\s+|'
        rf'\b(?:that|which|it)\s+(?:{_ADVERBS}\s+)*|'
        rf'\bto\s+|'
        rf"\b(?:is|are|was|were|be|'s|seems?|looks?)\s+(?={_WRAPPER_START})|"
        rf'(?<=\s)(?={_WRAPPER_START}))'
        rf'(?:{_WRAPPERS}\s+)?'
        rf'(?P<verb>{verb}){obj}'
        rf'(?:\s+(?P<as_as>{_AS_AS})|{rest}'
        rf'(?:\s+(?P<more>{_MANNER_MORE})|\s+(?P<less>{_MANNER_LESS}))?{_ENDS})',
        re.I)


# Marks the plain words written in, to tell them from the text's own words.
_MARK = '\x00'
_PRONOUNS = frozenset(('that', 'which', 'it'))
_CUE = re.compile('|'.join(rf'\b(?:{verb})' for verb, _, _ in _BEHAVIOURS), re.I)
_PATTERNS = tuple((_pattern(verb, acts_on), quality) for verb, acts_on, quality in _BEHAVIOURS)


def _plain(match: 're.Match', quality: Tuple[str, str]) -> str:
    """Return the plain words for one behaviour found."""
    base, comparative = quality
    pre = match.group('pre')
    generic = re.match(r'(?:you|u|i|we|one|they)\s+', pre, re.I)
    if generic:
        pre = 'that '  # "the tray you could slide your palm across": the tray that is smooth
    pre = re.sub(r'\b(?:keep|keeps)\s+', '', pre, flags=re.I)
    if re.search(r"(?:\b(?:is|are|was|were|be|seems?|looks?)|'s)\s*$", pre, re.I):
        verb = ''  # "is less likely to give you splinters": "is less rough"
    elif re.search(rf"(?:{_MODAL}|\bto|\bnot|\bnever|n't|\bkeep)\s*$", pre.strip(), re.I) \
            and not generic:
        verb = 'be '
    else:
        verb = 'is '
    if match.group('as_as'):
        return f'{pre}{verb}as {base} as'
    if match.group('wrap_less') or match.group('less'):
        return f'{pre}{verb}less {base}'
    if match.group('wrap_more') or match.group('more'):
        return f'{pre}{verb}{comparative}'
    return f'{pre}{verb}{base}'


def _rewritten(match: 're.Match', quality: Tuple[str, str]) -> str:
    """Return the plain words between markers, or the match itself where no verb was meant."""
    pre = match.group('pre').strip().lower()
    if pre in _PRONOUNS and not match.group('verb').split()[0].lower().endswith('s'):
        return match.group(0)  # "which slice of toast": a noun after "which", not "which cuts"
    return f'{_MARK}{_plain(match, quality)}{_MARK}'


def read_affordances(text: str) -> str:
    """
    Return ``text`` with what a thing would do written as the quality it shows.

    Where the text also names a difference in words of its own ("the boxier lunchbox, it fits
    in the bag better"), the behaviour is the reason given for it and is left as it is.
    """
    if not _CUE.search(text):
        return text
    marked = text
    for pattern, quality in _PATTERNS:
        marked = pattern.sub(lambda m, q=quality: _rewritten(m, q), marked)
    if marked == text:
        return text
    outside = marked.split(_MARK)[0::2]
    words = re.findall(r"[a-z][a-z'-]*", ' '.join(outside).lower())
    if any(senses_for(word) for word in words):
        return text
    return marked.replace(_MARK, '')

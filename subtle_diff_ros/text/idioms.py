# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Idioms that say a difference in several words, written as the plain comparison they mean.

A machinist says "a higher Ra" for rougher, a lighting engineer "a higher colour temperature"
for cooler, a sheet-metal worker "a lighter gauge" for thinner; read word by word they are
"higher" (height) and "lighter" (brightness). Each idiom here is rewritten to plain words before
the rules read the text; single trade words ("radiused", "cupped", "burred") are in the lexicon.
Everyday figures too: "flat as a pancake" is squat, "been through the wash" faded.
"""

import re

_MORE = r'(?:higher|greater|more|increased|bigger|larger|raised)'
_LESS = r'(?:lower|less|reduced|smaller|decreased)'
_FINISH = r'(?:finish|sheen|paint|paintwork|coat|coating|lacquer|varnish|glaze|look|surface)'
_CORNERS = r'(?:corners?|edges?|radius|radii|fillets?)'
# "... in gloss", "... on width" later in the text (not "in image 1"): the quality compared.
_IN_A_QUALITY = r'(?=.*\b(?:in|on|for)\s+(?!(?:the\s+)?(?:image|picture|photo|pic)\b)[a-z])'
# Another thing asked for later in the text: "the other (one)", "another", a verb of asking.
_ANOTHER_ASKED = (r'.*\b(?:the\s+other|another|bring|fetch|grab|get|give|hand|pass|take|pick|'
                  r'choose|select|want|need)\b')

IDIOMS = (
    # colour temperature: more kelvin is bluer light, a cooler white
    (re.compile(rf'\b{_MORE}\s+(?:colou?r[- ]temperature|cct|kelvin)\b', re.I), 'cooler colour'),
    (re.compile(rf'\b{_LESS}\s+(?:colou?r[- ]temperature|cct|kelvin)\b', re.I), 'warmer colour'),
    # Ra, the roughness average of a machined surface (capital R: not the word "ra")
    (re.compile(rf'\b(?i:{_MORE})\s+Ra\b(?:\s+(?i:value|reading))?'), 'rougher surface'),
    (re.compile(rf'\b(?i:{_LESS})\s+Ra\b(?:\s+(?i:value|reading))?'), 'smoother surface'),
    # gauge: a heavier (lower-numbered) gauge is thicker stock
    (re.compile(r'\b(?:heavier|thicker|lower)[- ]gauge\b', re.I), 'thicker'),
    (re.compile(r'\b(?:lighter|thinner|higher)[- ]gauge\b', re.I), 'thinner'),
    (re.compile(r'\bheavier[- ]walled\b', re.I), 'thicker-walled'),
    (re.compile(r'\blighter[- ]walled\b', re.I), 'thinner-walled'),
    # "out of true", "out of plumb", "out of level": bent; "out of round" is read as it is
    (re.compile(r'\bout\s+of\s+(?:true|plumb|level|flat|straight)\b', re.I), 'bent'),
    # "softer corners", "a bigger radius", "larger fillets": rounder; "crisper corners": squarer
    (re.compile(rf'\b(?:softer|gentler|bigger|larger|more\s+generous)\s+(?:corner\s+)?'
                rf'{_CORNERS}\b', re.I), 'rounder corners'),
    (re.compile(rf'\b(?:crisper|tighter|harder)\s+(?:corner\s+)?{_CORNERS}\b', re.I),
     'squarer corners'),
    # a flat finish is a matte one, not a straighter one
    (re.compile(rf'\bflatter\s+(?={_FINISH}\b)', re.I), 'more matte '),
    (re.compile(rf'\bflat\s+(?={_FINISH}\b)', re.I), 'matte '),
    # tool and chatter marks: roughness ("more tooth" is left alone: a gear's teeth are counted)
    (re.compile(r'\b(?:tool|machining|chatter|grinding|sanding|saw|swirl)\s+marks\b', re.I),
     'roughness'),
    # a baker's rise: "less rise" is a lower loaf, "didn't rise as much as" not as tall
    (re.compile(r'\bmore\s+rise\b(?!\s+in\b)', re.I), 'taller'),
    (re.compile(r'\bless\s+rise\b(?!\s+in\b)', re.I), 'lower'),
    (re.compile(r'\b(?:rise|rises|rose|risen)\s+as\s+(?:much|high|far|well)\s+as\b', re.I),
     'grow as tall as'),
    # sizes: "a size up", "one size down", "scaled down"
    (re.compile(r'\b(?:a|one)\s+size\s+(?:up|bigger|larger)\b', re.I), 'larger'),
    (re.compile(r'\b(?:a|one)\s+size\s+(?:down|smaller)\b', re.I), 'smaller'),
    (re.compile(r'\bscaled[- ]down\b', re.I), 'smaller'),
    (re.compile(r'\bscaled[- ]up\b', re.I), 'larger'),
    (re.compile(r'\bnecked[- ]down\b', re.I), 'narrower'),
    # "when it comes to shine": in shine
    (re.compile(r'\bwhen\s+it\s+comes\s+to\b', re.I), 'in'),
    # coming behind the other in a named quality: "falls short of image 1 in width", "can't
    # hold a candle to image 2 when it comes to shine", "pales in comparison to image 2 in gloss"
    (re.compile(rf'\b(?:falls|fall|fell|falling)\s+short\s+of\b{_IN_A_QUALITY}', re.I), 'trails'),
    (re.compile(r"\b(?:can'?t|cannot|can\s+not|couldn'?t|could\s+not)\s+hold\s+a\s+candle\s+"
                rf'to\b{_IN_A_QUALITY}', re.I), 'trails'),
    (re.compile(r'\b(?:pales|paled|pale)\s+(?:in\s+comparison\s+)?(?:to|next\s+to|beside|'
                rf'with)\b{_IN_A_QUALITY}', re.I), 'trails'),
    (re.compile(rf'\b(?:loses|lose|losing)\s+(?:out\s+)?to\b{_IN_A_QUALITY}', re.I), 'trails'),
    # "edges out the other in length": beats it, by a little ("is edged out by": is beaten by)
    (re.compile(r'\bedges\s+out\b', re.I), 'beats'),
    (re.compile(r'\bedge\s+out\b', re.I), 'beat'),
    (re.compile(r'\bedged\s+out\b', re.I), 'beaten'),
    # "comes to more of a point", "less of a point": pointier, blunter
    (re.compile(r'\bmore\s+of\s+a\s+point\b', re.I), 'a pointier tip'),
    (re.compile(r'\bless\s+of\s+a\s+point\b', re.I), 'a blunter tip'),
    # everyday figures: "flat as a pancake" is squat (not straight); "been through the wash"
    # faded; colours that "pop" vivid; "like a mirror", "the mirror that ... is": glossy
    (re.compile(r'\b(?:flat\s+as\s+a\s+pancake|pancake[- ]flat)\b', re.I), 'squat'),
    (re.compile(r'\bflatter\b(?=[^.;!?]*\blike\s+a\s+pancake\b)', re.I), 'squatter'),
    (re.compile(r'\b(?:been\s+)?(?:through|thru)\s+the\s+(?:wash|washing\s+machine)\b', re.I),
     'faded'),
    (re.compile(r'\bcolou?rs?\s+(?:(?:that|which)\s+)?(?:really\s+)?pops?\b', re.I),
     'vivid colours'),
    # ... and the colours of a named thing ("the colours on the img1 lego set pop way more")
    (re.compile(r"\b(colou?rs?(?:\s+(?!pops?\b)[\w'-]+){1,8}?)\s+(?:really\s+)?pops?\b", re.I),
     r'\1 look vivid'),
    # colour that sat in the sun: "left out in the sun all summer", "a summer in a shop window"
    (re.compile(r'\b(?:been\s+)?(?:left|sat|sitting|sitting\s+out|baked|baking|spent|'
                r'spending)\s+(?:out\s+)?(?:(?:a|the|one|all)\s+(?:whole\s+)?summers?\s+)?'
                r'in\s+(?:the\s+|a\s+)?'
                r'(?:full\s+|hot\s+)?(?:sun|sunlight|sunshine|shop\s+window|window)'
                r'(?:\s+(?:all|for\s+a|for\s+the)\s+(?:summer|year|season|decade))?\b', re.I),
     'sun-faded'),
    # colour taken out of it: "the colour sucked out of it", "someone turned the colour down"
    (re.compile(r'\b(?:had\s+|has\s+had\s+)?(?:the\s+|its\s+|all\s+the\s+)?colou?rs?\s+'
                r'(?:\w+\s+){0,2}?(?:sucked|drained|leached|washed|bled)\s+(?:out|away)\b', re.I),
     'faded'),
    (re.compile(r'\bturned\s+(?:the\s+)?colou?rs?\s+down\b', re.I), 'faded'),
    # a loud colour is a vivid one ("the colour is sooo loud", "louder colours")
    (re.compile(r'\b(colou?rs?|shades?|paint(?:work)?|prints?|patterns?)(\s+(?:(?:that|which)\s+)?'
                r"(?:is|are|'s|looks?|seems?)\s+(?:so+|really|way|much|a\s+lot|far|kinda|"
                r'pretty)?\s*)loud\b', re.I),
     r'\1\2vivid'),
    (re.compile(r'\blouder\s+(?=colou?rs?\b|shades?\b|paint|prints?\b|patterns?\b)', re.I),
     'more vivid '),
    (re.compile(r'\blike\s+a\s+mirror\b|\bmirror[- ](?:finish|shine|polish)\b', re.I),
     'mirror-like'),
    (re.compile(r'\bthe\s+mirror\s+that\b', re.I), 'as glossy as'),
    # "neither as tall nor as wide as": not as tall and not as wide ("neither is taller" denies
    # it of both images, and is left as it is)
    (re.compile(r'\bneither\s+(?=as\s)', re.I), 'not '),
    (re.compile(r'\bnor\s+(?=as\s)', re.I), 'and not '),
    # "put the glossier mug back and give me the other one", "take the darker one away, bring
    # the lighter", "return the sharper awl and get me the blunter": "put back the glossier
    # mug", which turns it down (only where another one is asked for: "put the
    # darker cup back on the shelf" acts on the darker cup)
    (re.compile(rf"\b(?:put|send|take)\s+((?:the|that|this)\s+(?:[\w'-]+\s+){{0,3}}?[\w'-]+)\s+"
                rf'(?:back|away)\b(?={_ANOTHER_ASKED})', re.I), r'put back \1'),
    (re.compile(rf'\breturn(?=\s+(?:the|that|this)\b{_ANOTHER_ASKED})', re.I), 'put back'),
)


# Things whose colour names a hue ("closer to the colour of a ripe tomato", "grass-coloured").
_THINGS_OF_A_HUE = {
    'reddish': ('tomato', 'cherry', 'cherries', 'strawberry', 'strawberries', 'blood', 'brick',
                'ruby', 'rubies', 'fire engine', 'fire-engine', 'fire truck', 'firetruck',
                'postbox', 'pillar box', 'post box', 'lipstick', 'poppy', 'poppies', 'ketchup',
                'chilli', 'chili', 'raspberry', 'raspberries'),
    'orange': ('pumpkin', 'carrot', 'tangerine', 'mandarin', 'clementine', 'apricot',
               'marmalade', 'traffic cone', 'orange peel', 'goldfish'),
    'yellowish': ('lemon', 'banana', 'butter', 'mustard', 'sunflower', 'canary', 'daffodil',
                  'egg yolk', 'yolk', 'corn', 'sweetcorn', 'dandelion', 'custard', 'school bus'),
    'greenish': ('grass', 'lime', 'leaf', 'leaves', 'moss', 'mint', 'pea', 'peas', 'emerald',
                 'olive', 'forest', 'pine', 'jade', 'avocado', 'spinach', 'frog', 'cucumber',
                 'sage', 'lettuce', 'broccoli', 'shamrock', 'pistachio', 'pistachios',
                 'pistachio ice cream'),
    'cyan': ('turquoise', 'teal', 'aqua', 'swimming pool', 'pool water', 'lagoon'),
    'bluish': ('sky', 'ocean', 'sea', 'navy', 'denim', 'jeans', 'sapphire', 'cobalt',
               'cornflower', 'cornflowers', 'blueberry', 'blueberries', 'bluebell', 'bluebells',
               'ink'),
    'purplish': ('lavender', 'lilac', 'violet', 'plum', 'grape', 'grapes', 'aubergine',
                 'eggplant', 'amethyst', 'heather'),
    'pinkish': ('flamingo', 'bubblegum', 'bubble gum', 'salmon', 'blush', 'rose', 'roses',
                'candyfloss', 'candy floss', 'cotton candy', 'fuchsia', 'piglet', 'ham'),
    'darker': ('charcoal', 'coal', 'soot', 'ebony', 'tar', 'slate', 'graphite'),
    'lighter-coloured': ('snow', 'milk', 'chalk', 'bone', 'paper', 'dry sand'),
    'brownish': ('chocolate', 'milk chocolate', 'dark chocolate', 'coffee', 'caramel',
                 'chestnut', 'cinnamon', 'mud', 'wood', 'walnut', 'toffee', 'cocoa', 'tea',
                 'cardboard', 'hazelnut', 'teak', 'conker', 'conkers'),
}
_HUE_OF_A_THING = {thing: hue for hue, things in _THINGS_OF_A_HUE.items() for thing in things}
_A_THING = ('(' + '|'.join(sorted((re.escape(t).replace(r'\ ', r'[\s-]+')
                                   for t in _HUE_OF_A_THING), key=len, reverse=True)) + ')')
_RIPE = r'(?:(?:a|an|the|some|fresh|ripe|new|fresh-cut|freshly\s+cut|summer|spring|clear)\s+)*'
_SHADE = r'(?:colou?r|colou?red|shade|hue|tone|toned|tint)'
_THING_COLOURS = (
    # "closer to the colour of a ripe tomato", "more like the shade of lavender"
    re.compile(rf'\b(?:closer|nearer|more\s+similar|similar|more\s+like|more\s+alike)\s+'
               rf'(?:to\s+)?(?:the\s+)?{_SHADE}\s+of\s+{_RIPE}{_A_THING}\b', re.I),
    # "closer in colour to grass", "closer to grass colour", "nearer to a fire-engine red"
    re.compile(rf'\b(?:closer|nearer|more\s+similar)\s+in\s+{_SHADE}\s+to\s+{_RIPE}'
               rf'{_A_THING}\b', re.I),
    re.compile(rf'\b(?:closer|nearer|more\s+similar)\s+to\s+{_RIPE}{_A_THING}[\s-]*'
               rf'(?:{_SHADE}|red|green|blue|yellow|orange|pink|purple|brown)\b', re.I),
    # "closer to charcoal in colour"
    re.compile(rf'\b(?:closer|nearer|more\s+similar)\s+to\s+{_RIPE}{_A_THING}\s+in\s+{_SHADE}\b',
               re.I),
    # "more tomato-coloured", "more of a grass colour"
    re.compile(rf'\bmore\s+(?:of\s+an?\s+)?{_A_THING}[\s-]*{_SHADE}\b', re.I),
)
_A_THING_COLOURED = re.compile(rf'\b{_A_THING}[\s-]+colou?red\b', re.I)


def _more(quality: str) -> str:
    """Return the comparison of a quality ("more reddish"; "darker" is one already)."""
    return quality if quality in ('darker', 'lighter-coloured') else f'more {quality}'


def _hue_of(match: 're.Match') -> str:
    thing = re.sub(r'[\s-]+', ' ', match.group(1).lower())
    return _HUE_OF_A_THING.get(thing) or _HUE_OF_A_THING[thing.replace(' ', '-')]


def read_idioms(text: str) -> str:
    """Return ``text`` with the idioms of ``IDIOMS`` and things' colours as plain words."""
    for pattern, plain in IDIOMS:
        text = pattern.sub(plain, text)
    for pattern in _THING_COLOURS:
        text = pattern.sub(lambda m: _more(_hue_of(m)), text)
    return _A_THING_COLOURED.sub(_hue_of, text)

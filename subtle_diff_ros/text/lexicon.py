# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Word forms that name a difference: each form maps to senses on the axes of ``core.axes.AXES``.

A sense says which axis a word moves and which way (+1: the described thing has more of the
axis). A word may have one sense per attribute ("brighter" is brightness for colour but
glossiness for texture; "smooth corners" are round, a "smooth surface" is not rough); the first
sense listed is the one used when no attribute hint is given.
"""

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from ..core.axes import AXES, HUES, PART_AXES


@dataclass(frozen=True)
class Sense:
    """
    One meaning of a word form.

    axis: canonical axis name (a key of ``AXES``).
    direction: +1 when the word says "more of the axis", -1 when it says "less".
    comparative: True for forms that compare by themselves ("darker", "glossier").
    hue: for hue words, the canonical colour the word leans toward ('red'), else None.
    """

    axis: str
    direction: int
    comparative: bool
    hue: Optional[str] = None

    @property
    def attribute(self):
        """Return the Subtle-Diff attribute of the sense's axis."""
        return AXES[self.axis].attribute


# (base forms, comparative forms, axis, direction): comparative forms include the spelling
# slips seen in the Subtle-Diff annotations ("shiner", "shinny", "gleammer", "pointee").
# Rows are grouped by attribute; a form listed under several attributes has one sense for each.
_COLOR_WORDS = (
    (('bright', 'light', 'lightened', 'light-colored', 'light-coloured', 'pastel', 'lightness'),
     ('brighter', 'lighter', 'brightest', 'lightest'), 'brightness', 1),
    (('white', 'whitish', 'pale-colored'), ('whiter',), 'brightness', 1),
    (('dark', 'darkened', 'dark-colored', 'dark-coloured', 'dim', 'deep', 'shadowy', 'darkness'),
     ('darker', 'dimmer', 'deeper', 'darkest'), 'brightness', -1),
    (('grimy', 'dirty', 'soiled', 'stained', 'sooty', 'smudged', 'filthy', 'grubby', 'toasted',
      'charred', 'scorched', 'burnt', 'singed', 'blackened'),
     ('grimier', 'dirtier', 'sootier', 'filthier', 'grubbier'), 'brightness', -1),
    (('spotless',), (), 'brightness', 1),
    (('black', 'blackish'), ('blacker',), 'brightness', -1),
    # words of trades and of everyday looks: "blonder wood", "a dingier wall", "smoky glass"
    (('blond', 'blonde', 'luminous'), ('blonder', 'fairer'), 'brightness', 1),
    (('dingy', 'murky', 'dusky', 'smoky', 'tanned'),
     ('dingier', 'murkier', 'duskier', 'smokier'), 'brightness', -1),
    (('lurid', 'garish', 'chromatic', 'bold', 'chroma'), ('bolder',), 'saturation', 1),
    (('mousy', 'mousey'), ('mousier',), 'saturation', -1),
    (('vibrant', 'vivid', 'colorful', 'colourful', 'saturated', 'intense', 'rich',
      'multicolor', 'multicolored', 'multicolour', 'multicoloured', 'brightly-colored',
      'brightly-coloured', 'vividly-colored', 'vividly-coloured', 'boldly-colored',
      'boldly-coloured', 'punchy', 'vividness', 'colorfulness', 'colourfulness'),
     ('richer', 'vivider', 'punchier'), 'saturation', 1),
    (('pale', 'faded', 'washed-out', 'dull', 'muted', 'desaturated', 'gray', 'grey',
      'grayish', 'greyish', 'silver', 'silvery', 'bleached', 'drab', 'subdued', 'toned-down',
      'colorless', 'colourless', 'ashen', 'wan', 'sun-bleached'),
     ('paler', 'duller', 'grayer', 'greyer', 'drabber', 'pales', 'paled'), 'saturation', -1),
    (('warm', 'warm-toned'), ('warmer',), 'warmth', 1),
    (('cool', 'cold', 'cool-toned', 'icy', 'wintry', 'wintery', 'chilly'),
     ('cooler', 'colder', 'icier', 'chillier'), 'warmth', -1),
)

_SHAPE_WORDS = (
    (('round', 'rounded', 'circular', 'circle', 'oval', 'inflated', 'puffy', 'spherical',
      'bulging', 'bulge', 'bulgy', 'bulged', 'domed', 'semicircular', 'smooth', 'bulbous',
      'globular', 'rotund', 'ball-shaped', 'egg-shaped', 'ovoid'),
     ('rounder', 'roundier', 'bulgier'), 'roundness', 1),
    (('angular', 'rectangular', 'rectangle', 'square', 'squared', 'boxy', 'triangular',
      'box-shaped', 'boxlike', 'edges', 'oblong', 'pentagon', 'hexagon', 'cornered', 'blocky'),
     ('squarer', 'boxier'), 'roundness', -1),
    # a machinist's and a joiner's corners: "radiused", "filleted", "faceted"
    (('radiused', 'filleted'), (), 'roundness', 1),
    (('faceted',), (), 'roundness', -1),
    (('sharp', 'pointed', 'pointy', 'pointee', 'spiky', 'tapered', 'tapers', 'tapering',
      'pointedness', 'pointed-tip',
      'conical', 'cone-shaped', 'keen'),
     ('sharper', 'pointier', 'spikier', 'finer-pointed', 'keener'), 'sharpness', 1),
    (('acute', 'needle-like', 'needlelike'), (), 'sharpness', 1),
    (('obtuse', 'mushroomed'), (), 'sharpness', -1),
    (('blunt', 'dull'), ('blunter', 'duller'), 'sharpness', -1),
    (('curved', 'curvy', 'curve', 'curves', 'curvature', 'curvatures', 'bent', 'crooked',
      'wavy', 'waves', 'wave', 'spiral', 'arched', 'arch', 'arc', 'concave', 'convex', 'bumpy',
      'uneven', 'irregular', 'wrinkled', 'folds', 'folded', 'twisted', 'hooked', 'bend',
      'bends', 'bowed', 'warped', 'arches', 'arching', 'bending', 'curving', 'warps', 'kinked',
      'bowing',
      'sag', 'sags', 'sagged', 'sagging', 'saggy',
      'droop', 'droops', 'drooped', 'drooping', 'droopy', 'bendy', 'curls', 'curled',
      'curling', 'crescent', 'crescent-shaped', 'dented', 'dinged', 'buckled', 'crumpled',
      'deformed', 'misshapen'),
     ('curvier', 'bumpier', 'wavier', 'curlier', 'saggier', 'droopier', 'bendier'), 'curvature',
     1),
    (('straight', 'flat', 'flattened', 'straightened', 'trued'),
     ('straighter', 'flatter', 'truer'), 'curvature', -1),
    # "cupped" boards, a sail that "bellies", a shaft "out of true"
    (('cupped', 'bellied', 'bellies', 'out-of-true', 'runout', 'camber', 'cambered'), (),
     'curvature', 1),
    (('wide', 'broad', 'fat', 'plump', 'chubby', 'stout', 'wider-set', 'stocky', 'flares',
      'flared', 'flaring'),
     ('wider', 'broader', 'fatter', 'plumper', 'chubbier', 'stouter', 'stockier'), 'width', 1),
    (('beamy', 'splayed', 'splays'), ('beamier',), 'width', 1),
    (('pinched', 'waisted'), (), 'width', -1),
    (('narrow', 'slim', 'slender', 'skinny'),
     ('narrower', 'slimmer', 'skinnier', 'fitter', 'slenderer'), 'width', -1),
    (('long', 'lengthy', 'elongated', 'overhang', 'overhangs', 'overhanging'),
     ('longer', 'lengthier'), 'length', 1),
    (('docked',), (), 'length', -1),
    (('short', 'stubby'), ('shorter', 'stubbier'), 'length', -1),
    (('tall', 'high', 'risen', 'rises', 'lofty'), ('taller', 'higher', 'prouder', 'loftier'),
     'height', 1),
    (('recessed', 'slammed'), (), 'height', -1),
    (('low', 'squat', 'compressed', 'squashed', 'squished', 'low-slung', 'low-profile',
      'shallow', 'crushed'),
     ('lower', 'squatter', 'squatier', 'shallower'), 'height', -1),
    (('big', 'large', 'huge', 'bulky', 'enlarged', 'oversized', 'massive', 'swollen',
      'swelled', 'expanded'),
     ('bigger', 'larger', 'bulkier', 'huger', 'dwarfs'), 'size', 1),
    (('hefty', 'outsized', 'oversize'), ('heftier',), 'size', 1),
    (('dinky', 'petite'), ('dinkier',), 'size', -1),
    (('small', 'tiny', 'compact', 'miniature', 'dwarfed', 'shrunken', 'shrivelled',
      'shriveled', 'wizened', 'shrank', 'shrunk', 'shrinks', 'undersized', 'undersize'),
     ('smaller', 'tinier'), 'size', -1),
    (('thick', 'chunky'), ('thicker', 'chunkier'), 'thickness', 1),
    (('thin',), ('thinner',), 'thickness', -1),
    (('beefy',), ('beefier',), 'thickness', 1),
    (('flimsy', 'skimpy'), ('flimsier', 'skimpier'), 'thickness', -1),
)

_TEXTURE_WORDS = (
    (('rough', 'coarse', 'grainy', 'bumpy', 'lumpy', 'rusty', 'gritty', 'uneven', 'textured',
      'fibrous', 'spiky', 'wrinkled', 'rugged', 'jagged', 'porous', 'scratched', 'cracked',
      'crazed', 'crazing',
      'roughness', 'rough-textured', 'pitted', 'grooved', 'ridged', 'ribbed', 'knurled',
      'corrugated', 'pockmarked', 'coarse-grained', 'gnarled', 'craggy', 'fuzzy', 'fluffy',
      'furry', 'hairy', 'woolly', 'wooly', 'shaggy', 'frayed', 'scuffed', 'weathered', 'worn',
      'abraded', 'eroded', 'corroded', 'flaky', 'crusty', 'speckled', 'mottled', 'blotchy',
      'patchy', 'oxidised', 'oxidized', 'rusted', 'chipped', 'corrosion', 'flaking', 'wrinkly',
      'pitting', 'knobbly', 'knobby', 'nubbly', 'beat-up', 'beaten-up', 'banged-up',
      'battered', 'sandpapery', 'scratchy', 'prickly', 'bristly', 'gravelly', 'warty', 'creased',
      'crinkled', 'crinkly', 'crumpled', 'pilled', 'bobbly', 'furrowed', 'dimpled',
      'orange-peel-textured'),
     ('rougher', 'coarser', 'grainier', 'bumpier', 'lumpier', 'rustier', 'grittier',
      'coarser-grained', 'fuzzier', 'fluffier', 'furrier', 'hairier', 'woollier', 'shaggier',
      'flakier', 'crustier', 'blotchier', 'patchier', 'wrinklier', 'knobblier', 'knobbier',
      'crinklier', 'bobblier', 'wartier'),
     'roughness', 1),
    # a machinist's burrs and chatter marks, a lapped or deburred face
    (('burred', 'burrs', 'burry', 'chatter'), (), 'roughness', 1),
    (('lapped', 'deburred', 'slick'), ('slicker',), 'roughness', -1),
    (('smooth', 'soft', 'silky', 'velvety', 'sleek', 'smoothness', 'fine-grained'),
     ('smoother', 'softer', 'silkier', 'sleeker', 'finer-grained', 'finer'), 'roughness', -1),
    (('glossy', 'gloss', 'shiny', 'shine', 'shinny', 'polished', 'gleaming', 'gleam',
      'glimmer', 'glimmering', 'glistening', 'shimmering', 'shimmery', 'reflective',
      'lustrous', 'glassy', 'glazed', 'varnished', 'lacquered', 'waxy', 'bright', 'sheen',
      'glossiness', 'shininess', 'sparkly', 'sparkling', 'sparkle', 'glittery', 'glitter',
      'glittering', 'metallic', 'chrome', 'chromed', 'mirror-like', 'luster', 'lustre',
      'glint', 'glinting', 'buffed', 'burnished', 'highlights', 'reflections', 'glints',
      'shines', 'gleams', 'glistens', 'sparkles', 'waxed', 'polish'),
     ('glossier', 'shinier', 'shiner', 'gleammer', 'brighter', 'waxier', 'sparklier',
      'glitterier', 'outshines', 'outshine', 'outshone'), 'glossiness', 1),
    (('matte', 'matt', 'matte-finished', 'matte-finish', 'dull', 'dim', 'milky', 'dry',
      'frosted', 'flat', 'unpolished', 'chalky', 'dusty', 'tarnished', 'lacklustre',
      'lackluster', 'lusterless', 'lustreless', 'cloudy', 'hazy', 'foggy', 'clouded',
      'fogged', 'misted', 'bloomed', 'brushed', 'satin', 'satin-finished'),
     ('duller', 'dimmer', 'milkier', 'dustier', 'chalkier', 'cloudier', 'hazier', 'foggier'),
     'glossiness', -1),
)

HUE_ADJECTIVES = {
    'red': 'reddish', 'orange': 'orange-tinted', 'yellow': 'yellowish', 'green': 'greenish',
    'blue': 'bluish', 'purple': 'purplish', 'pink': 'pinkish', 'brown': 'brownish',
    'gold': 'golden', 'gray': 'grayish', 'silver': 'silvery',
}
# "Heavier pitting", "stronger sheen", "worse corrosion": more of it; "milder rust": less.
MORE_WORDS = frozenset(('more', 'most', 'greater', 'heavier', 'stronger', 'worse'))
LESS_WORDS = frozenset(('less', 'least', 'fewer', 'lesser', 'milder', 'weaker'))
NEGATION_WORDS = frozenset(('not', 'no', 'never', 'hardly', 'barely', 'nor', 'isnt', 'arent',
                            'wasnt', 'werent', 'doesnt', 'dont', 'aint', 'didnt', 'wouldnt',
                            'couldnt', 'shouldnt', 'wont', 'cant', 'hasnt', 'havent', 'hadnt',
                            'mightnt', 'mustnt'))
# A negation that says "only just" before a comparative: "barely darker" is darker, by a little
# ("hardly darker" is read as not darker, as the independent writers label it).
SMALL_DEGREES = frozenset(('barely',))

# Degree words and fillers that may stand between "more"/"not" and the word they modify.
# Participles of wear that a result adjective follows ("worn smooth", "polished flat"): the
# adjective says the difference.
RESULT_PARTICIPLES = frozenset(('worn', 'rubbed', 'sanded', 'ground', 'buffed', 'polished',
                                'faded', 'bleached', 'washed', 'scrubbed', 'weathered',
                                'scraped', 'worn-down'))
# Amounts said of an axis noun ("higher saturation", "reduced gloss", "a greater degree of
# roundness"): +1 more of the axis, -1 less; the amount word's own sense ("higher": height)
# then names no difference.
QUANTITY_WORDS = {
    **dict.fromkeys(('higher', 'greater', 'increased', 'bigger', 'larger', 'stronger',
                     'elevated', 'raised', 'heightened', 'enhanced', 'extra', 'added',
                     # nouns of a change: "an increase in gloss", "a gain in saturation"
                     'increase', 'gain', 'rise', 'boost'), 1),
    **dict.fromkeys(('lower', 'reduced', 'decreased', 'smaller', 'weaker', 'diminished',
                     'lessened', 'lost', 'less', 'lesser', 'fewer',
                     # "lacks the shine of image 1", "without the sheen", "missing its gloss"
                     'lacks', 'lacking', 'lack', 'lacked', 'without', 'missing',
                     # "a loss of gloss", "a drop in saturation", "a decrease in brightness"
                     'loss', 'decrease', 'drop', 'reduction', 'decline', 'fall', 'dip'), -1),
}
# Nouns of how a thing looks, which name no part ("a warmer tone", "the rough sawn texture").
QUALITY_NOUNS = frozenset(('color', 'colour', 'texture', 'shape', 'surface', 'size', 'tone',
                           'shade', 'finish', 'appearance', 'look', 'form', 'tint', 'hue',
                           'sheen', 'colouring', 'coloring', 'grain', 'cast', 'outline'))
# Nouns of axes without the -ness ending ("saturation", "size", "gloss").
AXIS_NOUNS = frozenset(('saturation', 'chroma', 'warmth', 'width', 'size', 'height', 'length',
                        'gloss',
                        'sheen', 'shine', 'polish', 'curvature', 'lustre', 'luster',
                        'highlights',
                        'reflections', 'glints'))
# Words between an amount and its axis noun ("a higher level of gloss", "scores higher on
# gloss", "rates lower for roundness").
QUANTITY_FILLERS = frozenset(('level', 'levels', 'degree', 'amount', 'of', 'in', 'a', 'an',
                              'its', 'their', 'some', 'all', 'much', 'most', 'more', 'the',
                              'on', 'for'))

# Units of a measured amount of difference ("5 cm longer", "10% darker", "3 degrees more bent",
# "two points higher", "500 K warmer").
MEASURE_UNITS = frozenset((
    'mm', 'cm', 'm', 'millimetre', 'millimetres', 'millimeter', 'millimeters', 'centimetre',
    'centimetres', 'centimeter', 'centimeters', 'metre', 'metres', 'meter', 'meters', 'inch',
    'inches', 'ft', 'foot', 'feet', 'micron', 'microns', 'um', 'mil', 'mils', 'px', 'pixel',
    'pixels', 'degree', 'degrees', 'deg', 'percent', 'pct', 'point', 'points', 'pt', 'pts',
    'notch', 'notches', 'stop', 'stops', 'step', 'steps', 'shade', 'shades', 'k', 'kelvin',
    'kelvins', 'percentage', 'g', 'grams', 'kg', 'lux', 'units', 'unit'))

# Words of a number ("two shades darker", "a couple of centimetres taller").
NUMBER_WORDS = frozenset((
    'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven',
    'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'hundred', 'few', 'couple',
    'several', 'half', 'dozen'))

# Words of an approximate or least amount before a number ("about 5 mm", "a good 15 percent").
APPROXIMATORS = frozenset((
    'about', 'around', 'roughly', 'approximately', 'approx', 'circa', 'ca', 'nearly', 'almost',
    'some', 'maybe', 'perhaps', 'only', 'just', 'over', 'under', 'fully', 'easily', 'good',
    'whole', 'solid', 'another', 'an', 'extra', 'additional', 'estimated', 'est'))

DEGREE_WORDS = frozenset((
    'slightly', 'much', 'a', 'an', 'bit', 'little', 'lot', 'quite', 'far', 'very', 'way',
    'somewhat', 'considerably', 'significantly', 'noticeably', 'even', 'relatively', 'rather',
    'so', 'too', 'really', 'also', 'just', 'visibly', 'clearly', 'distinctly', 'marginally',
    'subtly', 'extremely', 'highly', 'perfectly', 'fairly', 'kind', 'sort', 'of', 'as', 'is',
    'are', 'and', 'has', 'have', 'with', 'overall', 'tad', 'kinda', 'sorta', 'wayy', 'sooo',
    'looks', 'look', 'got', 'any',
    # verbs of becoming, through which a negation reaches "as tall as" ("didn't get as tall as")
    'get', 'gets', 'grow', 'grows', 'grew', 'become', 'becomes', 'became', 'seem', 'seems',
    'appear', 'appears',
    # how wholly: "isn't plain white", "not completely round"
    'plain', 'pure', 'purely', 'completely', 'totally', 'entirely', 'fully', 'wholly',
    'utterly', 'simply'))
ARTICLES = frozenset(('the', 'a', 'an', 'this', 'that', 'these', 'those'))
# Words that open a relative clause ("a buckle that the other lacks", "the strap that's shorter").
RELATIVE_WORDS = frozenset(('that', 'which', "that's", 'thats'))
# Words that open a command or a question about one of the objects.
COMMAND_VERBS = frozenset(('pick', 'grab', 'take', 'bring', 'get', 'fetch', 'give', 'hand',
                           'choose', 'select', 'find', 'show', 'point', 'touch', 'place', 'put',
                           'move', 'lift', 'hold', 'push', 'pull', 'which', 'where', 'pass'))

# Chat spellings read as the words they stand for ("the mug w a handle", "colours r cooler"),
# words spelt as they sound, which no letter-by-letter slip reaches ("way ruffer"), and rare
# forms read as a common one but kept out of the lexicon, whose forms spelling slips are read
# as ("blockier": a made-up "blorpier" is two letters from it).
ABBREVIATIONS = {'w': 'with', 'r': 'are', 'n': 'and', 'u': 'you', 'thru': 'through',
                 'blockier': 'boxier', 'vs': 'versus', 'v': 'very', 'cuz': 'because',
                 'bc': 'because',
                 'ruff': 'rough', 'ruffer': 'rougher', 'ruffest': 'roughest', 'brite': 'bright',
                 'briter': 'brighter', 'britest': 'brightest', 'courser': 'coarser',
                 'coursest': 'coarsest', 'smother': 'smoother',
                 'shiney': 'shiny', 'shineyer': 'shinier', 'lite': 'light',
                 'whch': 'which', 'wich': 'which', 'whic': 'which', 'whihc': 'which'}
# Words a speech recogniser hears for a difference word, read as it after "more", "less" or a
# verb of looking ("the bread is more course", "looks way more mat").
SOUND_ALIKES = {'course': 'coarse', 'mat': 'matte', 'rouf': 'rough', 'blew': 'blue',
                'pail': 'pale'}
# Parts a speech recogniser writes as a word that sounds the same ("a thicker soul").
PART_SOUND_ALIKES = {'soul': 'sole', 'souls': 'soles', 'heal': 'heel', 'heals': 'heels',
                     'tow': 'toe', 'tows': 'toes'}
# Words that are never spelling slips of a lexicon form: chat words, and function words that
# the English dictionary of ``spelling`` (content words only) does not list ("with" is no slip
# of "width").
NOT_SLIPS = frozenset((
    'kinda', 'sorta', 'gonna', 'wanna', 'gotta', 'dunno', 'pics', 'imgs', 'pict', 'lmao',
    'haha', 'hmmm', 'umm', 'yeah', 'nope', 'okay', 'pls', 'plz', 'thx', 'thanks', 'sooo', 'wayy',
    'waaay', 'reeally', 'smth', 'sth', 'ppl', 'pkgs', 'msgs', 'txts', 'hrs', 'yrs', 'mths',
    'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'if', 'than', 'then', 'of', 'at', 'for', 'from',
    'with', 'into', 'onto', 'upon', 'per', 'among', 'amongst', 'amid', 'against', 'beneath',
    'beside', 'during', 'toward', 'towards', 'until', 'unless', 'because', 'whereas', 'whilst',
    'despite', 'versus', 'every', 'lest', 'via', 'within', 'without', 'between', 'through',
    'though', 'although', 'unlike', 'about', 'whose', 'whom', 'which', 'while', 'where'))

# Second halves of hyphenated modifiers that name the part the first half compares
# ("thicker-walled" compares the walls, "long-handled" the handle).
COMPOUND_PARTS = {
    'walled': 'walls', 'handled': 'handle', 'mouthed': 'mouth', 'necked': 'neck',
    'legged': 'legs', 'bladed': 'blade', 'brimmed': 'brim', 'rimmed': 'rim', 'spouted': 'spout',
    'heeled': 'heels', 'soled': 'sole', 'stemmed': 'stem', 'tipped': 'tip', 'nosed': 'nose',
    'sided': 'sides', 'toothed': 'teeth', 'bottomed': 'bottom', 'edged': 'edges',
    'armed': 'arms', 'leaved': 'leaves', 'leafed': 'leaves', 'tailed': 'tail',
    'eared': 'ears', 'headed': 'head', 'framed': 'frame', 'strapped': 'straps',
    'lensed': 'lens', 'capped': 'cap', 'wheeled': 'wheels', 'bristled': 'bristles',
    'backed': 'back', 'toed': 'toe', 'topped': 'top', 'lidded': 'lid', 'footed': 'feet',
    'lipped': 'lip', 'shouldered': 'shoulders', 'waisted': 'waist', 'sleeved': 'sleeves',
    'collared': 'collar', 'hooded': 'hood', 'finned': 'fins', 'spoked': 'spokes',
    'seated': 'seat', 'shafted': 'shaft', 'bowled': 'bowl', 'based': 'base',
    'skinned': 'skin', 'stalked': 'stalk', 'shelled': 'shell', 'lobed': 'lobes',
}
# Second halves of hyphenated modifiers that add nothing to the first ("coarser-grained",
# "darker-toned", "thinner-gauge"); "-ly" adverbs before these join them ("brightly coloured").
COMPOUND_SUFFIXES = frozenset((
    'colored', 'coloured', 'toned', 'tinted', 'hued', 'finished', 'finish', 'looking', 'ish',
    'grained', 'gauge', 'profile', 'slung', 'shaped', 'set', 'sized', 'surfaced', 'feeling',
    'faced', 'bodied', 'built', 'pointed', 'textured'))
# The attribute such a second half speaks of: of its first half's senses, those of that
# attribute are meant ("duller-coloured" is less saturated, "flatter-finished" more matte).
COMPOUND_ATTRIBUTES = {
    'colored': 'color', 'coloured': 'color', 'toned': 'color', 'tinted': 'color', 'hued': 'color',
    'finished': 'texture', 'finish': 'texture', 'textured': 'texture', 'surfaced': 'texture',
    'grained': 'texture', 'shaped': 'shape', 'profile': 'shape', 'bodied': 'shape',
    'built': 'shape', 'pointed': 'shape'}
# First halves of "-textured", "-grained", "-surfaced" that say how much texture there is:
# "even-textured", "finely grained" (smoother), "heavily textured" (rougher).
TEXTURE_AMOUNTS = {
    'even': -1, 'evenly': -1, 'fine': -1, 'finely': -1, 'lightly': -1, 'subtly': -1,
    'faintly': -1, 'uniform': -1, 'uniformly': -1, 'heavily': 1, 'deeply': 1, 'strongly': 1}
# First halves that set the direction of the second ("high-gloss", "low-gloss").
INTENSIFIERS = {'high': 1, 'low': -1, 'ultra': 1, 'super': 1, 'extra': 1, 'semi': -1}
# Forms of "short" that mean height for objects that stand up (a shorter candle is less tall);
# for other things (cables, handles, leaves) they mean length.
HEIGHT_FORMS = frozenset(('short', 'shorter', 'shortest', 'stubby', 'stubbier'))
STANDING_OBJECTS = frozenset((
    'cup', 'mug', 'glass', 'tumbler', 'bottle', 'jar', 'vase', 'can', 'tin', 'candle', 'lamp',
    'tower', 'building', 'chair', 'stool', 'table', 'pot', 'kettle', 'teapot', 'bucket', 'bin',
    'plant', 'tree', 'statue', 'figurine', 'figure', 'trophy', 'jug', 'pitcher', 'flask',
    'thermos', 'canister', 'box', 'carton', 'stack', 'pile', 'column', 'post', 'pillar',
    'bracket', 'stand', 'shelf', 'cabinet', 'fence', 'wall', 'door', 'boot', 'beaker', 'pot',
    'planter', 'lantern', 'goblet', 'chimney', 'silo', 'tank', 'cylinder', 'backrest',
    'headrest', 'snowman', 'person', 'man', 'woman', 'child', 'kid', 'boy', 'girl', 'doll',
    'robot', 'cake', 'sculpture', 'monument', 'lighthouse', 'cactus', 'sunflower', 'mound',
    'hill', 'heap', 'bookend', 'obelisk', 'spire', 'steeple', 'turret', 'totem', 'skyscraper',
    'mast', 'cone', 'pyramid', 'stalagmite', 'anthill', 'tombstone', 'vial', 'cryovial',
    'ampoule', 'loaf', 'muffin', 'cupcake', 'souffle', 'soufflé',
    'gravestone', 'headstone', 'bollard', 'hydrant', 'mailbox', 'postbox', 'locker',
    'wardrobe', 'dresser', 'fridge', 'refrigerator', 'sandcastle', 'shrub', 'bush', 'hedge',
    'flower', 'seedling', 'sapling', 'soufflé', 'souffle', 'muffin', 'ladder', 'candlestick',
    'candleholder', 'giraffe', 'bookcase', 'bookshelf', 'flowerpot', 'house', 'tent', 'hut',
    'shed', 'cottage', 'barn', 'skittle', 'pawn', 'rook', 'penguin', 'owl', 'kiosk', 'glasses',
    'cacti', 'wineglass', 'mannequin', 'easel', 'tripod', 'pylon', 'lamppost', 'streetlight',
    'cupboard', 'crate', 'barrel', 'keg', 'drum', 'urn', 'decanter', 'carafe', 'coffeepot',
    'percolator', 'grinder', 'blender', 'mixer', 'toaster', 'dispenser', 'shaker', 'pepperpot',
    'saltcellar', 'flagpole', 'signpost', 'streetlamp', 'windmill', 'totem-pole'))
# Forms of "fat" and "skinny" that mean thickness for long thin things (a fatter or skinnier
# rope is a thicker or thinner one); forms of "fat" mean thickness for flat and soft things too
# (a fatter pillow, tortilla or pad), where "skinny" is narrow ("a skinnier ironing board"). For
# other things they mean width ("a fatter mug"). "Wider", "narrower", "slimmer" stay width for
# all ("a wider pipe", "a slimmer chain": how the writers labelled them).
FAT_FORMS = frozenset(('fat', 'fatter', 'fattest', 'plump', 'plumper', 'plumpest', 'chubby',
                       'chubbier', 'chubbiest'))
GIRTH_FORMS = FAT_FORMS | frozenset(('skinny', 'skinnier', 'skinniest'))
THIN_OBJECTS = frozenset((
    'rope', 'cable', 'wire', 'cord', 'hose', 'tube', 'rod', 'bar', 'stick', 'pencil', 'pen',
    'finger', 'branch', 'stem', 'twig', 'thread', 'string', 'strap', 'belt', 'chain', 'needle',
    'nail', 'screw', 'bolt', 'shaft', 'handle', 'leg', 'arm', 'straw', 'noodle', 'sausage',
    'candle', 'crayon', 'marker', 'brush', 'dowel', 'pole', 'spring', 'lead', 'fiber', 'fibre',
    'yarn', 'tail', 'trunk', 'limb', 'spoke', 'pin', 'wick', 'carrot', 'cucumber', 'banana',
    'zucchini', 'baguette', 'cigar', 'pipe', 'tubing', 'hosepipe', 'cane', 'wand', 'baton'))
FLAT_OBJECTS = frozenset((
    # breads, cakes and cuts that lie flat
    'sandwich', 'slice', 'steak', 'burger', 'patty', 'pancake', 'crepe', 'tortilla', 'wrap',
    'flatbread', 'naan', 'pita', 'pitta', 'chapati', 'roti', 'pizza', 'omelette', 'omelet',
    'waffle', 'wafer', 'cracker', 'cookie', 'biscuit', 'toast', 'rasher', 'fillet', 'cutlet',
    'escalope', 'flapjack', 'brownie',
    # soft things that pad or fill
    'pillow', 'cushion', 'mattress', 'topper', 'futon', 'quilt', 'duvet', 'comforter',
    'blanket', 'bolster', 'beanbag', 'pad', 'padding', 'wadding', 'stuffing', 'filling',
    'lining', 'foam', 'sponge', 'insole', 'towel', 'rug', 'carpet', 'mat', 'doormat',
    # books, cases and sheets
    'book', 'notebook', 'booklet', 'diary', 'binder', 'magazine', 'folder', 'envelope',
    'wallet', 'phone', 'tablet', 'laptop', 'sheet', 'board', 'plank', 'slab', 'panel', 'plate',
    'tile', 'disc', 'disk', 'coin', 'sole',
    # rings and seals
    'ring', 'o-ring', 'washer', 'gasket', 'seal', 'tyre', 'tire'))

# Parts that cover or fill a thing: always some thing's, so any word before one in a compound
# names its owner ("the splint padding", "the tree bark", "the hard hat shell").
COVERINGS = frozenset(('padding', 'lining', 'casing', 'shell', 'skin', 'peel', 'rind', 'bark',
                       'interior', 'insulation', 'jacket', 'crust'))
# Nouns for parts of objects: at the end of a compound they name the part and the words before
# them the object ("knife blade", "stool legs", "connector pins").
PART_NOUNS = frozenset((
    'handle', 'handles', 'lid', 'lids', 'cap', 'caps', 'spout', 'blade', 'blades', 'sole',
    'soles', 'leg', 'legs', 'pin', 'pins', 'stud', 'studs', 'base', 'pedestal', 'plinth', 'rim',
    'handlebar', 'handlebars', 'nib', 'nibs',
    'neck', 'leaves', 'leaf', 'stem',
    'stems', 'strap', 'straps', 'wheel', 'wheels', 'button', 'buttons', 'key', 'keys', 'screen',
    'lens', 'cord', 'tip', 'tips', 'edge', 'edges', 'bottom', 'top', 'arm', 'arms', 'armrests',
    'seat', 'knob', 'knobs', 'hinge', 'hinges', 'buckle', 'zipper', 'collar', 'sleeve',
    'sleeves', 'hood', 'cuffs', 'laces', 'heel', 'heels', 'toe', 'brim', 'band', 'frame',
    'shade', 'bulb', 'bulbs', 'bristles', 'teeth', 'prongs', 'tines', 'spokes', 'petals',
    'ears', 'tail', 'nose', 'roof', 'door', 'doors', 'window', 'windows', 'bumper', 'spoiler',
    'mirror', 'mirrors', 'grille', 'hull', 'mast', 'sail', 'label', 'nozzle', 'trigger',
    'head', 'heads', 'shaft', 'spine', 'housing', 'insulation', 'jacket', 'walls',
    'wall', 'mouth', 'lip', 'cork', 'stopper', 'plug', 'switch', 'dial', 'face', 'hands',
    'strings', 'keys', 'bezel', 'clasp', 'stand', 'feet', 'foot', 'paws', 'wings', 'fins',
    'nameplate', 'cushion', 'cushions', 'jaws', 'jaw', 'tread', 'treads', 'crust',
    'shank', 'shanks', 'spines', 'thorns', 'hilt', 'faceplate', 'stitching', 'tassel',
    'tassels', 'hem', 'lapels', 'field', 'horn', 'horns', 'beak', 'claw', 'claws', 'whiskers',
    'electrode', 'flange', 'tab', 'grip', 'bevel', 'corner', 'corners', 'hand', 'vane',
    'vanes', 'spike', 'spikes')) | COVERINGS
# Nouns that count or group the object rather than being part of it ("pair of jeans").
QUANTITY_NOUNS = frozenset(('pair', 'set', 'stack', 'pile', 'bunch', 'couple', 'row', 'roll',
                            'sheet', 'slice', 'piece', 'group', 'bundle', 'pack', 'box', 'bag'))

# Presence and count of parts. Words that say the part is not there (the part follows them, or
# comes before "is missing / gone / absent"), and those that say it is, used when no other
# difference word is found ("the mug with a handle", "which glass has a stem?").
ABSENT_WORDS = frozenset(('missing', 'lacks', 'lacking', 'lack', 'without', 'lost', 'absent',
                          'gone', 'removed', 'minus', 'sans'))
PRESENT_WORDS = frozenset(('has', 'have', 'had', 'having', 'with', 'got', 'features',
                           'featuring', 'includes', 'including', 'carries', 'present', 'sports',
                           'bears', 'shows', 'show', 'showing', 'displays', 'wearing',
                           'wears'))
# Words before "no" that make "no X" an absent part ("has no lid", "with no hood").
NO_PART_BEFORE = frozenset(('has', 'have', 'had', 'with', 'got', "'s", 'having', 'shows',
                            'show', 'showing', "there's", 'theres', 'are'))
# Words that count a part together with "more" / "fewer" ("two more holes", "an extra hole").
COUNT_WORDS = frozenset(('extra', 'additional'))


# Words whose sense the noun right after them decides ("a finer point" is sharper, "finer
# grain" smoother).
_HIGHLIGHTS = (frozenset(('highlights', 'highlight', 'reflections', 'reflection', 'glints')),
               Sense('glossiness', 1, True))
_BENDS = frozenset(('bend', 'bends', 'curve', 'curves', 'kink', 'kinks', 'turn', 'turns',
                    'crook', 'arc', 'curl', 'hook'))
# Things that cut or pierce: a dull one is blunt, not matte ("the blade is duller").
CUTTING_THINGS = frozenset(('edge', 'edges', 'blade', 'blades', 'tip', 'tips', 'point',
                            'points', 'knife', 'knives', 'chisel', 'chisels', 'saw', 'saws',
                            'scissors', 'shears', 'axe', 'razor', 'scalpel', 'needle', 'needles',
                            'nib', 'spike', 'spikes', 'teeth', 'cutter', 'cutters', 'bit', 'bits',
                            'drill', 'awl', 'pick', 'prongs', 'tines', 'thorn', 'thorns'))
# Fine things whose "finer" is thinner ("finer wire"), not smoother.
FINE_STRANDS = frozenset(('wire', 'wires', 'thread', 'threads', 'strand', 'strands',
                          'filament', 'filaments', 'hair', 'hairs', 'line', 'lines', 'yarn',
                          'fibre', 'fibres', 'fiber', 'fibers', 'mesh'))
# Nouns after a difference word that give it another sense, one or more (nouns, sense) each.
# Things that hold something, deep or shallow from rim to bottom ("the bowl is deeper").
VESSELS = frozenset(('bowl', 'bowls', 'dish', 'dishes', 'pot', 'pots', 'pan', 'pans', 'tray',
                     'trays', 'basin', 'basins', 'sink', 'drawer', 'drawers', 'bucket',
                     'buckets', 'tub', 'tubs', 'vessel', 'container', 'containers', 'crate',
                     'crates', 'bin', 'bins', 'basket', 'baskets', 'plate', 'plates', 'saucer',
                     'saucers', 'pool', 'pit', 'hole', 'groove', 'dent', 'well', 'box', 'boxes'))
SENSES_BY_NEXT_NOUN = {
    'finer': ((frozenset(('point', 'points', 'tip', 'tips', 'nib', 'edge', 'edges', 'end')),
               Sense('sharpness', 1, True)), (FINE_STRANDS, Sense('thickness', -1, True))),
    'duller': ((CUTTING_THINGS, Sense('sharpness', -1, True)),),
    **dict.fromkeys(('dull', 'dulled'), ((CUTTING_THINGS, Sense('sharpness', -1, False)),)),
    # "a deeper bowl": a vessel deeper from rim to bottom, taller in a photo ("a deeper red" and
    # "a deeper blue mug" stay darker)
    **dict.fromkeys(('deeper', 'deep'), ((VESSELS, Sense('height', 1, True)),)),
    # "brighter highlights": the highlights, not the object, are brighter: a glossier surface
    **dict.fromkeys(('brighter', 'crisper', 'clearer'), (_HIGHLIGHTS,)),
    # "a sharper bend": a bend that turns more, not a sharper edge
    'sharper': (_HIGHLIGHTS, (_BENDS, Sense('curvature', 1, True))),
}

# Forms whose usual meaning, when no attribute hint is given, is not their first listed sense.
_DEFAULT_ATTRIBUTE = {
    'smooth': 'texture', 'bumpy': 'texture', 'bumpier': 'texture', 'uneven': 'texture',
    'wrinkled': 'texture', 'spiky': 'texture', 'dull': 'texture', 'duller': 'texture',
}


def _build():
    lexicon: Dict[str, Tuple[Sense, ...]] = {}

    def add(form, sense):
        senses = lexicon.setdefault(form, ())
        if any(s.attribute == sense.attribute for s in senses):
            return
        if _DEFAULT_ATTRIBUTE.get(form) == sense.attribute:
            lexicon[form] = (sense,) + senses
        else:
            lexicon[form] = senses + (sense,)

    for table in (_COLOR_WORDS, _SHAPE_WORDS, _TEXTURE_WORDS):
        for bases, comparatives, axis, direction in table:
            for form in bases:
                add(form, Sense(axis, direction, False))
            for form in comparatives:
                add(form, Sense(axis, direction, True))
    for hue in HUES.values():
        for form in hue.words:
            add(form, Sense('hue', 1, False, hue.name))
        for form in hue.comparatives:
            add(form, Sense('hue', 1, True, hue.name))
    return lexicon


# Every known form -> its senses, the default (colour, then shape, then texture) first.
LEXICON: Dict[str, Tuple[Sense, ...]] = _build()

# The names the axes go by in commands and questions ("the one with more roughness").
for _name in AXES:
    if _name not in ('hue',) + PART_AXES and _name not in LEXICON:
        LEXICON[_name] = (Sense(_name, 1, False),)
LEXICON.setdefault('pointedness', (Sense('sharpness', 1, False),))
del _name


def senses_for(form: str) -> Tuple[Sense, ...]:
    """Return the senses of a lower-case word form, or () when it names no difference."""
    return LEXICON.get(form, ())


# Paraphrases of each axis and direction, beside the lexicon's own words, for the phrase-encoder
# fallback (``phrase_encoder``): phrases the rules do not read are mapped to the nearest of
# these and of the lexicon forms. No "more", "less" or negations: the parser applies those.
PARAPHRASES = {
    ('brightness', 1): ('lighter in colour', 'light toned', 'whiter looking', 'pale shade',
                        'shows every stain', 'easy to spot in the dark'),
    ('brightness', -1): ('deeper shade', 'darker tone', 'shadowed', 'blackened', 'dimly lit',
                         'vanishes into the shadows', 'hides dirt'),
    ('saturation', 1): ('colourful', 'strong colours', 'bold colour', 'vivid colour',
                        'eye-catching colour', 'loud colour', 'colour pops',
                        'fresh from the dye'),
    ('saturation', -1): ('washed out', 'faded colours', 'sun bleached', 'discoloured',
                         'greyed out', 'weak colour', 'left out in the sun all summer'),
    ('warmth', 1): ('warmer tones', 'orange tinted', 'warm tint', 'cosy colour',
                    'sunset tones'),
    ('warmth', -1): ('cooler tones', 'bluish cold tint', 'icy colour', 'wintry tone',
                     'chilly colour'),
    ('roundness', 1): ('circular', 'rounded edges', 'soft corners', 'curvy outline',
                       'rolls away easily', 'would roll down a slope'),
    ('roundness', -1): ('boxy', 'square corners', 'angular outline', 'hard edges',
                        'packs flush against a wall'),
    ('sharpness', 1): ('comes to a point', 'tapers to a point', 'pointy tip', 'spiky tip',
                       'cuts easily', 'pricks a finger', 'pierces cardboard',
                       'bites into wood'),
    ('sharpness', -1): ('rounded tip', 'blunt end', 'worn down tip', 'blunt blade',
                        'safe for a child'),
    ('curvature', 1): ('bends', 'bent', 'bowed', 'arched', 'warped', 'sagging'),
    ('curvature', -1): ('straight', 'flat and straight', 'unbent'),
    ('width', 1): ('broader', 'wider across', 'fatter', 'spans the wall side to side'),
    ('width', -1): ('narrower', 'thin across', 'slimmer', 'fits through a narrow slot'),
    ('length', 1): ('longer', 'stretched out', 'extends further', 'reaches further'),
    ('length', -1): ('shorter', 'cut short', 'truncated'),
    ('height', 1): ('taller', 'stands higher', 'rises higher', 'lofty',
                    'would hit the ceiling'),
    ('height', -1): ('squashed', 'flattened down', 'sits lower', 'stumpy', 'low and wide',
                     'fits under the counter'),
    ('size', 1): ('bigger', 'larger overall', 'takes up a lot of space', 'oversized',
                  'needs a bigger box'),
    ('size', -1): ('smaller', 'shrunken', 'tinier', 'undersized', 'easy to lose',
                   'fits in a pocket'),
    ('thickness', 1): ('thicker', 'chunkier', 'heavy gauge', 'beefier'),
    ('thickness', -1): ('thinner', 'flimsier', 'slender', 'threads through a small eye'),
    ('roughness', 1): ('rougher', 'textured', 'bumps and scratches', 'weathered surface',
                       'worn', 'scuffed', 'snags cloth', 'feels like sandpaper'),
    ('roughness', -1): ('smoother', 'even surface', 'silky finish', 'sanded',
                        'hand glides over it', 'smooth as glass'),
    ('glossiness', 1): ('shinier', 'reflects light', 'catches the light', 'lacquered finish',
                        'reflections', 'glints', 'shows fingerprints', 'throws glare',
                        'see your face in it', 'looks wet', 'freshly waxed'),
    ('glossiness', -1): ('matte', 'flat finish', 'dull finish', 'frosted', 'satin finish',
                         'glare-free finish'),
}


def prototype_phrases() -> Tuple[Tuple[str, str, int, Optional[str]], ...]:
    """
    Return (phrase, axis, direction, hue) for every prototype of the phrase encoder.

    The lexicon's forms in their default sense, each axis's poles and comparatives, and
    ``PARAPHRASES``; part axes have none (their cues are words the rules read).
    """
    entries: Dict[str, Tuple[str, int, Optional[str]]] = {}
    for form, senses in LEXICON.items():
        if senses[0].axis not in PART_AXES:
            entries.setdefault(form, (senses[0].axis, senses[0].direction, senses[0].hue))
    for axis in AXES.values():
        if axis.name in ('hue',) + PART_AXES:
            continue
        for direction in (1, -1):
            for phrase in axis.comparatives(direction) + axis.poles(direction)[:1]:
                entries.setdefault(phrase, (axis.name, direction, None))
    for (axis_name, direction), phrases in PARAPHRASES.items():
        for phrase in phrases:
            entries.setdefault(phrase, (axis_name, direction, None))
    return tuple((phrase,) + entries[phrase] for phrase in sorted(entries))

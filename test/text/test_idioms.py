# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Trade words and idioms: a machinist's, a joiner's, a lighting engineer's comparisons."""

import pytest

from subtle_diff_ros.core.errors import QueryParseError
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.text.idioms import read_idioms


def _claim(text):
    """Return (axis, direction of image 1 against image 2) of a statement."""
    query = parse_difference(text, fallback=False)
    return query.axis, query.direction if query.subject == 1 else -query.direction


@pytest.mark.parametrize('text, axis, direction', [
    ('The panel in image 1 has a higher colour temperature than in image 2.', 'warmth', -1),
    ('The lamp in image 2 has a lower CCT than the one in image 1.', 'warmth', -1),
    ('The bore in image 1 has a higher Ra than in image 2.', 'roughness', 1),
    ('The shaft in image 2 shows lower Ra than image 1.', 'roughness', 1),
    ('The sheet in image 1 is a heavier gauge than in image 2.', 'thickness', 1),
    ('The sheet in image 1 is a lighter gauge than in image 2.', 'thickness', -1),
    ('The rail in image 1 is more out of true than in image 2.', 'curvature', 1),
    ('The shaft in image 1 runs truer than in image 2.', 'curvature', -1),
    ('The housing in image 1 has softer corners than in image 2.', 'roundness', 1),
    ('The bracket in image 2 has a bigger radius on its corners than image 1.', 'roundness', -1),
    ('The lid in image 1 has crisper corners than in image 2.', 'roundness', -1),
    ('The paint in image 1 has a flatter finish than in image 2.', 'glossiness', -1),
    ('The face in image 1 shows more tool marks than in image 2.', 'roughness', 1),
    ('The boot in image 2 is a size up from image 1.', 'size', -1),
    ('The blade in image 1 is duller than in image 2.', 'sharpness', -1),
    ('The wire in image 2 is finer than in image 1.', 'thickness', 1),
    ('The board in image 1 is more cupped than in image 2.', 'curvature', 1),
    ('The edge in image 1 is more radiused than in image 2.', 'roundness', 1),
    ('The hull in image 2 is beamier than in image 1.', 'width', -1),
    ('The burr in image 1 is more mushroomed than in image 2.', 'sharpness', -1),
    ('The face in image 1 is more burred than in image 2.', 'roughness', 1),
    ('The face in image 2 is lapped, unlike image 1.', 'roughness', 1),
    ('The wall in image 1 is dingier than in image 2.', 'brightness', -1),
    ('The oak in image 2 is blonder than in image 1.', 'brightness', -1),
    ('The car in image 1 is slammed compared to image 2.', 'height', -1),
    ('The bracket in image 2 is flimsier than in image 1.', 'thickness', 1),
])
def test_trade_words_and_idioms(text, axis, direction):
    """Trade words read as the axis a tradesperson means by them, in the right direction."""
    assert _claim(text) == (axis, direction)


@pytest.mark.parametrize('text, axis, direction', [
    ('The gear in image 1 has one more tooth than in image 2.', 'count', 1),
    ('The mug in image 1 is duller than in image 2.', 'glossiness', -1),
    ('The lamp in image 1 is higher than in image 2.', 'height', 1),
])
def test_words_near_an_idiom_keep_their_plain_sense(text, axis, direction):
    """A gear's extra tooth is counted, a mug's dullness is its finish, a higher lamp is taller."""
    assert read_idioms(text) == text
    assert _claim(text) == (axis, direction)


@pytest.mark.parametrize('text, axis, direction', [
    ('The loaf in image 1 has less rise than the loaf in image 2.', 'height', -1),
    ("the bread in pic 1 didn't rise as much as pic 2", 'height', -1),
    ('the cake in pic 1 didnt get as tall as pic 2', 'height', -1),
    ('In image 1 the cyan patch prints with more chroma than in image 2.', 'saturation', 1),
])
def test_a_bakers_rise_and_a_printers_chroma(text, axis, direction):
    """Less rise is a lower loaf; more chroma is more saturated; a negated rise is not as tall."""
    assert _claim(text) == (axis, direction)


def test_a_rise_in_a_measure_stays_an_amount():
    """A rise in saturation is more of it, not a taller object."""
    assert _claim('The panel in image 1 shows a rise in saturation over image 2.') == \
        ('saturation', 1)


def test_made_up_words_near_rare_forms_are_not_read():
    """A nonsense "-ier" word two letters from a rare comparative is not read as it."""
    with pytest.raises(QueryParseError):
        parse_difference('the blorpier one', fallback=False)

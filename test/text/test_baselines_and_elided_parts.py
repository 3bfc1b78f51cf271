# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
An image named as the baseline, parts said once, dashes, participles before a colour, repairs.

"Taking image 1 as the baseline, image 2 is bigger" compares image 2 with image 1; "the mug
with a lid, not the one without" wants the lid; "the more faded red mug" is the less saturated
one, not the redder; a dash ends a phrase as a comma does.
"""

import pytest

from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.evaluation.phrasing import claim
from subtle_diff_ros.text import parse_difference


def _read(text):
    """Return the query the rules read, the encoder switched off."""
    return parse_difference(text, fallback=False)


@pytest.mark.parametrize('text, axis, image_with_more', [
    ('Taking image 1 as the baseline, the image 2 pomegranate is bigger.', 'size', 2),
    ('Using image 2 as reference, the cup in image 1 is glossier', 'glossiness', 1),
    ('If we take image 2 as the baseline, image 1 looks darker', 'brightness', 2),
    ('Image 1 as the baseline: image 2 is rounder', 'roundness', 2),
    ('treating image 2 as the standard, the mug in image 1 is more matte', 'glossiness', 2),
    ('the cup in image 1 is darker, using image 2 as the reference', 'brightness', 2),
    ('With image 1 as the reference, image 2 is darker', 'brightness', 1),
])
def test_the_image_named_as_the_baseline_is_compared_against(text, axis, image_with_more):
    query = _read(text)
    assert query.axis == axis
    assert claim(query.direction, query.subject) == (1 if image_with_more == 1 else -1)


@pytest.mark.parametrize('text, part', [
    ('the car with wheels, not the one without', 'wheels'),
    ('bring the mug with a lid, not the one without', 'lid'),
    ('give me the one with a handle, not the one without one', 'handle'),
    ('the car with black wheels, not the one without', 'wheels'),
])
def test_a_part_said_once_with_with_and_left_out_after_without(text, part):
    query = _read(text)
    assert (query.axis, query.direction, query.subject, query.part) == (
        'presence', 1, ASKED, part)


@pytest.mark.parametrize('text, direction', [
    ('take the matte one, not the shinier', -1),
    ("take the matte one, not the one that's shinier", -1),
    ('bring the glossy one, not the matte one', 1),
])
def test_not_the_other_one_is_turned_down_once(text, direction):
    assert (_read(text).axis, _read(text).direction) == ('glossiness', direction)


@pytest.mark.parametrize('text', [
    "Image 1 has white racing stripes; image 2 doesn't.",
    'Image 1 has red racing stripes and image 2 does not',
    'Image 1 has white racing stripes, image 2 has none.',
])
def test_a_coloured_part_named_with_an_ing_word_is_there_or_not(text):
    query = _read(text)
    assert (query.axis, query.direction, query.subject, query.part) == (
        'presence', 1, 1, 'racing stripes')


@pytest.mark.parametrize('text, axis, direction', [
    ('Bring me the more polished brass bell', 'glossiness', 1),
    ('the more polished copper kettle', 'glossiness', 1),
    ('the more faded red mug', 'saturation', -1),
    ('Pick the more faded yellow car.', 'saturation', -1),
])
def test_a_participle_after_more_is_the_difference_not_the_colour(text, axis, direction):
    query = _read(text)
    assert (query.axis, query.direction) == (axis, direction)


@pytest.mark.parametrize('text', [
    'the bulb on the left gives the warmer white \u2014 swap that one into the display',
    'the bulb on the left gives the warmer white - put that one in',
    'the bulb on the left gives the warmer white \u2013 swap that one in',
])
def test_a_dash_ends_the_phrase_of_the_part(text):
    query = _read(text)
    assert (query.axis, query.direction, query.subject, query.part) == ('warmth', 1, 1, None)


def test_a_repair_that_says_the_other_way_round_and_then_restates():
    query = _read('img 2 sleeping bag is thicker than img 1 \u2014 no wait, other way round, '
                  'img 2 is the thinner one, gonna freeze')
    assert (query.axis, claim(query.direction, query.subject)) == ('thickness', 1)


@pytest.mark.parametrize('text, part', [
    ('the watch hand in image 1 is more bent than image 2', 'hand'),
    ('the durian spikes in pic 2 are sharper than pic 1', 'spikes'),
    ('the kettle lid in image 2 is darker', 'lid'),
    ('the pin cushion in image 2 is rounder', None),
    ('the cheese wheel in image 2 is rounder', None),
    ('The weld bead in image 2 is rougher than in image 1', None),
])
def test_compound_nouns_name_a_part_only_where_the_head_is_one(text, part):
    assert _read(text).part == part


@pytest.mark.parametrize('text', [
    'Image 1 is darker than image 2, no wait, image 2 is darker',
    'Image 1 is darker than image 2, sorry, image 2 is darker',
    'image 1 is darker, I mean image 2 is darker',
    'the first is darker, no wait, the second is darker',
    'image 1 is darker. No wait, image 2 is the darker one.',
])
def test_a_claim_said_again_of_the_other_image_after_a_repair(text):
    query = _read(text)
    assert (query.axis, claim(query.direction, query.subject)) == ('brightness', 1)


@pytest.mark.parametrize('text, axis', [
    ('the souffle in image 1 is shorter than in image 2, it collapsed', 'height'),
    ('the loaf in pic 2 came out shorter, it never rose', 'height'),
    ('the rope in image 2 is shorter', 'length'),
])
def test_shorter_is_height_for_a_thing_that_rose_or_sank(text, axis):
    assert _read(text).axis == axis

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Commands that rule one candidate out in plain words, side remarks, repairs, coming behind.

"The taller one is mine, give me the other" wants the shorter one; "After the longer meeting,
bring me the lighter-coloured cup" asks by colour; "the lamp on the left - actually no, the one
on the right" is the right one; "image 1 loses to image 2 in gloss" is the less glossy one;
"Maria says the right one is darker, but she's wrong" says the right one is lighter.
"""

import pytest

from subtle_diff_ros.core.errors import UnanswerableQueryError
from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.evaluation.phrasing import claim
from subtle_diff_ros.text import parse_difference


def _read(text):
    """Return the query the rules read, the encoder switched off."""
    return parse_difference(text, fallback=False)


@pytest.mark.parametrize('text, axis, direction', [
    ('The taller one is mine, give me the other', 'height', -1),
    ('The wider box is broken, so bring the other box', 'width', -1),
    ('keep the glossier mug on the shelf and bring me the other', 'glossiness', -1),
    ("The smaller cup is dirty; I'll take the remaining one", 'size', 1),
    ('Move the taller bottle out of the way and grab the other one', 'height', -1),
    ('Which is glossier? Give me the other one.', 'glossiness', -1),
    # turned down once, not twice
    ('Leave the shinier one and bring the other', 'glossiness', -1),
    ('Not the blunter pencil, give me the other one.', 'sharpness', 1),
    ('The darker mug? No, leave it, bring me the other one.', 'brightness', 1),
])
def test_a_candidate_ruled_out_in_plain_words_then_the_other_asked_for(text, axis, direction):
    query = _read(text)
    assert (query.axis, query.direction, query.subject) == (axis, direction, ASKED)


@pytest.mark.parametrize('text, axis, direction', [
    ('After the longer meeting, bring me the lighter-coloured cup', 'brightness', 1),
    ('My sister has a darker mug at home, but here I want the glossier one', 'glossiness', 1),
    # the command names no thing of its own: the difference before it stays
    ('Grab the thinner wire, we need it for the small connector.', 'thickness', -1),
])
def test_a_difference_in_a_side_clause_before_the_command_is_not_the_request(text, axis,
                                                                             direction):
    query = _read(text)
    assert (query.axis, query.direction) == (axis, direction)


@pytest.mark.parametrize('text, axis, image_with_more', [
    ("For the photo studio, the lamp on the left \u2014 actually no, the one on the right, it's "
     'the cooler-toned one.', 'warmth', 1),
    ('Hand me the soap on the left \u2014 sorry, no, the right one, the squarer one.',
     'roundness', 1),
    ('the onion in pic 2 is rounder. sorry i mean pic 1. pic 1 is rounder lol', 'roundness', 1),
    ('Grab me the darker flask, no, hang on, I meant the lighter one, on the right.',
     'brightness', 2),
])
def test_a_repaired_position_or_claim_is_read_as_said_last(text, axis, image_with_more):
    query = _read(text)
    assert query.axis == axis
    assert claim(query.direction, query.subject) == (1 if image_with_more == 1 else -1)


@pytest.mark.parametrize('text, axis', [
    ('image 1 loses to image 2 in gloss', 'glossiness'),
    ("image 1 can't hold a candle to image 2 when it comes to shine", 'glossiness'),
    ('image 1 falls short of image 2 in width', 'width'),
    ('image 1 pales in comparison to image 2 in gloss', 'glossiness'),
    ('The hose in image 1 falls short of the hose in image 2 in length.', 'length'),
])
def test_coming_behind_the_other_in_a_named_quality_is_less_of_it(text, axis):
    query = _read(text)
    assert (query.axis, claim(query.direction, query.subject)) == (axis, -1)


@pytest.mark.parametrize('text, direction', [
    ('image 2 is not much darker than image 1', -1),
    ("image 2 isn't a lot darker than image 1", -1),
    ('image 2 is not any darker than image 1', 1),
    ('image 2 is not darker than image 1', 1),
])
def test_not_much_darker_is_darker_by_a_little(text, direction):
    query = _read(text)
    assert (query.axis, query.direction, query.subject) == ('brightness', direction, 2)


@pytest.mark.parametrize('text, image_with_more', [
    ("Maria says the right one is darker, but she's wrong", 1),
    ('The last shift thought image 2 was darker, though they were mistaken', 1),
    ("I used to think image 1 was darker, but now I see it isn't", 2),
    ('Maria says the right one is darker and she is right', 2),
])
def test_a_reported_claim_denied_by_the_speaker_is_turned_round(text, image_with_more):
    query = _read(text)
    assert query.axis == 'brightness'
    # the image with more darkness: claim -1 means image 1 is the lighter one
    assert claim(query.direction, query.subject) == (-1 if image_with_more == 1 else 1)


@pytest.mark.parametrize('text', [
    "Oh sure, image 1 is SO much darker (it isn't)",
    'Yeah right, like the left one is rounder',
])
def test_a_mocked_claim_is_refused(text):
    with pytest.raises(UnanswerableQueryError, match='takes back what it says'):
        _read(text)


@pytest.mark.parametrize('text, axis, direction', [
    ('not the one without a lid', 'presence', 1),
    ('pass on the wider jar', 'width', -1),
    ('not that darker mug, the other', 'brightness', 1),
    ('not those glossier ones', 'glossiness', -1),
    ("the one that's not that dark", 'brightness', 1),
])
def test_a_thing_turned_down_by_not_or_pass_on(text, axis, direction):
    query = _read(text)
    assert (query.axis, query.direction, query.subject) == (axis, direction, ASKED)


@pytest.mark.parametrize('text, axis, rank', [
    ('the second from the darkest', 'brightness', 2),
    ('bring the third from the most glossy', 'glossiness', 3),
    ('the biggest bowl after the biggest', 'size', 2),
    ('bring me the one right after the glossiest', 'glossiness', 2),
    ('the second darkest', 'brightness', 2),
])
def test_a_place_counted_from_the_most(text, axis, rank):
    query = _read(text)
    assert (query.axis, query.rank, query.subject) == (axis, rank, ASKED)

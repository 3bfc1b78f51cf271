# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A command's place in the order of its axis, and the candidates it rules out."""

import pytest

from subtle_diff_ros.core.errors import UnanswerableQueryError
from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.text import parse_difference


def _reading(text):
    query = parse_difference(text, fallback=False)
    return query.axis, query.direction, query.subject, query.rank, query.excluded


@pytest.mark.parametrize('text, axis, direction, rank', [
    ('fetch the second-brightest lamp shade', 'brightness', 1, 2),
    ('Hand me the 2nd darkest, no, the 3rd largest crate', 'size', 1, 3),
    ('I need the third shiniest spoon', 'glossiness', 1, 3),
    ('pick up the 3rd-smallest washer please', 'size', -1, 3),
    ('the fifth roundest pebble', 'roundness', 1, 5),
    ('choose the second most glossy tile', 'glossiness', 1, 2),
    ('grab the second-least shiny kettle', 'glossiness', -1, 2),
    ('the 4th tallest bottle', 'height', 1, 4),
    ('give me the lightest but one', 'brightness', 1, 2),
    ('take the widest plank bar two', 'width', 1, 3),
    ('the next-to-darkest jar', 'brightness', -1, 2),
    ('now the next lightest one after the lightest', 'brightness', 1, 2),
])
def test_an_order_before_a_superlative_is_a_place_of_a_command(text, axis, direction, rank):
    """Second, 2nd, third, "but one", "next": a place in the order, about no image."""
    assert _reading(text) == (axis, direction, ASKED, rank, ())


@pytest.mark.parametrize('text, obj', [
    ('the third glossiest saucer', 'saucer'),
    ('the fourth roundest', None),
    ('bring the fourth biggest box', 'box'),
])
def test_an_order_word_is_no_object(text, obj):
    """An order word ("third") says which place, not what thing."""
    assert parse_difference(text, fallback=False).object == obj


@pytest.mark.parametrize('text, rank', [
    ('the middle one of the three by darkness', 2),
    ('bring me the middle bowl out of five in terms of size', 3),
    ('neither the glossiest nor the most matte of the three', 2),
])
def test_the_middle_one_of_a_number_said_is_its_middle_place(text, rank):
    """Of three the middle is the second, of five the third, either way round."""
    assert parse_difference(text, fallback=False).rank == rank


@pytest.mark.parametrize('text, words', [
    ('give me the middle one by brightness', 'not of how many'),
    ('the jug in the middle in terms of gloss', 'not of how many'),
    ('neither the darkest nor the lightest mug', 'not of how many'),
    ('the middle one of the four by size', 'of 4, which has none'),
    ('the penultimate glossiest', 'counts from the end'),
    ('the second to last darkest cup', 'counts from the end'),
    ('The mug in image 1 is the second darkest', 'says it of image 1'),
])
def test_a_place_that_cannot_be_told_is_refused(text, words):
    """The middle of an unknown or even number, a place from the end, a place of an image."""
    with pytest.raises(UnanswerableQueryError, match=words):
        parse_difference(text, fallback=False)


@pytest.mark.parametrize('text, axis, direction, excluded', [
    ('the glossiest bowl except the first one', 'glossiness', 1, (1,)),
    ('bring me the darkest mug, but not image 2', 'brightness', -1, (2,)),
    ('the roundest one other than the left one', 'roundness', 1, (1,)),
    ('the biggest parcel apart from the second', 'size', 1, (2,)),
    ('pick the lightest tile, not the first', 'brightness', 1, (1,)),
    ('the shinier spoon rather than the one on the left', 'glossiness', 1, (1,)),
    ('the smallest screw excluding image 1 and the third one', 'size', -1, (1, 3)),
    ('the tallest vase that is not image 3 please', 'height', 1, (3,)),
])
def test_a_candidate_named_after_a_superlative_is_ruled_out(text, axis, direction, excluded):
    """After "except", "but not", "other than", "apart from", a bare "not": ruled out."""
    assert _reading(text) == (axis, direction, ASKED, 1, excluded)


@pytest.mark.parametrize('text, axis, direction, excluded', [
    ('get me a bowl that is rounder than the first one', 'roundness', 1, (1,)),
    ("fetch the one that's glossier than image 2", 'glossiness', 1, (2,)),
    ("I'd like a bigger crate than the left one", 'size', 1, (1,)),
    ('could you bring the mug darker than the one in image 2', 'brightness', -1, (2,)),
    ('the jar that is lighter than the third one', 'brightness', 1, (3,)),
    ('hand me one less shiny than the second', 'glossiness', -1, (2,)),
])
def test_a_command_compared_with_a_candidate_rules_it_out(text, axis, direction, excluded):
    """The one wanted is another than the one it is compared with, about no image."""
    assert _reading(text) == (axis, direction, ASKED, 1, excluded)


def test_a_combined_place_and_exclusion():
    """A place and a candidate ruled out: "the second darkest except image 4"."""
    assert _reading('grab the 2nd darkest cup except image 4') == \
        ('brightness', -1, ASKED, 2, (4,))


def test_a_candidate_counted_from_the_end_is_refused_when_ruled_out():
    """A candidate counted from the end ("the right one") is 2 of two, 3 of three: refused."""
    with pytest.raises(UnanswerableQueryError, match='depends on how many'):
        parse_difference('the darkest cup, not the right one', fallback=False)


@pytest.mark.parametrize('text, axis, direction, subject', [
    ('The cup in image 2 is darker than in image 1', 'brightness', -1, 2),
    ('Image 1 is glossier than the second one', 'glossiness', 1, 1),
    ('compared with the first, the second is rounder', 'roundness', 1, 2),
    ('The mug is darker than the first.', 'brightness', -1, 2),
    ('Image 2 is darker, not image 1', 'brightness', -1, 2),
    ('No, not that one, the darker cup', 'brightness', -1, ASKED),
    ('not the darker one', 'brightness', 1, ASKED),
    ("Don't grab the one on the left, it's darker", 'brightness', 1, ASKED),
    ('the middle cup is darker than the left one', 'brightness', -1, 2),
])
def test_statements_and_corrections_take_no_place_nor_exclusion(text, axis, direction, subject):
    """Statements about an image and corrections are read as they were, with neither."""
    assert _reading(text) == (axis, direction, subject, 1, ())

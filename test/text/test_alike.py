# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Texts that say the images are alike are refused; "not as", "twice as", "nearly as" compare."""

import pytest

from subtle_diff_ros.core.errors import QueryParseError
from subtle_diff_ros.text import parse_difference


@pytest.mark.parametrize('text, axis', [
    ('The bowl in image 1 is as dark as in image 2.', 'brightness'),
    ('the jug in image 2 seems just as round as the other', 'roundness'),
    ('both tiles are equally glossy', 'glossiness'),
    ('the lid in image 1 is similar in roundness', 'roundness'),
    ('neither vase is shinier', 'glossiness'),
    ('none of the mugs is bigger', 'size'),
])
def test_alike_statements_are_refused_naming_the_axis(text, axis):
    """A text that claims no difference gets an error, not a confident choice."""
    with pytest.raises(QueryParseError, match=f'alike in {axis}'):
        parse_difference(text, fallback=False)


@pytest.mark.parametrize('text, subject, axis, direction', [
    ('the bowl in image 1 is not as dark as in image 2', 1, 'brightness', 1),
    ("the vase in image 2 doesn't look as shiny", 2, 'glossiness', -1),
    ('image 1 is twice as big as image 2', 1, 'size', 1),
    ('the jug in image 2 is not nearly as shiny as in image 1', 2, 'glossiness', -1),
    ('the lid in image 1 is nearly as round as in image 2', 1, 'roundness', -1),
    ('image 1 is half as tall as image 2', 1, 'height', -1),
    ("image 1 isn't any darker than image 2", 1, 'brightness', 1),
    ('both tiles are glossy but the left one is glossier', 1, 'glossiness', 1),
    ('the bowl in image 1 is as dark as in image 2 but rounder', 1, 'roundness', 1),
])
def test_comparisons_with_as_and_negations_keep_their_direction(text, subject, axis, direction):
    """Negated, multiplied and "nearly" forms of "as X as" say which image has more."""
    query = parse_difference(text, fallback=False)
    assert (query.subject, query.axis, query.direction) == (subject, axis, direction)


def test_not_the_darker_one_asks_for_the_lighter_one():
    """A negation before "the X-er one" turns the command around."""
    query = parse_difference("it's not the darker one", fallback=False)
    assert (query.axis, query.direction) == ('brightness', 1)


@pytest.mark.parametrize('text', ['both are darker', 'both cups look rounder than I expected',
                                  'both mugs r shinier'])
def test_a_difference_said_of_both_images_is_refused(text):
    """A difference said of both ("both are darker") picks neither: an error, no choice."""
    with pytest.raises(QueryParseError, match='says it of both images'):
        parse_difference(text, fallback=False)


@pytest.mark.parametrize('text, subject, direction', [
    ('which of both is darker?', 'asked', -1),
    ('of both cups, bring me the darker one', 'asked', -1),
    ('both images show a cup, the one in image 1 is darker', 1, -1),
    ('both are nice but the left one is darker', 1, -1),
])
def test_both_naming_the_pair_chosen_from_still_compares(text, subject, direction):
    """A "both" naming the pair to choose from, or in another clause, leaves the comparison."""
    query = parse_difference(text, fallback=False)
    assert (query.subject, query.axis, query.direction) == (subject, 'brightness', direction)

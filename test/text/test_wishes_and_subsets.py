# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Negations after a modal, wishes and needs, the candidates a command chooses among, amounts.

"Won't be as long as" is shorter; "the cup that needs to be darker" is the lighter one; "the
darker of cups 3 and 4" chooses between those two only; "the darkest other than the darkest"
is the second darkest; "1e999% darker" and "minus two shades darker" are no amounts.
"""

import pytest

from subtle_diff_ros.core.decide import decide
from subtle_diff_ros.core.errors import SubtleDiffError, UnanswerableQueryError
from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.text import parse_difference


def _read(text):
    """Return the query the rules read, the encoder switched off."""
    return parse_difference(text, fallback=False)


@pytest.mark.parametrize('text, direction', [
    ('The hose in image 1 would not be as long as the hose in image 2.', -1),
    ("The hose in image 1 won't be as long as the hose in image 2.", -1),
    ('The hose in image 1 wouldnt be as long as the hose in image 2.', -1),
    ('the knife in image 2 might not be as sharp as the one in image 1', -1),
    ('the knife in image 2 would never be as sharp as the one in image 1', -1),
    ('the pic 2 tiles wouldnt be glossy in a photo', -1),
    ("the mug in image 1 hasn't been as glossy since the dishwasher", -1),
    ("the knife in image 2 couldn't be sharper", 1),
    ('the mug in image 1 has been glossier', 1),
])
def test_a_negation_before_a_modal_be_turns_the_comparison(text, direction):
    assert _read(text).direction == direction


@pytest.mark.parametrize('text, direction, subject', [
    ('bring the cup that needs to be darker', 1, ASKED),
    ('the mug that needs to be a bit glossier', -1, ASKED),
    ('If image 1 were darker, it would match image 2', 1, 1),
    ('I wish image 1 were darker', 1, 1),
    ('Image 1 needs to be darker to match image 2', 1, 1),
    ('Image 1 has to be made darker', 1, 1),
    ('image 1 could stand to be darker', 1, 1),
    ('the cup that is not yet as dark as the other', 1, ASKED),
    # controls: a plain statement, a guess with "must"
    ('image 1 is darker than image 2', -1, 1),
    ('the cup in image 1 must be darker', -1, 1),
])
def test_a_wish_or_a_need_says_the_thing_lacks_it_now(text, direction, subject):
    query = _read(text)
    assert (query.axis, query.direction, query.subject) == ('brightness' if 'dark' in text
                                                            else 'glossiness', direction, subject)


@pytest.mark.parametrize('text', ['Image 1 should be darker than image 2',
                                  'the cup which ought to be darker'])
def test_what_a_thing_should_be_is_refused(text):
    with pytest.raises(UnanswerableQueryError, match='should be'):
        _read(text)


@pytest.mark.parametrize('text, only', [
    ('the darker of cups 3 and 4', (3, 4)),
    ('of the first and third cups, the darker', (1, 3)),
    ('between the third and fourth cup, pick the darker', (3, 4)),
    ('compare the first and the fourth cup and give me the darker', (1, 4)),
    ('of images 1, 2 and 4, the glossiest', (1, 2, 4)),
    ('the darker of the first two', (1, 2)),
    ('the darker of the two', ()),
])
def test_a_command_chooses_among_the_candidates_it_names(text, only):
    query = _read(text)
    assert (query.subject, query.only, query.excluded) == (ASKED, only, ())


def test_the_candidates_named_choose_the_answer():
    # four cups, the second darkest of all: "the darker of cups 3 and 4" is cup 3
    darkness = [0.0, 3.0, 2.0, 1.0]
    assert decide(darkness, ASKED, only=_read('the darker of cups 3 and 4').only)[0] == 2
    assert decide(darkness, ASKED)[0] == 1
    with pytest.raises(SubtleDiffError, match='only 4 candidates'):
        decide(darkness, ASKED, only=(4, 5))


def test_a_statement_about_a_named_image_is_no_subset():
    query = _read('Of images 1 and 2, image 2 is darker')
    assert (query.subject, query.only, query.direction) == (2, (), -1)


def test_the_last_ones_are_refused_as_their_numbers_depend_on_how_many():
    with pytest.raises(UnanswerableQueryError, match='counted from the end'):
        _read('which of the last two is darker')


@pytest.mark.parametrize('text, rank, excluded', [
    ('the darkest cup other than the darkest', 2, ()),
    ('the glossiest mug except the glossiest one', 2, ()),
    ('the darkest cup, but not cup two', 1, (2,)),
    ('any but the second: the darkest', 1, (2,)),
])
def test_exclusions_a_command_says_in_other_words(text, rank, excluded):
    query = _read(text)
    assert (query.rank, query.excluded, query.direction) == (rank, excluded, query.direction)
    assert query.subject == ASKED
    assert query.direction == (-1 if 'dark' in text else 1)


@pytest.mark.parametrize('text', ['image 1 is 1e999% darker than image 2',
                                  'image 1 is minus two shades darker than image 2'])
def test_amounts_that_are_none_are_refused(text):
    with pytest.raises(UnanswerableQueryError, match='amount'):
        _read(text)


@pytest.mark.parametrize('text, excluded', [
    ('the glossiest except 2', (2,)),
    ('the roundest bowl except bowls 1 and 4', (1, 4)),
    ('the tallest vase, skip the second one', (2,)),
    ('leave out the third and bring the tallest vase', (3,)),
    ("the tallest, but don't bring 1", (1,)),
    ('the tallest vase without vase 3', (3,)),
    ('the tallest except the first and fourth', (1, 4)),
])
def test_candidates_ruled_out_by_number_or_by_a_verb(text, excluded):
    query = _read(text)
    assert (query.subject, query.excluded, query.rank) == (ASKED, excluded, 1)
    assert query.direction == 1


@pytest.mark.parametrize('text, only', [
    ('the tallest of vases 2 to 5', (2, 3, 4, 5)),
    ('the glossier of bowl two and bowl three', (2, 3)),
])
def test_ranges_and_spelled_numbers_name_the_candidates(text, only):
    assert _read(text).only == only


def test_a_pronoun_statement_after_a_turned_down_image_asks_for_the_other():
    query = _read("Don't take the one on the left, it's glossier.")
    assert (query.subject, query.excluded, query.direction) == (ASKED, (), -1)


@pytest.mark.parametrize('text, direction', [
    ('the glossier bowl, image 2 is out of focus', 1),
    ('pick the taller vase (photo 1 was taken yesterday)', 1),
    ('the rounder plate; the second one has a chip', 1),
])
def test_a_remark_about_an_image_beside_a_command_leaves_it_a_command(text, direction):
    query = _read(text)
    assert (query.subject, query.direction) == (ASKED, direction)


def test_a_bare_image_after_the_command_still_names_it():
    assert _read('the glossier bowl, image 2').subject == 2


@pytest.mark.parametrize('text, axis, direction', [
    ('the chisel that needs sharpening', 'sharpness', -1),
    ('the bowl that could use a polish', 'glossiness', -1),
    ('the chisel that needs no sharpening', 'sharpness', 1),
    ('Image 1 needs to get glossier', 'glossiness', -1),
    ('the chisel that could be sharper', 'sharpness', -1),
    ("the chisel that couldn't be any sharper", 'sharpness', 1),
    # what it needs is bigger: no lack
    ('the plant in image 2 would need a bigger pot than the one in image 1', 'size', 1),
])
def test_what_a_thing_needs_done_says_it_lacks_it(text, axis, direction):
    query = _read(text)
    assert (query.axis, query.direction) == (axis, direction)


@pytest.mark.parametrize('text', ['Image 1 should have been glossier than image 2',
                                  'the bowl that was supposed to be glossier'])
def test_what_a_thing_should_have_been_is_refused(text):
    with pytest.raises(UnanswerableQueryError, match='should be'):
        _read(text)


@pytest.mark.parametrize('text, axis, direction', [
    ('the panel in image 2 could do with being glossier', 'glossiness', -1),
    ('the tray in image 1 would want to be rounder to match image 2', 'roundness', -1),
    ('the banner that could do with more colour', 'saturation', -1),
    # a hyperbole: it is very light
    ("if image 2 were any lighter it'd be white", 'brightness', 1),
])
def test_could_do_with_and_would_want_to_be_say_it_lacks_it(text, axis, direction):
    query = _read(text)
    assert (query.axis, query.direction) == (axis, direction)


@pytest.mark.parametrize('text, direction', [
    ('the bowl in image 1 is far from rounder than the one in image 2', -1),
    ('the plate that is far from round', -1),
    ('the bowl that could hardly be rounder', 1),
    ('the bowl in image 1 is anything but rounder than the one in image 2', -1),
    ('the plate that looks anything but round', -1),
])
def test_far_from_anything_but_and_could_hardly_be(text, direction):
    query = _read(text)
    assert (query.axis, query.direction) == ('roundness', direction)

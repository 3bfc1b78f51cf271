# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Ordinal and positional references to the images ("the second one", "the left cup")."""

import pytest

from subtle_diff_ros.core.errors import QueryParseError, UnanswerableQueryError
from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.text.references import normalise_references


@pytest.mark.parametrize('text, subject, axis, direction', [
    ('The vase in the first photo is glossier than in the second.', 1, 'glossiness', 1),
    ('the 2nd one looks rougher', 2, 'roughness', 1),
    ('The latter tile is darker.', 2, 'brightness', -1),
    ('Of the two jugs, the former is taller.', 1, 'height', 1),
    ('the bowl on the right is rounder than the one on the left', 2, 'roundness', 1),
    ('Hand me the left spanner, it is longer.', 1, 'length', 1),
    ('right-hand lamp is warmer', 2, 'warmth', 1),
    ('Compared with the second picture, the first picture shows a paler plate.', 1,
     'saturation', -1),
    ('photo two: the kettle is smoother than in photo one', 2, 'roughness', -1),
    ('vs the left one, the right one is wider', 2, 'width', 1),
    ('img #1 looks brighter than img #2', 1, 'brightness', 1),
    ('the jug from the 2nd photo is lighter', 2, 'brightness', 1),
    ('The one from image 1 looks rougher.', 1, 'roughness', 1),
    ('the top picture shows a glossier tile', 1, 'glossiness', 1),
    ('the bottom one is narrower', 2, 'width', -1),
    ('the tray on the far left is shinier', 1, 'glossiness', 1),
    ('the spoon on your right looks greyer', 2, 'saturation', -1),
    ('the jar furthest to the right is taller', 2, 'height', 1),
    ('the left-most brush is coarser', 1, 'roughness', 1),
    ('the last one is paler', 2, 'saturation', -1),
    ('Photo B shows a rounder knob than photo A', 2, 'roundness', 1),
    ('the right 1 is rounder imo', 2, 'roundness', 1),
    ('the jug in iamge 2 is shinier', 2, 'glossiness', 1),
    ('the lamp in pciture 1 is rounder', 1, 'roundness', 1),
    ('the tin in foto 2 is larger', 2, 'size', 1),
])
def test_orders_and_positions_name_the_image(text, subject, axis, direction):
    """First, former, left mean Image 1; second, latter, right mean Image 2."""
    query = parse_difference(text, fallback=False)
    assert (query.subject, query.axis, query.direction) == (subject, axis, direction)


@pytest.mark.parametrize('text', [
    'First, pick the darker bowl.',
    'right now bring me the glossier jar',
    'the right answer is the rounder lid',
])
def test_first_and_right_as_ordinary_words_leave_commands_asked(text):
    """Sentence-initial "first"/"right" that point at no image leave a command asked."""
    assert parse_difference(text, fallback=False).subject == ASKED


def test_image_n_spellings_still_normalise():
    """The "Image N" fixes of the annotations keep working beside the new references."""
    assert normalise_references('The pan in Imag 2e is darker than in  1.') == \
        'The pan in image 2 is darker than in image 1.'
    assert normalise_references('compared 2 pic 1, pic 2 is rounder') == \
        'compared to image 1, image 2 is rounder'


@pytest.mark.parametrize('text, subject', [
    ('The plate is different from image 2: it is darker.', 1),
    ('Going from image 1 to image 2, the plate gets darker.', 2),
])
def test_from_after_a_difference_is_still_a_comparison(text, subject):
    """Say "different from image 2" for a comparison; "the plate from image 2" is in it."""
    assert parse_difference(text, fallback=False).subject == subject


@pytest.mark.parametrize('text', [
    'the third one is darker',
    'the lamp in image 3 is warmer than in image 1',
    'the kettle in picture four looks glossier',
    'img5 is rounder',
])
def test_a_third_image_is_refused_naming_it(text):
    """A pair has images 1 and 2: a text about a third one is refused, not read as another."""
    with pytest.raises(QueryParseError, match='names image [3-9]'):
        parse_difference(text, fallback=False)


@pytest.mark.parametrize('text', [
    'The mug in image 0 is glossier than in image 2',
    'The mug in image 0 is glossier than in image 1',
])
def test_an_image_numbered_zero_is_refused(text):
    """Images are numbered from 1: "image 0" is refused, not read as a count of nothing."""
    with pytest.raises(UnanswerableQueryError, match='image 0'):
        parse_difference(text, fallback=False)


@pytest.mark.parametrize('text', [
    'the cup in image -1 is darker than in image 2',
    'pic +2 looks glossier',
    'the mug in image 1.5 is rounder',
    'img \u22122 is darker',
    'image \u00bd is darker than image 1',
    'the mug in pic 2/3 is rounder',
])
def test_a_signed_or_fractional_image_number_is_refused(text):
    """An image -1 is no image of a pair: refused naming it, not read as image 1."""
    with pytest.raises(QueryParseError, match='names .*image|names .*img|names .*pic'):
        parse_difference(text, fallback=False)


@pytest.mark.parametrize('text, subject', [
    ('Image-1 is darker than image-2', 1),
    ('the cup in image_2 is rounder', 2),
])
def test_hyphenated_image_numbers_name_the_image(text, subject):
    """Write image 1 and image 2 as "Image-1" and "image_2"."""
    assert parse_difference(text, fallback=False).subject == subject


@pytest.mark.parametrize('text', [
    'the plate is a third bigger',
    'the dial is darker than last week',
    'the stage 2 rocket is longer',
])
def test_fractions_and_past_weeks_are_no_images(text):
    """Read "a third bigger" as a size, "last week" as a time, "stage 2" as a name: no images."""
    assert parse_difference(text, fallback=False).subject == ASKED


def test_the_same_image_twice_is_read_as_a_slip_for_the_other():
    """Annotators write "image 2 ... than image 2" for "than image 1": the first one counts."""
    query = parse_difference('The kettle in Image 2 is glossier than in Image 2.', fallback=False)
    assert (query.subject, query.axis, query.direction) == (2, 'glossiness', 1)


@pytest.mark.parametrize('text', [
    'the jug in image \uff12 is darker',
    'the jug in image 2 is d\u00e1rker',
    'the jug\u200b in image 2 is darker\u202e',
    'the \uff4a\uff55\uff47 in image 2 is darker',
])
def test_full_width_forms_accents_and_invisible_characters_read_as_plain_text(text):
    """Text pasted from other keyboards or apps reads as its plain letters and digits."""
    query = parse_difference(text, fallback=False)
    assert (query.subject, query.axis, query.direction, query.object) == \
        (2, 'brightness', -1, 'jug')


@pytest.mark.parametrize('text, axis, direction', [
    ('Don\u2019t take the bigger parcel; the smaller one is ours.', 'size', -1),
    ('don\u2019t grab the darker mug', 'brightness', 1),
    ('I won\u2018t need the glossier one', 'glossiness', -1),
])
def test_typographic_apostrophes_read_as_plain_ones(text, axis, direction):
    """A phone's curly apostrophe in "don’t" still turns the command down."""
    query = parse_difference(text, fallback=False)
    assert (query.subject, query.axis, query.direction) == (ASKED, axis, direction)


@pytest.mark.parametrize('text', [
    'which car is more orange? the first or the second?',
    'which one is darker: image 1 or image 2?',
    'is the left or the right mug taller?',
    'Which is rounder, cup 1 or cup 2?',
    'the latter or the former: which is glossier?',
    'which is darker, left or right?',
])
def test_a_question_offering_both_images_asks_which(text):
    """Naming both images as a question's answers asks for one; it says nothing of image 1."""
    assert parse_difference(text, fallback=False).subject == ASKED


@pytest.mark.parametrize('text, subject, axis, direction', [
    ('car 2 sits way lower than car 1', 2, 'height', -1),
    ('cup 1 is darker than cup 2', 1, 'brightness', -1),
    ('mug #2 is shinier', 2, 'glossiness', 1),
    ('bottle2 looks taller than bottle1', 2, 'height', 1),
    ("jar 1's lid is darker", 1, 'brightness', -1),
])
def test_objects_numbered_like_the_images_are_in_those_images(text, subject, axis, direction):
    """Read "car 2" as the car in image 2, as people number two objects they are shown."""
    query = parse_difference(text, fallback=False)
    assert (query.subject, query.axis, query.direction) == (subject, axis, direction)


@pytest.mark.parametrize('text', [
    'can u grab the smaller 1',
    'grab the darker of the 2 mugs',
    'the mug is 2 times darker',
])
def test_numbers_that_are_no_object_numbers_name_no_image(text):
    """Read "the smaller 1" as the smaller one, "the 2 mugs" and "2 times" as amounts."""
    assert parse_difference(text, fallback=False).subject == ASKED


@pytest.mark.parametrize('text, subject, axis, direction', [
    ('Mug no. 1 is darker than mug no. 2.', 1, 'brightness', -1),
    ('Option 2 is glossier than option 1.', 2, 'glossiness', 1),
    ('The cup in candidate #1 is rounder than in candidate #2.', 1, 'roundness', 1),
    ('Take choice 2, it is the taller bottle.', 2, 'height', 1),
    ('The mug in photo I is darker than in photo II.', 1, 'brightness', -1),
    ('Picture II shows a glossier jug than picture I.', 2, 'glossiness', 1),
    ('The LHS cup is darker than the RHS cup.', 1, 'brightness', -1),
    ('the bolt on the rhs is longer', 2, 'length', 1),
    ('the tile in photo b looks glossier than photo a', 2, 'glossiness', 1),
])
def test_other_names_of_the_two_images(text, subject, axis, direction):
    """Options, candidates, Roman numerals, LHS/RHS and lower-case letters name the images."""
    query = parse_difference(text, fallback=False)
    assert (query.subject, query.axis, query.direction) == (subject, axis, direction)


@pytest.mark.parametrize('text', [
    'In the photo I took, the mug is darker.',
    'the photo a friend sent shows a darker mug',
])
def test_a_pronoun_or_an_article_after_photo_names_no_image(text):
    """Neither "the photo I took" nor "the photo a friend sent" names an image."""
    assert parse_difference(text, fallback=False).subject == ASKED


@pytest.mark.parametrize('text, subject', [
    ('The panel became darker between image 1 and image 2.', 2),
    ('Between image 2 and image 1 the paint has faded.', 1),
])
def test_a_change_between_the_images_is_said_of_the_later_one(text, subject):
    """Saying "became darker between image 1 and image 2" makes image 2 the darker."""
    assert parse_difference(text, fallback=False).subject == subject


def test_a_question_between_the_images_still_asks():
    """A question "which panel is darker between image 1 and image 2?" asks which."""
    query = parse_difference('Which panel is darker between image 1 and image 2?',
                             fallback=False)
    assert query.subject == ASKED

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for the rule-based text understanding (subtle_diff_ros.text)."""

import os

from paths import REPO_ROOT
import pytest

from subtle_diff_ros.core.axes import AXES
from subtle_diff_ros.core.errors import QueryParseError
from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.evaluation.text_understanding import measure
from subtle_diff_ros.text import normalise_image_mentions, parse_difference

REPO = REPO_ROOT
DATA = os.path.join(REPO, '..', 'shared', 'data', 'subtle-diff')
LABELS = os.path.join(REPO, 'test', 'data', 'axis_labels.csv')


@pytest.mark.parametrize('text, axis, direction, subject', [
    ('Image 2 is darker compared to image 1', 'brightness', -1, 2),
    ('The kettle in Image 1 is lighter in color than in Image 2.', 'brightness', 1, 1),
    ('The lamp in image 2 is more vibrant than in image 1.', 'saturation', 1, 2),
    ('The scarf in image 1 looks paler than the one in image 2.', 'saturation', -1, 1),
    ('The sofa in Image 2 is warmer compared to Image 1.', 'warmth', 1, 2),
    ('The bowl in image 1 is rounder than in image 2.', 'roundness', 1, 1),
    ('The box in image 2 is more angular than in image 1.', 'roundness', -1, 2),
    ('The knife in Image 1 has a more pointed tip than in Image 2.', 'sharpness', 1, 1),
    ('The rod in image 2 is straighter than in image 1.', 'curvature', -1, 2),
    ('The vase in image 1 is narrower than the image 2.', 'width', -1, 1),
    ('The pencil in image 2 is longer than in image 1.', 'length', 1, 2),
    ('The tower in image 1 is taller than in image 2.', 'height', 1, 1),
    ('The bottle in image 2 is smaller compared to image 1.', 'size', -1, 2),
    ('The rope in image 1 is thicker than in image 2.', 'thickness', 1, 1),
    ('The plank in Image 2 is smoother than in Image 1.', 'roughness', -1, 2),
    ('The brick in image 1 has a rough surface compared to image 2.', 'roughness', 1, 1),
    ('The tile in image 2 is glossier than in image 1.', 'glossiness', 1, 2),
    ('The mug in Image 1 has a glossy finish compared to Image 2.', 'glossiness', 1, 1),
    ('The mug in image 2 is a bit shiny compared to image 1.', 'glossiness', 1, 2),
    ('The vase in image 1 is more matte than in image 2.', 'glossiness', -1, 1),
    ('The spoon in image 2 is much more glossy than image 1.', 'glossiness', 1, 2),
    ('The spoon in image 2 is more smoother compared to image 1.', 'roughness', -1, 2),
])
def test_axis_direction_and_subject(text, axis, direction, subject):
    """Comparatives map to the canonical axis, direction and subject."""
    query = parse_difference(text)
    assert (query.axis, query.direction, query.subject) == (axis, direction, subject)
    assert query.attribute == AXES[axis].attribute
    assert query.text == text


@pytest.mark.parametrize('text, axis, direction', [
    ('Image 1 is not as shiny as image 2.', 'glossiness', -1),
    ("The cup in image 1 isn't as dark as in image 2.", 'brightness', 1),
    ('The board in image 2 is less rough than in image 1.', 'roughness', -1),
    ('The plate in image 1 is less glossy than in image 2.', 'glossiness', -1),
    ('The wire in image 2 has fewer curves than in image 1.', 'curvature', -1),
    ('The wire in image 2 has more curves than in image 1.', 'curvature', 1),
])
def test_negation_and_less_flip_the_direction(text, axis, direction):
    """Less, fewer and "not as ... as" flip the direction."""
    query = parse_difference(text)
    assert (query.axis, query.direction) == (axis, direction)


@pytest.mark.parametrize('text, subject', [
    ('Compared to image 1, image 2 is narrower.', 2),
    ("Image 2's handle is rougher than image 1's.", 2),
    ('The bowl is darker in image 2 than in image 1.', 2),
    ('The bowl in the image is darker than the image 2.', 1),
    ('The bowl in image is darker than image 1.', 2),
    ('The bowl in Image1 is darker than in Image 2.', 1),
    ('The bowl in Imag 2e is darker than in Image 1.', 2),
    ('The bowl in mage 2 is darker than in image 1.', 2),
    ('The bowl in  2 is darker than image 1.', 2),
    ('The bowl in image 1 is darker than the one shown in image 2.', 1),
])
def test_subject_detection(text, subject):
    """The subject is the first image that is not a comparison target."""
    assert parse_difference(text).subject == subject


def test_missing_image_number_is_fixed_only_where_a_number_exists():
    """Typos of "Image N" are fixed; a bare "image" with no number anywhere is refused."""
    assert normalise_image_mentions('The cup in Imag1 e is red') == 'The cup in image 1 is red'
    with pytest.raises(QueryParseError, match='which image'):
        parse_difference('The bowl in the image is darker.')


@pytest.mark.parametrize('text, axis, direction, obj, part', [
    ('pick the glossier mug', 'glossiness', 1, 'mug', None),
    ('the rounder cup', 'roundness', 1, 'cup', None),
    ('bring me the darker one', 'brightness', -1, None, None),
    ('Grab the less shiny spoon, please.', 'glossiness', -1, 'spoon', None),
    ('pick up the mug with the glossier handle', 'glossiness', 1, 'mug', 'handle'),
    ('Which bottle is taller?', 'height', 1, 'bottle', None),
    ('Find the one with more pointedness.', 'sharpness', 1, None, None),
])
def test_commands_are_asked(text, axis, direction, obj, part):
    """Commands and questions ask for one object: subject ASKED."""
    query = parse_difference(text)
    assert query.subject == ASKED
    assert (query.axis, query.direction, query.object, query.part) == (axis, direction, obj, part)


def test_part_object_and_text_pair():
    """Object, part and the T1/T2 text pair come from simple patterns."""
    query = parse_difference('The handle of the purse has a brighter shade of gold')
    assert (query.part, query.object) == ('handle', 'purse')
    assert (query.axis, query.direction) == ('brightness', 1)
    assert query.positive_text == 'purse with a light-colored handle'
    assert query.negative_text == 'purse with a dark-colored handle'

    query = parse_difference('The traffic sign in Image 1 is darker than in Image 2.')
    assert (query.object, query.part) == ('traffic sign', None)
    assert (query.positive_text, query.negative_text) == ('dark-colored traffic sign',
                                                          'light-colored traffic sign')

    query = parse_difference('The thorns of the pineapple in image 2 are bigger than image 1.')
    assert (query.object, query.part) == ('pineapple', 'thorns')
    assert query.positive_text == 'pineapple with large thorns'

    query = parse_difference('The camera in image 1 has a bigger lens compared to image 2.')
    assert (query.object, query.part) == ('camera', 'lens')

    query = parse_difference('Image 2 hammer has a smoother surface than image 1.')
    assert (query.object, query.part, query.subject) == ('hammer', None, 2)

    query = parse_difference('The color of the kettle in image 1 is darker than in image 2.')
    assert (query.object, query.part) == ('kettle', None)


@pytest.mark.parametrize('text, hue, direction', [
    ('The apple in image 1 is more reddish than in image 2.', 'red', 1),
    ('Image 1 is more yellow than Image 2', 'yellow', 1),
    ('The leaf in image 2 is greener compared to image 1.', 'green', 1),
    ('The lamp in image 1 is golden compared to image 2.', 'yellow', 1),
    ('The apple in image 2 is less reddish than in image 1.', 'red', -1),
])
def test_hue(text, hue, direction):
    """Hue changes name the colour the subject moves toward."""
    query = parse_difference(text)
    assert (query.axis, query.hue, query.direction) == ('hue', hue, direction)
    assert query.to_dict()['hue'] == hue
    assert query.positive_text != query.negative_text


def test_brightness_word_beats_colour_name():
    """A "darker red" is a brightness change, not a hue change."""
    query = parse_difference('The car in image 2 is a darker shade of red than in image 1.')
    assert (query.axis, query.direction, query.hue) == ('brightness', -1, None)
    assert 'hue' not in query.to_dict()


def test_attribute_hint_chooses_the_sense():
    """The attribute hint decides between senses of one word."""
    text = 'The vase in image 1 is much brighter than in image 2.'
    assert parse_difference(text).axis == 'brightness'
    assert parse_difference(text, 'texture').axis == 'glossiness'
    assert parse_difference(text, 'texture(about roughness and glossiness only)').axis == \
        'glossiness'
    corners = 'The table in image 2 has smooth corners compared to image 1.'
    assert parse_difference(corners).axis == 'roughness'
    assert (parse_difference(corners, 'shape').axis, parse_difference(corners, 'shape')
            .direction) == ('roundness', 1)


def test_contrast_clause_about_the_other_image_flips_direction():
    """A word in a "while" clause about the other image is read for the subject."""
    query = parse_difference('The box in image 1 is plain, while the one in image 2 is glossy.')
    assert (query.subject, query.axis, query.direction) == (1, 'glossiness', -1)
    query = parse_difference('The ball in image 2 is oblong while in image 1 is round.')
    assert (query.subject, query.axis, query.direction) == (2, 'roundness', -1)


@pytest.mark.parametrize('text, message', [
    ('', 'empty'),
    ('   ', 'empty'),
    ('The pie in image 2 is cut while image 1 is whole.', 'is cut while'),
    ('hello robot', 'hello robot'),
])
def test_not_understood_raises_with_the_text(text, message):
    """Text without a difference word raises and names what was not understood."""
    with pytest.raises(QueryParseError, match=message):
        parse_difference(text)


def test_unknown_attribute_hint_raises():
    """An unknown attribute hint raises QueryParseError."""
    with pytest.raises(QueryParseError, match='attribute hint'):
        parse_difference('Image 1 is darker than image 2.', 'smell')


@pytest.mark.skipif(not os.path.isdir(DATA),
                    reason=f'Subtle-Diff annotations not found at {DATA} (shared data absent)')
@pytest.mark.parametrize('use_hint', [True, False])
def test_targets_on_the_real_annotations(use_hint):
    """Coverage, direction and subject targets hold on the real Subtle-Diff sentences."""
    result = measure(DATA, LABELS, use_hint=use_hint)
    for attribute, row in result.items():
        assert row['captions'] > 1000, attribute
        assert row['labelled'] >= 100, attribute
        assert row['caption_coverage'] >= 0.97, (attribute, row)
        assert row['question_coverage'] >= 0.97, (attribute, row)
        assert row['axis_direction_accuracy'] >= 0.95, (attribute, row)
        assert row['subject_accuracy'] >= 0.95, (attribute, row)

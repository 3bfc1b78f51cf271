# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Differences said by what a thing would do, or by a thing of the colour meant.

"The marble that would roll further" is the rounder one, "the knife couldn't cut butter" the
blunter, "closer to the colour of a lemon" the yellower; a behaviour given as the reason for a
difference already named ("the boxier lunchbox, it fits in the bag better") changes nothing.
"""

import pytest

from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.text import parse_difference


def _read(text):
    """Return (axis, direction, subject, hue) the rules read, the encoder switched off."""
    query = parse_difference(text, fallback=False)
    return query.axis, query.direction, query.subject, query.hue


@pytest.mark.parametrize('text, axis, direction, subject', [
    ('grab the ball that would roll further across the floor', 'roundness', 1, ASKED),
    ('the marble in image 2 would not roll as far as the one in image 1', 'roundness', -1, 2),
    ('the knife in image 1 would slice a tomato more cleanly than the one in image 2',
     'sharpness', 1, 1),
    ('which of the two needles would go through leather more easily?', 'sharpness', 1, ASKED),
    ('bring me the chisel that could still bite into oak', 'sharpness', 1, ASKED),
    ('the plank in image 2 would give you splinters', 'roughness', 1, 2),
    ('the bench in image 2 is less likely to give you splinters than the bench in image 1',
     'roughness', -1, 2),
    ('the one in image 1 would disappear on a black carpet', 'brightness', -1, 1),
    ('the mug in image 2 would show dirt more than the one in image 1', 'brightness', 1, 2),
    ('the mug in image 2 would hide coffee stains better than the one in image 1',
     'brightness', -1, 2),
    ("pick the cup that'd be easier to spot on a dark table", 'brightness', 1, ASKED),
    ('which tile would hide fingerprints better?', 'glossiness', -1, ASKED),
    ('the panel in image 2 would blind you in the sun', 'glossiness', 1, 2),
    ('bring the pipe that would reach the far tank', 'length', 1, ASKED),
    ('the ruler in image 1 would reach further than the one in image 2', 'length', 1, 1),
    ('which vase would clear the low shelf?', 'height', -1, ASKED),
    ("fetch the lamp that won't bang into the shelf above", 'height', -1, ASKED),
    ('get me the box that would fit in my backpack', 'size', -1, ASKED),
    ('the coin in image 2 would get lost in a pocket more easily', 'size', -1, 2),
    ('the string in image 1 would be harder to thread through a bead than the string in '
     'image 2', 'thickness', 1, 1),
    ('the chair in image 1 would fit through a narrower doorway', 'width', -1, 1),
])
def test_what_a_thing_would_do_says_its_quality(text, axis, direction, subject):
    assert _read(text)[:3] == (axis, direction, subject)


@pytest.mark.parametrize('text, hue', [
    ("bring me the mug that's more tomato coloured", 'red'),
    ('the cup in image 2 is more of a mustard colour than image 1', 'yellow'),
    ('which bowl is closer in colour to lavender?', 'purple'),
    ('the mug in image 1 is more lemon-coloured than the one in image 2', 'yellow'),
    ('pick the vase nearer to the colour of fresh grass', 'green'),
    ('the sky-coloured cup', 'blue'),
])
def test_a_thing_of_the_colour_names_the_hue(text, hue):
    axis, direction, _, read_hue = _read(text)
    assert (axis, direction, read_hue) == ('hue', 1, hue)


@pytest.mark.parametrize('text, axis, direction', [
    # the behaviour is the reason for the difference named: the difference is read
    ('Bring the boxier tin, it packs into the crate better.', 'roundness', -1),
    ('Get the less curved cucumber, it slices better.', 'curvature', -1),
    ('the cup in image 1 is darker and it would roll', 'brightness', -1),
    # a noun, not a behaviour
    ('Which slice of toast is darker?', 'brightness', -1),
    ("Can you pass the veneer sheet that's sliced thinner?", 'thickness', -1),
])
def test_a_behaviour_beside_a_named_difference_changes_nothing(text, axis, direction):
    assert _read(text)[:2] == (axis, direction)


def test_a_place_near_a_thing_is_no_colour():
    with pytest.raises(Exception):
        _read('bring the cup closer to the tomato')


@pytest.mark.parametrize('text, axis, direction', [
    ('The colour of the towel in image 1 looks like it sat in the sun all summer, compared '
     'with image 2.', 'saturation', -1),
    ('the scarf in pic 2 has a colour that is so loud next to pic 1', 'saturation', 1),
])
def test_everyday_figures_of_colour(text, axis, direction):
    assert _read(text)[:2] == (axis, direction)


@pytest.mark.parametrize('text, axis, direction', [
    ('the plank least likely to give you a splinter', 'roughness', -1),
    ('the marble that would roll the least', 'roundness', -1),
    ('the mug that would stand out on a white tablecloth', 'brightness', -1),
    ('the mug that would be hard to see on the black counter', 'brightness', -1),
    ('the mug that would stand out against the black counter', 'brightness', 1),
])
def test_least_likely_and_standing_out_say_the_quality(text, axis, direction):
    assert _read(text)[:2] == (axis, direction)


@pytest.mark.parametrize('text, axis, direction, hue', [
    ('The coat in image 1 is closer to charcoal in colour than the coat in image 2',
     'brightness', -1, None),
    ('the mug that is closer in colour to snow', 'brightness', 1, None),
    ('the scarf in image 2 is nearer to the colour of bluebells than image 1', 'hue', 1, 'blue'),
    ('the flag in pic 1 looks like it had the colour drained out of it vs pic 2', 'saturation',
     -1, None),
])
def test_light_and_dark_things_and_colour_taken_out(text, axis, direction, hue):
    read_axis, read_direction, _, read_hue = _read(text)
    assert (read_axis, read_direction, read_hue) == (axis, direction, hue)

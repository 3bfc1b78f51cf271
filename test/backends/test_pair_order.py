# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The order of two images changes only their numbering; a size edit changes no colour."""

import os

from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.image_io import load_image
from subtle_diff_ros.vision.pair import prepare_pair

COIL = os.path.join(OBJECTS, 'coil100')
# Two different objects in a similar pose on the same black backdrop (phase correlation
# finds a shift between them) and, below, one object and its mirror image.
DIFFERENT_OBJECTS = [
    ('obj44__180.png', 'obj21__0.png', 'the one with the thinner handle'),
    ('obj21__0.png', 'obj51__0.png', 'the more grooved one'),
    ('obj10__90.png', 'obj18__270.png', 'the taller cup'),
]


def _photo(name):
    path = os.path.join(COIL, name)
    if not os.path.exists(path):
        pytest.skip('COIL-100 photos are not in ../shared/data')
    return load_image(path)


@pytest.mark.parametrize('first, second, text', DIFFERENT_OBJECTS)
def test_two_objects_in_one_pose_are_chosen_alike_in_either_order(first, second, text):
    """Each object is masked on its own: swapping the images swaps the choice, nothing else."""
    images = [_photo(first), _photo(second)]
    pair = prepare_pair(*images)
    assert pair.shift is not None and not pair.same_scene
    assert not (pair.first.mask_carried or pair.second.mask_carried)
    backend, query = AnalyticBackend(), parse_difference(text)
    forward = backend.select(images, query)
    backward = backend.select(images[::-1], query)
    assert forward.choice == 1 - backward.choice
    assert forward.confidence == pytest.approx(backward.confidence, abs=1e-6)


@pytest.mark.parametrize('attribute', ['color', 'shape', 'texture'])
def test_an_object_and_its_mirror_image_differ_in_nothing_either_way(attribute):
    """A toy cat facing left or right has the same colour, shape and texture."""
    cat = _photo('obj17__270.png')
    mirrored = cat[:, ::-1].copy()
    backend = AnalyticBackend()
    for images in ((cat, mirrored), (mirrored, cat)):
        description = backend.describe(*images, attribute)
        assert description.no_difference, description.sentence


@pytest.mark.parametrize('path', ['eth80/car/6/car6-090-000.png', 'eth80/cup/9/cup9-068-000.png'])
@pytest.mark.parametrize('edit', ['larger', 'smaller'])
def test_an_object_grown_or_shrunk_keeps_its_colour_in_either_order(path, edit):
    """A size edit moves the object's outline, not its colour: each is measured on its own."""
    full = os.path.join(OBJECTS, path)
    if not os.path.exists(full):
        pytest.skip('ETH-80 photos are not in ../shared/data')
    photo = load_image(full)
    edited = edit_object(photo, edit, 2.0)
    backend = AnalyticBackend()
    assert backend.describe(photo, edited, 'shape').axis in ('size', 'width', 'height')
    for images in ((photo, edited), (edited, photo)):
        assert prepare_pair(*images).same_scene
        description = backend.describe(*images, 'color')
        assert description.no_difference, description.sentence


def test_two_views_of_a_cup_whose_outline_is_a_close_call_mirror_in_either_order():
    """The outline is carried from the frame it is surer in, so swapping mirrors the answer."""
    path = os.path.join(OBJECTS, 'eth80', 'cup', '3')
    if not os.path.exists(path):
        pytest.skip('ETH-80 photos are not in ../shared/data')
    side = load_image(os.path.join(path, 'cup3-090-000.png'))
    handle_front = load_image(os.path.join(path, 'cup3-090-090.png'))
    pair = prepare_pair(handle_front, side)
    assert pair.same_scene and pair.first.mask_carried
    backend = AnalyticBackend()
    forward = backend.describe(side, handle_front, 'color')
    backward = backend.describe(handle_front, side, 'color')
    assert (forward.axis, forward.direction) == (backward.axis, -backward.direction)
    for ahead, behind in zip(forward.measurements, backward.measurements):
        assert ahead.value_1 == pytest.approx(behind.value_2, abs=1e-6)
        assert ahead.value_2 == pytest.approx(behind.value_1, abs=1e-6)
    # the cup with the cloth it stands on would read 10 L* darker than the cup alone
    assert min(m.value_1 for m in backward.measurements if m.axis == 'brightness') > 75

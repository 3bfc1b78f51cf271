# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A command's place in the order and the candidates it rules out, from text to choice."""

import itertools
import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.base import measurement_backend
from subtle_diff_ros.service.difference_service import DifferenceService
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.vision.image_io import load_image

CUP = os.path.join(OBJECTS, 'eth80', 'cup', '9', 'cup9-068-000.png')


def _photo_cups():
    """Return one ETH-80 cup unedited, 3 JND darker and 6 JND darker."""
    if not os.path.exists(CUP):
        pytest.skip('ETH-80 photos are not in ../shared/data')
    cup = load_image(CUP)
    return [cup, edit_object(cup, 'darker', 3), edit_object(cup, 'darker', 6)]


def _drawn_cups():
    """Return three grey disks on one backdrop, from the lightest to the darkest."""
    cups = []
    for grey in (170, 120, 70):
        image = np.full((240, 320, 3), (200, 205, 210), np.uint8)
        cv2.circle(image, (160, 120), 60, (grey, grey, grey), -1, lineType=cv2.LINE_AA)
        cups.append(image)
    return cups


@pytest.fixture(scope='module')
def service():
    """Return the service with the measurement backend, closed after the module."""
    served = DifferenceService(measurement_backend())
    yield served
    served.close()


@pytest.mark.parametrize('make', [_photo_cups, _drawn_cups])
def test_the_second_darkest_is_the_middle_one_in_any_order(service, make):
    """Lightest, middle, darkest in each of the six orders: place 2 is always the middle."""
    cups = make()
    for order in itertools.permutations(range(3)):
        candidates = [cups[i] for i in order]
        for text in ('bring me the second darkest cup', 'the darkest but one',
                     'the middle one of the three by darkness', 'the 2nd lightest mug'):
            result = service.select(candidates, text)
            assert order[result.choice] == 1, (order, text)


@pytest.mark.parametrize('make', [_photo_cups, _drawn_cups])
def test_a_candidate_ruled_out_is_never_chosen(service, make):
    """With the darkest first, "the darkest except the first one" is the middle one."""
    lightest, middle, darkest = make()
    result = service.select([darkest, lightest, middle], 'the darkest cup except the first one')
    assert result.choice == 2
    result = service.select([middle, darkest, lightest], 'grab the darkest one, not image 2')
    assert result.choice == 0


@pytest.mark.parametrize('make', [_photo_cups, _drawn_cups])
def test_a_command_darker_than_a_candidate_chooses_another(service, make):
    """Of two, the cup darker than the first one is the second, whichever is darker."""
    lightest, _, darkest = make()
    for pair in ([lightest, darkest], [darkest, lightest]):
        result = service.select(pair, 'bring me the cup that is darker than the first one')
        assert (result.choice, result.query.subject, result.query.excluded) == (1, 'asked', (1,))
    result = service.select([lightest, darkest, darkest], 'the cup darker than the left one')
    assert result.choice in (1, 2)

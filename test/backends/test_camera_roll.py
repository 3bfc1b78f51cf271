# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A small roll of the camera between two frames of one scene is no change of the object's shape.

An outside edit tester's unedited ETH-80 pairs, turned by 0.3 to 1.3 degrees, were described as
"more angular": the automatic outline of a turned frame lies on another pixel grid, and its
circularity moves by up to twice its threshold. The roundness difference now has to pass its
threshold by what the pair's own roll moves it (``shape.roll_spread``).
"""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.text import parse_difference


def rolled(image, degrees, rng):
    """Return ``image`` turned by ``degrees`` about its middle, with sensor noise of 1.5."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), degrees, 1.0)
    turned = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_REFLECT101) if degrees else image
    return np.clip(turned + rng.normal(0, 1.5, image.shape), 0, 255).astype(np.uint8)


@pytest.mark.parametrize('number', [1, 2, 3])
def test_a_turned_camera_makes_no_car_rounder(number):
    """ETH-80 cars turned by half a degree to two: no roundness sentence, no sure selection."""
    path = os.path.join(OBJECTS, 'eth80', 'car', str(number), f'car{number}-090-000.png')
    photo = cv2.imread(path)
    if photo is None:
        pytest.skip('ETH-80 photos not found under ../shared/data')
    photo = photo[:, :, ::-1].astype(np.float64)
    rng = np.random.default_rng(number)
    still = rolled(photo, 0.0, rng)
    backend = AnalyticBackend()
    for degrees in (0.5, 1.0, 2.0):
        turned = rolled(photo, degrees, rng)
        description = backend.describe(still, turned, 'shape')
        assert description.axis != 'roundness', (degrees, description.sentence)
        chosen = backend.select([still, turned], parse_difference('the rounder car'))
        assert chosen.confidence < 0.9, (degrees, chosen.confidence)


def test_a_box_rounded_off_is_rounder_though_the_camera_turned():
    """A box whose corners were rounded off, seen one degree turned, is still called rounder."""
    scene = np.full((240, 320, 3), (200, 190, 170), np.float64)
    sharp, round_box = scene.copy(), scene.copy()
    cv2.rectangle(sharp, (100, 70), (220, 170), (40, 60, 120), -1, lineType=cv2.LINE_AA)
    outline = np.zeros((240, 320), np.uint8)
    cv2.rectangle(outline, (125, 70), (195, 170), 1, -1)
    cv2.rectangle(outline, (100, 95), (220, 145), 1, -1)
    for x, y in ((125, 95), (195, 95), (125, 145), (195, 145)):
        cv2.circle(outline, (x, y), 25, 1, -1, lineType=cv2.LINE_AA)
    round_box[outline > 0] = (40, 60, 120)
    rng = np.random.default_rng(0)
    description = AnalyticBackend().describe(rolled(round_box, 1.0, rng),
                                             rolled(sharp, 0.0, rng), 'shape')
    assert description.axis == 'roundness' and description.direction > 0, description.sentence

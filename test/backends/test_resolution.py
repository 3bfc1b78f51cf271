# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Two images of one object at different resolutions are measured at one resolution."""

import os

import cv2
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.vision.image_io import load_image
from subtle_diff_ros.vision.pair import prepare_pair

CUP = os.path.join(OBJECTS, 'eth80', 'cup', '1', 'cup1-090-000.png')


@pytest.fixture(scope='module')
def cup():
    """Return an ETH-80 cup photo (256 x 256)."""
    if not os.path.exists(CUP):
        pytest.skip('ETH-80 photos are not in ../shared/data')
    return load_image(CUP)


@pytest.mark.parametrize('side', [32, 64])
@pytest.mark.parametrize('attribute', ['color', 'shape', 'texture'])
def test_a_smaller_copy_of_a_photo_is_no_other_object(cup, side, attribute):
    """A 32- or 64-pixel copy of the photo: no difference, in either order."""
    small = cv2.resize(cup, (side, side), interpolation=cv2.INTER_AREA)
    backend = AnalyticBackend()
    for images in ((small, cup), (cup, small)):
        description = backend.describe(*images, attribute)
        assert description.no_difference, (side, description.sentence)


def test_both_images_are_measured_at_the_smaller_ones_resolution(cup):
    """The working copies and texture copies of a pair share one size."""
    small = cv2.resize(cup, (100, 100), interpolation=cv2.INTER_AREA)
    pair = prepare_pair(cup, small)
    assert pair.first.image.shape == pair.second.image.shape == (100, 100, 3)
    assert pair.first.texture_lightness.shape == pair.second.texture_lightness.shape

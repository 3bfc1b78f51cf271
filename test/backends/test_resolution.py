# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Images at different resolutions are measured at one resolution, crops at one pixel scale."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.image_io import load_image
from subtle_diff_ros.vision.pair import one_pixel_scale, prepare_pair

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


def _frame_with_two_discs():
    """Return a 480x360 grey frame with a large (radius 60) and a small (radius 48) red disc."""
    rng = np.random.default_rng(7)
    frame = np.clip(rng.normal(150, 3, (360, 480, 3)), 0, 255).astype(np.uint8)
    cv2.circle(frame, (120, 180), 60, (190, 50, 40), -1, cv2.LINE_AA)
    cv2.circle(frame, (360, 180), 48, (190, 50, 40), -1, cv2.LINE_AA)
    return frame


def test_crops_of_one_frame_compare_their_objects_in_pixels():
    """
    Crops around two detections of one frame: the larger object is the larger one.

    The small disc's crop is tight, the large disc's roomy: in shares of their crops the small
    disc would be the larger.
    """
    frame = _frame_with_two_discs()
    roomy = frame[50:310, 0:300]       # 300 x 260 around the large disc
    tight = frame[126:234, 304:416]    # 112 x 108 around the small disc
    backend = AnalyticBackend()
    for images, large in (([roomy, tight], 0), ([tight, roomy], 1)):
        assert backend.select(images, parse_difference('the larger disc')).choice == large
        assert backend.select(images, parse_difference('the smaller disc')).choice == 1 - large
        assert backend.select(images, parse_difference('the wider disc')).choice == large


@pytest.mark.parametrize('cut', ['left', 'bottom'])
def test_a_crop_that_cuts_only_backdrop_is_no_other_object(cup, cut):
    """The photo with a strip of plain backdrop cut off: no difference in shape, either order."""
    crop = cup[:, 30:] if cut == 'left' else cup[:-40]
    backend = AnalyticBackend()
    for images in ((crop, cup), (cup, crop)):
        description = backend.describe(*images, 'shape')
        assert description.no_difference, (cut, description.sentence)


def test_crops_share_one_pixel_scale_and_resampled_copies_do_not():
    """Images of other width-to-height ratios are crops; one ratio is one picture resampled."""
    frame = _frame_with_two_discs()
    assert one_pixel_scale([frame, frame[:, :400]])
    assert not one_pixel_scale([frame, cv2.resize(frame, (240, 180))])
    pair = prepare_pair(frame[:, :400], frame)
    assert pair.first.length_unit == pair.second.length_unit is not None
    assert pair.first.scale == pytest.approx(pair.second.scale, rel=0.01)
    assert prepare_pair(frame, frame).first.length_unit is None

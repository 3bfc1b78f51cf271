# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Two frames of one scene under another light: the object is compared, not the lamp."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.image_io import load_image, load_mask
from subtle_diff_ros.vision.light import apply_gains, linear_to_srgb, srgb_to_linear

CUP = os.path.join(OBJECTS, 'eth80', 'cup', '1', 'cup1-090-000.png')


@pytest.fixture(scope='module')
def cup():
    """Return (RGB photo, bool object mask) of an ETH-80 cup on its blue backdrop."""
    if not os.path.exists(CUP):
        pytest.skip('ETH-80 photos are not in ../shared/data')
    mask_path = os.path.join(os.path.dirname(CUP), 'masks', 'cup1-090-000-map.png')
    mask = load_mask(mask_path) if os.path.exists(mask_path) else None
    return load_image(CUP), mask


def _jpeg(image, quality):
    ok, data = cv2.imencode('.jpg', image[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_COLOR)[:, :, ::-1]


@pytest.mark.parametrize('gains', [(1.12, 1.12, 1.12), (0.88, 0.88, 0.88), (1.04, 1.0, 0.95),
                                   (0.96, 1.0, 1.05)])
def test_a_brighter_dimmer_or_tinted_light_is_no_difference_of_the_object(cup, gains):
    """The same scene under another lamp or white balance: no colour or texture difference."""
    photo, _ = cup
    lit = apply_gains(photo, gains)
    backend = AnalyticBackend()
    for attribute in ('color', 'texture'):
        result = backend.describe(photo, lit, attribute, 'cup')
        assert result.no_difference, (attribute, result.sentence)
        assert result.light_gains is not None
        assert np.allclose(result.light_gains, gains, rtol=0.02), result.light_gains
    assert result.to_dict()['light_gains'] == [round(g, 4) for g in result.light_gains]


def test_a_darker_object_under_a_brighter_light_is_still_darker(cup):
    """The object lost 15 % of its light while the lamp gave 20 % more: it is darker."""
    photo, mask = cup
    if mask is None:
        pytest.skip('the ETH-80 mask of the cup is not there')
    linear = srgb_to_linear(photo)
    linear[mask] *= 0.85
    edited = apply_gains(linear_to_srgb(linear), (1.2, 1.2, 1.2))
    backend = AnalyticBackend()
    result = backend.describe(photo, edited, 'color', 'cup')
    assert (result.axis, result.direction) == ('brightness', 1), result.sentence
    assert np.allclose(result.light_gains, 1.2, rtol=0.02)
    assert backend.select([photo, edited], parse_difference('bring the darker cup')).choice == 1


def test_the_same_frame_re_encoded_is_lit_alike(cup):
    """A JPEG copy of the frame moves no light: nothing is undone."""
    photo, _ = cup
    result = AnalyticBackend().describe(photo, _jpeg(photo, 85), 'color', 'cup')
    assert result.light_gains is None
    assert result.no_difference, result.sentence


def test_two_different_photos_are_not_evened(cup):
    """Two views are not one scene: their light is not compared."""
    photo, _ = cup
    other = load_image(CUP.replace('090-000', '068-000'))
    assert AnalyticBackend().describe(photo, other, 'color', 'cup').light_gains is None


def test_a_frame_and_its_jpeg_copy_are_compared_on_the_same_pixels(cup):
    """Which of a frame and its JPEG copy is darker does not depend on which comes second."""
    photo, _ = cup
    copy = _jpeg(photo, 85)
    backend = AnalyticBackend()
    query = parse_difference('bring the darker cup')
    forward = backend.select([photo, copy], query)
    backward = backend.select([copy, photo], query)
    assert forward.choice == 1 - backward.choice  # the same image, wherever it stands
    margin = forward.scores[1] - forward.scores[0]
    assert margin == pytest.approx(backward.scores[0] - backward.scores[1], abs=0.02)
    assert forward.confidence < 0.9 and abs(margin) < 0.1  # well under one JND apart

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Two frames of one scene under another light: the object is compared, not the lamp."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from skimage.data import coffee

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.stimuli import edit_object
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


def _filmic(x):
    """Return a camera's encoded values (0-1) of linear light: a filmic shoulder, gamma 2.2."""
    return np.clip(x * 1.6 / (1 + 0.6 * x), 0, 1) ** (1 / 2.2)


def _filmic_inverse(v):
    y = np.clip(v, 0, 1) ** 2.2
    return y / (1.6 - 0.6 * y)


def _exposed(photo, exposure):
    """Return ``photo`` as a filmic camera gives it under ``exposure`` times the light."""
    scene = _filmic_inverse(photo / 255.0)
    return np.clip(np.round(255 * _filmic(exposure * scene)), 0, 255).astype(np.uint8)


def _slider(photo, factor):
    """Return ``photo`` with its encoded values multiplied, as an editor's brightness slider."""
    return np.clip(np.round(photo * float(factor)), 0, 255).astype(np.uint8)


@pytest.mark.parametrize('relight', [lambda p: _slider(p, 0.85), lambda p: _slider(p, 1.15),
                                     lambda p: _exposed(p, 0.8), lambda p: _exposed(p, 1.25)],
                         ids=['slider 0.85', 'slider 1.15', 'camera 0.8', 'camera 1.25'])
def test_a_frame_relit_through_another_tone_curve_makes_no_sure_darker_object(cup, relight):
    """
    The whole frame under another light, through a tone curve that is not sRGB's.

    One gain a channel, undone, is off on an object of another tone than its backdrop: the cup
    read a few tenths of a JND darker or lighter, and "the darker cup" was chosen at 1.00 either
    way round. Nothing about the cup changed: no side is a sure answer.
    """
    photo, _ = cup
    lit = relight(photo)
    backend = AnalyticBackend()
    for images in ([photo, lit], [lit, photo]):
        result = backend.select(images, parse_difference('the darker cup'))
        assert result.confidence < 0.8, result


def test_a_darker_cup_under_a_cameras_tone_curve_is_still_chosen(cup):
    """The uncertainty of the light undone is no excuse for doubting a clear difference."""
    photo, _ = cup
    darker = _exposed(edit_object(photo, 'darker', 2.0), 1.25)
    backend = AnalyticBackend()
    for images, edited in (([photo, darker], 1), ([darker, photo], 0)):
        result = backend.select(images, parse_difference('bring me the darker cup'))
        assert result.choice == edited and result.confidence > 0.8, result


def test_a_much_dimmer_lamp_on_a_partly_dark_scene_is_undone_either_way_round():
    """
    A lamp at 0.6 of its light sinks much of a dim table under the well-exposed values.

    Whether the light can be told was judged on the pixels well exposed in both frames, fewer
    than half of the table here, so it was undone with the dim frame second and not the other
    way round, where the cup was "the darker cup" at 1.00. The frame that shows the scene decides.
    """
    photo = coffee()
    dim = linear_to_srgb(srgb_to_linear(photo) * 0.6)
    backend = AnalyticBackend()
    for images in ([photo, dim], [dim, photo]):
        described = backend.describe(images[0], images[1], 'color', 'cup')
        assert described.light_gains is not None and described.no_difference, described.sentence
        assert backend.select(images, parse_difference('the darker cup')).confidence < 0.7


@pytest.mark.parametrize('relight', [lambda p: _slider(p, 0.85), lambda p: _slider(p, 1.15),
                                     lambda p: _exposed(p, 0.8), lambda p: _exposed(p, 1.25)],
                         ids=['slider 0.85', 'slider 1.15', 'camera 0.8', 'camera 1.25'])
def test_a_frame_relit_through_another_tone_curve_is_described_as_no_difference(cup, relight):
    """The same cup, the whole frame relit: not "cooler" or "more saturated" (the slider's was)."""
    photo, _ = cup
    described = AnalyticBackend().describe(photo, relight(photo), 'color', 'cup')
    assert described.light_gains is not None
    assert described.no_difference, described.sentence


def test_a_clearly_darker_cup_under_a_cameras_tone_curve_is_described_darker(cup):
    photo, _ = cup
    darker = _exposed(edit_object(photo, 'darker', 2.0), 0.8)
    described = AnalyticBackend().describe(photo, darker, 'color', 'cup')
    assert (described.axis, described.direction) == ('brightness', 1), described.sentence


@pytest.mark.parametrize('gains', [(1.2, 1.0, 0.8), (0.45, 0.45, 0.45)], ids=['tint', 'dimmer'])
def test_a_change_of_light_too_far_off_to_undo_makes_no_sure_colour_answer(cup, gains):
    """
    A light whose tint or level is beyond undoing is left in the frame (``light_left``).

    Compared as taken, the unchanged cup was "the warmer cup" or "the darker cup" at 1.00: the
    light's whole change is now the selection's uncertainty (no sure answer, though the cup
    does look warmer or darker in that frame, and is described so).
    """
    photo, _ = cup
    lit = apply_gains(photo, gains)
    backend = AnalyticBackend()
    query = parse_difference('the warmer cup' if gains[0] != gains[2] else 'the darker cup')
    for images in ([photo, lit], [lit, photo]):
        assert backend.select(images, query).confidence < 0.9


def _vignetted(photo, exposure, fall_off=0.25):
    """Return ``photo`` under ``exposure`` with a vignette: light falling off to the corners."""
    h, w = photo.shape[:2]
    y, x = np.mgrid[:h, :w]
    squared = ((x - w / 2) ** 2 + (y - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)
    linear = srgb_to_linear(photo) * exposure * (1 - fall_off * squared)[:, :, None]
    return linear_to_srgb(linear)


def test_a_vignette_that_changed_makes_no_sure_colour_answer(cup):
    """
    Each side of the frame sees the same light, the middle more: undone as one light.

    The cup in the middle then read brighter than it is, and "the darker cup" was chosen at
    1.00 in either order: the vignette's possible spread is now the selection's uncertainty.
    """
    photo, _ = cup
    lit = _vignetted(photo, 1.1)
    backend = AnalyticBackend()
    for images in ([photo, lit], [lit, photo]):
        assert backend.select(images, parse_difference('the darker cup')).confidence < 0.9

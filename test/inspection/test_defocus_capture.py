# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A frame out of focus in front of a plain backdrop is retried, never recorded as aging."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.inspection.capture import inspect_capture, MIN_OUTLINE_SHARPNESS
from subtle_diff_ros.inspection.plan import Asset
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.vision.image_io import load_image

PHOTOS = [os.path.join(OBJECTS, *p) for p in (
    ('eth80', 'cup', '1', 'cup1-090-090.png'), ('eth80', 'car', '3', 'car3-090-090.png'),
    ('coil100', 'obj10__0.png'))]
# Photos on a backdrop with too little texture to judge the focus on (the car's has enough).
PLAIN_BACKDROP = PHOTOS[::2]


def _photo(path):
    if not os.path.exists(path):
        pytest.skip(f'no photo at {path} (../shared/data is not beside the repository)')
    return load_image(path)


def _taken(image, seed, sigma=0.0):
    """Return a capture of ``image``: out of focus by ``sigma`` pixels, with sensor noise."""
    if sigma:
        image = cv2.GaussianBlur(image, (0, 0), sigma)
    noise = np.random.default_rng(seed).normal(0, 1.5, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def _scene():
    """Return a grainy part with a highlight on a plain, even backdrop (240 x 180)."""
    rng = np.random.default_rng(4)
    mask = np.zeros((180, 240), np.uint8)
    cv2.rectangle(mask, (70, 50), (170, 130), 1, -1)
    cv2.circle(mask, (170, 90), 40, 1, -1)
    grain = cv2.GaussianBlur(rng.normal(0, 1, mask.shape).astype(np.float32), (0, 0), 1.0)
    yy, xx = np.mgrid[:180, :240]
    spot = 50.0 * np.exp(-((xx - 110.0) ** 2 + (yy - 80.0) ** 2) / 20.0)
    image = np.full(mask.shape + (3,), (190, 195, 200), np.float32)
    surface = np.float32((60, 110, 150)) + (5.0 * grain / grain.std() + spot)[..., None]
    image[mask > 0] = surface[mask > 0]
    return np.clip(image, 0, 255).astype(np.uint8)


@pytest.mark.parametrize('which', range(3))
@pytest.mark.parametrize('sigma', [1.2, 1.6, 2.0])
def test_a_defocused_frame_on_a_plain_backdrop_is_retried(which, sigma):
    reference = _scene() if which == 2 else _photo(PLAIN_BACKDROP[which])
    capture = inspect_capture(reference, _taken(reference, 1, sigma), Asset('part'))
    assert not capture.valid and not capture.readings
    assert capture.reason.startswith('the frame is out of focus: its outline is '), capture.reason
    assert capture.checks['sharpness_from'] == 'outline'
    assert capture.checks['sharpness_ratio'] < MIN_OUTLINE_SHARPNESS


@pytest.mark.parametrize('which', range(3))
def test_a_sharp_frame_on_a_plain_backdrop_is_judged_on_its_outline(which):
    reference = _scene() if which == 2 else _photo(PLAIN_BACKDROP[which])
    capture = inspect_capture(reference, _taken(reference, 2), Asset('part'))
    assert capture.valid, capture.reason
    assert capture.checks['sharpness_from'] == 'outline'
    assert capture.checks['sharpness_ratio'] > 0.9


@pytest.mark.parametrize('path', PHOTOS)
@pytest.mark.parametrize('edit', ['rougher', 'more_matte'])
def test_aging_of_the_surface_is_not_taken_for_blur(path, edit):
    reference = _photo(path)
    try:
        aged = edit_object(reference, edit, 3)
    except Exception:  # the edit cannot reach three JNDs on this photo (nothing to lose)
        pytest.skip(f'{edit} cannot be made on {os.path.basename(path)}')
    capture = inspect_capture(reference, _taken(aged, 3), Asset('part'))
    assert capture.valid, capture.reason
    assert capture.checks['sharpness_ratio'] >= 0.9

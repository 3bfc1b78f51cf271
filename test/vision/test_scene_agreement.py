# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Whether two frames show one scene: a phase-correlation shift and objects that agree on it."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.backends.analytic.confidence import CALIBRATION
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.image_io import load_image
from subtle_diff_ros.vision.pair import prepare_pair
from subtle_diff_ros.vision.registration import MIN_SCENE_AGREEMENT

SIZE = 160
CENTRE = (80, 84)


def backdrop(seed=0):
    """Return a blue cloth-like backdrop: smooth folds and fine weave, the same for every photo."""
    rng = np.random.default_rng(seed)
    folds = cv2.GaussianBlur(rng.normal(0.0, 1.0, (SIZE, SIZE)).astype(np.float32), (0, 0), 9)
    weave = cv2.GaussianBlur(rng.normal(0.0, 1.0, (SIZE, SIZE)).astype(np.float32), (0, 0), 1)
    shade = 1.0 + 6.0 * folds + 0.25 * weave
    image = np.stack([60 * shade, 80 * shade, 160 * shade], axis=2)
    return np.clip(image, 0, 255)


def mug(pattern, colour, scale=1.0):
    """
    Return (float RGB layer, alpha) of a mug in one pose: a body with shading and a print.

    ``pattern``: 'stripes' or 'dots', the print on the body; ``scale``: its size about the
    centre (a size edit of the same photo).
    """
    layer = np.zeros((SIZE, SIZE, 3), np.float32)
    alpha = np.zeros((SIZE, SIZE), np.uint8)
    half_w, half_h = int(34 * scale), int(42 * scale)
    cx, cy = CENTRE
    cv2.rectangle(alpha, (cx - half_w, cy - half_h), (cx + half_w, cy + half_h), 1, -1)
    cv2.circle(alpha, (cx + half_w + int(10 * scale), cy), int(14 * scale), 1, int(6 * scale))
    ys, xs = np.mgrid[:SIZE, :SIZE].astype(np.float32)
    shading = 0.75 + 0.25 * np.cos((xs - cx) / (half_w * 1.3))
    if pattern == 'stripes':
        print_ = 0.6 + 0.4 * (np.sin((ys - cy) / (3.0 * scale)) > 0)
    else:
        print_ = 1.0 - 0.45 * ((np.sin((xs - cx) / (4.0 * scale))
                                * np.sin((ys - cy) / (4.0 * scale))) > 0.5)
    layer[:] = np.asarray(colour, np.float32)
    layer *= (shading * print_)[..., None]
    return layer, alpha > 0


def photo(pattern='stripes', colour=(200, 70, 50), scale=1.0, dx=0.0, dy=0.0, seed=0):
    """Return one camera photo of a mug on the backdrop, the frame moved by (dx, dy), noisy."""
    layer, alpha = mug(pattern, colour, scale)
    image = backdrop()
    image[alpha] = layer[alpha]
    move = np.float32([[1, 0, dx], [0, 1, dy]])
    image = cv2.warpAffine(image.astype(np.float32), move, (SIZE, SIZE),
                           flags=cv2.INTER_LANCZOS4, borderMode=cv2.BORDER_REPLICATE)
    noise = np.random.default_rng(seed + 10).normal(0.0, 2.0, image.shape)
    return np.clip(image + noise + 0.5, 0, 255).astype(np.uint8)


def test_two_different_mugs_on_one_backdrop_are_two_scenes():
    """
    Two different mugs in one pose on one backdrop, the camera moved by a few pixels.

    Phase correlation finds the shift (the backdrop and the outlines match), but the mugs' own
    pixels do not agree: they are not one scene, so they are not compared pixel for pixel.
    """
    pair = prepare_pair(photo('stripes', (200, 70, 50)),
                        photo('dots', (60, 150, 70), dx=3.0, dy=-2.0, seed=1))
    assert pair.shift is not None
    assert pair.agreement < MIN_SCENE_AGREEMENT - 0.1
    assert not pair.same_scene


@pytest.mark.parametrize('edit', ['none', 'colour', 'size', 'print faded'])
def test_an_edited_photo_of_the_same_mug_is_one_scene(edit):
    """The same mug moved by the camera, unedited or edited in colour, size or print, is one."""
    first = photo('stripes', (200, 70, 50))
    colour, scale, pattern = (200, 70, 50), 1.0, 'stripes'
    if edit == 'colour':
        colour = (90, 80, 190)
    elif edit == 'size':
        scale = 1.08
    second = photo(pattern, colour, scale, dx=3.0, dy=-2.0, seed=1)
    if edit == 'print faded':
        second = cv2.addWeighted(second, 0.7, cv2.GaussianBlur(second, (0, 0), 1.2), 0.3, 0)
    pair = prepare_pair(first, second)
    assert pair.shift is not None
    assert pair.same_scene, pair.agreement


def test_shape_confidence_of_two_different_mugs_is_that_of_photos_measured_apart():
    """
    A shape answer about two different mugs gets the confidence of two photos measured apart.

    Registered pairs are measured on the same pixels and reach 0.99; two objects, however alike
    their pose, are measured each on its own outline, which can miss part of it (at most
    0.89).
    """
    backend = AnalyticBackend()
    taller = photo('dots', (60, 150, 70), scale=1.15, dx=3.0, dy=-2.0, seed=1)
    query = parse_difference('Bring me the taller mug.', fallback=False)
    result = backend.select([photo('stripes', (200, 70, 50)), taller], query)
    assert result.choice == 1
    assert result.confidence <= CALIBRATION[('shape', False)][1] < 0.9


def _dev_photo(path):
    full = os.path.join(OBJECTS, path)
    if not os.path.exists(full):
        pytest.skip(f'photo not found: {full}')
    return load_image(full)


@pytest.mark.parametrize('first, second', [
    ('eth80/cup/5/cup5-090-000.png', 'eth80/cup/2/cup2-090-000.png'),
    ('eth80/car/9/car9-090-000.png', 'eth80/car/6/car6-090-000.png'),
    ('coil100/obj43__0.png', 'coil100/obj45__0.png')])
def test_different_real_objects_in_one_pose_are_not_one_scene(first, second):
    """Development photo pairs of different objects that phase correlation matches by a shift."""
    pair = prepare_pair(_dev_photo(first), _dev_photo(second))
    assert pair.shift is not None
    assert not pair.same_scene, pair.agreement


@pytest.mark.parametrize('edit', ['smaller', 'wider', 'less_saturated', 'rougher'])
def test_an_edited_real_cup_in_a_moved_frame_is_one_scene(edit):
    """An ETH-80 cup and its own photo edited by four JNDs, the frame moved, stay one scene."""
    image = _dev_photo('eth80/cup/5/cup5-090-000.png')
    h, w = image.shape[:2]
    move = np.float32([[1, 0, 2.5], [0, 1, -1.5]])
    moved = cv2.warpAffine(edit_object(image, edit, 4.0), move, (w, h),
                           flags=cv2.INTER_LANCZOS4, borderMode=cv2.BORDER_REPLICATE)
    pair = prepare_pair(image, moved)
    assert pair.shift is not None
    assert pair.same_scene, pair.agreement

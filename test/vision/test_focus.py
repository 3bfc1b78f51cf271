# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""How blurred a frame is, read on the object's outline, whatever the object's surface does."""

import math
import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.vision.color import to_lab
from subtle_diff_ros.vision.focus import outline_blur, pair_focus
from subtle_diff_ros.vision.image_io import load_image
from subtle_diff_ros.vision.pair import prepare_pair

PHOTOS = [os.path.join(OBJECTS, *p) for p in (
    ('eth80', 'cup', '1', 'cup1-090-090.png'), ('eth80', 'car', '1', 'car1-090-090.png'),
    ('coil100', 'obj10__0.png'), ('coil100', 'obj16__0.png'))]


def _photo(path):
    if not os.path.exists(path):
        pytest.skip(f'no photo at {path} (../shared/data is not beside the repository)')
    return load_image(path)


def _scene(rough=0.0, highlight=0.0, seed=0):
    """Return a 200x200 grey-backdrop scene with a textured ellipse, and the object's mask."""
    rng = np.random.default_rng(seed)
    mask = np.zeros((200, 200), np.uint8)
    cv2.ellipse(mask, (100, 100), (60, 45), 20, 0, 360, 1, -1)
    mask = mask > 0
    image = np.full((200, 200, 3), (200, 205, 210), np.float32)
    grain = cv2.GaussianBlur(rng.normal(0, 1, (200, 200)).astype(np.float32), (0, 0), 1.2)
    surface = np.float32((140, 70, 40)) + (8.0 + rough) * grain[..., None] / grain.std()
    yy, xx = np.mgrid[:200, :200]
    spot = highlight * np.exp(-((xx - 85.0) ** 2 + (yy - 90.0) ** 2) / 60.0)
    surface = surface + spot[..., None]
    # The object's surface changes inside its outline only, as aging does.
    inner = cv2.erode(mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    image[mask] = np.float32((140, 70, 40))
    image[inner] = surface[inner]
    return np.clip(image, 0, 255).astype(np.uint8), mask


def _blur(image, sigma):
    return cv2.GaussianBlur(image, (0, 0), sigma) if sigma else image


def _outline(image, mask):
    return outline_blur(to_lab(image)[:, :, 0], mask)


@pytest.mark.parametrize('sigma', [0.8, 1.2, 1.6, 2.0])
def test_a_blurred_scene_reads_the_blur_added(sigma):
    image, mask = _scene()
    sharp, blurred = _outline(image, mask), _outline(_blur(image, sigma), mask)
    assert sharp < 0.9
    assert math.sqrt(blurred ** 2 - sharp ** 2) == pytest.approx(sigma, rel=0.25)


@pytest.mark.parametrize('surface', [{'rough': 12.0}, {'highlight': 40.0}, {'rough': -6.0},
                                     {'seed': 3}])
def test_a_changed_surface_keeps_its_outline_sharp(surface):
    image, mask = _scene()
    changed, _ = _scene(**surface)
    assert _outline(changed, mask) == pytest.approx(_outline(image, mask), abs=0.1)


def test_an_outline_without_steps_is_not_read():
    image = np.full((100, 100, 3), 120, np.uint8)
    mask = np.zeros((100, 100), bool)
    mask[30:70, 30:70] = True
    assert _outline(image, mask) is None


@pytest.mark.parametrize('path', PHOTOS)
@pytest.mark.parametrize('sigma', [1.0, 1.5, 2.0])
def test_the_blurrier_photo_of_a_pair_is_found_in_either_order(path, sigma):
    photo = _photo(path)
    blurred = _blur(photo, sigma)
    for images, sharper in (((photo, blurred), 0), ((blurred, photo), 1)):
        found = pair_focus(prepare_pair(*images))
        assert found is not None and found[0] == sharper, (sigma, found)
        # In texture-copy pixels, which are the photos' own here (256 and 128 pixels).
        assert found[1] == pytest.approx(sigma, rel=0.3)


@pytest.mark.parametrize('path', PHOTOS)
def test_noise_jpeg_and_a_shift_are_no_blur(path):
    photo = _photo(path)
    rng = np.random.default_rng(5)
    noisy = np.clip(photo + rng.normal(0, 2.5, photo.shape), 0, 255).astype(np.uint8)
    _, data = cv2.imencode('.jpg', noisy, [cv2.IMWRITE_JPEG_QUALITY, 85])
    taken = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    taken = cv2.warpAffine(taken, np.float32([[1, 0, 0.5], [0, 1, -0.7]]), photo.shape[1::-1],
                           flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    assert pair_focus(prepare_pair(photo, taken)) is None

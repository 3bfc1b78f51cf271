# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for change localization between two photos of an object."""

import numpy as np
import pytest

from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.vision.localization import find_changed_regions
from subtle_diff_ros.vision.registration import register


def _object_scene(shift=(0, 0)):
    """Return (image, mask): a textured ellipse-and-box object on a plain grey background."""
    rng = np.random.default_rng(3)
    h, w = 240, 320
    image = np.full((h, w, 3), (90, 100, 110), np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    mask = (((xx - 160) / 90.0) ** 2 + ((yy - 120) / 70.0) ** 2) <= 1.0
    mask |= (xx > 230) & (xx < 260) & (yy > 100) & (yy < 140)
    texture = rng.integers(0, 40, size=(h // 8, w // 8, 1), dtype=np.uint8)
    texture = np.kron(texture, np.ones((8, 8, 1), np.uint8))
    image[mask] = (np.array([200, 150, 60], np.uint8) + texture[mask]).clip(0, 255)
    dy, dx = shift
    return np.roll(image, (dy, dx), (0, 1)), np.roll(mask, (dy, dx), (0, 1))


def test_local_change_is_found_where_it_is():
    image_1, mask_1 = _object_scene()
    image_2, mask_2 = _object_scene(shift=(4, -5))
    # Paint a dark patch on the object in image 2 at image-1 position (x 100..140, y 90..120).
    image_2[94:124, 95:135] = (60, 40, 20)
    regions = find_changed_regions(image_1, image_2, mask_1, mask_2)
    assert regions, 'the painted patch was not found'
    best = regions[0]
    assert 0.0 <= best.score <= 1.0
    centre_x = best.x + best.width / 2
    centre_y = best.y + best.height / 2
    assert 110 <= centre_x <= 130 and 95 <= centre_y <= 115
    assert best.width < 80 and best.height < 70


def test_local_change_found_without_masks():
    image_1, _ = _object_scene()
    image_2, _ = _object_scene()
    image_2[90:120, 100:140] = (60, 40, 20)
    regions = find_changed_regions(image_1, image_2)
    assert regions
    best = regions[0]
    assert best.x <= 105 and best.x + best.width >= 135


def test_identical_and_shifted_images_give_no_regions():
    image_1, mask_1 = _object_scene()
    assert find_changed_regions(image_1, image_1.copy(), mask_1, mask_1) == []
    image_2, mask_2 = _object_scene(shift=(6, 7))
    assert find_changed_regions(image_1, image_2, mask_1, mask_2) == []
    assert find_changed_regions(image_1, image_2) == []


def test_background_change_is_ignored():
    image_1, mask_1 = _object_scene()
    image_2 = image_1.copy()
    image_2[5:60, 5:60] = (250, 250, 250)  # off the object
    assert find_changed_regions(image_1, image_2, mask_1, mask_1) == []


def test_registration_recovers_a_shift():
    image_1, mask_1 = _object_scene()
    image_2, _ = _object_scene(shift=(5, -8))
    registration = register(image_1, image_2)
    assert registration.method in ('ecc', 'orb')
    assert registration.matrix_1_to_2[0, 2] == pytest.approx(-8, abs=1.0)
    assert registration.matrix_1_to_2[1, 2] == pytest.approx(5, abs=1.0)


def test_max_regions_and_bad_mask():
    image_1, mask_1 = _object_scene()
    image_2 = image_1.copy()
    image_2[90:110, 90:110] = 0
    image_2[140:160, 180:200] = 255
    assert len(find_changed_regions(image_1, image_2, mask_1, mask_1, max_regions=1)) == 1
    with pytest.raises(InvalidImageError):
        find_changed_regions(image_1, image_2, mask_1[:10], mask_1)

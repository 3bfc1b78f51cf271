# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The fake camera's seamless shape edits: a feathered warp that scales the object in place."""

import cv2
import numpy as np
import pytest
import skimage.data
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.stimuli.shape import warp_shape
from subtle_diff_ros.stimuli.units import axis_change, measure
from subtle_diff_ros.vision.pair import object_mask


def _ellipse(width, height=80, size=(200, 260)):
    """Return (RGB image, bool mask) of a shaded ellipse on a grey, slightly textured table."""
    rng = np.random.default_rng(0)
    image = np.full(size + (3,), 120, np.uint8)
    image = np.clip(image + rng.normal(0, 3, image.shape), 0, 255).astype(np.uint8)
    mask = np.zeros(size, np.uint8)
    cv2.ellipse(mask, (130, 100), (width // 2, height // 2), 0, 0, 360, 1, -1)
    image[mask > 0] = (200, 60, 40)
    return image, mask > 0


@pytest.mark.parametrize('name, axis', [('wider', 'width'), ('narrower', 'width'),
                                        ('larger', 'size'), ('smaller', 'size')])
def test_warp_reaches_its_size_and_leaves_the_far_background_alone(name, axis):
    image, mask = _ellipse(120)
    alpha = mask.astype(np.float32)
    edited, new_alpha, reached = warp_shape(name, image, alpha, mask, 0.06)
    change = abs(axis_change(measure(image, mask), measure(image, new_alpha >= 0.5), axis))
    assert reached >= 0.9 * 0.06 and change == pytest.approx(reached)
    far = cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, 5) > 60
    assert np.array_equal(edited[far], image[far])


def test_wider_warp_matches_the_object_drawn_wider():
    image, mask = _ellipse(120)
    drawn, drawn_mask = _ellipse(round(120 * 1.06))
    edited, new_alpha, _ = warp_shape('wider', image, mask.astype(np.float32), mask, 0.06)
    outline = cv2.dilate(drawn_mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    outline &= ~(cv2.erode(drawn_mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0)
    inside = drawn_mask & ~outline
    # The object's own colour fills the wider outline: no background shows through, no seam.
    assert np.abs(edited[inside].astype(int) - (200, 60, 40)).max() <= 2
    assert ((new_alpha >= 0.5) ^ drawn_mask)[~outline].sum() == 0


def test_the_fake_camera_widens_the_coffee_cup_without_cutting_it_out():
    cup = cv2.resize(skimage.data.coffee(), (600, 400), interpolation=cv2.INTER_AREA)
    wider = edit_object(cup, 'wider', 2.0)
    mask = object_mask(cup)
    # Every changed pixel lies within the feathered band around the (automatic) object.
    changed = np.abs(wider.astype(int) - cup.astype(int)).max(axis=2) > 0
    near = cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, 5) < 0.3 * np.sqrt(
        mask.sum()) + 20
    assert changed.any() and not (changed & ~near).any()

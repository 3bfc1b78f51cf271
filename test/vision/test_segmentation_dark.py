# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Automatic masks of dark objects on dark backgrounds, and masks that are a close call."""

import numpy as np
import pytest

from subtle_diff_ros.vision.segmentation import automatic_mask, automatic_masks

SIZE = 128
BACKGROUND = 22


def can(body, label=(230, 200, 60), touches_frame=True, seed=0):
    """
    Return (image, true mask) of a can on a near-black background, as COIL-100 photographs it.

    The can's body has colour ``body``; a bright label band covers its middle; the body runs
    down to the bottom of the frame unless ``touches_frame`` is False. A little sensor noise.
    """
    image = np.full((SIZE, SIZE, 3), BACKGROUND, np.uint8)
    truth = np.zeros((SIZE, SIZE), bool)
    truth[20:SIZE if touches_frame else SIZE - 10, 34:94] = True
    image[truth] = body
    image[50:85, 34:94] = label
    noise = np.random.default_rng(seed).normal(0.0, 2.0, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8), truth


def iou(mask, truth):
    """Return the intersection over union of two bool masks."""
    return (mask & truth).sum() / (mask | truth).sum()


@pytest.mark.parametrize('body', [(20, 55, 30), (45, 30, 20)], ids=['dark green', 'dark brown'])
def test_dark_object_touching_the_frame_is_segmented_whole(body):
    """
    Segment a dark can whose body runs into the frame whole.

    Its body is object, not background, though its colour lies on the border: the mask is the
    whole can, not just its bright label.
    """
    image, truth = can(body)
    assert iou(automatic_mask(image), truth) > 0.95


def test_dark_object_inside_the_frame_is_segmented_whole():
    """The same can clear of the frame: the whole can too."""
    image, truth = can((20, 55, 30), touches_frame=False)
    assert iou(automatic_mask(image), truth) > 0.95


def test_dark_parts_lighter_than_a_black_background_stay_in_the_mask():
    """
    Keep a cup's shaded lower half (dark brown, a few L* units above black) in its mask.

    Lightness above a black background counts as much as colour.
    """
    image = np.full((SIZE, SIZE, 3), 18, np.uint8)
    truth = np.zeros((SIZE, SIZE), bool)
    truth[30:100, 24:104] = True
    image[30:65, 24:104] = (150, 120, 90)
    image[65:100, 24:104] = (40, 32, 26)
    noise = np.random.default_rng(0).normal(0.0, 2.0, image.shape)
    image = np.clip(image + noise, 0, 255).astype(np.uint8)
    assert iou(automatic_mask(image), truth) > 0.95


def test_a_close_call_offers_the_other_outline():
    """
    Offer the label alone as the dark brown can's other plausible outline.

    Its label's strong edges make it a close call: the mask comes with that other mask and its
    relative score.
    """
    image, truth = can((45, 30, 20))
    mask, others = automatic_masks(image)
    assert iou(mask, truth) > 0.95
    assert len(others) == 1
    other, weight = others[0]
    assert iou(other, truth) < 0.5
    assert 0.5 <= weight <= 1.0


def test_a_clear_object_has_no_other_outline():
    """A bright object on black: one reading, no close call."""
    image = np.full((SIZE, SIZE, 3), BACKGROUND, np.uint8)
    image[30:100, 30:100] = (200, 60, 50)
    mask, others = automatic_masks(image)
    assert mask[40:90, 40:90].all()
    assert others == []


@pytest.mark.parametrize('side', [16, 24])
@pytest.mark.parametrize('value', [0, 128, 255])
def test_nearly_featureless_small_images_get_a_mask_and_no_error(side, value):
    """A flat frame, or one with a single odd column or pixel at its edge, is no error."""
    flat = np.full((side, side, 3), value, np.uint8)
    column, pixel = flat.copy(), flat.copy()
    column[:, :1] = 255 - value
    pixel[0, 0] = 255 - value
    for image in (flat, column, pixel):
        mask, others = automatic_masks(image)
        assert mask.shape == (side, side) and mask.any()
        assert all(weight <= 1.0 for _, weight in others)

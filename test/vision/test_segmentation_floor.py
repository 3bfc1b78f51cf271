# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Automatic masks of objects standing on a floor or cloth that runs across the frame."""

import glob
import os

import numpy as np
from paths import OBJECTS
from PIL import Image
import pytest

from subtle_diff_ros.vision.pair import prepare_images
from subtle_diff_ros.vision.segmentation import automatic_mask


def floor_scene(seed=0, size=160):
    """
    Return (image, true mask) of a dark toy car on a light cloth before a dark backdrop.

    The cloth runs across the whole width of the frame, as a table or floor does in a view from
    the side; the car straddles the line where the backdrop meets the cloth.
    """
    image = np.zeros((size, size, 3), np.uint8)
    image[:] = (30, 34, 70)
    image[80:140] = (120, 140, 205)
    image[140:] = (28, 30, 52)
    truth = np.zeros((size, size), bool)
    truth[62:104, 50:110] = True
    image[truth] = (18, 18, 22)
    image[66:72, 56:66] = (200, 40, 40)
    noise = np.random.default_rng(seed).normal(0.0, 2.0, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8), truth


def iou(mask, truth):
    """Return the intersection over union of two bool masks."""
    return (mask & truth).sum() / (mask | truth).sum()


@pytest.mark.parametrize('seed', [0, 1])
def test_the_object_on_a_cloth_across_the_frame_is_the_mask_not_the_cloth(seed):
    """The car, not the car with the cloth it stands on (the cloth runs along the frame)."""
    image, truth = floor_scene(seed)
    assert iou(automatic_mask(image), truth) > 0.9


ETH_SIDE_VIEWS = sorted(glob.glob(os.path.join(OBJECTS, 'eth80', 'car', '*', 'car*-090-270.png')))


@pytest.mark.skipif(not ETH_SIDE_VIEWS, reason=f'no ETH-80 car photos under {OBJECTS}')
def test_toy_cars_seen_from_behind_on_their_cloth_are_found_without_the_cloth():
    """
    ETH-80 toy cars seen from behind (090-270) stand on a light cloth before a dark backdrop.

    The automatic mask must cover the car and leave most of the cloth out: measured against the
    dataset's own masks, every view overlaps its car by more than half (before this was cared
    for, six of the ten were the cloth, with an overlap near 0.2).
    """
    overlaps = {}
    for path in ETH_SIDE_VIEWS:
        stem = os.path.basename(path)[:-4]
        truth = np.array(Image.open(os.path.join(os.path.dirname(path), 'masks',
                                                 stem + '-map.png')).convert('L')) > 127
        image = np.array(Image.open(path).convert('RGB'))
        overlaps[stem] = round(float(iou(prepare_images([image])[0].full_mask(), truth)), 3)
    assert min(overlaps.values()) > 0.5, overlaps

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for the side-by-side comparison picture."""

import numpy as np

from subtle_diff_ros.core.results import ChangedRegion
from subtle_diff_ros.vision.image_io import load_image, save_image
from subtle_diff_ros.vision.registration import Registration
from subtle_diff_ros.vision.rendering import BOX_COLORS, render_side_by_side


def _pair():
    image_1 = np.full((120, 160, 3), 128, np.uint8)
    image_1[30:90, 40:120] = (30, 160, 30)
    image_2 = image_1.copy()
    return image_1, image_2


def _has_colour(panel, colour):
    return bool(np.any(np.all(np.abs(panel.astype(int) - colour) <= 10, axis=2)))


def test_boxes_on_both_images_and_caption(tmp_path):
    image_1, image_2 = _pair()
    region = ChangedRegion(50, 40, 30, 20, 0.8)
    identity = Registration(np.eye(3), 'identity')
    picture = render_side_by_side(image_1, image_2, [region], 'The cup in Image 1 is darker.',
                                  registration=identity)
    assert picture.dtype == np.uint8 and picture.ndim == 3 and picture.shape[2] == 3
    middle = picture.shape[1] // 2
    assert _has_colour(picture[:, :middle], BOX_COLORS[0])
    assert _has_colour(picture[:, middle:], BOX_COLORS[0])
    path = tmp_path / 'pair.png'
    save_image(str(path), picture)
    assert np.array_equal(load_image(str(path)), picture)


def test_long_sentences_wrap_into_a_taller_strip():
    image_1, image_2 = _pair()
    short = render_side_by_side(image_1, image_2, [], 'Darker.')
    long = render_side_by_side(image_1, image_2, [], ' '.join(['The cup is darker.'] * 20))
    assert long.shape[1] == short.shape[1]
    assert long.shape[0] > short.shape[0]
    assert not _has_colour(short, BOX_COLORS[0])


def test_images_of_different_sizes_share_a_height():
    image_1 = np.zeros((100, 100, 3), np.uint8)
    image_2 = np.zeros((200, 300, 3), np.uint8)
    picture = render_side_by_side(image_1, image_2, [], 'No difference.', labels=('A', 'B'))
    # Both panels are 360 px high, so image 2 (aspect 1.5) is 540 px wide and image 1 is 360.
    assert picture.shape[1] == 12 + 360 + 12 + 540 + 12


def test_a_very_wide_image_is_shown_smaller_not_stretched():
    """A 16 x 20000 image (a valid request) gives a picture of bounded size, boxes inside it."""
    wide = np.full((16, 20000, 3), 90, np.uint8)
    region = ChangedRegion(x=100, y=2, width=400, height=10, score=1.0)
    picture = render_side_by_side(wide, wide, [region], 'The strip is darker.')
    assert picture.shape[1] <= 2 * 3 * 360 + 100 and picture.shape[0] < 600
    assert _has_colour(picture, BOX_COLORS[0])

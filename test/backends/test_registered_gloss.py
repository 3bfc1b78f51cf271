# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Two frames of one scene are resampled alike before their highlights are compared."""

import cv2
import numpy as np
import pytest

from subtle_diff_ros.backends.analytic.measure import compare, measure_pair
from subtle_diff_ros.vision.pair import prepare_pair

SIZE = 160
# (x, y, sigma) of small soft highlights on the part, relative to its centre (pixels).
HIGHLIGHTS = ((-20, -15, 1.2), (10, -25, 0.9), (18, 12, 1.5), (-8, 22, 1.0), (25, -5, 0.8),
              (-28, 5, 1.1))


def glossy_part(dx=0.0, dy=0.0):
    """Return a red disc with small white highlights on green, drawn exactly at (dx, dy)."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    cx, cy = SIZE / 2 + dx, SIZE / 2 + dy
    body = np.clip(50 - np.hypot(xx - cx, yy - cy), 0, 1)[..., None]
    image = np.float32((40, 90, 60)) * (1 - body) + np.float32((170, 40, 30)) * body
    for x, y, sigma in HIGHLIGHTS:
        blob = np.exp(-((xx - cx - x) ** 2 + (yy - cy - y) ** 2) / (2 * sigma ** 2))[..., None]
        image = image + (255 - image) * 0.8 * blob * body
    return np.clip(image + 0.5, 0, 255).astype(np.uint8)


def relative_gloss_difference(image_1, image_2):
    """Return image 1's glossiness less image 2's, as a part of image 2's."""
    first, second = measure_pair(prepare_pair(image_1, image_2))
    assert first.highlights.registered and second.highlights.registered
    difference = compare('glossiness', first, second).difference
    return difference / second.values['glossiness']


@pytest.mark.parametrize('dx, dy', [(0.5, 0.5), (0.3, -0.7), (1.5, 0.5), (-2.5, 1.5)])
def test_a_part_moved_by_a_fraction_of_a_pixel_is_as_glossy_whichever_frame_comes_first(dx, dy):
    """
    The same glossy part drawn a fraction of a pixel apart reads equally glossy in either order.

    Moving only image 2 onto image 1 smoothed image 2's highlights, so that it read about 1 %
    less glossy than image 1 in both orders; both frames are now moved halfway.
    """
    reference, moved = glossy_part(), glossy_part(dx, dy)
    assert abs(relative_gloss_difference(moved, reference)) < 0.005
    assert abs(relative_gloss_difference(reference, moved)) < 0.005


@pytest.mark.parametrize('angle', [0.4, -0.8])
def test_a_slightly_turned_frame_is_registered_before_its_highlights_are_compared(angle):
    """
    A frame turned by under a degree about the part (and moved) reads as glossy as the other.

    A shift alone left the turned highlights off by up to a pixel at the part's rim, and the
    turned frame read up to 1.8 % less glossy; the pair's rigid registration undoes the turn.
    """
    reference = glossy_part()
    matrix = cv2.getRotationMatrix2D((SIZE / 2, SIZE / 2), angle, 1.0)
    matrix[:, 2] += (0.6, -0.3)
    turned = cv2.warpAffine(reference, matrix, (SIZE, SIZE), flags=cv2.INTER_LANCZOS4,
                            borderMode=cv2.BORDER_REPLICATE)
    assert abs(relative_gloss_difference(turned, reference)) < 0.005
    assert abs(relative_gloss_difference(reference, turned)) < 0.005

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The rounder edit's magnitude is what its picture shows, on small anti-aliased objects too."""

import cv2
import numpy as np
import pytest

from subtle_diff_ros.stimuli.shape import edit_shape
from subtle_diff_ros.vision.measures import outline_circularity

BACKGROUND = np.array([30.0, 30.0, 30.0])
COLOUR = np.array([200.0, 120.0, 60.0])


def _tilted_box(width, height, angle, side=96, supersample=8):
    """Return (picture, alpha) of an anti-aliased tilted box on a dark backdrop (COIL-size)."""
    big = np.zeros((side * supersample, side * supersample), np.uint8)
    centre = side * supersample / 2
    corners = cv2.boxPoints(((centre, centre), (width * supersample, height * supersample),
                             angle))
    cv2.fillPoly(big, [corners.astype(np.int32)], 255)
    alpha = cv2.resize(big.astype(np.float32) / 255.0, (side, side),
                       interpolation=cv2.INTER_AREA)
    picture = BACKGROUND * (1 - alpha[..., None]) + COLOUR * alpha[..., None]
    return np.round(picture).astype(np.uint8), alpha


def _seen_alpha(picture):
    """Return how much of each pixel the object covers, read back from the picture's colours."""
    span = COLOUR - BACKGROUND
    return np.clip(((picture - BACKGROUND) * span).sum(axis=2) / (span @ span), 0, 1)


@pytest.mark.parametrize('box', [(40, 40, 17), (50, 26, 31), (44, 30, 8)])
@pytest.mark.parametrize('target', [0.03, 0.06])
def test_a_rounder_edit_rounds_the_outline_the_picture_shows_by_its_magnitude(box, target):
    picture, alpha = _tilted_box(*box)
    made = edit_shape('rounder', picture, alpha, alpha >= 0.5, target)
    assert made is not None
    edited, _, reached = made
    assert 0.9 * target <= reached <= 1.25 * target
    # Traced on the pictures' own edges, the edited object is rounder by what was stated:
    # cutting the smoothed outline at the photo's resolution sharpened the edge into its pixel
    # staircase and the picture's outline came out less round than the original.
    seen = (outline_circularity(_seen_alpha(edited))
            / outline_circularity(_seen_alpha(picture)) - 1)
    assert seen == pytest.approx(reached, rel=0.15)


def test_a_rounder_edit_leaves_the_picture_away_from_the_outline_alone():
    picture, alpha = _tilted_box(40, 40, 17)
    edited, new_alpha, _ = edit_shape('rounder', picture, alpha, alpha >= 0.5, 0.06)
    changed = np.abs(edited.astype(int) - picture.astype(int)).max(axis=2) > 2
    near = cv2.dilate(((alpha > 0.02) & (alpha < 0.98)).astype(np.uint8),
                      np.ones((15, 15), np.uint8)) > 0
    assert changed.any() and not (changed & ~near).any()
    # Corners are cut: the object loses area and gains none far outside its old outline.
    assert new_alpha.sum() < alpha.sum()
    assert not ((new_alpha > 0.5) & (alpha < 0.02)).any()

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Pair masks that follow the object's own motion (``registration.object_motion``).

A shape edit of an object whose side is about as dark as the background (COIL-100 on its black
cloth) changes that side's pixels by less than the pair's noise; the outline carried by the
frames' shift stayed there, and a smaller object read as shorter but hardly narrower.
"""

import cv2
import numpy as np
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.backends.analytic.measure import measure_object
from subtle_diff_ros.vision.pair import prepare_images
from subtle_diff_ros.vision.registration import object_motion

CENTRE = (160, 120)


def half_dark_ellipse(scale_x, scale_y, rng, shift=(0, 0)):
    """
    Return a noisy dark scene with an ellipse: its left half orange, its right half dark.

    The right half is barely lighter than the background; a few printed stripes cross the
    object. ``scale_x``, ``scale_y``: the ellipse's axes relative to 70 x 50 pixels.
    """
    image = np.full((240, 320, 3), 30, np.uint8)
    layer = np.zeros_like(image)
    layer[:, :] = (60, 60, 60)
    layer[:, :CENTRE[0]] = (200, 150, 60)
    for x in range(-60, 61, 20):
        cv2.line(layer, (CENTRE[0] + x, 0), (CENTRE[0] + x, 239), (120, 40, 40), 3)
    # The print scales with the object, as an edit stretches its pixels.
    matrix = np.float32([[scale_x, 0, CENTRE[0] * (1 - scale_x) + shift[0]],
                         [0, scale_y, CENTRE[1] * (1 - scale_y) + shift[1]]])
    layer = cv2.warpAffine(layer, matrix, (320, 240), flags=cv2.INTER_LINEAR)
    mask = np.zeros((240, 320), np.uint8)
    axes = (int(round(70 * scale_x)), int(round(50 * scale_y)))
    cv2.ellipse(mask, (CENTRE[0] + shift[0], CENTRE[1] + shift[1]), axes, 0, 0, 360, 255, -1,
                lineType=cv2.LINE_AA)
    alpha = (mask.astype(np.float32) / 255.0)[..., None]
    image = image * (1 - alpha) + layer * alpha
    return np.clip(image + rng.normal(0, 3.0, image.shape), 0, 255).astype(np.uint8)


def log_changes(image_1, image_2):
    """Return the measured log ratios of width, height and size, image 1 against image 2."""
    first, second = prepare_images([image_1, image_2])
    assert first.mask_carried and second.mask_carried
    values = [measure_object(view).values for view in (first, second)]
    return {axis: float(np.log(values[0][axis] / values[1][axis]))
            for axis in ('width', 'height', 'size')}


@pytest.mark.parametrize('seed', range(3))
def test_a_smaller_object_with_a_dark_side_is_smaller_on_every_side(seed):
    """
    An object shrunk by 8 % whose right half is barely lighter than the dark background.

    Its right side's move is lost in the pixel noise; the outline now follows the object's
    fitted motion, so width, height and size all shrink by the 8 % and the description says
    smaller.
    """
    rng = np.random.default_rng(seed)
    large, small = half_dark_ellipse(1.0, 1.0, rng), half_dark_ellipse(0.92, 0.92, rng)
    changes = log_changes(small, large)
    for axis, change in changes.items():
        assert change == pytest.approx(np.log(0.92), abs=0.012), axis
    description = AnalyticBackend().describe(small, large, 'shape')
    assert (description.axis, description.direction) == ('size', -1), description.sentence


def test_a_wider_object_with_a_dark_side_is_wider_not_larger():
    """Stretched by 6 % across, the same object is wider, its height unchanged."""
    rng = np.random.default_rng(5)
    plain, wide = half_dark_ellipse(1.0, 1.0, rng), half_dark_ellipse(1.06, 1.0, rng)
    changes = log_changes(wide, plain)
    assert changes['width'] == pytest.approx(np.log(1.06), abs=0.012)
    assert abs(changes['height']) < 0.01
    description = AnalyticBackend().describe(wide, plain, 'shape')
    assert (description.axis, description.direction) == ('width', 1), description.sentence


@pytest.mark.parametrize('seed', range(3))
def test_unedited_frames_move_by_their_shift_alone(seed):
    """
    The same object moved by a few pixels, with new sensor noise: no stretch is fitted.

    ``object_motion`` returns the plain shift (its fit stretches the object by less than the
    noise allowance), and the shape reads the same.
    """
    rng = np.random.default_rng(seed)
    first = half_dark_ellipse(1.0, 1.0, rng)
    second = half_dark_ellipse(1.0, 1.0, rng, shift=(3, -2))
    views = prepare_images([first, second])
    motion = object_motion(views[0].image, views[1].image, views[0].mask, (1.5, -1.0))
    assert np.array_equal(motion[:, :2], np.eye(2))
    description = AnalyticBackend().describe(first, second, 'shape')
    assert description.no_difference, description.sentence


@pytest.mark.parametrize('scale_x, scale_y', [(1.06, 1.0), (1.0, 0.95), (0.93, 0.93)])
def test_interior_extents_are_the_stretch_either_way_round(scale_x, scale_y):
    """
    The object's motion, fitted both ways, gives its stretch along each axis as log ratios.

    Image 1 stretched by (scale_x, scale_y) against image 2: width and height are their logs,
    size the mean of the two; swapping the images negates every extent. The print runs up
    and down, so only the outline of the 25-pixel-high working copy shows a vertical stretch:
    within 0.015.
    """
    from subtle_diff_ros.backends.analytic.shape import interior_extents
    from subtle_diff_ros.vision.pair import prepare_pair

    rng = np.random.default_rng(7)
    plain = half_dark_ellipse(1.0, 1.0, rng)
    stretched = half_dark_ellipse(scale_x, scale_y, rng, shift=(2, 1))
    forward = interior_extents(prepare_pair(stretched, plain))
    backward = interior_extents(prepare_pair(plain, stretched))
    assert forward['width'] == pytest.approx(np.log(scale_x), abs=0.006)
    assert forward['height'] == pytest.approx(np.log(scale_y), abs=0.015)
    assert forward['size'] == pytest.approx(0.5 * np.log(scale_x * scale_y), abs=0.01)
    for axis, extent in forward.items():
        assert backward[axis] == pytest.approx(-extent, abs=0.004), axis

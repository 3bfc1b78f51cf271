# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Shape values of an object's silhouette: spreads, size, roundness, sharpness, curvature.

Besides the axes, ``rectangularity``: how much of its smallest enclosing rectangle the outline
fills (1 for a box, pi/4 for any ellipse, less for outlines with parts sticking out), which the
backend weighs with circularity when it compares the roundness of objects in different photos.

All are independent of where the object lies in the frame; lengths are relative to the image
scale (the square root of the working copy's area), so images of different resolution compare.

Two frames of one scene also compare their extents by how the object itself stretched between
them (``interior_extents``): the affine map that moves its print and shading. A scaled or
stretched object moves all of its pixels; an outline that only rounded off (corners cut, a
handle or an ear smoothed away) moves none inside and does not stretch it, though the spreads
of its silhouette shrink. On the edit benchmark with seed 1 (the same view) the edited extent
moved by 0.028 to 0.032 (medians, log ratios) for one-JND wider, narrower, larger and smaller
edits; width, height and size moved by -0.017 to 0.012 (10th to 90th percentile) for rounder
edits of up to four JNDs, and by less than 0.0011 (90th percentile) between unedited frames.
"""

import math
from typing import Dict, Optional

import cv2
import numpy as np
from scipy.ndimage import gaussian_filter1d

from ...vision.measures import outline_circularity
from ...vision.pair import prepare_pair
from ...vision.registration import fit_object_affine
from ...vision.segmentation import soft_coverage

# Points the object outline is resampled to, and the step (in points) of the turning angle.
_OUTLINE_POINTS = 128

_TURN_STEP = 3


def _largest_contour(mask: np.ndarray) -> Optional[np.ndarray]:
    """Return the mask's largest outer contour (every boundary pixel), or None without one."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_NONE)
    return max(contours, key=cv2.contourArea) if contours else None


def _outline(largest: Optional[np.ndarray]) -> Optional[np.ndarray]:
    """Return the largest contour resampled evenly and smoothed, as (N, 2) float32."""
    if largest is None:
        return None
    contour = largest.reshape(-1, 2).astype(np.float64)
    if len(contour) < 8:
        return None
    closed = np.vstack([contour, contour[:1]])
    steps = np.hypot(*np.diff(closed, axis=0).T)
    position = np.concatenate([[0.0], np.cumsum(steps)])
    samples = np.linspace(0.0, position[-1], _OUTLINE_POINTS, endpoint=False)
    points = np.stack([np.interp(samples, position, closed[:, i]) for i in (0, 1)], axis=1)
    # Circular smoothing of the pixel staircase.
    return gaussian_filter1d(points, 1.0, axis=0, mode='wrap').astype(np.float32)


def _turning_angles(points: np.ndarray) -> np.ndarray:
    """
    Return the signed turning angle (degrees) at each outline point over +-_TURN_STEP points.

    Positive is convex for OpenCV's outer contours in image coordinates.
    """
    before = points - np.roll(points, _TURN_STEP, axis=0)
    after = np.roll(points, -_TURN_STEP, axis=0) - points
    cross = before[:, 0] * after[:, 1] - before[:, 1] * after[:, 0]
    dot = (before * after).sum(axis=1)
    angles = np.degrees(np.arctan2(cross, dot))
    # Make convex turns positive whatever the contour's orientation.
    return angles if angles.sum() >= 0 else -angles


def _rectangularity(largest: Optional[np.ndarray]) -> float:
    """Return the largest contour's area over that of its smallest enclosing rectangle."""
    if largest is None:
        return 1.0
    (_, _), (width, height), _ = cv2.minAreaRect(largest)
    return float(min(1.0, cv2.contourArea(largest) / max(width * height, 1e-9)))


def shape_values(mask: np.ndarray, coverage: np.ndarray, unit: float,
                 outline: Optional[np.ndarray] = None) -> Dict[str, float]:
    """
    Return the shape values of the object from its silhouette, independent of its position.

    Widths, heights and lengths are spreads of the silhouette (4 standard deviations of the
    covered pixels' coordinates, or along its principal axes), which move smoothly with the
    outline and ignore where the object is; size is the square root of the covered area.
    ``outline``: the coverage roundness is traced on when not ``coverage`` (a frame of one
    scene: ``roundness_coverage``).
    """
    h, w = coverage.shape
    moments = cv2.moments(coverage)
    area = max(moments['m00'], 1e-9)
    covariance = np.array([[moments['mu20'], moments['mu11']],
                           [moments['mu11'], moments['mu02']]]) / area
    minor, major = np.linalg.eigvalsh(covariance)
    values = {
        'width': 4.0 * math.sqrt(max(covariance[0, 0], 1e-9)) / unit,
        'height': 4.0 * math.sqrt(max(covariance[1, 1], 1e-9)) / unit,
        'length': 4.0 * math.sqrt(max(major, 1e-9)) / unit,
        'thickness': 4.0 * math.sqrt(max(minor, 1e-9)) / unit,
        'size': math.sqrt(area) / unit,
        'roundness': outline_circularity(coverage if outline is None else outline),
    }
    largest = _largest_contour(mask)
    values['rectangularity'] = _rectangularity(largest)
    points = _outline(largest)
    if points is None:
        values.update(sharpness=0.0, curvature=1.0)
        return values
    turning = _turning_angles(points)
    circle_turn = 360.0 * 2 * _TURN_STEP / len(points)
    values['sharpness'] = float(np.percentile(turning, 98))
    values['curvature'] = float(np.median(np.abs(turning)) / circle_turn)
    return values


# Gaussian smoothing (pixels) of a frame of one scene before the coverage its roundness is
# traced on is found (``roundness_coverage``).
OUTLINE_DENOISE = 0.8


def roundness_coverage(view) -> Optional[np.ndarray]:
    """
    Return the coverage the roundness of a frame of one scene is traced on, or None for others.

    ``view``: a ``vision.pair.PreparedImage``. Only the part of the scene both frames show counts
    (``shared_view``), so that an object cut off by the picture's edge is cut alike in both. An
    automatic outline is found on a copy smoothed by ``OUTLINE_DENOISE``: sensor noise in one
    frame only (a stored reference against a live frame) roughens that frame's outline and
    lowers its circularity. On the edit benchmark with seeds 1 and 3 (shifted frames of one view,
    one of them alone given sensor noise of 2.5 and JPEG 85), the smoothing cut the 96th
    percentile of the unedited pairs' differences from 0.029 to 0.027 (both frames noisy, as the
    benchmark makes them: 0.0145 to 0.0133), and at a threshold of 0.015 it named 83.7 / 80.8 %
    of the rounder edits of at least one JND right (without it: 81.6 / 78.8 %).
    """
    if view.shared_view is None or not view.mask.any():
        return None
    coverage = view.coverage if view.mask_given else soft_coverage(
        cv2.GaussianBlur(view.image, (0, 0), OUTLINE_DENOISE), view.mask)
    return coverage * view.shared_view


def interior_extents(pair) -> Optional[Dict[str, float]]:
    """
    Return how much larger each extent of image 1's object is than image 2's, as log ratios.

    ``pair``: a ``vision.pair.PreparedPair`` of one scene (``same_scene``). The extents come
    from the object's fitted affine motion (``registration.fit_object_affine``), fitted both
    ways (each on its own object's pixels, which a changed outline weighs differently) and
    averaged: width and height along the frame's axes, length and thickness along image 1's
    principal axes, size from the area. None when the motion cannot be fitted.
    """
    first, second = pair.first, pair.second
    dx, dy = pair.shift
    # Each map takes the other image's points to its own: its columns say how much larger
    # its object is along each direction.
    to_first = fit_object_affine(first.image, second.image, first.mask, (dx, dy))
    to_second = fit_object_affine(second.image, first.image, second.mask, (-dx, -dy))
    if to_first is None or to_second is None:
        return None
    maps = [m[:, :2].astype(np.float64) for m in (to_first, to_second)]
    moments = cv2.moments(first.mask.astype(np.uint8), binaryImage=True)
    covariance = np.array([[moments['mu20'], moments['mu11']],
                           [moments['mu11'], moments['mu02']]])
    _, axes = np.linalg.eigh(covariance)  # columns: minor, major

    def stretch(direction) -> float:
        grown, shrunk = (math.log(max(float(np.linalg.norm(m @ direction)), 1e-9))
                         for m in maps)
        return 0.5 * (grown - shrunk)

    area = [math.log(max(abs(float(np.linalg.det(m))), 1e-9)) for m in maps]
    return {'width': stretch(np.array([1.0, 0.0])), 'height': stretch(np.array([0.0, 1.0])),
            'length': stretch(axes[:, 1]), 'thickness': stretch(axes[:, 0]),
            'size': 0.25 * (area[0] - area[1])}


# Degrees of roll between two frames of one scene (their rigid registration) from which the
# roundness difference gets a roll allowance (``roll_spread``): a smaller turn hardly moves an
# outline off its pixel grid.
MIN_ROLL_DEG = 0.2


def roll_spread(pair) -> float:
    """
    Return how far (log ratio) a camera roll alone moves the roundness of two frames apart.

    ``pair``: a ``vision.pair.PreparedPair``. The automatic outline of a frame turned against
    the other lies on another pixel grid: its staircase, and where the watershed settles it,
    change with the turn, and circularity (a ratio of area to the squared perimeter) moves by up
    to twice its threshold on ETH-80 cars turned by half a degree to two, the object unchanged.
    Image 1 is turned by the pair's own roll, each way, and masked and traced against itself
    as the pair was; the larger change of its roundness is the allowance. Zero for pairs that
    are no one scene, or turned by less than ``MIN_ROLL_DEG``.
    """
    if not pair.same_scene:
        return 0.0
    matrix = pair.registration.matrix_1_to_2
    angle = math.degrees(math.atan2(matrix[1, 0], matrix[0, 0]))
    if abs(angle) < MIN_ROLL_DEG:
        return 0.0
    source = pair.first.source
    h, w = source.shape[:2]
    ys, xs = np.nonzero(pair.first.full_mask())
    centre = (float(xs.mean()), float(ys.mean())) if len(xs) else (w / 2.0, h / 2.0)
    spreads = [0.0]
    for turn in (angle, -angle):
        rolled = cv2.warpAffine(source, cv2.getRotationMatrix2D(centre, turn, 1.0), (w, h),
                                flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        null = prepare_pair(source, rolled)
        coverages = [roundness_coverage(view) for view in (null.first, null.second)]
        if any(coverage is None for coverage in coverages):
            continue
        roundness = [max(outline_circularity(coverage), 1e-9) for coverage in coverages]
        spreads.append(abs(math.log(roundness[0] / roundness[1])))
    return max(spreads)

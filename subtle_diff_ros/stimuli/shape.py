# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Shape edits: wider, narrower, larger, smaller, rounder.

Two ways to reshape an object. ``edit_shape`` cuts it out along its (given, precise) matte,
fills the background it leaves by normalised convolution and pastes the reshaped object back:
exact for photos with hand-made masks, as the benchmarks use. ``warp_shape`` moves the pixels
instead, by a smooth warp that scales the object and its surroundings and fades out over a band
around the outline: no seams even where the mask is only approximate (an automatically found
outline), which is what the fake camera shows.
"""

import math

import cv2
import numpy as np

from .kinds import EDITS_BY_NAME, REACHED
from .solve import solve
from .units import axis_change, measure
from ..vision.measures import outline_circularity


def _background_plate(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Fill the object (and a margin) with the surrounding background by normalised convolution."""
    hole = cv2.dilate(mask.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    weight = (~hole).astype(np.float32)
    source = image.astype(np.float32) * weight[..., None]
    plate = image.astype(np.float32).copy()
    for sigma in (3.0, 8.0, 20.0, 50.0):
        num = cv2.GaussianBlur(source, (0, 0), sigma)
        den = cv2.GaussianBlur(weight, (0, 0), sigma)[..., None]
        filled = num / np.maximum(den, 1e-6)
        todo = hole & (den[..., 0] > 1e-3)
        plate[todo] = filled[todo]
        hole = hole & ~todo
        if not hole.any():
            break
    return plate


def _object_layer(image: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Extend the object's colours outward, so that a resampled edge shows no background."""
    core = (alpha > 0.9).astype(np.float32)
    num = cv2.GaussianBlur(image.astype(np.float32) * core[..., None], (0, 0), 3.0)
    den = cv2.GaussianBlur(core, (0, 0), 3.0)[..., None]
    extended = num / np.maximum(den, 1e-6)
    return np.where(core[..., None] > 0, image.astype(np.float32), extended)


def _composite(plate, layer, alpha):
    a = alpha[..., None]
    return np.clip(plate * (1 - a) + layer * a + 0.5, 0, 255).astype(np.uint8)


# A rounder outline is cut at this many times the photo's resolution and brought back by area
# averaging, so that it keeps an anti-aliased edge as the photo's own outline has.
SUPERSAMPLE = 4


def _reach(alpha: np.ndarray, margin: int):
    """Return the (top, bottom, left, right) box of the object grown by ``margin`` pixels."""
    ys, xs = np.nonzero(alpha > 0.01)
    h, w = alpha.shape
    return (max(0, ys.min() - margin), min(h, ys.max() + margin + 1),
            max(0, xs.min() - margin), min(w, xs.max() + margin + 1))


def _rounded_alpha(alpha: np.ndarray, sigma: float, box) -> np.ndarray:
    """
    Return ``alpha`` with its outline smoothed by a Gaussian of ``sigma`` pixels, re-cut at 0.5.

    The cut is made on a supersampled copy (``SUPERSAMPLE``) of the ``box`` around the object
    and area-averaged back: corners round off and the edge stays anti-aliased, whereas a cut at
    the photo's resolution sharpens the edge into its pixel staircase, which moves the outline's
    traced circularity by about as much as a one-JND rounding (a tilted square's fell by 3 %
    where its staircase's rose by 3 %). ``sigma`` 0 gives the outline as cut, unrounded.
    """
    top, bottom, left, right = box
    crop = alpha[top:bottom, left:right].astype(np.float32)
    h, w = crop.shape
    big = cv2.resize(crop, (w * SUPERSAMPLE, h * SUPERSAMPLE), interpolation=cv2.INTER_LINEAR)
    if sigma > 0:
        big = cv2.GaussianBlur(big, (0, 0), sigma * SUPERSAMPLE)
    rounded = np.zeros_like(alpha, dtype=np.float32)
    rounded[top:bottom, left:right] = cv2.resize((big >= 0.5).astype(np.float32), (w, h),
                                                 interpolation=cv2.INTER_AREA)
    return rounded


def edit_shape(name, image, alpha, mask, target):
    """Apply wider/narrower/larger/smaller/rounder; return (image, alpha, reached) or None."""
    kind = EDITS_BY_NAME[name]
    plate = _background_plate(image, mask)
    layer = _object_layer(image, alpha)
    h, w = mask.shape
    before = measure(image, mask)
    if name == 'rounder':
        limit = 0.12 * before['size']
        box = _reach(alpha, int(math.ceil(3.0 * limit)) + 2)
        unrounded = outline_circularity(_rounded_alpha(alpha, 0.0, box))

        def apply(sigma):
            return _rounded_alpha(alpha, sigma, box)

        def realized(new_alpha):
            return outline_circularity(new_alpha) / max(unrounded, 1e-9) - 1

        solved = solve(apply, realized, target, 1.0, limit)
        if solved is None:
            return None
        new_alpha, reached = solved
        return _composite(plate, layer, new_alpha), new_alpha, reached
    ys, xs = np.nonzero(mask)
    cx, cy = 0.5 * (xs.min() + xs.max()), 0.5 * (ys.min() + ys.max())
    sx, sy = _scaling(kind, target)
    matrix = np.float32([[sx, 0, cx * (1 - sx)], [0, sy, cy * (1 - sy)]])
    new_alpha = cv2.warpAffine(alpha, matrix, (w, h), flags=cv2.INTER_LINEAR)
    new_layer = cv2.warpAffine(layer, matrix, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    if (new_alpha[[0, -1], :] > 0.5).any() or (new_alpha[:, [0, -1]] > 0.5).any():
        if not ((alpha[[0, -1], :] > 0.5).any() or (alpha[:, [0, -1]] > 0.5).any()):
            return None  # the scaled object would leave the frame
    after = measure(image, new_alpha >= 0.5)
    reached = kind.direction * axis_change(before, after, kind.axis)
    if reached < REACHED * target:
        return None
    return _composite(plate, new_layer, new_alpha), new_alpha, reached


# The warp of ``warp_shape`` fades from the full scaling to none over this band around the
# object, as a fraction of the object's size (square root of its area).
FEATHER = 0.25


def _scaling(kind, target):
    factor = 1 + kind.direction * target
    return (factor, 1.0) if kind.axis == 'width' else (factor, factor)


def warp_shape(name, image, alpha, mask, target):
    """
    Apply wider/narrower/larger/smaller by a feathered warp; return (image, alpha, reached).

    Inside the object and a margin around it (wide enough for the moved outline) every pixel
    comes from the object scaled about its centre; beyond, the scaling fades smoothly to none
    over ``FEATHER`` times the object's size, so the background bends a little near the object
    and is untouched farther away. Returns None when the object would leave the frame or the
    change measured on the warped mask falls short of ``target``.
    """
    kind = EDITS_BY_NAME[name]
    if kind.axis not in ('width', 'size'):
        raise ValueError(f'warp_shape scales objects; {name!r} is not a scaling')
    h, w = mask.shape
    ys, xs = np.nonzero(mask)
    cx, cy = 0.5 * (xs.min() + xs.max()), 0.5 * (ys.min() + ys.max())
    sx, sy = _scaling(kind, target)
    size = float(np.sqrt(mask.sum()))
    reach = max(abs(sx - 1) * (xs.max() - xs.min()), abs(sy - 1) * (ys.max() - ys.min()))
    margin, feather = 0.5 * reach + 3.0, max(3.0, FEATHER * size)
    outside = cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, 5)
    fade = np.clip((outside - margin) / feather, 0.0, 1.0)
    weight = (0.5 + 0.5 * np.cos(np.pi * fade)).astype(np.float32)
    grid_y, grid_x = np.mgrid[0:h, 0:w].astype(np.float32)
    # Inverse map: an output pixel p shows the input at p + weight * (c + (p - c) / s - p).
    map_x = (grid_x + weight * (cx - grid_x) * (1.0 - 1.0 / sx)).astype(np.float32)
    map_y = (grid_y + weight * (cy - grid_y) * (1.0 - 1.0 / sy)).astype(np.float32)
    warped = cv2.remap(image, map_x, map_y, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    new_alpha = cv2.remap(alpha, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    if (new_alpha[[0, -1], :] > 0.5).any() or (new_alpha[:, [0, -1]] > 0.5).any():
        if not ((alpha[[0, -1], :] > 0.5).any() or (alpha[:, [0, -1]] > 0.5).any()):
            return None  # the scaled object would leave the frame
    reached = kind.direction * axis_change(measure(image, mask), measure(image, new_alpha >= 0.5),
                                           kind.axis)
    if reached < REACHED * target:
        return None
    return warped, new_alpha, reached

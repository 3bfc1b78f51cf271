# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Shape edits: wider, narrower, larger, smaller, rounder.

The object is cut out, the background it leaves is filled by normalised convolution, and the
reshaped object is pasted back.
"""

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


def edit_shape(name, image, alpha, mask, target):
    """Apply wider/narrower/larger/smaller/rounder; return (image, alpha, reached) or None."""
    kind = EDITS_BY_NAME[name]
    plate = _background_plate(image, mask)
    layer = _object_layer(image, alpha)
    h, w = mask.shape
    before = measure(image, mask)
    if name == 'rounder':
        def apply(sigma):
            smooth = cv2.GaussianBlur(alpha, (0, 0), sigma)
            return np.clip((smooth - 0.5) * 8.0 + 0.5, 0, 1)

        def realized(new_alpha):
            return outline_circularity(new_alpha >= 0.5) / max(before['roundness'], 1e-9) - 1

        solved = solve(apply, realized, target, 1.0, 0.12 * before['size'])
        if solved is None:
            return None
        new_alpha, reached = solved
        return _composite(plate, layer, new_alpha), new_alpha, reached
    ys, xs = np.nonzero(mask)
    cx, cy = 0.5 * (xs.min() + xs.max()), 0.5 * (ys.min() + ys.max())
    factor = 1 + kind.direction * target
    sx, sy = (factor, 1.0) if kind.axis == 'width' else (factor, factor)
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

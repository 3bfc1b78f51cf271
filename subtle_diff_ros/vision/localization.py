# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Where two photos of an object differ: a background-free change map and boxes around changes.

Works on a ``pair.PreparedPair``: the working copies, their CIELAB, the object masks and the
pair's rigid registration are the ones the measurements used, so the cost of a pair hardly grows
with its resolution (benchmarks/bench_localization.py) and nothing is registered twice.
"""

from typing import List, Optional

import cv2
import numpy as np

from .pair import prepare_pair, PreparedPair
from ..core.results import ChangedRegion

# CIELAB difference (Delta E 1976) that counts as a change: well above the picture-level
# perceptibility of about 2.2 so that sensor noise and JPEG artefacts stay below it.
COLOR_CHANGE_DELTA_E = 8.0

# Difference of gradient magnitude in L* per work pixel that counts as a change of structure.
STRUCTURE_CHANGE = 6.0


def _min_over_shifts(reference: np.ndarray, moving: np.ndarray, radius: int = 1) -> np.ndarray:
    """
    Per pixel, the smallest distance between ``reference`` and ``moving`` shifted by <= radius.

    Both are (H, W, C) float arrays; the distance is Euclidean over channels.
    """
    padded = cv2.copyMakeBorder(moving, radius, radius, radius, radius, cv2.BORDER_REPLICATE)
    if padded.ndim == 2:
        padded = padded[:, :, None]
    ref = reference if reference.ndim == 3 else reference[:, :, None]
    h, w = ref.shape[:2]
    best = None
    for dy in range(2 * radius + 1):
        for dx in range(2 * radius + 1):
            d = np.linalg.norm(ref - padded[dy:dy + h, dx:dx + w], axis=2)
            best = d if best is None else np.minimum(best, d)
    return best


def _gradient_magnitude(lightness: np.ndarray) -> np.ndarray:
    gx = cv2.Sobel(lightness, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lightness, cv2.CV_32F, 0, 1, ksize=3)
    return cv2.magnitude(gx, gy) / 4.0


def regions_from_change(change: np.ndarray, scale: float, shape_1,
                        max_regions: int = 5) -> List[ChangedRegion]:
    """Threshold a work-size change map and return boxes in full-resolution image 1 pixels."""
    if max_regions <= 0:
        return []
    binary = (change >= 1.0).astype(np.uint8)
    kernel = np.ones((3, 3), np.uint8)
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, kernel)
    min_area = max(6, int(0.002 * change.size))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    found = []
    height, width = shape_1
    for label in range(1, count):
        area = stats[label, cv2.CC_STAT_AREA]
        if area < min_area:
            continue
        strength = float(np.mean(np.minimum(change[labels == label], 4.0)))
        x, y, w, h = (stats[label, k] for k in (
            cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
        left = int(np.clip(np.floor((x - 1) / scale), 0, width - 1))
        top = int(np.clip(np.floor((y - 1) / scale), 0, height - 1))
        right = int(np.clip(np.ceil((x + w + 1) / scale), left + 1, width))
        bottom = int(np.clip(np.ceil((y + h + 1) / scale), top + 1, height))
        score = float(np.clip((strength - 1.0) / 3.0 * 0.5 + 0.5, 0.0, 1.0))
        found.append((score * np.sqrt(area), ChangedRegion(left, top, right - left,
                                                           bottom - top, score)))
    found.sort(key=lambda item: -item[0])
    return [region for _, region in found[:max_regions]]


def change_map(pair: PreparedPair) -> np.ndarray:
    """
    Return the change map of a prepared pair at working size, in image 1's frame.

    It is 0 on the background and otherwise the largest of: CIELAB Delta E over
    ``COLOR_CHANGE_DELTA_E``, the gradient-magnitude difference over ``STRUCTURE_CHANGE`` (both
    tolerant of a one-pixel misregistration), and 1 where only one silhouette covers the pixel;
    values >= 1 are changes. Image 2 is moved onto image 1 by the pair's registration.
    """
    first, second = pair.first, pair.second
    h, w = first.image.shape[:2]
    registration = pair.registration
    # The full-resolution map brought back to working pixels (image 1 -> image 2).
    warp = (np.diag([second.scale, second.scale, 1.0]) @ registration.matrix_1_to_2
            @ np.diag([1.0 / first.scale, 1.0 / first.scale, 1.0]))[:2].astype(np.float32)
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    lab_2 = cv2.warpAffine(second.lab, warp, (w, h), flags=flags, borderMode=cv2.BORDER_REPLICATE)
    mask_2 = cv2.warpAffine(second.mask.astype(np.uint8), warp, (w, h),
                            flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP) > 0
    lab_1 = cv2.GaussianBlur(first.lab, (0, 0), 1.0)
    lab_2 = cv2.GaussianBlur(lab_2, (0, 0), 1.0)
    color = _min_over_shifts(lab_1, lab_2) / COLOR_CHANGE_DELTA_E
    grad_1 = _gradient_magnitude(np.ascontiguousarray(lab_1[:, :, 0]))
    grad_2 = _gradient_magnitude(np.ascontiguousarray(lab_2[:, :, 0]))
    structure = _min_over_shifts(grad_1, grad_2) / STRUCTURE_CHANGE
    kernel = np.ones((3, 3), np.uint8)
    silhouette = cv2.morphologyEx((first.mask ^ mask_2).astype(np.uint8),
                                  cv2.MORPH_OPEN, kernel).astype(np.float32)
    inside = cv2.erode((first.mask & mask_2).astype(np.uint8), kernel) > 0
    change = np.where(inside, np.maximum(color, structure), 0.0).astype(np.float32)
    return np.maximum(change, silhouette)


def changed_regions(pair: PreparedPair, max_regions: int = 5) -> List[ChangedRegion]:
    """
    Return up to ``max_regions`` boxes (image 1 pixels) where the pair's objects differ.

    Scores are in [0, 1], higher for stronger changes; the list is sorted by strength times
    extent. Identical or merely shifted images give no regions; the background is ignored.
    """
    return regions_from_change(change_map(pair), pair.first.scale, pair.first.original_size,
                               max_regions)


def find_changed_regions(image_1: np.ndarray, image_2: np.ndarray,
                         mask_1: Optional[np.ndarray] = None,
                         mask_2: Optional[np.ndarray] = None,
                         max_regions: int = 5) -> List[ChangedRegion]:
    """Return ``changed_regions`` of two images (objects found where masks are missing)."""
    return changed_regions(prepare_pair(image_1, image_2, [mask_1, mask_2]), max_regions)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Where two photos of an object differ: registration, a background-free change map, boxes.

All work happens on a downscaled copy (longest side ``WORK_SIDE`` pixels), so the cost of a pair
hardly grows with its resolution (see benchmarks/bench_localization.py). Image 2 is registered
onto image 1 with a rigid (rotation plus translation) model: phase correlation gives the shift,
``cv2.findTransformECC`` refines it, and ORB features with RANSAC
(``cv2.estimateAffinePartial2D``, scale removed) take over when ECC fails. The model is rigid on
purpose: a scale change is a difference in size, not a nuisance.
"""

from dataclasses import dataclass
from typing import List, Optional, Tuple

import cv2
import numpy as np

from .errors import InvalidImageError
from .image_io import as_rgb_image
from .object_mask import object_mask
from .results import ChangedRegion

WORK_SIDE = 160
# CIELAB difference (Delta E 1976) that counts as a change: well above the picture-level
# perceptibility of about 2.2 so that sensor noise and JPEG artefacts stay below it.
COLOR_CHANGE_DELTA_E = 8.0
# Difference of gradient magnitude in L* per work pixel that counts as a change of structure.
STRUCTURE_CHANGE = 6.0
# Registration is only trusted for small viewpoint shifts.
MAX_ROTATION_DEG = 15.0
MAX_SHIFT_FRACTION = 0.25
MIN_ECC_CORRELATION = 0.6
MIN_ORB_INLIERS = 8


@dataclass
class Registration:
    """
    A rigid map between two images' full-resolution pixel coordinates.

    matrix_1_to_2: 3x3 matrix taking homogeneous (x, y, 1) in image 1 to image 2.
    method: 'ecc', 'orb' or 'identity' (when neither succeeded).
    """

    matrix_1_to_2: np.ndarray
    method: str

    def box_in_image_2(self, region: ChangedRegion, size_2: Tuple[int, int]) -> Tuple[int, ...]:
        """
        Return (x, y, width, height) of ``region`` mapped into image 2, clipped to its size.

        ``size_2`` is image 2's (height, width).
        """
        x0, y0 = region.x, region.y
        x1, y1 = region.x + region.width, region.y + region.height
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], np.float64)
        mapped = corners @ self.matrix_1_to_2.T
        xy = mapped[:, :2] / mapped[:, 2:3]
        h, w = size_2
        left = int(np.clip(np.floor(xy[:, 0].min()), 0, w - 1))
        top = int(np.clip(np.floor(xy[:, 1].min()), 0, h - 1))
        right = int(np.clip(np.ceil(xy[:, 0].max()), left + 1, w))
        bottom = int(np.clip(np.ceil(xy[:, 1].max()), top + 1, h))
        return left, top, right - left, bottom - top


def _work_scale(shape) -> float:
    return min(1.0, WORK_SIDE / float(max(shape[0], shape[1])))


def _downscale(image: np.ndarray, scale: float) -> np.ndarray:
    if scale >= 1.0:
        return image
    size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _downscale_mask(mask: np.ndarray, shape) -> np.ndarray:
    small = cv2.resize(mask.astype(np.uint8) * 255, (shape[1], shape[0]),
                       interpolation=cv2.INTER_AREA)
    return small >= 128


def _check_mask(mask, image: np.ndarray, name: str) -> Optional[np.ndarray]:
    if mask is None:
        return None
    mask = np.asarray(mask)
    if mask.shape[:2] != image.shape[:2]:
        raise InvalidImageError(
            f'{name} has shape {mask.shape[:2]}, but its image is {image.shape[:2]}')
    if mask.ndim == 3:
        mask = mask[:, :, 0]
    return mask > 0


def _plausible(matrix: np.ndarray, shape) -> bool:
    angle = np.degrees(np.arctan2(matrix[1, 0], matrix[0, 0]))
    shift = np.abs(matrix[:2, 2])
    return (abs(angle) <= MAX_ROTATION_DEG and shift[0] <= MAX_SHIFT_FRACTION * shape[1]
            and shift[1] <= MAX_SHIFT_FRACTION * shape[0])


def _ecc(gray_1: np.ndarray, gray_2: np.ndarray, mask_1: Optional[np.ndarray]):
    """Return a 2x3 rigid warp (work coordinates, image 1 to image 2) or None."""
    shift, _ = cv2.phaseCorrelate(gray_1.astype(np.float64), gray_2.astype(np.float64))
    warp = np.array([[1, 0, shift[0]], [0, 1, shift[1]]], np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-4)
    input_mask = None
    if mask_1 is not None and mask_1.any():
        input_mask = cv2.dilate(mask_1.astype(np.uint8), np.ones((7, 7), np.uint8))
    try:
        correlation, warp = cv2.findTransformECC(gray_1, gray_2, warp, cv2.MOTION_EUCLIDEAN,
                                                 criteria, input_mask, 5)
    except cv2.error:
        return None
    if correlation < MIN_ECC_CORRELATION:
        return None
    return warp


def _orb(gray_1: np.ndarray, gray_2: np.ndarray):
    """Return a 2x3 rigid warp (work coordinates, image 1 to image 2) from ORB matches, or None."""
    orb = cv2.ORB_create(nfeatures=500, edgeThreshold=11, patchSize=11)
    k1, d1 = orb.detectAndCompute(gray_1, None)
    k2, d2 = orb.detectAndCompute(gray_2, None)
    if d1 is None or d2 is None or len(k1) < MIN_ORB_INLIERS or len(k2) < MIN_ORB_INLIERS:
        return None
    matches = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(d1, d2)
    if len(matches) < MIN_ORB_INLIERS:
        return None
    p1 = np.float32([k1[m.queryIdx].pt for m in matches])
    p2 = np.float32([k2[m.trainIdx].pt for m in matches])
    warp, inliers = cv2.estimateAffinePartial2D(p1, p2, method=cv2.RANSAC,
                                                ransacReprojThreshold=2.0)
    if warp is None or inliers is None or int(inliers.sum()) < MIN_ORB_INLIERS:
        return None
    scale = np.hypot(warp[0, 0], warp[1, 0])
    warp[:, :2] /= scale  # keep rotation and shift: a change of scale is a change of size
    return warp.astype(np.float32)


def _gray(image: np.ndarray) -> np.ndarray:
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    return cv2.GaussianBlur(gray, (0, 0), 1.0)


def _register_small(small_1, small_2, mask_1=None) -> Tuple[np.ndarray, str]:
    """Register work-size images; return (2x3 warp image 1 -> image 2, method)."""
    gray_1, gray_2 = _gray(small_1), _gray(small_2)
    if gray_1.shape != gray_2.shape:
        canvas = np.zeros_like(gray_1)
        h, w = min(gray_1.shape[0], gray_2.shape[0]), min(gray_1.shape[1], gray_2.shape[1])
        canvas[:h, :w] = gray_2[:h, :w]
        gray_2 = canvas
    warp = _ecc(gray_1, gray_2, mask_1)
    if warp is not None and _plausible(warp, gray_1.shape):
        return warp, 'ecc'
    warp = _orb((gray_1 * 255).astype(np.uint8), (gray_2 * 255).astype(np.uint8))
    if warp is not None and _plausible(warp, gray_1.shape):
        return warp, 'orb'
    return np.array([[1, 0, 0], [0, 1, 0]], np.float32), 'identity'


def _full_matrix(warp: np.ndarray, scale_1: float, scale_2: float) -> np.ndarray:
    """Lift a work-size 2x3 warp to a full-resolution 3x3 matrix (image 1 -> image 2)."""
    small = np.vstack([warp.astype(np.float64), [0, 0, 1]])
    return np.diag([1 / scale_2, 1 / scale_2, 1]) @ small @ np.diag([scale_1, scale_1, 1])


def register(image_1: np.ndarray, image_2: np.ndarray,
             mask_1: Optional[np.ndarray] = None) -> Registration:
    """Register image 2 onto image 1 (rigid model) and return the full-resolution map."""
    image_1 = as_rgb_image(image_1, 'image_1')
    image_2 = as_rgb_image(image_2, 'image_2')
    scale_1, scale_2 = _work_scale(image_1.shape), _work_scale(image_2.shape)
    small_1, small_2 = _downscale(image_1, scale_1), _downscale(image_2, scale_2)
    small_mask = None
    mask_1 = _check_mask(mask_1, image_1, 'mask_1')
    if mask_1 is not None:
        small_mask = _downscale_mask(mask_1, small_1.shape)
    warp, method = _register_small(small_1, small_2, small_mask)
    return Registration(_full_matrix(warp, scale_1, scale_2), method)


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


def _lab(image: np.ndarray) -> np.ndarray:
    """Return CIELAB (L* 0..100, a*, b* signed) of an RGB uint8 image via OpenCV's 8-bit path."""
    lab = cv2.cvtColor(image, cv2.COLOR_RGB2Lab).astype(np.float32)
    lab[..., 0] *= 100.0 / 255.0
    lab[..., 1:] -= 128.0
    return lab


def _gradient_magnitude(lightness: np.ndarray) -> np.ndarray:
    gx = cv2.Sobel(lightness, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lightness, cv2.CV_32F, 0, 1, ksize=3)
    return cv2.magnitude(gx, gy) / 4.0


def change_map(image_1: np.ndarray, image_2: np.ndarray, mask_1: Optional[np.ndarray] = None,
               mask_2: Optional[np.ndarray] = None):
    """
    Return (change, scale, registration) with ``change`` at work size in image 1's frame.

    ``change`` is 0 on the background and otherwise the largest of: CIELAB Delta E over
    ``COLOR_CHANGE_DELTA_E``, the gradient-magnitude difference over ``STRUCTURE_CHANGE``
    (both tolerant of a one-pixel misregistration), and 1 where only one silhouette covers the
    pixel; values >= 1 are changes. ``scale`` takes full-resolution image 1 coordinates to the
    work size.
    """
    image_1 = as_rgb_image(image_1, 'image_1')
    image_2 = as_rgb_image(image_2, 'image_2')
    mask_1 = _check_mask(mask_1, image_1, 'mask_1')
    mask_2 = _check_mask(mask_2, image_2, 'mask_2')
    if mask_1 is None:
        mask_1 = object_mask(image_1)
    if mask_2 is None:
        mask_2 = object_mask(image_2)
    scale_1, scale_2 = _work_scale(image_1.shape), _work_scale(image_2.shape)
    small_1, small_2 = _downscale(image_1, scale_1), _downscale(image_2, scale_2)
    small_mask_1 = _downscale_mask(mask_1, small_1.shape)
    small_mask_2 = _downscale_mask(mask_2, small_2.shape)
    warp, method = _register_small(small_1, small_2, small_mask_1)
    h, w = small_1.shape[:2]
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    warped_2 = cv2.warpAffine(small_2, warp, (w, h), flags=flags, borderMode=cv2.BORDER_REPLICATE)
    warped_mask_2 = cv2.warpAffine(small_mask_2.astype(np.uint8), warp, (w, h),
                                   flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP) > 0
    lab_1 = cv2.GaussianBlur(_lab(small_1), (0, 0), 1.0)
    lab_2 = cv2.GaussianBlur(_lab(warped_2), (0, 0), 1.0)
    color = _min_over_shifts(lab_1, lab_2) / COLOR_CHANGE_DELTA_E
    grad_1 = _gradient_magnitude(np.ascontiguousarray(lab_1[:, :, 0]))
    grad_2 = _gradient_magnitude(np.ascontiguousarray(lab_2[:, :, 0]))
    structure = _min_over_shifts(grad_1, grad_2) / STRUCTURE_CHANGE
    kernel = np.ones((3, 3), np.uint8)
    silhouette = cv2.morphologyEx((small_mask_1 ^ warped_mask_2).astype(np.uint8),
                                  cv2.MORPH_OPEN, kernel).astype(np.float32)
    inside = cv2.erode((small_mask_1 & warped_mask_2).astype(np.uint8), kernel) > 0
    change = np.where(inside, np.maximum(color, structure), 0.0).astype(np.float32)
    change = np.maximum(change, silhouette)
    registration = Registration(_full_matrix(warp, scale_1, scale_2), method)
    return change, scale_1, registration


def find_changed_regions(image_1: np.ndarray, image_2: np.ndarray,
                         mask_1: Optional[np.ndarray] = None,
                         mask_2: Optional[np.ndarray] = None,
                         max_regions: int = 5) -> List[ChangedRegion]:
    """
    Return up to ``max_regions`` boxes (image 1 pixels) where the two objects differ.

    Masks mark the object in each image (found by ``object_mask.object_mask`` where missing); the
    background is ignored. Scores are in [0, 1], higher for stronger changes; the list is
    sorted by strength times extent. Identical or merely shifted images give no regions.
    """
    change, scale, _ = change_map(image_1, image_2, mask_1, mask_2)
    return regions_from_change(change, scale, image_1.shape[:2], max_regions)


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

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Pixel measures shared by the measurement backend and the stimuli: one definition of each.

The measurement backend measures objects with them, and the stimuli size their edits with them
(in the edits' own units), so a roughness or a roundness means the same thing on both sides.
"""

import math

import cv2
import numpy as np
from skimage.measure import find_contours

# Texture contrast (L*) added in quadrature to the band-pass contrast: changes of a plain
# surface's faint grain below about this contrast are hard to see.
ROUGHNESS_FLOOR = 2.0


def robust_rms(values: np.ndarray) -> float:
    """Return 1.4826 times the median absolute deviation (the RMS of Gaussian data)."""
    if values.size == 0:
        return 0.0
    return 1.4826 * float(np.median(np.abs(values - np.median(values))))


def interior(mask: np.ndarray, radius: int, min_pixels: int = 25) -> np.ndarray:
    """
    Return the mask eroded by ``radius`` pixels (a disc), away from its outline.

    The mask itself is returned when fewer than ``min_pixels`` pixels would be left.
    """
    if radius <= 0:
        return mask
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    inner = cv2.erode(mask.astype(np.uint8), kernel) > 0
    return inner if inner.sum() >= min_pixels else mask


def surroundings(mask: np.ndarray, gap: int = 2, fraction: float = 0.08) -> np.ndarray:
    """
    Return the ring of pixels around the mask (the backdrop next to the object).

    It reaches from ``gap`` pixels off the outline out to ``fraction`` of the image's mean side.
    """
    h, w = mask.shape
    reach = max(gap + 2, int(round(fraction * (h + w) / 2)))

    def grown(radius):
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
        return cv2.dilate(mask.astype(np.uint8), kernel) > 0
    return grown(reach) & ~grown(gap)


def band_pass(lightness: np.ndarray, fine: float = 0.7, coarse: float = 2.5) -> np.ndarray:
    """Return the fine texture of L*: a difference of Gaussians (by default 0.7 and 2.5 pixels)."""
    return (cv2.GaussianBlur(lightness, (0, 0), fine)
            - cv2.GaussianBlur(lightness, (0, 0), coarse))


def texture_contrast(lightness: np.ndarray, inner: np.ndarray) -> float:
    """
    Return the texture contrast of an object: the robust RMS of its band-pass L*, with a floor.

    ``ROUGHNESS_FLOOR`` is added in quadrature (fine noise on a plain surface below about that
    contrast is hard to see, so relative changes of nothing do not count). The median absolute
    deviation ignores highlights and the outline, so gloss does not read as roughness.
    """
    return math.hypot(robust_rms(band_pass(lightness)[inner]), ROUGHNESS_FLOOR)


# Surface grain between the edges of a print: how fast L* smoothed over ``_EDGE_SMOOTH`` pixels
# may change (L* per pixel) where the surface is still measured, and the share of the object
# kept at least (its most even pixels) when edges cover more of it.
_EDGE_SMOOTH = 1.5
_EDGE_GRADIENT = 1.0
_MIN_SURFACE = 0.2

# The grain band (difference of Gaussians, pixels) and the contrast (L*) added in quadrature to
# it. Chosen on the development photo pairs' roughness texts (dev ... dev19, 64 texts), where
# the surface's contrast in ``band_pass``'s band, with ``ROUGHNESS_FLOOR``, was right on 45:
# between two photos of different objects the finest band is right on 55 (bands 0.7-2.5, 1-3,
# 1.5-4 and 2-6 pixels: 45, 34, 25, 21; floors 0 to 1 L*: 55). At the resolution object photos
# are taken at, an unglazed or speckled surface's grain is a pixel or two across, while the
# coarser bands also hold a glaze's shading and reflections, which read as the opposite.
_GRAIN_BAND = (0.5, 1.5)
GRAIN_FLOOR = 0.2


def surface_grain(lightness: np.ndarray, inner: np.ndarray) -> float:
    """
    Return the grain of the object's surface between the edges of its print (L* RMS).

    The robust RMS of L* in the finest band (``_GRAIN_BAND``), with ``GRAIN_FLOOR`` in
    quadrature, on the pixels away from where L* changes coherently (a print's lines, a decal's
    border, an outline: L* smoothed over 1.5 pixels changing by more than 1 L* per pixel, and
    the pixels next to those). Those edges are the object's pattern, not its surface: two
    different objects are told apart by the grain of their surfaces, not by how busy their
    prints are. Where edges cover more than 80 % of the object, its most even fifth is measured.
    """
    smooth = cv2.GaussianBlur(lightness, (0, 0), _EDGE_SMOOTH)
    gradient = np.hypot(cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3),
                        cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)) / 8.0
    edges = cv2.dilate((gradient > _EDGE_GRADIENT).astype(np.uint8), np.ones((3, 3), np.uint8))
    keep = inner & (edges == 0)
    if keep.sum() < _MIN_SURFACE * inner.sum():
        keep = inner & (gradient <= np.quantile(gradient[inner], _MIN_SURFACE))
    return math.hypot(robust_rms(band_pass(lightness, *_GRAIN_BAND)[keep]), GRAIN_FLOOR)


def outline_circularity(coverage: np.ndarray) -> float:
    """
    Return 4 pi A / P^2 of the object's outer outline, traced with sub-pixel precision.

    ``coverage``: how much of each pixel the object covers (0-1, or a bool mask). The outline is
    the longest 0.5 level line of the (lightly smoothed) coverage, so that it does not follow
    the pixel staircase, which changes with every sub-pixel shift of the object; holes and
    specks are left out (roundness is the silhouette's), and A is the area the outline encloses.
    """
    smooth = cv2.GaussianBlur(np.asarray(coverage, np.float32), (0, 0), 0.7)
    lines = find_contours(np.pad(smooth, 1), 0.5)
    if not lines:
        return 1.0
    lengths = [float(np.hypot(*np.diff(line, axis=0).T).sum()) for line in lines]
    longest = int(np.argmax(lengths))
    y, x = lines[longest][:, 0], lines[longest][:, 1]
    area = 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))
    return float(min(1.0, 4.0 * math.pi * area / max(lengths[longest] ** 2, 1e-9)))

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Where image 2's pixels lie in image 1: a phase-correlation shift, refined to a rigid map.

Phase correlation of the working copies (``phase_shift``) tells whether two frames match by a
shift; the measurements use that shift to carry masks. It also matches two different objects
in a similar pose on one backdrop, so pixels are compared, and confidence is that of one scene
(a live frame against its reference under a fixed camera), only when the objects' own pixels
agree after it too (``scene_agreement``). ``rigid_warp`` refines the shift with
``cv2.findTransformECC`` (rotation plus translation), and ORB features with RANSAC
(``cv2.estimateAffinePartial2D``, scale removed) take over when ECC fails; localization and
rendering use that map. The model is rigid on purpose: a scale change is a difference in size,
not a nuisance. ``object_motion`` is the exception that measures one: how the object itself
moved and stretched between two frames of one scene, so that its outline can be carried along.
"""

from dataclasses import dataclass
from typing import Optional, Tuple

import cv2
import numpy as np

from .image_io import as_rgb_image, working_copy
from ..core.results import ChangedRegion

# Phase-correlation peak above which two images are taken to match by a shift.
MIN_PAIR_CORRELATION = 0.2
# Largest shift (fraction of the image side) taken for a match.
MAX_PAIR_SHIFT = 0.1
# Agreement of the objects' pixels after the shift (``scene_agreement``) below which two frames
# are two scenes: different objects in a similar pose on one backdrop reach at most 0.86 on the
# development photo pairs; frames of one photo, edited or not, at least 0.9 in a sample of 900
# seed 1 edit-benchmark pairs but for 4 of 782 with automatic masks and 1 of 215 with the
# dataset's masks (4-JND rounder, rougher and smaller edits).
MIN_SCENE_AGREEMENT = 0.9
# Registration is only trusted for small viewpoint changes.
MAX_ROTATION_DEG = 15.0
MAX_SHIFT_FRACTION = 0.25
MIN_ECC_CORRELATION = 0.6
MIN_ORB_INLIERS = 8
# ECC smooths both images with a Gaussian of this size (pixels) first; a start within this many
# working pixels of no shift is taken as no shift (``_ecc``).
ECC_BLUR = 5
ECC_SAME_START = 0.5
# A static mask ``align`` correlates on must cover this share of the frame, with at least this
# standard deviation of grey (0-1): black cloth around a part is no measure of alignment.
MIN_STATIC_SHARE = 0.2
MIN_STATIC_CONTRAST = 0.03
# Local grey variance (0-1 scale) of a pixel with structure, and the fewest such pixels whose
# local correlation ``scene_agreement`` trusts.
STRUCTURE_VARIANCE = 1e-4
MIN_STRUCTURE_PIXELS = 20
# ``object_motion``: the object and this margin (pixels) around it are correlated; a fit that
# stretches or shears the object by less than the snap is taken as a plain shift (unedited
# frames of the edit benchmark with seed 1 fitted up to 1 % at the 98th percentile, 0.25 % at
# the 90th), one that does so by more than the most is not believed.
OBJECT_MARGIN = 2
OBJECT_SNAP = 0.008
OBJECT_MOST = 0.3


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


def phase_shift(image_1: np.ndarray, image_2: np.ndarray) -> Optional[Tuple[float, float]]:
    """
    Return the (dx, dy) that takes image 1's pixels onto image 2's, or None if they do not match.

    Phase correlation of the grey (working-copy) images; a weak correlation peak or a large
    shift means another view or another scene, where nothing can be carried over.
    """
    if image_1.shape != image_2.shape or min(image_1.shape[:2]) < 2:
        return None
    gray = [cv2.cvtColor(im, cv2.COLOR_RGB2GRAY).astype(np.float64) for im in (image_1, image_2)]
    (dx, dy), response = cv2.phaseCorrelate(gray[0], gray[1])
    h, w = gray[0].shape
    if not response >= MIN_PAIR_CORRELATION or abs(dx) > MAX_PAIR_SHIFT * w \
            or abs(dy) > MAX_PAIR_SHIFT * h:
        return None
    return dx, dy


def _local_correlation(a: np.ndarray, b: np.ndarray, sigma: float):
    """Return (normalised correlation of a and b in a Gaussian window, the smaller variance)."""
    mean_a, mean_b = cv2.GaussianBlur(a, (0, 0), sigma), cv2.GaussianBlur(b, (0, 0), sigma)
    var_a = cv2.GaussianBlur(a * a, (0, 0), sigma) - mean_a ** 2
    var_b = cv2.GaussianBlur(b * b, (0, 0), sigma) - mean_b ** 2
    cov = cv2.GaussianBlur(a * b, (0, 0), sigma) - mean_a * mean_b
    return (cov / np.sqrt(np.maximum(var_a, 1e-6) * np.maximum(var_b, 1e-6)),
            np.minimum(var_a, var_b))


def _affine_correlation(gray_1: np.ndarray, gray_2: np.ndarray, warp: np.ndarray,
                        region: np.ndarray) -> float:
    """Return ECC's correlation of image 1's ``region`` under an affine map from ``warp``."""
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-4)
    try:
        correlation, _ = cv2.findTransformECC(gray_1, gray_2, warp.copy(), cv2.MOTION_AFFINE,
                                              criteria, region, 5)
    except cv2.error:
        return 0.0
    return float(correlation)


def scene_agreement(image_1: np.ndarray, image_2: np.ndarray, shift: Tuple[float, float],
                    mask_1: np.ndarray, mask_2: np.ndarray) -> float:
    """
    Return how well two same-size working copies agree on their objects after ``shift`` (0-1).

    Phase correlation finds a shift between any two objects in a similar pose on one backdrop;
    this says whether the objects' own pixels agree. It is the better of two correlations of
    grey, both blind to gain and offset (a colour edit keeps them): ECC's enhanced correlation
    under an affine map (a size or width edit of the same object keeps it) over both objects'
    outlines (``mask_1`` and ``mask_2``, each in its own image), and the median local
    correlation of the structure the two objects overlap in (a change of outline keeps it).
    Different objects agree on their outline at best, not on what lies inside it.
    """
    h, w = mask_1.shape
    back = np.float32([[1, 0, -shift[0]], [0, 1, -shift[1]]])
    moved_mask = cv2.warpAffine(mask_2.astype(np.uint8), back, (w, h),
                                flags=cv2.INTER_NEAREST) > 0
    both = (mask_1 | moved_mask).astype(np.uint8)
    if not both.any():
        return 0.0
    gray_1, gray_2 = _gray(image_1), _gray(image_2)
    region = cv2.dilate(both, np.ones((5, 5), np.uint8))
    start = np.float32([[1, 0, shift[0]], [0, 1, shift[1]]])
    affine = _affine_correlation(gray_1, gray_2, start, region)
    core = cv2.erode((mask_1 & moved_mask).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    moved = cv2.warpAffine(gray_2, back, (w, h), flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE)
    local, variance = _local_correlation(gray_1, moved, 1.5)
    structured = core & (variance > STRUCTURE_VARIANCE)
    overlap = float(np.median(local[structured])) if structured.sum() > MIN_STRUCTURE_PIXELS \
        else 0.0
    return float(max(affine, overlap))


def fit_object_affine(image_1: np.ndarray, image_2: np.ndarray, mask_1: np.ndarray,
                      shift: Tuple[float, float]) -> Optional[np.ndarray]:
    """
    Return the 2x3 affine map of image 2's working pixels onto image 1's fitted to the object.

    ECC fits an affine map to the grey object and a margin around it (``mask_1``, image 1's
    object), starting from the frames' ``shift`` (image 1 to image 2). The object's print and
    shading move with it, so the map follows the whole object, not only its outline. None when
    the fit fails or stretches the object implausibly (``OBJECT_MOST``).
    """
    warp = np.float32([[1, 0, -shift[0]], [0, 1, -shift[1]]])
    gray = [cv2.cvtColor(im, cv2.COLOR_RGB2GRAY).astype(np.float32) for im in (image_1, image_2)]
    side = 2 * OBJECT_MARGIN + 1
    region = cv2.dilate(mask_1.astype(np.uint8), np.ones((side, side), np.uint8))
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 100, 1e-5)
    try:
        correlation, fitted = cv2.findTransformECC(gray[1], gray[0], warp.copy(),
                                                   cv2.MOTION_AFFINE, criteria, region, 3)
    except cv2.error:
        return None
    stretch = float(np.abs(fitted[:, :2] - np.eye(2)).max())
    if correlation < MIN_ECC_CORRELATION or stretch > OBJECT_MOST:
        return None
    return fitted.astype(np.float32)


def object_motion(image_1: np.ndarray, image_2: np.ndarray, mask_1: np.ndarray,
                  shift: Tuple[float, float]) -> np.ndarray:
    """
    Return the 2x3 affine map of image 2's working pixels onto image 1's that moves the object.

    Two frames of one scene whose object grew, shrank or was stretched: the object's affine
    fit (``fit_object_affine``). Falls back to the shift when the fit fails or hardly
    stretches the object (``OBJECT_SNAP``: noise).
    """
    fitted = fit_object_affine(image_1, image_2, mask_1, shift)
    if fitted is None or float(np.abs(fitted[:, :2] - np.eye(2)).max()) < OBJECT_SNAP:
        return np.float32([[1, 0, -shift[0]], [0, 1, -shift[1]]])
    return fitted


def _plausible(matrix: np.ndarray, shape) -> bool:
    angle = np.degrees(np.arctan2(matrix[1, 0], matrix[0, 0]))
    shift = np.abs(matrix[:2, 2])
    return (abs(angle) <= MAX_ROTATION_DEG and shift[0] <= MAX_SHIFT_FRACTION * shape[1]
            and shift[1] <= MAX_SHIFT_FRACTION * shape[0])


def _ecc(gray_1: np.ndarray, gray_2: np.ndarray, mask_1: Optional[np.ndarray],
         initial: Optional[Tuple[float, float]]):
    """
    Return (2x3 rigid warp (work coordinates, image 1 to image 2), correlation) or None.

    ECC starts from ``initial`` (or its own phase correlation) and from no shift at all; each
    start and the map ECC ends at from it are scored alike (``_ecc_score``) and the best is
    kept. ECC's Gauss-Newton steps can end at a worse map than they began from: on the faint,
    noisy backdrop around an ETH-80 car, frames of a camera that never moved ended 0.8 to 1.4
    working pixels off (correlation 0.94 against 0.9997 at the start), and the part measured
    on misaligned pixels read 1.9 L* brighter. None when ECC fails from every start.
    """
    if initial is None:
        initial, _ = cv2.phaseCorrelate(gray_1.astype(np.float64), gray_2.astype(np.float64))
    starts = [tuple(initial)]
    if np.hypot(*initial) > ECC_SAME_START:
        starts.append((0.0, 0.0))
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-4)
    input_mask = None
    if mask_1 is not None and mask_1.any():
        input_mask = cv2.dilate(mask_1.astype(np.uint8), np.ones((7, 7), np.uint8))
    blurred = [cv2.GaussianBlur(g, (ECC_BLUR, ECC_BLUR), 0) for g in (gray_1, gray_2)]
    candidates, converged = [], False
    for dx, dy in starts:
        start = np.array([[1, 0, dx], [0, 1, dy]], np.float32)
        candidates.append(start)
        try:
            _, warp = cv2.findTransformECC(gray_1, gray_2, start.copy(), cv2.MOTION_EUCLIDEAN,
                                           criteria, input_mask, ECC_BLUR)
        except cv2.error:
            continue
        candidates.append(warp)
        converged = True
    if not converged:
        return None
    scored = [(_ecc_score(*blurred, warp, input_mask), warp) for warp in candidates]
    correlation, warp = max(scored, key=lambda item: item[0])
    return warp, correlation


def _ecc_score(gray_1: np.ndarray, gray_2: np.ndarray, warp: np.ndarray,
               mask_1: Optional[np.ndarray]) -> float:
    """Return ECC's correlation of ``gray_1`` and ``gray_2`` mapped onto it by ``warp``."""
    h, w = gray_1.shape
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    moved = cv2.warpAffine(gray_2, warp, (w, h), flags=flags)
    valid = cv2.warpAffine(np.ones((h, w), np.uint8), warp, (w, h),
                           flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP)
    if mask_1 is not None:
        valid &= mask_1
    if not valid.any():
        return -1.0
    try:
        return float(cv2.computeECC(gray_1, moved, valid))
    except cv2.error:
        return -1.0


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


IDENTITY_WARP = np.array([[1, 0, 0], [0, 1, 0]], np.float32)


def rigid_warp(small_1: np.ndarray, small_2: np.ndarray, mask_1: Optional[np.ndarray] = None,
               initial: Optional[Tuple[float, float]] = None) -> Tuple[np.ndarray, str]:
    """
    Register working copies; return (2x3 warp image 1 -> image 2, method).

    ``initial``: a shift already found (``phase_shift``) that ECC starts from; None: ECC starts
    from its own phase correlation. Images too small to register get the identity.
    """
    if min(small_1.shape[:2]) < 8 or min(small_2.shape[:2]) < 8:
        return IDENTITY_WARP.copy(), 'identity'
    gray_1, gray_2 = _gray(small_1), _gray(small_2)
    if gray_1.shape != gray_2.shape:
        canvas = np.zeros_like(gray_1)
        h, w = min(gray_1.shape[0], gray_2.shape[0]), min(gray_1.shape[1], gray_2.shape[1])
        canvas[:h, :w] = gray_2[:h, :w]
        gray_2 = canvas
        initial = None
    found = _ecc(gray_1, gray_2, mask_1, initial)
    if found is not None and found[1] >= MIN_ECC_CORRELATION \
            and _plausible(found[0], gray_1.shape):
        return found[0], 'ecc'
    warp = _orb((gray_1 * 255).astype(np.uint8), (gray_2 * 255).astype(np.uint8))
    if warp is not None and _plausible(warp, gray_1.shape):
        return warp, 'orb'
    return IDENTITY_WARP.copy(), 'identity'


def full_registration(warp: np.ndarray, scale_1: float, scale_2: float,
                      method: str) -> Registration:
    """Lift a work-size 2x3 warp to a full-resolution Registration (image 1 -> image 2)."""
    small = np.vstack([warp.astype(np.float64), [0, 0, 1]])
    matrix = np.diag([1 / scale_2, 1 / scale_2, 1]) @ small @ np.diag([scale_1, scale_1, 1])
    return Registration(matrix, method)


def register(image_1: np.ndarray, image_2: np.ndarray) -> Registration:
    """Register image 2 onto image 1 (rigid model) and return the full-resolution map."""
    small_1, scale_1 = working_copy(as_rgb_image(image_1, 'image 1'))
    small_2, scale_2 = working_copy(as_rgb_image(image_2, 'image 2'))
    initial = phase_shift(small_1, small_2)
    warp, method = rigid_warp(small_1, small_2, initial=initial)
    return full_registration(warp, scale_1, scale_2, method)


@dataclass
class Alignment:
    """
    How a live frame lies on its reference under a fixed camera: a rigid map and its quality.

    registration: full-resolution map of reference pixels into the live frame (``'ecc'``), or
    the identity (``'none'``) when ECC found no plausible rigid map.
    correlation: ECC's enhanced correlation coefficient of the two working copies (-1 to 1;
    invariant to gain and offset, so a light change does not lower it, while another view, a
    moved camera or a blurred frame does); 0 when ECC failed.
    """

    registration: Registration
    correlation: float

    @property
    def aligned(self) -> bool:
        """Return whether ECC found a plausible rigid map."""
        return self.registration.method == 'ecc'


def align(reference: np.ndarray, live: np.ndarray,
          static: Optional[np.ndarray] = None) -> Alignment:
    """
    Align a live frame to its reference (rigid ECC from the phase-correlation shift).

    ``static``: optional bool mask (reference pixels) of what cannot have changed (the scene
    around an inspected part). ECC then correlates only those pixels, so that the part's own
    change, however large, does not lower the alignment's quality; it is used when it covers at
    least ``MIN_STATIC_SHARE`` of the frame with some structure (grey contrast of at least
    ``MIN_STATIC_CONTRAST``), else the whole frame is. Unlike ``register`` there is no ORB
    fallback: an inspection needs a fixed camera, and a view that only features can match is
    reported by a low correlation instead.
    """
    small_1, scale_1 = working_copy(as_rgb_image(reference, 'the reference'))
    small_2, scale_2 = working_copy(as_rgb_image(live, 'the live frame'))
    if small_1.shape != small_2.shape or min(small_1.shape[:2]) < 8:
        return Alignment(full_registration(IDENTITY_WARP, scale_1, scale_2, 'none'), 0.0)
    gray_1 = _gray(small_1)
    mask = None
    if static is not None:
        mask = cv2.resize(static.astype(np.uint8), gray_1.shape[::-1],
                          interpolation=cv2.INTER_NEAREST) > 0
        if mask.mean() < MIN_STATIC_SHARE or float(gray_1[mask].std()) < MIN_STATIC_CONTRAST:
            mask = None
    found = _ecc(gray_1, _gray(small_2), mask, phase_shift(small_1, small_2))
    if found is None or not _plausible(found[0], small_1.shape):
        return Alignment(full_registration(IDENTITY_WARP, scale_1, scale_2, 'none'),
                         0.0 if found is None else found[1])
    return Alignment(full_registration(found[0], scale_1, scale_2, 'ecc'), found[1])

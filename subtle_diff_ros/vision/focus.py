# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
How sharp a frame is, read on the object's outline, and two frames brought to one sharpness.

A camera slightly out of focus, or a part moving during the exposure, blurs the whole frame:
the surface's fine texture fades (read as a smoother object) and its highlights spread (read
as a glossier or more matte one). Surface aging does neither to the object's outline: a
roughened or smoothed surface, a glaze that lost its gloss, keep the step from the object to
its background as sharp as it was. ``outline_blur`` therefore measures the width of that step,
so that a blurred frame is told apart from a changed surface even when the surroundings are a
plain backdrop with no texture of their own.

The width is read by re-blurring (the gradient ratio of a defocus map): a step blurred by a
Gaussian of ``s`` pixels has, where its gradient peaks, ``sqrt(s**2 + r**2) / s`` times the
gradient of its copy blurred again by ``r`` (``_REBLUR``), whatever the step's height, so the
ratio gives ``s`` free of the object's colour, of the light and of the camera's gain. The ratio
is taken over all the outline's steps at once (``outline_blur``), the frame's gradient along
the re-blurred one's direction: the grain of a roughened surface reaches the outline's pixels
too, and the magnitude of the gradient (or the median of each step's own ratio) read a surface
roughened by four JNDs as a frame sharper by up to 0.68 pixels, the gradient along a fixed
direction, zero-mean grain adds nothing to on average, by at most 0.61.

Measured on 22 photos (the first ten ETH-80 ``-090-090`` and ten COIL-100 ``__0`` views, and
COIL-100 objects 8 and 34, whose edit-benchmark roughening had been read as blur; texture
copies, automatic masks): the sharp photos read 0.73 to 0.95 (ETH-80) and 0.85 to 1.04
(COIL-100) pixels; the blur added (``extra_blur``) read 0.80 to 1.13 for a Gaussian of 1
pixel, 1.03 to 1.35 for 1.2, 1.28 to 1.76 for 1.5 and 1.66 to 2.16 for 2.
"""

from dataclasses import replace
import math
from typing import Optional, Tuple

import cv2
import numpy as np

from .color import to_lab

# Re-blur (pixels) of the gradient ratio: about the blur to be told, so that the ratio is far
# from 1 (a sharp step's 1.6 to 2) but a step's two sides do not meet.
_REBLUR = 1.0
# Pixels either side of the mask's edge where the outline's step is looked for: an automatic
# outline lies a pixel or two off the step, more on a blurred frame.
_OUTLINE_BAND = 3
# Steps of the outline that are read: re-blurred gradient peaks steeper than ``_STEEP_SHARE``
# of the steepest tenth's (``_STEEPEST`` quantile: the object's own edge against its backdrop,
# not a faint print beside it) and than ``_MIN_STEP`` L* a pixel (flatter ones are mostly
# noise: sensor noise of 1.5 8-bit levels has gradients of about 0.5 L* a pixel). Least number
# of steps for a reading: fewer are a few pixels of an outline, not a frame's focus.
_MIN_STEP = 2.0
_STEEPEST = 0.9
_STEEP_SHARE = 0.3
_MIN_PEAKS = 12

# Blur (pixels of the compared copies) one frame must have beyond the other for the pair to be
# brought to one sharpness (``match_focus``). On the 22 photos of the module docstring, shifted
# (0.6 and 1.3 pixels, bicubic), noisy (sensor noise 1.5 to 3 8-bit levels) and JPEG copies
# (quality 80 to 95) of the same photo read at most 0.40 apart, and their edits of 2 and 4 JNDs
# at most 0.61 (rougher 4), 0.52 (smoother 2), 0.34 (darker), 0.31 (glossier) and 0.22 (more
# matte); a Gaussian blur of 0.8 pixels read 0.62 to 0.91, one of 1 pixel 0.80 or more. Below
# it a pair is compared as taken, so unchanged sharp pairs and edits do not move.
MIN_EXTRA_BLUR = 0.7
# Relative uncertainty of the blur one frame lacks: on those photos blurred by 1, 1.2 and 2
# pixels the blur read lay within -20 % and +13 % of it (a quarter allowed for). A texture
# difference that a blur within it may explain is no sure one (``backends.analytic``).
BLUR_TOLERANCE = 0.25


def outline_blur(lightness: np.ndarray, mask: np.ndarray) -> Optional[float]:
    """
    Return how blurred the object's outline is (Gaussian sigma, pixels of ``lightness``).

    ``lightness``: L* (0-100) of the frame; ``mask``: the object (bool, the same size or a
    size it is resized from). The outline's steps are the peaks of the re-blurred gradient
    within ``_OUTLINE_BAND`` pixels of the mask's edge, steeper than ``_STEEP_SHARE`` of the
    steepest tenth's and than ``_MIN_STEP``; the frame's own gradient there is taken along the
    re-blurred one's direction and summed, so that the grain of a surface beside its outline
    (zero on average along any direction) adds nothing, where its magnitude would add. None
    when the outline has fewer than ``_MIN_PEAKS`` steps: an object of nearly its background's
    lightness.
    """
    lightness = np.asarray(lightness, np.float32)
    h, w = lightness.shape
    mask = np.asarray(mask).astype(np.uint8)
    if mask.shape != (h, w):
        mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)
    square = np.ones((3, 3), np.uint8)
    band = ((cv2.dilate(mask, square, iterations=_OUTLINE_BAND) > 0)
            & ~(cv2.erode(mask, square, iterations=_OUTLINE_BAND) > 0))
    along_x, along_y = _gradient(cv2.GaussianBlur(lightness, (0, 0), _REBLUR))
    reblurred = np.hypot(along_x, along_y)
    peaks = band & (reblurred >= cv2.dilate(reblurred, square))
    if peaks.sum() < _MIN_PEAKS:
        return None
    steep = max(_MIN_STEP, _STEEP_SHARE * float(np.quantile(reblurred[peaks], _STEEPEST)))
    peaks &= reblurred > steep
    if peaks.sum() < _MIN_PEAKS:
        return None
    own_x, own_y = _gradient(lightness)
    along = (own_x * along_x + own_y * along_y)[peaks] / reblurred[peaks]
    ratio = float(along.sum() / reblurred[peaks].sum())
    return _REBLUR / math.sqrt(max(ratio * ratio - 1.0, 1e-6))


def _gradient(lightness: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Return the gradient (x, y) of ``lightness`` (L* per pixel, Sobel)."""
    return (cv2.Sobel(lightness, cv2.CV_32F, 1, 0, ksize=3) / 8.0,
            cv2.Sobel(lightness, cv2.CV_32F, 0, 1, ksize=3) / 8.0)


def extra_blur(sharper: float, blurrier: float) -> float:
    """Return the Gaussian blur that brings an outline of ``sharper`` blur to ``blurrier``."""
    return math.sqrt(max(blurrier * blurrier - sharper * sharper, 0.0))


def pair_focus(pair) -> Optional[Tuple[int, float]]:
    """
    Return (which image, 0 or 1, is the sharper one, the blur it lacks), or None.

    Read on each frame's outline (``outline_blur`` of its texture copy, the finest copy the two
    share). None when either outline cannot be read or the two differ by less than
    ``MIN_EXTRA_BLUR`` (in the texture copies' pixels).
    """
    blurs = [outline_blur(view.texture_lightness, view.mask) for view in (pair.first,
                                                                          pair.second)]
    if None in blurs:
        return None
    sharper = int(np.argmin(blurs))
    extra = extra_blur(blurs[sharper], blurs[1 - sharper])
    return (sharper, extra) if extra >= MIN_EXTRA_BLUR else None


def match_focus(pair) -> Optional[Tuple[int, float]]:
    """
    Bring a pair's two frames to the sharpness of the blurrier one, when they differ markedly.

    A frame markedly blurrier than the other (``pair_focus``) would have its texture read as
    smoother and its highlights as spread; the sharper frame is blurred by the blur it lacks
    (``blur_frame``), so that both are compared at the lesser sharpness, whichever came first.
    Returns ``pair_focus``'s (sharper image, blur in texture-copy pixels), or None when nothing
    was done.
    """
    found = pair_focus(pair)
    if found is not None:
        blur_frame(pair, *found)
    return found


def blur_frame(pair, which: int, sigma: float) -> None:
    """
    Blur frame ``which`` (0 or 1) of ``pair`` by ``sigma`` pixels of its texture copy.

    Its full-resolution source, working copy, CIELAB and texture copy are each blurred by that
    blur in their own pixels; the masks stay as found.
    """
    view = (pair.first, pair.second)[which]
    per_source = view.texture_lightness.shape[0] / float(view.source.shape[0])
    per_work = view.image.shape[0] / float(view.texture_lightness.shape[0])
    image = _blurred(view.image, sigma * per_work)
    blurred = replace(view, source=_blurred(view.source, sigma / per_source), image=image,
                      lab=to_lab(image),
                      texture_lightness=_blurred(view.texture_lightness, sigma))
    if which == 0:
        pair.first = blurred
    else:
        pair.second = blurred


def _blurred(image: np.ndarray, sigma: float) -> np.ndarray:
    """Return ``image`` blurred by a Gaussian of ``sigma`` pixels (unchanged for none)."""
    if sigma <= 0.0:
        return image
    return cv2.GaussianBlur(image, (0, 0), sigma)

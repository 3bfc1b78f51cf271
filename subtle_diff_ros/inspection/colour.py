# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The part's colour in one inspection: on pixels that neither frame clipped, chroma without noise.

Two things make a part's measured colour follow the light although the light is undone
(``capture``), and both are taken out here, on both frames alike:

- **Clipping.** A pixel with a channel at the top of the 8-bit range has lost its value: under a
  15 % brighter light a white or bright part clips more of its pixels, and once the light is
  divided out they read darker, paler and cooler than they are (a white car: up to 1.2 JND
  darker, 2 JND less saturated and 2.6 JND cooler). The colour axes (brightness, saturation,
  hue, warmth and the mean colour of the CIEDE2000) are measured only on the part's pixels that
  are below ``CLIPPED`` in every channel of both frames (before the light is undone), unless
  fewer than ``MIN_COLOUR_PIXELS`` are left. Texture keeps every pixel (highlights are
  clipped), with both frames clipped alike first (``vision.light.clip_alike``).
- **Noise.** Mean chroma C* is a mean of lengths, so noise adds to it: a grey part reads 1.2 JND
  more saturated than its noiseless reference under sensor noise of sigma 1 and 3.6 JND under
  sigma 3, and undoing a dimmer light amplifies the noise further. Saturation is the chroma of
  the part's (a*, b*) after a mask-weighted Gaussian of ``COLOUR_SMOOTHING`` pixels (as S-CIELAB
  filters the chromatic channels); the mean colour, hue and warmth are averages already.
"""

import math

import cv2
import numpy as np

from ..backends.analytic.measure import ObjectMeasurements
from ..vision.color import warm_shift
from ..vision.measures import interior
from ..vision.pair import PreparedImage

# 8-bit value from which a channel counts as clipped (as the exposure check counts it).
CLIPPED = 254
# Fewest unclipped interior pixels (working copy) to measure the colour on; below it, all.
MIN_COLOUR_PIXELS = 25
# Smoothing (Gaussian sigma, pixels of the measured working copy) of the part's (a*, b*)
# before its chroma is taken.
COLOUR_SMOOTHING = 1.0


def clipped_pixels(*images: np.ndarray) -> np.ndarray:
    """Return where any of the (same-size, uint8 RGB) images has a channel at ``CLIPPED``+."""
    found = np.zeros(images[0].shape[:2], bool)
    for image in images:
        found |= image.max(axis=2) >= CLIPPED
    return found


def smoothed_saturation(lab: np.ndarray, mask: np.ndarray, inner: np.ndarray) -> float:
    """Return the mean chroma C* on ``inner`` of (a*, b*) smoothed within ``mask``."""
    weight = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), COLOUR_SMOOTHING)
    ab = np.ascontiguousarray(lab[:, :, 1:] * mask[..., None], np.float32)
    ab = cv2.GaussianBlur(ab, (0, 0), COLOUR_SMOOTHING) / np.maximum(weight, 1e-6)[..., None]
    return float(np.hypot(ab[:, :, 0], ab[:, :, 1])[inner].mean())


def measure_colour(view: PreparedImage, measured: ObjectMeasurements,
                   clipped: np.ndarray) -> int:
    """
    Set ``measured``'s colour axes and mean colour from ``view``'s unclipped part pixels.

    ``clipped``: the pixels clipped in either frame (``clipped_pixels``), at any resolution
    (a working-copy pixel counts as clipped when any of its pixels is). Returns how many
    working-copy pixels the colour was measured on.
    """
    mask = view.mask if view.mask.any() else np.ones_like(view.mask)
    h, w = mask.shape
    lost = cv2.resize(clipped.astype(np.float32), (w, h), interpolation=cv2.INTER_AREA) > 0
    usable = mask & ~lost
    inner = interior(usable, 1, MIN_COLOUR_PIXELS)
    if not usable.any() or inner.sum() < MIN_COLOUR_PIXELS:
        usable, inner = mask, interior(mask, 1)
    mean_lab = view.lab[inner].mean(axis=0)
    measured.values.update(
        brightness=float(mean_lab[0]),
        saturation=smoothed_saturation(view.lab, usable, inner),
        hue=float(math.degrees(math.atan2(mean_lab[2], mean_lab[1])) % 360.0),
        warmth=float(warm_shift(mean_lab)))
    measured.mean_lab = mean_lab
    measured.chroma = float(np.hypot(mean_lab[1], mean_lab[2]))
    return int(inner.sum())

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Colour science shared by the measurements and the stimuli: CIELAB, the warm direction, hue angles.

One conversion (OpenCV's float path, L* in [0, 100]) is used everywhere, so the same pixels
always give the same L*, a* and b*.
"""

import math
from typing import Dict, Optional, Tuple

import cv2
import numpy as np

from ..core.axes import HUES

# The warm-cool direction in (a*, b*): toward orange (a hue angle of about 73 degrees).
WARM_DIRECTION = np.array([0.29, 0.96]) / math.hypot(0.29, 0.96)


# Largest spread (standard deviation of L*, a* and b*) of a picture with nothing in it.
UNIFORM_STD = 1.0


def is_uniform(lab: np.ndarray) -> bool:
    """Return True for a CIELAB picture of one colour: no object apart from a background."""
    return float(lab.reshape(-1, 3).std(axis=0).max()) < UNIFORM_STD


def to_lab(image: np.ndarray) -> np.ndarray:
    """Return CIELAB (float32, L* in [0, 100]) of an RGB uint8 image."""
    return to_lab_float(image.astype(np.float32) / 255.0)


def to_lab_float(image: np.ndarray) -> np.ndarray:
    """Return CIELAB (float32, L* in [0, 100]) of an sRGB float image with values in 0-1."""
    return cv2.cvtColor(np.ascontiguousarray(image, np.float32), cv2.COLOR_RGB2Lab)


def lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    """Return the RGB uint8 image of a CIELAB float image (out-of-gamut values clipped)."""
    rgb = cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_Lab2RGB)
    return np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)


def lab_of_rgb(rgb) -> np.ndarray:
    """Return CIELAB (float32) of one sRGB colour given as three floats in 0-1."""
    return to_lab_float(np.asarray(rgb, np.float32).reshape(1, 1, 3))[0, 0]


def rgb_of_lab(lab) -> np.ndarray:
    """Return the sRGB colour (three floats in 0-1, clipped to the gamut) of one CIELAB colour."""
    rgb = cv2.cvtColor(np.asarray(lab, np.float32).reshape(1, 1, 3), cv2.COLOR_Lab2RGB)
    return np.clip(rgb[0, 0], 0.0, 1.0)


def warm_shift(lab: np.ndarray) -> np.ndarray:
    """Return the shift of (a*, b*) toward orange along ``WARM_DIRECTION`` (per pixel)."""
    return lab[..., 1] * WARM_DIRECTION[0] + lab[..., 2] * WARM_DIRECTION[1]


def _hue_angles() -> Dict[str, float]:
    prototypes = np.array([[HUES[name].rgb for name in HUES]], np.uint8)
    lab = to_lab(prototypes)[0]
    return {name: float(np.degrees(np.arctan2(b, a)) % 360.0)
            for name, (_, a, b) in zip(HUES, lab)}


# CIELAB hue angle (degrees) of each named hue's prototype colour.
HUE_ANGLES: Dict[str, float] = _hue_angles()


def hue_distance(angle_1: float, angle_2: float) -> float:
    """Return the signed smallest angle (degrees, in (-180, 180]) from angle_2 to angle_1."""
    d = (angle_1 - angle_2 + 180.0) % 360.0 - 180.0
    return 180.0 if d == -180.0 else d


def dominant_colour(ab: np.ndarray, surroundings: Optional[np.ndarray] = None,
                    min_chroma: float = 8.0) -> Tuple[float, float]:
    """
    Return (hue angle in degrees, chroma) of the main colour among (a*, b*) pixels.

    An object's colour name is its paint's, not the average of paint, windows, tyres, stripes
    and reflected background that a mean of (a*, b*) gives: pixels with at least
    ``min_chroma`` vote for their hue by their chroma (5-degree bins, smoothed), less the share
    of the same hue among the ``surroundings`` pixels (the backdrop an outline takes in), and
    the chroma-weighted mean direction of the pixels within 30 degrees of the winning hue is the
    answer; its chroma is their chroma summed over all the pixels (an object with a little of
    the colour has little chroma). With no such pixels the mean (a*, b*) says it.
    """
    ab = np.asarray(ab, np.float64).reshape(-1, 2)
    chroma = np.hypot(ab[:, 0], ab[:, 1])
    coloured = chroma >= min_chroma
    if not coloured.any():
        mean = ab.mean(axis=0)
        return float(np.degrees(np.arctan2(mean[1], mean[0])) % 360.0), float(np.hypot(*mean))
    hue = np.degrees(np.arctan2(ab[coloured, 1], ab[coloured, 0])) % 360.0
    weight = chroma[coloured]
    votes = _hue_votes(hue, weight) / len(ab)
    if surroundings is not None and len(surroundings):
        around = np.asarray(surroundings, np.float64).reshape(-1, 2)
        around_chroma = np.hypot(around[:, 0], around[:, 1])
        keep = around_chroma >= min_chroma
        around_hue = np.degrees(np.arctan2(around[keep, 1], around[keep, 0])) % 360.0
        net = votes - _hue_votes(around_hue, around_chroma[keep]) / len(around)
        if net.max() > 0:
            votes = net
    peak = (int(np.argmax(votes)) + 0.5) * 5.0
    near = np.abs((hue - peak + 180.0) % 360.0 - 180.0) <= 30.0
    angle = np.radians(hue[near])
    x, y = (weight[near] * np.cos(angle)).sum(), (weight[near] * np.sin(angle)).sum()
    return float(np.degrees(np.arctan2(y, x)) % 360.0), float(weight[near].sum() / len(ab))


def hue_amounts(ab: np.ndarray, min_chroma: float = 8.0) -> np.ndarray:
    """
    Return how much of each hue (a*, b*) pixels show: 72 five-degree bins of chroma per pixel.

    A bin holds the chroma of the pixels of at least ``min_chroma`` whose hue falls in it,
    summed and divided by the number of all pixels: a blue bow on a yellow cat fills the blue
    bins a little, a blue cup fills them much (``amount_near``).
    """
    ab = np.asarray(ab, np.float64).reshape(-1, 2)
    chroma = np.hypot(ab[:, 0], ab[:, 1])
    coloured = chroma >= min_chroma
    hue = np.degrees(np.arctan2(ab[coloured, 1], ab[coloured, 0])) % 360.0
    return np.bincount((hue // 5).astype(int) % 72, weights=chroma[coloured],
                       minlength=72) / max(len(ab), 1)


def amount_near(amounts: np.ndarray, angle: float, within: float = 30.0) -> float:
    """Return the amount (``hue_amounts``) of the hues within ``within`` degrees of ``angle``."""
    centres = np.arange(72) * 5.0 + 2.5
    near = np.abs((centres - angle + 180.0) % 360.0 - 180.0) <= within
    return float(np.asarray(amounts)[near].sum())


def _hue_votes(hue: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Return the weights of hues (degrees) summed in 72 five-degree bins, smoothed around."""
    votes = np.bincount((hue // 5).astype(int) % 72, weights=weight, minlength=72)
    kernel = np.exp(-0.5 * (np.arange(-6, 7) / 2.0) ** 2)
    return np.convolve(np.concatenate([votes[-6:], votes, votes[:6]]), kernel, 'valid')


def hue_lean(angle_1: float, angle_2: float) -> str:
    """
    Return the name of the hue that angle_1 leans toward, seen from angle_2.

    The hue nearest angle_1 among those on its side of angle_2 and nearer to it than to
    angle_2: a red turned 12 degrees toward orange (32 -> 44 against 32) leans orange, not
    "red", which the unturned one is nearer to (an independent edit probe's finding).
    """
    turn = hue_distance(angle_1, angle_2)
    directions = [name for name, hue in HUES.items() if hue.direction]
    ahead = [n for n in directions
             if np.sign(hue_distance(HUE_ANGLES[n], angle_2)) == np.sign(turn)]
    nearer = [n for n in ahead if abs(hue_distance(HUE_ANGLES[n], angle_1)) <
              abs(hue_distance(HUE_ANGLES[n], angle_2))]
    return min(nearer or ahead or directions,
               key=lambda n: abs(hue_distance(HUE_ANGLES[n], angle_1)))

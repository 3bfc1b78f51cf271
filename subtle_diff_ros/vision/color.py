# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Colour science shared by the measurements and the stimuli: CIELAB, the warm direction, hue angles.

One conversion (OpenCV's float path, L* in [0, 100]) is used everywhere, so the same pixels
always give the same L*, a* and b*.
"""

import math
from typing import Dict

import cv2
import numpy as np

from ..core.axes import HUES

# The warm-cool direction in (a*, b*): toward orange (a hue angle of about 73 degrees).
WARM_DIRECTION = np.array([0.29, 0.96]) / math.hypot(0.29, 0.96)


def to_lab(image: np.ndarray) -> np.ndarray:
    """Return CIELAB (float32, L* in [0, 100]) of an RGB uint8 image."""
    return cv2.cvtColor(image.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)


def lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    """Return the RGB uint8 image of a CIELAB float image (out-of-gamut values clipped)."""
    rgb = cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_Lab2RGB)
    return np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)


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


def hue_lean(angle_1: float, angle_2: float) -> str:
    """Return the name of the hue that angle_1 leans toward, seen from angle_2."""
    turn = hue_distance(angle_1, angle_2)
    directions = [name for name, hue in HUES.items() if hue.direction]
    ahead = [n for n in directions
             if np.sign(hue_distance(HUE_ANGLES[n], angle_2)) == np.sign(turn)]
    name = min(ahead or directions, key=lambda n: abs(hue_distance(HUE_ANGLES[n], angle_1)))
    return name

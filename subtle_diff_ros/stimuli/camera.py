# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""What a camera adds to a picture of an unchanged object: light, small shifts, noise, JPEG."""

from typing import Optional, Tuple

import cv2
import numpy as np

from ..vision.light import apply_gains, encode_srgb, srgb_to_linear


def shift_object(image: np.ndarray, mask: np.ndarray, rng,
                 limit: Optional[float] = None) -> Tuple[np.ndarray, np.ndarray]:
    """Return (image, mask) moved by a random shift of at most ``limit`` px (3 % of the side)."""
    h, w = mask.shape
    limit = max(1.0, 0.03 * min(h, w)) if limit is None else limit
    dx, dy = rng.uniform(-limit, limit, size=2)
    matrix = np.float32([[1, 0, dx], [0, 1, dy]])
    # Lanczos keeps the picture sharp: an object that moves by a fraction of a pixel is not
    # blurred (linear interpolation would blur one side of the pair).
    moved = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LANCZOS4,
                           borderMode=cv2.BORDER_REPLICATE)
    moved_mask = cv2.warpAffine(mask.astype(np.uint8), matrix, (w, h),
                                flags=cv2.INTER_NEAREST) > 0
    return moved, moved_mask


def camera_artefacts(image: np.ndarray, noise_sigma: float, jpeg_quality: int, rng) -> np.ndarray:
    if noise_sigma > 0:
        noisy = image.astype(np.float32) + rng.normal(0, noise_sigma, image.shape)
        image = np.clip(noisy + 0.5, 0, 255).astype(np.uint8)
    if jpeg_quality:
        ok, data = cv2.imencode('.jpg', cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                                [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)])
        image = cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    return image


def light_change(image: np.ndarray, level: float, tint=(1.0, 1.0, 1.0)) -> np.ndarray:
    """
    Return ``image`` under another light: linear RGB times ``level`` and a per-channel ``tint``.

    A brighter or dimmer lamp, a longer or shorter exposure and another white balance all
    multiply the linear light the sensor sees, per channel; the camera clips what overflows.
    """
    return apply_gains(image, float(level) * np.asarray(tint, np.float32))


def random_light(rng, level_spread: float = 0.15, tint_spread: float = 0.03):
    """Return (level, tint) of a random light: level 1 +- ``level_spread``, tint a few %."""
    level = float(rng.uniform(1.0 - level_spread, 1.0 + level_spread))
    tint = np.exp(rng.uniform(-tint_spread, tint_spread, size=3))
    return level, tint / np.exp(np.mean(np.log(tint)))


def sensor_signal(image: np.ndarray, gains) -> np.ndarray:
    """Return the sRGB values (float32, 0-255, not rounded) of ``image`` under ``gains``."""
    return encode_srgb(srgb_to_linear(image) * np.asarray(gains, np.float32))


def capture(image: np.ndarray, rng, light: bool = True, max_shift: float = 0.7,
            noise_sigma: Optional[float] = None, jpeg_quality: Optional[int] = None) -> np.ndarray:
    """
    Return one capture of a fixed camera: another light, a sub-pixel shift, noise and JPEG.

    In a camera's order: the light on the scene (``random_light``), the camera's small shift,
    the sensor's noise (sigma 1 to 3), then the 8-bit values, then the codec (JPEG quality 80
    to 95). The values are rounded to 8 bits once, after the noise, as a sensor's converter
    does: rounding the relit picture first would put every pixel of a uniform surface (a grey
    card) on one 8-bit value, off by up to half a step that no noise afterwards can average
    away, an error no real camera makes. ``noise_sigma`` and ``jpeg_quality`` fix the camera's
    settings instead of drawing them.
    """
    gains = np.ones(3, np.float32)
    if light:
        level, tint = random_light(rng)
        gains = level * np.asarray(tint, np.float32)
    signal, _ = shift_object(sensor_signal(image, gains), np.zeros(image.shape[:2], bool), rng,
                             max_shift)
    sigma = rng.uniform(1.0, 3.0) if noise_sigma is None else float(noise_sigma)
    quality = int(rng.integers(80, 96)) if jpeg_quality is None else int(jpeg_quality)
    noisy = np.clip(signal + rng.normal(0, sigma, signal.shape) + 0.5, 0, 255).astype(np.uint8)
    return camera_artefacts(noisy, 0.0, quality, rng)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Worn copies of ETH-80 photos that the surface-defect tests share.

A photo with its object mask (eroded off the outline), pits and scratches drawn in linear light on
the object, and a second capture's camera nuisances (sub-pixel shift, sensor noise, JPEG).
"""

import os

import cv2
import numpy as np
import pytest

from subtle_diff_ros.vision.image_io import load_image


def photo_and_inner(path):
    """Return (the photo, its object mask eroded off the outline), or skip when it is absent."""
    if not os.path.exists(path):
        pytest.skip(f'no photo at {path} (../shared/data is not beside the repository)')
    folder, name = os.path.split(path)
    mask = cv2.imread(os.path.join(folder, 'masks', name[:-4] + '-map.png'), cv2.IMREAD_GRAYSCALE)
    inner = cv2.erode((mask > 128).astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    return load_image(path), inner


def _linear(image):
    return (image.astype(np.float32) / 255.0) ** 2.2


def _encoded(linear):
    return (np.clip(linear, 0.0, 1.0) ** (1 / 2.2) * 255.0 + 0.5).astype(np.uint8)


def pitted(image, inner, seed, share=0.006):
    """Return ``image`` with dark soft pits (radius 1-1.8 px) on ``share`` of the object."""
    rng = np.random.default_rng(seed)
    ys, xs = np.nonzero(inner)
    layer = np.zeros(inner.shape, np.float32)
    for i in rng.integers(len(xs), size=int(share * inner.sum())):
        cv2.circle(layer, (int(xs[i] * 4), int(ys[i] * 4)), int(rng.uniform(1.0, 1.8) * 4),
                   float(rng.uniform(0.35, 0.5)), -1, cv2.LINE_AA, 2)
    layer = cv2.GaussianBlur(layer, (0, 0), 0.5)
    return _encoded(_linear(image) * (1.0 - layer)[..., None])


def scratched(image, inner, seed, count=10):
    """Return ``image`` with ``count`` thin strokes, dark on a light object, light on a dark."""
    rng = np.random.default_rng(seed)
    ys, xs = np.nonzero(inner)
    size = max(np.ptp(xs), np.ptp(ys))
    layer = np.zeros(inner.shape, np.float32)
    for _ in range(count):
        i = rng.integers(len(xs))
        angle, length = rng.uniform(0, np.pi), rng.uniform(0.15, 0.35) * size
        end = (xs[i] + length * np.cos(angle), ys[i] + length * np.sin(angle))
        cv2.line(layer, (int(xs[i] * 8), int(ys[i] * 8)), (int(end[0] * 8), int(end[1] * 8)),
                 float(rng.uniform(0.6, 0.9)), 1, cv2.LINE_AA, 3)
    layer = (layer * inner)[..., None]
    linear = _linear(image)
    light = float(np.mean(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)[inner])) > 120
    return _encoded(linear * (1.0 - 0.45 * layer) if light
                    else linear + (0.85 - linear) * 0.5 * layer)


def second_capture(image, seed, shift=0.4):
    """Return ``image`` moved by a sub-pixel ``shift``, with sensor noise and JPEG (quality 90)."""
    rng = np.random.default_rng(seed)
    moved = cv2.warpAffine(image, np.float32([[1, 0, shift], [0, 1, -shift]]),
                           image.shape[1::-1], flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REFLECT)
    noisy = np.clip(moved + rng.normal(0.0, 2.0, moved.shape), 0, 255).astype(np.uint8)
    _, data = cv2.imencode('.jpg', noisy, [cv2.IMWRITE_JPEG_QUALITY, 90])
    return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)

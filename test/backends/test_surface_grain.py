# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Roughness of two different objects: the grain of their surfaces, not their glaze or print."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.color import to_lab
from subtle_diff_ros.vision.image_io import load_image
from subtle_diff_ros.vision.measures import GRAIN_FLOOR, interior, surface_grain

BACKGROUND = (60, 62, 66)


def _pot(colour, seed, grain=0.0, mottle=0.0, stripes=False, centre=(160, 120), axes=(70, 90)):
    """
    Return a pot on a grey backdrop, with a grain, a glaze's mottle or a print.

    Its colour is multiplied by a pixel-scale ``grain``, a glaze's soft ``mottle`` (blobs a few
    pixels across) and, with ``stripes``, a bold printed band pattern.
    """
    rng = np.random.default_rng(seed)
    shape = (240, 320)
    body = np.zeros(shape, np.uint8)
    cv2.ellipse(body, centre, axes, 0, 0, 360, 1, -1)
    layer = np.ones(shape + (1,), np.float32) * np.float32(colour)
    if mottle:
        blobs = cv2.GaussianBlur(rng.standard_normal(shape).astype(np.float32), (0, 0), 2.5)
        layer *= (1 + mottle * blobs / blobs.std())[..., None]
    if grain:
        specks = cv2.GaussianBlur(rng.standard_normal(shape).astype(np.float32), (0, 0), 0.6)
        layer *= (1 + grain * specks / specks.std())[..., None]
    if stripes:
        band = (np.arange(shape[0]) // 12) % 2 == 0
        layer[band] *= 0.45
    alpha = cv2.GaussianBlur(body.astype(np.float32), (0, 0), 0.7)[..., None]
    image = np.float32(BACKGROUND) * (1 - alpha) + layer * alpha
    return (image + rng.normal(0.0, 0.8, image.shape)).clip(0, 255).astype(np.uint8)


def _grain(image):
    lightness = to_lab(image)[..., 0]
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    inner = interior(np.abs(grey - np.mean(BACKGROUND)) > 12, 3)
    return surface_grain(lightness, inner)


def test_a_bold_print_on_a_smooth_glaze_adds_no_grain():
    """The print's edges are the object's pattern: the surface between them is measured."""
    plain = _grain(_pot((200, 190, 180), 1))
    printed = _grain(_pot((200, 190, 180), 1, stripes=True))
    grainy = _grain(_pot((200, 190, 180), 1, grain=0.025))
    assert printed == pytest.approx(plain, rel=0.2)
    assert grainy > 1.5 * max(plain, printed)
    assert min(plain, printed, grainy) >= GRAIN_FLOOR


def test_unglazed_grain_is_rougher_than_a_mottled_glaze_in_either_order():
    """
    An unglazed pot's fine grain is rougher than a glaze's soft mottling, in either order.

    The mottling (blobs a few pixels across) is no roughness; the grain is, though its contrast
    is no larger.
    """
    backend = AnalyticBackend()
    glaze = _pot((200, 190, 180), 2, mottle=0.03)
    terracotta = _pot((170, 110, 90), 3, grain=0.025, centre=(190, 140), axes=(100, 60))
    for images, rough in (([glaze, terracotta], 1), ([terracotta, glaze], 0)):
        rougher = backend.select(images, parse_difference('the rougher pot'))
        assert rougher.choice == rough
        assert rougher.confidence <= 0.89  # textures of two objects apart are never sure
        assert backend.select(images, parse_difference('the smoother pot')).choice == 1 - rough
    description = backend.describe(glaze, terracotta, 'texture', object_name='pot')
    assert description.axis == 'roughness' and description.direction == -1
    assert 'smoother' in description.sentence


def test_speckled_stoneware_is_rougher_than_a_glazed_mug():
    """COIL-100: speckled stoneware (obj11) against a glazed mug (obj43), in either order."""
    paths = [os.path.join(OBJECTS, 'coil100', name) for name in ('obj11__0.png', 'obj43__0.png')]
    if not all(os.path.exists(p) for p in paths):
        pytest.skip('COIL-100 photos are not in ../shared/data')
    stoneware, mug = (load_image(p) for p in paths)
    backend = AnalyticBackend()
    for images, rough in (([stoneware, mug], 0), ([mug, stoneware], 1)):
        assert backend.select(images, parse_difference('the rougher mug')).choice == rough

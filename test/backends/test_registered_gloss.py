# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Two frames of one scene are resampled alike before their highlights are compared."""

import cv2
import numpy as np
import pytest

from subtle_diff_ros.backends.analytic.measure import compare, measure_pair
from subtle_diff_ros.vision.pair import prepare_pair

SIZE = 160
# (x, y, sigma) of small soft highlights on the part, relative to its centre (pixels).
HIGHLIGHTS = ((-20, -15, 1.2), (10, -25, 0.9), (18, 12, 1.5), (-8, 22, 1.0), (25, -5, 0.8),
              (-28, 5, 1.1))


def glossy_part(dx=0.0, dy=0.0):
    """Return a red disc with small white highlights on green, drawn exactly at (dx, dy)."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    cx, cy = SIZE / 2 + dx, SIZE / 2 + dy
    body = np.clip(50 - np.hypot(xx - cx, yy - cy), 0, 1)[..., None]
    image = np.float32((40, 90, 60)) * (1 - body) + np.float32((170, 40, 30)) * body
    for x, y, sigma in HIGHLIGHTS:
        blob = np.exp(-((xx - cx - x) ** 2 + (yy - cy - y) ** 2) / (2 * sigma ** 2))[..., None]
        image = image + (255 - image) * 0.8 * blob * body
    return np.clip(image + 0.5, 0, 255).astype(np.uint8)


def relative_gloss_difference(image_1, image_2):
    """Return image 1's glossiness less image 2's, as a part of image 2's."""
    first, second = measure_pair(prepare_pair(image_1, image_2))
    assert first.highlights.registered and second.highlights.registered
    difference = compare('glossiness', first, second).difference
    return difference / second.values['glossiness']


@pytest.mark.parametrize('dx, dy', [(0.5, 0.5), (0.3, -0.7), (1.5, 0.5), (-2.5, 1.5)])
def test_a_part_moved_by_a_fraction_of_a_pixel_is_as_glossy_whichever_frame_comes_first(dx, dy):
    """
    The same glossy part drawn a fraction of a pixel apart reads equally glossy in either order.

    Moving only image 2 onto image 1 smoothed image 2's highlights, so that it read about 1 %
    less glossy than image 1 in both orders; both frames are now moved halfway.
    """
    reference, moved = glossy_part(), glossy_part(dx, dy)
    assert abs(relative_gloss_difference(moved, reference)) < 0.005
    assert abs(relative_gloss_difference(reference, moved)) < 0.005


@pytest.mark.parametrize('angle', [0.4, -0.8])
def test_a_slightly_turned_frame_is_registered_before_its_highlights_are_compared(angle):
    """
    A frame turned by under a degree about the part (and moved) reads as glossy as the other.

    A shift alone left the turned highlights off by up to a pixel at the part's rim, and the
    turned frame read up to 1.8 % less glossy; the pair's rigid registration undoes the turn.
    """
    reference = glossy_part()
    matrix = cv2.getRotationMatrix2D((SIZE / 2, SIZE / 2), angle, 1.0)
    matrix[:, 2] += (0.6, -0.3)
    turned = cv2.warpAffine(reference, matrix, (SIZE, SIZE), flags=cv2.INTER_LANCZOS4,
                            borderMode=cv2.BORDER_REPLICATE)
    assert abs(relative_gloss_difference(turned, reference)) < 0.005
    assert abs(relative_gloss_difference(reference, turned)) < 0.005


def pitted(image, seed, count=80, depth=0.45):
    """Return ``image`` with fine dark pits (3 pixels across, softened) scattered over the part."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    inside = np.flatnonzero(np.hypot(xx - SIZE / 2, yy - SIZE / 2).ravel() < 44)
    layer = np.zeros((SIZE, SIZE), np.float32)
    for k in rng.choice(inside, count, replace=False):
        cv2.circle(layer, (int(k % SIZE), int(k // SIZE)), 1, 1.0, -1)
    layer = cv2.GaussianBlur(layer, (0, 0), 0.6)
    return np.clip(image * (1 - depth * layer)[..., None] + 0.5, 0, 255).astype(np.uint8)


def grainy(image, seed, amplitude=10.0):
    """Return ``image`` with fine grain (band-pass noise, +-``amplitude`` levels) on the part."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((SIZE, SIZE)).astype(np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), 0.8) - cv2.GaussianBlur(noise, (0, 0), 2.5)
    noise *= amplitude / noise.std()
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    part = (np.hypot(xx - SIZE / 2, yy - SIZE / 2) < 48)[..., None]
    return np.clip(image + noise[..., None] * part + 0.5, 0, 255).astype(np.uint8)


@pytest.mark.parametrize('roughen', [pitted, grainy])
@pytest.mark.parametrize('seed', [0, 1])
def test_a_pitted_or_grainy_surface_does_not_read_as_glossier(roughen, seed):
    """
    Fine pits and grain are texture, not gloss: the same highlights read as glossy on either frame.

    Dark specks sank the grey opening the highlights are measured above, so that the whole
    surface stood above it and the roughened part read several JND glossier.
    """
    reference = glossy_part()
    rough = roughen(reference, seed)
    first, second = measure_pair(prepare_pair(rough, reference))
    gloss = compare('glossiness', first, second)
    assert not gloss.noticeable and gloss.difference < gloss.threshold
    assert compare('roughness', first, second).difference > 0


def test_a_part_with_more_highlights_still_reads_as_glossier():
    """The filling of dark specks keeps the highlights themselves: one more is still seen."""
    reference = glossy_part()
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    blob = np.exp(-((xx - 95) ** 2 + (yy - 70) ** 2) / (2 * 2.5 ** 2))[..., None]
    glossier = np.clip(reference + (255 - reference.astype(np.float32)) * 0.8 * blob + 0.5,
                       0, 255).astype(np.uint8)
    first, second = measure_pair(prepare_pair(glossier, reference))
    gloss = compare('glossiness', first, second)
    assert gloss.noticeable and gloss.difference > 0


def dark_bottle(glossy, seed, edge_gap=12):
    """Return a dark bottle on a bright table, with a highlight stripe ``edge_gap`` px in."""
    rng = np.random.default_rng(seed)
    image = np.full((240, 320, 3), 200.0, np.float32)
    image[40:200, 110:210] = 50.0
    if glossy:
        stripe = np.zeros((240, 320), np.float32)
        stripe[50:190, 110 + edge_gap:110 + edge_gap + 5] = 1.0
        stripe = cv2.GaussianBlur(stripe, (0, 0), 1.5)
        image += 100.0 * (stripe / stripe.max())[..., None]
    image += rng.normal(0, 2, image.shape)
    return np.clip(image + 0.5, 0, 255).astype(np.uint8)


@pytest.mark.parametrize('edge_gap', [6, 8, 10])
def test_a_highlight_near_the_rim_of_a_dark_object_on_a_bright_table_is_seen(edge_gap):
    """
    The bright table beside the object is not a rim around a dark speck to be filled.

    Filling dark specks took the strip of dark bottle between its rim and a highlight a few
    pixels in for a speck, and the highlight vanished into the filled ground.
    """
    glossy, matte = dark_bottle(True, 0, edge_gap), dark_bottle(False, 1)
    first, second = measure_pair(prepare_pair(glossy, matte))
    gloss = compare('glossiness', first, second)
    assert gloss.noticeable and gloss.difference > 0

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Glossiness of two different objects: highlights that climb toward white, whatever their L*."""

import cv2
import numpy as np

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.backends.analytic.texture import highlights_of
from subtle_diff_ros.backends.analytic.thresholds import SPECULAR_UNIT
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.color import to_lab

BACKGROUND = (60, 62, 66)


def _object(colour, centre, radius):
    image = np.zeros((240, 320, 3), np.uint8)
    image[:] = BACKGROUND
    cv2.circle(image, centre, radius, colour, -1, lineType=cv2.LINE_AA)
    return image


def _spots(image, spots, colour, radius, blur):
    """Return ``image`` with soft round spots of ``colour`` blended in at ``spots``."""
    layer = np.zeros(image.shape[:2], np.float32)
    for spot in spots:
        cv2.circle(layer, spot, radius, 1.0, -1, lineType=cv2.LINE_AA)
    layer = cv2.GaussianBlur(layer, (0, 0), blur)[:, :, None]
    return (image * (1 - layer) + np.float32(colour) * layer).clip(0, 255).astype(np.uint8)


def glazed_white_cup():
    """Return a white glaze (L* about 88) with small highlights that reach white."""
    cup = _object((222, 220, 214), (150, 125), 70)
    return _spots(cup, [(120, 100), (175, 110), (140, 160)], (255, 255, 255), 4, 1.0)


def satin_red_ball():
    """Return a dark red object with a broad sheen, far above its colour but short of white."""
    ball = _object((150, 28, 30), (170, 115), 62)
    return _spots(ball, [(150, 95)], (205, 95, 95), 22, 8.0)


def test_white_glaze_with_white_highlights_is_the_glossier_of_two_objects():
    """A mean L* excess would favour the dark sheen; the share reaching white does not."""
    backend = AnalyticBackend()
    cup, ball = glazed_white_cup(), satin_red_ball()
    for images, cup_index in (([cup, ball], 0), ([ball, cup], 1)):
        glossier = backend.select(images, parse_difference('the glossier one'))
        assert glossier.choice == cup_index
        assert glossier.confidence <= 0.89  # gloss of two objects apart is never sure
        matte = backend.select(images, parse_difference('the more matte one'))
        assert matte.choice == 1 - cup_index


def test_gloss_of_objects_apart_is_described_in_specular_share():
    """The description compares shares of the surface, as a log ratio, and names the cup."""
    backend = AnalyticBackend()
    description = backend.describe(glazed_white_cup(), satin_red_ball(), 'texture',
                                   object_name='object')
    gloss = next(m for m in description.measurements if m.axis == 'glossiness')
    assert gloss.unit == SPECULAR_UNIT
    assert 0.0 <= gloss.value_2 < gloss.value_1 < 1.0
    assert np.isclose(gloss.difference,
                      np.log((gloss.value_1 + 0.002) / (gloss.value_2 + 0.002)))
    assert gloss.noticeable
    assert description.axis == 'glossiness' and description.direction == 1


def test_specular_share_counts_the_climb_toward_white_not_the_l_star():
    """The same highlight excess counts on a white surface and not on a dark one."""
    inner = np.zeros((120, 120), bool)
    inner[10:110, 10:110] = True
    shares = []
    for grey in (200, 40):
        image = np.full((120, 120, 3), grey, np.uint8)
        lab = to_lab(image)
        lift = 15.0  # L* units above the surface, in a 12x12 patch
        lab[50:62, 50:62, 0] = np.minimum(lab[50:62, 50:62, 0] + lift, 100.0)
        highlights = highlights_of(lab, inner)
        highlights.apart = True
        shares.append(highlights.strength())
    white_surface, dark_surface = shares
    assert white_surface > 0.01
    assert dark_surface == 0.0


def _patch_share(lightness, chroma_scale):
    """Return the specular share of a green square with one 12x12 patch made lighter."""
    inner = np.zeros((120, 120), bool)
    inner[10:110, 10:110] = True
    lab = to_lab(np.full((120, 120, 3), (40, 140, 50), np.uint8))
    lab[50:62, 50:62, 0] = lightness
    lab[50:62, 50:62, 1:] *= chroma_scale
    highlights = highlights_of(lab, inner)
    highlights.apart = True
    return highlights.strength()


def test_a_highlight_on_a_colourful_body_climbs_toward_white_in_chroma_too():
    """A face lit more brightly keeps its chroma and is no highlight; one that pales is."""
    brighter_face = _patch_share(80.0, 1.0)
    highlight = _patch_share(80.0, 0.3)
    assert brighter_face == 0.0
    assert highlight > 0.01

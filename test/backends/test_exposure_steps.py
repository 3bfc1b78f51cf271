# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A whole frame one or more camera stops darker or brighter is no darker or brighter object."""

from eth80_photos import eth80_cup
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.light import linear_to_srgb, srgb_to_linear


def _cup(number):
    return eth80_cup(number)


def _exposed(photo, exposure, mask=None, object_light=1.0):
    """Return ``photo`` under ``exposure`` (linear light, clipped as a camera clips)."""
    linear = srgb_to_linear(photo)
    if mask is not None:
        linear[mask] *= object_light
    return linear_to_srgb(linear * exposure)


@pytest.mark.parametrize('number', [1, 5])
@pytest.mark.parametrize('exposure', [0.5, 0.4, 0.25, 2.5, 0.12])
def test_an_unchanged_cup_under_another_exposure_has_no_colour_difference(number, exposure):
    """One stop darker (x0.5) was "Image 1 is brighter" 10 of 10 (tester 19)."""
    photo, _ = _cup(number)
    backend = AnalyticBackend()
    described = backend.describe(photo, _exposed(photo, exposure), 'color', 'cup')
    assert described.no_difference, described.sentence
    chosen = backend.select([photo, _exposed(photo, exposure)],
                            parse_difference('the darker cup'))
    assert chosen.confidence < 0.9, chosen


def test_a_darker_cup_under_another_exposure_is_still_darker():
    photo, mask = _cup(1)
    backend = AnalyticBackend()
    for exposure in (0.5, 0.3):
        darker = _exposed(photo, exposure, mask, 0.7)
        described = backend.describe(photo, darker, 'color', 'cup')
        assert (described.axis, described.direction) == ('brightness', 1), described.sentence
        assert described.light_gains is not None
        chosen = backend.select([photo, darker], parse_difference('the darker cup'))
        # Less sure than under one light: the light's own uncertainty grows with its size.
        assert chosen.choice == 1 and chosen.confidence >= 0.75, chosen

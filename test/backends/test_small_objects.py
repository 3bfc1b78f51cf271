# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A small object's measurements move with how its picture was resampled: no sure answer."""

import cv2
from eth80_photos import eth80_cup
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.pair import prepare_pair


@pytest.fixture(scope='module')
def cup():
    """Return the RGB photo and bool mask of an ETH-80 cup, 256 pixels a side."""
    return eth80_cup(1)


def _shrunk(photo, side):
    return (cv2.resize(photo, (side, side), interpolation=cv2.INTER_AREA),
            cv2.resize(photo, (side, side), interpolation=cv2.INTER_LINEAR))


@pytest.mark.parametrize('side', [16, 24])
def test_two_resamplings_of_one_thumbnail_are_no_sure_difference(cup, side):
    """Area vs bilinear: "the rougher cup" at 0.98, "Image 1 is smaller" (tester 19)."""
    area, linear = _shrunk(cup[0], side)
    backend = AnalyticBackend()
    for attribute in ('shape', 'texture', 'color'):
        described = backend.describe(area, linear, attribute, 'cup')
        assert described.no_difference, (attribute, described.sentence)
    for text in ('the rougher cup', 'the wider cup', 'the rounder cup'):
        assert backend.select([area, linear], parse_difference(text)).confidence < 0.9, text


def test_a_clear_difference_of_a_small_object_is_still_found(cup):
    photo, mask = cup
    darker = photo.copy()
    darker[mask] = (darker[mask] * 0.5).astype(darker.dtype)
    small, dark = (cv2.resize(im, (32, 32), interpolation=cv2.INTER_AREA)
                   for im in (photo, darker))
    backend = AnalyticBackend()
    chosen = backend.select([small, dark], parse_difference('the darker cup'))
    assert chosen.choice == 1 and chosen.confidence >= 0.9, chosen
    described = backend.describe(small, dark, 'color', 'cup')
    assert (described.axis, described.direction) == ('brightness', 1), described.sentence


def test_objects_of_enough_pixels_are_measured_as_before(cup):
    from subtle_diff_ros.backends.analytic.backend import resolution_factor
    photo, _ = cup
    pair = prepare_pair(photo, photo)
    assert resolution_factor([pair.first, pair.second]) == 1.0
    area, linear = _shrunk(photo, 32)
    pair = prepare_pair(area, linear)
    assert resolution_factor([pair.first, pair.second]) > 3.0

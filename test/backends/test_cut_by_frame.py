# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""An object partly out of the picture has no shape to compare; its colour can be."""

import cv2
from eth80_photos import eth80_cup
import numpy as np
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.text import parse_difference


@pytest.fixture(scope='module')
def cup():
    """Return (RGB photo, bool mask) of an ETH-80 cup."""
    return eth80_cup(7)


def _moved(photo, dx):
    h, w = photo.shape[:2]
    return cv2.warpAffine(photo, np.float32([[1, 0, dx], [0, 1, 0]]), (w, h),
                          borderMode=cv2.BORDER_REPLICATE)


def _cut(photo, mask, share):
    """Return the photo with ``share`` of the cup's width moved past the left edge."""
    columns = np.flatnonzero(mask.any(axis=0))
    return _moved(photo, -int(columns[0] + share * (columns[-1] - columns[0])))


@pytest.mark.parametrize('share', [0.25, 0.4])
def test_a_cup_cut_by_the_frame_has_no_shape_to_compare(cup, share):
    """It was "narrower", "smaller" 12 of 12 and "the taller cup" at 0.89 (tester 19)."""
    photo, mask = cup
    cut = _cut(photo, mask, share)
    backend = AnalyticBackend()
    with pytest.raises(InvalidImageError, match='runs past the left edge'):
        backend.describe(cut, photo, 'shape', 'cup')
    for images in ([photo, cut], [cut, photo]):
        with pytest.raises(InvalidImageError, match='shape cannot be compared'):
            backend.select(images, parse_difference('the taller cup'))
    # Colour is still compared (on what is shown).
    assert backend.describe(cut, photo, 'color', 'cup').attribute == 'color'


def test_a_whole_cup_moved_within_the_frame_is_compared(cup):
    """Control: moved but whole, and a cup shrunk in its frame is still the smaller one."""
    photo, mask = cup
    backend = AnalyticBackend()
    assert backend.describe(_moved(photo, 10), photo, 'shape', 'cup').no_difference
    h, w = photo.shape[:2]
    small = cv2.resize(photo, (int(w * 0.8), int(h * 0.8)), interpolation=cv2.INTER_AREA)
    framed = cv2.copyMakeBorder(small, (h - small.shape[0]) // 2,
                                h - small.shape[0] - (h - small.shape[0]) // 2,
                                (w - small.shape[1]) // 2,
                                w - small.shape[1] - (w - small.shape[1]) // 2,
                                cv2.BORDER_REPLICATE)
    described = backend.describe(framed, photo, 'shape', 'cup')
    assert (described.axis, described.direction) == ('size', -1), described.sentence

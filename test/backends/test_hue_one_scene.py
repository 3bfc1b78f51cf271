# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""One object whose colour moved toward a hue is "the <hue>er" one, whatever its colour was."""

import glob
import os

from eth80_photos import eth80_photo
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.light import encode_srgb, srgb_to_linear

# Linear-light gains of the object that move its colour toward a hue ("yellowing" takes blue).
TINTS = {'yellower': (1.0, 0.97, 0.86), 'bluer': (0.93, 0.96, 1.0), 'greener': (0.92, 1.0, 0.93),
         'redder': (1.0, 0.93, 0.93)}


def _cups():
    paths = sorted(glob.glob(os.path.join(OBJECTS, 'eth80', 'cup', '*', '*-068-000.png')))
    if not paths:
        pytest.skip('ETH-80 photos are not in ../shared/data')
    return [eth80_photo(path) for path in paths]


def _tinted(image, mask, gains):
    linear = srgb_to_linear(image)
    linear[mask] *= np.asarray(gains, np.float32)
    return np.round(encode_srgb(linear)).astype(np.uint8)


@pytest.mark.parametrize('word', sorted(TINTS))
def test_a_tint_toward_a_hue_is_chosen_by_that_hue_in_either_order(word):
    """
    Each ETH-80 cup tinted toward a hue is "the <hue>er cup", white, bluish or coloured.

    Measured by the hue angle's closeness to the named hue, a bluish white cup that yellowed to
    near-neutral was the less yellow one, and a yellow dye on a yellow cup turned nothing.
    """
    backend = AnalyticBackend()
    query = parse_difference(f'the {word} cup')
    wrong = []
    for i, (image, mask) in enumerate(_cups()):
        tinted = _tinted(image, mask, TINTS[word])
        for images, answer in (([tinted, image], 0), ([image, tinted], 1)):
            if backend.select(images, query).choice != answer:
                wrong.append((i, answer))
    assert not wrong, wrong

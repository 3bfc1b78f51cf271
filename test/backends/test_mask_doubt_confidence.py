# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Selection confidence when an automatic mask was a close call between two outlines."""

import numpy as np
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.backends.analytic.confidence import mixture_probability
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.pair import prepare_pair
from subtle_diff_ros.vision.segmentation import automatic_masks

SIZE = 128


def _softmax_winner(scores, temperature):
    z = np.asarray(scores, float) / temperature
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    return float(p[int(np.argmax(scores))])


def test_one_scenario_is_the_plain_softmax():
    """With no other plausible masks the probability is the softmax of the winner."""
    assert mixture_probability([(1.0, [3.0, 1.0])], 1.5) == pytest.approx(
        _softmax_winner([3.0, 1.0], 1.5))


def test_a_scenario_that_reverses_the_order_lowers_the_probability():
    """
    Lower the winner's probability by a plausible mask under which the loser wins.

    The better that mask fits, the nearer a coin toss; never below 1/N.
    """
    sure = mixture_probability([(1.0, [10.0, 0.0])], 1.0)
    weak_doubt = mixture_probability([(1.0, [10.0, 0.0]), (0.2, [0.0, 10.0])], 1.0)
    strong_doubt = mixture_probability([(1.0, [10.0, 0.0]), (0.9, [0.0, 10.0])], 1.0)
    assert sure > weak_doubt > strong_doubt >= 0.5
    assert weak_doubt == pytest.approx((sure + 0.2 * (1.0 - sure)) / 1.2)
    assert mixture_probability([(1.0, [1.0, 0.0]), (1.0, [0.0, 9.0])], 1.0) == 0.5


def test_an_agreeing_scenario_keeps_the_answer_sure():
    """Another plausible mask that measures the same way leaves the probability high."""
    assert mixture_probability([(1.0, [10.0, 0.0]), (0.9, [9.0, 0.0])], 1.0) > 0.99


def _dark_can():
    """Return a dark brown can with a bright label, into the frame, on a black background."""
    image = np.full((SIZE, SIZE, 3), 22, np.uint8)
    image[20:, 34:94] = (45, 30, 20)
    image[50:85, 34:94] = (230, 200, 60)
    noise = np.random.default_rng(0).normal(0.0, 2.0, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def _grey_box():
    """Return a mid-grey box on the same background, clear of the frame."""
    image = np.full((SIZE, SIZE, 3), 22, np.uint8)
    image[30:100, 30:100] = 135
    noise = np.random.default_rng(1).normal(0.0, 2.0, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def test_a_doubtful_mask_lowers_the_selection_confidence():
    """
    Lower the selection confidence when an automatic mask was a close call.

    The can is darker than the box as a whole, brighter by its label alone, and its label alone
    is a close second outline: the choice stands, but it is less sure than with the same masks
    given (no doubt about them).
    """
    can, box = _dark_can(), _grey_box()
    pair = prepare_pair(can, box)
    assert len(pair.first.other_masks) == 1 and not pair.second.other_masks
    query = parse_difference('The object in image 1 is darker than the object in image 2.',
                             fallback=False)
    backend = AnalyticBackend()
    doubtful = backend.select([can, box], query)
    given = backend.select([can, box], query, masks=[automatic_masks(can)[0],
                                                     automatic_masks(box)[0]])
    assert doubtful.choice == given.choice == 0
    assert given.confidence > 0.95
    assert doubtful.confidence < 0.75

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Two frames of one scene: a part bent between them is the more curved one."""

from types import SimpleNamespace

import numpy as np

from subtle_diff_ros.backends.analytic.measure import compare, ObjectMeasurements
from subtle_diff_ros.backends.analytic.measure import registered_outlines
from subtle_diff_ros.backends.analytic.shape import outline_bend


def _bar(bow, noise=None):
    """Return (image, mask) of a striped bar on a table, its long axis bowed by ``bow``."""
    h, w = 160, 200
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    x0, x1 = 30.0, 170.0
    u = np.clip((x - x0) / (x1 - x0), 0, 1)
    bent = y + bow * (x1 - x0) * 4 * u * (1 - u)  # the middle moved down
    mask = (np.abs(bent - 80) < 18) & (x >= x0) & (x <= x1)
    stripe = 0.5 + 0.5 * np.cos(2 * np.pi * (bent - 62) / 9.0)
    image = np.empty((h, w, 3))
    image[:] = (70, 90, 140)
    image[mask] = np.stack([200 - 60 * stripe, 150 - 50 * stripe, 90 - 30 * stripe], -1)[mask]
    if noise is not None:
        image += np.random.default_rng(noise).normal(0, 2.0, image.shape)
    return np.clip(image + 0.5, 0, 255).astype(np.uint8), mask


def _frame(bow, noise=None):
    image, mask = _bar(bow, noise)
    return SimpleNamespace(image=image, mask=mask, mask_carried=True)


def _pair(first, second, shift=(0.0, 0.0)):
    return SimpleNamespace(first=first, second=second, shift=shift, same_scene=True)


def _measured(curvature):
    return ObjectMeasurements({'curvature': curvature}, np.zeros(3), 0.0, mask_given=False,
                              mask_carried=True)


def _curvature(pair):
    """Return the curvature comparison of the pair, both outlines' own curvature alike."""
    measured = [_measured(1.0), _measured(1.0)]
    registered_outlines(pair, measured)
    return compare('curvature', *measured)


def test_bent_frame_is_the_more_curved():
    bent, straight = _frame(0.12), _frame(0.0)
    first = _curvature(_pair(bent, straight))
    assert first.noticeable and first.difference > 0  # "Image 1 is more curved"
    second = _curvature(_pair(straight, bent))
    assert second.noticeable and second.difference < 0  # "Image 1 is straighter"
    assert outline_bend(_pair(bent, straight)) > 0 > outline_bend(_pair(straight, bent))


def test_noise_alone_bends_nothing():
    measured = _curvature(_pair(_frame(0.0, noise=1), _frame(0.0, noise=2)))
    assert not measured.noticeable and measured.difference == 0.0


def test_other_views_are_left_alone():
    pair = _pair(_frame(0.12), _frame(0.0))
    pair.same_scene = False
    assert outline_bend(pair) is None
    assert _curvature(pair).difference == 0.0

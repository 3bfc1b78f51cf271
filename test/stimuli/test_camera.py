# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The simulated camera: a uniform surface keeps its relit level to a fraction of an 8-bit step."""

import numpy as np

from subtle_diff_ros.stimuli.camera import capture, random_light, sensor_signal


def test_a_grey_card_keeps_its_relit_level_under_noise():
    # A sensor rounds to 8 bits once, after its noise: the mean of a uniform card over many
    # pixels is the relit level, not the nearest whole step (rounding the relit picture first
    # would be off by up to half a step on every pixel alike).
    card = np.empty((64, 64, 3), np.uint8)
    card[:] = (150, 150, 146)
    errors = []
    for seed in range(12):
        level, tint = random_light(np.random.default_rng(seed))  # the draws capture makes
        expected = sensor_signal(card, level * tint)[0, 0]
        shot = capture(card, np.random.default_rng(seed), max_shift=0.0, noise_sigma=2.0,
                       jpeg_quality=0)
        errors.append(np.abs(shot.reshape(-1, 3).mean(axis=0) - expected).max())
    assert max(errors) < 0.15, errors


def test_fixed_settings_are_kept():
    card = np.full((32, 32, 3), 120, np.uint8)
    quiet = capture(card, np.random.default_rng(0), light=False, max_shift=0.0,
                    noise_sigma=0.0, jpeg_quality=0)
    assert np.array_equal(quiet, card)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The light's per-channel gains, estimated on a grey card and on static surroundings."""

import numpy as np
import pytest

from subtle_diff_ros.stimuli.camera import sensor_signal
from subtle_diff_ros.vision.light import (apply_gains, changed_light, clip_alike, estimate_gains,
                                          light_tone, LightEstimateError, tone_uncertainty)

LIGHTS = [(level, tint) for level in np.linspace(0.85, 1.15, 7)
          for tint in ((1.0, 1.0, 1.0), (1.03, 1.0, 0.97), (0.97, 1.01, 1.03))]


def _shot(scene, gains, rng, sigma=2.0):
    """Return ``scene`` under ``gains`` as a sensor gives it: noise, then 8 bits."""
    signal = sensor_signal(scene, gains)
    return np.clip(signal + rng.normal(0, sigma, signal.shape) + 0.5, 0, 255).astype(np.uint8)


def test_the_gains_of_a_uniform_grey_card_are_not_stuck_to_whole_8_bit_steps():
    # A 40x40 card of one 8-bit value: the noisy values of each shot are a few integers around
    # the true one. The mean of the ratios of the pixels that agree is right to the noise's
    # precision (about 0.07 % a channel); a median or interquartile mean of the ratios keeps
    # whole integers and is off by up to half a step, 0.3 to 0.6 % of linear light.
    card = np.empty((40, 40, 3), np.uint8)
    card[:] = (150, 150, 146)
    rng = np.random.default_rng(0)
    errors = []
    for level, tint in LIGHTS:
        gains = level * np.array(tint)
        found, pixels, _ = estimate_gains(card, _shot(card, gains, rng))
        assert pixels == 1600
        errors.append(np.abs(found / gains - 1).max())
    assert np.mean(errors) < 0.002, np.mean(errors)
    assert np.max(errors) < 0.004, np.max(errors)


def test_surroundings_that_changed_in_places_do_not_move_the_gains():
    rng = np.random.default_rng(1)
    scene = rng.integers(40, 220, (60, 80, 3)).astype(np.uint8)
    gains = np.array([1.1, 1.08, 1.04])
    live = _shot(scene, gains, rng)
    # A fifth of the surroundings in a shadow that the reference did not have.
    live[:12] = (live[:12] * 0.6).astype(np.uint8)
    found, _, _ = estimate_gains(scene, live)
    assert np.allclose(found, gains, rtol=0.005), found


def test_too_few_well_exposed_pixels_cannot_tell_the_light():
    dark = np.full((30, 30, 3), 10, np.uint8)
    with pytest.raises(LightEstimateError):
        estimate_gains(dark, dark)


def test_a_highlight_clipped_under_a_brighter_light_is_clipped_alike_in_the_reference():
    # A ramp up to white: 10 % more light clips its top in the live frame, which reads 1/1.1 of
    # white once the light is undone while the reference keeps its white.
    ramp = np.repeat(np.linspace(100, 255, 64)[None, :, None], 3, axis=2)
    reference = np.repeat(ramp, 8, axis=0).astype(np.uint8)
    gains = np.array([1.1, 1.1, 1.1])
    live = apply_gains(apply_gains(reference, gains), 1 / gains)
    assert np.abs(live.astype(int) - reference).max() > 8
    same_reference, same_live = clip_alike(reference, live, gains)
    assert np.abs(same_live.astype(int) - same_reference).max() <= 1
    # A dimmer light clips nothing that the reference did not: both are left as they were.
    dim = apply_gains(apply_gains(reference, 1 / gains), gains)
    kept_reference, kept_live = clip_alike(reference, dim, 1 / gains)
    assert np.array_equal(kept_reference, reference) and np.array_equal(kept_live, dim)


def test_gains_applied_by_table_match_the_per_pixel_conversion():
    """A uint8 frame relit through the per-channel tables equals relighting every pixel."""
    from subtle_diff_ros.vision.light import linear_to_srgb, srgb_to_linear
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (61, 83, 3), dtype=np.uint8)
    for gains in ([1.1, 0.9, 1.0], [0.5, 2.0, 1.3], np.float32([0.97, 1.02, 1.15])):
        expected = linear_to_srgb(srgb_to_linear(image) * np.asarray(gains, np.float32))
        assert np.array_equal(apply_gains(image, gains), expected)


def light_change(reference, live, static):
    """Return the gains ``changed_light`` would undo, or None."""
    gains, undoable = changed_light(reference, live, static)
    return gains if undoable else None


def _scene(rng):
    """Return a textured mid-tone scene (80x120) and its static pixels (all but a centre box)."""
    scene = rng.integers(60, 200, (80, 120, 3)).astype(np.uint8)
    static = np.ones((80, 120), bool)
    static[25:55, 40:80] = False
    return scene, static


def test_a_change_of_the_whole_scenes_light_is_told():
    rng = np.random.default_rng(3)
    scene, static = _scene(rng)
    gains = np.array([1.12, 1.1, 1.05])
    found = light_change(scene, _shot(scene, gains, rng, sigma=1.0), static)
    assert found is not None and np.allclose(found, gains, rtol=0.01), found


def test_the_same_light_is_no_change():
    rng = np.random.default_rng(4)
    scene, static = _scene(rng)
    assert light_change(scene, _shot(scene, (1.0, 1.0, 1.0), rng, sigma=1.0), static) is None


def test_a_light_that_differs_from_side_to_side_is_no_change_of_the_lamp():
    """Another view shades the backdrop unevenly: its light is not undone."""
    rng = np.random.default_rng(5)
    scene, static = _scene(rng)
    live = _shot(scene, (1.0, 1.0, 1.0), rng, sigma=1.0)
    live[:, 60:] = _shot(scene[:, 60:], (1.15, 1.15, 1.15), rng, sigma=1.0)
    assert light_change(scene, live, static) is None


def test_a_dark_backdrop_tells_no_light():
    """Surroundings mostly too dark to judge: nothing is undone."""
    rng = np.random.default_rng(6)
    scene, static = _scene(rng)
    scene[:, :100] = 10
    assert light_change(scene, _shot(scene, (1.2, 1.2, 1.2), rng, sigma=1.0), static) is None


def test_a_dimmer_lamp_on_dim_surroundings_is_told_from_the_brighter_frame():
    """Most of the table falls under the well-exposed values only in the dimmer frame."""
    rng = np.random.default_rng(7)
    scene, static = _scene(rng)
    scene[:, :80] = rng.integers(36, 48, (80, 80, 3))
    found = light_change(scene, _shot(scene, (0.6, 0.6, 0.6), rng, sigma=1.0), static)
    assert found is not None and np.allclose(found, 0.6, rtol=0.02), found
    found = light_change(_shot(scene, (0.6, 0.6, 0.6), rng, sigma=1.0), scene, static)
    assert found is not None and np.allclose(found, 1 / 0.6, rtol=0.02), found


def test_the_light_undone_is_less_certain_on_an_object_of_another_tone():
    scene = np.full((20, 20, 3), 60, np.uint8)
    scene[5:15, 5:15] = 230
    backdrop, cup = ~np.zeros((20, 20), bool), np.zeros((20, 20), bool)
    backdrop[5:15, 5:15], cup[5:15, 5:15] = False, True
    measured, white = light_tone(scene, backdrop), light_tone(scene, cup)
    assert np.all(white > measured)
    gains = np.array([1.25, 1.25, 0.9])
    far = tone_uncertainty(gains, measured, white)
    assert np.all(far > 0) and far[0] > far[2]
    assert np.allclose(tone_uncertainty(gains, measured, measured), 0.0)
    assert np.allclose(tone_uncertainty(np.ones(3), measured, white), 0.0)
    assert np.allclose(tone_uncertainty(gains ** 2, measured, white), 2 * far)

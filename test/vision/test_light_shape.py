# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The shape of a light change beyond one gain a channel: a camera's tone curve, a vignette."""

import cv2
import numpy as np

from subtle_diff_ros.vision.light import light_shape, srgb_to_linear, undo_light_shape


def _hable(x):
    a, b, c, d, e, f = .15, .5, .1, .2, .02, .3
    return (x * (a * x + c * b) + d * e) / (x * (a * x + b) + d * f) - e / f


CURVES = {
    'srgb': lambda v: np.where(v <= 0.0031308, 12.92 * v,
                               1.055 * np.power(np.clip(v, 0, None), 1 / 2.4) - 0.055),
    'filmic': lambda v: np.power(np.clip(_hable(np.clip(v, 0, None) * 4.0) / _hable(11.2),
                                         0, None), 1 / 2.2),
}


def _albedo():
    rng = np.random.default_rng(3)
    blocks = np.exp(rng.uniform(np.log(0.03), np.log(0.5), (24, 32, 3)))
    return cv2.resize(blocks, (320, 240), interpolation=cv2.INTER_NEAREST)


def _frame(albedo, curve, seed, exposure=1.0, tint=(1.0, 1.0, 1.0), vignette=0.0):
    h, w = albedo.shape[:2]
    yy, xx = np.mgrid[:h, :w]
    r2 = ((xx - w / 2) ** 2 + (yy - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)
    light = exposure * np.asarray(tint) * (1 - vignette * r2)[..., None]
    noise = np.random.default_rng(seed).normal(0, 1.0, albedo.shape)
    return np.clip(CURVES[curve](albedo * light) * 255 + noise + 0.5, 0, 255).astype(np.uint8)


def _static():
    static = np.ones((240, 320), bool)
    static[80:160, 110:210] = False
    return static


def test_a_gain_through_an_srgb_camera_keeps_one_gain_a_channel():
    albedo = _albedo()
    for exposure, tint in ((1.3, (1, 1, 1)), (0.75, (1, 1, 1)), (1.0, (1.1, 1.0, 0.9))):
        shape = light_shape(_frame(albedo, 'srgb', 1), _frame(albedo, 'srgb', 2, exposure, tint),
                            _static())
        assert not shape.undone, (exposure, tint, shape)


def test_a_brighter_light_through_a_filmic_camera_is_undone_at_every_tone():
    albedo = _albedo()
    reference = _frame(albedo, 'filmic', 1)
    live = _frame(albedo, 'filmic', 2, 1.3)
    shape = light_shape(reference, live, _static())
    assert shape.undone and shape.slope < 0
    gains = np.exp(shape.betas)
    undone = srgb_to_linear(undo_light_shape(live, shape, gains)) / gains
    ratio = undone / np.maximum(srgb_to_linear(reference), 1e-3)
    # The darkest and the brightest blocks alike: within 3 % (one gain left them 10 % apart).
    blocks = cv2.resize(ratio, (32, 24), interpolation=cv2.INTER_AREA)
    tone = cv2.resize(srgb_to_linear(reference), (32, 24), interpolation=cv2.INTER_AREA)
    dark, bright = tone < np.percentile(tone, 20), tone > np.percentile(tone, 80)
    assert abs(np.median(blocks[dark]) - np.median(blocks[bright])) < 0.03


def test_a_vignette_that_appears_is_fitted_and_undone_in_the_middle():
    albedo = _albedo()
    reference = _frame(albedo, 'srgb', 1)
    live = _frame(albedo, 'srgb', 2, vignette=0.3)
    shape = light_shape(reference, live, _static())
    assert shape.radial < -0.2 and not shape.slope
    gains = np.exp(shape.betas)
    undone = srgb_to_linear(undo_light_shape(live, shape, gains)) / gains
    middle = (slice(90, 150), slice(120, 200))
    ratio = undone[middle].sum() / srgb_to_linear(reference)[middle].sum()
    assert abs(ratio - 1) < 0.02, ratio

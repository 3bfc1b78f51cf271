# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Light alone is not aging: a part under brighter, dimmer or tinted light is not reported.

(``test_capture`` has the control: the measurement itself sees such a light change.)
"""

from datetime import timedelta

import cv2
from inspection_scenes import coffee, commissioned, cup_asset, START
import numpy as np
import pytest

from subtle_diff_ros.inspection.capture import inspect_capture
from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.inspection.inspector import Inspector
from subtle_diff_ros.inspection.plan import Asset, Region
from subtle_diff_ros.stimuli.camera import capture, light_change, random_light

# Brighter, dimmer and tinted lights, at the limits of the benchmark's and beyond its tints.
LIGHTS = [(1.15, (1.0, 1.0, 1.0)), (0.85, (1.0, 1.0, 1.0)), (1.0, (1.04, 1.0, 0.96)),
          (1.0, (0.96, 1.0, 1.04)), (1.12, (1.03, 1.0, 0.97)), (0.88, (0.97, 1.0, 1.03)),
          (0.9, (1.0, 1.04, 0.97)), (1.1, (0.98, 0.99, 1.04))]


def _camera(image, rng, level=1.0, tint=(1.0, 1.0, 1.0)):
    """Return one capture of a fixed camera (no shift, fixed noise and JPEG) under a light."""
    return capture(light_change(image, level, tint), rng, light=False, max_shift=0.0,
                   noise_sigma=2.0, jpeg_quality=90)


@pytest.mark.parametrize('patch', [False, True])
def test_a_part_under_another_light_is_not_reported_changed(tmp_path, patch):
    reference = coffee()
    fields = {}
    if patch:
        # A grey card on the table, declared as the patch: the light is judged on it alone.
        reference = reference.copy()
        reference[150:190, 240:290] = (150, 150, 146)
        fields['patch'] = Region('box', (244, 154, 42, 32))
    asset = cup_asset(**fields)
    rng = np.random.default_rng(7)
    with History(str(tmp_path / 'history.db')) as history:
        inspector = commissioned(history, asset, reference,
                                 [_camera(reference, rng, *random_light(rng)) for _ in range(3)])
        for week, (level, tint) in enumerate(LIGHTS, start=1):
            result = inspector.inspect('cup', _camera(reference, rng, level, tint),
                                       START + timedelta(weeks=week))
            assert result.valid, result.reason
            assert result.checks['light_from'] == ('patch' if patch else 'surroundings')
            assert not result.changed, (level, tint, result.sentence)
            for entry in result.axes:
                assert abs(entry['delta_jnd']) < 1.0, (level, tint, entry)
        report = inspector.report('cup', START + timedelta(weeks=len(LIGHTS)))
    assert report['status'] == 'ok', report['sentence']


def test_a_grey_part_does_not_grow_more_saturated_with_sensor_noise():
    # Chroma is a length: noise adds to it. Without smoothing (a*, b*) first, this grey part
    # reads 1.2 JND more saturated than its reference under noise of sigma 1, and 3.6 JND under
    # sigma 3: a noisier capture (a dimmer light undone) would read as a part gaining colour.
    rng = np.random.default_rng(0)
    scene = cv2.resize(rng.integers(40, 230, (20, 25, 3)).astype(np.uint8), (200, 160),
                       interpolation=cv2.INTER_NEAREST)
    disc = np.zeros(scene.shape[:2], np.uint8)
    cv2.circle(disc, (100, 80), 35, 1, -1)
    yy, xx = np.mgrid[:160, :200]
    grey = (115 + 25 * np.sin(xx / 3.0) * np.cos(yy / 4.0)).astype(np.uint8)
    scene[disc > 0] = np.stack([grey] * 3, -1)[disc > 0]
    asset = Asset('disc', region=Region('box', (55, 35, 90, 90)))
    readings = []
    for sigma in (1.0, 3.0):
        frame = capture(scene, np.random.default_rng(4), light=False, max_shift=0.0,
                        noise_sigma=sigma, jpeg_quality=0)
        found = inspect_capture(scene, frame, asset)
        assert found.valid, found.reason
        readings.append(found.readings['saturation'].delta / found.readings['saturation'].jnd)
    assert abs(readings[1] - readings[0]) < 1.0, readings


@pytest.mark.parametrize('level', [0.87, 1.15])
def test_a_bright_part_under_another_light_is_not_darker(level):
    # The cup's white partly clipped in the reference; a brighter light clips more of it. Those
    # pixels, divided by the light, would read 1.7 JND darker at 1.15 times the light: the
    # colour leaves out what either frame clipped.
    reference = light_change(coffee(), 1.3)
    frame = _camera(reference, np.random.default_rng(3), level)
    found = inspect_capture(reference, frame, cup_asset())
    assert found.valid, found.reason
    for axis in ('brightness', 'saturation', 'warmth', 'hue'):
        jnd = found.readings[axis].delta / found.readings[axis].jnd
        assert abs(jnd) < 0.6, (axis, jnd)


def _glossy_part():
    """Return a red disc with four highlights, clipped at white as a camera clips them."""
    rng = np.random.default_rng(0)
    scene = cv2.resize(rng.integers(40, 200, (20, 25, 3)).astype(np.uint8), (200, 160),
                       interpolation=cv2.INTER_NEAREST).astype(np.float32)
    yy, xx = np.mgrid[:160, :200].astype(np.float32)
    disc = np.hypot(xx - 100, yy - 80) <= 45
    scene[disc] = (150, 60, 50)
    spots = np.zeros((160, 200), np.float32)
    for cx, cy in ((80, 60), (115, 70), (95, 105), (125, 100)):
        spots = np.maximum(spots, np.exp(-0.5 * (((xx - cx) / 8) ** 2 + ((yy - cy) / 6) ** 2)))
    # Twice the Gaussian, capped: each highlight's top is a plateau of pure white.
    spots = np.minimum(1.0, 2.0 * spots) * disc
    scene += spots[..., None] * (255.0 - scene)
    return np.clip(scene + 0.5, 0, 255).astype(np.uint8)


@pytest.mark.parametrize('level', [1.1, 1.15])
def test_clipped_highlights_under_a_brighter_light_are_not_less_glossy(level):
    # The highlights are white in the reference; under a brighter light the camera clips a
    # wider ring around them, and once the light is divided out every clipped pixel reads
    # 1/level of white: 3.3 JND less glossy at 1.1 times the light and 4.6 JND at 1.15 when the
    # reference keeps its white. Both frames are clipped at the light that either recorded.
    reference = _glossy_part()
    outline = tuple((round(100 + 44 * np.cos(a), 1), round(80 + 44 * np.sin(a), 1))
                    for a in np.linspace(0, 2 * np.pi, 24, endpoint=False))
    asset = Asset('part', region=Region('polygon', outline))
    for seed in range(2):
        frame = _camera(reference, np.random.default_rng(seed), level)
        found = inspect_capture(reference, frame, asset)
        assert found.valid, found.reason
        gloss = found.readings['glossiness']
        assert abs(gloss.delta / gloss.jnd) < 1.0, (seed, gloss.delta / gloss.jnd)


def test_commissioning_captures_are_numbered_by_time_not_arrival(tmp_path):
    """A commissioning capture recorded late but taken first is capture 1."""
    reference = coffee()
    asset = cup_asset()
    rng = np.random.default_rng(3)
    with History(str(tmp_path / 'history.db')) as history:
        inspector = Inspector(history, {'cup': asset})
        inspector.commission(asset, reference, 'coffee')
        late = inspector.inspect('cup', _camera(reference, rng), START + timedelta(hours=5),
                                 commissioning=True)
        early = inspector.inspect('cup', _camera(reference, rng), START + timedelta(hours=1),
                                  commissioning=True)
    assert late.sentence.startswith('Commissioning capture 1 ')
    assert early.sentence.startswith('Commissioning capture 1 ')


def test_a_shadow_on_part_of_the_surroundings_is_no_light_to_undo():
    # A shadow on the table beside the cup, not on it: the surroundings' light is two lights.
    # Undoing their mix on the cup made it "brighter" every week the shadow stayed (a false
    # alarm); the capture is now refused with the reason, as an inspection that cannot tell
    # the light on the part.
    reference = coffee()
    asset = cup_asset()
    rng = np.random.default_rng(3)
    shaded = reference.copy()
    shaded[:, 260:] = light_change(reference[:, 260:], 0.6)
    frame = _camera(shaded, rng)
    result = inspect_capture(reference, frame, asset)
    assert not result.valid and 'unevenly' in result.reason
    assert result.checks['light_uniform'] is False
    # the same light over the whole scene is undone as before
    evenly = inspect_capture(reference, _camera(light_change(reference, 0.6), rng), asset)
    assert evenly.valid, evenly.reason

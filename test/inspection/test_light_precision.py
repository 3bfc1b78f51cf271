# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A light known only so precisely is not aging: its uncertainty widens each inspection's margin.

The scene: a near-white part on a table, the light judged on a small dark grey card (its gains
known to about 1.2 % a channel: a flat card decodes to whole 8-bit steps, 4 % of linear light
apart at this level). Every capture's card reads exactly the light the camera had; the part and
the table are under a light 1 % redder and 1 % less blue (or the reverse) than that, well
within that precision, as a card that JPEG decoded a fraction of a step off leaves it.
"""

from datetime import timedelta

import cv2
from inspection_scenes import commissioned, START
import numpy as np
import pytest

from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.inspection.plan import Asset, Region
from subtle_diff_ros.inspection.trends import LASTING_COUNT
from subtle_diff_ros.stimuli.camera import sensor_signal
from subtle_diff_ros.vision.light import srgb_to_linear

CARD = np.array([[(40, 40, 39)]], np.uint8)
CARD_AT = (slice(120, 150), slice(160, 190))
LIGHTS = [(1.0, 1.0, 1.0), (1.05, 1.04, 1.05), (0.95, 0.96, 0.95), (1.1, 1.1, 1.08),
          (0.9, 0.91, 0.9), (1.0, 1.0, 1.02), (1.12, 1.1, 1.1)]


def _scene():
    """Return (the reference: a near-white textured disc on a table, a grey card; the disc)."""
    rng = np.random.default_rng(3)
    scene = cv2.resize(rng.integers(70, 160, (16, 20, 3)).astype(np.uint8), (200, 160),
                       interpolation=cv2.INTER_CUBIC)
    yy, xx = np.mgrid[:160, :200]
    part = np.clip(232 + 6 * np.sin(xx / 4.0) * np.cos(yy / 5.0), 0, 255)
    disc = (xx - 70) ** 2 + (yy - 80) ** 2 < 40 ** 2
    scene[disc] = part[disc][:, None].astype(np.uint8)
    scene[CARD_AT] = CARD[0, 0]
    return scene, disc


def _capture(reference, disc, number, error, part_tint=(1.0, 1.0, 1.0)):
    """
    Return a capture under light ``number``: the card exact, the rest ``error`` off it.

    The light is the one nearest ``LIGHTS[number]`` under which the card's values are whole
    8-bit steps (so the gains measured on it are exact); ``part_tint`` changes the disc.
    """
    steps = np.round(sensor_signal(CARD, np.asarray(LIGHTS[number], np.float32)))
    gains = (srgb_to_linear(steps.astype(np.uint8)) / srgb_to_linear(CARD))[0, 0]
    light = gains * (1 + np.asarray(error, np.float32))
    signal = sensor_signal(reference, light)
    signal[disc] = sensor_signal(reference, light * np.asarray(part_tint, np.float32))[disc]
    signal += np.random.default_rng(number).normal(0, 1.0, signal.shape)
    signal[CARD_AT] = steps[0, 0]
    return np.clip(signal + 0.5, 0, 255).astype(np.uint8)


def _sequence(tmp_path, error, part_tint=(1.0, 1.0, 1.0)):
    """Return the results of four weekly inspections after three exact commissioning ones."""
    reference, disc = _scene()
    asset = Asset('cup', object_name='cup', region=Region('box', (25, 35, 90, 90)),
                  patch=Region('box', (162, 122, 26, 26)))
    with History(str(tmp_path / 'history.db')) as history:
        inspector = commissioned(history, asset, reference,
                                 [_capture(reference, disc, number, (0, 0, 0))
                                  for number in range(3)])
        results = [inspector.inspect('cup', _capture(reference, disc, number, error, part_tint),
                                     START + timedelta(weeks=number - 2))
                   for number in range(3, len(LIGHTS))]
    assert all(r.valid for r in results), [r.reason for r in results]
    return results


@pytest.mark.parametrize('error', [(-0.01, 0.0, 0.01), (0.01, 0.0, -0.01)])
def test_a_part_under_a_slightly_misjudged_tint_is_not_reported_changed(tmp_path, error):
    # The part reads about 1 JND cooler (or warmer) every week: beyond the margin of the
    # commissioning captures' noise alone (1 JND), within twice what the card's precision
    # allows on that axis.
    results = _sequence(tmp_path, error)
    assert not any(r.changed for r in results), [r.sentence for r in results]
    warmth = [next(e for e in r.axes if e['axis'] == 'warmth') for r in results]
    assert max(abs(e['delta_jnd']) for e in warmth) > 1.0, warmth
    for entry in warmth:
        assert entry['light_sigma_jnd'] > 0.8, entry
        assert entry['margin_jnd'] >= 2 * entry['light_sigma_jnd'] - 0.01, entry


def test_a_real_change_of_a_few_jnd_is_still_reported_under_that_light(tmp_path):
    # The part itself 7 % less blue (4 JND warmer) under the same misjudged light.
    results = _sequence(tmp_path, (-0.01, 0.0, 0.01), part_tint=(1.0, 1.0, 0.93))
    # Lasting from the ``LASTING_COUNT``-th week of it on.
    assert all(r.changed for r in results[LASTING_COUNT - 1:]), [r.sentence for r in results]
    assert 'warmer' in results[-1].sentence, results[-1].sentence

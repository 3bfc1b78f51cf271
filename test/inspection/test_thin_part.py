# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A part a few pixels wide: its outline's pixel grid is no aging, its widening still is."""

from datetime import timedelta
import os

import cv2
from inspection_scenes import commissioned, START
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.evaluation.bench_aging import run_sequence, sequence_specs
from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.inspection.plan import Asset, Region
from subtle_diff_ros.inspection.trends import LASTING_COUNT
from subtle_diff_ros.stimuli.camera import capture

UNCHANGED_WEEKS = 4


def test_a_thin_part_under_changing_light_is_not_reported_as_aging(tmp_path):
    """
    A glue bottle about 24 working pixels wide (COIL-100), the light alone changing weekly.

    Its automatic outline takes a column of its dark label's edge in some captures and not in
    others, so that its width reads in two modes about 1.3 JND apart; all three commissioning
    captures fell in the rarer one, and without the outline's pixel-grid uncertainty the other
    mode was reported as a lasting narrowing from week 6 (the aging benchmark, seed 16).
    """
    if not os.path.isdir(os.path.join(OBJECTS, 'coil100')):
        pytest.skip(f'no photos at {OBJECTS} (../shared/data is not beside the repository)')
    spec = next(s for s in sequence_specs(OBJECTS, 16)
                if s.sequence_id == 'coil100/obj33:light_only:0')
    with History(str(tmp_path / 'h.db')) as history:
        records = run_sequence(spec, history)
    assert sum(r['commissioning'] and r['valid'] for r in records) >= 3
    assert [r['week'] for r in records if r['changed']] == []


def _bar(width: float) -> np.ndarray:
    """Return a red bar ``width`` pixels wide (edges anti-aliased) on a textured ground."""
    rng = np.random.default_rng(7)
    ground = cv2.GaussianBlur(rng.uniform(0, 255, (150, 200, 3)).astype(np.float32), (0, 0), 2)
    ground = 110 + (ground - ground.mean()) * 4
    centres = np.arange(200) + 0.5
    cover = np.clip(np.minimum(centres - (100 - width / 2), (100 + width / 2) - centres) + 0.5,
                    0, 1)[None, :] * np.ones((150, 1))
    cover[:30], cover[120:] = 0, 0
    bar = ground * (1 - cover[..., None]) + np.array([200, 70, 40]) * cover[..., None]
    return np.clip(bar, 0, 255).astype(np.uint8)


def _weeks(tmp_path, widths):
    """Return the weekly results of a bar commissioned at ``widths[0]`` and then ``widths``."""
    asset = Asset('bar', object_name='bar', region=Region('box', (60, 15, 80, 120)),
                  watch=('width', 'height', 'size'))
    reference = _bar(widths[0])
    rng = np.random.default_rng(3)
    with History(str(tmp_path / f'{widths[0]}.db')) as history:
        inspector = commissioned(history, asset, reference,
                                 [capture(reference, rng) for _ in range(3)])
        return [inspector.inspect('bar', capture(_bar(width), rng), START + timedelta(weeks=week))
                for week, width in enumerate(widths, 1)]


def _first_wider(results):
    """Return the week the bar was first reported wider (None: never)."""
    for week, result in enumerate(results, 1):
        assert result.valid, result.reason
        if result.changed:
            assert [a['axis'] for a in result.axes if a['direction'] != 0][0] == 'width'
            assert next(a for a in result.axes if a['axis'] == 'width')['direction'] == 1
            return week
    return None


@pytest.mark.parametrize('width, reported_by', [(14, 2.8), (56, 1.6)])
def test_a_bar_that_widens_is_reported_wider_once_its_outline_can_tell(tmp_path, width,
                                                                       reported_by):
    """
    A bar 14 or 56 pixels wide, still for four weeks, then 0.4 pixels wider every week.

    Its outline's sides are known to a fraction of a pixel, so a thin bar needs a larger change
    (in just-noticeable differences, a share of its width) before it is told from noise; it is
    still reported wider, three inspections after it has grown by ``reported_by`` pixels.
    """
    grown = [width + 0.4 * week for week in range(1, 8)]
    results = _weeks(tmp_path, [width] * UNCHANGED_WEEKS + grown)
    week = _first_wider(results)
    assert week is not None, 'never reported wider'
    assert week > UNCHANGED_WEEKS
    # Reported after LASTING_COUNT inspections beyond its margin, the first of them grown by
    # at most ``reported_by`` pixels.
    assert grown[week - UNCHANGED_WEEKS - LASTING_COUNT] - width <= reported_by + 1e-9

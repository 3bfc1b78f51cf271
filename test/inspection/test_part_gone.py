# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A part taken away or covered is RETRY with the reason, never aging; a darker part still ages."""

from datetime import timedelta
import os

import cv2
from inspection_scenes import commissioned, START
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.inspection.plan import Asset, Region
from subtle_diff_ros.stimuli import apply_edit
from subtle_diff_ros.stimuli.kinds import EDITS_BY_NAME

CUP = os.path.join(OBJECTS, 'eth80', 'cup', '3')
CENTRE = (320, 260)


def _cup():
    """Return the white ETH-80 cup 3 cut out by its mask (RGB, bool mask)."""
    if not os.path.isdir(CUP):
        pytest.skip(f'no photos at {OBJECTS} (../shared/data is not beside the repository)')
    image = cv2.cvtColor(cv2.imread(os.path.join(CUP, 'cup3-090-000.png')), cv2.COLOR_BGR2RGB)
    mask = cv2.imread(os.path.join(CUP, 'masks', 'cup3-090-000-map.png'), 0) > 127
    ys, xs = np.nonzero(mask)
    window = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    return image[window], mask[window]


def _table(with_cup: bool):
    """Return (a grey wall above a darker table with the cup on it or not, alpha, cup box)."""
    rng = np.random.default_rng(0)
    scene = np.full((480, 640, 3), (150, 140, 130), np.float32)
    scene[300:] *= 0.85
    scene = cv2.GaussianBlur(scene + rng.normal(0, 8, (480, 640, 1)), (0, 0), 1.2)
    for centre in ((60, 60), (580, 80), (90, 420), (560, 400), (300, 40)):
        cv2.circle(scene, centre, 9, (40, 40, 40), -1)
    cup, mask = _cup()
    h, w = mask.shape
    left, top = CENTRE[0] - w // 2, CENTRE[1] - h // 2
    alpha = np.zeros(scene.shape[:2], np.float32)
    if with_cup:
        alpha[top:top + h, left:left + w] = cv2.GaussianBlur(mask.astype(np.float32), (0, 0),
                                                             0.8)
        scene = scene * (1 - alpha[..., None])
        scene[top:top + h, left:left + w] += cup * alpha[top:top + h, left:left + w, None]
    return np.clip(scene, 0, 255).astype(np.uint8), alpha, (left, top, w, h)


def _captured(image, seed):
    """Return ``image`` with a camera's sensor noise."""
    noise = np.random.default_rng(seed).normal(0, 1.5, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def _inspected(tmp_path, frame, region=False):
    """Return the result of inspecting ``frame`` a week after commissioning the cup."""
    reference, _, (left, top, w, h) = _table(True)
    box = Region('box', (left - w / 4, top - h / 4, 1.5 * w, 1.5 * h)) if region else None
    asset = Asset('cup', object_name='cup', region=box)
    with History(str(tmp_path / 'h.db')) as history:
        inspector = commissioned(history, asset, reference,
                                 [_captured(reference, number) for number in range(3)])
        return inspector.inspect('cup', _captured(frame, 9), START + timedelta(weeks=1))


@pytest.mark.parametrize('region', [False, True])
def test_an_empty_table_is_not_the_part_aged(tmp_path, region):
    """
    The white cup taken away leaves the grey wall and the darker table.

    Their light-dark layout correlated 0.72 to 0.75 with the cup's, and the empty table was
    recorded as the cup 17 Delta E darker (an outside tester, with and without a region).
    """
    result = _inspected(tmp_path, _table(False)[0], region)
    assert not result.valid and not result.changed
    assert 'the part is not in its region' in result.reason


def test_a_box_in_front_of_the_part_is_not_the_part_aged(tmp_path):
    """A box in front of the cup's handle side was recorded as the cup narrower."""
    frame, _, (left, top, w, h) = _table(True)
    cv2.rectangle(frame, (left + 2 * w // 3, top - 30), (left + w + 60, top + h + 30),
                  (90, 110, 160), -1)
    result = _inspected(tmp_path, frame, region=True)
    assert not result.valid and not result.changed
    assert 'something covers part of it' in result.reason


def test_a_darker_cup_is_still_inspected_and_darker(tmp_path):
    """The cup darkened by 5 JND passes the checks and is recorded as darker."""
    reference, alpha, _ = _table(True)
    darker = EDITS_BY_NAME['darker']
    frame = apply_edit(darker, reference, alpha, alpha >= 0.5, 5 * darker.jnd,
                       np.random.default_rng(1))[0]
    result = _inspected(tmp_path, frame, region=True)
    assert result.valid, result.reason
    assert result.changed
    brightness = next(a for a in result.axes if a['axis'] == darker.axis)
    assert brightness['direction'] == darker.direction


def test_the_report_of_a_part_gone_for_weeks_says_why_it_is_stale(tmp_path):
    """Weeks of RETRY leave the report stale, and its sentence names the latest reason."""
    reference, _, _ = _table(True)
    empty = _table(False)[0]
    asset = Asset('cup', object_name='cup', period_s=7 * 24 * 3600.0)
    with History(str(tmp_path / 'h.db')) as history:
        inspector = commissioned(history, asset, reference,
                                 [_captured(reference, number) for number in range(3)])
        inspector.inspect('cup', _captured(reference, 5), START + timedelta(weeks=1))
        for week in (2, 3, 4, 5):
            inspector.inspect('cup', _captured(empty, 10 + week), START + timedelta(weeks=week))
        report = inspector.report('cup', START + timedelta(weeks=5, hours=1))
    assert report['status'] == 'stale' and report['invalid_since_last_valid'] == 4
    assert '4 inspections since were not valid' in report['sentence']
    assert 'the part is not in its region' in report['sentence']

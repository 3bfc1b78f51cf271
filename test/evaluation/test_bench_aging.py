# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The aging benchmark on one real cup photo (ETH-80, from ../shared): stable and darkening."""

import json
import os

from paths import OBJECTS
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.evaluation import aging_scores
from subtle_diff_ros.evaluation import bench_aging
from subtle_diff_ros.evaluation.bench_aging import (COMMISSIONING, LIGHT_ONLY_PER_OBJECT,
                                                    run_specs, sequence_specs, SequenceSpec,
                                                    WEEKS)
from subtle_diff_ros.evaluation.photos import find_photos
from subtle_diff_ros.inspection import trends
from subtle_diff_ros.stimuli.aging import AGING, AgingSchedule

CUP = os.path.join(OBJECTS, 'eth80', 'cup', '1')
pytestmark = pytest.mark.skipif(not os.path.isdir(CUP), reason=f'ETH-80 photos not found under '
                                f'{os.path.normpath(CUP)} (shared data absent)')


def test_specs_cover_every_object_with_stable_light_only_and_aging_sequences(monkeypatch):
    specs = sequence_specs(os.path.join(OBJECTS, 'eth80', 'cup'), seed=3)
    kinds = [s.schedule.kind for s in specs]
    objects = len({s.photo.object_id for s in specs})
    assert kinds.count('stable') == 2 * objects
    assert kinds.count('light_only') == LIGHT_ONLY_PER_OBJECT * objects >= objects
    for kind in AGING:
        assert kinds.count(kind) == objects
    # The light-only sequences leave the others as they were without them.
    monkeypatch.setattr(bench_aging, 'LIGHT_ONLY_PER_OBJECT', 0)
    assert sequence_specs(os.path.join(OBJECTS, 'eth80', 'cup'), seed=3) == [
        s for s in specs if s.schedule.kind != 'light_only']
    monkeypatch.undo()
    aging = [s.schedule for s in specs if s.schedule.kind in AGING]
    assert all(abs(a.level(WEEKS) - 5.0) < 1e-9 and a.level(a.onset_week) == 0 for a in aging)
    assert sequence_specs(os.path.join(OBJECTS, 'eth80', 'cup'), seed=3) == specs


def test_a_stable_a_light_only_and_a_darkening_sequence():
    photo = find_photos(CUP)[0]
    specs = [SequenceSpec('cup1:stable', photo, AgingSchedule('stable'), 11),
             SequenceSpec('cup1:darkens', photo, AgingSchedule('darkens', 4, 0.5), 12),
             SequenceSpec('cup1:light_only', photo, AgingSchedule('light_only'), 13)]
    records, skipped = run_specs(specs)
    assert skipped == []
    stable = [r for r in records if r['kind'] == 'stable' and not r['commissioning']]
    assert len(stable) == WEEKS and not any(r['changed'] for r in stable)
    assert sum(r['commissioning'] and r['valid'] for r in records) == 3 * COMMISSIONING
    light = [r for r in records if r['kind'] == 'light_only' and not r['commissioning']]
    assert len(light) == WEEKS and all(r['valid'] for r in light)
    # Only the light changed: its gains differ from capture to capture.
    assert len({tuple(r['checks']['light_gains']) for r in light}) == WEEKS
    darkening = [r for r in records if r['kind'] == 'darkens' and not r['commissioning']]
    assert not any(r['changed'] for r in darkening if r['level'] == 0)
    summary = aging_scores.summarize(records)
    assert summary['false_alarm_rate_stable']['rate'] == 0.0
    assert summary['light_only_sequences_flagged'] == {'n': 1, 'count': 0, 'rate': 0.0}
    assert summary['light_only_alarms']['n'] == WEEKS
    assert summary['right_axis_and_direction_by_3_jnd'] == {'n': 1, 'count': 1, 'rate': 1.0}
    assert summary['detection_delay_weeks_after_1_jnd']['n'] == 1
    assert set(summary['targets']) == set(aging_scores.TARGETS)
    assert summary['targets']['light_only_sequences_flagged']['met'] is True
    replayed = aging_scores.replay(records, 1, 2.0)
    assert [r['week'] for r in replayed] == [r['week'] for r in records]
    rows = aging_scores.sweep(records, (1, 2), (3.0,), (0.25,))
    assert [row['light_only_flagged'] for row in rows] == [0, 0]


def test_more_commissioning_captures_and_one_kind_of_sequence(tmp_path):
    out = tmp_path / 'light.json'
    assert cli.main(['bench-aging', '--images', CUP, '--out', str(out), '--kinds', 'light_only',
                     '--commissioning', '5', '--records', '--quiet']) == 0
    report = json.loads(out.read_text())
    records = report['records']
    assert report['commissioning'] == 5 and report['sequences'] == LIGHT_ONLY_PER_OBJECT
    assert {r['kind'] for r in records} == {'light_only'}
    commissioning = [r for r in records if r['commissioning']]
    assert sum(r['valid'] for r in commissioning) == 5
    # Every commissioning capture comes before the first weekly inspection.
    assert max(r['week'] for r in commissioning) < 0 < min(
        r['week'] for r in records if not r['commissioning'])
    assert report['summary']['light_only_sequences_flagged']['n'] == LIGHT_ONLY_PER_OBJECT
    # The records replay to the decisions the inspections made.
    rows = aging_scores.replay(records, trends.LASTING_COUNT, trends.NOISE_MULTIPLE)
    assert [r['changed'] for r in rows] == [r['changed'] for r in records]


def test_bad_arguments_exit_2(capsys, tmp_path):
    for args, words in ((['--objects', '0'], '--objects must be positive'),
                        (['--workers', '0'], '--workers must be positive'),
                        (['--commissioning', '2'], '--commissioning must be from 3'),
                        (['--kinds', 'stable,rusts'], 'expected kinds from stable')):
        code = cli.main(['bench-aging', '--images', CUP, '--out', str(tmp_path / 'x.json'),
                         *args])
        assert code == 2 and words in capsys.readouterr().err
    code = cli.main(['bench-aging', '--images', str(tmp_path / 'none'), '--out',
                     str(tmp_path / 'x.json')])
    assert code == 2 and 'no image folder' in capsys.readouterr().err


def _records(sequence, kind, deltas):
    """Return benchmark records: three commissioning captures, then one a week (brightness)."""
    rows = []
    for number, delta in enumerate([0.1, -0.1, 0.0] + list(deltas)):
        commissioning = number < 3
        rows.append({'sequence': sequence, 'object': 'x', 'kind': kind, 'axis': None,
                     'direction': 0, 'week': -1.0 if commissioning else number - 2,
                     'level': 0.0, 'commissioning': commissioning, 'valid': True,
                     'reason': None, 'changed': False, 'time_s': 604800.0 * number,
                     'readings': {'brightness': [delta, 1.0, None]}})
    return rows


def test_light_only_sequences_are_scored_apart():
    # Sequence a reads 3 JND brighter just long enough for one lasting change.
    bright = [0.2] + [3.0] * trends.LASTING_COUNT + [0.1]
    records = (_records('a:light_only:0', 'light_only', bright)
               + _records('b:light_only:0', 'light_only', [0.2, -0.3, 0.4, 0.1])
               + _records('a:stable:0', 'stable', [0.1, 0.0, 0.2, -0.1]))
    summary = aging_scores.summarize(records)
    assert summary['light_only_sequences_flagged'] == {'n': 2, 'count': 1, 'rate': 0.5}
    assert summary['light_only_alarms'] == {'n': len(bright) + 4, 'count': 1,
                                            'rate': 1 / (len(bright) + 4)}
    assert summary['light_only_alarm_axes'] == {'brightness +': 1}
    assert summary['false_alarm_rate_stable'] == {'n': 4, 'count': 0, 'rate': 0.0}
    assert summary['false_alarm_rate_before_onset']['n'] == 0
    assert summary['right_axis_and_direction_by_3_jnd']['n'] == 0

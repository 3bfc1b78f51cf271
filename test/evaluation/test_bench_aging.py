# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The aging benchmark on one real cup photo (ETH-80, from ../shared): stable and darkening."""

import os

from paths import OBJECTS
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.evaluation import aging_scores
from subtle_diff_ros.evaluation.bench_aging import (COMMISSIONING, run_specs, sequence_specs,
                                                    SequenceSpec, WEEKS)
from subtle_diff_ros.evaluation.photos import find_photos
from subtle_diff_ros.stimuli.aging import AGING, AgingSchedule

CUP = os.path.join(OBJECTS, 'eth80', 'cup', '1')
pytestmark = pytest.mark.skipif(not os.path.isdir(CUP), reason=f'ETH-80 photos not found under '
                                f'{os.path.normpath(CUP)} (shared data absent)')


def test_specs_cover_every_object_with_stable_and_aging_sequences():
    specs = sequence_specs(os.path.join(OBJECTS, 'eth80', 'cup'), seed=3)
    kinds = [s.schedule.kind for s in specs]
    assert kinds.count('stable') == 2 * len({s.photo.object_id for s in specs})
    for kind in AGING:
        assert kinds.count(kind) == len({s.photo.object_id for s in specs})
    aging = [s.schedule for s in specs if s.schedule.kind != 'stable']
    assert all(abs(a.level(WEEKS) - 5.0) < 1e-9 and a.level(a.onset_week) == 0 for a in aging)
    assert sequence_specs(os.path.join(OBJECTS, 'eth80', 'cup'), seed=3) == specs


def test_a_stable_and_a_darkening_sequence():
    photo = find_photos(CUP)[0]
    specs = [SequenceSpec('cup1:stable', photo, AgingSchedule('stable'), 11),
             SequenceSpec('cup1:darkens', photo, AgingSchedule('darkens', 4, 0.5), 12)]
    records, skipped = run_specs(specs)
    assert skipped == []
    stable = [r for r in records if r['kind'] == 'stable' and not r['commissioning']]
    assert len(stable) == WEEKS and not any(r['changed'] for r in stable)
    assert sum(r['commissioning'] and r['valid'] for r in records) == 2 * COMMISSIONING
    darkening = [r for r in records if r['kind'] == 'darkens' and not r['commissioning']]
    assert not any(r['changed'] for r in darkening if r['level'] == 0)
    summary = aging_scores.summarize(records)
    assert summary['false_alarm_rate_stable']['rate'] == 0.0
    assert summary['right_axis_and_direction_by_3_jnd'] == {'n': 1, 'count': 1, 'rate': 1.0}
    assert summary['detection_delay_weeks_after_1_jnd']['n'] == 1
    assert set(summary['targets']) == set(aging_scores.TARGETS)
    replayed = aging_scores.replay(records, 1, 2.0)
    assert [r['week'] for r in replayed] == [r['week'] for r in records]
    assert len(aging_scores.sweep(records, (1, 2), (3.0,), (0.25,))) == 2


def test_bad_arguments_exit_2(capsys, tmp_path):
    for args, words in ((['--objects', '0'], '--objects must be positive'),
                        (['--workers', '0'], '--workers must be positive')):
        code = cli.main(['bench-aging', '--images', CUP, '--out', str(tmp_path / 'x.json'),
                         *args])
        assert code == 2 and words in capsys.readouterr().err
    code = cli.main(['bench-aging', '--images', str(tmp_path / 'none'), '--out',
                     str(tmp_path / 'x.json')])
    assert code == 2 and 'no image folder' in capsys.readouterr().err

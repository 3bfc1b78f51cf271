# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Inspections out of order and ahead of the clock: judged at their place in time, or refused.

The captures are made up (``inspect_capture`` replaced): a frame's first pixel minus 100 is its
brightness change in JND, so that only the history's logic is under test.
"""

from datetime import timedelta

from inspection_scenes import flat_frame, measured_capture
import pytest

from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.inspection import history as history_module
from subtle_diff_ros.inspection import inspector as inspector_module
from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.inspection.inspector import Inspector
from subtle_diff_ros.inspection.plan import Asset
from subtle_diff_ros.inspection.times import MAX_AHEAD_S, now, parse_time
from subtle_diff_ros.inspection.trends import LASTING_COUNT

ASSET = Asset('cup', object_name='cup', watch=('brightness',))
DARK = -5.0  # beyond the margin (1 JND), under the limit (8 JND)


@pytest.fixture
def inspector(tmp_path, monkeypatch):
    monkeypatch.setattr(inspector_module, 'inspect_capture', measured_capture)
    with History(str(tmp_path / 'history.db')) as history:
        inspector = Inspector(history, {'cup': ASSET})
        inspector.commission(ASSET, flat_frame(0.0), 'reference')
        yield inspector


def _inspect(inspector, delta, when, commissioning=None):
    return inspector.inspect('cup', flat_frame(delta), parse_time(when), commissioning)


def _commission(inspector):
    for day in (1, 2, 3):
        _inspect(inspector, 0.0, f'2026-01-0{day}T09:00:00Z', True)


def test_a_back_dated_inspection_is_judged_at_its_place_in_time(inspector):
    """A dark capture filed before two normal ones is no lasting change with a later dark one."""
    _commission(inspector)
    for when, delta in (('2026-01-15', 0.0), ('2026-01-22', 0.0), ('2026-01-29', DARK)):
        assert not _inspect(inspector, delta, when + 'T09:00:00Z').changed
    back_filled = _inspect(inspector, DARK, '2026-01-08T09:00:00Z')
    assert not back_filled.changed, back_filled.sentence
    assert 'no lasting change' in back_filled.sentence
    report = inspector.report('cup', parse_time('2026-01-30T09:00:00Z'))
    assert report['status'] == 'ok'
    recorded = {i.id: i.changed for i in inspector.history.inspections('cup')}
    assert recorded[back_filled.id] is False


def test_a_back_dated_inspection_after_a_change_is_lasting(inspector):
    """Dark weeks, a normal one, then a dark capture back-dated just before it: a lasting run."""
    _commission(inspector)
    for day in range(22 - 7 * (LASTING_COUNT - 1), 22, 7):
        assert not _inspect(inspector, DARK, f'2026-01-{day:02d}T09:00:00Z').changed
    _inspect(inspector, 0.0, '2026-01-29T09:00:00Z')
    assert _inspect(inspector, DARK, '2026-01-22T09:00:00Z').changed


def test_a_time_more_than_a_day_ahead_of_the_clock_is_refused(inspector):
    _commission(inspector)
    ahead = now() + timedelta(seconds=MAX_AHEAD_S + 3600)
    with pytest.raises(SubtleDiffError, match="ahead of this machine's clock"):
        inspector.inspect('cup', flat_frame(0.0), ahead)
    assert len(inspector.history.inspections('cup')) == 3  # nothing recorded
    soon = now() + timedelta(hours=2)  # a clock a little ahead, or local time read as UTC
    assert inspector.inspect('cup', flat_frame(0.0), soon).valid


def test_the_report_judges_the_inspections_up_to_its_time(inspector, monkeypatch):
    """An inspection dated in the future (recorded before the check) hides no later change."""
    _commission(inspector)
    # Written before times ahead of the clock were refused.
    for module in (inspector_module, history_module):
        monkeypatch.setattr(module, 'check_inspection_time', lambda seconds: None)
    _inspect(inspector, 0.0, '2126-01-10T09:00:00Z')
    for day in (17, 24, 31):
        result = _inspect(inspector, DARK, f'2026-01-{day}T09:00:00Z')
    assert result.changed, result.sentence
    report = inspector.report('cup', parse_time('2026-02-01T09:00:00Z'))
    assert report['status'] == 'warn', report['sentence']
    assert report['last_valid_inspection'] == '2026-01-31T09:00:00Z'
    assert report['later_inspections'] == 1
    assert '1 inspection is dated after 2026-02-01T09:00:00Z and not counted' in \
        report['sentence']


def test_the_report_of_a_plan_asset_never_inspected_records_nothing(tmp_path):
    """Reading a report is read-only: a plan asset never inspected is not commissioned."""
    with History(str(tmp_path / 'history.db')) as history:
        report = Inspector(history, {'cup': ASSET}).report('cup')
        assert report['status'] == 'stale' and report['inspections'] == 0
        assert report['reference_version'] is None
        assert 'not fully commissioned (0 of 3' in report['sentence']
        assert history.asset_names() == []


@pytest.mark.parametrize('text, written', [
    ('2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z'),
    ('2026-03-02T09:00:00.25Z', '2026-03-02T09:00:00.250Z'),
    ('2026-03-02T10:00:00.5+01:00', '2026-03-02T09:00:00.500Z'),
    ('2026-03-02T09:00:00.9996Z', '2026-03-02T09:00:01Z'),
])
def test_times_keep_their_fraction_of_a_second_to_the_millisecond(text, written):
    """Two inspections within one second are told apart in reports and exports."""
    from subtle_diff_ros.inspection.times import from_seconds, iso
    assert iso(parse_time(text)) == written
    assert iso(from_seconds(parse_time(text).timestamp())) == written

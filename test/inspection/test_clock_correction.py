# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A clock that ran a year ahead at commissioning, then corrected back: the remedy keeps the history.

Every new inspection comes before the wrongly dated commissioning captures, so none is judged
until their date comes round; ``--recommission --after-clock-correction`` starts a new reference
version now, the wrongly dated records kept in the old one, out of the trends. The captures are
made up (``inspect_capture`` replaced, as in ``test_inspection_times``): a frame's first pixel
minus 100 is its brightness change in JND. This machine's clock is moved with ``times.now``.
"""

from datetime import timedelta

import cv2
from inspection_scenes import flat_frame, measured_capture
import pytest

from subtle_diff_ros.cli import main
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.inspection import inspector as inspector_module
from subtle_diff_ros.inspection import times as times_module
from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.inspection.inspector import Inspector
from subtle_diff_ros.inspection.plan import Asset
from subtle_diff_ros.inspection.times import iso
from subtle_diff_ros.inspection.trends import LASTING_COUNT

ASSET = Asset('cup', object_name='cup', watch=('brightness',))
DARK = -5.0  # beyond the margin (1 JND), under the limit (8 JND)
YEAR = timedelta(days=365)


class Clock:
    """This machine's clock (``times.now``), set ahead by ``ahead``."""

    def __init__(self, monkeypatch):
        real = times_module.now
        self.ahead = timedelta(0)
        self.true_now = real().replace(microsecond=0)
        for module in (times_module, inspector_module):
            monkeypatch.setattr(module, 'now', lambda: real() + self.ahead)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(inspector_module, 'inspect_capture', measured_capture)
    return Clock(monkeypatch)


@pytest.fixture
def history(tmp_path):
    with History(str(tmp_path / 'history.db')) as history:
        yield history


def _commissioned_a_year_ahead(history, clock):
    """Commission the cup and inspect it once while the clock runs a year ahead; correct it."""
    inspector = Inspector(history, {'cup': ASSET})
    clock.ahead = YEAR
    start = clock.true_now + YEAR
    inspector.define_and_inspect(ASSET, flat_frame(), start, True, flat_frame(), 'ref.png')
    for hour in (1, 2):
        inspector.inspect('cup', flat_frame(), start + timedelta(hours=hour), True)
    inspector.inspect('cup', flat_frame(), start + timedelta(hours=8))
    clock.ahead = timedelta(0)  # NTP corrects the clock
    return inspector


def _rows(history):
    return [(i.id, i.reference_id, i.time_s, i.commissioning, i.sentence)
            for i in history.inspections('cup')]


def test_a_clock_corrected_back_says_why_nothing_is_judged_and_names_the_remedy(history, clock):
    inspector = _commissioned_a_year_ahead(history, clock)
    now = clock.true_now
    unjudged = inspector.inspect('cup', flat_frame(DARK), now - timedelta(hours=3))
    assert not unjudged.changed
    assert 'not fully commissioned at this time (0 of 3' in unjudged.sentence
    assert "3 of its commissioning captures are dated ahead of this machine's clock" in \
        unjudged.sentence
    assert '--recommission --after-clock-correction --commissioning' in unjudged.sentence
    report = inspector.report('cup')
    assert report['status'] == 'stale' and report['later_inspections'] == 4
    assert '--after-clock-correction' in report['sentence']
    warning = inspector.clock_warning('cup')
    assert "4 of its inspections are dated ahead of this machine's clock" in warning
    assert 'recorded but not judged' in warning
    assert f'subtle-diff inspect --db {history.path} --asset cup --recommission ' \
           '--after-clock-correction --commissioning' in warning
    # A recommission dated now is refused as before, saying what to add.
    with pytest.raises(SubtleDiffError, match=r'must start after it.*add --after-clock-correction '
                                              r'\(they stay in reference version 1'):
        inspector.define_and_inspect(ASSET, flat_frame(), now - timedelta(hours=1), True,
                                     new_version=True)
    assert len(history.references('cup')) == 1 and len(history.inspections('cup')) == 5


def test_recommissioning_after_the_clock_correction_restores_judging_with_history_kept(
        history, clock):
    inspector = _commissioned_a_year_ahead(history, clock)
    now = clock.true_now
    inspector.inspect('cup', flat_frame(), now - timedelta(hours=3))  # not judged
    before = _rows(history)
    start = now - timedelta(hours=2)
    first = inspector.define_and_inspect(ASSET, flat_frame(), start, True, new_version=True,
                                         after_clock_correction=True)
    assert first.commissioning and first.valid
    assert ('Reference version 2 starts after a clock correction: 4 inspections dated more than '
            'a day ahead of '
            f'the clock (up to {iso(now + YEAR + timedelta(hours=8))}) stay in version 1, '
            'out of its trends.') in first.sentence
    for minutes in (10, 20):
        at = start + timedelta(minutes=minutes)
        assert inspector.inspect('cup', flat_frame(), at).commissioning
    # Judged again: a lasting darkening is reported after LASTING_COUNT dark inspections.
    results = [inspector.inspect('cup', flat_frame(DARK), start + timedelta(minutes=30 + 5 * k))
               for k in range(LASTING_COUNT)]
    assert [r.changed for r in results] == [False] * (LASTING_COUNT - 1) + [True]
    assert 'darker' in results[-1].sentence
    report = inspector.report('cup')
    assert report['status'] == 'warn' and report['reference_version'] == 2
    assert report['later_inspections'] == 0 and report['commissioning']['complete']
    assert 'ahead' not in report['sentence']
    assert inspector.clock_warning('cup') is None
    # The history is kept: every earlier record as it was, in reference version 1.
    after = _rows(history)
    assert [row for row in after if row[1] == before[0][1]] == before
    assert len(after) == len(before) + 3 + LASTING_COUNT
    # The wrongly dated records no longer stand in the way of a later recommission.
    later = inspector.define_and_inspect(ASSET, flat_frame(), now - timedelta(minutes=5), True,
                                         new_version=True)
    assert later.commissioning and len(history.references('cup')) == 3


def test_the_clock_correction_is_refused_where_nothing_is_dated_ahead(history, clock):
    inspector = Inspector(history, {'cup': ASSET})
    now = clock.true_now
    inspector.define_and_inspect(ASSET, flat_frame(), now - timedelta(days=3), True, flat_frame(),
                                 'ref')
    with pytest.raises(SubtleDiffError, match="no inspection of asset 'cup' is dated ahead"):
        inspector.define_and_inspect(ASSET, flat_frame(), now - timedelta(days=4), True,
                                     new_version=True, after_clock_correction=True)
    with pytest.raises(SubtleDiffError, match='with a new reference version'):
        inspector.define_and_inspect(ASSET, flat_frame(), now, True, after_clock_correction=True)
    assert len(history.inspections('cup')) == 1


def test_the_new_version_still_starts_after_the_records_dated_right(history, clock):
    """Only the records dated ahead of the clock are left behind; the others still order it."""
    inspector = _commissioned_a_year_ahead(history, clock)
    now = clock.true_now
    inspector.inspect('cup', flat_frame(), now - timedelta(hours=3))
    with pytest.raises(SubtleDiffError, match=r'inspected at .*: a new reference version '
                                              r'\(--recommission\) must start after it, not'):
        inspector.define_and_inspect(ASSET, flat_frame(), now - timedelta(hours=4), True,
                                     new_version=True, after_clock_correction=True)
    assert len(history.references('cup')) == 1


def test_the_command_line_takes_the_clock_correction(tmp_path, clock, capsys):
    image = str(tmp_path / 'frame.png')
    cv2.imwrite(image, flat_frame())
    db = str(tmp_path / 'cli.db')
    with History(db) as history:
        _commissioned_a_year_ahead(history, clock)
    when = iso(clock.true_now - timedelta(hours=1))
    args = ['inspect', '--db', db, '--asset', 'cup', '--image', image, '--time', when]
    assert main(args + ['--after-clock-correction']) == 2
    assert '--after-clock-correction goes with --recommission' in capsys.readouterr().err
    assert main(args + ['--recommission', '--commissioning']) == 2
    assert 'add --after-clock-correction' in capsys.readouterr().err
    assert main(args + ['--recommission', '--commissioning', '--after-clock-correction']) == 0
    assert 'Reference version 2 starts after a clock correction' in capsys.readouterr().out


def _commissioned_right(history, clock, ahead=timedelta(0)):
    """Commission the cup and inspect it once, dated right (``ahead``: its times given ahead)."""
    inspector = Inspector(history, {'cup': ASSET})
    start = clock.true_now - timedelta(hours=4) + ahead
    inspector.define_and_inspect(ASSET, flat_frame(), start, True, flat_frame(), 'ref.png')
    for minutes in (10, 20):
        inspector.inspect('cup', flat_frame(), start + timedelta(minutes=minutes), True)
    inspector.inspect('cup', flat_frame(), start + timedelta(hours=1))
    return inspector


def test_a_clock_behind_now_is_named_and_the_right_records_stay_in_the_trends(history, clock):
    """A node restarted with its clock set back (no RTC before NTP): the records are right."""
    inspector = _commissioned_right(history, clock)
    clock.ahead = -timedelta(hours=6)  # the clock is behind now: nothing dated wrong
    before = _rows(history)
    warning = inspector.clock_warning('cup')
    assert "4 of its inspections are dated ahead of this machine's clock" in warning
    assert "this machine's clock may be behind now: if it is, set it right" in warning
    assert '--after-clock-correction' not in warning and 'nothing needs doing' in warning
    when = clock.true_now - timedelta(hours=6)
    with pytest.raises(SubtleDiffError, match='by less than a day.*Nothing shows that they are '
                                              'dated wrong.*if the clock is behind, set it right'):
        inspector.define_and_inspect(ASSET, flat_frame(), when, True, new_version=True,
                                     after_clock_correction=True)
    with pytest.raises(SubtleDiffError, match='must start after it') as refused:
        inspector.define_and_inspect(ASSET, flat_frame(), when, True, new_version=True)
    assert 'add --after-clock-correction' not in str(refused.value)
    assert 'never left out of the trends' in str(refused.value)
    assert _rows(history) == before and len(history.references('cup')) == 1
    # Behind by more than a day, the remedy is named, but only after checking the clock.
    clock.ahead = -timedelta(days=2)
    warning = inspector.clock_warning('cup')
    assert "dated ahead of this machine's clock" in warning and 'by more than 1 day' in warning
    assert ("Either this machine's clock is behind now (the records are right) or it ran ahead "
            'when they were recorded') in warning
    assert 'check the clock first. If it is behind, set it right, and nothing else is needed; ' \
           'if it is right, recommission the asset' in warning
    assert '--recommission --after-clock-correction' in warning
    clock.ahead = timedelta(0)  # set right: the records count as they are
    assert inspector.clock_warning('cup') is None
    assert inspector.report('cup')['commissioning']['complete']


def test_a_capture_dated_a_little_ahead_is_not_taken_for_a_clock_correction(history, clock):
    """A time given 5 h ahead (a local time read as UTC) is allowed, and never left behind."""
    inspector = Inspector(history, {'cup': ASSET})
    now = clock.true_now
    inspector.define_and_inspect(ASSET, flat_frame(), now + timedelta(hours=5), True, flat_frame(),
                                 'ref')
    warning = inspector.clock_warning('cup')
    assert "1 of its inspections is dated ahead of this machine's clock" in warning
    for minutes in (10, 20):
        inspector.inspect('cup', flat_frame(), now + timedelta(hours=5, minutes=minutes), True)
    assert 'a local time read as UTC' in warning and '--after-clock-correction' not in warning
    with pytest.raises(SubtleDiffError, match='by less than a day'):
        inspector.define_and_inspect(ASSET, flat_frame(), now, True, new_version=True,
                                     after_clock_correction=True)
    # Its commissioning captures dated ahead: the sentences name no remedy either.
    unjudged = inspector.inspect('cup', flat_frame(DARK), now + timedelta(hours=1))
    assert "3 of its commissioning captures are dated ahead of this machine's clock, the latest" \
        in unjudged.sentence
    assert 'judging starts when they come round' in unjudged.sentence
    assert '--after-clock-correction' not in unjudged.sentence
    assert '--after-clock-correction' not in inspector.report('cup')['sentence']
    # The new capture dated after all the records ahead: no correction lies between them.
    with pytest.raises(SubtleDiffError, match=r'the new capture \(.*\) is dated after every '
                                              r'inspection .* leave the option out'):
        inspector.define_and_inspect(ASSET, flat_frame(), now + timedelta(hours=20), True,
                                     new_version=True, after_clock_correction=True)
    assert len(history.references('cup')) == 1 and len(history.inspections('cup')) == 4
    # Without the option it is what it always was: a new version after the latest record.
    later = inspector.define_and_inspect(ASSET, flat_frame(), now + timedelta(hours=20), True,
                                         new_version=True)
    assert later.commissioning and 'clock' not in later.sentence


def test_only_the_records_more_than_a_day_ahead_are_left_behind(history, clock):
    """A year ahead, corrected back, then a capture given 5 h ahead: that one still orders it."""
    inspector = _commissioned_a_year_ahead(history, clock)
    now = clock.true_now
    inspector.inspect('cup', flat_frame(), now + timedelta(hours=5))
    with pytest.raises(SubtleDiffError, match=r'must start after it.*1 of its inspections is '
                                              r'dated ahead.*never left out of the trends'):
        inspector.define_and_inspect(ASSET, flat_frame(), now, True, new_version=True,
                                     after_clock_correction=True)
    first = inspector.define_and_inspect(ASSET, flat_frame(), now + timedelta(hours=6), True,
                                         new_version=True, after_clock_correction=True)
    assert 'a clock correction: 4 inspections dated more than a day ahead' in first.sentence
    old = history.inspections('cup', history.references('cup')[0].id)
    assert len(old) == 5  # the one dated 5 h ahead kept in version 1, before the new one

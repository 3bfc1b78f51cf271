# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A false-alarm mark taken back: the reading counts in the trends again, and both are recorded.

A mistyped inspection id marked a real reading as a false alarm; ``withdraw_false_alarm`` takes
the mark back without deleting anything. The captures are made up (``inspect_capture``
replaced, as in ``test_inspection_times``): a frame's first pixel minus 100 is its brightness
change in JND.
"""

import sqlite3

from inspection_scenes import flat_frame, measured_capture
import pytest

from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.inspection import inspector as inspector_module
from subtle_diff_ros.inspection.history import History, SCHEMA_VERSION
from subtle_diff_ros.inspection.inspector import Inspector
from subtle_diff_ros.inspection.plan import Asset
from subtle_diff_ros.inspection.times import parse_time
from subtle_diff_ros.inspection.trends import LASTING_COUNT

ASSET = Asset('cup', object_name='cup', watch=('brightness',))
DARK = -5.0  # beyond the margin (1 JND), under the limit (8 JND)
AT = parse_time('2026-02-16T09:00:00Z')  # a day after the last dark week


@pytest.fixture
def inspector(tmp_path, monkeypatch):
    """Commission the cup, then inspect LASTING_COUNT dark weeks: a lasting darkening (WARN)."""
    monkeypatch.setattr(inspector_module, 'inspect_capture', measured_capture)
    with History(str(tmp_path / 'history.db')) as history:
        inspector = Inspector(history, {'cup': ASSET})
        inspector.commission(ASSET, flat_frame(), 'reference')
        for day in (1, 2, 3):
            inspector.inspect('cup', flat_frame(), parse_time(f'2026-01-0{day}T09:00:00Z'), True)
        for week in range(LASTING_COUNT):
            inspector.inspect('cup', flat_frame(DARK), parse_time(f'2026-02-{7 * week + 1:02d}'))
        yield inspector


def _dark_weeks(inspector):
    return [i.id for i in inspector.history.inspections('cup') if not i.commissioning]


def _feedback(inspector):
    db = sqlite3.connect(inspector.history.path)
    try:
        return db.execute('SELECT inspection_id, kind, note FROM feedback ORDER BY id').fetchall()
    finally:
        db.close()


def test_a_mistyped_mark_is_withdrawn_and_the_reading_counts_again(inspector):
    assert inspector.report('cup', AT)['status'] == 'warn'
    typo = _dark_weeks(inspector)[1]
    assert inspector.mark_false_alarm(typo, 'meant inspection 71') == 'cup'
    report = inspector.report('cup', AT)
    assert report['status'] == 'ok' and report['false_alarms'] == 1
    assert inspector.withdraw_false_alarm(typo, 'wrong id: a real reading') == 'cup'
    report = inspector.report('cup', AT)
    assert report['status'] == 'warn' and report['false_alarms'] == 0
    assert not any(i.false_alarm for i in inspector.history.inspections('cup'))
    # Nothing deleted: the mark and its withdrawal are both recorded, in order.
    assert _feedback(inspector) == [(typo, 'false_alarm', 'meant inspection 71'),
                                    (typo, 'withdrawal', 'wrong id: a real reading')]
    # Withdrawn once; marked again it is a false alarm again, a new mark.
    with pytest.raises(SubtleDiffError, match='is not marked as a false alarm .its mark was '
                                              'withdrawn at'):
        inspector.withdraw_false_alarm(typo)
    inspector.mark_false_alarm(typo, 'a shadow after all')
    assert inspector.report('cup', AT)['status'] == 'ok'
    assert [row[1] for row in _feedback(inspector)] == ['false_alarm', 'withdrawal', 'false_alarm']


def test_only_a_mark_in_force_can_be_withdrawn(inspector):
    never_marked = _dark_weeks(inspector)[0]
    with pytest.raises(SubtleDiffError, match=f'inspection {never_marked} of cup is not marked '
                                              'as a false alarm: there is no mark to withdraw'):
        inspector.withdraw_false_alarm(never_marked)
    inspector.mark_false_alarm(never_marked)
    with pytest.raises(SubtleDiffError, match='at most 1000'):
        inspector.withdraw_false_alarm(never_marked, 'x' * 1001)
    with pytest.raises(SubtleDiffError, match='control'):
        inspector.withdraw_false_alarm(never_marked, 'a\x1b[31m')
    with pytest.raises(SubtleDiffError, match='no inspection with id 98765'):
        inspector.withdraw_false_alarm(98765)
    assert inspector.history.inspections('cup')[3].false_alarm  # still marked


@pytest.mark.parametrize('inspection_id', [2 ** 63, -2 ** 63 - 1, 10 ** 30])
def test_an_id_beyond_sqlite_integers_is_refused_as_unknown(inspector, inspection_id):
    """Refused as every other unknown id is, not with SQLite's OverflowError."""
    for action in (inspector.withdraw_false_alarm, inspector.mark_false_alarm):
        with pytest.raises(SubtleDiffError, match=f'no inspection with id {inspection_id} in'):
            action(inspection_id)
    assert _feedback(inspector) == []


def test_a_version_3_history_keeps_its_marks_and_takes_withdrawals(inspector):
    """A history of schema version 3 (one mark per inspection) is upgraded in place."""
    marked = _dark_weeks(inspector)[2]
    inspector.mark_false_alarm(marked, 'a shadow')
    path = inspector.history.path
    inspector.history.close()
    db = sqlite3.connect(path)
    db.executescript("""
        ALTER TABLE feedback RENAME TO feedback_v4;
        CREATE TABLE feedback (
          id INTEGER PRIMARY KEY, inspection_id INTEGER NOT NULL REFERENCES inspections(id),
          kind TEXT NOT NULL CHECK (kind IN ('false_alarm')), note TEXT NOT NULL,
          created_at TEXT NOT NULL, UNIQUE (inspection_id, kind));
        INSERT INTO feedback SELECT * FROM feedback_v4;
        DROP TABLE feedback_v4;
        PRAGMA user_version = 3;
    """)
    db.close()
    with History(path, read_only=True) as history:  # read as it is
        assert [i.id for i in history.inspections('cup') if i.false_alarm] == [marked]
    with History(path) as history:
        assert sqlite3.connect(path).execute('PRAGMA user_version').fetchone()[0] == \
            SCHEMA_VERSION
        assert [i.id for i in history.inspections('cup') if i.false_alarm] == [marked]
        history.withdraw_false_alarm(marked, '', '2026-03-01T09:00:00Z')
        assert not any(i.false_alarm for i in history.inspections('cup'))

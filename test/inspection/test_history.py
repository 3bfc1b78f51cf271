# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The history database: schema, round trips, feedback, export, and kill -9 while writing."""

from datetime import datetime, timezone
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys

import cv2
from inspection_scenes import coffee, cup_asset
import numpy as np
import pytest

from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.inspection.capture import AxisReading, Capture
from subtle_diff_ros.inspection.export import export_rows, write_rows
from subtle_diff_ros.inspection.history import (History, HistoryError, MAX_NOTE, SCHEMA_VERSION,
                                                UnknownAssetError, UnknownInspectionError)
from subtle_diff_ros.inspection.inspector import Inspector
from subtle_diff_ros.inspection.plan import Asset, Region

NOW = '2026-03-02T09:00:00Z'


def _capture(valid=True, delta=-1.5):
    readings = {'brightness': AxisReading('brightness', delta, 1.0, 'L*', 60.0, 58.5)}
    return Capture(valid, None if valid else 'blurred', readings if valid else {},
                   {'alignment_correlation': 0.99}, np.eye(3)[:2], [])


def _image(seed, shape=(48, 64)):
    return np.random.default_rng(seed).integers(0, 255, shape + (3,), dtype=np.uint8)


def test_schema_wal_and_foreign_keys(tmp_path):
    path = str(tmp_path / 'h.db')
    History(path).close()
    db = sqlite3.connect(path)
    assert db.execute('PRAGMA user_version').fetchone()[0] == SCHEMA_VERSION
    assert db.execute('PRAGMA journal_mode').fetchone()[0] == 'wal'
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {'assets', 'images', 'reference_versions', 'inspections', 'readings',
            'feedback'} <= tables
    with History(path) as history:
        history.define_asset('hinge', {'name': 'hinge'}, NOW)
        with pytest.raises(HistoryError, match='FOREIGN KEY'):  # no reference 99
            history.record('hinge', 99, 0.0, _image(0), _capture(), False, False, '', NOW)
        assert history.inspections('hinge') == []


def test_round_trip_versions_and_feedback(tmp_path):
    with History(str(tmp_path / 'h.db')) as history:
        history.define_asset('hinge', {'name': 'hinge', 'watch': ['brightness']}, NOW)
        first = history.add_reference('hinge', _image(1), 'ref.png', NOW)
        assert history.add_reference('hinge', _image(1), 'again.png', NOW) == first
        second = history.add_reference('hinge', _image(2), 'new.png', NOW)
        assert (first.version, second.version) == (1, 2)
        assert np.array_equal(history.image(first.sha256), _image(1))
        ids = [history.record('hinge', first.id, 100.0 + n, _image(10 + n), _capture(n != 1),
                              n == 0, False, f'sentence {n}', NOW) for n in range(3)]
        found = history.inspections('hinge')
        assert [i.id for i in found] == ids and [i.valid for i in found] == [True, False, True]
        assert found[0].commissioning and found[0].readings['brightness'].delta == -1.5
        assert found[1].reason == 'blurred' and not found[1].readings
        assert history.inspections('hinge', second.id) == []
        assert history.mark_false_alarm(ids[2], 'a shadow', NOW) == 'hinge'
        assert history.mark_false_alarm(ids[2], 'twice', NOW) == 'hinge'
        assert history.mark_false_alarm(ids[2], '', NOW) == 'hinge'
        assert history.inspections('hinge')[2].false_alarm
        with pytest.raises(UnknownInspectionError):
            history.mark_false_alarm(12345, '', NOW)
        with pytest.raises(UnknownAssetError, match='assets: hinge'):
            history.settings('door')
        rows = export_rows(history)
    assert len(rows) == 3 and rows[1]['axis'] is None and rows[2]['false_alarm']
    write_rows(rows, str(tmp_path / 'out.csv'), 'csv')
    write_rows(rows, str(tmp_path / 'out.json'), 'json')
    assert (tmp_path / 'out.csv').read_text().splitlines()[0].startswith('asset,inspection_id')
    assert json.loads((tmp_path / 'out.json').read_text())[0]['delta'] == -1.5
    # Marked again with a note, the newer note is kept; an empty one changes nothing.
    notes = sqlite3.connect(str(tmp_path / 'h.db')).execute('SELECT note FROM feedback')
    assert notes.fetchall() == [('twice',)]


def test_other_files_are_refused(tmp_path):
    other = tmp_path / 'other.db'
    sqlite3.connect(str(other)).execute('CREATE TABLE t (x)')
    with pytest.raises(HistoryError, match='not an inspection history'):
        History(str(other))
    newer = tmp_path / 'newer.db'
    sqlite3.connect(str(newer)).execute('PRAGMA user_version = 99')
    with pytest.raises(HistoryError, match='schema version 99'):
        History(str(newer))
    text = tmp_path / 'text.db'
    text.write_text('not a database at all, ' * 100)
    with pytest.raises(HistoryError):
        History(str(text))


def _foreign(path, version):
    db = sqlite3.connect(str(path))
    db.execute('CREATE TABLE readings (x)')
    db.execute(f'PRAGMA user_version = {version}')
    db.commit()
    db.close()


@pytest.mark.parametrize('version, says', [
    (0, 'is a SQLite database but not an inspection history$'),
    (1, r'not an inspection history \(schema version 1, but no table assets\)'),
    (2, r'not an inspection history \(schema version 2, but no table assets\)'),
    (3, r'not an inspection history \(schema version 3, but no table assets\)'),
    (4, r'not an inspection history \(schema version 4, but no table assets\)'),
    (5, 'has schema version 5; this package reads versions 1 to 4'),
])
def test_a_refused_file_is_left_as_it_was(tmp_path, version, says):
    """Another program's database, or a newer history, is refused before anything is written."""
    path = tmp_path / 'other.db'
    _foreign(path, version)
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(HistoryError, match=says):
            History(str(path), read_only=read_only)
    assert path.read_bytes() == before
    assert sqlite3.connect(str(path)).execute('PRAGMA journal_mode').fetchone()[0] == 'delete'
    assert not (tmp_path / 'other.db-wal').exists()


@pytest.mark.parametrize('column, value, says', [
    ('regions', '[', 'the regions of inspection 1 cannot be read as JSON'),
    ('checks', '[1]', 'the checks of inspection 1 cannot be read as a JSON object'),
    ('matrix', '{bad', 'the alignment of inspection 1 cannot be read as JSON'),
])
def test_a_damaged_inspection_row_is_named(tmp_path, column, value, says):
    path = str(tmp_path / 'h.db')
    with History(path) as history:
        history.define_asset('hinge', {'name': 'hinge'}, NOW)
        reference = history.add_reference('hinge', _image(1), 'ref.png', NOW)
        history.record('hinge', reference.id, 100.0, _image(2), _capture(), True, False, '', NOW)
    with sqlite3.connect(path) as db:
        db.execute(f'UPDATE inspections SET {column} = ?', (value,))
    for read_only in (False, True):
        with History(path, read_only=read_only) as history:
            with pytest.raises(HistoryError, match=f'^{path} is damaged: {says}'):
                history.inspections('hinge')


@pytest.mark.parametrize('settings, says', [
    ('{bad json', "the settings of asset 'hinge' cannot be read as JSON"),
    ('[1]', "the settings of asset 'hinge' cannot be read as a JSON object"),
])
def test_damaged_asset_settings_are_named(tmp_path, settings, says):
    path = str(tmp_path / 'h.db')
    with History(path) as history:
        history.define_asset('hinge', {'name': 'hinge'}, NOW)
    with sqlite3.connect(path) as db:
        db.execute('UPDATE assets SET settings = ?', (settings,))
    with History(path, read_only=True) as history:
        with pytest.raises(HistoryError, match=f'^{path} is damaged: {says}'):
            history.settings('hinge')


def test_a_commissioning_capture_is_no_false_alarm_and_notes_are_capped(tmp_path):
    with History(str(tmp_path / 'h.db')) as history:
        history.define_asset('hinge', {'name': 'hinge'}, NOW)
        reference = history.add_reference('hinge', _image(1), 'ref.png', NOW)
        commissioning, later = [history.record('hinge', reference.id, 100.0 + n, _image(n),
                                               _capture(), n == 0, False, '', NOW)
                                for n in range(2)]
        with pytest.raises(SubtleDiffError, match='commissioning capture.*recommission'):
            history.mark_false_alarm(commissioning, 'a shadow', NOW)
        with pytest.raises(SubtleDiffError, match=f'1001 characters long; at most {MAX_NOTE}'):
            history.mark_false_alarm(later, 'x' * (MAX_NOTE + 1), NOW)
        assert not any(i.false_alarm for i in history.inspections('hinge'))
        history.mark_false_alarm(later, 'x' * MAX_NOTE, NOW)
        assert [i.false_alarm for i in history.inspections('hinge')] == [False, True]


def test_a_retried_capture_is_no_false_alarm_and_a_note_is_plain_text(tmp_path):
    """A RETRY recorded nothing as aging to take back; a note with an escape is refused."""
    with History(str(tmp_path / 'h.db')) as history:
        history.define_asset('hinge', {'name': 'hinge'}, NOW)
        reference = history.add_reference('hinge', _image(1), 'ref.png', NOW)
        valid, retried = [history.record('hinge', reference.id, 100.0 + n, _image(n),
                                         _capture(n == 0), False, False, '', NOW)
                          for n in range(2)]
        with pytest.raises(SubtleDiffError, match=r'was not valid \(RETRY: blurred\)'):
            history.mark_false_alarm(retried, 'a shadow', NOW)
        with pytest.raises(SubtleDiffError, match='control or undecodable character'):
            history.mark_false_alarm(valid, 'a shadow\x1b[31m', NOW)
        assert not any(i.false_alarm for i in history.inspections('hinge'))
        history.mark_false_alarm(valid, 'a shadow\non the hinge\t(door open)', NOW)
        assert [i.false_alarm for i in history.inspections('hinge')] == [True, False]


def test_an_inspection_time_out_of_range_is_refused(tmp_path):
    with History(str(tmp_path / 'h.db')) as history:
        history.define_asset('hinge', {'name': 'hinge'}, NOW)
        reference = history.add_reference('hinge', _image(1), 'ref.png', NOW)
        for seconds in (-1.0, 253402300799.0, float('nan')):
            with pytest.raises(SubtleDiffError, match='from 1970-01-01 up to 3000-01-01'):
                history.record('hinge', reference.id, seconds, _image(2), _capture(), False,
                               False, '', NOW)
        assert history.inspections('hinge') == []


def _add_first_reference(path, barrier, results):
    with History(path) as history:
        history.define_asset('cup', {'name': 'cup'}, NOW)
        barrier.wait()
        try:
            results.put(history.add_reference('cup', _image(7), 'ref.png', NOW).version)
        except SubtleDiffError as exc:
            results.put(str(exc))


def test_concurrent_first_references_agree_on_version_1(tmp_path):
    context = multiprocessing.get_context('fork')
    for attempt in range(3):
        path = str(tmp_path / f'h{attempt}.db')
        History(path).close()
        barrier, results = context.Barrier(4), context.Queue()
        workers = [context.Process(target=_add_first_reference, args=(path, barrier, results))
                   for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert sorted(results.get(timeout=5) for _ in workers) == [1, 1, 1, 1]
        with History(path) as history:
            assert [r.version for r in history.references('cup')] == [1]


def test_a_reader_never_creates_and_reads_a_live_history(tmp_path):
    missing = tmp_path / 'typo.db'
    with pytest.raises(HistoryError, match=f'no inspection history at {missing}'):
        History(str(missing), read_only=True)
    assert not missing.exists()
    path = str(tmp_path / 'h.db')
    with History(path) as writer:
        writer.define_asset('hinge', {'name': 'hinge'}, NOW)
        reference = writer.add_reference('hinge', _image(1), 'ref.png', NOW)
        writer.record('hinge', reference.id, 100.0, _image(2), _capture(), True, False, '', NOW)
        with History(path, read_only=True) as reader:
            assert len(reader.inspections('hinge')) == 1
            with pytest.raises(HistoryError, match='readonly'):
                reader.define_asset('door', {'name': 'door'}, NOW)
    other = tmp_path / 'other.db'
    sqlite3.connect(str(other)).execute('CREATE TABLE t (x)')
    with pytest.raises(HistoryError, match='not an inspection history'):
        History(str(other), read_only=True)


@pytest.mark.skipif(os.geteuid() == 0, reason='root may write any folder')
def test_a_history_in_a_read_only_folder_is_readable(tmp_path):
    folder = tmp_path / 'ro'
    folder.mkdir()
    with History(str(folder / 'h.db')) as history:
        history.define_asset('hinge', {'name': 'hinge'}, NOW)
    (folder / 'h.db').chmod(0o444)
    folder.chmod(0o555)
    try:
        with History(str(folder / 'h.db'), read_only=True) as reader:
            assert reader.asset_names() == ['hinge']
    finally:
        folder.chmod(0o755)


WRITER = """
import sys
import numpy as np
from subtle_diff_ros.inspection.capture import AxisReading, Capture
from subtle_diff_ros.inspection.history import History
history = History(sys.argv[1])
if 'hinge' not in history.asset_names():
    history.define_asset('hinge', {'name': 'hinge'}, 'now')
reference = history.add_reference('hinge', np.zeros((48, 64, 3), np.uint8), 'r', 'now')
rng = np.random.default_rng(int(sys.argv[2]))
while True:
    frame = rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)
    readings = {a: AxisReading(a, float(rng.normal()), 1.0, '', 0.0, 0.0)
                for a in ('brightness', 'warmth', 'size', 'glossiness')}
    capture = Capture(True, None, readings, {}, np.eye(3)[:2], [])
    number = history.record('hinge', reference.id, float(rng.random()), frame, capture, False,
                            False, 'x', 'now')
    print(number, flush=True)
"""


def test_kill_9_while_writing_loses_nothing_committed(tmp_path):
    path = str(tmp_path / 'h.db')
    env = {k: v for k, v in os.environ.items() if k != '_ROS_WHEELS_BOOTSTRAP_COMPLETE'}
    committed = []
    for round_number in range(6):
        writer = subprocess.Popen([sys.executable, '-c', WRITER, path, str(round_number)],
                                  stdout=subprocess.PIPE, env=env, text=True)
        wanted = 3 + 5 * round_number
        for _ in range(wanted):
            line = writer.stdout.readline()
            assert line, 'the writer stopped'
            committed.append(int(line))
        writer.send_signal(signal.SIGKILL)  # in the middle of its next write, most likely
        writer.wait()
        writer.stdout.close()
        assert writer.returncode == -signal.SIGKILL
    db = sqlite3.connect(path)
    assert db.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'
    assert db.execute('PRAGMA foreign_key_check').fetchall() == []
    with History(path) as history:
        stored = {i.id: i for i in history.inspections('hinge')}
    assert set(committed) <= set(stored)
    assert all(len(stored[number].readings) == 4 for number in committed)


@pytest.mark.parametrize('version', [1, 2])
def test_an_older_history_reads_no_uncertainty_it_lacked(tmp_path, version):
    """Version 1 stored no light uncertainty, version 2 none of the outline: both read 0."""
    path = str(tmp_path / 'h.db')
    capture = _capture()
    capture.readings['brightness'].light_sigma = 0.4
    capture.readings['brightness'].outline_sigma = 0.2
    with History(path) as history:
        history.define_asset('hinge', {'name': 'hinge', 'watch': ['brightness']}, NOW)
        first = history.add_reference('hinge', _image(1), 'ref.png', NOW)
        history.record('hinge', first.id, 100.0, _image(10), capture, True, False, '', NOW)
    db = sqlite3.connect(path)
    db.execute('ALTER TABLE readings DROP COLUMN outline_sigma')
    if version == 1:
        db.execute('ALTER TABLE readings DROP COLUMN light_sigma')
    db.execute(f'PRAGMA user_version = {version}')
    db.commit()
    db.close()
    expected = (-1.5, 0.4 if version == 2 else 0.0, 0.0)
    with History(path, read_only=True) as history:  # a reader takes it as it is
        reading = history.inspections('hinge')[0].readings['brightness']
        assert (reading.delta, reading.light_sigma, reading.outline_sigma) == expected
    assert sqlite3.connect(path).execute('PRAGMA user_version').fetchone()[0] == version
    with History(path) as history:
        reading = history.inspections('hinge')[0].readings['brightness']
        assert (reading.delta, reading.light_sigma, reading.outline_sigma) == expected
        history.record('hinge', first.id, 200.0, _image(11), capture, False, False, '', NOW)
        newest = history.inspections('hinge')[-1].readings['brightness']
        assert (newest.light_sigma, newest.outline_sigma) == (0.4, 0.2)
    assert sqlite3.connect(path).execute('PRAGMA user_version').fetchone()[0] == SCHEMA_VERSION


def test_a_refused_commissioning_changes_nothing_and_a_new_version_may_repeat_the_image(
        tmp_path):
    with History(str(tmp_path / 'h.db')) as history:
        inspector = Inspector(history)
        first = inspector.commission(cup_asset(), coffee(), 'ref.png')
        settings = history.settings('cup')
        with pytest.raises(SubtleDiffError, match='has another reference'):
            inspector.commission(Asset('cup', 'mug', region=cup_asset().region),
                                 coffee()[::-1], 'other.png')
        with pytest.raises(SubtleDiffError, match='holds no pixel'):
            inspector.commission(cup_asset(region=Region('box', (400, 300, 50, 50))),
                                 coffee(), 'ref.png', new_version=True)
        assert history.settings('cup') == settings and history.references('cup') == [first]
        again = inspector.commission(cup_asset(region=Region('box', (40, 10, 200, 180))),
                                     coffee(), 'ref.png', new_version=True)
        assert again.version == 2 and again.sha256 == first.sha256


def test_a_reference_file_name_that_is_not_utf8_is_stored_escaped(tmp_path):
    """A name given as bytes that are not UTF-8 (kept as surrogates) is stored, escaped."""
    with History(str(tmp_path / 'h.db')) as history:
        history.define_asset('hinge', {'name': 'hinge', 'watch': ['brightness']}, NOW)
        source = b'\xff\xfe.png'.decode('utf-8', 'surrogateescape')
        reference = history.add_reference('hinge', _image(1), source, NOW)
        assert reference.source == '\\xff\\xfe.png'


def test_an_unknown_asset_message_lists_a_few_names_not_thousands(tmp_path):
    """A fleet's history of thousands of assets gives a one-line, short message."""
    from subtle_diff_ros.inspection.history import UnknownAssetError
    with History(str(tmp_path / 'h.db')) as history:
        for number in range(40):
            history.define_asset(f'a{number:02d}', {'name': f'a{number:02d}'}, NOW)
        with pytest.raises(UnknownAssetError, match=r'a09 and 30 more\)$'):
            history.settings('nope')


def test_a_frame_that_could_not_be_inspected_is_kept_no_larger_than_the_reference(tmp_path):
    # A camera stuck in another mode, retried: each refused frame is kept to show what came,
    # at the reference's scale, not in full; a frame that was inspected is kept as it came.
    reference = coffee()
    big = cv2.resize(reference, (reference.shape[1] * 4, reference.shape[0] * 3))
    with History(str(tmp_path / 'h.db')) as history:
        inspector = Inspector(history)
        inspector.commission(cup_asset(), reference, 'ref.png')
        refused = inspector.inspect('cup', big, datetime(2026, 1, 5, tzinfo=timezone.utc))
        assert not refused.valid and 'another camera mode' in refused.reason
        taken = inspector.inspect('cup', reference, datetime(2026, 1, 6, tzinfo=timezone.utc))
        assert taken.valid
        kept = {i.valid: history.image(i.frame_sha256) for i in history.inspections('cup')}
    height, width = kept[False].shape[:2]
    assert width <= reference.shape[1] and height <= reference.shape[0]
    assert abs(width / height - big.shape[1] / big.shape[0]) < 0.02
    assert np.array_equal(kept[True], reference)

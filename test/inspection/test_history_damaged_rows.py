# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""History rows of valid JSON (or SQLite type) but the wrong shape: one line naming the row."""

from datetime import timedelta
import hashlib
import shutil
import sqlite3

from inspection_scenes import capture_of, coffee, commissioned, cup_asset, START
import numpy as np
import pytest

from subtle_diff_ros.inspection.capture import AxisReading, Capture
from subtle_diff_ros.inspection.history import History, HistoryError
from subtle_diff_ros.inspection.inspector import Inspector
from subtle_diff_ros.inspection.report import write_report
from subtle_diff_ros.inspection.times import parse_time

NOW = '2026-03-02T09:00:00Z'
MATRIX = 'the alignment of inspection 1 is not a 2x3 matrix of numbers'
REGIONS = 'the regions of inspection 1 are not boxes'
BOX = '"x": 1, "y": 2, "width": 3, "height": 4'


def _history(path):
    """Record one inspection (id 1) of asset 'hinge'; return its frame's hash."""
    readings = {'brightness': AxisReading('brightness', -1.5, 1.0, 'L*', 60.0, 58.5)}
    capture = Capture(True, None, readings, {'alignment_correlation': 0.99}, np.eye(3)[:2], [])
    frame = np.random.default_rng(2).integers(0, 255, (48, 64, 3), dtype=np.uint8)
    with History(path) as history:
        history.define_asset('hinge', {'name': 'hinge'}, NOW)
        reference = history.add_reference('hinge', frame[::-1].copy(), 'ref.png', NOW)
        history.record('hinge', reference.id, 100.0, frame, capture, False, False, '', NOW)
        return history.inspections('hinge')[0].frame_sha256


@pytest.mark.parametrize('column, value, says', [
    ('matrix', '[[1, 0]]', MATRIX),
    ('matrix', '[["a", 0, 0], [0, 1, 0]]', MATRIX),
    ('matrix', '[[1, 0, 0], [0, 1, 0], [0, 0, 1]]', MATRIX),
    ('matrix', '[[1, 0, NaN], [0, 1, 0]]', MATRIX),
    ('matrix', '[[true, 0, 0], [0, 1, 0]]', MATRIX),
    ('matrix', '[1, 2]', MATRIX),
    ('regions', '[1, 2]', REGIONS),
    ('regions', '[[1, 2, 3, 4]]', REGIONS),
    ('regions', '[{"x": 1}]', REGIONS),
    ('regions', '[{"x": 1e300, "y": 0, "width": 5, "height": 5}]', REGIONS),
    ('regions', '[{"x": -1, "y": 0, "width": 5, "height": 5}]', REGIONS),
    ('regions', '[{"x": "1", "y": 0, "width": 5, "height": 5}]', REGIONS),
    ('regions', f'[{{{BOX}}}, {{"x": 1, "y": 2, "width": null, "height": 4}}]', REGIONS),
])
def test_a_row_of_the_wrong_shape_is_named(tmp_path, column, value, says):
    path = str(tmp_path / 'h.db')
    _history(path)
    with sqlite3.connect(path) as db:
        db.execute(f'UPDATE inspections SET {column} = ?', (value,))
    for read_only in (False, True):
        with History(path, read_only=read_only) as history:
            with pytest.raises(HistoryError, match=f'^{path} is damaged: {says}') as raised:
                history.inspections('hinge')
            assert '\n' not in str(raised.value)


@pytest.mark.parametrize('matrix, regions', [
    ('null', '[]'),
    ('[[1, 0, 0.5], [0, 1, -2]]', f'[{{{BOX}, "score": 0.5}}, {{"x": 0.5, "y": 0, '
                                  '"width": 50000000, "height": 1}]'),
])
def test_rows_of_the_right_shape_are_read(tmp_path, matrix, regions):
    path = str(tmp_path / 'h.db')
    _history(path)
    with sqlite3.connect(path) as db:
        db.execute('UPDATE inspections SET matrix = ?, regions = ?', (matrix, regions))
    with History(path, read_only=True) as history:
        inspection = history.inspections('hinge')[0]
    assert (inspection.matrix, len(inspection.regions)) == (
        None if matrix == 'null' else [[1, 0, 0.5], [0, 1, -2]], regions.count('"x"'))


@pytest.mark.parametrize('value', ['abc', 123, 1.5])
def test_an_image_column_of_another_type_is_damaged(tmp_path, value):
    path = str(tmp_path / 'h.db')
    digest = _history(path)
    with sqlite3.connect(path) as db:
        db.execute('UPDATE images SET png = ? WHERE sha256 = ?', (value, digest))
    with History(path, read_only=True) as history:
        with pytest.raises(HistoryError, match=f'^the image {digest[:16]} in {path} is damaged$'):
            history.image(digest)


def test_an_image_that_holds_its_hash_but_no_png_is_damaged(tmp_path):
    path = str(tmp_path / 'h.db')
    _history(path)
    data = b'not a PNG file'
    digest = hashlib.sha256(data).hexdigest()
    with sqlite3.connect(path) as db:
        db.execute('INSERT INTO images (sha256, width, height, png) VALUES (?, 1, 1, ?)',
                   (digest, data))
    with History(path, read_only=True) as history:
        with pytest.raises(HistoryError, match=f'^the image {digest[:16]} in {path} is damaged$'):
            history.image(digest)


@pytest.fixture(scope='module')
def cup_history(tmp_path_factory):
    """Return the path of a cup's history: commissioned, then two weekly inspections."""
    path = str(tmp_path_factory.mktemp('cup') / 'h.db')
    reference = coffee()
    with History(path) as history:
        inspector = commissioned(history, cup_asset(), reference,
                                 [capture_of(reference, number) for number in range(3)])
        for week in (1, 2):
            inspector.inspect('cup', capture_of(reference, 10 + week),
                              START + timedelta(weeks=week))
    return path


@pytest.mark.parametrize('sql, says', [
    ("UPDATE inspections SET matrix = '[[1, 0]]' WHERE id = 5",
     'is damaged: the alignment of inspection 5 is not a 2x3 matrix'),
    ("UPDATE inspections SET regions = '[{\"x\": 1}]' WHERE id = 5",
     'is damaged: the regions of inspection 5 are not boxes'),
    ("UPDATE inspections SET regions = '[{\"x\": 1e300, \"y\": 0, \"width\": 5, \"height\": 5}]' "
     'WHERE id = 5', 'is damaged: the regions of inspection 5 are not boxes'),
    ("UPDATE images SET png = 'abc' WHERE sha256 = (SELECT frame_sha256 FROM inspections "
     'WHERE id = 5)', r'^the image [0-9a-f]{16} in .* is damaged$'),
])
def test_the_html_report_of_a_damaged_row_is_one_line(cup_history, tmp_path, sql, says):
    path = str(tmp_path / 'h.db')
    shutil.copy(cup_history, path)
    with sqlite3.connect(path) as db:
        db.execute(sql)
    with History(path, read_only=True) as history:
        inspector = Inspector(history, {'cup': cup_asset()})
        with pytest.raises(HistoryError, match=says):
            write_report(inspector, ['cup'], str(tmp_path / 'report.html'),
                         parse_time('2026-02-01T00:00:00Z'))

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A history whose SQLite pages are damaged: refused when opened in one line, never written."""

import os
import re
import sqlite3

from cup_history import brightness_capture, cup_history, DAY, NOW, random_image
import numpy as np
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.inspection.history import History, HistoryError
from subtle_diff_ros.vision.image_io import save_image

PAGE = 4096
DAMAGED = 'is damaged: SQLite finds broken pages in it ('


def _frame(path, inspection_id=1):
    """Return (hash, PNG bytes) of an inspection's frame, read with plain SQLite."""
    with sqlite3.connect(path) as db:
        return db.execute('SELECT i.frame_sha256, m.png FROM inspections i JOIN images m ON '
                          'm.sha256 = i.frame_sha256 WHERE i.id = ?', (inspection_id,)).fetchone()


def _break_overflow_chain(path):
    """Point the next-page number of an overflow page of inspection 1's frame past the file."""
    png = _frame(path)[1]
    data = bytearray(open(path, 'rb').read())
    pages = [p for p in range(1, len(data) // PAGE) if bytes(data[p * PAGE + 4:p * PAGE + 68])
             in png]
    assert pages, 'no overflow page of the frame found'
    data[pages[0] * PAGE:pages[0] * PAGE + 4] = (0x7ffffff0).to_bytes(4, 'big')
    open(path, 'wb').write(bytes(data))


def _overwrite_pages(path):
    """Write noise over two pages in the middle of the file (a disk error)."""
    data = bytearray(open(path, 'rb').read())
    middle = len(data) // PAGE // 2
    data[middle * PAGE:(middle + 2) * PAGE] = np.random.default_rng(7).bytes(2 * PAGE)
    open(path, 'wb').write(bytes(data))


def _truncate(path):
    """Cut the file to half its pages (the end of a copy lost)."""
    os.truncate(path, os.path.getsize(path) // PAGE // 2 * PAGE)


DAMAGES = [_break_overflow_chain, _overwrite_pages, _truncate]


@pytest.fixture
def db(tmp_path):
    """Return a history of the asset cup: three commissioning captures and five inspections."""
    return cup_history(str(tmp_path / 'history.db'), (0.1, -0.2, 0.15, 0.05, 0.3, 0.2, 0.1, 0))


def _unchanged(path, before):
    """Assert that the file holds ``before`` and that no -wal beside it holds a page."""
    assert open(path, 'rb').read() == before
    wal = path + '-wal'
    assert not os.path.exists(wal) or os.path.getsize(wal) == 0


@pytest.mark.parametrize('damage', DAMAGES)
def test_a_history_of_damaged_pages_is_refused_when_opened(db, damage):
    damage(db)
    with sqlite3.connect(db) as plain:
        try:
            assert plain.execute('PRAGMA quick_check').fetchall() != [('ok',)]
        except sqlite3.DatabaseError:
            pass  # so damaged that the check cannot even start
    before = open(db, 'rb').read()
    for read_only in (True, False):
        with pytest.raises(HistoryError, match='^' + re.escape(f'{db} {DAMAGED}')) as raised:
            History(db, read_only=read_only)
        text = str(raised.value)
        assert '\n' not in text and 'restore' in text and 'backup' in text, text
        _unchanged(db, before)


def test_the_check_names_the_first_problem(db):
    _break_overflow_chain(db)
    with pytest.raises(HistoryError, match=r'\(On tree page \d+ cell \d+: .*\); '):
        History(db, read_only=True)


@pytest.mark.parametrize('damage', DAMAGES)
def test_commands_refuse_a_damaged_history_and_write_nothing(capsys, db, tmp_path, damage):
    image = tmp_path / 'frame.png'
    save_image(str(image), random_image(9))
    damage(db)
    before = open(db, 'rb').read()
    page, table = tmp_path / 'report.html', tmp_path / 'x.csv'
    for args in (['report', '--db', db, '--asset', 'cup'],
                 ['report', '--db', db, '--html', page],
                 ['export', '--db', db, '--out', table],
                 ['inspect', '--db', db, '--asset', 'cup', '--image', image, '--time', NOW]):
        code = cli.main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert code == 2 and out == '' and 'Traceback' not in err, (args, out, err)
        assert len(err.strip().splitlines()) == 1 and f'{db} {DAMAGED}' in err, err
        _unchanged(db, before)
    assert not page.exists() and not table.exists()


def test_a_page_damaged_after_the_check_is_named_when_read(db, monkeypatch):
    digest = _frame(db)[0]
    _break_overflow_chain(db)
    # Damage the check did not see (e.g. a disk error while the history is open).
    monkeypatch.setattr(History, '_check_pages', lambda self: None, raising=False)
    with History(db, read_only=True) as history:
        with pytest.raises(HistoryError, match='^' + re.escape(f'{db} {DAMAGED}')) as raised:
            history.image(digest)
    assert '\n' not in str(raised.value)


def test_a_sound_history_is_opened_and_written(db):
    with History(db) as history:
        reference = history.references('cup')[0]
        latest = history.inspections('cup')[-1].time_s
        history.record('cup', reference.id, latest + DAY, random_image(20),
                       brightness_capture(0.1), False, False, '', NOW)
    with History(db, read_only=True) as history:
        assert len(history.inspections('cup')) == 9

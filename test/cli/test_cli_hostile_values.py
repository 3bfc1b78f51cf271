# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Huge or empty values and NUL characters: one short line and exit 2, never a traceback."""

import time

from cup_history import cup_history, NOW, random_image
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.files import output_status, OutputError, read_regular_file, write_file
from subtle_diff_ros.vision.image_io import save_image

# A value over a thousand times longer than a message may quote (80 characters).
LONG = 'x' * 100_000


def _run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path):
    """Return a history of the asset cup: three commissioning captures."""
    return cup_history(str(tmp_path / 'history.db'), (0.1, 0.1, 0.1))


@pytest.fixture
def image(tmp_path):
    path = str(tmp_path / 'frame.png')
    save_image(path, random_image(9))
    return path


@pytest.mark.parametrize('option, value, words', [
    ('--period', LONG, 'is not a duration'),
    ('--period', '1' * 100_000 + 'x', 'is not a duration'),  # took minutes to refuse
    ('--period', '1' * 100_000 + 'e5', 'is too large to be a number'),
    ('--watch', LONG, 'unknown axis'),
    ('--region', LONG, 'is not X,Y,W,H (four numbers)'),
    ('--patch', LONG, 'is not X,Y,W,H (four numbers)'),
    ('--time', LONG, 'is not an ISO 8601 time'),
    ('--time', '2026-W99T00:00:00.' + '1' * 100_000, 'is no real date and time'),
    ('--limit', LONG, 'is not AXIS=JND (brightness=4): unknown axis'),
    ('--limit', 'brightness=' + LONG, "is not AXIS=JND (brightness=4): 'xxxx")])
def test_a_huge_inspect_value_is_cut_in_its_one_line_message(capsys, db, image, option, value,
                                                             words):
    """A 100,000-character value gave a 100 KB line (--limit: 200 KB); now it is cut to 80."""
    args = ['inspect', '--db', db, '--asset', 'cup', '--image', image, option, value]
    if option != '--time':
        args += ['--time', NOW]
    start = time.monotonic()
    code, out, err = _run(capsys, *args)
    assert code == 2 and out == '' and 'Traceback' not in err, err[:300]
    assert len(err.splitlines()) == 1 and words in err and len(err) < 600, err[:600]
    assert '… (1000' in err and time.monotonic() - start < 10


def test_a_huge_report_time_is_cut_in_its_one_line_message(capsys, db):
    code, out, err = _run(capsys, 'report', '--db', db, '--now', LONG)
    assert code == 2 and len(err.splitlines()) == 1 and len(err) < 300, err[:300]
    assert "error: 'xxxx" in err and '… (100000 characters) is not an ISO 8601 time' in err


def test_an_empty_export_path_is_said_to_be_empty(capsys, db, tmp_path):
    """``export --out ''`` said "cannot write : Is a directory"."""
    code, out, err = _run(capsys, 'export', '--db', db, '--out', '')
    assert code == 2 and out == '' and len(err.splitlines()) == 1
    assert "error: --out is empty: give the path of the file to write ('-': standard output)" \
        in err


@pytest.mark.parametrize('call, error', [
    (lambda path: read_regular_file(path, 100), SubtleDiffError),
    (lambda path: write_file(path, b'data'), OutputError),
    (output_status, OutputError)])
def test_a_path_that_is_empty_or_holds_a_nul_character_is_refused(tmp_path, call, error):
    """A NUL character in a path raised Python's ValueError "embedded null byte"."""
    with pytest.raises(error, match='holds a NUL character, which no file name holds'):
        call(f'{tmp_path}/a\0b.png')
    with pytest.raises(error, match='is empty: give a file name'):
        call('')
    assert list(tmp_path.iterdir()) == []


def test_a_huge_output_path_is_cut_in_its_message(tmp_path):
    with pytest.raises(OutputError, match=r"^cannot write '/[^']*'… \(5\d{3} characters\): "
                       'File name too long$'):
        write_file(f'{tmp_path}/{"d" * 5000}/out.csv', b'data')

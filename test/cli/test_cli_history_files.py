# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""``report`` and ``export`` on bad paths, times and histories: one line, exit 2, nothing lost."""

import json
import os
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading

from cup_history import brightness_capture, cup_history, DAY, NOW, random_image, START
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.vision.image_io import save_image


def _run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path):
    """Return a history of the asset cup: three commissioning captures and one inspection."""
    return cup_history(str(tmp_path / 'history.db'), (0.1, -0.2, 0.15, 0.05))


def _one_line_error(code, out, err, words):
    assert code == 2 and out == '' and 'Traceback' not in err, (out, err)
    assert len(err.strip().splitlines()) == 1 and words in err, err


def _files(folder):
    """Return the files in ``folder``, less SQLite's -wal and -shm beside the history."""
    return sorted(name for name in os.listdir(folder) if not name.startswith('history.db-'))


def _inspections(path):
    with History(path, read_only=True) as history:
        return len(history.inspections('cup'))


def test_a_mistyped_history_is_not_created(capsys, db, tmp_path):
    typo = tmp_path / 'histroy.db'
    for args in (['report', '--db', typo, '--asset', 'cup'],
                 ['report', '--db', typo, '--html', tmp_path / 'r.html'],
                 ['export', '--db', typo, '--out', tmp_path / 'x.csv']):
        _one_line_error(*_run(capsys, *args), f'no inspection history at {typo}')
    assert _files(tmp_path) == ['history.db']


def test_report_and_export_follow_links_and_write_fifos(capsys, db, tmp_path):
    real = tmp_path / 'real.csv'
    real.write_text('old')
    link = tmp_path / 'link.csv'
    link.symlink_to(real)
    code, out, err = _run(capsys, 'export', '--db', db, '--out', link)
    assert code == 0, err
    assert link.is_symlink() and real.read_text().startswith('asset,inspection_id')
    page = tmp_path / 'page.html'
    page.symlink_to(tmp_path / 'real.html')
    assert _run(capsys, 'report', '--db', db, '--html', page)[0] == 0
    assert page.is_symlink() and '<!DOCTYPE html>' in (tmp_path / 'real.html').read_text()
    fifo = tmp_path / 'fifo'
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    code, out, err = _run(capsys, 'export', '--db', db, '--out', fifo, '--format', 'json')
    reader.join(timeout=10)
    assert code == 0 and len(json.loads(got[0])) == 4 and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert not [name for name in os.listdir(tmp_path) if 'tmp' in name]


def test_a_folder_or_a_missing_folder_is_refused(capsys, db, tmp_path):
    (tmp_path / 'some_dir').mkdir()
    cases = [(['export', '--db', db, '--out', f'{tmp_path}/some_dir/'], 'it is a folder'),
             (['report', '--db', db, '--html', tmp_path / 'some_dir'], 'it is a folder'),
             (['export', '--db', db, '--out', tmp_path / 'nowhere' / 'x.csv'], 'no folder'),
             (['report', '--db', db, '--html', tmp_path / 'nowhere' / 'r.html'], 'no folder'),
             (['report', '--db', db, '--html', ''], '--html needs the path')]
    for args, words in cases:
        _one_line_error(*_run(capsys, *args), words)
    assert _files(tmp_path) == ['history.db', 'some_dir']
    assert os.listdir(tmp_path / 'some_dir') == [] and _inspections(db) == 4


def test_an_output_over_its_own_history_is_refused(capsys, db, tmp_path):
    """Writing the export or the page over the database it is made from would lose it all."""
    os.symlink(db, tmp_path / 'link.db')
    cases = [['export', '--db', db, '--out', db],
             ['export', '--db', db, '--out', db + '-wal'],
             ['report', '--db', db, '--asset', 'cup', '--html', tmp_path / 'link.db']]
    for args in cases:
        _one_line_error(*_run(capsys, *args), 'the file the output is made from')
    assert _inspections(db) == 4


def _bind_mount_run(tmp_path, *args):
    """Run the CLI in a private mount namespace with ``tmp_path`` bind-mounted at ``bind``."""
    if shutil.which('unshare') is None or shutil.which('mount') is None:
        pytest.skip('no unshare or mount here')
    (tmp_path / 'bind').mkdir()
    package = os.path.dirname(os.path.dirname(cli.__file__))
    script = (f'mount --bind {shlex.quote(str(tmp_path))} {shlex.quote(str(tmp_path / "bind"))}'
              ' || exit 77; exec "$@"')
    env = dict(os.environ, PYTHONPATH=package + os.pathsep + os.environ.get('PYTHONPATH', ''))
    done = subprocess.run(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script,
                           'sh', sys.executable, '-m', 'subtle_diff_ros.cli',
                           *[str(a) for a in args]],
                          capture_output=True, text=True, env=env, timeout=120)
    if done.returncode == 77 or 'unshare failed' in done.stderr:
        pytest.skip(f'no bind mount here: {done.stderr.strip()}')
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize('command', ['export', 'report'])
def test_an_output_over_its_own_history_through_a_bind_mount_is_refused(db, tmp_path, command):
    """A second mount of the history's folder is not another file: the history is kept."""
    with open(db, 'rb') as f:
        before = f.read()
    out = str(tmp_path / 'bind' / os.path.basename(db))
    args = ['export', '--db', db, '--format', 'csv', '--out', out] if command == 'export' else \
        ['report', '--db', db, '--asset', 'cup', '--html', out]
    _one_line_error(*_bind_mount_run(tmp_path, *args), 'the file the output is made from')
    with open(db, 'rb') as f:
        assert f.read() == before
    assert _inspections(db) == 4


def test_times_near_the_ends_of_the_calendar_are_refused(capsys, db, tmp_path):
    image = str(tmp_path / 'frame.png')
    save_image(image, random_image(1))
    inspect = ['inspect', '--db', db, '--asset', 'cup', '--image', image, '--time']
    for args in (inspect + ['9999-12-31T23:59:59-14:00'], inspect + ['9999-01-01'],
                 inspect + ['0001-01-01T00:00:00+01:00'], inspect + ['1969-12-31T23:59:59Z'],
                 ['report', '--db', db, '--now', '0001-01-01T00:00:00+14:00']):
        _one_line_error(*_run(capsys, *args), 'out of range: times run from 1970-01-01 up to '
                        '3000-01-01 (UTC)')
    assert _inspections(db) == 4


def test_incomplete_commissioning_is_said_not_ok(capsys, db, tmp_path):
    code, out, err = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json', '--now',
                          '2026-01-05T09:00:00Z')
    report = json.loads(out)
    assert code == 0 and report['status'] == 'ok' and report['commissioning']['complete']
    with History(db) as history:  # what inspect --recommission does, then one capture
        reference = history.add_reference('cup', random_image(9), 'new.png', NOW)
        history.record('cup', reference.id, START + 5 * DAY, random_image(10),
                       brightness_capture(0.0), True, False, '', NOW)
    code, out, err = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json', '--now',
                          '2026-01-06T10:00:00Z')
    report = json.loads(out)
    assert code == 0 and report['status'] == 'stale'
    assert report['commissioning'] == {'captures': 1, 'needed': 3, 'complete': False}
    assert report['sentence'] == ('The cup is not fully commissioned (1 of 3 commissioning '
                                  'captures): no change can be judged until commissioning is '
                                  'complete.')
    page = tmp_path / 'report.html'
    assert _run(capsys, 'report', '--db', db, '--html', page)[0] == 0
    assert 'STALE' in page.read_text() and 'not fully commissioned' in page.read_text()


def test_a_deeply_nested_plan_is_one_line_naming_the_file(capsys, db, tmp_path):
    plan = tmp_path / 'deep.yaml'
    plan.write_text('version: 1\nassets:\n  - name: cup\n    object: ' + '[' * 5000 + '\n')
    image = str(tmp_path / 'frame.png')
    save_image(image, random_image(1))
    _one_line_error(*_run(capsys, 'inspect', '--db', db, '--asset', 'cup', '--image', image,
                          '--time', NOW, '--plan', plan), f'{plan}: not a plan: its YAML is '
                    'nested too deeply')
    assert _inspections(db) == 4


@pytest.mark.parametrize('table, column', [('assets', 'settings'), ('inspections', 'regions')])
def test_a_damaged_row_is_one_line_naming_it(capsys, db, tmp_path, table, column):
    with sqlite3.connect(db) as connection:
        connection.execute(f'UPDATE {table} SET {column} = ? WHERE id = 1', ('{bad json',))
    image = tmp_path / 'frame.png'
    save_image(str(image), random_image(9))
    row = "the settings of asset 'cup'" if table == 'assets' else 'the regions of inspection 1'
    for args in (['report', '--db', db, '--asset', 'cup'],
                 ['export', '--db', db, '--out', tmp_path / 'x.csv'],
                 ['inspect', '--db', db, '--asset', 'cup', '--image', image, '--time', NOW]):
        _one_line_error(*_run(capsys, *args), f'{db} is damaged: {row} cannot be read as JSON')


@pytest.mark.parametrize('sql, row', [
    ("UPDATE readings SET delta = 'abc' WHERE inspection_id = 4", 'the brightness reading of '
     'inspection 4 holds a value of the wrong type'),
    ('UPDATE inspections SET time_s = 1e300 WHERE id = 4', 'the time of inspection 4 is not a '
     'time from 1970 up to 3000'),
    ("UPDATE inspections SET commissioning = 'yes' WHERE id = 2", 'inspection 2 holds a value '
     'of the wrong type')])
def test_a_value_of_the_wrong_type_is_one_line_naming_it(capsys, db, tmp_path, sql, row):
    with sqlite3.connect(db) as connection:
        connection.execute(sql)
    image = tmp_path / 'frame.png'
    save_image(str(image), random_image(9))
    for args in (['report', '--db', db, '--asset', 'cup'],
                 ['report', '--db', db, '--html', tmp_path / 'r.html'],
                 ['export', '--db', db, '--out', tmp_path / 'x.csv'],
                 ['inspect', '--db', db, '--asset', 'cup', '--image', image, '--time', NOW]):
        _one_line_error(*_run(capsys, *args), f'{db} is damaged: {row}')
    assert not (tmp_path / 'r.html').exists() and not (tmp_path / 'x.csv').exists()


def test_export_to_standard_output(capsys, db, tmp_path):
    """``--out -`` prints the rows (the count goes to stderr) and makes no file called '-'."""
    code, out, err = _run(capsys, 'export', '--db', db, '--format', 'json', '--out', '-')
    assert code == 0 and len(json.loads(out)) == 4 and 'wrote 4 rows to standard output' in err
    code, out, _ = _run(capsys, 'export', '--db', db, '--out', '-')
    assert code == 0 and out.splitlines()[0].startswith('asset,inspection_id,time')
    assert len(out.splitlines()) == 5 and not os.path.exists('-')

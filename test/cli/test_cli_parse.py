# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for the ``subtle-diff parse`` sub-command."""

import io
import json
import os
import subprocess
import sys

from paths import REPO_ROOT
import pytest
from subtle_diff_ros import cli

REPO = REPO_ROOT
FIELDS = {'attribute', 'axis', 'direction', 'subject', 'object', 'part', 'positive_text',
          'negative_text', 'parsed', 'parsed_by', 'other_axes', 'rank', 'excluded', 'only'}


def _run(monkeypatch, capsys, stdin, *args):
    monkeypatch.setattr(sys, 'stdin', io.StringIO(stdin))
    code = cli.main(['parse', *args])
    out = capsys.readouterr()
    return code, [json.loads(line) for line in out.out.splitlines()], out.err


def test_one_json_object_per_line_in_order(monkeypatch, capsys):
    """Each stdin line gives one JSON line with the DifferenceQuery fields."""
    stdin = ('Image 2 is darker compared to image 1\n'
             'pick the glossier mug\n'
             'The apple in image 1 is more reddish than in image 2.\n')
    code, records, _ = _run(monkeypatch, capsys, stdin)
    assert code == 0
    assert len(records) == 3
    assert set(records[0]) == FIELDS
    assert (records[0]['axis'], records[0]['direction'], records[0]['subject']) == \
        ('brightness', -1, 2)
    assert records[0]['part'] is None
    assert (records[1]['subject'], records[1]['object']) == ('asked', 'mug')
    assert set(records[2]) == FIELDS | {'hue'}
    assert records[2]['hue'] == 'red'


def test_bad_lines_print_an_error_and_parsing_continues(monkeypatch, capsys):
    """A line not understood prints {"error": ...}; later lines still parse."""
    stdin = 'the pie is cut\n\nThe rope in image 1 is thicker than in image 2.\n'
    code, records, _ = _run(monkeypatch, capsys, stdin)
    assert code == 1
    assert len(records) == 3
    assert 'the pie is cut' in records[0]['error']
    assert 'empty' in records[1]['error']
    assert records[2]['axis'] == 'thickness'


def test_attribute_hint_option(monkeypatch, capsys):
    """The --attribute option picks the word sense."""
    stdin = 'The vase in image 1 is brighter than in image 2.\n'
    _, records, _ = _run(monkeypatch, capsys, stdin, '--attribute', 'texture')
    assert records[0]['axis'] == 'glossiness'


def test_no_input_lines_exits_2(monkeypatch, capsys):
    """Empty stdin is an error with exit status 2."""
    code, records, err = _run(monkeypatch, capsys, '')
    assert code == 2
    assert records == []
    assert 'no sentences' in err


def test_runs_as_a_process():
    """The command works in a fresh interpreter with only PYTHONPATH set."""
    env = dict(os.environ, PYTHONPATH=REPO)
    proc = subprocess.run(
        [sys.executable, '-c', 'import sys; from subtle_diff_ros.cli import main; '
                               'sys.exit(main())', 'parse'],
        input='The tile in image 2 is glossier than in image 1.\n', capture_output=True,
        text=True, env=env, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert (record['axis'], record['direction'], record['subject']) == ('glossiness', 1, 2)


def test_attribute_names_in_any_case_and_british_spelling(monkeypatch, capsys):
    """--attribute Colour is color; a name that is no attribute exits 2 naming the choices."""
    code, records, _ = _run(monkeypatch, capsys, 'the brighter mug\n', '--attribute', 'Colour')
    assert code == 0 and records[0]['axis'] == 'brightness'
    code, records, _ = _run(monkeypatch, capsys, 'the brighter mug\n', '--attribute', 'TEXTURE')
    assert code == 0 and records[0]['axis'] == 'glossiness'
    with pytest.raises(SystemExit) as stopped:
        _run(monkeypatch, capsys, 'the brighter mug\n', '--attribute', 'size')
    assert stopped.value.code == 2
    assert "'size' is not an attribute: use color, shape, texture" in capsys.readouterr().err


def test_an_overlong_line_is_told_by_its_length_and_parsing_goes_on(monkeypatch, capsys):
    code, records, _ = _run(monkeypatch, capsys, 'x' * 250_000 + '\nthe darker cup\n')
    assert code == 1
    assert records[0] == {'error': 'the text has 250000 characters, over the limit of 1000'}
    assert records[1]['axis'] == 'brightness'


def test_endless_input_without_line_ends_stops_with_an_error():
    """/dev/zero is no sentence per line: the command stops, memory bounded, exit 2."""
    with open('/dev/zero', 'rb') as zeros:
        done = subprocess.run([sys.executable, '-m', 'subtle_diff_ros.cli', 'parse'],
                              stdin=zeros, capture_output=True, text=True, cwd=REPO,
                              env={**os.environ, 'PYTHONPATH': REPO}, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().endswith('line 1 of stdin has over 1048576 characters: give one '
                                        'sentence per line')

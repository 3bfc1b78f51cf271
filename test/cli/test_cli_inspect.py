# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The ``subtle-diff inspect``, ``report`` and ``export`` contract, on weeks of a coffee cup."""

from datetime import datetime, timedelta, timezone
import json
import os
import sqlite3

from inspection_scenes import capture_of, coffee, CUP_BOX
import numpy as np
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.inspection.trends import LASTING_COUNT
from subtle_diff_ros.vision.image_io import load_image, save_image

INSPECT_KEYS = {'valid', 'reason', 'changed', 'axes', 'sentence'}
AXIS_KEYS = {'axis', 'direction', 'delta', 'delta_jnd'}
REPORT_KEYS = {'status', 'axes', 'sentence'}
REPORT_AXIS_KEYS = {'axis', 'direction', 'delta_jnd', 'slope_jnd_per_week', 'onset'}
REGION = ','.join(str(v) for v in CUP_BOX)
# (time, light level, tint, darker by this many JNDs): commissioning, then weekly.
COMMISSIONING = [('2026-01-0%dT09:00:00Z' % (n + 1), level, (1, 1, 1), 0.0)
                 for n, level in enumerate((1.0, 0.9, 1.1))]
WEEKS = [((datetime(2026, 1, 5, 9, tzinfo=timezone.utc) + timedelta(weeks=w)).isoformat(),
          level, tint, edit) for w, (
    level, tint, edit) in enumerate([
        (0.88, (1.02, 1, 0.98), 0.0), (1.1, (1, 1, 1), 0.0), (0.95, (0.98, 1, 1.02), 1.0),
        (1.05, (1, 1, 1), 2.0), (0.9, (1.02, 1, 0.98), 3.0)])]


def _run(capsys, *args):
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope='module')
def frames(tmp_path_factory):
    folder = tmp_path_factory.mktemp('frames')
    reference = coffee()
    paths = {'reference': str(folder / 'reference.png')}
    save_image(paths['reference'], reference)
    for number, (when, level, tint, darker) in enumerate(COMMISSIONING + WEEKS):
        frame = capture_of(reference, number, level, tint, 'darker' if darker else None, darker)
        paths[when] = str(folder / f'frame{number}.png')
        save_image(paths[when], frame)
    return paths


def _inspect(capsys, db, frames, when, *extra):
    code, out, err = _run(capsys, 'inspect', '--db', db, '--asset', 'cup', '--reference',
                          frames['reference'], '--image', frames[when], '--time', when,
                          '--region', REGION, '--object', 'cup', '--json', *extra)
    assert code == 0, err
    return json.loads(out)


def test_weeks_of_a_darkening_cup_under_changing_light(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    for when, *_ in COMMISSIONING:
        result = _inspect(capsys, db, frames, when, '--commissioning')
        assert INSPECT_KEYS <= set(result) and result['valid'] and result['reason'] is None
        assert not result['changed'] and 'Commissioning capture' in result['sentence']
    results = [_inspect(capsys, db, frames, when) for when, *_ in WEEKS]
    for result in results:
        assert INSPECT_KEYS <= set(result) and result['valid']
        for axis in result['axes']:
            assert AXIS_KEYS <= set(axis)
            assert ('toward' in axis) == (axis['axis'] == 'hue')
    # Light alone (weeks 0 and 1) is no change; the cup darkening by 1, 2 and 3 JNDs (weeks 2
    # to 4) is, once it has lasted ``LASTING_COUNT`` inspections.
    assert [r['changed'] for r in results] == [week >= 1 + LASTING_COUNT for week in range(5)]
    last = results[-1]
    darker = [a for a in last['axes'] if a['axis'] == 'brightness'][0]
    assert darker['direction'] == -1 and darker['delta_jnd'] < -3 and darker['delta'] < 0
    assert last['sentence'].startswith('The cup is darker') and 'ΔE' in last['sentence']
    assert not [a for a in last['axes'] if a['direction'] and a['axis'] in ('warmth', 'hue')]

    code, out, err = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json',
                          '--now', '2026-02-03T00:00:00Z')
    assert code == 0, err
    report = json.loads(out)
    assert REPORT_KEYS <= set(report) and report['status'] == 'warn'
    assert [a['axis'] for a in report['axes']] == ['brightness']
    axis = report['axes'][0]
    assert REPORT_AXIS_KEYS <= set(axis) and axis['direction'] == -1
    # The 1 JND darkening of week 2 is the first inspection of the lasting change.
    assert axis['onset'] == '2026-01-19T09:00:00Z'
    assert axis['slope_jnd_per_week'] < 0
    assert report['sentence'].startswith('The cup is darker since 2026-01-19')
    code, out, _ = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json',
                        '--now', '2026-06-01T00:00:00Z')
    assert json.loads(out)['status'] == 'warn' and json.loads(out)['overdue']

    csv_path = str(tmp_path / 'history.csv')
    code, out, _ = _run(capsys, 'export', '--db', db, '--asset', 'cup', '--out', csv_path)
    assert code == 0 and out.startswith('wrote ')
    assert len(open(csv_path).read().splitlines()) > 8 * 10


def test_a_stale_asset_and_an_error(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    for when, *_ in COMMISSIONING:
        _inspect(capsys, db, frames, when, '--commissioning')
    _inspect(capsys, db, frames, WEEKS[0][0])
    code, out, _ = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json', '--now',
                        '2026-03-01T00:00:00Z')
    report = json.loads(out)
    assert report['status'] == 'stale' and report['axes'] == [] and report['overdue']
    # a one-off limit would judge the history anew: refused unless the asset is redefined
    _refused(capsys, 'recorded with another --limit; pass --redefine', 'inspect', '--db', db,
             '--asset', 'cup', '--image', frames[WEEKS[-1][0]], '--time', WEEKS[-1][0],
             '--limit', 'brightness=3')
    _refused(capsys, "--limit 'brightness=1e-300' is not AXIS=JND (brightness=4): a limit of "
             '1e-300 JND is under 0.5 JND', 'inspect', '--db', db, '--asset', 'cup', '--image',
             frames[WEEKS[-1][0]], '--time', WEEKS[-1][0], '--limit', 'brightness=1e-300',
             '--redefine')
    # an attribute names several axes: its limit was quietly its first axis's (brightness)
    _refused(capsys, "'color' names 4 axes (brightness, saturation, hue, warmth): give a limit",
             'inspect', '--db', db, '--asset', 'cup', '--image', frames[WEEKS[-1][0]], '--time',
             WEEKS[-1][0], '--limit', 'color=4', '--redefine')
    result = _inspect(capsys, db, frames, WEEKS[-1][0], '--limit', 'brightness=3', '--redefine')
    assert result['changed']
    code, out, _ = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json', '--now',
                        WEEKS[-1][0])
    assert json.loads(out)['status'] == 'error'


def test_commissioning_captures_are_never_changed(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    for when, *_ in COMMISSIONING:
        _inspect(capsys, db, frames, when, '--commissioning')
    result = _inspect(capsys, db, frames, WEEKS[-1][0], '--commissioning')
    assert result['valid'] and not result['changed']


def test_bad_input_exits_2_with_one_line(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    _inspect(capsys, db, frames, COMMISSIONING[0][0], '--commissioning')
    unreadable = tmp_path / 'broken.png'
    unreadable.write_bytes(b'not a png')
    base = ['inspect', '--db', db, '--asset', 'cup', '--image', frames[WEEKS[0][0]]]
    cases = [
        (base + ['--time', 'next tuesday'], 'not an ISO 8601 time'),
        (base + ['--time', '2026-13-01T00:00:00Z'], 'is no real date and time (month must be'),
        (base + ['--time', '2025-02-29'], 'is no real date and time (day is out of range'),
        (base + ['--time', '2026-06-30T23:59:60Z'], 'leap seconds are not supported'),
        (base + ['--time', '2026-01-05T09:00:00.+00:00'], 'not an ISO 8601 time'),
        (base + ['--time', '2026-01-05T09:00:00+01:00:30'], 'not an ISO 8601 time'),
        (base + ['--time', '2026-01-05\t09:00'], 'not an ISO 8601 time'),
        (base + ['--time', '2026-01-05T09:00:00+15:00'], 'beyond the +-14:00'),
        (base + ['--time', '2026-01-05T09:00:00+25:00'], 'beyond the +-14:00'),
        (base + ['--time', WEEKS[0][0], '--limit', 'brightness=3', '--limit', 'brightness=4'],
         'brightness has a limit already'),
        (['inspect', '--db', db, '--asset', 'cup', '--image', str(unreadable), '--time',
          WEEKS[0][0]], 'cannot be read'),
        (['inspect', '--db', db, '--asset', 'door', '--image', frames[WEEKS[0][0]], '--time',
          WEEKS[0][0]], 'no reference yet'),
        (base + ['--time', WEEKS[0][0], '--reference', frames[WEEKS[1][0]]],
         'another reference'),
        (base + ['--time', WEEKS[0][0], '--region', '1,2,3'], 'not X,Y,W,H'),
        (base + ['--time', WEEKS[0][0], '--region', '0,0,50,50'], 'another region'),
        (['report', '--db', db, '--asset', 'door', '--json'], "no asset called 'door'"),
        (['report', '--db', db, '--asset', 'cup', '--now', 'yesterday'], 'not an ISO 8601'),
        (['export', '--db', db, '--asset', 'door', '--out', str(tmp_path / 'x.csv')],
         "no asset called 'door'"),
    ]
    for args, words in cases:
        code, out, err = _run(capsys, *args)
        assert code == 2 and out == '', (args, out, err)
        assert len(err.strip().splitlines()) == 1 and words in err, (args, err)
    # Nothing was recorded by the refused calls.
    rows = sqlite3.connect(db).execute('SELECT count(*) FROM inspections').fetchone()[0]
    assert rows == 1


def test_a_time_ahead_of_the_clock_is_refused_before_anything_is_recorded(capsys, frames,
                                                                          tmp_path):
    db = tmp_path / 'history.db'
    ahead = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
    code, out, err = _run(capsys, 'inspect', '--db', str(db), '--asset', 'cup', '--reference',
                          frames['reference'], '--image', frames[WEEKS[0][0]], '--time', ahead,
                          '--region', REGION)
    assert code == 2 and out == ''
    assert len(err.strip().splitlines()) == 1 and "ahead of this machine's clock" in err, err
    assert not db.exists()


def test_a_time_without_offset_is_utc(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    result = _inspect(capsys, db, frames, COMMISSIONING[0][0], '--commissioning')
    assert result['time'] == '2026-01-01T09:00:00Z'
    code, out, err = _run(capsys, 'inspect', '--db', db, '--asset', 'cup', '--image',
                          frames[COMMISSIONING[1][0]], '--time', '2026-01-02T10:00:00',
                          '--commissioning', '--json')
    assert code == 0, err
    assert json.loads(out)['time'] == '2026-01-02T10:00:00Z'


def _counts(db):
    """Return (assets, reference versions, inspections) in a history."""
    with sqlite3.connect(db) as connection:
        return tuple(connection.execute(f'SELECT count(*) FROM {table}').fetchone()[0]
                     for table in ('assets', 'reference_versions', 'inspections'))


def _refused(capsys, words, *args):
    code, out, err = _run(capsys, *args)
    assert code == 2 and out == '' and 'Traceback' not in err, (args, out, err)
    assert len(err.strip().splitlines()) == 1 and words in err, (args, err)


def test_a_refused_first_inspection_records_neither_asset_nor_reference(capsys, frames,
                                                                        tmp_path):
    db = str(tmp_path / 'history.db')
    tiny = str(tmp_path / 'tiny.png')
    save_image(tiny, coffee()[:8, :8])
    first = ['inspect', '--db', db, '--asset', 'cup', '--reference', frames['reference'],
             '--image', frames[COMMISSIONING[0][0]], '--time', COMMISSIONING[0][0],
             '--commissioning']
    cases = [
        (first + ['--region', '400,300,50,50'], '--region (box 400,300,50,50) holds no pixel'),
        (first + ['--region', '250,100,100,80'], '--region (box 250,100,100,80) reaches '
         'outside the 300x200 reference'),
        (first + ['--region', REGION, '--patch', '40,20,40,40'], '--patch (box 40,20,40,40) '
         f'overlaps --region (box {REGION})'),
        # no region: the card must not lie on the part found in the reference either
        (first + ['--patch', '100,80,30,30'], '--patch (box 100,80,30,30) lies on the part '
         'found in the reference'),
        (['inspect', '--db', db, '--asset', 'cup', '--reference', tiny, '--image', tiny,
          '--time', COMMISSIONING[0][0]], 'smaller than 16 pixels on a side'),
    ]
    for args, words in cases:
        _refused(capsys, words, *args)
        # a refused first inspection leaves no history behind (a mistyped --db stays unmade)
        assert not os.path.exists(db), args
    # The asset was never commissioned: its first good inspection is taken as it comes.
    assert _inspect(capsys, db, frames, COMMISSIONING[0][0], '--commissioning')['valid']
    assert _counts(db) == (1, 1, 1)


def test_a_refused_first_inspection_never_removes_a_history_another_one_is_writing(
        capsys, frames, tmp_path, monkeypatch):
    """Two first inspections at once on a new history, one refused: the other's stays."""
    from subtle_diff_ros.cli import inspect_asset
    from subtle_diff_ros.inspection.history import History
    db = str(tmp_path / 'history.db')
    other = {}

    class Racing(History):
        def __init__(self, path, *rest, **named):
            if not other:  # the other inspection makes the history and writes, not committed
                other['history'] = History(db)
                other['write'] = other['history'].exclusive()
                other['write'].__enter__()
                other['history'].define_asset('mug', {'name': 'mug'}, '2026-01-01T09:00:00Z')
            super().__init__(path, *rest, **named)

    monkeypatch.setattr(inspect_asset, 'History', Racing)
    _refused(capsys, 'reaches outside', 'inspect', '--db', db, '--asset', 'cup',
             '--reference', frames['reference'], '--image', frames[COMMISSIONING[0][0]],
             '--time', COMMISSIONING[0][0], '--commissioning', '--region', '250,100,100,80')
    other['write'].__exit__(None, None, None)
    other['history'].close()
    with History(db, read_only=True) as history:
        assert history.asset_names() == ['mug']


def _commissioned(capsys, db, frames):
    for when, *_ in COMMISSIONING:
        _inspect(capsys, db, frames, when, '--commissioning')


def test_commissioning_is_over_once_a_regular_inspection_is_recorded(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    _commissioned(capsys, db, frames)
    _inspect(capsys, db, frames, WEEKS[3][0])
    for when in (WEEKS[4][0], '2025-12-01T09:00:00Z'):  # after it, and dated before it all
        _refused(capsys, "commissioning of asset 'cup' is over", 'inspect', '--db', db,
                 '--asset', 'cup', '--image', frames[WEEKS[4][0]], '--time', when,
                 '--commissioning')
    assert _counts(db) == (1, 1, 4)
    _refused(capsys, 'is over with 3 of 3 captures', 'inspect', '--db', db, '--asset', 'cup',
             '--image', frames[WEEKS[4][0]], '--time', WEEKS[4][0], '--commissioning')
    # A new version dated before the latest inspection would hide it from the report.
    _refused(capsys, 'a new reference version (--recommission) must start after it', 'inspect',
             '--db', db, '--asset', 'cup', '--image', frames[WEEKS[4][0]], '--time',
             WEEKS[2][0], '--commissioning', '--recommission')
    # Re-commissioning starts it again, on a new reference version.
    result = _inspect(capsys, db, frames, WEEKS[4][0], '--commissioning', '--recommission')
    assert result['sentence'].startswith('Commissioning capture 1 of the cup')
    assert _counts(db) == (1, 2, 5)


def test_a_regular_inspection_dated_before_commissioning_is_refused(capsys, frames, tmp_path):
    """A late-filed capture from before commissioning would end a commissioning under way."""
    db = str(tmp_path / 'history.db')
    for when, *_ in COMMISSIONING[1:]:
        _inspect(capsys, db, frames, when, '--commissioning')
    _refused(capsys, f"asset 'cup' was commissioned from {COMMISSIONING[1][0]} (2 of 3 "
             'captures so far): a regular inspection at 2026-01-01T09:00:00Z cannot come '
             'before its commissioning',
             'inspect', '--db', db, '--asset', 'cup', '--image', frames[COMMISSIONING[0][0]],
             '--time', COMMISSIONING[0][0])
    # so the commissioning goes on: its third capture, dated before the others, is taken
    assert _inspect(capsys, db, frames, COMMISSIONING[0][0], '--commissioning')['valid']
    assert _counts(db) == (1, 1, 3)


def test_recommissioning_a_new_region_starts_a_new_reference_version(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    _commissioned(capsys, db, frames)
    code, out, err = _run(capsys, 'inspect', '--db', db, '--asset', 'cup', '--image',
                          frames[WEEKS[0][0]], '--time', WEEKS[0][0], '--region',
                          '40,10,200,180', '--recommission', '--commissioning', '--json')
    assert code == 0, err
    assert 'Commissioning capture 1 of the cup' in json.loads(out)['sentence']
    assert _counts(db) == (1, 2, 4)
    code, out, _ = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json', '--now',
                        WEEKS[0][0])
    report = json.loads(out)
    assert report['reference_version'] == 2 and report['status'] == 'stale'
    assert report['commissioning'] == {'captures': 1, 'needed': 3, 'complete': False}
    # The next commissioning captures of the new version are taken.
    code, out, err = _run(capsys, 'inspect', '--db', db, '--asset', 'cup', '--image',
                          frames[WEEKS[1][0]], '--time', WEEKS[1][0], '--commissioning',
                          '--json')
    assert code == 0, err


def test_a_plan_does_not_replace_the_commissioned_region(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    _commissioned(capsys, db, frames)
    plan = tmp_path / 'plan.yaml'
    plan.write_text('version: 1\nassets:\n  - name: cup\n    reference: cup_ref\n'
                    '    region: {box: [0, 0, 200, 200]}\n    watch: [brightness]\n')
    settings = sqlite3.connect(db).execute('SELECT settings FROM assets').fetchone()
    _refused(capsys, 'commissioned with another region than the plan', 'inspect', '--db', db,
             '--asset', 'cup', '--plan', str(plan), '--image', frames[WEEKS[4][0]], '--time',
             WEEKS[4][0])
    assert sqlite3.connect(db).execute('SELECT settings FROM assets').fetchone() == settings
    assert _counts(db) == (1, 1, 3)
    # options that define an asset are not silently dropped beside a plan that defines it
    _refused(capsys, '--watch, --limit cannot be given with --plan', 'inspect', '--db', db,
             '--asset', 'cup', '--plan', str(plan), '--image', frames[WEEKS[4][0]], '--time',
             WEEKS[4][0], '--watch', 'glossiness', '--limit', 'glossiness=2')
    assert _counts(db) == (1, 1, 3)


def test_an_inspection_dated_before_commissioning_is_not_judged(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    _commissioned(capsys, db, frames)
    code, out, err = _run(capsys, 'inspect', '--db', db, '--asset', 'cup', '--image',
                          frames[WEEKS[4][0]], '--time', '2025-12-01T09:00:00Z', '--json',
                          '--limit', 'brightness=1', '--redefine')
    assert code == 0, err
    early = json.loads(out)
    assert early['valid'] and not early['changed'] and early['axes'] == []
    assert 'not fully commissioned at this time (0 of 3' in early['sentence']
    later = _inspect(capsys, db, frames, WEEKS[4][0])
    assert later['changed']  # 3 JND darker, past the limit of 1 JND
    code, out, _ = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json', '--now',
                        WEEKS[4][0])
    report = json.loads(out)
    assert report['status'] == 'error'
    assert not [a for a in report['axes'] if (a['limit_crossing'] or '').startswith('2025')]


def test_values_out_of_range_exit_2_and_record_nothing(capsys, frames, tmp_path):
    db = str(tmp_path / 'history.db')
    _commissioned(capsys, db, frames)
    week = ['inspect', '--db', db, '--asset', 'cup', '--image', frames[WEEKS[0][0]], '--time',
            WEEKS[0][0]]

    def plan(text):
        path = tmp_path / f'plan{len(list(tmp_path.glob("plan*.yaml")))}.yaml'
        path.write_text('version: 1\nassets:\n  - name: cup\n    reference: cup_ref\n'
                        f'    region: {{box: [{REGION}]}}\n{text}')
        return ['--plan', str(path)]

    cases = [
        (week + ['--period', '1e400'], "'1e400' is too large to be a number"),
        (week + ['--period', '99999999999999999999w'], 'is over ten years'),
        (week + plan('    period: 1e400\n'), "'1e400' is too large to be a number"),
        (week + plan('    patch: {box: [1e309, 0, 100, 100]}\n'),
         "'1e309' is too large to be a number"),
        (week + plan('    commissioning_captures: 1000000000000\n'),
         'expected a whole number from 3 to 100'),
        (week + plan('    object: "cup\\x1b[31m"\n'), 'invisible or undecodable character'),
        (week + ['--object', 'x' * 101], 'the object name has 101 characters'),
        (week + ['--object', 'cup\x1b[31m'], 'control, invisible or undecodable character'),
        (week + ['--limit', 'brightness=inf'], "--limit 'brightness=inf' is not AXIS=JND"),
        (week + ['--limit', 'roundness=3'], 'the asset does not watch roundness'),
        (week + ['--watch', ''], "unknown axis ''"),
        (week + ['--region=-10,-10,100,100', '--recommission', '--commissioning'],
         "--region '-10,-10,100,100'"),
        (week + ['--region=10,10,100,100', '--recommission'],
         '--recommission starts a new commissioning'),
        (['inspect', '--db', str(tmp_path / 'nowhere' / 'h.db'), '--asset', 'cup',
          '--reference', frames['reference'], '--image', frames[WEEKS[0][0]], '--time',
          WEEKS[0][0]], f'no folder {tmp_path / "nowhere"}'),
    ]
    settings = sqlite3.connect(db).execute('SELECT settings FROM assets').fetchone()
    for args, words in cases:
        _refused(capsys, words, *args)
    assert _counts(db) == (1, 1, 3) and not (tmp_path / 'nowhere').exists()
    assert sqlite3.connect(db).execute('SELECT settings FROM assets').fetchone() == settings


def test_the_same_capture_is_recorded_once(capsys, frames, tmp_path):
    """A retried command (same asset and time) is refused: one capture would count twice."""
    db = str(tmp_path / 'history.db')
    _commissioned(capsys, db, frames)
    _inspect(capsys, db, frames, WEEKS[3][0])
    before = _counts(db)
    _refused(capsys, 'a capture is recorded once', 'inspect', '--db', db, '--asset', 'cup',
             '--image', frames[WEEKS[3][0]], '--time', WEEKS[3][0])
    _refused(capsys, 'has an inspection at', 'inspect', '--db', db, '--asset', 'cup',
             '--image', frames[WEEKS[3][0]], '--time', COMMISSIONING[0][0], '--commissioning')
    # times are kept and shown to the millisecond: 0.4 ms later is the same capture
    _refused(capsys, 'a capture is recorded once', 'inspect', '--db', db, '--asset', 'cup',
             '--image', frames[WEEKS[3][0]], '--time', WEEKS[3][0].replace('+', '.0004+'))
    assert _counts(db) == before


def test_a_plan_mask_edited_after_commissioning_is_refused_and_reports_need_no_mask(
        capsys, frames, tmp_path):
    """The mask's content is kept with the asset: an edited mask is another region."""
    height, width = load_image(frames['reference']).shape[:2]
    mask = np.zeros((height, width), np.uint8)
    x, y, w, h = CUP_BOX
    mask[y:y + h, x:x + w] = 255
    mask_path = tmp_path / 'mask.png'
    save_image(str(mask_path), np.dstack([mask] * 3))
    plan = tmp_path / 'plan.yaml'
    plan.write_text('version: 1\nassets:\n  - name: cup\n    reference: cup_ref\n'
                    '    region: {mask: mask.png}\n    watch: [brightness]\n')
    db = str(tmp_path / 'history.db')
    for when, *_ in COMMISSIONING:
        code, _, err = _run(capsys, 'inspect', '--db', db, '--asset', 'cup', '--reference',
                            frames['reference'], '--image', frames[when], '--time', when,
                            '--plan', str(plan), '--commissioning')
        assert code == 0, err
    mask[:] = 0
    mask[:40] = 255
    save_image(str(mask_path), np.dstack([mask] * 3))
    _refused(capsys, 'changed since the asset was commissioned with it', 'inspect', '--db', db,
             '--asset', 'cup', '--image', frames[WEEKS[0][0]], '--time', WEEKS[0][0])
    _refused(capsys, 'commissioned with another region', 'inspect', '--db', db, '--asset',
             'cup', '--image', frames[WEEKS[0][0]], '--time', WEEKS[0][0], '--plan', str(plan))
    mask_path.unlink()
    code, out, err = _run(capsys, 'report', '--db', db, '--asset', 'cup', '--json', '--now',
                          WEEKS[0][0])
    assert code == 0, err


def test_an_empty_file_as_the_history_is_called_empty(capsys, tmp_path):
    """A 0-byte --db is 'empty', not 'a SQLite database but not an inspection history'."""
    empty = tmp_path / 'empty.db'
    empty.write_bytes(b'')
    _refused(capsys, 'is empty: no inspection history is recorded there', 'report', '--db',
             str(empty), '--asset', 'cup')


def test_a_reference_that_not_even_itself_could_be_judged_on_is_refused(capsys, tmp_path):
    """A uniform frame: every capture would be RETRY, blaming the capture; refused at once."""
    flat = tmp_path / 'flat.png'
    save_image(str(flat), np.full((120, 160, 3), 128, np.uint8))
    db = str(tmp_path / 'history.db')
    _refused(capsys, 'cannot be used: a capture of the reference itself is not valid', 'inspect',
             '--db', db, '--asset', 'plate', '--reference', str(flat), '--image', str(flat),
             '--time', COMMISSIONING[0][0], '--commissioning')
    assert not os.path.exists(db)  # nothing recorded, no history left behind


def test_a_recorded_asset_is_redefined_only_when_asked(capsys, frames, tmp_path):
    """--watch, --limit, --period or --object that differ need --redefine; the same ones pass."""
    db = str(tmp_path / 'history.db')
    for when, *_ in COMMISSIONING:
        _inspect(capsys, db, frames, when, '--commissioning', '--watch', 'color', '--limit',
                 'brightness=8', '--period', '7d')
    week = ['inspect', '--db', db, '--asset', 'cup', '--image', frames[WEEKS[2][0]], '--time',
            WEEKS[2][0]]
    for options, named in ((['--limit', 'brightness=1000'], '--limit'),
                           (['--watch', 'brightness'], '--watch'),
                           (['--period', '1d', '--object', 'mug'], '--object and --period')):
        _refused(capsys, f'recorded with another {named}; pass --redefine', *week, *options)
    assert _counts(db) == (1, 1, 3)  # nothing recorded
    same = _inspect(capsys, db, frames, WEEKS[2][0], '--watch', 'color', '--limit',
                    'brightness=8', '--period', '7d')
    assert same['valid']
    _inspect(capsys, db, frames, WEEKS[3][0], '--watch', 'brightness', '--redefine')
    later = _inspect(capsys, db, frames, WEEKS[4][0])
    assert [a['axis'] for a in later['axes']] in ([], ['brightness'])

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Inspection plans: the shipped example loads; every bad field is named with its line."""

import os
import re
import textwrap

from paths import REPO_ROOT
import pytest

from subtle_diff_ros.inspection.plan import (DEFAULT_LIMIT_JND, DEFAULT_WATCH, load_plan,
                                             parse_duration, parse_watch, PlanError)

GOOD = """\
version: 1
defaults:
  period: 12h
  watch: [color, color_difference]
assets:
  - name: hinge
    object: hinge
    reference: hinge_ref
    region: {box: [10, 20, 100, 80]}
    limits: {brightness: 4, color_difference: {value: 2.5}}
  - name: housing
    camera: top
    reference: housing_ref
    region: {polygon: [[0, 0], [50, 0], [50, 40]]}
    watch: [texture, size]
    period: 2d
"""


def _write(tmp_path, text):
    path = tmp_path / 'plan.yaml'
    path.write_text(textwrap.dedent(text))
    return str(path)


def test_the_example_plan_loads():
    plan = load_plan(f'{REPO_ROOT}/config/inspection_plan.yaml')
    hinge = plan.assets['door_hinge_left']
    assert hinge.noun == 'hinge' and hinge.period_s == 12 * 3600
    assert hinge.patch is not None and hinge.region.kind == 'box'
    assert hinge.limit('color_difference').value == 3.0 and not hinge.limit(
        'color_difference').in_jnd
    assert plan.assets['pump_housing'].region.kind == 'polygon'


def test_a_plan_with_defaults(tmp_path):
    plan = load_plan(_write(tmp_path, GOOD))
    hinge, housing = plan.assets['hinge'], plan.assets['housing']
    assert hinge.watch == ('brightness', 'saturation', 'hue', 'warmth', 'color_difference')
    assert hinge.period_s == 12 * 3600 and housing.period_s == 2 * 86400
    assert hinge.limit('brightness').jnd(1.0) == 4.0
    assert hinge.limit('color_difference').jnd(1.5) == pytest.approx(2.5 / 1.5)
    assert hinge.limit('warmth').value == DEFAULT_LIMIT_JND
    assert housing.watch == ('roughness', 'glossiness', 'size') and housing.camera == 'top'
    assert hinge.region.mask((100, 200)).sum() == 100 * 80
    plain = GOOD.replace('  watch: [color, color_difference]\n', '').replace(
        ', color_difference: {value: 2.5}', '')
    assert load_plan(_write(tmp_path, plain)).assets['hinge'].watch == DEFAULT_WATCH


@pytest.mark.parametrize('old, new, where', [
    ('{box: [10, 20, 100, 80]}', '{box: [10, 20, 100]}', ':9: assets[0].region: expected 4'),
    ('watch: [texture, size]', 'watch: [texture, sparkle]', ':15: assets[1].watch: unknown axis'),
    ('period: 2d', 'period: soon', ":16: assets[1].period: 'soon' is not a duration"),
    ('brightness: 4,', 'brightness: -4,', ':10: assets[0].limits.brightness: a limit must be'),
    ('brightness: 4,', 'sparkle: 4,', ':10: assets[0].limits.sparkle: unknown field'),
    ('    object: hinge\n', '    colour: red\n', ':7: assets[0].colour: unknown field'),
    ('  - name: housing\n', '  - name: hinge\n', ":11: assets[1]: asset 'hinge' is listed twice"),
    ('    reference: housing_ref\n', '', ":11: assets[1]: asset 'housing' needs a reference"),
    ('  period: 12h\n', '  period: [12]\n', ':3: defaults.period:'),
    ('version: 1', 'version: 2', ':1: version: this package reads plan version 1'),
    ('region: {polygon', 'region: {circle', ':14: assets[1].region: unknown region kind'),
    ('name: hinge\n', 'name: "bad name"\n', ':6: assets[0].name: invalid asset name'),
    ('[10, 20, 100, 80]', '[0, 0, 1, 1]', ':9: assets[0].region: the box is 1 x 1 pixels; a '
     'region must cover at least 256 pixels (16 x 16)'),
    ('[10, 20, 100, 80]', '[0, 0, 0.0001, 0.0001]', ':9: assets[0].region: the box is 0.0001 '
     'x 0.0001 pixels'),
    ('[[0, 0], [50, 0], [50, 40]]', '[[10, 10], [100, 100], [200, 200]]',
     ':14: assets[1].region: the polygon encloses no area (its points lie on one line'),
    ('[[0, 0], [50, 0], [50, 40]]', '[[10, 10], [200, 200], [200, 10], [10, 200]]',
     ':14: assets[1].region: the polygon encloses no area'),
    ('[[0, 0], [50, 0], [50, 40]]', '[[0, 0], [10, 0], [10, 10]]',
     ':14: assets[1].region: the polygon encloses an area of 50 pixels; a region must cover'),
    ('[10, 20, 100, 80]', '[10, 20, 1e2, 1e2]', ':9: assets[0].region: expected 4 numbers x, '
     "y, width, height ('1e2' is read as text, not a number: YAML reads an exponent only after "
     'a dot and with a sign; write 100 or 1.0e+02)'),
    ('brightness: 4,', 'brightness: 4e0,', ':10: assets[0].limits.brightness: a limit is a '
     "number of JNDs, {jnd: N} or {value: N} in the axis's units (CIEDE2000 for "
     "color_difference) ('4e0' is read as text"),
    ('    period: 2d\n', '    period: 2d\n    commissioning_captures: 1e1\n',
     ":17: assets[1].commissioning_captures: expected a number, got the string '1e1' ('1e1' "
     'is read as text, not a number: YAML reads an exponent only after a dot and with a sign; '
     'write 10 or 1.0e+01)'),
    ('period: 2d', 'period: 1.0e5', ":16: assets[1].period: '1.0e5' is not a duration: use "
     "seconds or a number with s, m, h, d or w (12h, 7d) ('1.0e5' is read as text"),
])
def test_a_bad_field_is_named_with_its_line(tmp_path, old, new, where):
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert str(raised.value).startswith(path + where), str(raised.value)


@pytest.mark.parametrize('text, words', [
    ('assets: [\n', 'not valid YAML'), ('just text\n', 'expected a mapping'),
    ('assets: []\n', 'lists no asset'), ('defaults: {}\n', 'needs a list of assets'),
    ('assets:\n  - name: a\n    name: b\n', ":3: 'name' is given twice")])
def test_a_broken_file_is_refused(tmp_path, text, words):
    with pytest.raises(PlanError, match=words):
        load_plan(_write(tmp_path, text))


def test_a_plan_saved_as_utf16_is_refused_saying_to_save_it_as_utf8(tmp_path):
    path = tmp_path / 'plan.yaml'
    path.write_bytes(GOOD.encode('utf-16'))
    with pytest.raises(PlanError, match='it is not UTF-8 text .*; save it as UTF-8'):
        load_plan(str(path))


def test_missing_files(tmp_path):
    with pytest.raises(PlanError, match='cannot read the plan'):
        load_plan(str(tmp_path / 'nowhere.yaml'))
    path = _write(tmp_path, GOOD.replace('{box: [10, 20, 100, 80]}', '{mask: hinge.png}'))
    with pytest.raises(PlanError, match=r':9: assets\[0\].region: no mask file at'):
        load_plan(path)


def test_a_region_must_cover_enough_pixels_of_the_reference(tmp_path):
    """A box partly outside the reference, with a sliver inside, is refused at inspection."""
    region = load_plan(_write(tmp_path, GOOD.replace('[10, 20, 100, 80]', '[195, 0, 100, 40]'))
                       ).assets['hinge'].region
    with pytest.raises(PlanError, match='holds 200 pixels of the 200x100 reference; a region '
                       'must cover at least 256') as raised:
        region.mask((100, 200))
    assert 'box 195,0,100,40' in str(raised.value)
    assert region.mask((100, 300)).sum() == 100 * 40


def test_durations():
    assert parse_duration(90) == 90 and parse_duration('1.5h') == 5400
    assert parse_duration('2w') == 14 * 86400
    assert parse_duration('3600') == 3600  # a bare number of seconds, as --period gives it
    for bad in ('0s', '-3d', 'P7D', '7 days'):
        with pytest.raises(ValueError):
            parse_duration(bad)


@pytest.mark.parametrize('text, words', [
    ('    commissioning_captures: 1000000000000\n', ':10: assets[0].commissioning_captures: '
     'expected a whole number from 3 to 100'),
    ('    commissioning_captures: 3.5\n', 'expected a whole number from 3 to 100'),
    ('    period: 1.0e+300\n', ':10: assets[0].period: the duration 1e+300 is over ten years'),
    ('    period: 1e400\n', "'1e400' is too large to be a number"),
    ('    patch: {box: [1e309, 0, 100, 100]}\n', "'1e309' is too large to be a number"),
    ('    object: "cup\\x1b[31m"\n', 'assets[0].object: the object name has a control'),
    ('    limits: {brightness: .inf}\n', 'assets[0].limits.brightness: a limit is a finite'),
    ('    limits: {brightness: {value: .inf}}\n', 'limits.brightness: a limit is a finite'),
    # limits the noise of every capture crosses: an alarm at once, whatever the part does
    ('    limits: {brightness: 1.0e-300}\n',
     'limits.brightness: a limit of 1e-300 JND is under 0.5 JND'),
    ('    limits: {brightness: 0.2}\n', 'limits.brightness: a limit of 0.2 JND is under 0.5'),
    ('    limits: {color_difference: {value: 0.3}}\n', 'limits.color_difference: a limit '
     "of 0.3 in color_difference's units (0.2 JND) is under 0.5 JND"),
    # ... and limits no change comes near (a projected crossing overflowed every date type)
    ('    limits: {brightness: 1.0e+12}\n', 'a limit of 1e+12 JND is over 1000 JND: no change'),
    ('    limits: {color_difference: {value: 2.0e+3}}\n', '(1333.333333 JND) is over 1000 JND'),
    # a hair past a bound is named as it is, not rounded onto the bound
    ('    limits: {brightness: 0.4999999}\n', 'a limit of 0.4999999 JND is under 0.5 JND')])
def test_values_out_of_range_are_refused(tmp_path, text, words):
    plan = GOOD.replace('    object: hinge\n', '' if 'object' in text else '    object: hinge\n')
    plan = plan.replace('    limits: {brightness: 4, color_difference: {value: 2.5}}\n', text)
    with pytest.raises(PlanError, match=re.escape(words)):
        load_plan(_write(tmp_path, plan))


@pytest.mark.parametrize('text, words', [
    # "billion laughs": nested aliases that a message quoting the value would spell out
    ('a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n'
     'assets:\n  - name: cup\n    period: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
     ':2: aliases (*a) are not read in a plan file'),
    ('? [a, b]\n: 1\nassets: []\n', ':1: a key must be a name, not a list'),
    ('assets:\n  - name: cup\n    limits: {? {a: 1} : 3}\n',
     ':3: a key must be a name, not a mapping'),
    ('assets:\n  - name: cup\n    region: {box: [1' + '0' * 400 + ', 0, 10, 10]}\n',
     ':3: the number 100000000000... is too large for any field of a plan'),
    ('assets:\n  - name: cup\n    limits: {brightness: ' + '9' * 5000 + '}\n',
     'is too large for any field of a plan'),
])
def test_aliases_keys_that_are_not_names_and_huge_numbers_are_refused_at_once(
        tmp_path, text, words):
    """A hostile plan file is refused with one line naming the line, without a hang."""
    with pytest.raises(PlanError, match=re.escape(words)):
        load_plan(_write(tmp_path, text))


@pytest.mark.parametrize('old, new, words', [
    ('    limits: {brightness: 4, color_difference: {value: 2.5}}\n',
     '    limits: {brightness: 4, roughness: 2}\n',
     ':10: assets[0].limits.roughness: the asset does not watch roughness'),
    ('    period: 2d\n', '    period: 0.0000000001s\n', 'is under 0.1 s'),
])
def test_a_limit_on_an_unwatched_axis_and_a_period_under_a_tenth_of_a_second(
        tmp_path, old, new, words):
    """The plan refuses what the command line refuses: a limit nobody watches, a busy loop."""
    assert old in GOOD
    with pytest.raises(PlanError, match=re.escape(words)):
        load_plan(_write(tmp_path, GOOD.replace(old, new, 1)))


def test_watch_written_as_one_name():
    """'watch: color' is one attribute, not the letters c, o, l, o, r."""
    assert parse_watch('color') == parse_watch(['color'])


def test_a_plan_that_is_no_regular_file_or_reaches_beyond_any_image(tmp_path):
    """A FIFO or a device as the plan, a coordinate of 3e9 and 20,000 points are refused."""
    fifo = tmp_path / 'plan.yaml'
    os.mkfifo(fifo)
    for path in (str(fifo), '/dev/zero'):
        with pytest.raises(PlanError, match='not a regular file'):
            load_plan(path)
    far = ('assets:\n  - name: cup\n    reference: cup_ref\n'
           '    region: {polygon: [[40, 40], [3.0e+9, 40], [210, 210]]}\n')
    with pytest.raises(PlanError, match=r':4: .*the coordinate 3e\+09 lies beyond any image'):
        load_plan(_write_in(tmp_path, far))
    many = '[' + ', '.join(f'[{i % 200}, {i // 200}]' for i in range(20_000)) + ']'
    with pytest.raises(PlanError, match='20000 points, over the limit'):
        load_plan(_write_in(tmp_path, 'assets:\n  - name: cup\n    reference: cup_ref\n'
                                      f'    region: {{polygon: {many}}}\n'))


def _write_in(tmp_path, text):
    path = tmp_path / 'other.yaml'
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize('text, words', [
    ('version: true\nassets:\n  - name: cup\n    reference: cup_ref\n    region: {box: [0, 0, 50, '
     '50]}\n', 'this package reads plan version 1'),
    ('assets:\n  - name: cup\n    reference: "../../../etc/passwd"\n    region: {box: [0, 0, 50, '
     '50]}\n', ':3: assets[0].reference: invalid reference name'),
    ('assets:\n  - name: cup\n    reference: cup_ref\n    camera: "top\\u202ecam"\n'
     '    region: {box: [0, 0, 50, 50]}\n', ':4: assets[0].camera: invalid camera name'),
    ('assets:\n  - name: cup\n    reference: cup_ref\n    watch: {color: 1}\n'
     '    region: {box: [0, 0, 50, 50]}\n', 'watch is a list of axis or attribute names'),
])
def test_plan_fields_of_a_surprising_type_or_form_are_refused_at_load(tmp_path, text, words):
    """A boolean version, a path as a reference, a camera with a direction mark, a mapping."""
    with pytest.raises(PlanError, match=re.escape(words)):
        load_plan(_write_in(tmp_path, text))


def test_limits_at_their_bounds_are_taken_though_floats_round(tmp_path):
    # 18 units of size at 0.018 a JND: 1000 JND, computed as 1000.0000000000001
    plan = GOOD.replace('    limits: {brightness: 4, color_difference: {value: 2.5}}\n',
                        '    watch: [size, brightness]\n'
                        '    limits: {size: {value: 18}, brightness: 0.5}\n')
    asset = load_plan(_write(tmp_path, plan)).assets['hinge']
    assert asset.limits['size'].value == 18 and asset.limits['brightness'].value == 0.5

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Hostile plan files: one-line PlanErrors of bounded length, read in bounded time."""

import re

import pytest
from subtle_diff_ros.inspection import plan_yaml
from subtle_diff_ros.inspection.plan import load_plan, MAX_PLAN_BYTES, parse_watch, PlanError
from subtle_diff_ros.inspection.plan_yaml import MAX_ASSETS, PythonYamlLoader, YamlLoader
import yaml

ASSET = """\
version: 1
assets:
  - name: cup
    reference: cup_ref
    region: {box: [0, 0, 50, 50]}
"""
# A value ten thousand times longer than a message may quote (80 characters).
LONG = 'q' * 1_000_000


def _refused(tmp_path, text, words=None):
    """Load ``text`` as a plan; return its one-line PlanError, checked to say ``words``."""
    path = tmp_path / 'plan.yaml'
    path.write_text(text)
    with pytest.raises(PlanError, match=re.escape(words) if words else None) as raised:
        load_plan(str(path))
    message = str(raised.value)
    assert '\n' not in message and message.startswith(f'{path}'), message
    return message


@pytest.mark.parametrize('watch, words', [
    ('42', ':6: assets[0].watch: watch is a list of axis or attribute names, got 42'),
    ('4.5', 'watch is a list of axis or attribute names, got 4.5'),
    ('true', 'watch is a list of axis or attribute names, got the boolean True'),
    ('null', 'watch is a list of axis or attribute names, got nothing'),
    ('!!set {color}', 'watch is a list of axis or attribute names, got a set'),
    ('[[color]]', ':6: assets[0].watch: a list is not an axis name')])
def test_a_watch_that_is_no_list_of_names_is_a_plan_error(tmp_path, watch, words):
    _refused(tmp_path, ASSET + f'    watch: {watch}\n', words)


@pytest.mark.parametrize('text, words', [
    ('version: 1\n? !!set {a, b}\n: 1\nassets: []\n', ':2: a key must be a name, not a set'),
    (ASSET + '    ? !!set {a}\n    : 1\n', ':6: a key must be a name, not a set')])
def test_a_set_as_a_key_is_a_plan_error(tmp_path, text, words):
    _refused(tmp_path, text, words)


def test_a_mask_path_with_a_nul_character_is_a_plan_error(tmp_path):
    message = _refused(tmp_path, ASSET.replace('{box: [0, 0, 50, 50]}', '{mask: "a\\0b.png"}'),
                       ':5: assets[0].region: the mask ')
    assert message.endswith("a\\x00b.png' holds a NUL character, which no file name holds")


@pytest.mark.parametrize('text', [
    ASSET + f'    period: {LONG}\n',
    ASSET + f'    watch: [{LONG}]\n',
    ASSET + f'    commissioning_captures: {LONG}\n',
    ASSET + f'    period: 1{"0" * 1_000_000}e5\n',
    ASSET + f'    ? "{LONG}"\n    : 1\n',
    ASSET.replace('{box: [0, 0, 50, 50]}', f'{{? "{LONG}" : 1}}'),
    ASSET.replace('{box: [0, 0, 50, 50]}', f'{{mask: {LONG}}}'),
    ASSET.replace('name: cup', f'name: !!binary {"A" * 400_000}'),
    ASSET + f'    ? "{LONG}"\n    : 1\n    ? "{LONG}"\n    : 2\n',
    f'version: 1\nassets: {LONG}\n',
    f'version: 1\nassets: !!{LONG} 1\n',
    f'version: 1\na: &{LONG} 1\nassets: *{LONG}\n'])
def test_a_huge_value_is_quoted_cut_to_80_characters(tmp_path, text):
    """A value of a million characters is cut in the message, not repeated in full."""
    message = _refused(tmp_path, text)
    assert len(message) < 500, message[:500]


@pytest.mark.parametrize('text, words', [
    ('', 'plan.yaml: the plan is empty: write its version and list of assets'),
    ('# nothing yet\n', 'plan.yaml: the plan is empty'),
    (ASSET + '    period: 1.0e+400\n',
     ':6: assets[0].period: a duration must be a finite positive number, not inf'),
    (ASSET + '    period: -.inf\n', 'a duration must be a finite positive number, not -inf'),
    (ASSET + '    period: .nan\n', 'a duration must be a finite positive number, not nan'),
    (ASSET.replace('cup_ref', 'cup\0ref'),
     'plan.yaml:4: not valid YAML: it holds the character U+0000, which YAML does not allow'),
    ('- 1\n', 'plan.yaml:1: expected a mapping, got a list')])
def test_messages_say_what_is_wrong(tmp_path, text, words):
    """An empty plan is empty, not "1: : expected a mapping"; a NUL is named with its line."""
    _refused(tmp_path, text, words)


def test_a_plan_holds_at_most_ten_thousand_assets_refused_as_it_is_read(tmp_path):
    """150,000 assets (9 MB) took a minute and 1.8 GB to read; they stop at the 10,001st."""
    entry = '- {name: a%d, reference: r, region: {box: [1, 1, 16, 16]}}\n'
    head = 'version: 1\nassets:\n'
    _refused(tmp_path, head + ''.join(entry % i for i in range(150_000)),
             f'plan.yaml:{MAX_ASSETS + 3}: a plan lists at most 10,000 assets: split it into '
             'several plans')
    plan = tmp_path / 'full.yaml'
    plan.write_text(head + ''.join(entry % i for i in range(MAX_ASSETS)))
    assert len(load_plan(str(plan)).assets) == MAX_ASSETS
    merged = 'version: 1\n<<: {assets: [' + ', '.join(['{name: a}'] * (MAX_ASSETS + 1)) + ']}\n'
    _refused(tmp_path, merged, 'plan.yaml:2: assets: a plan lists at most 10,000 assets')


def test_a_plan_of_too_many_values_is_refused_as_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(plan_yaml, 'MAX_VALUES', 100)
    _refused(tmp_path, ASSET.replace('[0, 0, 50, 50]', '[' + ', '.join(['1'] * 200) + ']'),
             'plan.yaml:5: the plan holds more than 100 values (names, numbers, lists): too '
             'many for a plan')


def test_a_plan_over_the_size_limit_by_a_few_bytes_says_its_size_in_bytes(tmp_path):
    path = tmp_path / 'plan.yaml'
    path.write_text(ASSET + '#' * (MAX_PLAN_BYTES - len(ASSET) + 3))
    with pytest.raises(PlanError, match='is 16,777,219 bytes, over the limit of 16,777,216 '
                       'bytes'):
        load_plan(str(path))


def test_the_loader_is_libyaml_where_pyyaml_has_it():
    assert (YamlLoader is not PythonYamlLoader) == yaml.__with_libyaml__


@pytest.mark.parametrize('loader', [PythonYamlLoader, YamlLoader])
@pytest.mark.parametrize('text, words', [
    ('a: &x [1, 2]\nb: *x\n', 'line 2: aliases (*x) are not read in a plan file'),
    ('a: 1\nb: 2\na: 3\n', "line 3: 'a' is given twice"),
    ('? !!set {a}\n: 1\n', 'line 1: a key must be a name, not a set'),
    ('? [a]\n: 1\n', 'line 1: a key must be a name, not a list'),
    ('assets: [' + '1, ' * MAX_ASSETS + '1]\n', 'line 1: a plan lists at most 10,000 assets'),
    ('a: !!python/object/apply:os.system [echo]\n', 'could not determine a constructor'),
    ('a: 1' + '0' * 40 + '\n', 'line 1: the number 100000000000... is too large')])
def test_both_loaders_refuse_the_same_documents(loader, text, words):
    """The pure-Python parser, used where libyaml is missing, reads plans as libyaml does."""
    with pytest.raises(yaml.YAMLError if 'constructor' in words else PlanError,
                       match=re.escape(words)):
        yaml.load(text, Loader=loader)


@pytest.mark.parametrize('loader', [PythonYamlLoader, YamlLoader])
def test_both_loaders_keep_the_line_of_each_entry(loader):
    data = yaml.load('a: 1\nb:\n  - x\n  - {c: 2}\n', Loader=loader)
    assert data == {'a': 1, 'b': ['x', {'c': 2}]}
    assert data.lines == {'a': 1, 'b': 2} and data['b'].lines == {0: 3, 1: 4}


def test_parse_watch_refuses_what_is_no_list():
    """A number, nothing, a mapping or a set is no list of names (a string is one name)."""
    for names in (42, None, {'color': 1}, {'color'}):
        with pytest.raises(ValueError, match='watch is a list of axis or attribute names'):
            parse_watch(names)

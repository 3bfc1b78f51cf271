# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
YAML read so that every value remembers its line: the plan's errors name the line and the field.

``YamlLoader`` builds mappings and lists that keep the line of each entry (with libyaml's
parser where PyYAML has it: a plan reads three times faster than with PyYAML's own); ``Field``
walks them with the path of each value ('assets[0].region') and turns a bad value into a
``PlanError`` such as "plan.yaml:12: assets[0].region.box: expected 4 numbers x, y, width,
height".
"""

from collections.abc import Hashable
import math
import re
from typing import Dict

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from ..core.errors import quote, QUOTE_LIMIT, SubtleDiffError

# The most assets a plan lists, and the most values (names, numbers, lists, mappings) its file
# holds: both are counted as the file is read, so that a plan of a million entries is refused
# in a second, not read in minutes and gigabytes. Ten thousand assets of a hundred values each
# (a polygon of 30 points) are a million values.
MAX_ASSETS = 10_000
MAX_VALUES = 1_000_000


class PlanError(SubtleDiffError):
    """A plan file, or one field of it, that cannot be used."""


def _shown_name(text) -> str:
    """Return a key or an anchor for a message: as it is when short and printable, else quoted."""
    text = str(text)
    return text if len(text) <= QUOTE_LIMIT and text.isprintable() else quote(text)


class _PlanComposer(Composer, SafeConstructor, Resolver):
    """
    The composing and constructing half of a plan's YAML loader; a parser class completes it.

    Aliases (``*name``) are refused: a plan writes each value out, and nested aliases expand
    to billions of values ("billion laughs") that any message quoting them would spell out.
    More than ``MAX_ASSETS`` assets, or ``MAX_VALUES`` values, are refused as they are read.
    """

    def __init__(self):
        """Start composing a document."""
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.values_read = 0
        self.depth = 0
        self.top_key = None

    def compose_node(self, parent, index):
        """Compose the next node, refusing an alias or one value too many with its line."""
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise PlanError(f'line {line}: aliases (*{_shown_name(event.anchor)}) are not read '
                            'in a plan file: write the value out')
        self.values_read += 1
        if self.values_read > MAX_VALUES:
            raise PlanError(f'line {line}: the plan holds more than {MAX_VALUES:,} values '
                            '(names, numbers, lists): too many for a plan')
        if self.depth == 1:  # a value of the top-level mapping: remember its key
            self.top_key = getattr(index, 'value', None)
        elif self.depth == 2 and self.top_key == 'assets' and isinstance(index, int) \
                and index >= MAX_ASSETS:
            raise PlanError(f'line {line}: a plan lists at most {MAX_ASSETS:,} assets: split '
                            'it into several plans')
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class PythonYamlLoader(_PlanComposer, yaml.reader.Reader, yaml.scanner.Scanner,
                       yaml.parser.Parser):
    """
    A YAML loader whose mappings and lists remember the line of each entry (PyYAML's parser).

    See ``_PlanComposer`` for what it refuses.
    """

    def __init__(self, stream):
        """Read ``stream`` (a string)."""
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _PlanComposer.__init__(self)


YamlLoader = PythonYamlLoader
if yaml.__with_libyaml__:
    class LibYamlLoader(_PlanComposer, yaml.cyaml.CParser):
        """
        ``PythonYamlLoader`` with libyaml's parser, written in C: a plan reads three times faster.

        The composing stays in Python, where aliases and too many values are refused.
        """

        def __init__(self, stream):
            """Read ``stream`` (a string)."""
            yaml.cyaml.CParser.__init__(self, stream)
            _PlanComposer.__init__(self)

    YamlLoader = LibYamlLoader


class _Map(dict):
    lines: Dict = {}


class _List(list):
    lines: Dict = {}


def _construct_map(loader, node):
    loader.flatten_mapping(node)
    value = _Map()
    value.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):  # a list, a mapping or a set
            raise PlanError(f'line {key_node.start_mark.line + 1}: a key must be a name, not '
                            f'{kind_of(key)}')
        if key in value:
            raise PlanError(f'line {key_node.start_mark.line + 1}: {quote(key)} is given twice')
        value[key] = loader.construct_object(value_node, deep=True)
        value.lines[key] = key_node.start_mark.line + 1
    return value


def _construct_list(loader, node):
    value = _List(loader.construct_object(child, deep=True) for child in node.value)
    value.lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    return value


# Digits of the largest whole number a plan field can mean (pixels, seconds, captures).
_MAX_INT_DIGITS = 15


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if len(text) > _MAX_INT_DIGITS and sum(ch.isdigit() for ch in text) > _MAX_INT_DIGITS:
        raise PlanError(f'line {node.start_mark.line + 1}: the number {text[:12]}... is too '
                        'large for any field of a plan')
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_PlanComposer.add_constructor('tag:yaml.org,2002:int', _construct_int)
_PlanComposer.add_constructor(Resolver.DEFAULT_MAPPING_TAG, _construct_map)
_PlanComposer.add_constructor(Resolver.DEFAULT_SEQUENCE_TAG, _construct_list)


class Field:
    """A value of the plan with its path ('assets[0].region') and line, for error messages."""

    def __init__(self, source: str, value, path: str, line: int):
        self.source, self.value, self.path, self.line = source, value, path, line

    def error(self, message: str) -> PlanError:
        """Return a PlanError naming this field's file, line and path."""
        where = f'{self.source}:{self.line}: ' + (f'{self.path}: ' if self.path else '')
        return PlanError(where + message)

    def child(self, key):
        """Return the field at ``key`` (a mapping key or a list index) of this one."""
        lines = getattr(self.value, 'lines', {})
        path = f'{self.path}[{key}]' if isinstance(key, int) else (
            f'{self.path}.{_shown_name(key)}' if self.path else _shown_name(key))
        return Field(self.source, self.value[key], path, lines.get(key, self.line))

    def mapping(self, allowed) -> Dict[str, 'Field']:
        """Return the fields of a mapping whose keys are all in ``allowed``."""
        if not isinstance(self.value, dict):
            raise self.error(f'expected a mapping, got {kind_of(self.value)}')
        unknown = [k for k in self.value if k not in allowed]
        if unknown:
            raise self.child(unknown[0]).error(
                f'unknown field; expected one of {", ".join(allowed)}')
        return {k: self.child(k) for k in self.value}

    def items(self):
        """Return the fields of a list."""
        if not isinstance(self.value, list):
            raise self.error(f'expected a list, got {kind_of(self.value)}')
        return [self.child(i) for i in range(len(self.value))]

    def number(self, low=None, positive=False) -> float:
        """Return the value as a finite float (at least low, or > 0), or raise naming the field."""
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)) \
                or not math.isfinite(self.value):
            raise self.error(f'expected a number, got {kind_of(self.value)}')
        if positive and not self.value > 0:
            raise self.error(f'must be positive, not {self.value}')
        if low is not None and self.value < low:
            raise self.error(f'must be at least {low}, not {self.value}')
        return float(self.value)

    def text(self) -> str:
        """Return a non-empty string, stripped, or raise naming the field."""
        if not isinstance(self.value, str) or not self.value.strip():
            raise self.error(f'expected a non-empty string, got {kind_of(self.value)}')
        return self.value.strip()


# A number written as YAML 1.1 (PyYAML) reads text: an exponent without a dot or a sign ('1e2').
# Each text matches one way: '\d+\.?\d*' took minutes to refuse a text of 100,000 digits.
_TEXT_NUMBER = re.compile(r'[-+]?(?:\d+(?:\.\d*)?|\.\d+)[eE][-+]?\d+')


def text_number_hint(value) -> str:
    """
    Return a hint for a number YAML read as text (in ``value`` or the first in a list), or ''.

    YAML 1.1 reads an exponent only after a dot and with a sign: 1e2 and 1.0e2 are text, 100
    and 1.0e+2 numbers.
    """
    for text in value if isinstance(value, list) else [value]:
        if isinstance(text, str) and _TEXT_NUMBER.fullmatch(text.strip()):
            number = float(text)
            if not math.isfinite(number):
                return f' ({quote(text)} is too large to be a number)'
            plain = f'{number:.6f}'.rstrip('0').rstrip('.')
            mantissa, exponent = f'{number:e}'.split('e')
            mantissa = mantissa.rstrip('0')
            written = f'{mantissa}{"0" if mantissa.endswith(".") else ""}e{exponent}'
            if float(plain) == number and len(plain) <= 12:
                written = f'{plain} or {written}'
            return (f' ({quote(text)} is read as text, not a number: YAML reads an exponent only '
                    f'after a dot and with a sign; write {written})')
    return ''


def kind_of(value) -> str:
    """Return how a YAML value reads in a message: "the string 'x'", "a list"."""
    if value is None:
        return 'nothing'
    if isinstance(value, bool):
        return f'the boolean {value}'
    if isinstance(value, dict):
        return 'a mapping'
    if isinstance(value, list):
        return 'a list'
    if isinstance(value, str):
        return f'the string {quote(value)}' + text_number_hint(value)
    if isinstance(value, set):
        return 'a set'
    if isinstance(value, bytes):
        return f'{len(value)} bytes of binary data'
    if isinstance(value, (int, float)):
        return repr(value)
    return f'the {type(value).__name__} {quote(value)}'  # a date or a time

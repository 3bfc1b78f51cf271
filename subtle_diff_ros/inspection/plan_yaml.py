# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
YAML read so that every value remembers its line: the plan's errors name the line and the field.

``YamlLoader`` builds mappings and lists that keep the line of each entry; ``Field`` walks them
with the path of each value ('assets[0].region') and turns a bad value into a ``PlanError``
such as "plan.yaml:12: assets[0].region.box: expected 4 numbers x, y, width, height".
"""

import math
import re
from typing import Dict

import yaml

from ..core.errors import SubtleDiffError


class PlanError(SubtleDiffError):
    """A plan file, or one field of it, that cannot be used."""


class YamlLoader(yaml.SafeLoader):
    """
    A YAML loader whose mappings and lists remember the line of each entry.

    Aliases (``*name``) are refused: a plan writes each value out, and nested aliases expand
    to billions of values ("billion laughs") that any message quoting them would spell out.
    """

    def compose_node(self, parent, index):
        """Compose the next node, refusing an alias with the line it is on."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise PlanError(f'line {event.start_mark.line + 1}: aliases (*{event.anchor}) are '
                            'not read in a plan file: write the value out')
        return super().compose_node(parent, index)


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
        if isinstance(key, (list, dict)):
            raise PlanError(f'line {key_node.start_mark.line + 1}: a key must be a name, not '
                            f'{kind_of(key)}')
        if key in value:
            raise PlanError(f'line {key_node.start_mark.line + 1}: {key!r} is given twice')
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
    if sum(ch.isdigit() for ch in text) > _MAX_INT_DIGITS:
        raise PlanError(f'line {node.start_mark.line + 1}: the number {text[:12]}... is too '
                        'large for any field of a plan')
    return yaml.SafeLoader.construct_yaml_int(loader, node)


YamlLoader.add_constructor('tag:yaml.org,2002:int', _construct_int)
YamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
YamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


class Field:
    """A value of the plan with its path ('assets[0].region') and line, for error messages."""

    def __init__(self, source: str, value, path: str, line: int):
        self.source, self.value, self.path, self.line = source, value, path, line

    def error(self, message: str) -> PlanError:
        """Return a PlanError naming this field's file, line and path."""
        return PlanError(f'{self.source}:{self.line}: {self.path}: {message}')

    def child(self, key):
        """Return the field at ``key`` (a mapping key or a list index) of this one."""
        lines = getattr(self.value, 'lines', {})
        path = f'{self.path}[{key}]' if isinstance(key, int) else (
            f'{self.path}.{key}' if self.path else str(key))
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
_TEXT_NUMBER = re.compile(r'[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+')


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
                return f' ({text!r} is too large to be a number)'
            plain = f'{number:.6f}'.rstrip('0').rstrip('.')
            mantissa, exponent = f'{number:e}'.split('e')
            mantissa = mantissa.rstrip('0')
            written = f'{mantissa}{"0" if mantissa.endswith(".") else ""}e{exponent}'
            if float(plain) == number and len(plain) <= 12:
                written = f'{plain} or {written}'
            return (f' ({text!r} is read as text, not a number: YAML reads an exponent only '
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
        return f'the string {value!r}' + text_number_hint(value)
    return repr(value)

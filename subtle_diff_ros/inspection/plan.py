# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Inspection plans: the assets to inspect, where, what to watch, their limits and schedule.

A plan is a YAML file (``config/inspection_plan.yaml`` is a commented example); ``load_plan``
checks every field and refuses a bad file with a ``PlanError`` naming the file, the line and the
field ("plan.yaml:12: assets[0].region.box: expected 4 numbers x, y, width, height").
"""

from dataclasses import dataclass, field
import hashlib
import math
import os
import re
from typing import Dict, Optional, Tuple

import cv2
import numpy as np
import yaml

from .plan_yaml import Field, kind_of, MAX_ASSETS, PlanError, text_number_hint, YamlLoader
from ..backends.analytic.thresholds import (AUTOMATIC_MASK_THRESHOLDS, COLOR_DIFFERENCE,
                                            REGISTERED_THRESHOLDS, THRESHOLDS)
from ..core.axes import ATTRIBUTE_AXES
from ..core.errors import quote, SubtleDiffError
from ..core.files import read_regular_file, shown_path
from ..core.wording import check_object_name, thing_name
from ..vision.image_io import MAX_IMAGE_FILE_BYTES, MIN_IMAGE_SIDE

# Axes an asset can watch: every measured axis (those of the attributes, in their order) and the
# CIEDE2000 distance of the mean colours.
WATCHABLE = tuple(axis for axes in ATTRIBUTE_AXES.values() for axis in axes) + (COLOR_DIFFERENCE,)
# What an asset watches when its plan does not say: colour, texture and the silhouette's extent.
# Roundness is left out: the automatic outline's roundness drifts with the light, and on the aging
# benchmark (seed 1) it alone gave 18 of the 21 false alarms of stable sequences; a plan may
# still watch it.
DEFAULT_WATCH = ('brightness', 'saturation', 'hue', 'warmth', 'glossiness', 'roughness',
                 'size', 'width', 'height')
# Limit of every watched axis that has none in the plan, in just-noticeable differences.
DEFAULT_LIMIT_JND = 8.0
# The smallest limit a plan or the command line may set, in just-noticeable differences: a
# smaller one is crossed by the noise of every capture (the change margin is at least one JND).
MIN_LIMIT_JND = 0.5
# The largest: no measured change comes near it (a limit that is never reached is no limit; leave
# the axis unwatched instead).
MAX_LIMIT_JND = 1000.0
DEFAULT_PERIOD_S = 7 * 86400.0
# The fewest pixels a region (or grey card) may cover: those of the smallest image the package
# measures (16 x 16). A part cannot be found, aligned or measured in a few pixels; every capture
# of a one-pixel region was "the part is not found in the region".
MIN_REGION_PIXELS = MIN_IMAGE_SIDE ** 2
_AT_LEAST = (f'a region must cover at least {MIN_REGION_PIXELS} pixels ({MIN_IMAGE_SIDE} x '
             f'{MIN_IMAGE_SIDE})')
# Commissioning captures an asset's noise floor comes from (at least 3, at most 100: more would
# keep an asset from ever being commissioned).
MIN_COMMISSIONING, MAX_COMMISSIONING = 3, 100
# The longest period between inspections (ten years).
MAX_PERIOD_S = 3653 * 86400.0
# The shortest period between inspections: a tenth of a second (a plan's period of 1e-10 s
# would run inspections back to back, each taking longer than that).
MIN_PERIOD_S = 0.1
# The largest plan file read, region coordinate (pixels) and polygon: beyond them a plan is a
# mistake (a coordinate of 3e9 would wrap around when the region is drawn).
MAX_PLAN_BYTES = 16 << 20
MAX_COORDINATE = 1_000_000
MAX_POLYGON_POINTS = 10_000
ASSET_NAME = re.compile(r'[A-Za-z0-9][A-Za-z0-9._-]{0,63}')
# A reference's name in the reference store (``service.reference_store.NAME_PATTERN``), and a
# camera's name: part of ROS parameter names (``cameras.<camera>.topic``) and topics.
REFERENCE_NAME = ASSET_NAME
CAMERA_NAME = re.compile(r'[A-Za-z][A-Za-z0-9_]*')
_UNITS_S = {'s': 1.0, 'm': 60.0, 'h': 3600.0, 'd': 86400.0, 'w': 7 * 86400.0}


@dataclass(frozen=True)
class Region:
    """
    A part of the reference image: a box, a polygon or a mask file (reference pixels).

    kind: 'box', 'polygon' or 'mask'. points: the box's (x, y, width, height), or the polygon's
    vertices as (x, y) pairs. mask_path: the mask file (any non-zero pixel is in the region).
    mask_sha256: the mask file's content when the region was defined: a mask edited since is
    another region, not silently the same one.
    """

    kind: str
    points: Tuple = ()
    mask_path: Optional[str] = None
    mask_sha256: Optional[str] = None

    def mask(self, shape, what: str = 'the region') -> np.ndarray:
        """Return the region as a bool (H, W) mask of an image of ``shape``, or raise PlanError."""
        h, w = shape[:2]
        if self.kind == 'mask':
            try:
                content = read_regular_file(self.mask_path, MAX_IMAGE_FILE_BYTES, PlanError,
                                            'region mask')
            except (FileNotFoundError, NotADirectoryError):
                raise PlanError(f'no region mask file at {shown_path(self.mask_path)}') from None
            if self.mask_sha256 and hashlib.sha256(content).hexdigest() != self.mask_sha256:
                raise PlanError(f'the region mask {shown_path(self.mask_path)} changed since the '
                                'asset was commissioned with it: recommission the asset '
                                '(inspect --recommission) or restore the mask')
            data = cv2.imdecode(np.frombuffer(content, np.uint8), cv2.IMREAD_GRAYSCALE)
            if data is None:
                raise PlanError(f'cannot read the region mask {shown_path(self.mask_path)}')
            if data.shape != (h, w):
                raise PlanError(f'the region mask {shown_path(self.mask_path)} is '
                                f'{data.shape[1]}x{data.shape[0]}, the reference {w}x{h}')
            mask = data > 0
        else:
            canvas = np.zeros((h, w), np.uint8)
            if self.kind == 'box':
                x, y, bw, bh = self.points
                canvas[max(0, int(y)):max(0, int(math.ceil(y + bh))),
                       max(0, int(x)):max(0, int(math.ceil(x + bw)))] = 1
            else:
                cv2.fillPoly(canvas, [np.round(np.array(self.points)).astype(np.int32)], 1)
            mask = canvas > 0
        if not mask.any():
            raise PlanError(f'{what} ({self.describe()}) holds no pixel of the {w}x{h} '
                            'reference')
        if mask.sum() < MIN_REGION_PIXELS:
            raise PlanError(f'{what} ({self.describe()}) holds {mask.sum()} pixels of the '
                            f'{w}x{h} reference; {_AT_LEAST}')
        return mask

    def inside(self, shape) -> bool:
        """Return whether the box or polygon lies inside an image of ``shape`` (a mask does)."""
        h, w = shape[:2]
        points = self.points
        if self.kind == 'box':
            x, y, bw, bh = points
            points = ((x, y), (x + bw, y + bh))
        # Half a pixel of slack: a box rounded to tenths may pass the edge by a rounding.
        return all(-0.5 <= x <= w + 0.5 and -0.5 <= y <= h + 0.5 for x, y in points)

    def describe(self) -> str:
        """Return a short text form ('box 10,20,100,80')."""
        if self.kind == 'mask':
            return f'mask {shown_path(self.mask_path)}'
        if self.kind == 'box':
            return 'box ' + ','.join(f'{v:g}' for v in self.points)
        return f'polygon of {len(self.points)} points'

    def to_dict(self) -> dict:
        """Return the plan form of the region."""
        if self.kind == 'mask':
            return {'mask': self.mask_path, **({'sha256': self.mask_sha256}
                                               if self.mask_sha256 else {})}
        if self.kind == 'box':
            return {'box': list(self.points)}
        return {'polygon': [list(p) for p in self.points]}


@dataclass(frozen=True)
class Limit:
    """A limit of one axis: ``value`` in just-noticeable differences or in the axis's units."""

    value: float
    in_jnd: bool = True

    def jnd(self, unit_jnd: float) -> float:
        """Return the limit in just-noticeable differences (``unit_jnd``: the axis's JND)."""
        return self.value if self.in_jnd else self.value / max(unit_jnd, 1e-12)


@dataclass(frozen=True)
class Asset:
    """
    One part inspected against its reference.

    name: unique asset name. object_name: how sentences call it ('hinge'). camera: the camera
    that sees it. reference: the reference's name in the reference store. region / patch:
    where the part and an optional grey or white card lie in the reference. watch: the axes
    watched. limits: per watched axis. period_s: seconds between inspections.
    commissioning_captures: the first valid captures that set the noise floor.
    """

    name: str
    object_name: str = ''
    camera: str = 'camera'
    reference: str = ''
    region: Optional[Region] = None
    patch: Optional[Region] = None
    watch: Tuple[str, ...] = DEFAULT_WATCH
    limits: Dict[str, Limit] = field(default_factory=dict)
    period_s: float = DEFAULT_PERIOD_S
    commissioning_captures: int = MIN_COMMISSIONING

    @property
    def noun(self) -> str:
        """Return the name sentences use for the part."""
        return thing_name(self.object_name or self.name.replace('_', ' '))

    def limit(self, axis: str) -> Limit:
        """Return the limit of ``axis`` (the default when the plan sets none)."""
        return self.limits.get(axis, Limit(DEFAULT_LIMIT_JND))

    def to_dict(self) -> dict:
        """Return the asset's settings in plan form (JSON-ready)."""
        return {'name': self.name, 'object': self.object_name, 'camera': self.camera,
                'reference': self.reference,
                'region': self.region.to_dict() if self.region else None,
                'patch': self.patch.to_dict() if self.patch else None,
                'watch': list(self.watch),
                'limits': {a: ({'jnd': v.value} if v.in_jnd else {'value': v.value})
                           for a, v in self.limits.items()},
                'period': self.period_s, 'commissioning_captures': self.commissioning_captures}


@dataclass(frozen=True)
class Plan:
    """The assets of a plan by name, and the file it came from."""

    assets: Dict[str, Asset]
    path: str = ''


def _shown_value(value) -> str:
    """Return a number as Python writes it, anything else quoted (and cut when long)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return repr(value) if number else quote(value)


def parse_duration(value) -> float:
    """Return seconds of a duration: a number of seconds or '30s', '15m', '12h', '7d', '2w'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        # one way to match each text: '[0-9]*\.?[0-9]+' took minutes to refuse 100,000 digits
        match = re.fullmatch(r'([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([smhdw]?)', str(value).strip())
        if not match:
            raise SubtleDiffError(f'{quote(value)} is not a duration: use seconds or a number '
                                  'with s, m, h, d or w (12h, 7d)' + text_number_hint(value))
        seconds = float(match[1]) * _UNITS_S.get(match[2], 1.0)  # "3600": seconds
    if not (seconds > 0 and math.isfinite(seconds)):
        raise SubtleDiffError('a duration must be a finite positive number, not '
                              + _shown_value(value))
    if seconds < MIN_PERIOD_S:
        raise SubtleDiffError(f'the duration {_shown_value(value)} is under {MIN_PERIOD_S:g} s')
    if seconds > MAX_PERIOD_S:
        raise SubtleDiffError(f'the duration {_shown_value(value)} is over ten years')
    return seconds


def parse_watch(names) -> Tuple[str, ...]:
    """Return the watched axes of a list of axis or attribute names (in order, no repeats)."""
    if isinstance(names, str):
        names = [names]  # "watch: color" is one name
    if not isinstance(names, (list, tuple)):
        raise SubtleDiffError(f'watch is a list of axis or attribute names, got {kind_of(names)}')
    axes = []
    for name in names:
        if not isinstance(name, str):
            raise SubtleDiffError(f'{kind_of(name)} is not an axis name')
        name = name.strip().lower()
        expanded = ATTRIBUTE_AXES.get(name, (name,))
        for axis in expanded:
            if axis not in WATCHABLE:
                raise SubtleDiffError(
                    f'unknown axis {quote(name)}: expected an attribute '
                    f'({", ".join(ATTRIBUTE_AXES)}) or one of {", ".join(WATCHABLE)}')
            if axis not in axes:
                axes.append(axis)
    if not axes:
        raise SubtleDiffError('no axis to watch')
    return tuple(axes)


def _check_coordinates(numbers) -> None:
    """Raise SubtleDiffError for a region coordinate no image reaches (|c| > MAX_COORDINATE)."""
    far = next((c for c in numbers if abs(c) > MAX_COORDINATE), None)
    if far is not None:
        raise SubtleDiffError(f'the coordinate {far:g} lies beyond any image (at most '
                              f'{MAX_COORDINATE:,} pixels)')


def parse_region(value, base_dir: str = '', stored: bool = False) -> Region:
    """
    Return the Region of {box: [x, y, w, h]}, {polygon: [[x, y], ...]} or {mask: path}.

    A mask file is read for its content digest, unless ``stored`` (a region as the history
    keeps it, with its digest: the file is needed only to inspect).
    """
    digest = value.get('sha256') if isinstance(value, dict) and 'mask' in value else None
    if digest is not None:
        value = {k: v for k, v in value.items() if k != 'sha256'}
        if not (isinstance(digest, str) and re.fullmatch(r'[0-9a-f]{64}', digest)):
            raise SubtleDiffError('the sha256 of a mask is 64 hexadecimal digits')
    if not isinstance(value, dict) or len(value) != 1:
        raise SubtleDiffError('a region is one of box: [x, y, width, height], polygon: '
                              '[[x, y], ...] or mask: <file>')
    (kind, data), = value.items()
    if kind == 'box':
        numbers = _numbers(data, 4, 'expected 4 numbers x, y, width, height')
        _check_coordinates(numbers)
        if numbers[0] < 0 or numbers[1] < 0 or numbers[2] <= 0 or numbers[3] <= 0:
            raise SubtleDiffError('x and y must be >= 0, width and height > 0')
        if numbers[2] * numbers[3] < MIN_REGION_PIXELS:
            raise SubtleDiffError(f'the box is {numbers[2]:g} x {numbers[3]:g} pixels; '
                                  f'{_AT_LEAST}')
        return Region('box', tuple(numbers))
    if kind == 'polygon':
        if not isinstance(data, list) or len(data) < 3:
            raise SubtleDiffError('expected at least 3 points [x, y]')
        if len(data) > MAX_POLYGON_POINTS:
            raise SubtleDiffError(f'the polygon has {len(data)} points, over the limit of '
                                  f'{MAX_POLYGON_POINTS}')
        points = tuple(tuple(_numbers(p, 2, 'each point is [x, y]')) for p in data)
        _check_coordinates([c for point in points for c in point])
        area = abs(cv2.contourArea(np.array(points, np.float64).astype(np.float32)))
        if area < 1:
            raise SubtleDiffError('the polygon encloses no area (its points lie on one line, or '
                                  f'its edges cross so that its parts cancel); {_AT_LEAST}')
        if area < MIN_REGION_PIXELS:
            raise SubtleDiffError(f'the polygon encloses an area of {area:g} pixels; '
                                  f'{_AT_LEAST}')
        return Region('polygon', points)
    if kind == 'mask':
        if not isinstance(data, str) or not data.strip():
            raise SubtleDiffError('expected the path of a mask image')
        path = os.path.join(base_dir, os.path.expanduser(data.strip()))
        if stored:
            return Region('mask', (), path, digest)
        try:
            content = read_regular_file(path, MAX_IMAGE_FILE_BYTES, SubtleDiffError, 'mask')
        except (FileNotFoundError, NotADirectoryError):
            raise SubtleDiffError(f'no mask file at {shown_path(path)}') from None
        return Region('mask', (), path, hashlib.sha256(content).hexdigest())
    raise SubtleDiffError(f'unknown region kind {quote(kind)}: use box, polygon or mask')


def _numbers(data, count, message):
    if not isinstance(data, list) or len(data) != count or any(
            isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)
            for v in data):
        raise SubtleDiffError(message + text_number_hint(data))
    return [float(v) for v in data]


def parse_limit(value, axis: Optional[str] = None) -> Limit:
    """
    Return the Limit of a number (JNDs), {jnd: N} or {value: N} (the axis's own units).

    With ``axis`` (a limit given by a user), one under ``MIN_LIMIT_JND`` or over ``MAX_LIMIT_JND``
    of the axis's just-noticeable differences is refused; limits read back from a history are
    taken as stored.
    """
    if isinstance(value, dict) and len(value) == 1 and set(value) <= {'jnd', 'value'}:
        (unit, number), = value.items()
        limit = Limit(_numbers([number], 1, 'a limit is a finite number')[0], unit == 'jnd')
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        limit = Limit(_numbers([value], 1, 'a limit is a finite number')[0], True)
    else:
        raise SubtleDiffError('a limit is a number of JNDs, {jnd: N} or {value: N} in the '
                              "axis's units (CIEDE2000 for color_difference)"
                              + text_number_hint(value))
    if not limit.value > 0:
        raise SubtleDiffError(f'a limit must be positive, not {limit.value}')
    if axis is not None:
        jnds = [table[axis] for table in (THRESHOLDS, REGISTERED_THRESHOLDS,
                                          AUTOMATIC_MASK_THRESHOLDS) if axis in table]
        most, least = limit.jnd(min(jnds)), limit.jnd(max(jnds))

        def shown(count):
            return f'{limit.value:.10g} JND' if limit.in_jnd else \
                f"{limit.value:.10g} in {axis}'s units ({count:.10g} JND)"
        # a relative hair of slack: 18 units of size at 0.018 a JND are 1000 JND, not 1000.0...1
        if most < MIN_LIMIT_JND * (1 - 1e-9):
            raise SubtleDiffError(f'a limit of {shown(most)} is under {MIN_LIMIT_JND:g} JND: the '
                                  'noise of every capture would cross it')
        if least > MAX_LIMIT_JND * (1 + 1e-9):
            raise SubtleDiffError(f'a limit of {shown(least)} is over {MAX_LIMIT_JND:g} JND: no '
                                  'change comes near it (leave the axis unwatched instead)')
    return limit


_ASSET_FIELDS = ('name', 'object', 'camera', 'reference', 'region', 'patch', 'watch', 'limits',
                 'period', 'commissioning_captures')


def _checked(field_: Field, parse, *args):
    try:
        return parse(field_.value, *args)
    except PlanError:
        raise
    except SubtleDiffError as exc:
        raise field_.error(str(exc))


def _asset(entry: Field, defaults: Dict[str, Field], base_dir: str) -> Asset:
    fields = dict(defaults)
    fields.update(entry.mapping(_ASSET_FIELDS))
    if 'name' not in fields:
        raise entry.error('an asset needs a name')
    name = fields['name'].text()
    if not ASSET_NAME.fullmatch(name):
        raise fields['name'].error(f'invalid asset name {quote(name)}: 1 to 64 letters, digits, '
                                   '".", "_" or "-"')
    for required in ('reference', 'region'):
        if required not in fields:
            raise entry.error(f'asset {quote(name)} needs a {required}')
    watch = _checked(fields['watch'], parse_watch) if 'watch' in fields else DEFAULT_WATCH
    limits = {}
    if 'limits' in fields:
        for axis, value in fields['limits'].mapping(WATCHABLE).items():
            limits[axis] = _checked(value, parse_limit, axis)
            if axis not in watch:
                raise value.error(f'the asset does not watch {axis} (it watches '
                                  f'{", ".join(watch)}); add it to watch')
    captures = MIN_COMMISSIONING
    if 'commissioning_captures' in fields:
        given = fields['commissioning_captures']
        captures = given.number(low=MIN_COMMISSIONING)
        if captures != int(captures) or captures > MAX_COMMISSIONING:
            raise given.error(f'expected a whole number from {MIN_COMMISSIONING} to '
                              f'{MAX_COMMISSIONING}, not {given.value}')
    return Asset(
        name=name, object_name=_checked(fields['object'], _object) if 'object' in fields else '',
        camera=_named(fields['camera'], CAMERA_NAME, 'camera name (letters, digits and "_", '
                      'starting with a letter)') if 'camera' in fields
        else 'camera',
        reference=_named(fields['reference'], REFERENCE_NAME, 'reference name (1 to 64 '
                         'letters, digits, ".", "_" or "-")'),
        region=_checked(fields['region'], parse_region, base_dir),
        patch=_checked(fields['patch'], parse_region, base_dir) if 'patch' in fields else None,
        watch=watch, limits=limits,
        period_s=_checked(fields['period'], parse_duration) if 'period' in fields
        else DEFAULT_PERIOD_S, commissioning_captures=int(captures))


def _named(field_: Field, pattern, what: str) -> str:
    """Return a field's text when ``pattern`` matches all of it, or raise naming the field."""
    text = field_.text()
    if not pattern.fullmatch(text):
        raise field_.error(f'invalid {what}: {quote(text)}')
    return text


def _object(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SubtleDiffError(f'expected a non-empty string, got {kind_of(value)}')
    return check_object_name(value.strip())


# The longest problem of a YAML error a message repeats (an unknown tag is written out in it).
_YAML_PROBLEM_LIMIT = 200
_TOO_DEEP = 'not a plan: its YAML is nested too deeply'
# What libyaml says of collections nested over 1,000 deep (PyYAML's own parser recurses until
# Python's RecursionError).
_LIBYAML_TOO_DEEP = 'exceeded maximum nesting depth'


def _yaml_error(path: str, text: str, exc: yaml.YAMLError) -> PlanError:
    """Return the one-line PlanError of a YAML error, naming the line where it can."""
    if getattr(exc, 'problem', None) == _LIBYAML_TOO_DEEP:
        return PlanError(f'{path}: {_TOO_DEEP}')
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow anywhere
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        line = text.count('\n', 0, found.start()) + 1 if found else None
        where = f'{path}:{line}' if line else path
        return PlanError(f'{where}: not valid YAML: it holds the character '
                         f'U+{exc.character:04X}, which YAML does not allow')
    mark = getattr(exc, 'problem_mark', None)
    where = f'{path}:{mark.line + 1}' if mark else path
    problem = ' '.join(str(getattr(exc, 'problem', None) or exc).split())
    if len(problem) > _YAML_PROBLEM_LIMIT:
        problem = problem[:_YAML_PROBLEM_LIMIT] + '…'
    return PlanError(f'{where}: not valid YAML: {problem}')


def load_plan(path: str) -> Plan:
    """Read and check a plan file; raise PlanError naming the line and field of a bad entry."""
    try:
        text = read_regular_file(path, MAX_PLAN_BYTES, PlanError, 'plan').decode('utf-8')
    except UnicodeDecodeError as exc:
        raise PlanError(f'cannot read the plan {shown_path(path)}: it is not UTF-8 text '
                        f'({exc.reason} at byte {exc.start}); save it as UTF-8')
    except OSError as exc:
        raise PlanError(f'cannot read the plan {shown_path(path)}: {exc.strerror or exc}')
    source = shown_path(path)
    try:
        data = yaml.load(text, Loader=YamlLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(source, text, exc)
    except PlanError as exc:
        raise PlanError(f'{source}:{str(exc)[len("line "):]}')
    except RecursionError:
        raise PlanError(f'{source}: {_TOO_DEEP}')
    if data is None:
        raise PlanError(f'{source}: the plan is empty: write its version and list of assets '
                        '(see config/inspection_plan.yaml)')
    root = Field(source, data, '', 1)
    fields = root.mapping(('version', 'defaults', 'assets'))
    if 'version' in fields and (type(fields['version'].value) is not int
                                or fields['version'].value != 1):  # not "version: true"
        raise fields['version'].error('this package reads plan version 1')
    if 'assets' not in fields:
        raise root.error('a plan needs a list of assets')
    defaults = {}
    if 'defaults' in fields:
        defaults = fields['defaults'].mapping(tuple(f for f in _ASSET_FIELDS if f != 'name'))
    base_dir = os.path.dirname(os.path.abspath(path))
    entries = fields['assets'].items()
    if len(entries) > MAX_ASSETS:  # listed through a merge key ("<<"), unseen while read
        raise fields['assets'].error(f'a plan lists at most {MAX_ASSETS:,} assets: split it '
                                     'into several plans')
    assets = {}
    for entry in entries:
        asset = _asset(entry, defaults, base_dir)
        if asset.name in assets:
            raise entry.error(f'asset {quote(asset.name)} is listed twice')
        assets[asset.name] = asset
    if not assets:
        raise fields['assets'].error('the plan lists no asset')
    return Plan(assets, os.path.abspath(path))


def asset_from_settings(settings: dict) -> Asset:
    """Return the Asset of ``Asset.to_dict()``'s form (as the history stores it)."""
    try:
        return Asset(
            name=settings['name'], object_name=settings.get('object', ''),
            camera=settings.get('camera', 'camera'), reference=settings.get('reference', ''),
            region=parse_region(settings['region'], stored=True) if settings.get('region')
            else None,
            patch=parse_region(settings['patch'], stored=True) if settings.get('patch') else None,
            watch=parse_watch(settings.get('watch', DEFAULT_WATCH)),
            limits={axis: parse_limit(value)
                    for axis, value in (settings.get('limits') or {}).items()},
            period_s=parse_duration(settings.get('period', DEFAULT_PERIOD_S)),
            commissioning_captures=int(settings.get('commissioning_captures',
                                                    MIN_COMMISSIONING)))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise PlanError(f'stored asset settings are damaged: {exc}')

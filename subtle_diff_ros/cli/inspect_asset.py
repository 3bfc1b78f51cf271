# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
``subtle-diff inspect``: record one inspection of an asset against its reference.

The first reference given for an asset becomes its commissioning reference; captures marked
``--commissioning`` set the asset's noise floor (at least three are needed before a lasting
change can be told from noise) and never count as changed. With ``--json`` it prints one
object: ``valid``, ``reason``, ``changed``, ``axes`` (``axis``, ``direction``, ``delta``,
``delta_jnd``, and ``toward`` for hue), ``sentence``, and more. Exit status 2 with one line for
bad input (unknown asset, unreadable image, bad time, a time more than a day ahead of this
machine's clock, a different reference or region).
"""

import json

from ..core.errors import quote, SubtleDiffError
from ..inspection.history import History
from ..inspection.inspector import Inspector
from ..inspection.plan import (Asset, asset_from_settings, ASSET_NAME, load_plan,
                               parse_duration, parse_limit, parse_region, parse_watch)
from ..inspection.times import check_inspection_time, parse_time
from ..vision.image_io import load_image


def register(subparsers):
    """Add the ``inspect`` sub-command."""
    parser = subparsers.add_parser(
        'inspect', help='record one inspection of an asset against its reference',
        description="Align the image to the asset's reference, check it, undo the light, "
                    'measure the watched axes in the region and record the inspection in the '
                    'history database; say whether the part changed since commissioning.')
    parser.add_argument('--db', required=True, help='history database (SQLite; created)')
    parser.add_argument('--asset', required=True, help='asset name')
    parser.add_argument('--reference', help='reference image (required the first time)')
    parser.add_argument('--image', required=True, help='the captured image')
    parser.add_argument('--time', required=True,
                        help='when it was captured, ISO 8601 (no offset: UTC)')
    parser.add_argument('--region', help='X,Y,W,H box of the part in reference pixels '
                        '(default: the object found in the reference; the light is judged '
                        'around it)')
    parser.add_argument('--patch', help='X,Y,W,H box of a grey or white card for the light')
    parser.add_argument('--commissioning', action='store_true',
                        help='a commissioning capture: sets the noise floor, never changed')
    parser.add_argument('--recommission', action='store_true',
                        help='the reference (or region) is new: start a new reference version')
    parser.add_argument('--plan', help='plan file defining the asset (watch, limits, ...)')
    parser.add_argument('--object', help='what sentences call the part (default: the asset)')
    parser.add_argument('--watch', help='comma-separated axes or attributes to watch')
    parser.add_argument('--limit', action='append', default=[], metavar='AXIS=JND',
                        help='limit of an axis in JNDs (repeatable)')
    parser.add_argument('--period', help='time between inspections (7d, 12h; default 7d)')
    parser.add_argument('--json', action='store_true', help='print the inspection as JSON')
    parser.set_defaults(func=run)


def _box(text, name):
    try:
        numbers = [float(v) for v in text.split(',')]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise SubtleDiffError(f'{name} {text!r} is not X,Y,W,H (four numbers)')
    return parse_region({'box': numbers})


def _limits(items):
    limits = {}
    for item in items:
        axis, _, value = item.partition('=')
        try:
            limits[parse_watch([axis])[0]] = parse_limit(float(value))
        except ValueError:
            raise SubtleDiffError(f'--limit {item!r} is not AXIS=JND (brightness=4)')
    return limits


def asset_for(args, history) -> Asset:
    """Return the asset the arguments define: the plan's, the stored one, or a new one."""
    if args.plan:
        plan = load_plan(args.plan)
        if args.asset not in plan.assets:
            raise SubtleDiffError(f'the plan {args.plan} has no asset {quote(args.asset)}')
        return plan.assets[args.asset]
    if not ASSET_NAME.fullmatch(args.asset):
        raise SubtleDiffError(f'invalid asset name {quote(args.asset)}: 1 to 64 letters, digits, '
                              '".", "_" or "-"')
    stored = args.asset in history.asset_names()
    settings = history.settings(args.asset) if stored else {'name': args.asset}
    if args.object:
        settings['object'] = args.object
    if args.watch:
        settings['watch'] = list(parse_watch(args.watch.split(',')))
    if args.limit:
        limits = dict(settings.get('limits') or {})
        limits.update({axis: {'jnd': limit.value} for axis, limit in
                       _limits(args.limit).items()})
        settings['limits'] = limits
    if args.period:
        settings['period'] = parse_duration(args.period)
    for key, text in (('region', args.region), ('patch', args.patch)):
        if text:
            given = _box(text, f'--{key}').to_dict()
            if stored and settings.get(key) != given and not args.recommission:
                raise SubtleDiffError(f'asset {args.asset!r} was commissioned with another '
                                      f'{key}; pass --recommission to change it')
            settings[key] = given
    return asset_from_settings(settings)


def run(args) -> int:
    """Record the inspection and print it; return 0."""
    moment = parse_time(args.time)
    check_inspection_time(moment.timestamp())  # before anything is recorded
    frame = load_image(args.image)
    reference = load_image(args.reference) if args.reference else None
    with History(args.db) as history:
        asset = asset_for(args, history)
        inspector = Inspector(history, {asset.name: asset})
        if reference is not None:
            inspector.commission(asset, reference, args.reference, args.recommission)
        elif args.asset not in history.asset_names() or not history.references(args.asset):
            raise SubtleDiffError(f'asset {args.asset!r} has no reference yet: give --reference')
        else:
            history.define_asset(asset.name, asset.to_dict(), args.time)
        result = inspector.inspect(asset.name, frame, moment, args.commissioning)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(f'[{"valid" if result.valid else "RETRY"}] inspection {result.id} of '
              f'{result.asset} at {result.time}: {result.sentence}')
    return 0

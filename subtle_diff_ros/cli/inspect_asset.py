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
machine's clock, a different reference or region, a region or grey card that does not fit the
reference, a commissioning capture after a regular inspection); a refused inspection records
nothing, not even the asset or its reference. ``--recommission --after-clock-correction``
starts a new reference version before inspections dated more than a day ahead of this
machine's clock, which stay in their version, out of the trends. This machine cannot tell
whether its clock ran ahead when they were recorded or is behind now: check the clock first (if
it is behind, set it right and nothing else is needed). Records dated less than a day ahead may
be right and are never left behind (``Inspector._check_after_latest`` gives the rules).
"""

import os
import tempfile

from . import json_text
from ..core.errors import quote, SubtleDiffError
from ..core.files import shown_path
from ..core.wording import check_object_name
from ..inspection.capture import check_fits
from ..inspection.history import History
from ..inspection.inspector import check_inspectable, Inspector
from ..inspection.plan import (Asset, asset_from_settings, ASSET_NAME, DEFAULT_WATCH, load_plan,
                               parse_duration, parse_limit, parse_region, parse_watch)
from ..inspection.times import check_inspection_time, parse_time
from ..vision.image_io import as_rgb_image, load_image


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
    parser.add_argument('--after-clock-correction', action='store_true',
                        help="with --recommission: this machine's clock ran ahead when some "
                             'inspections were recorded and was corrected back since; start the '
                             'new reference version now, before those dated more than a day '
                             'ahead of the clock (they are kept, in their version, out of the '
                             'trends). Check the clock first: if it is behind now, the records '
                             'are right; set it right instead')
    parser.add_argument('--plan', help='plan file defining the asset (watch, limits, ...)')
    parser.add_argument('--object', help='what sentences call the part (default: the asset)')
    parser.add_argument('--watch', help='comma-separated axes or attributes to watch')
    parser.add_argument('--limit', action='append', default=[], metavar='AXIS=JND',
                        help='limit of an axis in JNDs (repeatable)')
    parser.add_argument('--period', help='time between inspections (7d, 12h; default 7d)')
    parser.add_argument('--redefine', action='store_true',
                        help="change a recorded asset's --object, --watch, --limit or --period "
                             '(its report then judges its whole history by them)')
    parser.add_argument('--json', action='store_true', help='print the inspection as JSON')
    parser.set_defaults(func=run)


def _box(text, name):
    try:
        numbers = [float(v) for v in text.split(',')]
    except ValueError:
        numbers = []
    if len(numbers) != 4:
        raise SubtleDiffError(f'{name} {quote(text)} is not X,Y,W,H (four numbers)')
    try:
        return parse_region({'box': numbers})
    except SubtleDiffError as exc:
        raise SubtleDiffError(f'{name} {quote(text)}: {exc}')


def _limits(items, watch):
    limits = {}
    for item in items:
        axis, _, value = item.partition('=')
        wrong = f'--limit {quote(item)} is not AXIS=JND (brightness=4)'
        try:
            axes = parse_watch([axis])
            if len(axes) > 1:
                raise SubtleDiffError(f'{quote(axis)} names {len(axes)} axes '
                                      f'({", ".join(axes)}): give a limit to each')
            axis = axes[0]
            limit = parse_limit(float(value), axis)
        except SubtleDiffError as exc:
            raise SubtleDiffError(f'{wrong}: {exc}')
        except ValueError:  # float()'s own message repeats the whole value
            raise SubtleDiffError(f'{wrong}: {quote(value)} is not a number') from None
        if axis in limits:
            raise SubtleDiffError(f'--limit {quote(item)}: {axis} has a limit already')
        limits[axis] = limit
        if axis not in watch:
            raise SubtleDiffError(f'--limit {quote(item)}: the asset does not watch {axis} (it '
                                  f'watches {", ".join(watch)}); add it to --watch')
    return limits


def _plan_asset(args, history) -> Asset:
    plan = load_plan(args.plan)
    if args.asset not in plan.assets:
        raise SubtleDiffError(f'the plan {shown_path(args.plan)} has no asset '
                              f'{quote(args.asset)}')
    asset = plan.assets[args.asset]
    if not args.recommission:
        Inspector(history).check_commissioned_like(
            asset, f'pass --recommission to change it to that of {shown_path(args.plan)}')
    return asset


def asset_for(args, history) -> Asset:
    """Return the asset the arguments define: the plan's, the stored one, or a new one."""
    if args.plan:
        given = [f'--{name}' for name in ('object', 'watch', 'limit', 'period', 'region', 'patch')
                 if getattr(args, name)]
        if given:
            raise SubtleDiffError(f'{", ".join(given)} cannot be given with --plan: the plan '
                                  f'{shown_path(args.plan)} defines the asset (edit it there)')
        return _plan_asset(args, history)
    if not ASSET_NAME.fullmatch(args.asset):
        raise SubtleDiffError(f'invalid asset name {quote(args.asset)}: 1 to 64 letters, digits, '
                              '".", "_" or "-"')
    stored = args.asset in history.asset_names()
    settings = history.settings(args.asset) if stored else {'name': args.asset}
    recorded = dict(settings)
    if args.object is not None:
        settings['object'] = check_object_name(args.object) or ''
    if args.watch is not None:
        settings['watch'] = list(parse_watch(args.watch.split(',')))
    if args.limit:
        limits = dict(settings.get('limits') or {})
        limits.update({axis: {'jnd': limit.value} for axis, limit in
                       _limits(args.limit, settings.get('watch') or DEFAULT_WATCH).items()})
        settings['limits'] = limits
    if args.period:
        settings['period'] = parse_duration(args.period)
    if stored and not (args.redefine or args.recommission):
        _check_same_definition(args.asset, recorded, settings)
    for key, text in (('region', args.region), ('patch', args.patch)):
        if text:
            given = _box(text, f'--{key}').to_dict()
            if stored and settings.get(key) != given and not args.recommission:
                raise SubtleDiffError(f'asset {quote(args.asset)} was commissioned with '
                                      f'another {key}; pass --recommission to change it')
            settings[key] = given
    return asset_from_settings(settings)


# What a recorded asset's definition may not lose or change without --redefine: its report judges
# the whole history by them, so a one-off option would otherwise silence (or raise) an alarm
# after the fact.
_DEFINITION = (('object', '--object'), ('watch', '--watch'), ('limits', '--limit'),
               ('period', '--period'))


def _check_same_definition(asset: str, recorded: dict, settings: dict) -> None:
    """Refuse options that would change a recorded asset's definition without --redefine."""
    changed = [option for key, option in _DEFINITION
               if key in settings and settings.get(key) != recorded.get(key)
               and not (key == 'object' and not settings.get(key) and not recorded.get(key))]
    if changed:
        raise SubtleDiffError(
            f'asset {quote(asset)} is recorded with another {" and ".join(changed)}; pass '
            '--redefine to change it (its report then judges its whole history by the new '
            'definition)')


def _check_history_path(path: str) -> None:
    """Refuse a history in a folder that does not exist, or a path that is no regular file."""
    full = os.path.abspath(os.path.expanduser(path))
    if not os.path.isdir(os.path.dirname(full)):
        raise SubtleDiffError(f'cannot use the history {shown_path(path)}: no folder '
                              f'{shown_path(os.path.dirname(full))} (it is not created)')
    if os.path.exists(full) and not os.path.isfile(full):
        raise SubtleDiffError(f'cannot use the history {shown_path(path)}: it is not a regular '
                              'file')


def run(args) -> int:
    """Record the inspection and print it; return 0."""
    moment = parse_time(args.time)
    check_inspection_time(moment.timestamp())  # before anything is recorded
    if args.after_clock_correction and not args.recommission:
        raise SubtleDiffError('--after-clock-correction goes with --recommission (and '
                              '--commissioning): a clock corrected back is acknowledged by '
                              'starting a new reference version')
    if args.recommission and not args.commissioning:
        # a regular capture in a new reference version would end its commissioning unbegun
        raise SubtleDiffError('--recommission starts a new commissioning: give it with the '
                              'first commissioning capture (--commissioning)')
    _check_history_path(args.db)
    frame = load_image(args.image)
    reference = load_image(args.reference) if args.reference else None
    if not os.path.exists(args.db):
        _check_before_creating(args, reference)  # a mistyped --db is not left behind
    result = _inspect(args, frame, reference, moment)
    if args.json:
        print(json_text(result.to_dict(), ensure_ascii=False))
    else:
        print(f'[{"valid" if result.valid else "RETRY"}] inspection {result.id} of '
              f'{result.asset} at {result.time}: {result.sentence}')
    return 0


def _define(args, history, reference):
    """Return the asset the arguments define and its Inspector, once it fits its reference."""
    asset = asset_for(args, history)
    if reference is None and (args.asset not in history.asset_names()
                              or not history.references(args.asset)):
        raise SubtleDiffError(f'asset {quote(args.asset)} has no reference yet: give '
                              '--reference')
    inspector = Inspector(history, {asset.name: asset})
    names = ('--region', '--patch')
    if args.plan:
        names = tuple(f'the {part} of {args.asset} in the plan {shown_path(args.plan)}'
                      for part in ('region', 'patch'))
    check_fits(asset, inspector.current_reference(asset.name)[1] if reference is None
               else reference, *names)
    return asset, inspector


def _check_before_creating(args, reference) -> None:
    """
    Refuse, before a new history file is made, what ``_define`` would refuse.

    Checked on an empty history in a folder of its own, which is what the new file would hold.
    A refused first inspection then leaves no file behind, and no file is ever removed: another
    inspection may have made the history since and be writing to it.
    """
    with tempfile.TemporaryDirectory() as folder:
        with History(os.path.join(folder, 'history.db')) as empty:
            asset, _ = _define(args, empty, reference)
    check_inspectable(asset, as_rgb_image(reference, f'the reference of {quote(asset.name)}'))


def _inspect(args, frame, reference, moment):
    """Define the asset from the arguments and inspect the frame; return the result."""
    with History(args.db) as history:
        asset, inspector = _define(args, history, reference)
        return inspector.define_and_inspect(asset, frame, moment, args.commissioning,
                                            reference, args.reference or '', args.recommission,
                                            args.after_clock_correction)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
``subtle-diff report``: an asset's status, its changed axes with their trends, and a sentence.

With ``--json`` it prints ``status`` (ok, warn, error or stale), ``axes`` (the changed axes:
``axis``, ``direction``, ``delta_jnd``, ``slope_jnd_per_week``, ``onset``, and ``toward`` for
hue), ``sentence`` and more (without ``--asset``: one such object per asset, one per line, as
JSON Lines); ``--html PATH`` writes the report page (every asset of the history unless
``--asset`` names one). The history is opened read-only. Exit status 2 with one line for
an unknown asset, a bad time, a missing history or a path that cannot be written.
"""

from . import json_text
from ..core.errors import SubtleDiffError
from ..core.files import shown_path
from ..inspection.history import History
from ..inspection.inspector import Inspector
from ..inspection.report import write_report
from ..inspection.times import now, parse_time


def register(subparsers):
    """Add the ``report`` sub-command."""
    parser = subparsers.add_parser(
        'report', help="an asset's status, trends and sentence; optionally an HTML page",
        description='Report on an asset from its inspection history: status (ok, warn, error, '
                    'stale), the axes that changed with their slope, onset and projected limit '
                    'crossing, and one sentence.')
    parser.add_argument('--db', required=True, help='history database')
    parser.add_argument('--asset', help='asset name (default: every asset, for --html)')
    parser.add_argument('--now', help='the time to judge staleness at, ISO 8601 (default: now)')
    parser.add_argument('--html', help='write the report page here')
    parser.add_argument('--json', action='store_true',
                        help='print the report as JSON (one line per asset without --asset)')
    parser.set_defaults(func=run)


def run(args) -> int:
    """Print the report (and write the page); return 0."""
    if args.html is not None and not args.html.strip():
        raise SubtleDiffError('--html needs the path of the page to write')
    at = parse_time(args.now) if args.now else now()
    with History(args.db, read_only=True) as history:
        inspector = Inspector(history)
        names = [args.asset] if args.asset else history.asset_names()
        if not names:
            raise SubtleDiffError(f'{shown_path(args.db)} holds no asset yet')
        reports = [inspector.report(name, at) for name in names]
        if args.html:
            write_report(inspector, names, args.html, at)
    for report in reports:
        if args.json:
            print(json_text(report, ensure_ascii=False))
        else:
            print(f'{report["asset"]}: {report["status"].upper()}. {report["sentence"]}')
    if args.html and not args.json:
        print(f'wrote {args.html}')
    return 0

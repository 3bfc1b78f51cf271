# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""``subtle-diff export``: the inspection history as CSV or JSON, a row per inspection and axis."""

import sys

from ..core.errors import SubtleDiffError
from ..inspection.export import export_rows, format_rows, write_rows
from ..inspection.history import History


def register(subparsers):
    """Add the ``export`` sub-command."""
    parser = subparsers.add_parser(
        'export', help='export the inspection history as CSV or JSON',
        description='Write every inspection (of one asset, or of all) with its per-axis '
                    'readings, one row per inspection and axis.')
    parser.add_argument('--db', required=True, help='history database')
    parser.add_argument('--asset', help='only this asset')
    parser.add_argument('--format', choices=('csv', 'json'), default='csv')
    parser.add_argument('--out', required=True, help="file to write ('-': standard output)")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Write the rows; return 0."""
    if not args.out.strip():
        raise SubtleDiffError("--out is empty: give the path of the file to write ('-': standard "
                              'output)')
    with History(args.db, read_only=True) as history:
        if args.asset:
            history.settings(args.asset)
        rows = export_rows(history, args.asset)
    if args.out == '-':
        sys.stdout.write(format_rows(rows, args.format))
        print(f'wrote {len(rows)} rows to standard output', file=sys.stderr)
        return 0
    write_rows(rows, args.out, args.format, keep=(args.db,))
    print(f'wrote {len(rows)} rows to {args.out}')
    return 0

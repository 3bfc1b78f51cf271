# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
``subtle-diff parse``: difference sentences on stdin, one JSON object per line on stdout.

Each input line gives one output line, in order: the DifferenceQuery as JSON, or
``{"error": "..."}`` when the line is not understood. Exit status: 0 when every line was
understood, 1 when some were not, 2 when stdin held no lines at all.
"""

import json
import sys

from . import attribute_argument
from ..core.errors import QueryParseError
from ..text import parse_difference


def register(subparsers):
    """Add the ``parse`` sub-command."""
    parser = subparsers.add_parser(
        'parse', help='turn difference sentences or commands (stdin, one per line) into JSON',
        description='Read difference sentences or robot commands from stdin, one per line, and '
                    'print one JSON object per line: attribute, axis, direction, subject, '
                    'object, part, positive_text, negative_text (and hue for hue changes), '
                    'or {"error": ...} for a line that is not understood.')
    parser.add_argument('--attribute', type=attribute_argument, default=None,
                        metavar='{color,shape,texture}',
                        help='the attribute the sentences were written for (decides between '
                             'word senses such as "brighter": colour or gloss)')
    parser.set_defaults(func=run)


def run(args) -> int:
    """Parse every stdin line; return 0, 1 when a line failed, raise when there were none."""
    lines = 0
    failed = 0
    for line in sys.stdin:
        lines += 1
        text = line.rstrip('\r\n')
        try:
            record = parse_difference(text, args.attribute).to_dict()
        except QueryParseError as exc:
            failed += 1
            record = {'error': str(exc)}
        print(json.dumps(record, ensure_ascii=False), flush=True)
    if lines == 0:
        raise QueryParseError('no sentences on stdin: give one sentence per line')
    return 1 if failed else 0

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
``subtle-diff parse``: difference sentences on stdin, one JSON object per line on stdout.

Each input line gives one output line, in order: the DifferenceQuery as JSON, or
``{"error": "..."}`` when the line is not understood. Exit status: 0 when every line was
understood, 1 when some were not, 2 when stdin held no lines at all.
"""

import sys
from typing import Iterator, Tuple

from . import attribute_argument, json_text
from ..core.errors import QueryParseError, SubtleDiffError, UnanswerableQueryError
from ..text import MAX_TEXT_LENGTH, parse_difference


def register(subparsers):
    """Add the ``parse`` sub-command."""
    parser = subparsers.add_parser(
        'parse', help='turn difference sentences or commands (stdin, one per line) into JSON',
        description='Read difference sentences or robot commands from stdin, one per line, and '
                    'print one JSON object per line: attribute, axis, direction, subject, '
                    'object, part, positive_text, negative_text (and hue for hue changes), '
                    'rank and excluded (of a command: the place asked for, 1 the most, and '
                    'the candidates ruled out), or {"error": ...} for a line that is not '
                    'understood.')
    parser.add_argument('--attribute', type=attribute_argument, default=None,
                        metavar='{color,shape,texture}',
                        help='the attribute the sentences were written for (decides between '
                             'word senses such as "brighter": colour or gloss)')
    parser.set_defaults(func=run)


# The longest stdin line read to its end (its length is told); a longer one stops the command.
MAX_LINE_CHARACTERS = 1 << 20


def stdin_lines(stream, limit: int) -> Iterator[Tuple[str, int]]:
    """
    Yield (line without its end, characters it had) for each line of ``stream``.

    A line longer than ``limit`` characters is read in pieces and only its first ``limit + 1``
    characters are kept; one over ``MAX_LINE_CHARACTERS`` is no sentence (``/dev/zero``) and
    raises SubtleDiffError, so memory and time stay bounded.
    """
    number = 0
    while True:
        line = stream.readline(limit + 2)
        if not line:
            return
        number += 1
        length = len(line)
        while not line.endswith('\n') and length > limit:
            more = stream.readline(1 << 16)  # the rest of an overlong line, dropped
            if not more:
                break
            length += len(more)
            if length > MAX_LINE_CHARACTERS:
                raise SubtleDiffError(f'line {number} of stdin has over {MAX_LINE_CHARACTERS} '
                                      'characters: give one sentence per line')
            line = line[:limit + 1] + ('\n' if more.endswith('\n') else '')
        yield line.rstrip('\r\n'), length - (1 if line.endswith('\n') else 0)


def run(args) -> int:
    """Parse every stdin line; return 0, 1 when a line failed, raise when there were none."""
    lines = 0
    failed = 0
    for text, length in stdin_lines(sys.stdin, MAX_TEXT_LENGTH):
        lines += 1
        try:
            if length > MAX_TEXT_LENGTH:
                raise UnanswerableQueryError(f'the text has {length} characters, over the limit '
                                             f'of {MAX_TEXT_LENGTH}')
            record = parse_difference(text, args.attribute).to_dict()
        except QueryParseError as exc:
            failed += 1
            record = {'error': str(exc)}
        print(json_text(record, ensure_ascii=False), flush=True)
    if lines == 0:
        raise QueryParseError('no sentences on stdin: give one sentence per line')
    return 1 if failed else 0

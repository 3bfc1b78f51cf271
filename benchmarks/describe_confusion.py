# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
What the description named for each kind of edit: the confusion table of ``bench-edits``.

Reads the JSON file of ``subtle-diff bench-edits ... --records`` and prints, for every edit at or
above one just-noticeable size, how often the description named which axis and direction
(relative to the edit: 'width-' for a narrower edit named narrower), or said there is no
difference, with the dataset's masks and with automatic ones apart. Writes nothing.

Usage: python benchmarks/describe_confusion.py /tmp/edits_seed1.json [--masks given|automatic]
"""

import argparse
from collections import Counter, defaultdict
import json
import sys


def said(record: dict) -> str:
    """Return what the description said, relative to the edit's own direction of its axis."""
    if record.get('no_difference'):
        return 'no difference'
    if record.get('described_axis') is None:
        return 'error'
    # The pair's direction is image 1 against image 2; the edit's is edited against unedited.
    edit_sign = 1 if record['edited_side'] == 1 else -1
    direction = record['described_direction'] * edit_sign
    return f"{record['described_axis']}{'+' if direction > 0 else '-'}"


def confusion(records, masks=None):
    """Return {edit: Counter(said)} of the edits at or above one JND."""
    table = defaultdict(Counter)
    for record in records:
        if record['kind'] != 'edit' or not record['at_or_above_jnd']:
            continue
        given = 'given' if record.get('masks_given') else 'automatic'
        if masks is not None and given != masks:
            continue
        table[record['edit']][said(record)] += 1
    return table


def main() -> int:
    """Print the confusion table of a bench-edits JSON file with records."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[1])
    parser.add_argument('results', help='JSON file of bench-edits --records')
    parser.add_argument('--masks', choices=('given', 'automatic'),
                        help='only pairs with these masks (default: all)')
    args = parser.parse_args()
    with open(args.results) as f:
        records = json.load(f).get('records')
    if not records:
        print('no records: run bench-edits with --records', file=sys.stderr)
        return 1
    for edit, counts in sorted(confusion(records, args.masks).items()):
        total = sum(counts.values())
        cells = ', '.join(f'{name} {count}' for name, count in counts.most_common())
        print(f'{edit:<15}{total:5d}  {cells}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

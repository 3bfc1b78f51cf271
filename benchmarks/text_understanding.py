# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Benchmark the rule-based text understanding on the Subtle-Diff validation annotations.

Prints, per attribute and with / without the attribute hint: coverage (fraction of sentences
understood) on both annotation files, subject accuracy of every capt_renamed sentence against the
class_renamed answer for the same key, and axis and axis+direction accuracy against the hand
labels in test/data/axis_labels.csv. Writes benchmarks/results/text_understanding.json.

Usage: python benchmarks/text_understanding.py [--data ../shared/data/subtle-diff]
"""

import argparse
import json
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from subtle_diff_ros.evaluation.text_understanding import measure  # noqa: E402

DEFAULT_DATA = os.path.join(REPO, '..', 'shared', 'data', 'subtle-diff')
LABELS = os.path.join(REPO, 'test', 'data', 'axis_labels.csv')
RESULTS = os.path.join(REPO, 'benchmarks', 'results', 'text_understanding.json')
COLUMNS = (('caption_coverage', 'capt cov'), ('question_coverage', 'class cov'),
           ('subject_accuracy', 'subject'), ('axis_accuracy', 'axis'),
           ('axis_direction_accuracy', 'axis+dir'), ('labelled_subject_accuracy', 'lab subj'))


def _table(title, result):
    lines = [title, f'{"attribute":<10}' + ''.join(f'{name:>11}' for _, name in COLUMNS)
             + f'{"n capt":>8}{"n lab":>7}']
    for attribute, row in result.items():
        cells = ''.join(f'{100 * row[key]:>10.2f}%' if row[key] is not None else f'{"-":>11}'
                        for key, _ in COLUMNS)
        lines.append(f'{attribute:<10}{cells}{row["captions"]:>8}{row["labelled"]:>7}')
    return '\n'.join(lines)


def main(argv=None):
    """Run the measurement, print the tables and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--data', default=DEFAULT_DATA, help='Subtle-Diff annotation folder')
    parser.add_argument('--labels', default=LABELS, help='hand-label CSV')
    parser.add_argument('--out', default=RESULTS, help='where to write the JSON results')
    args = parser.parse_args(argv)
    if not os.path.isdir(args.data):
        print(f'no Subtle-Diff annotations at {args.data}', file=sys.stderr)
        return 2
    started = time.perf_counter()
    with_hint = measure(args.data, args.labels, use_hint=True)
    without_hint = measure(args.data, args.labels, use_hint=False)
    seconds = time.perf_counter() - started
    print(_table('with the attribute hint', with_hint))
    print()
    print(_table('without the hint (sentence only)', without_hint))
    sentences = sum(r['captions'] + r['questions'] for r in with_hint.values())
    print(f'\n{2 * sentences} parses in {seconds:.2f} s '
          f'({1e3 * seconds / (2 * sentences):.3f} ms per sentence)')
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, 'w', encoding='utf-8') as f:
        json.dump({'with_attribute_hint': with_hint, 'without_attribute_hint': without_hint,
                   'ms_per_sentence': 1e3 * seconds / (2 * sentences)}, f, indent=2)
    print(f'wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

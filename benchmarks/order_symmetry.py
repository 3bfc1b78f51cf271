# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Whether an answer depends on the order of the images: every pair asked both ways round.

A user who swaps the two images (the live frame first, or the reference first) should get the
mirror answer: the same axis in the other direction, or "no difference" both times, and the
same physical image chosen by a command ("the darker cup"). This runs the edit benchmark's
pairs (``EditPairGenerator``, edits and unedited controls) through ``describe`` and ``select``
in both orders, with automatic masks (what a robot gets), and prints and writes how often the
two answers disagree, by pair kind and attribute, with the disagreeing pairs listed.

Usage: python benchmarks/order_symmetry.py --images ../shared/data/objects --limit 300 \
    --seed 2 --out benchmarks/results/order_symmetry_seed2.json
"""

import argparse
from collections import defaultdict
from dataclasses import replace
import json
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from subtle_diff_ros.backends.base import create_backend  # noqa: E402
from subtle_diff_ros.core.errors import SubtleDiffError  # noqa: E402
from subtle_diff_ros.core.query import ASKED  # noqa: E402
from subtle_diff_ros.evaluation.pairs import EditPairGenerator  # noqa: E402


def said(description) -> str:
    """Return a description's answer as 'axis+' / 'axis-' or 'none'."""
    if description.no_difference:
        return 'none'
    return f"{description.axis}{'+' if description.direction > 0 else '-'}"


def mirrored(answer: str) -> str:
    """Return the answer the swapped order should give."""
    if answer == 'none':
        return answer
    return answer[:-1] + ('-' if answer.endswith('+') else '+')


def check_pair(backend, pair) -> dict:
    """Describe (and, for edits, select) one pair both ways round; return its record."""
    record = {'pair_id': pair.pair_id, 'kind': pair.kind, 'attribute': pair.attribute,
              'nuisances': list(pair.nuisances), 'edit': pair.edit}
    try:
        forward = backend.describe(pair.image_1, pair.image_2, pair.attribute,
                                   object_name=pair.noun)
        backward = backend.describe(pair.image_2, pair.image_1, pair.attribute,
                                    object_name=pair.noun)
    except SubtleDiffError as exc:
        record['error'] = str(exc)
        return record
    record.update(forward=said(forward), backward=said(backward),
                  describe_agrees=said(backward) == mirrored(said(forward)))
    if pair.kind == 'edit':
        query = replace(pair.query(), subject=ASKED)
        try:
            first = backend.select([pair.image_1, pair.image_2], query)
            second = backend.select([pair.image_2, pair.image_1], query)
        except SubtleDiffError as exc:
            record['select_error'] = str(exc)
            return record
        record.update(select_forward=int(first.choice), select_backward=int(second.choice),
                      confidence_forward=round(float(first.confidence), 4),
                      confidence_backward=round(float(second.confidence), 4),
                      select_agrees=first.choice != second.choice)
    return record


def summarize(records) -> dict:
    """Return the disagreement counts by kind and attribute."""
    groups = defaultdict(lambda: {'pairs': 0, 'describe_disagree': 0, 'selections': 0,
                                  'select_disagree': 0, 'errors': 0})
    for record in records:
        for key in ('all', record['kind'], f"{record['kind']}:{record['attribute']}"):
            group = groups[key]
            group['pairs'] += 1
            if 'error' in record:
                group['errors'] += 1
                continue
            group['describe_disagree'] += not record['describe_agrees']
            if 'select_agrees' in record:
                group['selections'] += 1
                group['select_disagree'] += not record['select_agrees']
    return dict(sorted(groups.items()))


def main() -> int:
    """Run the pairs both ways round, print the summary and write the JSON file."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[1])
    parser.add_argument('--images', required=True, help='folder of object photos')
    parser.add_argument('--backend', default='analytic')
    parser.add_argument('--seed', type=int, default=2)
    parser.add_argument('--limit', type=int, default=300, help='pairs (a seeded sample)')
    parser.add_argument('--out', required=True, help='JSON file for the results')
    args = parser.parse_args()
    generator = EditPairGenerator(args.images, seed=args.seed)
    backend = create_backend(args.backend)
    records, started = [], time.perf_counter()
    for spec in generator.specs()[:args.limit]:
        pair = generator.render(spec)
        if pair is not None:
            records.append(check_pair(backend, pair))
    summary = summarize(records)
    for key, group in summary.items():
        print(f"{key:<20} pairs {group['pairs']:4d}  describe disagree "
              f"{group['describe_disagree']:3d}  select disagree {group['select_disagree']:3d} "
              f"of {group['selections']:3d}  errors {group['errors']}")
    for record in records:
        if not record.get('describe_agrees', True) or not record.get('select_agrees', True):
            print('  ', json.dumps(record))
    with open(args.out, 'w') as f:
        json.dump({'backend': args.backend, 'seed': args.seed, 'limit': args.limit,
                   'seconds': round(time.perf_counter() - started, 1), 'summary': summary,
                   'records': records}, f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())

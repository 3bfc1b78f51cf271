# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Benchmark text understanding on text written independently of the parser, and end to end.

1. The phrasing sets (test/data/phrasing/{dev,test}{,2,...,10}.csv, ten independent writers):
   understood, attribute, axis, direction (the effective claim), axis + direction, subject and
   part, per attribute, voice and kind (definitions: subtle_diff_ros/evaluation/phrasing.py).
2. The photo pairs (test/data/photo_pairs/{dev,test}{,2,...,7}.csv on ../shared/data photos,
   seven independent writers, on other pairs and views): the measurement backend selects among
   the two photos with the parsed text; right / wrong / refused / not understood, confidently
   wrong answers and a reliability table (subtle_diff_ros/evaluation/photo_pairs.py).

The test halves are only reported, never used to choose anything. Writes
benchmarks/results/phrasing_<tag>.json.

Usage: python benchmarks/phrasing.py --tag after [--data ../shared/data] [--no-encoder]
"""

import argparse
import json
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from subtle_diff_ros.backends.base import measurement_backend  # noqa: E402
from subtle_diff_ros.evaluation import photo_pairs, phrasing  # noqa: E402
from subtle_diff_ros.evaluation.reliability import format_table  # noqa: E402
from subtle_diff_ros.text import parse_difference  # noqa: E402

PHRASING = os.path.join(REPO, 'test', 'data', 'phrasing')
PHOTO_PAIRS = os.path.join(REPO, 'test', 'data', 'photo_pairs')
DEFAULT_DATA = os.path.join(REPO, '..', 'shared', 'data')
# The halves of every writer; a half that one of the two sets lacks is skipped for it.
HALVES = ('dev', 'test', 'dev2', 'test2', 'dev3', 'test3', 'dev4', 'test4', 'dev5', 'test5',
          'dev6', 'test6', 'dev7', 'test7', 'dev8', 'test8', 'dev9', 'test9', 'dev10', 'test10',
          'dev11', 'test11', 'dev12', 'test12', 'dev13', 'test13', 'dev14', 'test14', 'dev15',
          'test15', 'dev16', 'test16', 'dev17', 'test17', 'dev18', 'test18', 'dev19', 'test19',
          'dev20', 'test20', 'dev21', 'test21', 'dev22', 'test22',
          'dev23', 'test23', 'dev24', 'test24', 'dev25', 'test25', 'dev26', 'test26',
          'dev27', 'test27', 'dev28', 'test28', 'dev29', 'test29', 'dev30', 'test30', 'dev31',
          'test31', 'dev32', 'test32', 'dev33', 'test33', 'dev34', 'test34',
          'dev35', 'test35', 'dev36', 'test36', 'dev37', 'test37', 'dev38', 'test38', 'dev39',
          'test39', 'dev40', 'test40', 'dev41', 'test41', 'dev42', 'test42', 'dev43', 'test43',
          'dev44', 'test44', 'dev45', 'test45', 'dev46', 'test46', 'dev47', 'test47', 'dev48',
          'test48', 'dev49', 'test49', 'dev50', 'test50')
COLUMNS = ('understood', 'attribute', 'axis', 'direction', 'claim', 'subject', 'part')


def _pct(value):
    return f'{100 * value:.1f}' if value is not None else '-'


def phrasing_table(title, summary, group):
    """Return the rates of one grouping (overall, by_attribute, ...) as text."""
    lines = [title, f'{"":<18}{"n":>5}' + ''.join(f'{c:>11}' for c in COLUMNS)]
    rows = {'all': summary['overall']} if group == 'overall' else summary[group]
    for name, row in rows.items():
        lines.append(f'{name:<18}{row["n"]:>5}'
                     + ''.join(f'{_pct(row[c]):>11}' for c in COLUMNS))
    return '\n'.join(lines)


def photo_table(title, summary):
    """Return the photo-pair outcomes as text."""
    head = (f'{"":<20}{"n":>5}{"right":>8}{"wrong":>7}{"refused":>9}{"not und.":>10}'
            f'{"right %":>9}{"acc %":>7}{"wrong>0.9":>10}')
    lines = [title, head]

    def line(name, r):
        return (f'{name:<20}{r["n"]:>5}{r["right"]:>8}{r["wrong"]:>7}{r["refused"]:>9}'
                f'{r["not_understood"]:>10}{_pct(r["right_rate"]):>9}{_pct(r["accuracy"]):>7}'
                f'{r["confident_wrong"]:>10}')
    for name in ('all', 'measurable', 'unmeasurable'):
        lines.append(line(name, summary[name]))
    for name, row in summary['measurable_by_attribute'].items():
        lines.append(line(f'  {name}', row))
    return '\n'.join(lines)


def _compact(records):
    """Return per item the id, what the parser read (or its error) and the measures it missed."""
    compact = []
    for r in records:
        q = r.get('query')
        read = (f'{q["axis"]} {q["direction"]:+d} subject {q["subject"]} hue {q["hue"]} '
                f'part {q["part"]}' if q else f'error: {r["error"]}')
        compact.append({'id': r['id'], 'read': read,
                        'missed': [m for m, ok in r['scores'].items() if not ok]})
    return compact


def main(argv=None):
    """Run both benchmarks on both halves; print the tables and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--tag', default='after', help='name of this run (before, after, ...)')
    parser.add_argument('--data', default=DEFAULT_DATA, help='the shared data folder')
    parser.add_argument('--out', default=None, help='JSON path (default: results/phrasing_TAG)')
    parser.add_argument('--halves', default=','.join(HALVES),
                        help='which halves to run, comma-separated (tune on the dev halves only)')
    parser.add_argument('--no-encoder', action='store_true',
                        help='rule path only: switch the phrase-encoder fallback off')
    args = parser.parse_args(argv)

    def parse(text):
        if args.no_encoder:
            return parse_difference(text, fallback=False)
        return parse_difference(text)
    result = {'tag': args.tag, 'encoder_fallback': not args.no_encoder}
    halves = [h for h in args.halves.split(',') if h in HALVES]
    for half in [h for h in halves if os.path.exists(os.path.join(PHRASING, f'{h}.csv'))]:
        items = phrasing.load_items(os.path.join(PHRASING, f'{half}.csv'))
        started = time.perf_counter()
        records = phrasing.run_parser(items, parse)
        seconds = time.perf_counter() - started
        summary = phrasing.summarize(records)
        result[f'phrasing_{half}'] = {'summary': summary, 'records': _compact(records),
                                      'seconds': seconds}
        print(phrasing_table(f'== phrasing, {half} half ({args.tag})', summary, 'overall'))
        for group in ('by_attribute', 'by_voice', 'by_kind'):
            print(phrasing_table('', summary, group))
        print()
    backend = measurement_backend()
    for half in [h for h in halves if os.path.exists(os.path.join(PHOTO_PAIRS, f'{h}.csv'))]:
        items = phrasing.load_items(os.path.join(PHOTO_PAIRS, f'{half}.csv'))
        if not os.path.isdir(os.path.join(args.data, 'objects')):
            print(f'no photos under {args.data}/objects: photo pairs skipped', file=sys.stderr)
            break
        records = photo_pairs.evaluate(items, backend, parse, args.data)
        summary = photo_pairs.summarize(records)
        result[f'photo_pairs_{half}'] = {'summary': summary, 'records': records}
        print(photo_table(f'== photo pairs, {half} half, measurement backend ({args.tag})',
                          summary))
        print(format_table(summary['reliability'], 'reliability of the answered items'))
        print()
    out = args.out or os.path.join(REPO, 'benchmarks', 'results', f'phrasing_{args.tag}.json')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    print(f'wrote {out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

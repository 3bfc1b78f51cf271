# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
``subtle-diff bench-aging``: weekly inspection sequences of real photos, stable or aging.

Prints the false-alarm rate on stable sequences, the detection delay after the aging passes 1
and 2 JNDs, the share of aging sequences reported with the right axis and direction by 3 JNDs,
and a sweep of the trend parameters; writes everything to ``--out`` (JSON).
"""

from concurrent.futures import ProcessPoolExecutor
import os
import platform
import time

from tqdm import tqdm

from . import check_out, photo_inputs, write_json
from ..core.errors import SubtleDiffError


def register(subparsers):
    """Add the ``bench-aging`` sub-command."""
    parser = subparsers.add_parser(
        'bench-aging', help='benchmark inspections over simulated weeks of aging',
        description='Build weekly inspection sequences from object photos (stable ones under '
                    "a camera's nuisances, and ones that slowly darken, yellow, lose gloss, "
                    'roughen or deform) and score the inspections.')
    parser.add_argument('--images', required=True, help='folder of object photos (recursive)')
    parser.add_argument('--out', required=True, help='JSON file for the figures')
    parser.add_argument('--seed', type=int, default=0, help='random seed (default 0)')
    parser.add_argument('--objects', type=int, help='use N objects (a seeded sample)')
    parser.add_argument('--workers', type=int, default=1, help='processes (default 1)')
    parser.add_argument('--commissioning', type=int, default=None, metavar='N',
                        help='valid commissioning captures of each sequence (default 3, the '
                             'least an asset takes)')
    parser.add_argument('--kinds', metavar='KIND[,KIND...]',
                        help='run only these kinds of sequence: stable, light_only, or an '
                             'aging (darkens, yellows, ...; default: all)')
    parser.add_argument('--records', action='store_true',
                        help='also write every inspection record into the JSON file')
    parser.add_argument('--quiet', action='store_true', help='no progress bar')
    parser.set_defaults(func=run)


def _chunk(specs):
    from ..evaluation.bench_aging import run_specs
    return run_specs(specs)


def run(args) -> int:
    """Run the benchmark, print the figures and write the JSON file."""
    from ..evaluation import aging_scores
    from ..evaluation.bench_aging import COMMISSIONING, sequence_specs
    from ..evaluation.photos import find_photos
    from ..inspection.plan import MAX_COMMISSIONING, MIN_COMMISSIONING
    from ..stimuli.aging import AGING

    if args.objects is not None and args.objects <= 0:
        raise SubtleDiffError('--objects must be positive')
    if args.workers <= 0:
        raise SubtleDiffError('--workers must be positive')
    commissioning = COMMISSIONING if args.commissioning is None else args.commissioning
    if not MIN_COMMISSIONING <= commissioning <= MAX_COMMISSIONING:
        raise SubtleDiffError(f'--commissioning must be from {MIN_COMMISSIONING} to '
                              f'{MAX_COMMISSIONING}')
    specs = sequence_specs(args.images, args.seed, args.objects, commissioning)
    if args.kinds is not None:
        known = aging_scores.UNCHANGED + tuple(AGING)
        kinds = [k.strip() for k in args.kinds.split(',') if k.strip()]
        unknown = [k for k in kinds if k not in known]
        if unknown or not kinds:
            raise SubtleDiffError(f'--kinds {args.kinds!r}: expected kinds from '
                                  f'{", ".join(known)}')
        specs = [s for s in specs if s.schedule.kind in kinds]
    check_out(args.out, photo_inputs(find_photos(args.images)), make_parents=True)
    started = time.perf_counter()
    chunks = [specs[i::args.workers * 4] for i in range(args.workers * 4)]
    records, skipped = [], []
    with ProcessPoolExecutor(args.workers) as pool, \
            tqdm(total=len(chunks), disable=args.quiet, desc='bench-aging', unit='chunk') as bar:
        for found, missed in pool.map(_chunk, [c for c in chunks if c]):
            records.extend(found)
            skipped.extend(missed)
            bar.update(1)
    summary = aging_scores.summarize(records)
    report = {'images': os.path.abspath(args.images), 'seed': args.seed,
              'objects': args.objects, 'commissioning': commissioning, 'kinds': args.kinds,
              'sequences': len(specs), 'skipped_sequences': skipped,
              'seconds': round(time.perf_counter() - started, 1), 'workers': args.workers,
              'machine': f'{platform.machine()}, {os.cpu_count()} cores, Python '
                         f'{platform.python_version()}',
              'summary': summary, 'sweep': aging_scores.sweep(records)}
    if args.records:
        report['records'] = records
    write_json(args.out, report, make_parents=True)
    print(aging_scores.summary_table(summary))
    print('sweep (lasting count, noise multiple, least noise floor): false alarms, right by '
          '3 JND, median delay after 1 JND, light-only sequences flagged')
    for row in report['sweep']:
        print(f"  {row['lasting_count']} x{row['noise_multiple']:g} >={row['min_noise_jnd']:g}: "
              f"{_pct(row['false_alarm_rate_stable'])}, {_pct(row['right_by_3_jnd'])}, "
              f"{row['delay_after_1_jnd_median']}, {row['light_only_flagged']}")
    print(f'{len(specs)} sequences, {len(skipped)} skipped (edit unreachable on the photo); '
          f'{report["seconds"]} s; wrote {args.out}')
    return 0


def _pct(value):
    return '-' if value is None else f'{100 * value:.1f} %'

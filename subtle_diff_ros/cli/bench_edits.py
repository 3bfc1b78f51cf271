# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""``subtle-diff bench-edits``: score a backend on edited photos of real objects."""

import os

from . import check_out, photo_inputs, write_json
from ..backends.base import create_backend
from ..core.errors import SubtleDiffError


def register(subparsers):
    """Add the ``bench-edits`` sub-command."""
    parser = subparsers.add_parser(
        'bench-edits', help='benchmark a backend on photos with edits of known direction',
        description='Edit object photos (colour, shape, texture; several magnitudes around the '
                    'just-noticeable difference) and report selection accuracy, "no difference" '
                    'rates and BLEU-4/CIDEr of the descriptions.')
    parser.add_argument('--images', required=True, help='folder of object photos (recursive)')
    parser.add_argument('--masks', help='folder of object masks (<stem>-map.png or <stem>.png)')
    parser.add_argument('--backend', default='analytic', help='backend name (default analytic)')
    parser.add_argument('--limit', type=int, help='evaluate at most N pairs (a seeded sample)')
    parser.add_argument('--seed', type=int, default=0, help='random seed (default 0)')
    parser.add_argument('--no-masks', action='store_true',
                        help='do not pass mask files to the backend (it finds the objects)')
    parser.add_argument('--out', required=True, help='JSON file for the metrics (summary tables)')
    parser.add_argument('--records', action='store_true',
                        help="also write every pair's record (large) into the JSON file")
    parser.add_argument('--quiet', action='store_true', help='no progress bar')
    parser.set_defaults(func=run)


def run(args) -> int:
    """Run the benchmark, print the summary table and write the JSON file."""
    from ..evaluation import bench_edits
    from ..evaluation.pairs import EditPairGenerator

    if args.limit is not None and args.limit <= 0:
        raise SubtleDiffError('--limit must be a positive number of pairs')
    generator = EditPairGenerator(args.images, masks_dir=args.masks, seed=args.seed)
    check_out(args.out, photo_inputs(generator.photos), make_parents=True)
    specs = generator.specs()
    if args.limit is not None:
        specs = specs[:args.limit]
    backend = create_backend(args.backend)
    parse = bench_edits.default_parser()
    records, skipped = bench_edits.run(
        backend, (generator.render(spec) for spec in specs), total=len(specs), parse=parse,
        use_masks=not args.no_masks, progress=not args.quiet)
    summary = bench_edits.summarize(records)
    summary['pairs']['skipped_unreachable_edits'] = generator.skipped['unreachable']
    summary['pairs']['skipped_partial_mask_edits'] = generator.skipped['partial mask']
    report = {'backend': getattr(backend, 'name', args.backend),
              'images': os.path.abspath(args.images), 'masks': args.masks, 'seed': args.seed,
              'limit': args.limit, 'query_parser': 'text.parse_difference' if parse
              else 'generator (DifferenceQuery built directly)',
              'summary': summary}
    if args.records:
        report['records'] = records
    write_json(args.out, report, make_parents=True)
    print(bench_edits.summary_table(summary))
    print(f'{len(records)} pairs evaluated, {skipped} edits skipped '
          f"({generator.skipped['unreachable']} unreachable on their photo, "
          f"{generator.skipped['partial mask']} shape edits on automatic masks that miss part "
          f'of the object); wrote {args.out}')
    return 0

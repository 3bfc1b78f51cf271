# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The ``subtle-diff eval`` sub-command: Task 1 and Task 2 on the Subtle-Diff challenge files.

The module is named ``evaluate`` because ``eval`` is a Python builtin; the sub-command is
``eval``.
"""

import os

from . import (add_dtype_argument, add_inference_url_argument, backend_from_args, check_method,
               check_out, write_json)
from ..backends.image_text.scoring import METHODS
from ..core.errors import SubtleDiffError
from ..evaluation.subtle_diff_eval import (evaluate_subtle_diff, format_tables,
                                           IMAGE_EXTENSIONS, TASKS)


def register(subparsers):
    """Add the ``eval`` sub-parser."""
    parser = subparsers.add_parser(
        'eval', help='score a backend on the Subtle-Diff challenge files (Tasks 1 and 2)',
        description='Task 1 accuracy (per question) and Task 2 BLEU-4 / CIDEr on the '
                    'Subtle-Diff annotation files and a folder of <id>_before / <id>_after '
                    'images.')
    parser.add_argument('--captions', metavar='FILE',
                        help='capt_renamed_*_annotations.json (needed for task 2)')
    parser.add_argument('--questions', metavar='FILE',
                        help='class_renamed_*_annotations.json (needed for task 1)')
    parser.add_argument('--images', metavar='DIR', required=True,
                        help='folder with the <id>_before.<ext> and <id>_after.<ext> images')
    parser.add_argument('--backend', default='auto', help='backend name (default: auto)')
    add_inference_url_argument(parser)
    parser.add_argument('--model', metavar='ID_OR_DIR', help='model hub id or local directory')
    parser.add_argument('--device', default='auto', help='torch device (default: auto)')
    add_dtype_argument(parser)
    parser.add_argument('--offline', action='store_true', help='load local model files only')
    parser.add_argument('--method', choices=METHODS,
                        help="selection method (default: the backend's)")
    parser.add_argument('--task', choices=TASKS, default='both', help='task(s) to run')
    parser.add_argument('--limit', type=int, metavar='N', help='evaluate the first N pairs')
    parser.add_argument('--seed', type=int, default=0, help='seed of the candidate order')
    parser.add_argument('--skip-missing', action='store_true',
                        help='skip (and count) pairs whose images are missing')
    parser.add_argument('--no-progress', action='store_true', help='hide the progress bar')
    parser.add_argument('--out', metavar='FILE.json', required=True,
                        help='where to write the JSON report')
    parser.set_defaults(func=run)


def _inputs(args):
    """Yield (what, path) of the files an evaluation reads."""
    yield 'the --questions file', args.questions
    yield 'the --captions file', args.captions
    for folder, _, names in os.walk(args.images):
        for name in names:
            if os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS:
                yield 'an image under --images', os.path.join(folder, name)


def run(args) -> int:
    """Evaluate, print Table V / VI style tables and write the JSON report."""
    for flag, path in (('--captions', args.captions), ('--questions', args.questions)):
        if path is not None and not os.path.isfile(path):
            raise SubtleDiffError(f'{flag}: no such file {path}')
    if not os.path.isdir(args.images):
        raise SubtleDiffError(f'--images: no such folder {args.images}')
    check_out(args.out, _inputs(args))
    backend = backend_from_args(args)
    check_method(backend, args.method)
    report = evaluate_subtle_diff(
        backend, args.images, questions_path=args.questions, captions_path=args.captions,
        task=args.task, method=args.method, limit=args.limit, skip_missing=args.skip_missing,
        seed=args.seed, progress=not args.no_progress)
    report['model'] = args.model
    write_json(args.out, report, keep=(args.questions, args.captions))
    print(format_tables(report))
    print(f'wrote {args.out}')
    return 0

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
``subtle-diff select``: which of two or more images a difference sentence or command means.

With ``--json`` it prints one JSON object: choice (0-based index, in the order the images were
given, of the image the text calls Image 1, or of the one a command asks for), scores (one per
image), margin, confidence, method, backend and query (the parse of the text). A text the
parser cannot read is an error, except with a backend that scores raw text (the image-text
backends): then ``query.parsed`` is false and the text itself is scored (P_S). Exit status 0,
or 2 for bad input (fewer than two images, an unreadable image, empty text, text the backend
cannot use, an unknown backend or missing model weights).
"""

from . import (add_dtype_argument, add_inference_url_argument, attribute_argument,
               backend_from_args, check_method, json_text)
from ..backends.base import BACKEND_NAMES
from ..backends.image_text.scoring import METHODS
from ..core.decide import require_candidates
from ..core.errors import QueryParseError, UnanswerableQueryError
from ..core.query import ASKED
from ..vision.image_io import check_image, load_image


def register(subparsers):
    """Add the ``select`` sub-command."""
    parser = subparsers.add_parser(
        'select', help='pick the image a difference sentence or command refers to',
        description='Given two or more images and a sentence about "Image 1" ("The cup in '
                    'Image 1 is darker than in Image 2.") or a command ("pick the rounder '
                    'cup"), print which image is meant, with per-image scores and a '
                    'calibrated confidence.')
    parser.add_argument('--image', action='append', required=True, metavar='PATH',
                        help='a candidate image; give it two or more times')
    parser.add_argument('--text', required=True, help='the difference sentence or command')
    parser.add_argument('--attribute', type=attribute_argument, default=None,
                        metavar='{color,shape,texture}',
                        help='the attribute the text is about, when known')
    parser.add_argument('--backend', default='auto', choices=BACKEND_NAMES,
                        help='backend (default: auto, CLIP when its weights load)')
    parser.add_argument('--model', default=None, metavar='ID_OR_DIR',
                        help='checkpoint: a hub id or a directory saved with save_pretrained')
    parser.add_argument('--method', default=None, choices=METHODS,
                        help="scoring: 's' (P_S), 'sd' (P_SD) or 'ensemble' (default: the "
                             "backend's)")
    parser.add_argument('--offline', action='store_true',
                        help='load model files from local files and the local cache only')
    parser.add_argument('--device', default='auto', choices=('auto', 'cpu', 'cuda'),
                        help='device for model backends (default: auto)')
    add_dtype_argument(parser)
    add_inference_url_argument(parser)
    parser.add_argument('--json', action='store_true', help='print the result as JSON')
    parser.set_defaults(func=run)


def run(args) -> int:
    """Select the image the text means and print the result; return 0."""
    if not args.text or not args.text.strip():
        raise QueryParseError('the text is empty: give a difference sentence or a command')
    require_candidates(len(args.image))
    images = [check_image(load_image(path), path) for path in args.image]
    from ..text import parse_difference, raw_text_query
    try:
        query, not_understood = parse_difference(args.text, args.attribute), None
    except UnanswerableQueryError:
        raise
    except QueryParseError as exc:
        query, not_understood = None, exc
    backend = backend_from_args(args)
    check_method(backend, args.method)
    if query is None:
        if not getattr(backend, 'reads_raw_text', False):
            raise not_understood
        query = raw_text_query(args.text)
    result = backend.select(images, query, method=args.method)
    if args.json:
        print(json_text(result.to_dict(), ensure_ascii=False))
        return 0
    who = 'The requested image' if query.subject == ASKED else 'Image 1'
    scores = ', '.join(f'{score:.4f}' for score in result.scores)
    raw = '' if query.parsed else '; the text was not parsed: scored as given'
    if query.other_axes:
        raw += f'; chosen by {query.axis} only, not by {", ".join(query.other_axes)}'
    tie = ' (a tie: no image fits better, the first of them is named)' \
        if result.margin == 0 else ''
    # --image options are counted from 1, as texts count images
    print(f'{who} is --image {result.choice + 1} of {len(args.image)} '
          f'({args.image[result.choice]}){tie}; scores {scores}; margin {result.margin:.4f}; '
          f'confidence {result.confidence:.2f} [{result.backend}, {result.method}{raw}]')
    return 0

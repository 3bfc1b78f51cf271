# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
``subtle-diff describe``: one comparative sentence about how image 1 differs from image 2.

With ``--json`` it prints the DifferenceDescription as JSON: sentence, no_difference, the axis
and direction chosen, every measured axis, the changed regions and ``light_gains`` (two frames
of one scene under another light: image 2's light over image 1's, undone before comparing;
null otherwise; without ``--json`` a note on stderr says so). Exit status 0, or 2 for bad
input (unreadable image or mask, a mask of another size than its image or with no object
pixel, unknown backend).
"""

import sys

from . import (add_dtype_argument, add_inference_url_argument, attribute_argument,
               backend_from_args, json_text)
from ..backends.base import BACKEND_NAMES
from ..core.errors import InvalidImageError
from ..core.wording import check_object_name
from ..vision.image_io import check_image, load_image, load_mask

DEFAULT_BACKEND = 'analytic'


def register(subparsers):
    """Add the ``describe`` sub-command."""
    parser = subparsers.add_parser(
        'describe', help='say how the object in image 1 differs from image 2 in one attribute',
        description='Compare the object in two images in one attribute (color, shape or '
                    'texture) and print one comparative sentence ("The cup in Image 1 is '
                    'darker than in Image 2."), or an explicit no-difference sentence when '
                    'nothing passes its just-noticeable threshold.')
    parser.add_argument('--image-1', required=True, help='path of image 1')
    parser.add_argument('--image-2', required=True, help='path of image 2')
    parser.add_argument('--attribute', required=True, type=attribute_argument,
                        metavar='{color,shape,texture}',
                        help='the attribute to compare')
    parser.add_argument('--object', default=None, help='object name used in the sentence')
    parser.add_argument('--mask-1', default=None,
                        help='object mask of image 1 (any non-zero pixel is object)')
    parser.add_argument('--mask-2', default=None,
                        help='object mask of image 2 (any non-zero pixel is object)')
    parser.add_argument('--backend', default=DEFAULT_BACKEND, choices=BACKEND_NAMES,
                        help=f'backend (default: {DEFAULT_BACKEND}, which needs no weights)')
    parser.add_argument('--model', default=None,
                        help='checkpoint (hub id or directory) for model backends')
    parser.add_argument('--device', default='auto', help='device for model backends')
    add_dtype_argument(parser)
    add_inference_url_argument(parser)
    parser.add_argument('--offline', action='store_true',
                        help='load model files from the local cache only')
    parser.add_argument('--json', action='store_true',
                        help='print the full description as JSON')
    parser.set_defaults(func=run)


def _mask(path: str, image, image_path: str):
    """Return the mask at ``path``, or raise InvalidImageError when its size is not the image's."""
    mask = load_mask(path)
    if mask.shape != image.shape[:2]:
        raise InvalidImageError(
            f'the mask {path} is {mask.shape[1]}x{mask.shape[0]} pixels but its image '
            f'{image_path} is {image.shape[1]}x{image.shape[0]}: a mask must have the size of '
            'its image')
    return mask


def run(args) -> int:
    """Describe the pair and print the sentence (or JSON); return 0."""
    image_1 = check_image(load_image(args.image_1), args.image_1)
    image_2 = check_image(load_image(args.image_2), args.image_2)
    masks = None
    if args.mask_1 or args.mask_2:
        masks = [_mask(args.mask_1, image_1, args.image_1) if args.mask_1 else None,
                 _mask(args.mask_2, image_2, args.image_2) if args.mask_2 else None]
    backend = backend_from_args(args)
    description = backend.describe(image_1, image_2, args.attribute,
                                   object_name=check_object_name(args.object), masks=masks)
    if args.json:
        print(json_text(description.to_dict(), ensure_ascii=False))
    else:
        print(description.sentence)
        if description.light_gains is not None:
            print('note: image 2 is lit {} image 1 (R, G, B); the light was undone before '
                  'comparing'.format(', '.join(f'{g:.2f}x' for g in description.light_gains)),
                  file=sys.stderr)
    return 0

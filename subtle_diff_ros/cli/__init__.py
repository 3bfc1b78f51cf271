# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The ``subtle-diff`` command: one sub-command per module in this package."""

import argparse
import importlib
import sys

from ..core.axes import ATTRIBUTES
from ..core.errors import SubtleDiffError

# Sub-command modules; each defines ``register(subparsers)`` that adds its sub-command and sets
# ``func(args) -> int``.
COMMAND_MODULES = ('parse', 'select_images', 'describe', 'evaluate', 'bench_edits', 'serve',
                   'inspect_asset', 'report', 'export', 'bench_aging')


def attribute_argument(text: str) -> str:
    """Return the attribute an --attribute value names: any case, "colour" for "color"."""
    name = text.strip().lower().replace('colour', 'color')
    if name not in ATTRIBUTES:
        raise argparse.ArgumentTypeError(f'{text!r} is not an attribute: use '
                                         f'{", ".join(ATTRIBUTES)}')
    return name


# The --dtype choices of the commands that load an image-text encoder.
DTYPES = ('float32', 'bfloat16', 'float16')


def add_dtype_argument(parser) -> None:
    """Add --dtype: the image-text encoder's precision (default float16 on a GPU, else float32)."""
    parser.add_argument('--dtype', default=None, choices=DTYPES,
                        help='precision of image-text encoders (default: float16 on a GPU, '
                             'float32 on the CPU; bfloat16 is about twice as fast on CPUs with '
                             'native bfloat16, AVX512-BF16 or AMX)')


def build_parser():
    """Return the argument parser with every available sub-command."""
    parser = argparse.ArgumentParser(
        prog='subtle-diff',
        description='See and say subtle differences between visually similar objects.')
    subparsers = parser.add_subparsers(dest='command', required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f'{__name__}.{name}').register(subparsers)
    return parser


def main(argv=None):
    """Run the command; bad input exits with status 2 and a one-line message."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SubtleDiffError as exc:
        print(f'subtle-diff {args.command}: error: {exc}', file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == '__main__':
    sys.exit(main())

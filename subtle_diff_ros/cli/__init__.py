# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The ``subtle-diff`` command: one sub-command per module in this package."""

import argparse
import importlib
import json
import logging
import math
import os
import stat
import sys
import tempfile

from ..backends.base import load_backend, MEASUREMENT_BACKEND, REMOTE_BACKEND
from ..core.axes import ATTRIBUTES
from ..core.errors import SubtleDiffError
from ..core.files import output_status, OutputError, same_file, write_file

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


def add_inference_url_argument(parser) -> None:
    """Add --inference-url: the Triton server of --backend triton (the node's inference_url)."""
    parser.add_argument('--inference-url', default='', metavar='grpc://HOST:PORT',
                        help='the inference server of --backend triton, started with '
                             '`subtle-diff serve`')


def backend_from_args(args):
    """
    Return the backend that --backend, --model, --device, --offline, --dtype name.

    ``--inference-url`` goes to backend triton, which needs it; with any other backend it is
    refused, as the node refuses its ``inference_url`` parameter.
    """
    url = getattr(args, 'inference_url', '')
    if args.backend != REMOTE_BACKEND:
        if url:
            raise SubtleDiffError(f'--inference-url is set but --backend is {args.backend!r}: '
                                  f'use --backend {REMOTE_BACKEND} to send work to the server')
    elif not url:
        raise SubtleDiffError(f'--backend {REMOTE_BACKEND} needs --inference-url '
                              'grpc://HOST:PORT, a server started with `subtle-diff serve`')
    remote = {'inference_url': url} if url else {}
    backend, warning = load_backend(args.backend, args.model, args.device, args.offline,
                                    args.dtype, **remote)
    if warning:
        logging.getLogger('subtle_diff_ros').warning(warning)
    return backend


# Backends with one way of selecting: the CLI's --method does not apply to them.
METHODLESS_BACKENDS = (MEASUREMENT_BACKEND, 'vlm')


def check_method(backend, method) -> None:
    """Raise SubtleDiffError when --method is given to a backend that has no methods."""
    name = getattr(backend, 'name', '')
    if method is not None and name in METHODLESS_BACKENDS:
        raise SubtleDiffError(f'--method {method} applies to the image-text backends; the {name} '
                              'backend has one way of selecting: leave --method out')


def check_out(path: str, inputs=(), make_parents: bool = False) -> None:
    """
    Refuse an output path before the run; raise OutputError when it cannot be written.

    Refused: one of ``inputs``, (what, path) pairs of the files the run reads (compared by
    identity, ``same_file``: also through a link or a bind mount; only looked at when ``path``
    exists), a folder, a path whose folder does not exist
    (with ``make_parents``: whose nearest existing folder is not one) and a folder where no
    file can be made. A FIFO or a device is accepted: ``write_file`` writes it directly.
    """
    if os.path.exists(path):
        for what, kept in inputs:
            if kept and os.path.exists(kept) and same_file(path, kept):
                named = '' if os.path.abspath(kept) == os.path.abspath(path) else f' {kept}'
                raise OutputError(f'cannot write {path}: it is {what}{named}, which this run '
                                  'reads; give another file name')
    info = output_status(path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        return
    folder = os.path.dirname(os.path.realpath(path))
    existing = folder
    while make_parents and not os.path.lexists(existing):
        existing = os.path.dirname(existing)
    if path.endswith(os.sep) or not os.path.isdir(existing):
        raise OutputError(f'cannot write {path}: no folder {folder}')
    try:
        handle, probe = tempfile.mkstemp(prefix='.subtle-diff-probe.', dir=existing)
    except OSError as exc:
        raise OutputError(f'cannot write {path}: {exc.strerror} ({existing})')
    os.close(handle)
    os.unlink(probe)


def photo_inputs(photos):
    """Yield (what, path) of object photos (``evaluation.photos.Photo``) and their mask files."""
    for photo in photos:
        yield 'a photo under --images', photo.path
        yield 'the mask of a photo', photo.mask_path


def json_safe(value):
    """Return ``value`` with every NaN or infinite float (not JSON) replaced by None (null)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    return value


def json_text(value, **options) -> str:
    """
    Return ``json.dumps(value, **options)`` that is valid JSON: NaN and infinities are null.

    Python writes them as the bare tokens NaN and Infinity, which strict readers (jq, JSON.parse)
    refuse; every --json output and JSON file of the commands goes through here.
    """
    return json.dumps(json_safe(value), allow_nan=False, **options)


def write_json(path: str, value, keep=(), make_parents: bool = False) -> None:
    """Write ``value`` to ``path`` as indented JSON with ``write_file``, never over ``keep``."""
    text = json_text(value, indent=1) + '\n'
    write_file(path, text.encode('utf-8'), make_parents=make_parents,
               keep=[kept for kept in keep if kept])


def build_parser():
    """Return the argument parser with every available sub-command."""
    parser = argparse.ArgumentParser(
        prog='subtle-diff',
        description='See and say subtle differences between visually similar objects.')
    subparsers = parser.add_subparsers(dest='command', required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f'{__name__}.{name}').register(subparsers)
    return parser


class StandardOutputError(OutputError):
    """Standard output cannot be written (closed, or a full disk): exit status 74."""


# Exit status when standard output cannot be written (sysexits' EX_IOERR): not 2, which says
# that bad input was refused and nothing was recorded.
OUTPUT_FAILED = 74


class _StandardOutput:
    """Standard output whose write errors (a full disk, /dev/full) are ``StandardOutputError``."""

    def __init__(self, stream):
        """Wrap ``stream``."""
        self.stream = stream

    def _guarded(self, call, *values):
        try:
            return call(*values)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StandardOutputError(f'cannot write standard output: {exc.strerror or exc}')

    def write(self, text):
        """Write ``text``."""
        return self._guarded(self.stream.write, text)

    def flush(self):
        """Flush the stream."""
        return self._guarded(self.stream.flush)

    def __getattr__(self, name):
        """Pass everything else to the stream."""
        return getattr(self.stream, name)


def _discard_output(stream) -> None:
    """Send what standard output still buffers nowhere: it would fail again at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a file (a test's capture): nothing is flushed to it at exit


def main(argv=None):
    """
    Run the command; bad input exits with status 2 and a one-line message.

    Output into a pipe that closes early (``| head``) ends the command quietly, with status 141
    as if killed by SIGPIPE. Standard output that cannot be written (closed, or a full disk)
    exits with status ``OUTPUT_FAILED`` and a one-line message; a closed one before anything
    is done.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if sys.stdout is None:
        print(f'subtle-diff {args.command}: error: standard output is closed', file=sys.stderr)
        return OUTPUT_FAILED
    stream, sys.stdout = sys.stdout, _StandardOutput(sys.stdout)
    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except StandardOutputError as exc:
        _discard_output(stream)
        print(f'subtle-diff {args.command}: error: {exc}', file=sys.stderr)
        return OUTPUT_FAILED
    except SubtleDiffError as exc:
        print(f'subtle-diff {args.command}: error: {exc}', file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _discard_output(stream)
        return 141
    finally:
        sys.stdout = stream


if __name__ == '__main__':
    sys.exit(main())

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Reading input files within bounds, and writing output files without leaving half a file behind.

``read_regular_file`` reads only regular files, up to a size: a FIFO with no writer, a device
such as /dev/zero or a sparse file of gigabytes would otherwise block the reader or fill memory.

A regular file (or a new one) is written to a temporary file beside it and moved into place, so a
reader sees the old or the new content, never a part; a symbolic link is followed (its target is
replaced, the link kept). A FIFO, a device or any other file that is not regular is written
directly: ``--out >(gzip > x.gz)`` works, and a device is never replaced by a file. A path that
names one of the process's open descriptors (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``,
``/proc/self/fd/N``) is written through that descriptor, at its offset (at the end where it
appends), whatever it is open on: the file a shell's ``> f`` or ``>> log.txt`` opened keeps what
the shell and others wrote before and after, and is never replaced. A FIFO that no process opens
for reading within ``FIFO_READER_WAIT_S`` is an error, not a wait without end. A folder, or a path
whose folder does not exist, is refused with a one-line error, and so is a path that names one of
the files the output must not replace (the database it was read from, with its ``-wal``, ``-shm``
and ``-journal`` files), however it is spelled: files are compared by identity (device and inode,
``same_file``), so a bind mount or a second mount of the folder, a link, or another case of the
name on a case-insensitive file system is refused too. An empty path, or one with a NUL character
(which no file name holds), is refused too.
"""

import contextlib
import errno
import os
import re
import select
import stat
import sys
import tempfile
import time

from .errors import quote, SubtleDiffError


class OutputError(SubtleDiffError):
    """An output path that cannot be written."""


# The longest path a message shows whole: a longer one is cut (``quote``).
PATH_SHOWN_LIMIT = 255


def shown_path(path) -> str:
    """Return a path for a one-line message: as it is, or quoted and cut if long or unprintable."""
    text = os.fsdecode(path)
    return text if len(text) <= PATH_SHOWN_LIMIT and text.isprintable() else quote(text)


def _check_path(path, error, what: str) -> None:
    """Raise ``error`` for an empty path or one with a NUL character, naming ``what`` it is."""
    text = os.fsdecode(path)
    if not text:
        raise error(f'the path of the {what} is empty: give a file name')
    if '\0' in text:
        raise error(f'the {what} {shown_path(text)} holds a NUL character, which no file name '
                    'holds')


def _size_text(size: int) -> str:
    for unit, scale in (('GiB', 1 << 30), ('MiB', 1 << 20), ('KiB', 1 << 10)):
        if size >= scale:
            return f'{size / scale:g} {unit}'
    return f'{size} bytes'


def _over_limit_text(size: int, limit: int) -> str:
    """Return "<size>, over the limit of <limit>", in bytes where the units would round equal."""
    shown, limit_shown = _size_text(size), _size_text(limit)
    if shown == limit_shown:
        shown, limit_shown = f'{size:,} bytes', f'{limit:,} bytes'
    return f'{shown}, over the limit of {limit_shown}'


def read_regular_file(path: str, limit: int, error=SubtleDiffError, what: str = 'file') -> bytes:
    """
    Return the bytes of the regular file ``path``, or raise ``error`` with a one-line message.

    It is opened without blocking (a FIFO with no writer is refused, not waited on), must be a
    regular file (not a FIFO, a device or a folder) and at most ``limit`` bytes long; an empty
    path, or one with a NUL character, is refused. FileNotFoundError and NotADirectoryError are
    raised as they are, for callers that treat a missing file apart.
    """
    _check_path(path, error, what)
    shown = shown_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (FileNotFoundError, NotADirectoryError):
        raise
    except OSError as exc:
        raise error(f'cannot read the {what} {shown}: {exc.strerror or exc}')
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f'the {what} {shown} is not a regular file (a folder, a FIFO or a '
                        'device): give a file')
        raise error(f'the {what} {shown} is {_over_limit_text(info.st_size, limit)}')
    with os.fdopen(fd, 'rb') as f:
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise error(f'cannot read the {what} {shown}: {exc.strerror or exc}')
    if len(data) > limit:
        raise error(f'the {what} {shown} is over the limit of {_size_text(limit)}')
    return data


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def output_status(path: str):
    """
    Return the ``os.stat`` of an output path, None when it does not exist yet, or raise.

    A folder, an empty path, or a path that cannot be looked at, raises OutputError.
    """
    _check_path(path, OutputError, 'output')
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f'cannot write {shown_path(path)}: {exc.strerror}')
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f'cannot write {shown_path(path)}: it is a folder; give a file name')
    return info


# How long a FIFO output waits for its reader to open it (``>(gzip > x.gz)`` opens at once).
FIFO_READER_WAIT_S = 10.0


def _open_fifo(path: str) -> int:
    """Return a blocking write descriptor of FIFO ``path`` once a reader has it open, or raise."""
    deadline = time.monotonic() + FIFO_READER_WAIT_S
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            if time.monotonic() > deadline:
                raise OutputError(f'cannot write {shown_path(path)}: it is a FIFO that no '
                                  f'process reads (waited {FIFO_READER_WAIT_S:g} s)') from None
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)
        return fd


# The files beside a database that are part of it (SQLite's write-ahead log, its index, and the
# rollback journal): an output must not replace them either.
KEPT_SUFFIXES = ('', '-wal', '-shm', '-journal')


def _identity(path):
    """Return (st_dev, st_ino) of ``path`` (links followed), or None where it cannot be seen."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def same_file(path, other) -> bool:
    """
    Return whether ``path`` and ``other`` name one file, whichever way each is spelled.

    Where both exist they are compared by identity (device and inode, as ``os.path.samefile``),
    so a bind mount, a second mount of one volume, a hard link or another case of the name on a
    case-insensitive file system is the same file. Where one does not exist yet, they are the
    same when their real paths are, or when they have one name in one folder (the folder again
    compared by identity).
    """
    try:
        path, other = os.path.realpath(path), os.path.realpath(other)
    except ValueError:  # a NUL character: no file has that name
        return os.path.abspath(path) == os.path.abspath(other)
    if path == other:
        return True
    ids = _identity(path), _identity(other)
    if ids[0] is not None and ids[1] is not None:
        return ids[0] == ids[1]
    if os.path.basename(path) != os.path.basename(other):
        return False
    folder = _identity(os.path.dirname(path))
    return folder is not None and folder == _identity(os.path.dirname(other))


def _descriptor_of(path):
    """
    Return the descriptor number an output path names, or None for any other path.

    ``/dev/fd/N`` and ``/proc/self/fd/N`` (``thread-self`` or this process's id too) name N; a
    link to one (``/dev/stdout`` is a link to ``/proc/self/fd/1``) is followed to it.
    """
    names = re.compile(r'/(?:dev/fd|proc/(?:self|thread-self|%d)/fd)/([0-9]+)' % os.getpid())
    try:
        text = os.path.abspath(os.fsdecode(path))
    except ValueError:
        return None
    for _ in range(40):  # the links the kernel follows at most
        match = names.fullmatch(text)
        if match:
            return int(match.group(1))
        try:
            link = os.readlink(text)
        except (OSError, ValueError):
            return None
        text = os.path.normpath(os.path.join(os.path.dirname(text), link))
    return None


def _write_descriptor(fd: int, data: bytes, shown: str) -> None:
    """Write ``data`` through the open descriptor ``fd`` (not closed), or raise OutputError."""
    for stream in (sys.stdout, sys.stderr):  # what Python buffered for it goes first
        with contextlib.suppress(Exception):
            if stream is not None and stream.fileno() == fd:
                stream.flush()
    view = memoryview(data)
    try:
        os.fstat(fd)
        while view:
            try:
                view = view[os.write(fd, view):]
            except BlockingIOError:  # a non-blocking pipe that is full: wait until it drains
                select.select([], [fd], [])
    except OSError as exc:
        if exc.errno == errno.EBADF:
            raise OutputError(f'cannot write {shown}: descriptor {fd} is not open for writing '
                              'in this process') from None
        raise OutputError(f'cannot write {shown}: {exc.strerror or exc}') from None


def write_file(path: str, data: bytes, make_parents: bool = False, keep=()) -> None:
    """
    Write ``data`` to ``path`` (see the module docstring); raise OutputError when it cannot.

    ``keep``: files the output must never replace (an export's own database).
    """
    _check_path(path, OutputError, 'output')
    shown = shown_path(path)
    for kept in keep:
        if any(same_file(path, kept + suffix) for suffix in KEPT_SUFFIXES):
            raise OutputError(f'cannot write {shown}: it is {shown_path(kept)}, the file the '
                              'output is made from; give another file name')
    descriptor = _descriptor_of(path)
    if descriptor is not None:
        _write_descriptor(descriptor, data, shown)
        return
    info = output_status(path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            fd = _open_fifo(path) if stat.S_ISFIFO(info.st_mode) else \
                os.open(path, os.O_WRONLY)
            with os.fdopen(fd, 'wb') as f:
                f.write(data)
        except OSError as exc:
            raise OutputError(f'cannot write {shown}: {exc.strerror or exc}')
        return
    if path.endswith(os.sep):
        raise OutputError(f'cannot write {shown}: no folder {shown}')
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    if make_parents:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise OutputError(f'cannot create the folder {shown_path(folder)}: {exc.strerror}')
    elif not os.path.isdir(folder):
        raise OutputError(f'cannot write {shown}: no folder {shown_path(folder)}')
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    try:
        fd, temporary = tempfile.mkstemp(prefix=f'.{os.path.basename(target)}.', suffix='.tmp',
                                         dir=folder)
    except OSError as exc:
        raise OutputError(f'cannot write {shown}: {exc.strerror}')
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            os.fchmod(f.fileno(), mode)
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f'cannot write {shown}: {exc.strerror or exc}') from None
        raise

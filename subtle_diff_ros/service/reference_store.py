# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Named reference images on disk: crash-safe, thread-safe, process-safe, ROS-free.

Layout of the store directory, for a reference called ``hinge``:

- ``hinge.json``: the metadata (name, source, stamp, width, height, sha256, image file name).
- ``hinge.<first 16 hex digits of sha256>.png``: the image the metadata names.

Every file is written to a hidden temporary file (``.tmp-<pid>-<thread>-<file>``) in the same
directory, flushed with fsync and moved into place with ``os.replace``; the directory is then
fsynced. The image is written before its metadata and the metadata is the commit point: a
reference is listed only once its metadata exists, and the metadata only ever names a complete
image. An overwrite writes the new image under a new (content-addressed) name before switching
the metadata, so a kill -9 at any moment leaves either the old or the new reference, never a mix.

Several processes may share a directory (the inspection node and the difference server): writes
and clean-ups hold an exclusive ``flock`` on the directory, waiting for it at most
``LOCK_TIMEOUT_S``. Reads take no lock: every file appears by an atomic rename, so a reader sees
whole files, and it need not wait on a writer. A directory deleted while in use is made again by
the next ``save``; until then the other methods raise ReferenceStoreError, as all do when the
directory was replaced by a file. A store opened ``read_only`` (by a process that only reads
references) needs no writable directory and writes nothing. The store removes only its own
files: when it opens (not read-only), temporary files of its pattern and images of its pattern
(name, hash prefix that matches the content) that no metadata names, and only once they are
``STALE_AFTER_S`` old. Other files in the directory
(photos, foreign JSON) are left alone; a damaged or foreign metadata file is skipped by ``list``
and reported in ``skipped``, and ``delete`` removes it with the images that carry their own hash.
An image file is read only when it is no larger than an image of its recorded size takes, and is
served only when it holds its recorded sha256, width and height. A reference of more than
``MAX_FILE_PIXELS`` pixels, by its metadata or by its PNG header, is refused (and skipped by
``list``) before any pixel is decoded.
"""

from collections import OrderedDict
from dataclasses import asdict, dataclass, fields
import fcntl
import hashlib
import json
import logging
from numbers import Integral
import os
import re
import stat
import struct
import threading
import time
from typing import List, Optional, Tuple

import cv2
import numpy as np

from ..core.errors import InvalidImageError, quote, SubtleDiffError
from ..core.files import read_regular_file
from ..core.wording import off_line_characters
from ..vision.color import is_uniform, to_lab
from ..vision.image_io import (as_rgb_image, check_image, DEFAULT_MAX_IMAGE_PIXELS,
                               MAX_FILE_PIXELS, MAX_IMAGE_FILE_BYTES, working_copy)

# A whole name must match (``fullmatch``: a trailing newline is not a name character).
NAME_PATTERN = re.compile(r'[A-Za-z0-9][A-Za-z0-9._-]{0,63}')
_TEMP_PREFIX = '.tmp-'
_METADATA_SUFFIX = '.json'
# The largest metadata file read (a reference's is a few hundred bytes).
_MAX_METADATA_BYTES = 1 << 20
_IMAGE_SUFFIX = '.png'
_IMAGE_FILE = re.compile(r'(?P<name>.+)\.(?P<digest>[0-9a-f]{16})\.png')
_TEMP_FILE = re.compile(r'\.tmp-[0-9]+-[0-9]+-(?P<file>.+)')
_SHA256 = re.compile(r'[0-9a-f]{64}')
# Lone surrogates: what JSON escapes such as \ud800 decode to; no UTF-8 string holds one.
_SURROGATE = re.compile('[\ud800-\udfff]')
# The longest source (a camera name, or 'inline') a reference is saved with.
MAX_SOURCE_LENGTH = 1000
# The start of every PNG file: its signature, then the IHDR chunk's length and type; the width
# and height follow as two big-endian uint32.
_PNG_START = b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR'
_CACHE_SIZE = 16
# A leftover younger than this may be another process's write in progress.
STALE_AFTER_S = 600.0
# How long a write waits for another process's lock on the directory before it gives up. A write
# holds the lock for milliseconds; a peer that holds it longer is stopped or hung mid-write, and
# waiting for it without a limit would leave the caller (a ROS service) with no answer.
LOCK_TIMEOUT_S = 5.0
_LOCK_POLL_S = 0.01
_log = logging.getLogger(__name__)


class InvalidReferenceNameError(SubtleDiffError):
    """A reference name that does not match NAME_PATTERN."""


class ReferenceNotFoundError(SubtleDiffError):
    """A reference name with no stored reference."""


class ReferenceExistsError(SubtleDiffError):
    """A reference that exists already and may not be overwritten."""


class ReferenceStoreError(SubtleDiffError):
    """A store directory or file that cannot be read or written."""


@dataclass(frozen=True)
class ReferenceInfo:
    """
    The metadata of one stored reference.

    name: the reference name.
    source: the camera it was captured from, or 'inline'.
    stamp_sec / stamp_nanosec: when the image was taken.
    width / height: the image size in pixels.
    sha256: hex digest of the stored PNG file.
    image_file: the PNG file name inside the store directory.
    """

    name: str
    source: str
    stamp_sec: int
    stamp_nanosec: int
    width: int
    height: int
    sha256: str
    image_file: str

    def to_dict(self):
        """Return the JSON form written to the metadata file."""
        return asdict(self)


_ROS_TIME = 'int32 seconds, nanoseconds under 1000000000'


def fits_ros_time(sec, nanosec) -> bool:
    """Return whether (sec, nanosec) are integers a builtin_interfaces/Time holds as they are."""
    return (all(isinstance(v, Integral) and not isinstance(v, bool) for v in (sec, nanosec))
            and -2 ** 31 <= sec < 2 ** 31 and 0 <= nanosec < 1_000_000_000)


_FIELDS = tuple(field.name for field in fields(ReferenceInfo))


def _is_size(value) -> bool:
    """Return whether ``value`` is a side length a uint32 field holds: an int, 1 or more."""
    return isinstance(value, Integral) and not isinstance(value, bool) and 0 < value < 2 ** 32


def _field_problem(info: ReferenceInfo) -> Optional[str]:
    """
    Return what in ``info`` a Reference message cannot hold as it is or no reader decodes, or None.

    Metadata is a file anyone may edit: a field of the wrong type would abort the conversion of
    ListReferences in the ROS node, so every field is checked where the file is read.
    """
    if not isinstance(info.source, str) or _SURROGATE.search(info.source):
        return 'its source is not text'
    if not (_is_size(info.width) and _is_size(info.height)):
        return 'its width and height are not whole numbers from 1 to 4294967295'
    if info.width * info.height > MAX_FILE_PIXELS:
        return (f'its width and height, {info.width}x{info.height}, are over the limit of '
                f'{MAX_FILE_PIXELS} pixels')
    if not (isinstance(info.sha256, str) and _SHA256.fullmatch(info.sha256)
            and info.image_file == f'{info.name}.{info.sha256[:16]}{_IMAGE_SUFFIX}'):
        return 'bad sha256 or image_file'
    if not fits_ros_time(info.stamp_sec, info.stamp_nanosec):
        return f'its stamp does not fit a ROS time: {_ROS_TIME}'
    return None


def validate_name(name) -> str:
    """Return ``name`` when it is a valid reference name, else raise InvalidReferenceNameError."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise InvalidReferenceNameError(
            f'invalid reference name {quote(name)}: use 1 to 64 letters, digits, ".", "_" or "-", '
            'starting with a letter or digit')
    return name


def _check_source(source, name: str) -> None:
    """Raise SubtleDiffError when ``source`` is no one-line text of MAX_SOURCE_LENGTH at most."""
    if not isinstance(source, str):
        raise SubtleDiffError(f'the source of reference {name!r} must be text (a camera name or '
                              f'"inline"), not {type(source).__name__}')
    if len(source) > MAX_SOURCE_LENGTH:
        raise SubtleDiffError(f'the source of reference {name!r} has {len(source)} characters, '
                              f'over the limit of {MAX_SOURCE_LENGTH}')
    odd = off_line_characters(source)  # the source is shown on one line in listings and logs
    if odd:
        raise SubtleDiffError(f'the source {quote(source)} of reference {name!r} has a control, '
                              f'invisible or undecodable character ({odd[0]!r}): give plain text '
                              'such as a camera name')


def _largest_png(width: int, height: int) -> int:
    """Return the most bytes the PNG ``save`` writes for a width x height image can take."""
    raw = height * (3 * width + 1)  # RGB bytes and a filter byte per row
    # deflate and chunk overhead on pixels that do not compress: under 0.2 %, and 68 bytes
    return min(raw + raw // 256 + 4096, MAX_IMAGE_FILE_BYTES)


def _png_size(data: bytes) -> Optional[Tuple[int, int]]:
    """Return the (width, height) a PNG file's header announces, or None when it is no PNG."""
    if len(data) < len(_PNG_START) + 8 or not data.startswith(_PNG_START):
        return None
    return struct.unpack('>II', data[len(_PNG_START):len(_PNG_START) + 8])


def _check_header(info: ReferenceInfo, head: bytes, path: str) -> None:
    """Raise ReferenceStoreError unless ``head`` starts a PNG of the size ``info`` records."""
    size = _png_size(head)
    if size != (info.width, info.height):
        found = f'{size[0]}x{size[1]}' if size else 'not a PNG'
        raise ReferenceStoreError(
            f'the image of {info.name!r} ({path}) is {found}, not the {info.width}x'
            f'{info.height} image its metadata records: damaged')


def _cache_key(info: ReferenceInfo, status: os.stat_result) -> tuple:
    """Return the cache key of the image ``info`` names, read from the file of ``status``."""
    return (info, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _directory_error(directory: str, exc: OSError) -> ReferenceStoreError:
    """Return the ReferenceStoreError that says what ``exc`` means for the store directory."""
    if isinstance(exc, FileNotFoundError):
        return ReferenceStoreError(
            f'the reference directory {directory} is missing (deleted while in use); '
            'capturing a reference creates it again')
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return ReferenceStoreError(
            f'the reference directory {directory} is not a directory (replaced by a file?); '
            'move that file away')
    return ReferenceStoreError(
        f'cannot use the reference directory {directory}: {exc.strerror or exc}')


def _open_directory(directory: str) -> int:
    """Return a read-only descriptor of ``directory``, or raise ReferenceStoreError."""
    try:
        return os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise _directory_error(directory, exc)


def _fsync_directory(directory: str) -> None:
    """Flush a directory entry change (rename, unlink) to disk."""
    fd = _open_directory(directory)
    try:
        os.fsync(fd)
    except OSError as exc:
        raise _directory_error(directory, exc)
    finally:
        os.close(fd)


class _DirectoryLock:
    """An exclusive flock on the store directory, held across processes while writing."""

    def __init__(self, directory: str):
        self._directory = directory
        self._fd = None

    def __enter__(self):
        fd = _open_directory(self._directory)
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise ReferenceStoreError(
                            f'the reference directory {self._directory} is locked by another '
                            f'process (for over {LOCK_TIMEOUT_S:g} s); try again')
                    time.sleep(_LOCK_POLL_S)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def __exit__(self, *exc_info):
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        return False


def _is_own_image(file_name: str) -> bool:
    """Return whether ``file_name`` is an image name the store writes."""
    match = _IMAGE_FILE.fullmatch(file_name)
    return bool(match) and bool(NAME_PATTERN.fullmatch(match['name']))


class ReferenceStore:
    """A directory of named reference images; every method is safe to call from any thread."""

    def __init__(self, directory: str, read_only: bool = False):
        """
        Open (creating when missing) the store at path ``directory``; remove write leftovers.

        ``read_only``: for a process that only reads references (the inspection node). The
        directory need not be writable (a read-only share or image of the references), nor even
        exist yet (another process may capture into it later); it is neither created nor
        cleaned of leftovers, and ``save`` and ``delete`` raise ReferenceStoreError. Without it
        a directory that is not writable is refused here, before any capture is tried.
        """
        if isinstance(directory, os.PathLike):
            directory = os.fspath(directory)
        if not isinstance(directory, str):
            raise ReferenceStoreError('the reference directory must be a path given as text, not '
                                      f'{type(directory).__name__}')
        if '\0' in directory:
            raise ReferenceStoreError(
                f'the reference directory {quote(directory)} has a NUL character')
        self.directory = os.path.abspath(os.path.expanduser(directory))
        self.read_only = bool(read_only)
        self._lock = threading.RLock()
        # Decoded images, keyed by their metadata and the identity of the file they were read
        # from: a file replaced or edited since is read and checked again.
        self._cache: 'OrderedDict[tuple, np.ndarray]' = OrderedDict()
        self.skipped: List[str] = []
        if self.read_only:
            self._check_readable()
            self.removed_leftovers: List[str] = []
            return
        try:
            os.makedirs(self.directory, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise _directory_error(self.directory, exc)
        except OSError as exc:
            raise ReferenceStoreError(f'cannot create the reference directory '
                                      f'{quote(self.directory)}: {exc.strerror or exc}')
        except RecursionError:  # os.makedirs recurses once a missing folder level
            raise ReferenceStoreError(f'cannot create the reference directory '
                                      f'{quote(self.directory)}: it is nested too deep')
        if not os.access(self.directory, os.W_OK | os.X_OK):
            raise ReferenceStoreError(f'the reference directory {self.directory} is not writable')
        self.removed_leftovers = self._remove_leftovers()

    def _check_readable(self) -> None:
        """Raise ReferenceStoreError when the directory exists but cannot be read as a store."""
        try:
            status = os.stat(self.directory)
        except FileNotFoundError:
            return  # no reference yet: loads say so, and a later capture elsewhere creates it
        except OSError as exc:
            raise _directory_error(self.directory, exc)
        if not stat.S_ISDIR(status.st_mode):
            raise _directory_error(self.directory, NotADirectoryError())
        if not os.access(self.directory, os.R_OK | os.X_OK):
            raise ReferenceStoreError(f'the reference directory {self.directory} is not readable')

    def _check_writable(self, action: str) -> None:
        """Raise ReferenceStoreError when the store was opened read-only."""
        if self.read_only:
            raise ReferenceStoreError(
                f'cannot {action}: the reference store {self.directory} is opened read-only')

    # Paths and files.

    def _path(self, file_name: str) -> str:
        return os.path.join(self.directory, file_name)

    def _entries(self) -> List[str]:
        """Return the file names in the store directory, or raise ReferenceStoreError."""
        try:
            return os.listdir(self.directory)
        except OSError as exc:
            raise _directory_error(self.directory, exc)

    def _check_directory(self) -> None:
        """Raise ReferenceStoreError when the store directory is missing or not a directory."""
        os.close(_open_directory(self.directory))

    def _write_atomically(self, file_name: str, data: bytes) -> os.stat_result:
        """
        Write ``data`` to ``file_name`` so that the file is either absent, old or complete.

        Return the ``os.stat`` of the file written.
        """
        temp = self._path(f'{_TEMP_PREFIX}{os.getpid()}-{threading.get_ident()}-{file_name}')
        try:
            with open(temp, 'wb') as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
                written = os.fstat(f.fileno())
            os.replace(temp, self._path(file_name))
        except OSError as exc:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise ReferenceStoreError(f'cannot write {self._path(file_name)}: {exc.strerror}')
        _fsync_directory(self.directory)
        return written

    def _read_info(self, name: str) -> Optional[ReferenceInfo]:
        """Return the metadata of ``name``, None when it has none, or raise on a damaged file."""
        path = self._path(name + _METADATA_SUFFIX)
        try:
            data = json.loads(read_regular_file(path, _MAX_METADATA_BYTES, ReferenceStoreError,
                                                'metadata').decode('utf-8'))
        except FileNotFoundError:
            return None
        except NotADirectoryError as exc:  # names hold no "/": the store directory is a file
            raise _directory_error(self.directory, exc)
        except ReferenceStoreError:
            raise  # not a regular file, or too large
        except (OSError, ValueError, RecursionError) as exc:
            # RecursionError: JSON nested deeper than the decoder follows (a foreign file).
            raise ReferenceStoreError(f'cannot read the metadata {path}: {exc}')
        if not isinstance(data, dict) or set(data) != set(_FIELDS):
            raise ReferenceStoreError(f'{path} is not reference metadata (an object with the '
                                      f'fields {", ".join(_FIELDS)} was expected)')
        info = ReferenceInfo(**data)
        if info.name != name:
            raise ReferenceStoreError(
                f'the metadata {path} names {quote(info.name)}, not {name!r}')
        problem = _field_problem(info)
        if problem:
            raise ReferenceStoreError(f'{path} is not reference metadata ({problem})')
        return info

    def _metadata_names(self) -> List[str]:
        names = []
        for entry in self._entries():
            if entry.endswith(_METADATA_SUFFIX):
                name = entry[:-len(_METADATA_SUFFIX)]
                if NAME_PATTERN.fullmatch(name):
                    names.append(name)
        return sorted(names)

    def _remove_leftovers(self) -> List[str]:
        """
        Remove the store's own stale temporary files and unnamed images; return their names.

        The images of a reference whose metadata cannot be read are kept: the metadata may be
        repaired, and it is skipped (not deleted) meanwhile.
        """
        with self._lock, _DirectoryLock(self.directory):
            named, damaged = set(), set()
            for name in self._metadata_names():
                try:
                    info = self._read_info(name)
                except ReferenceStoreError:
                    damaged.add(name)
                    continue
                if info is not None:
                    named.add(info.image_file)
            removed = []
            for entry in self._entries():
                image = _IMAGE_FILE.fullmatch(entry)
                if image and image['name'] in damaged:
                    continue
                if entry not in named and self._is_stale_leftover(entry):
                    try:
                        os.unlink(self._path(entry))
                    except OSError:  # kept; tried again at the next open
                        continue
                    removed.append(entry)
            if removed:
                _fsync_directory(self.directory)
            return sorted(removed)

    def _is_stale_leftover(self, entry: str) -> bool:
        """Return whether ``entry`` is a file the store wrote, left behind STALE_AFTER_S ago."""
        temp = _TEMP_FILE.fullmatch(entry)
        if temp:
            target = temp['file']
            own = _is_own_image(target) or (
                target.endswith(_METADATA_SUFFIX)
                and bool(NAME_PATTERN.fullmatch(target[:-len(_METADATA_SUFFIX)])))
        else:
            own = _is_own_image(entry)
        path = self._path(entry)
        try:
            if not own or not os.path.isfile(path) or os.path.islink(path) or \
                    time.time() - os.path.getmtime(path) < STALE_AFTER_S:
                return False
        except OSError:
            return False
        return bool(temp) or self._carries_its_hash(entry)

    def _carries_its_hash(self, entry: str) -> bool:
        """
        Return whether image ``entry`` is a regular file whose content hash its name carries.

        An image is the store's only then. The file is read in pieces, and only when it is no
        larger than any image file read.
        """
        try:
            fd = os.open(self._path(entry), os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError:
            return False
        with os.fdopen(fd, 'rb') as f:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_IMAGE_FILE_BYTES:
                return False
            try:
                digest = hashlib.file_digest(f, 'sha256').hexdigest()
            except OSError:
                return False
        return digest[:16] == _IMAGE_FILE.fullmatch(entry)['digest']

    # Public interface.

    def save(self, name: str, image: np.ndarray, source: str = 'inline',
             stamp: Tuple[int, int] = (0, 0), overwrite: bool = False,
             max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS) -> ReferenceInfo:
        """
        Store ``image`` (RGB uint8) as reference ``name`` and return its metadata.

        ``source`` says where the image came from (a camera name, or 'inline'): one line of text
        of at most MAX_SOURCE_LENGTH characters. ``stamp`` is (sec, nanosec) of when the image was
        taken. Raises ReferenceExistsError when ``name`` exists and ``overwrite`` is false, and
        InvalidImageError for an image of more than ``max_pixels`` pixels or one no request could
        measure (under 16 pixels a side, or of one colour). Everything is checked before anything
        is written: a refused save leaves the stored reference as it was.
        """
        validate_name(name)
        self._check_writable(f'save reference {name!r}')
        _check_source(source, name)
        try:
            sec, nanosec = stamp
        except (TypeError, ValueError):  # not a pair
            sec = nanosec = None
        if not fits_ros_time(sec, nanosec):
            raise SubtleDiffError(f'the stamp {stamp!r:.80} of reference {name!r} does not fit '
                                  f'a ROS time ({_ROS_TIME}): give (sec, nanosec)')
        label = f'reference {name!r}'
        # the pixel limit is checked before the image is copied
        image = check_image(as_rgb_image(image, label, max_pixels), label)
        if is_uniform(to_lab(working_copy(image)[0])):
            raise InvalidImageError(f'reference {name!r} is uniform (no object apart from a '
                                    'background): nothing could ever be compared with it')
        ok, encoded = cv2.imencode(_IMAGE_SUFFIX, cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
        if not ok:
            raise InvalidImageError(f'cannot encode reference {name!r} as PNG')
        data = encoded.tobytes()
        digest = hashlib.sha256(data).hexdigest()
        info = ReferenceInfo(name=name, source=source, stamp_sec=int(sec),
                             stamp_nanosec=int(nanosec), width=int(image.shape[1]),
                             height=int(image.shape[0]), sha256=digest,
                             image_file=f'{name}.{digest[:16]}{_IMAGE_SUFFIX}')
        problem = _field_problem(info)  # never write metadata that reading would refuse
        if problem:
            raise SubtleDiffError(f'reference {name!r} cannot be stored: {problem}')
        metadata = json.dumps(info.to_dict(), indent=2, sort_keys=True).encode('utf-8')
        if len(metadata) > _MAX_METADATA_BYTES:
            raise ReferenceStoreError(
                f'reference {name!r} cannot be stored: its metadata would be {len(metadata)} '
                f'bytes, over the limit of {_MAX_METADATA_BYTES} bytes read')
        try:  # the directory may have been deleted while in use: make it again
            os.makedirs(self.directory, exist_ok=True)
        except OSError as exc:
            raise _directory_error(self.directory, exc)
        with self._lock, _DirectoryLock(self.directory):
            try:
                old = self._read_info(name)
            except ReferenceStoreError:
                if not overwrite:
                    raise
                old = None  # a damaged entry is replaced
            if old is not None and not overwrite:
                raise ReferenceExistsError(
                    f'reference {name!r} exists already; set overwrite to replace it')
            written = self._write_atomically(info.image_file, data)
            self._write_atomically(name + _METADATA_SUFFIX, metadata)
            if old is not None and old.image_file != info.image_file:
                self._unlink_quietly(old.image_file)
            self._forget(name)
            self._remember(_cache_key(info, written), image)
        return info

    def info(self, name: str) -> ReferenceInfo:
        """Return the metadata of reference ``name``, or raise ReferenceNotFoundError."""
        validate_name(name)
        with self._lock:
            info = self._read_info(name)
        if info is None:
            self._check_directory()  # not "no reference called" when the directory is gone
            raise ReferenceNotFoundError(f'no reference called {name!r}')
        return info

    def load(self, name: str, max_pixels: Optional[int] = None) -> np.ndarray:
        """
        Return reference ``name`` as a read-only RGB uint8 array.

        Its image file must be no larger than an image of its recorded size takes, and hold its
        recorded sha256, width and height; else ReferenceStoreError says it is damaged. One of
        more than ``max_pixels`` pixels (when given) raises InvalidImageError before its file is
        read. The decoded image is cached while the metadata and the file stay the same.
        """
        with self._lock:
            info = self.info(name)
            if max_pixels is not None and info.width * info.height > max_pixels:
                raise InvalidImageError(f'reference {name!r} is {info.width}x{info.height}, '
                                        f'over the limit of {max_pixels} pixels')
            path = self._path(info.image_file)
            try:
                key = _cache_key(info, self._image_status(info))
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    return cached
                data = read_regular_file(path, _largest_png(info.width, info.height),
                                         ReferenceStoreError, 'reference image')
            except FileNotFoundError:
                if self._read_info(name) != info:  # another process replaced it meanwhile
                    return self.load(name, max_pixels)
                raise ReferenceStoreError(f'the image of {name!r} ({path}) is missing')
            except OSError as exc:
                raise ReferenceStoreError(f'cannot read the image of {name!r} ({path}): {exc}')
            if hashlib.sha256(data).hexdigest() != info.sha256:
                raise ReferenceStoreError(
                    f'the image of {name!r} ({path}) does not match its recorded sha256')
            _check_header(info, data, path)
            # pixels as stored (a PNG's EXIF orientation would turn them from the size checked)
            decoded = cv2.imdecode(np.frombuffer(data, np.uint8),
                                   cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
            if decoded is None:
                raise ReferenceStoreError(f'the image of {name!r} ({path}) cannot be decoded')
            image = cv2.cvtColor(decoded, cv2.COLOR_BGR2RGB)
            return self._remember(key, image)

    def list(self) -> List[ReferenceInfo]:  # noqa: A003 (the store's natural verb)
        """
        Return the metadata of every readable reference, sorted by name.

        A damaged or foreign metadata file, or one whose image is missing, larger than its
        recorded size takes or whose PNG header records another size, is skipped, logged and
        described in ``skipped``.
        """
        with self._lock:
            infos, skipped = [], []
            for name in self._metadata_names():
                try:
                    info = self._read_info(name)
                    if info is None:
                        continue
                    self._image_status(info)
                    _check_header(info, self._image_head(info), self._path(info.image_file))
                except FileNotFoundError:
                    skipped.append(f'the image of {name!r} ({info.image_file}) is missing')
                    continue
                except ReferenceStoreError as exc:
                    skipped.append(str(exc))
                    continue
                infos.append(info)
            for problem in skipped:
                _log.warning('reference store %s: skipped %s', self.directory, problem)
            self.skipped = skipped
            return infos

    def delete(self, name: str) -> List[str]:
        """
        Delete reference ``name`` and return the names of the files removed, metadata first.

        Damaged metadata is deleted too (a file, or an empty folder), with the images named as
        this reference's that hold the content hash their names carry. Raises
        ReferenceNotFoundError when ``name`` has no metadata.
        """
        validate_name(name)
        self._check_writable(f'delete reference {name!r}')
        with self._lock, _DirectoryLock(self.directory):
            try:
                info = self._read_info(name)
            except ReferenceStoreError:  # damaged: its images are known by their names
                images = sorted(entry for entry in self._entries()
                                if self._is_image_of(name, entry))
            else:
                if info is None:
                    self._check_directory()  # not "no reference called" when it is gone
                    raise ReferenceNotFoundError(f'no reference called {name!r}')
                images = [info.image_file]
            metadata = name + _METADATA_SUFFIX
            path = self._path(metadata)
            try:
                try:
                    os.unlink(path)
                except IsADirectoryError:  # a folder named like metadata: only an empty one
                    os.rmdir(path)
            except OSError as exc:
                raise ReferenceStoreError(
                    f'cannot delete reference {name!r} ({path}): {exc.strerror}')
            _fsync_directory(self.directory)
            self._forget(name)
            return [metadata] + [image for image in images if self._unlink_quietly(image)]

    # Images and the cache.

    def _image_status(self, info: ReferenceInfo) -> os.stat_result:
        """
        Return the ``os.stat`` of the image ``info`` names, or raise ReferenceStoreError.

        FileNotFoundError is raised as it is, for callers that treat a missing image apart.
        """
        path = self._path(info.image_file)
        try:
            status = os.stat(path)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise ReferenceStoreError(f'cannot read the image of {info.name!r} ({path}): '
                                      f'{exc.strerror or exc}')
        if not stat.S_ISREG(status.st_mode):
            raise ReferenceStoreError(f'the image of {info.name!r} ({path}) is not a regular '
                                      'file (a folder, a FIFO or a device)')
        limit = _largest_png(info.width, info.height)
        if status.st_size > limit:
            raise ReferenceStoreError(
                f'the image of {info.name!r} ({path}) is {status.st_size} bytes, over the '
                f'{limit} bytes a {info.width}x{info.height} image takes: damaged')
        return status

    def _image_head(self, info: ReferenceInfo) -> bytes:
        """Return the first bytes of the image ``info`` names: a PNG's signature and size."""
        path = self._path(info.image_file)
        try:
            with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), 'rb') as f:
                return f.read(len(_PNG_START) + 8)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise ReferenceStoreError(f'cannot read the image of {info.name!r} ({path}): '
                                      f'{exc.strerror or exc}')

    def _is_image_of(self, name: str, entry: str) -> bool:
        """Return whether ``entry`` is an image the store wrote for reference ``name``."""
        image = _IMAGE_FILE.fullmatch(entry)
        return bool(image) and image['name'] == name and self._carries_its_hash(entry)

    def _unlink_quietly(self, file_name: str) -> bool:
        """
        Remove an image no metadata names any more; return whether it was removed.

        One left behind is removed when the store is next opened.
        """
        try:
            os.unlink(self._path(file_name))
        except OSError:
            return False
        return True

    def _forget(self, name: str) -> None:
        """Drop the cached images of reference ``name``."""
        for key in [key for key in self._cache if key[0].name == name]:
            del self._cache[key]

    def _remember(self, key: tuple, image: np.ndarray) -> np.ndarray:
        """Cache a read-only copy of ``image`` under ``key`` and return that copy."""
        image = np.array(image, copy=True)
        image.flags.writeable = False
        self._cache[key] = image
        self._cache.move_to_end(key)
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return image

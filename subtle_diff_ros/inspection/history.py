# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The inspection history: an embedded SQLite database (WAL) of assets, references, inspections.

Tables (schema version ``SCHEMA_VERSION`` in ``PRAGMA user_version``):

- ``assets``: name and settings (JSON of ``plan.Asset``).
- ``images``: PNG files by the sha256 of their bytes (content-addressed, stored once).
- ``reference_versions``: an asset's references in order; version 1 is the commissioning one.
- ``inspections``: time, reference, frame hash, validity and reason, commissioning or not, what
  was said then (``changed``, ``sentence``), the checks, the alignment and the changed regions.
- ``readings``: per inspection and axis, the delta against the reference, its JND and the
  uncertainties the light estimate and the outline's pixel grid left on it (``light_sigma``,
  added in version 2, and ``outline_sigma``, added in version 3; 0 in older histories, which are
  upgraded in place when opened).
- ``feedback``: an operator's marks, in the order given: ``false_alarm`` takes an inspection out
  of trends, and ``withdrawal`` takes the mark before it back (added in version 4, whose table
  keeps every mark and withdrawal; an inspection's latest row says whether it is a false alarm).

Images are BLOBs in the database rather than files beside it: a reference or frame and the rows
naming it are committed in one transaction, so a kill -9 can neither leave a row naming a
missing file nor a file no row names, and one file holds (and backs up) the whole history.
Every write is one ``BEGIN IMMEDIATE`` transaction; WAL mode with ``synchronous=FULL`` keeps
every committed transaction through a crash of the process or of the machine.

A file whose pages are damaged (a disk error, bytes written over it) is refused when opened:
SQLite's ``PRAGMA quick_check`` walks every page (about 0.2 s for a year of weekly inspections
of 20 assets with their 640x480 frames, 550 MB, once the file is cached, and 1 s when read from
disk), and a reader or writer that finds damage reads and writes nothing more of it.
"""

from dataclasses import dataclass, field
import hashlib
import json
import math
import os
import sqlite3
import threading
from typing import Dict, List, Optional, Tuple
import urllib.parse

import cv2
import numpy as np

from .capture import AxisReading, Capture
from .times import check_inspection_time, EARLIEST, from_seconds, iso, LATEST
from ..core.errors import InvalidImageError, quote, reason, SubtleDiffError
from ..core.wording import odd_characters
from ..vision.image_io import MAX_FILE_PIXELS

SCHEMA_VERSION = 4
# Longest note of an operator's mark, in characters.
MAX_NOTE = 1000
# The feedback table of version 4: a log of marks and their withdrawals (version 3 held one
# false-alarm row per inspection, no withdrawal; ``_migrate`` copies its rows over).
_FEEDBACK = """
CREATE TABLE feedback (
  id INTEGER PRIMARY KEY, inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  kind TEXT NOT NULL CHECK (kind IN ('false_alarm', 'withdrawal')), note TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE INDEX feedback_by_inspection ON feedback (inspection_id, id);
"""
_SCHEMA = """
CREATE TABLE assets (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, settings TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE images (
  sha256 TEXT PRIMARY KEY, width INTEGER NOT NULL, height INTEGER NOT NULL, png BLOB NOT NULL);
CREATE TABLE reference_versions (
  id INTEGER PRIMARY KEY, asset_id INTEGER NOT NULL REFERENCES assets(id),
  version INTEGER NOT NULL, image_sha256 TEXT NOT NULL REFERENCES images(sha256),
  source TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (asset_id, version));
CREATE TABLE inspections (
  id INTEGER PRIMARY KEY, asset_id INTEGER NOT NULL REFERENCES assets(id),
  reference_id INTEGER NOT NULL REFERENCES reference_versions(id),
  time TEXT NOT NULL, time_s REAL NOT NULL,
  frame_sha256 TEXT NOT NULL REFERENCES images(sha256),
  valid INTEGER NOT NULL, reason TEXT, commissioning INTEGER NOT NULL,
  changed INTEGER NOT NULL, sentence TEXT NOT NULL, checks TEXT NOT NULL, matrix TEXT,
  regions TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX inspections_by_asset_time ON inspections (asset_id, time_s);
CREATE TABLE readings (
  inspection_id INTEGER NOT NULL REFERENCES inspections(id), axis TEXT NOT NULL,
  delta REAL NOT NULL, jnd REAL NOT NULL, unit TEXT NOT NULL, value_reference REAL,
  value_live REAL, toward TEXT, light_sigma REAL NOT NULL DEFAULT 0,
  outline_sigma REAL NOT NULL DEFAULT 0, PRIMARY KEY (inspection_id, axis));
""" + _FEEDBACK


# Whether inspection ``i`` is a false alarm: its latest feedback row is a mark, not a withdrawal
# (in a history of version 3 or older, which held no withdrawal, whether it has a mark).
_MARKED = ('coalesce((SELECT f.kind FROM feedback f WHERE f.inspection_id = i.id ORDER BY f.id '
           "DESC LIMIT 1), '') = 'false_alarm'")
# How a message names the JSON type a stored value must have.
_JSON_KINDS = {dict: 'object', list: 'list', (list, type(None)): 'list or null'}
# The readings' columns added by schema versions 2 and 3, in order.
_ADDED_COLUMNS = ('light_sigma', 'outline_sigma')
# The keys of a changed region's box (reference pixels, each from 0 to MAX_FILE_PIXELS).
_BOX = ('x', 'y', 'width', 'height')
# The tables of an inspection history (of every schema version).
_TABLES = ('assets', 'images', 'reference_versions', 'inspections', 'readings', 'feedback')


# The asset names an unknown name's message lists (a fleet's history holds thousands).
_NAMES_LISTED = 10
# SQLite's primary result code for a damaged database file (SQLITE_CORRUPT).
_SQLITE_CORRUPT = 11
# The longest part of SQLite's report on a damaged file that a message quotes, in characters.
_PROBLEM_SHOWN = 160


def _corrupt(exc: sqlite3.Error) -> bool:
    """Return whether SQLite raised ``exc`` because the database file is damaged."""
    code = getattr(exc, 'sqlite_errorcode', None)  # Python 3.11 and later
    if code is not None:
        return code & 0xff == _SQLITE_CORRUPT
    return 'malformed' in str(exc)


def _damaged_pages(path: str, problem: str) -> 'HistoryError':
    """Return the error for the history at ``path`` whose pages SQLite finds damaged."""
    return HistoryError(f'{path} is damaged: SQLite finds broken pages in it ({problem}); '
                        'nothing more is read from or written to it: restore the history from '
                        "a backup (keep this file: SQLite's .recover may save part of it)")


def _run_script(db, script: str) -> None:
    """Execute the statements of ``script`` inside the caller's transaction."""
    for statement in script.split(';'):
        if statement.strip():
            db.execute(statement)


class HistoryError(SubtleDiffError):
    """A history database that cannot be opened, read or written."""


class UnknownAssetError(SubtleDiffError):
    """An asset name the history does not hold."""


class UnknownInspectionError(SubtleDiffError):
    """An inspection id the history does not hold."""


@dataclass
class Reference:
    """One version of an asset's reference: id, version, image hash, where it came from."""

    id: int  # noqa: A003 (the record's id)
    version: int
    sha256: str
    source: str
    created_at: str


@dataclass
class Inspection:
    """One recorded inspection (see the table ``inspections``) with its readings by axis."""

    id: int  # noqa: A003 (the record's id)
    asset: str
    reference_id: int
    time_s: float
    frame_sha256: str
    valid: bool
    reason: Optional[str]
    commissioning: bool
    changed: bool
    sentence: str
    checks: dict
    matrix: Optional[list]
    regions: list
    false_alarm: bool = False
    readings: Dict[str, AxisReading] = field(default_factory=dict)

    @property
    def time(self) -> str:
        """Return the ISO 8601 UTC time of the inspection."""
        return iso(from_seconds(self.time_s))


def _number(value, low: float = -math.inf, high: float = math.inf) -> bool:
    """Return whether a stored value is a finite number from ``low`` up to ``high``."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and \
        math.isfinite(value) and low <= value <= high


def _text(value, none: bool = False) -> bool:
    return isinstance(value, str) or (none and value is None)


def encode_png(image: np.ndarray) -> bytes:
    """Return the PNG bytes of an RGB uint8 image."""
    ok, data = cv2.imencode('.png', cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    if not ok:
        raise InvalidImageError('cannot encode the image as PNG')
    return data.tobytes()


class History:
    """
    The history database at ``path``; safe to use from any thread.

    Created when missing, unless ``read_only``: then a missing file is refused ("no inspection
    history at PATH") and nothing is ever written (see ``_connect_read_only``).
    """

    def __init__(self, path: str, read_only: bool = False):
        """Open (or create) the database and check its schema version."""
        self.path = os.path.abspath(os.path.expanduser(path))
        self.read_only = read_only
        self._lock = threading.RLock()
        if read_only and not os.path.isfile(self.path):
            raise HistoryError(f'no inspection history at {path}')
        self._db = None
        try:
            if read_only:
                self._db = self._connect_read_only()
                self._check_file()
                self._check_pages()
            else:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None,
                                           check_same_thread=False)
                # What the file is, before anything changes it (its journal mode stays).
                self._check_file()
                self._check_pages()
                self._db.execute('PRAGMA journal_mode=WAL')
                self._db.execute('PRAGMA synchronous=FULL')
                self._db.execute('PRAGMA foreign_keys=ON')
            self._migrate()
        except (OSError, sqlite3.Error, HistoryError) as exc:
            if self._db is not None:
                self._db.close()  # a refused file is neither read nor written any further
            if isinstance(exc, HistoryError):
                raise
            if isinstance(exc, sqlite3.Error) and _corrupt(exc):
                raise _damaged_pages(self.path, reason(exc))
            raise HistoryError(f'cannot open the inspection history {self.path}: {exc}')

    def _connect_read_only(self):
        """
        Return a read-only connection (``mode=ro``).

        A WAL database needs its ``-shm`` and ``-wal`` files, which SQLite creates beside it.
        Where it cannot (this reader may not write the folder) and no ``-wal`` file holds pages
        not yet in the database file (its last writer closed cleanly), the file is read as
        ``immutable``: a writer at work would have made those files.
        """
        uri = 'file:' + urllib.parse.quote(self.path)
        db = sqlite3.connect(f'{uri}?mode=ro', uri=True, timeout=30.0, isolation_level=None,
                             check_same_thread=False)
        try:
            db.execute('SELECT count(*) FROM sqlite_master').fetchone()
            return db
        except sqlite3.OperationalError:
            db.close()
            wal = self.path + '-wal'
            if (os.path.exists(wal) and os.path.getsize(wal)) or os.access(
                    os.path.dirname(self.path), os.W_OK):
                raise
        return sqlite3.connect(f'{uri}?immutable=1', uri=True, isolation_level=None,
                               check_same_thread=False)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self):
        """Return the open history."""
        return self

    def __exit__(self, *exc):
        """Close the history."""
        self.close()

    def _check_file(self) -> None:
        """
        Raise HistoryError unless the file is an inspection history of a version read here.

        A writer also takes an empty file (a new history). Nothing is written: a refused file
        is left as it was.
        """
        version = self._db.execute('PRAGMA user_version').fetchone()[0]
        tables = {row[0] for row in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > SCHEMA_VERSION:
            raise HistoryError(f'{self.path} has schema version {version}; this package reads '
                               f'versions 1 to {SCHEMA_VERSION} (update the package)')
        if version == 0 and not tables and not self.read_only:
            return
        if version == 0 and not tables:
            raise HistoryError(f'{self.path} is empty: no inspection history is recorded there')
        missing = [table for table in _TABLES if table not in tables]
        if version == 0 or missing:
            lacks = f' (schema version {version}, but no table {missing[0]})' if version else ''
            raise HistoryError(f'{self.path} is a SQLite database but not an inspection history'
                               + lacks)

    def _check_pages(self) -> None:
        """
        Raise HistoryError when SQLite finds pages of the file damaged (``PRAGMA quick_check``).

        The check reads every page (not whether indexes match their tables: a damaged index
        still reads its table's rows) and writes nothing.
        """
        problems = [line for row in self._db.execute('PRAGMA quick_check') for line in
                    str(row[0]).splitlines() if line.strip() and not line.startswith('***')]
        if problems != ['ok']:
            problem = problems[0] if problems else 'no report'
            if len(problem) > _PROBLEM_SHOWN:
                problem = problem[:_PROBLEM_SHOWN - 3] + '...'
            raise _damaged_pages(self.path, problem + (', and more' if len(problems) > 1 else ''))

    def _migrate(self) -> None:
        if self.read_only:
            # A reader takes an older history as it is (what a version lacks reads 0).
            self.version = self._query('PRAGMA user_version')[0][0]
            return
        self.version = SCHEMA_VERSION
        with self._write() as db:
            # Read again inside the write transaction: another writer may have created or
            # upgraded the history since ``_check_file``.
            version = db.execute('PRAGMA user_version').fetchone()[0]
            if version == SCHEMA_VERSION:
                return
            if version in (1, 2, 3):
                for column in _ADDED_COLUMNS[version - 1:]:
                    db.execute(f'ALTER TABLE readings ADD COLUMN {column} REAL NOT NULL DEFAULT 0')
                self._upgrade_feedback(db)
                db.execute(f'PRAGMA user_version = {SCHEMA_VERSION}')
                return
            _run_script(db, _SCHEMA)
            db.execute(f'PRAGMA user_version = {SCHEMA_VERSION}')

    @staticmethod
    def _upgrade_feedback(db) -> None:
        """Replace a feedback table of versions 1 to 3 with the log of version 4, rows kept."""
        db.execute('ALTER TABLE feedback RENAME TO feedback_v3')
        db.execute('DROP INDEX IF EXISTS feedback_by_inspection')  # a newer table, marked older
        _run_script(db, _FEEDBACK)
        db.execute('INSERT INTO feedback (id, inspection_id, kind, note, created_at) SELECT id, '
                   'inspection_id, kind, note, created_at FROM feedback_v3 ORDER BY id')
        db.execute('DROP TABLE feedback_v3')

    def _write(self):
        return _Transaction(self._db, self._lock, self.path)

    def exclusive(self):
        """
        Return a context in which this history's reads and writes form one transaction.

        No other writer (thread or process) records between them: what was read is still the
        history when the write lands (e.g. how many commissioning captures an asset has).
        """
        if self.read_only:
            raise HistoryError(f'{self.path} is open read-only')
        return _Transaction(self._db, self._lock, self.path)

    def _query(self, sql: str, args=()) -> list:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                if _corrupt(exc):  # damaged since it was opened
                    raise _damaged_pages(self.path, reason(exc))
                raise HistoryError(f'cannot read {self.path}: {exc}')

    # Assets and references.

    def asset_names(self) -> List[str]:
        """Return every asset's name, sorted."""
        return [row[0] for row in self._query('SELECT name FROM assets ORDER BY name')]

    def settings(self, name: str) -> dict:
        """Return the stored settings of asset ``name``, or raise UnknownAssetError."""
        rows = self._query('SELECT settings FROM assets WHERE name = ?', (name,))
        if not rows:
            names = self.asset_names()
            known = ', '.join(names[:_NAMES_LISTED]) or 'none yet'
            if len(names) > _NAMES_LISTED:
                known += f' and {len(names) - _NAMES_LISTED} more'
            raise UnknownAssetError(f'no asset called {quote(name)} in {self.path} '
                                    f'(assets: {known})')
        return self._decoded(rows[0][0], dict, f'the settings of asset {quote(name)}')

    def _decoded(self, text, kind, what: str):
        """Return a stored JSON value of type ``kind``, or raise HistoryError naming ``what``."""
        try:
            value = json.loads(text)
        except (TypeError, ValueError, RecursionError) as exc:
            raise HistoryError(f'{self.path} is damaged: {what} cannot be read as JSON '
                               f'({reason(exc)})')
        if not isinstance(value, kind):
            raise HistoryError(f'{self.path} is damaged: {what} cannot be read as a JSON '
                               f'{_JSON_KINDS[kind]}')
        return value

    def _asset_id(self, name: str) -> int:
        self.settings(name)
        return self._query('SELECT id FROM assets WHERE name = ?', (name,))[0][0]

    def define_asset(self, name: str, settings: dict, recorded_at: str) -> None:
        """Create asset ``name`` or replace its settings."""
        text = json.dumps(settings, sort_keys=True)
        with self._write() as db:
            db.execute('INSERT INTO assets (name, settings, created_at) VALUES (?, ?, ?) '
                       'ON CONFLICT (name) DO UPDATE SET settings = excluded.settings',
                       (name, text, recorded_at))

    def references(self, name: str) -> List[Reference]:
        """Return the reference versions of an asset, oldest first."""
        asset_id = self._asset_id(name)
        return [Reference(*row) for row in self._query(
            'SELECT id, version, image_sha256, source, created_at FROM reference_versions '
            'WHERE asset_id = ? ORDER BY version', (asset_id,))]

    def add_reference(self, name: str, image: np.ndarray, source: str, recorded_at: str,
                      new_version: bool = False) -> Reference:
        """
        Store ``image`` as the asset's next reference version; return it.

        The current version is returned instead when it holds the same image, unless
        ``new_version`` (a re-commissioning with the same image, in another region).
        """
        # a file name that is not UTF-8 (bytes kept as surrogates) is stored escaped
        source = source.encode('utf-8', 'surrogateescape').decode('utf-8', 'backslashreplace')
        data = encode_png(image)
        digest = hashlib.sha256(data).hexdigest()
        asset_id = self._asset_id(name)
        with self._write() as db:
            # Read the latest version inside the write transaction: another process adding the
            # first reference at the same time then waits, and sees it.
            latest = db.execute(
                'SELECT id, version, image_sha256, source, created_at FROM reference_versions '
                'WHERE asset_id = ? ORDER BY version DESC LIMIT 1', (asset_id,)).fetchone()
            if latest and latest[2] == digest and not new_version:
                return Reference(*latest)
            self._put_image(db, digest, image, data)
            version = latest[1] + 1 if latest else 1
            cursor = db.execute(
                'INSERT INTO reference_versions (asset_id, version, image_sha256, source, '
                'created_at) VALUES (?, ?, ?, ?, ?)', (asset_id, version, digest, source,
                                                       recorded_at))
            return Reference(cursor.lastrowid, version, digest, source, recorded_at)

    @staticmethod
    def _put_image(db, digest: str, image: np.ndarray, data: bytes) -> None:
        db.execute('INSERT OR IGNORE INTO images (sha256, width, height, png) VALUES (?, ?, ?, ?)',
                   (digest, int(image.shape[1]), int(image.shape[0]), sqlite3.Binary(data)))

    def image(self, sha256: str) -> np.ndarray:
        """Return the stored image with this hash as RGB uint8, or raise HistoryError."""
        rows = self._query('SELECT png FROM images WHERE sha256 = ?', (sha256,))
        if not rows:
            raise HistoryError(f'no image {sha256[:16]} in {self.path}')
        data = rows[0][0]
        # a BLOB reads as bytes; TEXT or a number in its place is damage, as is a wrong hash
        decoded = None
        if isinstance(data, bytes) and hashlib.sha256(data).hexdigest() == sha256:
            decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        if decoded is None:
            raise HistoryError(f'the image {sha256[:16]} in {self.path} is damaged')
        return cv2.cvtColor(decoded, cv2.COLOR_BGR2RGB)

    # Inspections.

    def record(self, name: str, reference_id: int, time_s: float, frame: np.ndarray,
               capture: Capture, commissioning: bool, changed: bool, sentence: str,
               recorded_at: str) -> int:
        """Record one inspection with its frame and readings in one transaction; return its id."""
        check_inspection_time(time_s)
        asset_id = self._asset_id(name)
        data = encode_png(frame)
        digest = hashlib.sha256(data).hexdigest()
        matrix = None if capture.matrix is None else np.asarray(capture.matrix)[:2].tolist()
        with self._write() as db:
            self._put_image(db, digest, frame, data)
            cursor = db.execute(
                'INSERT INTO inspections (asset_id, reference_id, time, time_s, frame_sha256, '
                'valid, reason, commissioning, changed, sentence, checks, matrix, regions, '
                'recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                (asset_id, reference_id, iso(from_seconds(time_s)), float(time_s), digest,
                 int(capture.valid), capture.reason, int(commissioning), int(changed), sentence,
                 json.dumps(capture.checks), json.dumps(matrix),
                 json.dumps([r.to_dict() for r in capture.regions]), recorded_at))
            inspection_id = cursor.lastrowid
            db.executemany(
                'INSERT INTO readings (inspection_id, axis, delta, jnd, unit, value_reference, '
                'value_live, toward, light_sigma, outline_sigma) VALUES '
                '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [(inspection_id, r.axis, r.delta, r.jnd, r.unit, r.value_reference, r.value_live,
                  r.toward, r.light_sigma, r.outline_sigma) for r in capture.readings.values()])
        return inspection_id

    def inspection_at(self, name: str, time_s: float) -> Optional[Tuple[int, float]]:
        """
        Return (id, time) of an inspection of asset ``name`` at ``time_s``, or None.

        At the time means within half a millisecond, the precision times are shown to: two
        inspections that every report and export shows at one time are one capture.
        """
        rows = self._query('SELECT id, time_s FROM inspections WHERE asset_id = ? AND '
                           'abs(time_s - ?) < 0.0005 LIMIT 1', (self._asset_id(name),
                                                                float(time_s)))
        return (int(rows[0][0]), float(rows[0][1])) if rows else None

    def inspections(self, name: str, reference_id: Optional[int] = None) -> List[Inspection]:
        """Return an asset's inspections in time order (of one reference version if given)."""
        asset_id = self._asset_id(name)
        sql = ('SELECT i.id, i.reference_id, i.time_s, i.frame_sha256, i.valid, i.reason, '
               'i.commissioning, i.changed, i.sentence, i.checks, i.matrix, i.regions, '
               f'{_MARKED} FROM inspections i WHERE i.asset_id = ?')
        args = [asset_id]
        if reference_id is not None:
            sql += ' AND i.reference_id = ?'
            args.append(reference_id)
        rows = self._query(sql + ' ORDER BY i.time_s, i.id', args)
        for row in rows:
            self._check_inspection(row)
        found = [Inspection(row[0], name, row[1], row[2], row[3], bool(row[4]), row[5],
                            bool(row[6]), bool(row[7]), row[8],
                            self._decoded(row[9], dict, f'the checks of inspection {row[0]}'),
                            self._alignment(row), self._regions(row), bool(row[12]))
                 for row in rows]
        by_id = {inspection.id: inspection for inspection in found}
        sigmas = ', '.join(f'r.{column}' if self.version >= number + 2 else '0'
                           for number, column in enumerate(_ADDED_COLUMNS))
        for row in self._query(
                'SELECT r.inspection_id, r.axis, r.delta, r.jnd, r.unit, r.value_reference, '
                f'r.value_live, r.toward, {sigmas} FROM readings r JOIN inspections i ON '
                'i.id = r.inspection_id WHERE i.asset_id = ?', (asset_id,)):
            if row[0] in by_id:
                self._check_reading(row)
                by_id[row[0]].readings[row[1]] = AxisReading(*row[1:])
        return found

    def _check_inspection(self, row) -> None:
        """Raise HistoryError naming the inspection unless its row's values have their types."""
        if not _number(row[2], EARLIEST.timestamp(), LATEST.timestamp()):
            raise HistoryError(f'{self.path} is damaged: the time of inspection {row[0]} is not '
                               f'a time from {EARLIEST.year} up to {LATEST.year} ({row[2]!r})')
        if not (isinstance(row[1], int) and _text(row[3]) and _text(row[5], none=True)
                and _text(row[8]) and all(row[k] in (0, 1) for k in (4, 6, 7))):
            raise HistoryError(f'{self.path} is damaged: inspection {row[0]} holds a value of '
                               'the wrong type')

    def _alignment(self, row) -> Optional[list]:
        """Return an inspection's 2x3 alignment matrix (or None), or raise HistoryError."""
        what = f'the alignment of inspection {row[0]}'
        matrix = self._decoded(row[10], (list, type(None)), what)
        if matrix is not None and not (len(matrix) == 2 and all(
                isinstance(line, list) and len(line) == 3 and all(map(_number, line))
                for line in matrix)):
            raise HistoryError(f'{self.path} is damaged: {what} is not a 2x3 matrix of numbers')
        return matrix

    def _regions(self, row) -> list:
        """Return an inspection's changed regions (boxes), or raise HistoryError."""
        what = f'the regions of inspection {row[0]}'
        regions = self._decoded(row[11], list, what)
        if not all(isinstance(region, dict) and all(
                _number(region.get(key), 0, MAX_FILE_PIXELS) for key in _BOX)
                for region in regions):
            raise HistoryError(f'{self.path} is damaged: {what} are not boxes (x, y, width and '
                               f'height from 0 to {MAX_FILE_PIXELS} pixels)')
        return regions

    def _check_reading(self, row) -> None:
        """Raise HistoryError naming the reading unless its values have their types."""
        if not (_text(row[1]) and _number(row[2]) and _number(row[3], low=1e-12)
                and _text(row[4]) and all(v is None or _number(v) for v in row[5:7])
                and _text(row[7], none=True) and all(_number(v, low=0.0) for v in row[8:10])):
            raise HistoryError(f'{self.path} is damaged: the {row[1]} reading of inspection '
                               f'{row[0]} holds a value of the wrong type')

    def inspection_asset(self, inspection_id: int) -> str:
        """
        Return the asset name of an inspection, or raise UnknownInspectionError.

        An id beyond SQLite's 64-bit integers (2**63 and up) names no inspection either.
        """
        inspection_id = int(inspection_id)
        rows = self._query('SELECT a.name FROM inspections i JOIN assets a ON a.id = i.asset_id '
                           'WHERE i.id = ?', (inspection_id,)) \
            if -2 ** 63 <= inspection_id < 2 ** 63 else []
        if not rows:
            raise UnknownInspectionError(f'no inspection with id {inspection_id} in {self.path}')
        return rows[0][0]

    def mark_false_alarm(self, inspection_id: int, note: str, recorded_at: str) -> str:
        """
        Mark an inspection as a false alarm (idempotent); return its asset's name.

        Marked again with a note, the inspection keeps the newer note (an empty one changes
        nothing). A mark withdrawn (``withdraw_false_alarm``) may be given again: a new mark.

        Refused for a commissioning capture (it sets the noise floor: recommission instead), for
        a capture that was not valid (RETRY: it is in no trend to leave out), and for a note
        longer than ``MAX_NOTE`` characters or with control characters (line ends and tabs
        aside).
        """
        name = self.inspection_asset(inspection_id)
        _check_note(note, 'a false alarm')
        with self._write() as db:
            commissioning, valid, why = db.execute(
                'SELECT commissioning, valid, reason FROM inspections WHERE id = ?',
                (int(inspection_id),)).fetchone()
            if not valid:
                raise SubtleDiffError(
                    f'inspection {inspection_id} of {name} was not valid (RETRY: {why}): nothing '
                    'of it was recorded as aging, so there is no alarm to take back')
            if commissioning:
                raise SubtleDiffError(
                    f'inspection {inspection_id} of {name} is a commissioning capture, which '
                    'sets the noise floor and cannot be a false alarm; recommission the asset '
                    '(inspect --recommission) to replace its commissioning captures')
            latest = self._latest_feedback(db, inspection_id)
            if latest is None or latest[1] != 'false_alarm':
                db.execute('INSERT INTO feedback (inspection_id, kind, note, created_at) '
                           "VALUES (?, 'false_alarm', ?, ?)",
                           (int(inspection_id), note, recorded_at))
            elif note:
                db.execute('UPDATE feedback SET note = ? WHERE id = ?', (note, latest[0]))
        return name

    def withdraw_false_alarm(self, inspection_id: int, note: str, recorded_at: str) -> str:
        """
        Take back the false-alarm mark of an inspection; return its asset's name.

        The mark stays recorded, and so does its withdrawal (with ``note``: why, and when):
        the inspection counts in its asset's trends again. Refused for an inspection that is
        not marked as a false alarm now, and for a note ``mark_false_alarm`` would refuse.
        """
        name = self.inspection_asset(inspection_id)
        _check_note(note, 'a withdrawal')
        with self._write() as db:
            latest = self._latest_feedback(db, inspection_id)
            if latest is None or latest[1] != 'false_alarm':
                since = '' if latest is None else f' (its mark was withdrawn at {latest[2]})'
                raise SubtleDiffError(f'inspection {inspection_id} of {name} is not marked as a '
                                      f'false alarm{since}: there is no mark to withdraw')
            db.execute('INSERT INTO feedback (inspection_id, kind, note, created_at) '
                       "VALUES (?, 'withdrawal', ?, ?)", (int(inspection_id), note, recorded_at))
        return name

    @staticmethod
    def _latest_feedback(db, inspection_id: int):
        """Return (id, kind, created_at) of an inspection's latest feedback row, or None."""
        return db.execute('SELECT id, kind, created_at FROM feedback WHERE inspection_id = ? '
                          'ORDER BY id DESC LIMIT 1', (int(inspection_id),)).fetchone()


def _check_note(note, what: str) -> None:
    """Raise SubtleDiffError for a note that is no text, too long or with control characters."""
    if not isinstance(note, str):
        raise SubtleDiffError(f'the note of {what} must be text')
    if len(note) > MAX_NOTE:
        raise SubtleDiffError(f'the note is {len(note)} characters long; at most {MAX_NOTE} '
                              'are kept')
    odd = odd_characters(note)
    if odd:
        raise SubtleDiffError(f'the note has a control or undecodable character ({odd[0]!r}): '
                              'send plain text')


class _Transaction:
    """
    ``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on an exception) under the lock.

    Inside another one (same thread) it joins it: the outer one commits or rolls back.
    """

    def __init__(self, db, lock, path: str = ''):
        self._db, self._lock, self._path = db, lock, path
        self._joined = False

    def _error(self, exc) -> 'HistoryError':
        if _corrupt(exc):  # damaged since it was opened: SQLite rolls the transaction back
            return _damaged_pages(self._path, reason(exc))
        busy = ' (another process kept it locked: another inspect, or a node, writing it)' \
            if 'locked' in str(exc) else ''
        return HistoryError(f'cannot write the inspection history {self._path}: {exc}{busy}')

    def __enter__(self):
        self._lock.acquire()
        if self._db.in_transaction:
            self._joined = True
            return self._db
        try:
            self._db.execute('BEGIN IMMEDIATE')
        except sqlite3.Error as exc:
            self._lock.release()
            raise self._error(exc)
        return self._db

    def __exit__(self, kind, exc, traceback):
        if self._joined:
            self._lock.release()
            return False
        try:
            if kind is None:
                self._db.execute('COMMIT')
            else:
                self._db.execute('ROLLBACK')
        except sqlite3.Error as error:
            raise self._error(error)
        finally:
            self._lock.release()
        if isinstance(exc, sqlite3.Error):
            raise self._error(exc)
        return False

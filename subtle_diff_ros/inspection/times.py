# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Times of inspections: ISO 8601 in, aware UTC datetimes inside, ISO 8601 UTC out.

A time without a UTC offset ('2026-03-02T09:00:00') is taken as UTC, and a date alone as its
midnight UTC: a robot's clock and its history are kept in UTC, to the millisecond (a finer
fraction is rounded). Inspection times lie from 1970-01-01T00:00:00Z up to (not including)
3000-01-01T00:00:00Z (``EARLIEST``, ``LATEST``), and at most ``MAX_AHEAD_S`` (a day) ahead of
this machine's clock when they are recorded: a typo such as year 2126 for 2026, or a camera
whose clock runs a year ahead, would otherwise stay the asset's latest inspection until that
date, and every real inspection would be judged as coming before it. A day still takes a time
written in local time as UTC, in any time zone.
"""

from datetime import datetime, timedelta, timezone
import math
import re

from ..core.errors import quote, SubtleDiffError

SECONDS_PER_WEEK = 7 * 86400.0
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(3000, 1, 1, tzinfo=timezone.utc)
_RANGE = f'from {EARLIEST.date()} up to {LATEST.date()} (UTC)'
# The seconds of a time of day that are a leap second ('23:59:60', '235960.5Z').
_LEAP_SECOND = re.compile(r'[T ]\d\d(:?)\d\d\1(60)([.,]\d+)?(Z|[+-]\d\d(:?\d\d)?)?$')
# The shapes of ISO 8601 taken (calendar or week date; 'T' or a space; hours, minutes, seconds
# with a fraction; 'Z' or an offset in hours and minutes): datetime.fromisoformat alone also
# takes an empty fraction ('09:00:00.+00:00'), offsets in seconds and any separator.
_ISO_SHAPE = re.compile(r'\d{4}-?(?:\d\d-?\d\d|W\d\d(?:-?\d)?)'
                        r'(?:[T ]\d\d(?::?\d\d(?::?\d\d(?:[.,]\d+)?)?)?'
                        r'(?:Z|[+-]\d\d(?::?\d\d)?)?)?')
# How far ahead of this machine's clock an inspection time may lie when it is recorded.
MAX_AHEAD_S = 86400.0


def parse_time(text) -> datetime:
    """Return the aware UTC datetime of an ISO 8601 string in range, or raise SubtleDiffError."""
    if not isinstance(text, str) or not text.strip():
        raise SubtleDiffError(f'{quote(text)} is not a time: expected ISO 8601 such as '
                              '2026-03-02T09:00:00Z')
    shaped = bool(_ISO_SHAPE.fullmatch(text.strip()))
    try:
        if not shaped:
            raise ValueError(text)
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        if _LEAP_SECOND.search(text.strip()):
            raise SubtleDiffError(f'{quote(text)} names a leap second (:60): leap seconds are not '
                                  'supported; give the time a second earlier or later')
        if shaped and 'offset' in str(exc):  # "+25:00": Python's own words name its internals
            raise SubtleDiffError(f'{quote(text)} has a UTC offset beyond the +-14:00 of any '
                                  'time zone')
        if shaped:  # written as ISO 8601, but no such day or time ("2025-02-29", "24:00")
            # Python's "Invalid isoformat string: '...'" (a week 99) repeats the whole text
            detail = '' if 'isoformat' in str(exc) else f' ({exc})'
            raise SubtleDiffError(f'{quote(text)} is no real date and time{detail}')
        raise SubtleDiffError(f'{quote(text)} is not an ISO 8601 time (such as '
                              '2026-03-02T09:00:00Z or 2026-03-02T10:00:00+01:00)')
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    elif abs(moment.utcoffset()) > timedelta(hours=14):
        raise SubtleDiffError(f'{quote(text)} has a UTC offset beyond the +-14:00 of any '
                              'time zone')
    try:
        moment = to_millisecond(moment.astimezone(timezone.utc))
    except OverflowError:
        moment = None
    if moment is None or not EARLIEST <= moment < LATEST:
        raise SubtleDiffError(f'{quote(text)} is out of range: times run {_RANGE}')
    return moment


def to_millisecond(moment: datetime) -> datetime:
    """Return an aware datetime rounded to the millisecond, the precision times are kept to."""
    micro = moment.microsecond
    return moment + timedelta(microseconds=round(micro, -3) - micro)


def check_inspection_time(seconds: float) -> None:
    """
    Raise SubtleDiffError unless ``seconds`` since the epoch can be recorded as an inspection.

    It must lie in the range of times and at most ``MAX_AHEAD_S`` ahead of this machine's clock.
    """
    if not (math.isfinite(seconds) and EARLIEST.timestamp() <= seconds < LATEST.timestamp()):
        raise SubtleDiffError(f'an inspection time must lie {_RANGE}, not {seconds!r} s since '
                              'the epoch')
    clock = now()
    if seconds - clock.timestamp() > MAX_AHEAD_S:
        raise SubtleDiffError(
            f"the inspection time {iso(from_seconds(seconds))} lies ahead of this machine's "
            f'clock ({iso(clock)}) by more than {MAX_AHEAD_S / 86400:g} day: a typo in the '
            'date, or a clock set wrong?')


def from_seconds(seconds: float) -> datetime:
    """Return the aware UTC datetime of seconds since the epoch."""
    return datetime.fromtimestamp(float(seconds), timezone.utc)


def iso(moment: datetime) -> str:
    """
    Return the ISO 8601 UTC form of an aware datetime ('2026-03-02T09:00:00Z').

    A time with a fraction of a second keeps it, to the millisecond ('2026-03-02T09:00:00.250Z'):
    two inspections within one second are told apart in every report and export.
    """
    moment = to_millisecond(moment.astimezone(timezone.utc))
    text = moment.isoformat(timespec='milliseconds' if moment.microsecond else 'seconds')
    return text.replace('+00:00', 'Z')


def now() -> datetime:
    """Return the current time (aware, UTC)."""
    return datetime.now(timezone.utc)


def weeks_between(start: datetime, end: datetime) -> float:
    """Return the weeks from ``start`` to ``end``."""
    return (end - start) / timedelta(weeks=1)

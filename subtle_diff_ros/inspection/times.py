# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Times of inspections: ISO 8601 in, aware UTC datetimes inside, ISO 8601 UTC out.

A time without a UTC offset ('2026-03-02T09:00:00') is taken as UTC, and a date alone as its
midnight UTC: a robot's clock and its history are kept in UTC.
"""

from datetime import datetime, timedelta, timezone

from ..core.errors import SubtleDiffError

SECONDS_PER_WEEK = 7 * 86400.0


def parse_time(text) -> datetime:
    """Return the aware UTC datetime of an ISO 8601 string, or raise SubtleDiffError."""
    if not isinstance(text, str) or not text.strip():
        raise SubtleDiffError(f'{text!r} is not a time: expected ISO 8601 such as '
                              '2026-03-02T09:00:00Z')
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise SubtleDiffError(f'{text!r} is not an ISO 8601 time (such as 2026-03-02T09:00:00Z '
                              'or 2026-03-02T10:00:00+01:00)')
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def from_seconds(seconds: float) -> datetime:
    """Return the aware UTC datetime of seconds since the epoch."""
    return datetime.fromtimestamp(float(seconds), timezone.utc)


def iso(moment: datetime) -> str:
    """Return the ISO 8601 UTC form of an aware datetime ('2026-03-02T09:00:00Z')."""
    text = moment.astimezone(timezone.utc).isoformat(timespec='seconds')
    return text.replace('+00:00', 'Z')


def now() -> datetime:
    """Return the current time (aware, UTC)."""
    return datetime.now(timezone.utc)


def weeks_between(start: datetime, end: datetime) -> float:
    """Return the weeks from ``start`` to ``end``."""
    return (end - start) / timedelta(weeks=1)

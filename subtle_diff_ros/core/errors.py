# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Errors the core raises for bad input; every message says what was wrong."""

import re


class SubtleDiffError(ValueError):
    """Base class: a request the core cannot serve, with a message fit for a user."""


class QueryParseError(SubtleDiffError):
    """A difference sentence that the text understanding could not read."""


class UnanswerableQueryError(QueryParseError):
    """
    A text refused whatever the backend: one that asks nothing a choice answers.

    The images said to be alike, a third image; or no text to read at all (over the length
    limit, control characters, bytes that were not text).
    """


class InvalidImageError(SubtleDiffError):
    """An image that is empty, of the wrong shape or type, or unreadable."""


class ModelLoadError(SubtleDiffError):
    """Model weights that are missing or cannot be loaded."""


def weight_load_errors() -> tuple:
    """Return the exception types a missing, damaged or mismatched checkpoint raises on load."""
    try:
        from safetensors import SafetensorError
    except ImportError:
        return (OSError, ValueError, RuntimeError)
    return (OSError, ValueError, RuntimeError, SafetensorError)


class BackendUnavailableError(SubtleDiffError):
    """A backend that runs elsewhere (an inference server) cannot be reached right now."""


QUOTE_LIMIT = 80


def quote(value, limit: int = QUOTE_LIMIT) -> str:
    """Return ``repr(str(value))`` for a message, cut to ``limit`` characters when longer."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return f'{text[:limit]!r}… ({len(text)} characters)'


def reason(exc: BaseException) -> str:
    """Return an exception's message without object reprs (``<_io.BytesIO object at 0x...>``)."""
    text = re.sub(r'\s*<[^<>]* at 0x[0-9a-fA-F]+>', '', str(exc)).strip()
    return text or type(exc).__name__

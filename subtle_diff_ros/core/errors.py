# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Errors the core raises for bad input; every message says what was wrong."""


class SubtleDiffError(ValueError):
    """Base class: a request the core cannot serve, with a message fit for a user."""


class QueryParseError(SubtleDiffError):
    """A difference sentence that the text understanding could not read."""


class UnanswerableQueryError(QueryParseError):
    """A text that was read but asks nothing a choice answers: the images alike, a third image."""


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

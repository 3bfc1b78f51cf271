# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A backend that runs elsewhere, with a local one that answers while it cannot be reached.

``FallbackBackend`` builds its primary backend (a remote inference backend) with a factory and
answers with it; when the primary is unreachable (BackendUnavailableError), at start or
mid-run, the fallback (the measurement backend, or a local model) answers instead, every result
naming the backend that really answered, and ``status()`` says so for the diagnostics. The
primary is tried again at most every ``retry_s`` seconds.
"""

import logging
import threading
import time
from typing import Callable, Optional

from .base import MEASUREMENT_BACKEND
from ..core.errors import BackendUnavailableError

_LOG = logging.getLogger('subtle_diff_ros')


class FallbackBackend:
    """Answer with ``build_primary()``'s backend; with ``fallback`` while it is unreachable."""

    def __init__(self, build_primary: Callable[[], object], fallback, name: str,
                 retry_s: float = 5.0):
        """Try to build the primary now; ``name`` is the primary's backend name."""
        self._build_primary = build_primary
        self.fallback = fallback
        self.name = name
        self.retry_s = float(retry_s)
        self.primary = None
        self.problem: Optional[str] = None  # why the fallback answers, while it does
        self._next_try = 0.0
        self._lock = threading.Lock()
        self._primary()

    @property
    def model(self) -> str:
        """Return what the primary runs (or what the fallback runs while it is unreachable)."""
        return self.primary.model if self.primary is not None else self.fallback.model

    @property
    def device(self) -> str:
        """Return where the primary computes (or the fallback while it is unreachable)."""
        return self.primary.device if self.primary is not None else self.fallback.device

    def status(self) -> Optional[str]:
        """Return None while the primary answers, else why and which backend answers instead."""
        problem = self.problem
        return None if problem is None else \
            f'{problem}; serving with the {self.fallback.name} backend meanwhile'

    def _primary(self):
        """Return the primary backend, building it when due; None while it is unreachable."""
        with self._lock:
            if self.primary is None and time.monotonic() >= self._next_try:
                try:
                    self.primary = self._build_primary()
                except BackendUnavailableError as exc:
                    self._failed(exc)
            return self.primary if self.problem is None or self._due() else None

    def _due(self) -> bool:
        return time.monotonic() >= self._next_try

    def _failed(self, exc: BackendUnavailableError) -> None:
        if self.problem is None:
            _LOG.warning(f'{exc}; answering with the {self.fallback.name} backend and trying '
                         f'again every {self.retry_s:g} s')
        self.problem = str(exc)
        self._next_try = time.monotonic() + self.retry_s

    def _recovered(self) -> None:
        if self.problem is not None:
            _LOG.info(f'the {self.name} backend answers again')
        self.problem = None

    def _call(self, primary_call, fallback_call):
        primary = self._primary()
        if primary is not None:
            try:
                result = primary_call(primary)
            except BackendUnavailableError as exc:
                with self._lock:
                    self._failed(exc)
            else:
                with self._lock:
                    self._recovered()
                return result
        return fallback_call(self.fallback)

    def select(self, images, query, method=None, masks=None):
        """Select with the primary, or with the fallback while the primary is unreachable."""
        local_method = None if self.fallback.name == MEASUREMENT_BACKEND else method
        return self._call(lambda b: b.select(images, query, method=method, masks=masks),
                          lambda b: b.select(images, query, method=local_method, masks=masks))

    def describe(self, image_1, image_2, attribute, object_name=None, masks=None):
        """Describe with the primary, or with the fallback while the primary is unreachable."""
        return self._call(
            lambda b: b.describe(image_1, image_2, attribute, object_name, masks),
            lambda b: b.describe(image_1, image_2, attribute, object_name, masks))

    def select_inputs(self, images, query, method=None, masks=None):
        """Return the primary's (images, texts) of a selection; none while it is away."""
        primary = self.primary
        return primary.select_inputs(images, query, method, masks) if primary else ([], [])

    def describe_inputs(self, image_1, image_2, masks=None):
        """Return the primary's (images, texts) of a description; none while it is away."""
        primary = self.primary
        return primary.describe_inputs(image_1, image_2, masks) if primary else ([], [])

    def prefetch(self, images, texts) -> None:
        """Encode a batch's inputs with the primary (an unreachable one is noted)."""
        primary = self._primary()
        if primary is not None and (images or texts):
            try:
                primary.prefetch(images, texts)
            except BackendUnavailableError as exc:
                with self._lock:
                    self._failed(exc)

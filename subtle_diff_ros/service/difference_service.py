# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Serve selection and description requests: every request is checked here, once, then answered.

``DifferenceService`` holds the server's backend and the measurement backend (always available),
validates a request's text, candidates, method, backend, attribute and images before any
backend sees it, and keeps request statistics for the diagnostics.
"""

from collections import deque
import threading
import time
from typing import Callable, Deque, Dict, Optional, Sequence, Tuple

import numpy as np

from .batching import (BATCHING_DEFAULTS, check_batching, DeadlineError, DESCRIBE,
                       OverloadedError, RequestBatcher, SELECT, STOPPED)
from ..backends.base import MEASUREMENT_BACKEND, measurement_backend
from ..backends.image_text.scoring import METHODS
from ..core.axes import ATTRIBUTES
from ..core.decide import require_candidates
from ..core.errors import (InvalidImageError, QueryParseError, quote, SubtleDiffError,
                           UnanswerableQueryError)
from ..core.query import DifferenceQuery
from ..core.results import DifferenceDescription, SelectionResult
from ..core.wording import check_object_name
from ..vision.image_io import check_image, FLOAT_SLACK, MAX_FILE_PIXELS, MIN_IMAGE_SIDE

# The attribute codes of DescribeDifference (ATTRIBUTE_COLOR=0, ...), in order.
ATTRIBUTE_BY_CODE = ATTRIBUTES


def request_image(image, name: str, max_pixels: int = MAX_FILE_PIXELS) -> np.ndarray:
    """
    Return a request's image as RGB uint8 (``check_image``), or raise InvalidImageError.

    Float images hold intensities in [0, 1], as ``as_rgb_image`` documents: one with values
    outside (beyond rounding, ``FLOAT_SLACK``), such as 0..255, is refused rather than clipped
    to white (or black). An image over ``max_pixels`` pixels is refused before it is read.
    """
    if isinstance(image, np.ndarray) and image.ndim >= 2 and \
            image.shape[0] * image.shape[1] > max_pixels:
        raise InvalidImageError(f'{name} is {image.shape[1]}x{image.shape[0]}, over the limit '
                                f'of {max_pixels} pixels')
    if isinstance(image, np.ndarray) and image.dtype.kind == 'f' and image.size \
            and np.isfinite(image).all():  # non-finite values: check_image says so
        low, high = float(image.min()), float(image.max())
        if low < -FLOAT_SLACK or high > 1.0 + FLOAT_SLACK:
            raise InvalidImageError(
                f'{name} is a float image with values from {low:.6g} to {high:.6g}: float '
                'images hold intensities in [0, 1] (divide 0..255 values by 255, or send '
                'uint8)')
    return check_image(image, name, max_pixels)


def _parse(text: str) -> DifferenceQuery:
    from ..text import parse_difference
    return parse_difference(text)


def query_for(text: str, backend, parse: Callable[[str], DifferenceQuery]) -> DifferenceQuery:
    """
    Return the parsed query of ``text`` for ``backend``.

    A text the parser cannot read raises QueryParseError, unless ``backend`` reads raw text
    (``reads_raw_text``): then an unparsed query carries it (``parsed`` False) and the backend
    scores the text itself; one that was read and refused (UnanswerableQueryError) is refused
    for every backend.
    """
    try:
        return parse(text)
    except UnanswerableQueryError:
        raise
    except QueryParseError:
        if not getattr(backend, 'reads_raw_text', False):
            raise
    from ..text import raw_text_query
    return raw_text_query(text)


# Longest a request may be kept waiting (an hour): beyond it a typo, not a setting.
MAX_REQUEST_TIMEOUT_S = 3600.0


class LatencyStats:
    """Counts of served requests and their latency; thread-safe."""

    def __init__(self):
        """Start with no requests."""
        self._lock = threading.Lock()
        self.requests = 0
        self.failures = 0
        self.last_s = 0.0
        self.total_s = 0.0

    def record(self, seconds: float, success: bool) -> None:
        """Add one request that took ``seconds``."""
        with self._lock:
            self.requests += 1
            self.failures += 0 if success else 1
            self.last_s = seconds
            self.total_s += seconds

    def typical_ms(self) -> float:
        """Return the mean latency in milliseconds (50 before any request)."""
        with self._lock:
            return 1e3 * self.total_s / self.requests if self.requests else 50.0

    def snapshot(self) -> Dict[str, float]:
        """Return requests, failures, last and mean latency in milliseconds."""
        with self._lock:
            mean = self.total_s / self.requests if self.requests else 0.0
            return {'requests': self.requests, 'failures': self.failures,
                    'last_latency_ms': 1e3 * self.last_s, 'mean_latency_ms': 1e3 * mean}


def _checked_batching(batching: Optional[Dict[str, float]]) -> Optional[Dict[str, float]]:
    """Return the batching settings, or raise SubtleDiffError for unknown or bad ones."""
    if batching is None:
        return None
    if not isinstance(batching, dict) or set(batching) - set(BATCHING_DEFAULTS):
        raise SubtleDiffError(f'batching takes {", ".join(BATCHING_DEFAULTS)} (got '
                              f'{quote(str(batching))})')
    check_batching(**{**BATCHING_DEFAULTS, **batching})
    return batching


def batchable(backend) -> bool:
    """Return whether a request batcher can encode the inputs of several requests at once."""
    return all(hasattr(backend, name) for name in ('prefetch', 'select_inputs',
                                                   'describe_inputs'))


class DifferenceService:
    """
    Serve selection and description requests with a loaded backend and the measurement one.

    ``backend`` is the server's backend; the measurement backend is always available as well
    (it is ``backend`` itself when the server runs it). Image-text encoders keep caches and CUDA
    state that are not thread-safe: with ``batching`` (the keyword arguments of a
    ``RequestBatcher``: max_batch_size, max_queue_delay_ms, max_queue_size), requests to an
    image-text backend are queued and served in batches by one worker thread (selection
    first); without it, and for the measurement backend, one request at a time, first come
    first served (a request just answered cannot take the backend again before those waiting).
    ``request_timeout_s`` is how long a request may wait, in the batcher's queue or for a
    backend serving one at a time; past ``max_queue_size`` waiting requests (16 without
    batching), a request is refused as overloaded at once.
    """

    def __init__(self, backend, measurement=None, method: str = 'ensemble',
                 parse: Callable[[str], DifferenceQuery] = _parse,
                 batching: Optional[Dict[str, float]] = None, request_timeout_s: float = 30.0,
                 max_image_pixels: int = MAX_FILE_PIXELS):
        """
        Serve with ``backend`` ('ensemble' etc. is the default method of image-text ones).

        Request images over ``max_image_pixels`` pixels are refused before they are read.
        """
        if method not in METHODS:
            raise SubtleDiffError(f'unknown method {quote(method)}: expected one of '
                                  f'{", ".join(METHODS)}')
        self.backend = backend
        self.measurement = measurement if measurement is not None else (
            backend if backend.name == MEASUREMENT_BACKEND else measurement_backend())
        self.method = method
        self._parse = parse
        # Backends serving a request now (by id); requests for one wait on ``_backend_free``.
        self._busy = set()
        self._backend_free = threading.Condition()
        self._closed = False
        self.stats = LatencyStats()
        try:
            self.request_timeout_s = float(request_timeout_s)
        except (TypeError, ValueError):
            self.request_timeout_s = float('nan')  # refused below
        if not 0 < self.request_timeout_s <= MAX_REQUEST_TIMEOUT_S:
            raise SubtleDiffError(f'request_timeout_s must be above 0 and at most '
                                  f'{MAX_REQUEST_TIMEOUT_S:g} s (got '
                                  f'{quote(str(request_timeout_s))})')
        if isinstance(max_image_pixels, bool) or not isinstance(max_image_pixels, int) or \
                not MIN_IMAGE_SIDE ** 2 <= max_image_pixels <= MAX_FILE_PIXELS:
            raise SubtleDiffError(f'max_image_pixels must be a whole number from '
                                  f'{MIN_IMAGE_SIDE ** 2} to {MAX_FILE_PIXELS} (got '
                                  f'{quote(str(max_image_pixels))})')
        self.max_image_pixels = max_image_pixels
        batching = _checked_batching(batching)
        self.batcher = None
        if batching is not None and batchable(backend):
            self.batcher = RequestBatcher(backend.prefetch, **batching)
        # Requests waiting for a backend that serves one at a time, in arrival order, by backend,
        # and their limit.
        self._lines: Dict[int, Deque[object]] = {}
        self.max_waiting = int({**BATCHING_DEFAULTS, **(batching or {})}['max_queue_size'])

    def close(self) -> None:
        """
        Stop serving: requests still waiting get an error answer at once.

        Those queued in the batcher, and those waiting for a backend another request uses, are
        answered "the server stopped before serving the request"; those being served finish.
        """
        with self._backend_free:
            self._closed = True
            self._backend_free.notify_all()
        if self.batcher is not None:
            self.batcher.close()

    def _run(self, chosen, priority: int, work: Callable[[], object], inputs: Callable):
        """Run ``work`` with ``chosen``: batched when it is the batched backend, else alone."""
        if self.batcher is not None and chosen is self.backend:
            images, texts = inputs()
            return self.batcher.call(work, images, texts, priority, self.request_timeout_s)
        key, ticket = id(chosen), object()
        with self._backend_free:
            line = self._lines.setdefault(key, deque())
            if key in self._busy and len(line) >= self.max_waiting:
                # a burst is refused at once, as the batcher does, not left to pile up unanswered
                raise OverloadedError(len(line), self.max_waiting,
                                      (len(line) + 1) * self.stats.typical_ms())
            line.append(ticket)
            try:  # served in arrival order: the backend free and this request first in line
                free = self._backend_free.wait_for(
                    lambda: self._closed or key not in self._busy and line[0] is ticket,
                    self.request_timeout_s)
            finally:
                line.remove(ticket)
                self._backend_free.notify_all()  # the next in line checks whether it may go
            if self._closed:
                raise SubtleDiffError(STOPPED)
            if not free:
                raise DeadlineError(f'the request waited {self.request_timeout_s:g} s for the '
                                    f'{chosen.name} backend (request_timeout_s) and was not '
                                    'served; retry later')
            self._busy.add(key)
        try:
            return work()
        finally:
            with self._backend_free:
                self._busy.discard(key)
                self._backend_free.notify_all()

    @property
    def backend_names(self) -> Tuple[str, ...]:
        """Return the backend names a request may ask for (besides '')."""
        return tuple(dict.fromkeys((self.backend.name, MEASUREMENT_BACKEND)))

    def resolve_backend(self, name: str):
        """Return the backend a request names: '' is the server's, 'analytic' always exists."""
        if name == '' or name == self.backend.name:
            return self.backend
        if name == MEASUREMENT_BACKEND:
            return self.measurement
        raise SubtleDiffError(f'backend {quote(name)} is not loaded in this server: use "" or one '
                              f'of {", ".join(self.backend_names)}')

    def parse(self, text: str, backend=None) -> DifferenceQuery:
        """
        Return the parsed query of a request text, or raise SubtleDiffError.

        With a ``backend`` that reads raw text, a text the parser cannot read gives an unparsed
        query (``query_for``) instead of an error.
        """
        if text is not None and not isinstance(text, str):
            raise SubtleDiffError(f'the text must be a string, not {type(text).__name__}')
        if not text or not text.strip():
            raise SubtleDiffError('the text is empty: give a difference sentence or a command')
        from ..text import check_text
        check_text(text)
        return query_for(text, backend, self._parse)

    def _selection_method(self, chosen, method: str):
        """Return the method to pass to ``chosen`` for a request's ``method`` ('' or a name)."""
        if method and method not in METHODS + (MEASUREMENT_BACKEND,):
            raise SubtleDiffError(f'unknown method {quote(method)}: expected "" or one of '
                                  f'{", ".join(METHODS + (MEASUREMENT_BACKEND,))}')
        # The measurement backend has one method; image-text methods are ignored there, so
        # clients written for CLIP keep working when the server fell back to it.
        if chosen.name == MEASUREMENT_BACKEND:
            return None
        if method == MEASUREMENT_BACKEND:
            raise SubtleDiffError(f'method {quote(method)} needs backend {MEASUREMENT_BACKEND!r}')
        return method or self.method

    def select(self, images: Sequence[np.ndarray], text: str, method: str = '',
               backend: str = '') -> SelectionResult:
        """
        Choose the image that ``text`` fits among two or more candidates.

        ``images`` is a list or tuple of arrays (``request_image``). Candidates may differ in
        size: each is scored on its own.
        """
        chosen = self.resolve_backend(backend)
        method = self._selection_method(chosen, method)
        if not (isinstance(images, (list, tuple))
                or isinstance(images, np.ndarray) and images.ndim):
            raise SubtleDiffError(f'the candidate images must be a list or tuple, not '
                                  f'{type(images).__name__}')
        require_candidates(len(images))
        query = self.parse(text, chosen)
        images = [request_image(image, f'candidate {i}', self.max_image_pixels)
                  for i, image in enumerate(images)]
        return self._run(chosen, SELECT, lambda: chosen.select(images, query, method=method),
                         lambda: chosen.select_inputs(images, query, method))

    def describe(self, image_1: np.ndarray, image_2: np.ndarray, attribute_code: int,
                 object_name: str = '', backend: str = '') -> DifferenceDescription:
        """Say how image 1 differs from image 2 in the attribute of ``attribute_code``."""
        chosen = self.resolve_backend(backend)
        if isinstance(attribute_code, bool) or not isinstance(attribute_code, (int, np.integer)) \
                or not 0 <= attribute_code < len(ATTRIBUTE_BY_CODE):
            raise SubtleDiffError(f'unknown attribute value {attribute_code!r}: expected 0 '
                                  '(color), 1 (shape) or 2 (texture)')
        object_name = check_object_name(object_name)
        attribute = ATTRIBUTE_BY_CODE[attribute_code]
        image_1 = request_image(image_1, 'image_1', self.max_image_pixels)
        image_2 = request_image(image_2, 'image_2', self.max_image_pixels)
        description = self._run(
            chosen, DESCRIBE,
            lambda: chosen.describe(image_1, image_2, attribute, object_name),
            lambda: chosen.describe_inputs(image_1, image_2))
        if not description.regions and not description.no_difference:
            from ..vision.localization import changed_regions
            from ..vision.pair import prepare_pair
            pair = prepare_pair(image_1, image_2)
            description.regions = changed_regions(pair)
            description.registration = pair.registration
        return description

    def warm_up(self) -> float:
        """Run one selection and one description on small images; return the seconds it took."""
        start = time.perf_counter()
        rng = np.random.default_rng(0)
        images = [rng.integers(0, 256, (64, 64, 3), dtype=np.uint8) for _ in range(2)]
        self.select(images, 'the darker cup')
        self.describe(images[0], images[1], 0)
        return time.perf_counter() - start

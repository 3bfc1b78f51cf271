# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
What the difference server does, without ROS: backends, request checks, live frames, statistics.

The ROS node (``nodes/difference_server.py``) only converts messages to arrays and back; every
decision about a request is taken here, so it is tested without ROS and shared with benchmarks.
"""

from dataclasses import dataclass
import threading
import time
from typing import Any, Callable, Dict, Optional, Sequence, Tuple

import numpy as np

from .errors import SubtleDiffError
from .query import ATTRIBUTES, DifferenceQuery
from .results import DifferenceDescription, SelectionResult

# The attribute codes of DescribeDifference (ATTRIBUTE_COLOR=0, ...), in order.
ATTRIBUTE_BY_CODE = ATTRIBUTES
METHODS = ('s', 'sd', 'ensemble')
ANALYTIC = 'analytic'
MAX_TEXT_LENGTH = 1000
MAX_OBJECT_NAME_LENGTH = 100


def _analytic_backend():
    from .analytic_backend import AnalyticBackend
    return AnalyticBackend()


def backend_device(backend) -> str:
    """Return the device a backend computes on ('cpu' for weight-free backends)."""
    encoder = getattr(backend, 'encoder', None)
    return str(getattr(encoder, 'device', None) or getattr(backend, 'device', None) or 'cpu')


def backend_model(backend) -> str:
    """Return the model a backend runs (its checkpoint), or its name when it has no weights."""
    encoder = getattr(backend, 'encoder', None)
    return str(getattr(encoder, 'name', None) or backend.name)


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

    def snapshot(self) -> Dict[str, float]:
        """Return requests, failures, last and mean latency in milliseconds."""
        with self._lock:
            mean = self.total_s / self.requests if self.requests else 0.0
            return {'requests': self.requests, 'failures': self.failures,
                    'last_latency_ms': 1e3 * self.last_s, 'mean_latency_ms': 1e3 * mean}


@dataclass(frozen=True)
class Frame:
    """The latest frame of a camera, kept undecoded: ``message`` is whatever the camera sent."""

    message: Any
    stamp_ns: int
    received_ns: int
    frame_id: str


class LatestFrames:
    """The latest frame of each camera; storing never waits on anything but a short lock."""

    def __init__(self, cameras: Sequence[str]):
        """Keep frames for the named cameras only."""
        self.cameras = tuple(cameras)
        self._frames: Dict[str, Frame] = {}
        self._lock = threading.Lock()

    def put(self, camera: str, frame: Frame) -> None:
        """Replace the latest frame of ``camera``."""
        with self._lock:
            self._frames[camera] = frame

    def get(self, camera: str, now_ns: int, max_age_s: float) -> Frame:
        """
        Return the latest frame of ``camera`` or raise SubtleDiffError.

        A frame's age is measured from its header stamp (its receipt time when the stamp is zero);
        frames older than ``max_age_s`` are refused (no limit when ``max_age_s`` <= 0).
        """
        if camera not in self.cameras:
            known = ', '.join(self.cameras) or 'none configured'
            raise SubtleDiffError(f'unknown camera {camera!r} (cameras: {known})')
        with self._lock:
            frame = self._frames.get(camera)
        if frame is None:
            raise SubtleDiffError(f'no frame received yet from camera {camera!r}')
        age_s = (now_ns - (frame.stamp_ns or frame.received_ns)) * 1e-9
        if max_age_s > 0 and age_s > max_age_s:
            raise SubtleDiffError(f'the latest frame of camera {camera!r} is {age_s:.2f} s old, '
                                  f'over max_frame_age_s = {max_age_s:g}')
        return frame

    def ages_s(self, now_ns: int) -> Dict[str, Optional[float]]:
        """Return the age in seconds of each camera's latest frame (None when none came)."""
        with self._lock:
            frames = dict(self._frames)
        return {camera: ((now_ns - (frames[camera].stamp_ns or frames[camera].received_ns))
                         * 1e-9 if camera in frames else None) for camera in self.cameras}


def _parse(text: str, attribute: Optional[str] = None) -> DifferenceQuery:
    from .text import parse_difference
    return parse_difference(text, attribute)


def _changed_regions(image_1: np.ndarray, image_2: np.ndarray):
    from .localization import find_changed_regions
    return find_changed_regions(image_1, image_2)


class DifferenceService:
    """
    Serve selection and description requests with a loaded backend and the analytic one.

    ``backend`` is the server's backend; the analytic backend is always available as well (it is
    ``backend`` itself when the server runs it). Backends run one request at a time (a lock),
    since image-text encoders keep caches and CUDA state that are not thread-safe.
    """

    def __init__(self, backend, analytic=None, method: str = 'ensemble',
                 parse: Callable[[str], DifferenceQuery] = _parse):
        """Serve with ``backend`` ('ensemble' etc. is the default method of image-text ones)."""
        if method not in METHODS:
            raise SubtleDiffError(f'unknown method {method!r}: expected one of '
                                  f'{", ".join(METHODS)}')
        self.backend = backend
        self.analytic = analytic if analytic is not None else (
            backend if backend.name == ANALYTIC else _analytic_backend())
        self.method = method
        self._parse = parse
        self._locks = {id(self.backend): threading.Lock(), id(self.analytic): threading.Lock()}
        self.stats = LatencyStats()

    @property
    def backend_names(self) -> Tuple[str, ...]:
        """Return the backend names a request may ask for (besides '')."""
        return tuple(dict.fromkeys((self.backend.name, ANALYTIC)))

    def resolve_backend(self, name: str):
        """Return the backend a request names: '' is the server's, 'analytic' always exists."""
        if name == '' or name == self.backend.name:
            return self.backend
        if name == ANALYTIC:
            return self.analytic
        raise SubtleDiffError(f'backend {name!r} is not loaded in this server: use "" or one of '
                              f'{", ".join(self.backend_names)}')

    def parse(self, text: str) -> DifferenceQuery:
        """Return the parsed query of a request text, or raise SubtleDiffError."""
        if not isinstance(text, str) or not text.strip():
            raise SubtleDiffError('the text is empty: give a difference sentence or a command')
        if len(text) > MAX_TEXT_LENGTH:
            raise SubtleDiffError(f'the text has {len(text)} characters, over the limit of '
                                  f'{MAX_TEXT_LENGTH}')
        return self._parse(text)

    def select(self, images: Sequence[np.ndarray], text: str, method: str = '',
               backend: str = '') -> SelectionResult:
        """
        Choose the image that ``text`` fits among two or more candidates.

        Candidates may differ in size: each is scored on its own.
        """
        chosen = self.resolve_backend(backend)
        if method and method not in METHODS + (ANALYTIC,):
            raise SubtleDiffError(f'unknown method {method!r}: expected "" or one of '
                                  f'{", ".join(METHODS + (ANALYTIC,))}')
        if len(images) < 2:
            raise SubtleDiffError(f'selection needs at least two candidate images, got '
                                  f'{len(images)}')
        query = self.parse(text)
        # The analytic backend has one method; image-text methods are ignored there, so clients
        # written for CLIP keep working when the server fell back to the analytic backend.
        if chosen.name == ANALYTIC:
            method = None
        elif method == ANALYTIC:
            raise SubtleDiffError(f'method {ANALYTIC!r} needs backend {ANALYTIC!r}')
        else:
            method = method or self.method
        with self._locks[id(chosen)]:
            return chosen.select(list(images), query, method=method)

    def describe(self, image_1: np.ndarray, image_2: np.ndarray, attribute_code: int,
                 object_name: str = '', backend: str = '') -> DifferenceDescription:
        """Say how image 1 differs from image 2 in the attribute of ``attribute_code``."""
        chosen = self.resolve_backend(backend)
        if not 0 <= attribute_code < len(ATTRIBUTE_BY_CODE):
            raise SubtleDiffError(f'unknown attribute value {attribute_code}: expected 0 (color), '
                                  '1 (shape) or 2 (texture)')
        if len(object_name) > MAX_OBJECT_NAME_LENGTH:
            raise SubtleDiffError(f'the object name has {len(object_name)} characters, over the '
                                  f'limit of {MAX_OBJECT_NAME_LENGTH}')
        attribute = ATTRIBUTE_BY_CODE[attribute_code]
        with self._locks[id(chosen)]:
            description = chosen.describe(image_1, image_2, attribute, object_name or None)
        if not description.regions and not description.no_difference:
            description.regions = _changed_regions(image_1, image_2)
        return description

    def warm_up(self) -> float:
        """Run one selection and one description on small images; return the seconds it took."""
        start = time.perf_counter()
        rng = np.random.default_rng(0)
        images = [rng.integers(0, 256, (64, 64, 3), dtype=np.uint8) for _ in range(2)]
        self.select(images, 'the darker cup')
        self.describe(images[0], images[1], 0)
        return time.perf_counter() - start

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Dynamic batching of requests to one image-text encoder: a bounded priority queue and one worker.

Requests that arrive within ``max_queue_delay_ms`` of the first waiting one (up to
``max_batch_size`` of them) are served together: the images and texts of all of them are encoded
in one batched call (the encoder caches embeddings by content, so each request then finds its
own), and each request is then answered on its own. A lone caller (the last batch held one
request and one waits now) is served at once instead of waiting out the delay. Selection
(priority ``SELECT``) goes before inspection and description (``DESCRIBE``) when both wait;
within a priority, first come first served. A full queue refuses at once with
``OverloadedError`` (never a silent wait), and a request still waiting at its deadline is
answered with ``DeadlineError``. The worker is the only thread that touches the encoder, so the
encoder needs no lock.
"""

from concurrent.futures import Future
from dataclasses import dataclass, field
import heapq
import itertools
import threading
import time
from typing import Callable, Dict, List, Optional, Sequence

from ..core.errors import SubtleDiffError

# The answer to a request the server stopped before it was served.
STOPPED = 'the server stopped before serving the request'

SELECT, DESCRIBE = 0, 1  # priorities: lower is served first


class OverloadedError(SubtleDiffError):
    """The queue is full: the request was refused at once; ``retry_after_ms`` is a hint."""

    def __init__(self, waiting: int, limit: int, retry_after_ms: float):
        """Say how many requests wait, the limit and when to retry."""
        self.waiting, self.limit = waiting, limit
        self.retry_after_ms = max(1, int(round(retry_after_ms)))
        super().__init__(f'the server is overloaded ({waiting} requests waiting, limit {limit}); '
                         f'retry in about {self.retry_after_ms} ms')


class DeadlineError(SubtleDiffError):
    """A request waited in the queue past its deadline and was not served."""


@dataclass(order=True)
class _Job:
    priority: int
    sequence: int
    deadline: float = field(compare=False)
    enqueued: float = field(compare=False)
    run: Callable[[], object] = field(compare=False)
    images: Sequence = field(compare=False, default=())
    texts: Sequence[str] = field(compare=False, default=())
    future: Future = field(compare=False, default_factory=Future)


# Upper limits of the batching parameters: beyond them a typo, not a setting (every request the
# queue may hold gets an executor thread).
MAX_BATCH_SIZE, MAX_QUEUE_SIZE, MAX_QUEUE_DELAY_MS = 256, 4096, 1000.0


# The batching settings and their defaults.
BATCHING_DEFAULTS = {'max_batch_size': 8, 'max_queue_delay_ms': 5.0, 'max_queue_size': 16}


def check_batching(max_batch_size, max_queue_delay_ms, max_queue_size) -> None:
    """Raise SubtleDiffError unless the batching parameters are numbers within their limits."""
    try:
        within = (1 <= max_batch_size <= MAX_BATCH_SIZE and 1 <= max_queue_size <= MAX_QUEUE_SIZE
                  and 0 <= max_queue_delay_ms <= MAX_QUEUE_DELAY_MS)
    except TypeError:  # a text or None: no number to compare
        within = False
    if not within:
        raise SubtleDiffError(
            f'max_batch_size must be 1 to {MAX_BATCH_SIZE}, max_queue_size 1 to '
            f'{MAX_QUEUE_SIZE} and max_queue_delay_ms 0 to {MAX_QUEUE_DELAY_MS:g} (got '
            f'{max_batch_size}, {max_queue_size} and {max_queue_delay_ms})')


class RequestBatcher:
    """
    Serve requests in batches on one worker thread.

    ``prefetch(images, texts)`` encodes the inputs of a whole batch in one call (errors there
    are not fatal: each request then runs on its own and reports its own error);
    ``submit(run, images, texts, priority, timeout_s)`` queues one request whose ``run()``
    computes its answer, and returns a Future of that answer.
    """

    def __init__(self, prefetch: Callable[[List, List[str]], None],
                 max_batch_size: int = BATCHING_DEFAULTS['max_batch_size'],
                 max_queue_delay_ms: float = BATCHING_DEFAULTS['max_queue_delay_ms'],
                 max_queue_size: int = BATCHING_DEFAULTS['max_queue_size'],
                 name: str = 'request batcher'):
        """Start the worker; see the module docstring for the parameters."""
        check_batching(max_batch_size, max_queue_delay_ms, max_queue_size)
        self.prefetch = prefetch
        self.max_batch_size = int(max_batch_size)
        self.max_queue_delay_s = float(max_queue_delay_ms) / 1000.0
        self.max_queue_size = int(max_queue_size)
        self._queue: List[_Job] = []
        self._sequence = itertools.count()
        self._condition = threading.Condition()
        self._closed = False
        self._batch_seconds = 0.0  # moving average of the time one batch takes
        self.batch_sizes: Dict[int, int] = {}  # batch size -> how many batches had it
        self._last_batch_size = 0  # none yet: the first request waits for company
        self._worker = threading.Thread(target=self._serve, name=name, daemon=True)
        self._worker.start()

    # Callers.

    def submit(self, run: Callable[[], object], images: Sequence = (),
               texts: Sequence[str] = (), priority: int = SELECT,
               timeout_s: float = 30.0) -> Future:
        """Queue a request; raise OverloadedError at once when the queue is full."""
        now = time.monotonic()
        job = _Job(priority=priority, sequence=next(self._sequence), deadline=now + timeout_s,
                   enqueued=now, run=run, images=list(images), texts=list(texts))
        with self._condition:
            if self._closed:
                raise SubtleDiffError('the request batcher is stopped')
            if len(self._queue) >= self.max_queue_size:
                raise OverloadedError(len(self._queue), self.max_queue_size,
                                      self._retry_after_ms(len(self._queue)))
            heapq.heappush(self._queue, job)
            self._condition.notify()
        return job.future

    def call(self, run: Callable[[], object], images: Sequence = (), texts: Sequence[str] = (),
             priority: int = SELECT, timeout_s: float = 30.0):
        """Submit a request and wait for its answer (its exception is raised here)."""
        future = self.submit(run, images, texts, priority, timeout_s)
        # The worker answers every job by its deadline or with its result; the margin covers a
        # batch already running at the deadline.
        return future.result(timeout=timeout_s + 60.0 + 10 * self._batch_seconds)

    def waiting(self) -> int:
        """Return how many requests wait in the queue."""
        with self._condition:
            return len(self._queue)

    def stats(self) -> Dict[str, object]:
        """Return the queue length, the mean batch time and the batch sizes formed so far."""
        with self._condition:
            return {'waiting': len(self._queue), 'mean_batch_ms': 1e3 * self._batch_seconds,
                    'batch_sizes': dict(sorted(self.batch_sizes.items()))}

    def close(self) -> None:
        """Stop the worker; requests still queued are answered with an error."""
        with self._condition:
            self._closed = True
            left, self._queue = self._queue, []
            self._condition.notify_all()
        for job in left:
            job.future.set_exception(SubtleDiffError(STOPPED))
        if threading.current_thread() is not self._worker:
            self._worker.join(timeout=10)

    def _retry_after_ms(self, waiting: int) -> float:
        batches_ahead = waiting / self.max_batch_size + 1
        return 1e3 * batches_ahead * max(self._batch_seconds, self.max_queue_delay_s, 1e-3)

    # The worker.

    def _take_batch(self) -> Optional[List[_Job]]:
        """Wait for requests; return up to max_batch_size of them (None once closed)."""
        with self._condition:
            while not self._queue and not self._closed:
                self._condition.wait()
            if self._closed:
                return None
            # Wait for more requests up to max_queue_delay_s after the oldest one arrived,
            # unless a lone caller is being served: the last batch held one request and one
            # waits now (one robot would wait the whole delay before every request).
            oldest = min(job.enqueued for job in self._queue)
            lone = self._last_batch_size == 1 and len(self._queue) == 1
            while len(self._queue) < self.max_batch_size and not self._closed and not lone:
                left = oldest + self.max_queue_delay_s - time.monotonic()
                if left <= 0:
                    break
                self._condition.wait(left)
            count = min(self.max_batch_size, len(self._queue))
            self._last_batch_size = count
            return [heapq.heappop(self._queue) for _ in range(count)]

    def _serve(self) -> None:
        while True:
            jobs = self._take_batch()
            if jobs is None:
                return
            now = time.monotonic()
            live = []
            for job in jobs:
                if now > job.deadline:
                    waited = 1e3 * (now - job.enqueued)
                    job.future.set_exception(DeadlineError(
                        f'the request waited {waited:.0f} ms in the queue, past its deadline of '
                        f'{1e3 * (job.deadline - job.enqueued):.0f} ms; the server is '
                        'overloaded, retry later'))
                else:
                    live.append(job)
            if live:
                self._run_batch(live)

    def _run_batch(self, jobs: List[_Job]) -> None:
        start = time.monotonic()
        images = [image for job in jobs for image in job.images]
        texts = [text for job in jobs for text in job.texts]
        if len(jobs) > 1 and (images or texts):
            try:
                self.prefetch(images, texts)
            except Exception:  # noqa: B902 (each request reports its own error below)
                pass
        for job in jobs:
            try:
                job.future.set_result(job.run())
            except Exception as exc:  # noqa: B902 (handed to the waiting caller)
                job.future.set_exception(exc)
        seconds = time.monotonic() - start
        with self._condition:
            self._batch_seconds = seconds if not self._batch_seconds else \
                0.8 * self._batch_seconds + 0.2 * seconds
            self.batch_sizes[len(jobs)] = self.batch_sizes.get(len(jobs), 0) + 1

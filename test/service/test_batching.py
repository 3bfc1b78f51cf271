# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The request batcher: batches, priorities, deadlines, the overload answer; the service on it."""

import threading
import time

import numpy as np
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.backends.image_text.backend import ImageTextBackend
from subtle_diff_ros.backends.image_text.encoder import load_encoder
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from subtle_diff_ros.service.batching import (DeadlineError, DESCRIBE, OverloadedError,
                                              RequestBatcher, SELECT)
from subtle_diff_ros.service.difference_service import DifferenceService
from tiny_models import shape_image


class Recorder:
    """A prefetch that records its calls, and jobs that record the order they ran in."""

    def __init__(self):
        self.prefetched, self.ran = [], []
        self.gate = threading.Event()

    def prefetch(self, images, texts):
        self.prefetched.append((list(images), list(texts)))

    def job(self, name):
        def run():
            self.ran.append(name)
            return name
        return run

    def blocker(self):
        started = threading.Event()

        def run():
            started.set()
            self.gate.wait(10)
            return 'blocker'
        return run, started


def _busy_batcher(recorder, **options):
    """Return a batcher whose worker is busy with a job until recorder.gate is set."""
    batcher = RequestBatcher(recorder.prefetch, **options)
    run, started = recorder.blocker()
    first = batcher.submit(run)
    assert started.wait(5)
    return batcher, first


def test_waiting_requests_are_served_together_with_one_prefetch():
    recorder = Recorder()
    batcher, first = _busy_batcher(recorder, max_batch_size=4, max_queue_delay_ms=0)
    futures = [batcher.submit(recorder.job(i), images=[f'image {i}'], texts=[f'text {i}'])
               for i in range(3)]
    recorder.gate.set()
    assert first.result(5) == 'blocker'
    assert [f.result(5) for f in futures] == [0, 1, 2]
    assert recorder.prefetched == [(['image 0', 'image 1', 'image 2'],
                                    ['text 0', 'text 1', 'text 2'])]
    assert batcher.stats()['batch_sizes'] == {1: 1, 3: 1}
    batcher.close()


def test_selection_goes_before_description_and_first_come_first_served():
    recorder = Recorder()
    batcher, first = _busy_batcher(recorder, max_batch_size=1, max_queue_delay_ms=0)
    futures = [batcher.submit(recorder.job('describe 1'), priority=DESCRIBE),
               batcher.submit(recorder.job('select 1'), priority=SELECT),
               batcher.submit(recorder.job('describe 2'), priority=DESCRIBE),
               batcher.submit(recorder.job('select 2'), priority=SELECT)]
    recorder.gate.set()
    for future in futures:
        future.result(5)
    assert recorder.ran == ['select 1', 'select 2', 'describe 1', 'describe 2']
    batcher.close()


def test_a_full_queue_answers_overloaded_at_once_with_a_retry_hint():
    recorder = Recorder()
    batcher, first = _busy_batcher(recorder, max_batch_size=2, max_queue_size=2)
    queued = [batcher.submit(recorder.job(i)) for i in range(2)]
    start = time.monotonic()
    with pytest.raises(OverloadedError) as refused:
        batcher.submit(recorder.job('one too many'))
    assert time.monotonic() - start < 0.5
    message = str(refused.value)
    assert message.startswith('the server is overloaded (2 requests waiting, limit 2); '
                              'retry in about ')
    assert message.endswith(' ms') and refused.value.retry_after_ms >= 1
    recorder.gate.set()
    assert [f.result(5) for f in queued] == [0, 1]  # nothing queued is lost
    assert batcher.submit(recorder.job('later')).result(5) == 'later'
    batcher.close()


def test_a_request_past_its_deadline_is_refused_not_run():
    recorder = Recorder()
    batcher, first = _busy_batcher(recorder)
    late = batcher.submit(recorder.job('late'), timeout_s=0.05)
    time.sleep(0.2)
    recorder.gate.set()
    with pytest.raises(DeadlineError, match='past its deadline of 50 ms'):
        late.result(5)
    assert 'late' not in recorder.ran
    batcher.close()


def test_errors_stay_with_their_request_and_the_worker_goes_on():
    def failing_prefetch(images, texts):
        raise RuntimeError('a bad image in the batch')
    batcher = RequestBatcher(failing_prefetch, max_batch_size=4, max_queue_delay_ms=50)

    def bad():
        raise SubtleDiffError('candidate 0 is empty')
    futures = [batcher.submit(bad, images=['x']), batcher.submit(lambda: 'fine', images=['y'])]
    with pytest.raises(SubtleDiffError, match='candidate 0 is empty'):
        futures[0].result(5)
    assert futures[1].result(5) == 'fine'
    batcher.close()


def test_close_answers_what_still_waits():
    recorder = Recorder()
    batcher, first = _busy_batcher(recorder)
    waiting = batcher.submit(recorder.job('never'))
    closer = threading.Thread(target=batcher.close)
    closer.start()
    with pytest.raises(SubtleDiffError, match='stopped before serving'):
        waiting.result(5)
    recorder.gate.set()
    closer.join(5)
    with pytest.raises(SubtleDiffError, match='stopped'):
        batcher.submit(recorder.job('after'))


DARKER = DifferenceQuery(attribute='color', axis='brightness', direction=-1, subject=ASKED,
                         object=None, part=None, positive_text='dark-colored shape',
                         negative_text='light-colored shape')


def test_concurrent_selections_are_batched_with_the_same_answers(trained_clip_dir, monkeypatch):
    encoder = load_encoder(trained_clip_dir, device='cpu', offline=True)
    service = DifferenceService(ImageTextBackend(encoder), method='sd', parse=lambda _: DARKER,
                                batching={'max_batch_size': 8, 'max_queue_delay_ms': 200,
                                          'max_queue_size': 16})
    calls = []
    original = encoder.model.get_image_features

    def counting(**kwargs):
        calls.append(kwargs['pixel_values'].shape[0])
        return original(**kwargs)
    monkeypatch.setattr(encoder.model, 'get_image_features', counting)
    pairs = [[shape_image('square', 'red', shade, np.random.default_rng(10 * i + k))
              for k, shade in enumerate(('dark', 'light'))] for i in range(6)]
    answers = [None] * 6

    def ask(i):
        answers[i] = service.select(pairs[i], 'the darker one').choice
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == [0] * 6
    assert sum(calls) == 12 and len(calls) < 6  # 12 new images in fewer calls than requests
    assert max(service.batcher.stats()['batch_sizes']) > 1
    encoder.clear_cache()
    sequential = DifferenceService(ImageTextBackend(encoder), method='sd', parse=lambda _: DARKER)
    assert [sequential.select(pair, 'the darker one').choice for pair in pairs] == answers
    service.close()


def test_the_service_answers_overloaded_when_its_queue_is_full(trained_clip_dir):
    encoder = load_encoder(trained_clip_dir, device='cpu', offline=True)
    service = DifferenceService(ImageTextBackend(encoder), method='sd', parse=lambda _: DARKER,
                                batching={'max_batch_size': 1, 'max_queue_delay_ms': 0,
                                          'max_queue_size': 1})
    gate, started = threading.Event(), threading.Event()

    def block():
        started.set()
        gate.wait(10)
    service.batcher.submit(block)
    assert started.wait(5)
    rng = np.random.default_rng(0)
    images = [rng.integers(0, 256, (40, 40, 3), dtype=np.uint8) for _ in range(2)]
    waiting = threading.Thread(target=service.select, args=(images, 'the darker cup'))
    waiting.start()
    while service.batcher.waiting() < 1:
        time.sleep(0.01)
    with pytest.raises(OverloadedError, match='overloaded .1 requests waiting, limit 1.'):
        service.select(images, 'the darker cup')
    gate.set()
    waiting.join(30)
    service.close()


@pytest.mark.parametrize('options', [
    {'max_batch_size': 0}, {'max_batch_size': 100000}, {'max_queue_size': 0},
    {'max_queue_size': 10 ** 7}, {'max_queue_delay_ms': -1.0},
    {'max_queue_delay_ms': float('nan')}, {'max_queue_delay_ms': float('inf')},
])
def test_batching_parameters_out_of_range_are_refused_with_their_limits(options):
    """A typo in a batching parameter is refused at start, naming the limits, not obeyed."""
    with pytest.raises(SubtleDiffError, match='max_batch_size must be 1 to'):
        RequestBatcher(lambda images, texts: None, **options)


@pytest.mark.parametrize('timeout', [0.0, -5.0, float('nan'), float('inf'), 1e9])
def test_request_timeouts_out_of_range_are_refused(timeout):
    """A request timeout that is not a positive time of at most an hour is refused."""
    with pytest.raises(SubtleDiffError, match='request_timeout_s'):
        DifferenceService(AnalyticBackend(), request_timeout_s=timeout)


def test_a_lone_caller_does_not_wait_out_the_queue_delay():
    """After a batch of one, a request that waits alone is served at once, not after 1 s."""
    recorder = Recorder()
    batcher = RequestBatcher(recorder.prefetch, max_batch_size=8, max_queue_delay_ms=1000)
    assert batcher.submit(recorder.job('first')).result(timeout=30) == 'first'
    # the delay (1 s) is twice the time allowed here: the second is served without it
    assert batcher.submit(recorder.job('second')).result(timeout=0.5) == 'second'
    assert batcher.stats()['batch_sizes'] == {1: 2}
    batcher.close()

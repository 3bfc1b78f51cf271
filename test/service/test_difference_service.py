# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The service checks every request once, before a backend sees it, and fills in regions."""

import threading
import time

import numpy as np
import pytest
from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.results import DifferenceDescription, SelectionResult
from subtle_diff_ros.service.difference_service import DifferenceService
from subtle_diff_ros.vision.image_io import MIN_IMAGE_SIDE


class RecordingBackend:
    """An image-text-like backend that records what reaches it."""

    name = 'clip'
    model = 'recording'
    device = 'cpu'

    def __init__(self):
        self.calls = []

    def select(self, images, query, method=None, masks=None):
        self.calls.append(('select', len(images), method))
        return SelectionResult(0, [1.0, 0.0], 1.0, 0.7, method, self.name, query)

    def describe(self, image_1, image_2, attribute, object_name=None, masks=None):
        self.calls.append(('describe', attribute, object_name))
        return DifferenceDescription('The cup in Image 1 is darker than in Image 2.', False,
                                     attribute, 'brightness', -1, backend=self.name)


def _pair():
    image = np.full((64, 80, 3), 100, np.uint8)
    image[16:48, 20:60] = (200, 150, 60)
    darker = image.copy()
    darker[16:48, 20:60] = (150, 110, 45)
    return image, darker


@pytest.fixture
def service():
    return DifferenceService(RecordingBackend(), method='sd')


@pytest.mark.parametrize('kwargs, message', [
    ({'text': ''}, 'the text is empty'),
    ({'text': 'x' * 1001}, 'over the limit of 1000'),
    ({'method': 'bogus'}, "unknown method 'bogus'"),
    ({'backend': 'siglip'}, "backend 'siglip' is not loaded"),
    ({'method': 'analytic'}, "method 'analytic' needs backend 'analytic'"),
])
def test_bad_selection_requests_never_reach_the_backend(service, kwargs, message):
    request = {'images': list(_pair()), 'text': 'the darker cup', 'method': '', 'backend': ''}
    request.update(kwargs)
    with pytest.raises(SubtleDiffError, match=message):
        service.select(**request)
    assert service.backend.calls == []


def test_one_candidate_and_slivers_are_refused(service):
    image, darker = _pair()
    with pytest.raises(SubtleDiffError, match='at least two candidate images, got 1'):
        service.select([image], 'the darker cup')
    sliver = np.zeros((MIN_IMAGE_SIDE - 1, 300, 3), np.uint8)
    with pytest.raises(SubtleDiffError, match='candidate 1 is 300x15'):
        service.select([image, sliver], 'the darker cup')
    with pytest.raises(SubtleDiffError, match='at most 32 candidate images, got 33'):
        service.select([image] * 33, 'the darker cup')
    assert service.backend.calls == []


def test_a_good_request_gets_the_default_method_and_the_measurement_backend_exists(service):
    image, darker = _pair()
    result = service.select([image, darker], 'the darker cup')
    assert service.backend.calls == [('select', 2, 'sd')]
    assert result.backend == 'clip'
    measured = service.select([image, darker], 'the darker cup', method='s', backend='analytic')
    assert measured.backend == 'analytic' and measured.choice == 1
    assert service.backend_names == ('clip', 'analytic')


@pytest.mark.parametrize('kwargs, message', [
    ({'attribute_code': 3}, 'unknown attribute value 3'),
    ({'object_name': 'c' * 101}, 'over the limit of 100'),
    ({'object_name': 'cup\x00\x1b[2J'}, 'control, invisible or undecodable character'),
    ({'object_name': b'cup'}, 'must be text, not bytes'),
    ({'object_name': 'cup\u202e'}, 'invisible or undecodable character'),  # right-to-left
    ({'object_name': 'cup\u2067 lid'}, 'invisible or undecodable character'),  # an isolate
    ({'object_name': 'Image 2'}, 'names an image'),  # "The Image 2 in Image 1 is ..."
    ({'object_name': 'the image-1 mug'}, 'names an image'),
    ({'attribute_code': 1.5}, 'unknown attribute value 1.5'),
    ({'attribute_code': True}, 'unknown attribute value True'),
    ({'backend': 'vlm'}, "backend 'vlm' is not loaded"),
])
def test_bad_description_requests_never_reach_the_backend(service, kwargs, message):
    image, darker = _pair()
    request = {'attribute_code': 0, 'object_name': 'cup', 'backend': ''}
    request.update(kwargs)
    with pytest.raises(SubtleDiffError, match=message):
        service.describe(image, darker, **request)
    assert service.backend.calls == []


def test_object_names_that_only_mention_images_are_served(service):
    image, darker = _pair()
    service.describe(image, darker, 0, 'image sensor')
    assert service.backend.calls == [('describe', 'color', 'image sensor')]


def test_candidates_that_are_no_list_are_refused_clearly(service):
    """A generator has no length: refused like every bad request, not with a bare TypeError."""
    with pytest.raises(SubtleDiffError, match='must be a list or tuple, not generator'):
        service.select((image for image in _pair()), 'the darker cup')
    assert service.backend.calls == []
    service.select(np.stack(_pair()), 'the darker cup')  # an array of candidates still works
    assert service.backend.calls == [('select', 2, 'sd')]


def test_float_images_outside_0_to_1_are_refused_not_clipped(service):
    """Float images hold intensities in [0, 1]; 0..255 floats were clipped to white before."""
    image, darker = _pair()
    with pytest.raises(SubtleDiffError, match=r'candidate 1 is a float image with values from '
                                              r'45 to 150: float images hold intensities in '
                                              r'\[0, 1\]'):
        service.select([image, darker.astype(np.float32)], 'the darker cup')
    with pytest.raises(SubtleDiffError, match='image_1 is a float image with values from -0.5'):
        service.describe(np.full(image.shape, -0.5), darker, 0)
    assert service.backend.calls == []
    service.select([image, darker / 255.0], 'the darker cup')
    assert service.backend.calls == [('select', 2, 'sd')]


def test_descriptions_without_regions_get_the_changed_regions_and_the_registration(service):
    image, darker = _pair()
    description = service.describe(darker, image, 0, 'cup')
    assert service.backend.calls == [('describe', 'color', 'cup')]
    assert description.regions, 'the darkened block is a changed region'
    box = description.regions[0]
    assert 10 <= box.x <= 26 and 10 <= box.y <= 22 and box.width >= 30
    assert description.registration is not None


def test_the_measurement_backend_serves_alone_when_it_is_the_servers():
    service = DifferenceService(AnalyticBackend())
    assert service.measurement is service.backend and service.backend_names == ('analytic',)
    image, darker = _pair()
    assert service.describe(darker, image, 0, 'cup').axis == 'brightness'


class SlowBackend(RecordingBackend):
    """A backend (no batching) whose selections take ``seconds`` each."""

    def __init__(self, seconds):
        super().__init__()
        self.seconds = seconds
        self.started = threading.Event()

    def select(self, images, query, method=None, masks=None):
        self.started.set()
        time.sleep(self.seconds)
        return super().select(images, query, method, masks)


def test_closing_answers_the_requests_waiting_for_the_backend_at_once():
    """One request is being served; the others waiting for the backend are told it stopped."""
    service = DifferenceService(SlowBackend(1.0))
    answers = []

    def ask():
        try:
            answers.append(service.select(list(_pair()), 'the darker cup').choice)
        except SubtleDiffError as exc:
            answers.append(str(exc))

    askers = [threading.Thread(target=ask) for _ in range(5)]
    askers[0].start()
    assert service.backend.started.wait(10)
    for asker in askers[1:]:
        asker.start()
    time.sleep(0.2)  # they wait for the backend
    start = time.monotonic()
    service.close()
    for asker in askers[1:]:
        asker.join(10)
    assert time.monotonic() - start < 0.5, 'the waiting requests were answered at once'
    askers[0].join(10)
    assert sorted(answers, key=str) == [0] + ['the server stopped before serving the request'] * 4
    with pytest.raises(SubtleDiffError, match='stopped'):
        service.select(list(_pair()), 'the darker cup')


def _asking(service, answers):
    def ask():
        try:
            answers.append(service.select(list(_pair()), 'the darker cup').choice)
        except SubtleDiffError as exc:
            answers.append(str(exc))
    return threading.Thread(target=ask)


def test_a_burst_past_the_waiting_limit_is_refused_as_overloaded_at_once():
    """Past max_queue_size waiting requests, one served at a time: 'overloaded', not silence."""
    service = DifferenceService(SlowBackend(1.0), batching={'max_queue_size': 2})
    answers = []
    first = _asking(service, answers)
    first.start()
    assert service.backend.started.wait(10)
    waiting = [_asking(service, answers) for _ in range(2)]
    for asker in waiting:
        asker.start()
    time.sleep(0.2)
    start = time.monotonic()
    refused = _asking(service, answers)
    refused.start()
    refused.join(5)
    assert time.monotonic() - start < 0.5
    assert any('the server is overloaded (2 requests waiting, limit 2)' in str(a)
               for a in answers)
    for asker in [first] + waiting:
        asker.join(10)
    assert sorted(answers, key=str).count(0) == 3


def test_a_request_that_waits_past_its_timeout_is_refused():
    """A request waiting for the backend longer than request_timeout_s gets an answer."""
    service = DifferenceService(SlowBackend(1.5), request_timeout_s=0.3)
    answers = []
    first, late = _asking(service, answers), _asking(service, answers)
    first.start()
    assert service.backend.started.wait(10)
    late.start()
    late.join(5)
    assert any('waited 0.3 s for the' in str(a) and 'request_timeout_s' in str(a)
               for a in answers)
    first.join(10)


class TurnTakingBackend(RecordingBackend):
    """A backend (no batching) that records which caller's selection it served, in order."""

    def select(self, images, query, method=None, masks=None):
        self.calls.append(threading.current_thread().name)
        time.sleep(0.1)
        return SelectionResult(0, [1.0, 0.0], 1.0, 0.7, method, self.name, query)


def test_callers_take_turns_for_a_backend_served_one_at_a_time():
    """A caller asking again at once goes behind those already waiting: first come first served."""
    service = DifferenceService(TurnTakingBackend())
    service.select(list(_pair()), 'the darker cup')  # the text parser is loaded before the race
    service.backend.calls.clear()
    rounds, callers = 6, ['robot-a', 'robot-b', 'robot-c']

    def ask():
        for _ in range(rounds):
            service.select(list(_pair()), 'the darker cup')
    threads = [threading.Thread(target=ask, name=name) for name in callers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    served = service.backend.calls
    assert sorted(served) == sorted(callers * rounds)
    # Once every caller waits, each is served once per turn: never twice while others wait.
    assert all(len(set(served[i:i + len(callers)])) == len(callers)
               for i in range(1, len(served) - len(callers)))


@pytest.mark.filterwarnings('ignore::PendingDeprecationWarning')  # np.matrix itself
def test_matrix_and_masked_array_images_are_read_as_pixels_or_refused(service):
    """An np.matrix is its pixels (it crashed numpy before); a masked array's mask is no pixel."""
    image, darker = _pair()
    service.describe(np.asmatrix(darker[:, :, 0]), np.asmatrix(image[:, :, 0]), 0)
    assert service.backend.calls[-1][0] == 'describe'
    masked = np.ma.masked_array(image, mask=np.zeros(image.shape, bool))
    with pytest.raises(SubtleDiffError, match='image_1 is a masked array'):
        service.describe(masked, darker, 0)


def test_an_image_over_the_pixel_limit_is_refused_before_it_is_read():
    """A 100000x100000 view costs no memory until read: it is refused from its shape."""
    service = DifferenceService(RecordingBackend(), max_image_pixels=4096 * 4096)
    huge = np.broadcast_to(np.float32(0.5), (100_000, 100_000, 3))
    with pytest.raises(SubtleDiffError, match=r'candidate 0 is 100000x100000, over the limit'):
        service.select([huge, _pair()[0]], 'the darker cup')
    assert service.backend.calls == []


def test_float_images_rounded_just_past_0_and_1_are_read():
    image = _pair()[0].astype(np.float32) / 255
    image[0, 0] = [np.nextafter(np.float32(1), np.float32(2)), -1e-12, 0.5]
    service = DifferenceService(RecordingBackend())
    assert service.select([image, _pair()[1]], 'the darker cup').choice == 0
    with pytest.raises(SubtleDiffError, match='values from .* to 1.5: float images'):
        service.select([image * 1.5, _pair()[1]], 'the darker cup')


@pytest.mark.parametrize('kwargs, message', [
    ({'request_timeout_s': 'abc'}, "request_timeout_s must be above 0 .*got 'abc'"),
    ({'request_timeout_s': None}, 'request_timeout_s must be above 0'),
    ({'request_timeout_s': float('nan')}, 'request_timeout_s must be above 0'),
    ({'batching': {'max_queue_size': 'x'}}, 'max_queue_size 1 to'),
    ({'batching': {'max_queue_size': -1}}, 'max_queue_size 1 to'),
    ({'batching': {'max_queue_delay_ms': float('nan')}}, 'max_queue_delay_ms 0 to'),
    ({'batching': {'queue': 3}}, 'batching takes max_batch_size'),
    ({'max_image_pixels': 10}, 'max_image_pixels must be a whole number from 256'),
    ({'max_image_pixels': True}, 'max_image_pixels must be a whole number'),
])
def test_bad_service_settings_are_refused_with_what_was_given(kwargs, message):
    with pytest.raises(SubtleDiffError, match=message):
        DifferenceService(RecordingBackend(), **kwargs)

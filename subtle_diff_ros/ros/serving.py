# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The difference server's serving parameters: batching, remote inference, fallback, threads.

Kept apart from the node so that the node only reads them: ``SERVING_PARAMETERS`` joins the
node's parameter table, ``load_serving_backend`` builds the backend they describe, and
``executor_threads`` / ``request_qos`` size the executor and the service queues so that every
request the batcher may hold reaches it at once (a request no thread takes would wait unseen).
"""

import math

from rclpy.qos import qos_profile_services_default, QoSProfile

from ..backends.base import load_backend, REMOTE_BACKEND
from ..backends.fallback import FallbackBackend
from ..core.errors import SubtleDiffError
from ..service.batching import check_batching
from ..vision.image_io import MAX_FILE_PIXELS, MIN_IMAGE_SIDE

# name -> (default, description, read_only), as the node's PARAMETERS.
SERVING_PARAMETERS = {
    'inference_url': ('', 'Triton server of backend triton, grpc://host:port (subtle-diff '
                      'serve)', True),
    'inference_timeout_s': (10.0, 'longest wait for the inference server on one call', True),
    'fallback_backend': ('', 'backend that answers while the inference server is unreachable '
                         '(empty: none; analytic, clip, ...)', True),
    'max_batch_size': (8, 'most requests to an image-text backend encoded in one batch', True),
    'max_queue_delay_ms': (5.0, 'how long the first waiting request waits for others to batch '
                           'with (a lone caller does not wait)', True),
    'max_queue_size': (16, 'requests that may wait; more are refused at once as overloaded',
                       True),
    'request_timeout_s': (30.0, 'a request still waiting after this long is refused', True),
}


def batching_options(param) -> dict:
    """Return the RequestBatcher keyword arguments from the node's parameters."""
    options = {'max_batch_size': int(param('max_batch_size')),
               'max_queue_delay_ms': float(param('max_queue_delay_ms')),
               'max_queue_size': int(param('max_queue_size'))}
    check_batching(**options)
    return options


# The parameters check_limits reads; they may change at runtime, checked the same way.
LIMIT_PARAMETERS = frozenset(('max_image_pixels', 'max_frame_age_s'))


def check_limits(param) -> None:
    """Raise SubtleDiffError for request limits no request could meet or that mean nothing."""
    pixels, age = param('max_image_pixels'), float(param('max_frame_age_s'))
    if pixels < MIN_IMAGE_SIDE ** 2:
        raise SubtleDiffError(f'max_image_pixels {pixels} is under {MIN_IMAGE_SIDE ** 2}: '
                              f'no image ({MIN_IMAGE_SIDE}x{MIN_IMAGE_SIDE} at least) fits')
    if pixels > MAX_FILE_PIXELS:
        # every candidate of a request is decoded at once: unbounded, one request could take
        # the robot's memory
        raise SubtleDiffError(f'max_image_pixels {pixels} is over {MAX_FILE_PIXELS} (50 '
                              'megapixels), the most any image is read with')
    if not math.isfinite(age):
        raise SubtleDiffError(f'max_frame_age_s must be a number of seconds (<= 0: no limit), '
                              f'not {age}')


# How many times the requests it may hold a service's request history keeps (``request_qos``).
BURST_FACTOR = 4


def _held_requests(param) -> int:
    """Return how many requests the batcher may hold (the defaults' when the values are bad)."""
    try:
        options = batching_options(param)
    except SubtleDiffError:
        return SERVING_PARAMETERS['max_batch_size'][0] + SERVING_PARAMETERS['max_queue_size'][0]
    return options['max_batch_size'] + options['max_queue_size']


def executor_threads(param) -> int:
    """Return the executor threads: one per request in a batch or queue, and four more."""
    return _held_requests(param) + 4


def request_qos(param) -> QoSProfile:
    """
    Return the services' QoS, with a request history deep enough for a burst.

    Four times the requests the server may hold: requests past the queue are answered
    "overloaded" at once, but only those the node reads; a history as deep as the queue let a
    burst of 70 at once overwrite 20 in the reader, never answered (a hostile probe's finding).
    """
    depth = max(qos_profile_services_default.depth, BURST_FACTOR * _held_requests(param))
    return QoSProfile(depth=depth, reliability=qos_profile_services_default.reliability,
                      durability=qos_profile_services_default.durability,
                      history=qos_profile_services_default.history)


def load_serving_backend(param):
    """
    Return (backend, warning or None) for the node's backend parameters.

    With ``fallback_backend`` set, backend triton is wrapped so that the fallback answers while
    the inference server is unreachable (at start or later); otherwise an unreachable server
    fails the configuration with a message naming it.
    """
    name, model = param('backend'), param('model') or None
    device, offline, dtype = param('device'), param('offline'), param('dtype') or None
    url, timeout_s = param('inference_url'), float(param('inference_timeout_s'))
    fallback = param('fallback_backend')
    if name != REMOTE_BACKEND:
        if url:
            raise SubtleDiffError(f'inference_url is set but backend is {name!r}: use backend '
                                  f'{REMOTE_BACKEND} to send work to an inference server')
        return load_backend(name, model, device, offline, dtype)
    if not fallback:
        return load_backend(name, model, device, offline, dtype, inference_url=url,
                            inference_timeout_s=timeout_s)
    local, warning = load_backend(fallback, model, device, offline, dtype)
    backend = FallbackBackend(
        lambda: load_backend(name, model, device, offline, dtype, inference_url=url,
                             inference_timeout_s=timeout_s)[0], local, name=REMOTE_BACKEND)
    return backend, warning

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The triton backend end to end: ``subtle-diff serve`` on 127.0.0.1 and a RemoteEncoder client.

The server runs the trained tiny CLIP on the CPU in .venv-triton; the test stops it, also in
the middle of a run.
"""

import threading

import numpy as np
import pytest

from subtle_diff_ros.backends.base import load_backend, measurement_backend
from subtle_diff_ros.backends.fallback import FallbackBackend
from subtle_diff_ros.backends.image_text.backend import ImageTextBackend
from subtle_diff_ros.backends.image_text.encoder import load_encoder
from subtle_diff_ros.backends.remote.client import parse_url, RemoteEncoder
from subtle_diff_ros.core.errors import BackendUnavailableError, SubtleDiffError
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from tiny_models import shape_image
from triton_server import TritonServer

DARKER = DifferenceQuery(attribute='color', axis='brightness', direction=-1, subject=ASKED,
                         object=None, part=None, positive_text='dark-colored shape',
                         negative_text='light-colored shape')


def _pairs(count, seed=0):
    return [[shape_image('square', 'blue', shade, np.random.default_rng(seed + 10 * i + k))
             for k, shade in enumerate(('dark', 'light'))] for i in range(count)]


@pytest.fixture(scope='module')
def server(trained_clip_dir, tmp_path_factory):
    started = TritonServer(trained_clip_dir, tmp_path_factory.mktemp('triton'))
    yield started
    started.stop()


def test_urls_are_checked():
    assert parse_url('grpc://gpu-server:9001') == ('gpu-server', 9001)
    assert parse_url('gpu-server') == ('gpu-server', 8001)
    for bad in ('http://gpu-server:8000', '', 'grpc://host:port', 'grpc://[::1',
                # a port 0, an empty port, a path, a query or a user was dropped without a word
                'grpc://gpu-server:0', 'grpc://gpu-server:', 'grpc://gpu-server:8001/models',
                'grpc://gpu-server:8001?x=1', 'grpc://robot:secret@gpu-server:8001'):
        with pytest.raises(SubtleDiffError, match='^inference_url .*(grpc://host:port|invalid '
                           'port)'):
            parse_url(bad)
    with pytest.raises(SubtleDiffError, match='needs inference_url'):
        load_backend('triton')


def test_the_server_encodes_like_the_local_model(server, trained_clip_dir):
    assert server.ready['host'] == '127.0.0.1'
    remote = RemoteEncoder(server.url)
    local = load_encoder(trained_clip_dir, device='cpu', offline=True)
    assert (remote.family, remote.name) == ('clip', str(trained_clip_dir))
    assert remote.logit_scale == pytest.approx(local.logit_scale)
    texts = ['a photo of a dark red circle.', 'a photo of a light blue square.']
    np.testing.assert_allclose(remote.encode_texts(texts), local.encode_texts(texts), atol=1e-5)
    images = [image for pair in _pairs(3) for image in pair]
    cosines = np.sum(remote.encode_images(images) * local.encode_images(images), axis=1)
    assert cosines.min() > 0.999  # prepared here with torch, there with the processor


def test_selection_through_the_server_and_caching_by_content(server, monkeypatch):
    encoder = RemoteEncoder(server.url)
    backend = load_backend('triton', inference_url=server.url)[0]
    assert backend.name == 'triton' and backend.device == server.url
    backend = ImageTextBackend(encoder, name='triton')
    sent = []
    original = encoder._infer

    def counting(model, inputs, output):
        sent.append((model, inputs[0].shape()))
        return original(model, inputs, output)
    monkeypatch.setattr(encoder, '_infer', counting)
    for dark, light in _pairs(4, seed=50):
        assert backend.select([dark, light], DARKER, method='sd').choice == 0
        assert backend.select([light, dark], DARKER, method='sd').choice == 1
    images = [call for call in sent if call[0] == 'image_encoder']
    assert len(images) == 4 and all(shape == [2, 3, 32, 32] for _, shape in images)


def test_concurrent_requests_are_batched_by_triton(server):
    import tritonclient.grpc as grpcclient
    encoders = [RemoteEncoder(server.url) for _ in range(8)]
    pairs = _pairs(8, seed=300)
    threads = [threading.Thread(target=encoder.encode_images, args=(pair,))
               for encoder, pair in zip(encoders, pairs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statistics = grpcclient.InferenceServerClient(server.url[len('grpc://'):]) \
        .get_inference_statistics('image_encoder', as_json=True)['model_stats'][0]
    rows = {int(b['batch_size']): int(b['compute_infer']['count'])
            for b in statistics['batch_stats']}
    assert sum(size * count for size, count in rows.items()) >= 16


def test_a_server_that_goes_away_is_a_clear_error_and_the_fallback_answers(
        trained_clip_dir, tmp_path):
    server = TritonServer(trained_clip_dir, tmp_path)
    url = server.url
    backend = FallbackBackend(lambda: load_backend('triton', inference_url=url,
                                                   inference_timeout_s=5.0)[0],
                              measurement_backend(), name='triton', retry_s=0.0)
    remote = backend.primary
    dark, light = _pairs(1, seed=700)[0]
    assert backend.select([dark, light], DARKER).backend == 'triton'
    assert backend.status() is None
    server.stop()
    with pytest.raises(BackendUnavailableError,
                       match=f'the inference server at {url} is unreachable'):
        remote.encoder.encode_images([np.zeros((20, 20, 3), np.uint8)])
    answered = backend.select([dark, light], DARKER)
    assert answered.backend == 'analytic'
    assert 'unreachable' in backend.status() and 'analytic' in backend.status()
    # The server comes back on the same port: the primary answers again.
    restarted = TritonServer(trained_clip_dir, tmp_path, grpc_port=int(url.rsplit(':', 1)[1]))
    try:
        assert backend.select([light, dark], DARKER).backend == 'triton'
        assert backend.status() is None
    finally:
        restarted.stop()


def test_no_server_at_start_is_a_clear_error_or_the_fallback():
    with pytest.raises(BackendUnavailableError, match='grpc://127.0.0.1:9 is unreachable'):
        RemoteEncoder('grpc://127.0.0.1:9', timeout_s=2.0)
    backend = FallbackBackend(lambda: RemoteEncoder('grpc://127.0.0.1:9', timeout_s=2.0),
                              measurement_backend(), name='triton', retry_s=60.0)
    assert backend.primary is None and 'unreachable' in backend.status()
    dark, light = _pairs(1)[0]
    assert backend.select([light, dark], DARKER).backend == 'analytic'

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The triton backend checks what the inference server answers, as it may be another version.

A canned server answers like ``subtle-diff serve`` with the tiny CLIP (its description built by
``server.encoder_info``, its embeddings by the local encoder), then with one thing changed. A
batch size of 0 and a missing embedding raised a bare ValueError and KeyError, a scale of 1e300
or embeddings 1000 times too long gave confidence 1.0, and a size of 60000 made the client
allocate 32 GB.
"""

import json
import math

import numpy as np
import pytest
from subtle_diff_ros.backends.fallback import FallbackBackend
from subtle_diff_ros.backends.image_text.backend import ImageTextBackend
from subtle_diff_ros.backends.image_text.encoder import load_encoder
from subtle_diff_ros.backends.image_text.preprocess import TorchPreprocessor
from subtle_diff_ros.backends.remote import client, server
from subtle_diff_ros.backends.remote.client import RemoteEncoder
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from subtle_diff_ros.service.difference_service import DifferenceService

URL = 'grpc://canned:8001'
DARKER = DifferenceQuery(attribute='color', axis='brightness', direction=-1, subject=ASKED,
                         object='cup', part=None, positive_text='dark-colored cup',
                         negative_text='light-colored cup')


class CannedServer:
    """The answers of ``subtle-diff serve``; ``info``, ``images`` and ``texts`` change them."""

    def __init__(self, encoder):
        self.encoder = encoder
        height, width = TorchPreprocessor(encoder.image_processor.to_dict()).output_size(480, 640)
        self.description = server.encoder_info(encoder, (3, height, width), 8)
        self.info = {}  # changes to the description
        self.images = self.texts = None  # functions of the right answer, or None
        self.calls = []

    def answer(self, model, array, output='embeddings'):
        self.calls.append(model)
        if model == client.INFO_MODEL:
            text = json.dumps({**self.description, **self.info})
            return np.array([[text.encode()]], dtype=np.object_)
        if model == client.IMAGE_MODEL:
            import torch
            right = self.encoder.pixel_features(torch.from_numpy(np.array(array)))
            embeddings = self.images(right) if self.images else right
        else:
            right = self.encoder.encode_texts([bytes(t).decode() for t in array.reshape(-1)])
            embeddings = self.texts(right) if self.texts else right
        if isinstance(output, str):
            return embeddings
        # the identity of the model that computed them, as `subtle-diff serve` answers
        identity = server.model_identity(self.encoder).encode()
        return embeddings, np.array([[identity]] * len(right), dtype=np.object_)


@pytest.fixture(scope='module')
def local_encoder(tiny_clip_dir):
    return load_encoder(tiny_clip_dir, device='cpu', offline=True, preprocessing='processor')


@pytest.fixture
def canned(local_encoder, monkeypatch):
    served = CannedServer(local_encoder)
    monkeypatch.setattr(RemoteEncoder, '_input', lambda self, name, array, datatype: array)
    monkeypatch.setattr(RemoteEncoder, '_infer',
                        lambda self, model, inputs, output: served.answer(model, inputs[0],
                                                                          output))
    return served


def _images(count=2, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 256, (40, 48, 3), dtype=np.uint8) for _ in range(count)]


def _one_line(error):
    message = str(error.value)
    assert '\n' not in message and len(message) < 600 and URL in message
    return message


def _preprocessor(**changes):
    return lambda served: {'preprocessor': {**served.description['preprocessor'], **changes}}


@pytest.mark.parametrize('change, words', [
    ({'text_max_batch': 0}, 'text_max_batch 0: expected 1 to 1024'),
    ({'image_max_batch': 0}, 'image_max_batch 0: expected 1 to 1024'),
    ({'image_max_batch': 2.5}, 'image_max_batch 2.5, not a whole number'),
    ({'image_max_batch': 10 ** 400}, r'image_max_batch 1000.*\(401 characters\), not a whole'),
    ({'embedding_dim': '64'}, "embedding_dim '64', not a whole number"),
    ({'logit_scale': '100'}, "gives its logit scale as '100'"),
    ({'logit_scale': 1e300}, r'has a logit scale of 1e\+300'),
    ({'logit_scale': 10 ** 400}, 'has a logit scale of inf'),
    ({'logit_scale': math.nan}, 'has a logit scale of nan'),
    ({'logit_scale': 0.0}, 'has a logit scale of 0 '),
    ({'logit_bias': math.inf}, 'logit_bias inf, not a finite number'),
    ({'family': 'blip'}, "serves a 'blip' model"),
    ({'pixel_datatype': 'INT8'}, "takes pixels as 'INT8'"),
    ({'name': None}, 'name None, not a str'),
    ({'pixel_shape': [3, 64, 64]}, r'takes pixels of shape \[3, 64, 64\]'),
    (_preprocessor(size={'shortest_edge': 60000}, crop_size={'height': 60000, 'width': 60000}),
     r"size \{'shortest_edge': 60000\}: sides of 1 to 1024 pixels expected"),
    # the refusal says what is wrong and shows the size that is: "image_mean [0.5, 0.5] is not
    # finite", "images of 32 pixels a side" (the largest size, not the bad one), 309 digits
    (_preprocessor(image_mean=[0.5, 0.5]), r'image_mean \[0.5, 0.5\] has 2 values, not 1 or 3'),
    (_preprocessor(crop_size={'height': 0, 'width': 0}),
     r"crop_size \{'height': 0, 'width': 0\}: sides of 1 to 1024"),
    (_preprocessor(size={'shortest_edge': -5}), r"size \{'shortest_edge': -5\}: sides of 1"),
    (_preprocessor(size={'shortest_edge': 1e308}), r"size \{'shortest_edge': 1e\+308\}: sides"),
    (_preprocessor(do_resize='no'), "do_resize 'no' is not true or false"),
    (_preprocessor(rescale_factor=True), 'rescale_factor True is not a number'),
    (_preprocessor(size={'shortest_edge': 'big'}), 'its settings cannot be read'),
    (_preprocessor(image_std=[0.0, 0.0, 0.0]), r'image_std .* is not finite and above 0'),
    (_preprocessor(image_mean=None), 'image_mean None is not finite'),
    (_preprocessor(rescale_factor=0.0), 'rescale_factor 0.0 is not finite and above 0'),
    (_preprocessor(image_std=[1e-30] * 3), 'values no network takes'),
])
def test_a_description_the_client_cannot_use_is_refused_when_connecting(canned, change,
                                                                        words):
    canned.info = change(canned) if callable(change) else change
    with pytest.raises(SubtleDiffError, match=words) as error:
        RemoteEncoder(URL)
    _one_line(error)
    assert canned.calls == [client.INFO_MODEL]  # nothing else was tried


def test_a_description_that_is_not_json_is_refused(canned, monkeypatch):
    monkeypatch.setattr(CannedServer, 'answer', lambda self, model, array, output=None: np.array(
        [[b'<html>proxy error</html>']], dtype=np.object_))
    with pytest.raises(SubtleDiffError, match='answers its description with no JSON') as error:
        RemoteEncoder(URL)
    _one_line(error)


@pytest.mark.parametrize('text', [b'[' * 200000, b'{"a":' * 100000,
                                  json.dumps({'pad': 'x' * (2 << 20)}).encode()])
def test_a_description_nested_too_deep_or_too_long_is_refused_in_one_line(canned, monkeypatch,
                                                                          text):
    """A description nested 200000 deep raised a bare RecursionError."""
    monkeypatch.setattr(CannedServer, 'answer', lambda self, model, array, output=None: np.array(
        [[text]], dtype=np.object_))
    with pytest.raises(SubtleDiffError, match='answers its description with no JSON') as error:
        RemoteEncoder(URL)
    _one_line(error)


def _drop_row(right):
    return right[:-1]


def _wider(right):
    return np.concatenate([right, right], axis=1)


def _nan(right):
    wrong = right.copy()
    wrong[0, 0] = np.nan
    return wrong


@pytest.mark.parametrize('kind, change, words', [
    ('images', _drop_row, r'sent an array of shape \(1, 64\) as the embeddings of 2 images '
                          r"\(model '.*'\): is it `subtle-diff serve`"),
    ('texts', _drop_row, r'as the embeddings of \d+ texts'),
    ('images', _wider, 'embeddings of 128 dimensions, not the 64 it declared'),
    ('images', _nan, r'non-finite embeddings \(NaN or inf\) for 1 of 2 images .*damaged weights '
                     'or a float16 overflow there'),
    ('texts', lambda right: right * np.inf, 'non-finite embeddings'),
    ('images', np.zeros_like, 'all-zero embeddings for 2 of 2 images'),
    ('images', lambda right: None, 'sent nothing as the embeddings'),
    ('images', lambda right: np.array([['x'] * 64] * 2, dtype=np.object_), 'sent nothing'),
])
def test_answers_of_another_shape_or_not_finite_are_refused_and_the_client_goes_on(
        canned, kind, change, words):
    backend = ImageTextBackend(RemoteEncoder(URL), name='triton')
    setattr(canned, kind, change)
    service = DifferenceService(backend)
    images = _images()
    with pytest.raises(SubtleDiffError, match=words) as error:
        service.select(images, 'the darker cup')
    _one_line(error)
    # Not a BackendUnavailableError: the fallback does not hide a server that answers wrongly.
    fallback = FallbackBackend(lambda: backend, ImageTextBackend(RemoteEncoder(URL)),
                               name='triton')
    with pytest.raises(SubtleDiffError, match=words):
        fallback.select(images, DARKER)
    # The server is put right: the description is read again and the same request answered.
    setattr(canned, kind, None)
    calls = len(canned.calls)
    assert 0 <= service.select(images, 'the darker cup').choice <= 1
    assert canned.calls[calls] == client.INFO_MODEL


def test_embeddings_not_of_unit_length_are_normalised_here(canned):
    images = _images(3, seed=5)
    right = RemoteEncoder(URL)
    expected = right.encode_images(images), right.encode_texts(['a photo of a cup.'])
    answer = ImageTextBackend(right).select(images[:2], DARKER, method='s')
    canned.images = canned.texts = lambda embeddings: embeddings * np.linspace(
        1000, 3000, len(embeddings))[:, None]
    longer = RemoteEncoder(URL)
    np.testing.assert_allclose(longer.encode_images(images), expected[0], atol=1e-6)
    np.testing.assert_allclose(longer.encode_texts(['a photo of a cup.']), expected[1],
                               atol=1e-6)
    again = ImageTextBackend(RemoteEncoder(URL)).select(images[:2], DARKER, method='s')
    assert again.confidence == pytest.approx(answer.confidence, abs=1e-5)


def test_a_description_that_turns_bad_after_a_failed_call_is_refused_then_read_again(canned):
    """A server replaced by another version mid-run: refused at the next call, never used."""
    encoder = RemoteEncoder(URL)
    backend = ImageTextBackend(encoder, name='triton')
    canned.info = {'text_max_batch': 0}
    encoder._stale = True  # as after a call that failed
    with pytest.raises(SubtleDiffError, match='text_max_batch 0'):
        backend.select(_images(), DARKER)
    assert encoder.logit_scale == pytest.approx(canned.description['logit_scale'])
    canned.info = {}
    assert backend.select(_images(), DARKER).backend == 'triton'


@pytest.fixture(scope='module')
def other_encoder(tmp_path_factory):
    from tiny_models import build_tiny_clip
    directory = build_tiny_clip(str(tmp_path_factory.mktemp('other_clip')), seed=5)
    return load_encoder(directory, device='cpu', offline=True, preprocessing='processor')


def test_a_server_restarted_with_another_checkpoint_is_noticed_at_its_first_answer(
        canned, other_encoder):
    """
    A server swapped to another checkpoint failed no call and was not noticed.

    A reference image cached from the first model was compared with a frame encoded by the
    second, under the old name.
    """
    encoder = RemoteEncoder(URL)
    backend = ImageTextBackend(encoder, name='triton')
    reference, frame = _images()
    backend.select([reference, frame], DARKER)  # both cached, from the first model
    # restarted with another checkpoint under the same name: it describes and answers with it
    canned.encoder = other_encoder
    canned.description = dict(CannedServer(other_encoder).description,
                              name=canned.description['name'])
    with pytest.raises(SubtleDiffError, match='now serves another model') as error:
        backend.select([reference, _images(1, seed=9)[0]], DARKER)
    assert 'dropped' in _one_line(error) and len(encoder.image_cache) == 0
    # the next request reads the new description and is answered by the new model alone
    calls = len(canned.calls)
    assert backend.select([reference, frame], DARKER).backend == 'triton'
    assert canned.calls[calls] == client.INFO_MODEL
    assert encoder.model_id == server.model_identity(other_encoder)
    import torch
    expected = other_encoder.pixel_features(encoder.preprocess([reference]).to(torch.float32))
    np.testing.assert_allclose(encoder.encode_images([reference]), expected, atol=1e-5)


def test_a_server_of_an_older_version_without_model_ids_is_still_used(canned, monkeypatch):
    canned.info = {'model_id': None}
    outputs = []
    answer = canned.answer
    monkeypatch.setattr(canned, 'answer', lambda model, array, output='embeddings': (
        outputs.append(output), answer(model, array, output))[1])
    encoder = RemoteEncoder(URL)
    assert 0 <= ImageTextBackend(encoder).select(_images(), DARKER).choice <= 1
    assert set(outputs[1:]) == {'embeddings'}  # no model_id asked of it

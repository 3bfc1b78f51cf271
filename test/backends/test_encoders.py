# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests of load_encoder and ImageTextEncoder on tiny checkpoints saved like real ones."""

import numpy as np
import pytest

from subtle_diff_ros.backends.image_text.encoder import FAMILIES, load_encoder, LRUCache
from subtle_diff_ros.backends.loading import first_line, offline_requested
from subtle_diff_ros.core.errors import InvalidImageError, ModelLoadError, SubtleDiffError
from tiny_models import clip_tokenizer


def _images(count, size=40, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 256, (size, size + 8, 3), dtype=np.uint8) for _ in range(count)]


def test_clip_tokenizer_is_the_real_bpe():
    assert clip_tokenizer()('a photo of a cat')['input_ids'] == [
        49406, 320, 1125, 539, 320, 2368, 49407]


@pytest.mark.parametrize('fixture, family', [
    ('tiny_clip_dir', 'clip'), ('tiny_align_dir', 'align'), ('tiny_siglip_dir', 'siglip')])
def test_each_family_loads_and_encodes_normalised_float32(request, fixture, family, test_device):
    encoder = load_encoder(request.getfixturevalue(fixture), device=test_device, offline=True)
    assert encoder.family == family and family in FAMILIES
    assert encoder.device == test_device
    assert encoder.logit_scale > 0
    images = encoder.encode_images(_images(3))
    texts = encoder.encode_texts(['a photo of a dark cup', 'a photo of a light cup'])
    assert images.dtype == np.float32 and texts.dtype == np.float32
    assert images.shape[0] == 3 and texts.shape[0] == 2 and images.shape[1] == texts.shape[1]
    np.testing.assert_allclose(np.linalg.norm(images, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(texts, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(images[0], images[1])
    assert not np.allclose(texts[0], texts[1])


def test_batches_give_the_same_embeddings_as_single_images(tiny_clip_dir, test_device):
    encoder = load_encoder(tiny_clip_dir, device=test_device, offline=True, batch_size=2)
    images = _images(3, seed=1)
    together = encoder.encode_images(images)
    encoder.clear_cache()
    alone = np.concatenate([encoder.encode_images([image]) for image in images])
    # float16 on a GPU (2^-10 = 1e-3 resolution), where batch sizes may pick other kernels.
    atol = 1e-5 if test_device == 'cpu' else 5e-3
    np.testing.assert_allclose(together, alone, atol=atol)


def test_second_encode_of_an_image_does_not_call_the_model(tiny_clip_dir, monkeypatch,
                                                           test_device):
    encoder = load_encoder(tiny_clip_dir, device=test_device, offline=True)
    calls = []
    original = encoder.pixel_features  # the model's pass (eager, or CUDA graphs on a GPU)

    def counting(pixels):
        calls.append(pixels.shape[0])
        return original(pixels)

    monkeypatch.setattr(encoder, 'pixel_features', counting)
    first, second = _images(2, seed=2)
    a = encoder.encode_images([first, second, first.copy()])
    assert calls == [2]  # the duplicate is encoded once
    b = encoder.encode_images([second, first])
    assert calls == [2]
    np.testing.assert_array_equal(a[[1, 0]], b)
    encoder.encode_images([first, _images(1, seed=3)[0]])
    assert calls == [2, 1]


def test_text_cache_skips_the_text_model(tiny_clip_dir, monkeypatch, test_device):
    encoder = load_encoder(tiny_clip_dir, device=test_device, offline=True)
    calls = []
    original = encoder.model.get_text_features

    def counting(**kwargs):
        calls.append(kwargs['input_ids'].shape[0])
        return original(**kwargs)

    monkeypatch.setattr(encoder.model, 'get_text_features', counting)
    encoder.encode_texts(['a red cup', 'a blue cup'])
    encoder.encode_texts(['a blue cup', 'a green cup'])
    assert calls == [2, 1]


def test_lru_cache_is_bounded_and_evicts_least_recently_used():
    cache = LRUCache(2)
    cache.put('a', np.zeros(1))
    cache.put('b', np.ones(1))
    assert cache.get('a') is not None  # 'a' is now the most recent
    cache.put('c', np.ones(1))
    assert len(cache) == 2 and cache.get('b') is None and cache.get('a') is not None


def test_missing_weights_say_how_to_provide_them(tmp_path):
    with pytest.raises(ModelLoadError) as error:
        load_encoder('no-such-org/no-such-checkpoint', device='cpu', offline=True)
    message = str(error.value)
    assert 'no-such-checkpoint' in message
    assert '--model /path/to/dir' in message and 'offline' in message
    missing = str(tmp_path / 'no-such-checkpoint')
    with pytest.raises(ModelLoadError, match=f'^no model directory at {missing}$'):
        load_encoder(missing, device='cpu', offline=True)


def test_hub_id_offline_without_cache_is_a_model_load_error(monkeypatch, tmp_path):
    monkeypatch.setenv('HF_HOME', str(tmp_path))
    monkeypatch.setenv('HF_HUB_OFFLINE', '1')
    assert offline_requested(False)
    with pytest.raises(ModelLoadError, match='openai/clip-vit-base-patch32'):
        load_encoder(device='cpu')


def test_checkpoint_without_weights_is_a_model_load_error(tiny_clip_dir, tmp_path):
    import shutil
    broken = tmp_path / 'broken'
    shutil.copytree(tiny_clip_dir, broken)
    (broken / 'model.safetensors').unlink()
    with pytest.raises(ModelLoadError, match='weights'):
        load_encoder(str(broken), device='cpu', offline=True)


def test_family_must_match_the_checkpoint(tiny_clip_dir):
    with pytest.raises(ModelLoadError, match='clip model, not align'):
        load_encoder(tiny_clip_dir, family='align', device='cpu', offline=True)
    with pytest.raises(SubtleDiffError, match='unknown model family'):
        load_encoder(tiny_clip_dir, family='blip', device='cpu', offline=True)


def test_bad_images_are_rejected(tiny_clip_dir, test_device):
    encoder = load_encoder(tiny_clip_dir, device=test_device, offline=True)
    with pytest.raises(InvalidImageError):
        encoder.encode_images([np.zeros((0, 4, 3), np.uint8)])


def test_a_loader_message_names_no_web_address():
    """The error a user reads says "the model hub", not the address the loader tried."""
    exc = OSError("We couldn't connect to 'https://example.org' to load the files.\nmore")
    assert first_line(exc) == "We couldn't connect to the model hub to load the files."
    assert first_line(ValueError('')) == 'ValueError'

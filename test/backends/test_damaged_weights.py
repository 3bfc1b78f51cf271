# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Network weights that load but are damaged are refused, at load or at the request they spoil.

A NaN weight or zeroed weights made ``describe`` say "no noticeable difference" (NaN compares
false with every threshold); a logit scale of inf, NaN or exp(100) made every confidence 1.0 or
NaN. Nothing reached the caller as an error.
"""

import math

import numpy as np
import pytest
from subtle_diff_ros.backends.base import load_backend
from subtle_diff_ros.backends.image_text.backend import ImageTextBackend
from subtle_diff_ros.backends.image_text.encoder import load_encoder
from subtle_diff_ros.core.errors import ModelLoadError, SubtleDiffError
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from subtle_diff_ros.service.difference_service import DifferenceService
from tiny_models import rewritten_checkpoint

DARKER = DifferenceQuery(attribute='color', axis='brightness', direction=-1, subject=ASKED,
                         object='cup', part=None, positive_text='dark-colored cup',
                         negative_text='light-colored cup')


def _pair():
    rng = np.random.default_rng(0)
    light = rng.integers(120, 220, (40, 48, 3), dtype=np.uint8)
    return light, (light * 0.8).astype(np.uint8)


def _one_line(error):
    message = str(error.value)
    assert '\n' not in message and len(message) < 600
    return message


def _nan_image_projection(weights):
    weights['visual_projection.weight'][0, 0] = float('nan')


def _nan_text_projection(weights):
    weights['text_projection.weight'][:] = float('nan')


def _all_zero(weights):
    for value in weights.values():
        value.zero_()


def _constant(norm):
    """Zero a final layer norm's weight (its bias kept): the same embedding for every input."""
    def change(weights):
        import torch
        weights[f'{norm}.weight'].zero_()
        bias = weights[f'{norm}.bias']
        bias.copy_(torch.linspace(-1.0, 1.0, bias.numel()))
    return change


@pytest.mark.parametrize('change, words', [
    (_nan_image_projection, r'image encoder .* non-finite embeddings \(NaN or inf\) for 2 of 2'),
    (_nan_text_projection, r'text encoder .* non-finite embeddings'),
    (_all_zero, r'image encoder .* all-zero embeddings for 2 of 2 images'),
    # finite and not zero, but alike for every input: "no noticeable difference" to everything
    (_constant('vision_model.post_layernorm'),
     r'image encoder .* the same embedding for a dark and a light image \(1 - cosine '),
    (_constant('text_model.final_layer_norm'),
     r'text encoder .* the same embedding for two different texts'),
])
def test_a_checkpoint_whose_network_gives_nan_or_zero_embeddings_is_refused_at_load(
        tiny_clip_dir, tmp_path, change, words):
    """One NaN weight still loaded; every description then said "no noticeable difference"."""
    model = rewritten_checkpoint(tiny_clip_dir, tmp_path / 'model', change)
    with pytest.raises(ModelLoadError, match=words) as error:
        load_encoder(model, device='cpu', offline=True)
    message = _one_line(error)
    assert model in message and 'damaged weights' in message
    # backend auto serves with the measurement backend and says why, as for missing weights
    backend, warning = load_backend('auto', model, 'cpu', True)
    assert backend.name == 'analytic' and 'damaged weights' in warning


def _log_scale(value):
    def change(weights):
        weights['logit_scale'].fill_(value)
    return change


DAMAGED_LOG_SCALES = [
    (float('inf'), 'a logit scale of inf'), (float('nan'), 'a logit scale of nan'),
    (100.0, r'a logit scale of 2\.688e\+43 \(weight logit_scale = 100, a log\)'),
    (-1e4, 'a logit scale of 0 '), (math.log(5000), 'a logit scale of 5000'),
    (math.log(1002), 'a logit scale of 1002'), (math.log(0.998), 'a logit scale of 0.998'),
]
# 1 (where ALIGN and SigLIP start), CLIP's start and its clamp, SigLIP's trained 112, and the
# ends of the range as a float32 log stores them (ln 1000 reads back as 1000.0001: refused)
TRAINED_LOG_SCALES = [0.0, math.log(1 / 0.07), math.log(100), 4.7215, math.log(1000),
                      math.log(1000) + 1e-6, -1e-7]


def test_a_damaged_logit_scale_is_refused_at_load_and_trained_ones_load(tiny_clip_dir,
                                                                        tmp_path):
    """Every selection got confidence 1.00 (inf, exp(100)) or NaN with exit status 0."""
    for index, (log_scale, shown) in enumerate(DAMAGED_LOG_SCALES):
        model = rewritten_checkpoint(tiny_clip_dir, tmp_path / f'damaged{index}',
                                     _log_scale(log_scale))
        with pytest.raises(ModelLoadError, match=shown) as error:
            load_encoder(model, device='cpu', offline=True)
        assert 'trained image-text models have 1 to 1000' in _one_line(error)
    for index, log_scale in enumerate(TRAINED_LOG_SCALES):
        model = rewritten_checkpoint(tiny_clip_dir, tmp_path / f'trained{index}',
                                     _log_scale(log_scale))
        encoder = load_encoder(model, device='cpu', offline=True)
        assert encoder.logit_scale == pytest.approx(math.exp(log_scale), rel=1e-5)


@pytest.mark.parametrize('temperature, shown', [(0.0, 'inf'), (-0.05, '-20'), (1e3, '0.001')])
def test_a_damaged_align_temperature_is_refused_at_load(tiny_align_dir, tmp_path,
                                                        temperature, shown):
    model = rewritten_checkpoint(tiny_align_dir, tmp_path / 'model',
                                 lambda weights: weights['temperature'].fill_(temperature))
    with pytest.raises(ModelLoadError, match=f'a logit scale of {shown} .*1 / weight '
                                             'temperature'):
        load_encoder(model, device='cpu', offline=True)


@pytest.fixture
def damaged_after_load(tiny_clip_dir):
    """Return a tiny CLIP backend whose image projection turns NaN after load, and a cure."""
    import torch
    encoder = load_encoder(tiny_clip_dir, device='cpu', offline=True)
    weight = encoder.model.visual_projection.weight
    kept = weight.detach().clone()
    with torch.no_grad():
        weight[0, 0] = float('nan')  # as a float16 overflow does on some inputs only
    yield ImageTextBackend(encoder), lambda: weight.data.copy_(kept)


def test_nan_embeddings_at_a_request_are_an_error_for_describe_and_select(damaged_after_load):
    backend, heal = damaged_after_load
    image_1, image_2 = _pair()
    for attribute in ('color', 'shape', 'texture'):
        with pytest.raises(SubtleDiffError, match=r"^the image encoder of clip model '.*' "
                                                  r'computed non-finite embeddings \(NaN or inf\) '
                                                  'for 2 of 2 images: damaged weights'):
            backend.describe(image_1, image_2, attribute, 'cup')
    with pytest.raises(SubtleDiffError, match='non-finite embeddings'):
        backend.select([image_1, image_2], DARKER)
    # Through the service the node runs: the same error (the server answers success false).
    service = DifferenceService(backend)
    with pytest.raises(SubtleDiffError, match='non-finite embeddings'):
        service.describe(image_1, image_2, 0, 'cup')
    heal()  # nothing bad was cached: the same images are described once the weights are sound
    description = backend.describe(image_1, image_2, 'color', 'cup')
    assert all(np.isfinite(m.difference) for m in description.measurements)


class NanEncoder:
    """An encoder (not a CachingEncoder) whose image embeddings are NaN."""

    family = 'clip'
    logit_scale = 100.0

    def encode_images(self, images):
        return np.full((len(images), 3), np.nan)

    def encode_texts(self, texts):
        return np.tile([1.0, 0.0, 0.0], (len(texts), 1))


def test_describe_refuses_scores_that_are_not_finite_as_select_does():
    """An encoder that does not check its embeddings: describe said "no noticeable difference"."""
    backend = ImageTextBackend(NanEncoder(), name='clip')
    image_1, image_2 = _pair()
    with pytest.raises(SubtleDiffError, match="^the clip backend's description scores are not "
                                              'finite: damaged model weights or a float16 '
                                              'overflow'):
        backend.describe(image_1, image_2, 'color')
    with pytest.raises(SubtleDiffError, match='selection scores are not finite'):
        backend.select([image_1, image_2], DARKER)


@pytest.mark.parametrize('scale', [math.inf, math.nan])
def test_a_logit_scale_that_is_not_finite_gives_no_confidence(scale):
    """An encoder whose scale was never checked: confidence 1.0 (inf) or NaN."""
    class Unchecked(NanEncoder):
        logit_scale = scale

        def encode_images(self, images):
            return np.array([[1.0, 0.0, 0.0], [0.6, 0.8, 0.0]])[:len(images)]

        def encode_texts(self, texts):
            return np.tile([0.8, 0.6, 0.0], (len(texts), 1))
    image_1, image_2 = _pair()
    with pytest.raises(SubtleDiffError, match='confidence temperature .* is not a positive'):
        ImageTextBackend(Unchecked(), templates=('{}',)).select([image_1, image_2], DARKER,
                                                                method='s')

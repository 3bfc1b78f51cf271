# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests of P_S, P_SD, the template ensemble, ImageTextBackend and create_backend."""

import json
import math
import os
import shutil

import numpy as np
import pytest

from subtle_diff_ros.backends.base import create_backend
from subtle_diff_ros.backends.image_text.backend import ImageTextBackend
from subtle_diff_ros.backends.image_text.scoring import score_ensemble, score_s, score_sd
from subtle_diff_ros.core.errors import InvalidImageError, ModelLoadError, SubtleDiffError
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from subtle_diff_ros.vision.image_io import crop_to_mask
from tiny_models import shape_image

# Hand-made unit embeddings where P_S and P_SD disagree:
# sim(A,T1)=0.8, sim(B,T1)=0.96, sim(A,T2)=0, sim(B,T2)=0.8
# P_S: A 0.8 < B 0.96 -> B;  P_SD: A 0.8 > B 0.16 -> A.
A, B, C = np.array([1.0, 0, 0]), np.array([0.6, 0.8, 0]), np.array([0, 0, 1.0])
T1, T2 = np.array([0.8, 0.6, 0]), np.array([0, 1.0, 0])


class FixedEncoder:
    """An encoder with fixed embeddings: images by their first pixel, texts by the pole word."""

    family = 'clip'
    logit_scale = 2.0

    def __init__(self):
        self.images = {0: A, 1: B, 2: C}

    def encode_images(self, images):
        return np.stack([self.images[int(image[0, 0, 0])] for image in images])

    def encode_texts(self, texts):
        return np.stack([T1 if 'dark' in text else T2 for text in texts])


def _pixel(value):
    return np.full((4, 4, 3), value, np.uint8)


def _query(subject=1, positive='dark-colored cup', negative='light-colored cup'):
    return DifferenceQuery(attribute='color', axis='brightness', direction=-1, subject=subject,
                           object='cup', part=None, positive_text=positive,
                           negative_text=negative)


def test_ps_and_psd_match_hand_computed_values():
    images = np.stack([A, B])
    np.testing.assert_allclose(score_s(images, T1), [0.8, 0.96])
    np.testing.assert_allclose(score_sd(images, T1, T2), [0.8, 0.16])


def test_ensemble_averages_centred_ps_and_psd_over_templates():
    images = np.stack([A, B])
    # Per template: P_S centred [-0.08, 0.08], P_SD centred [0.32, -0.32]; mean [0.12, -0.12].
    np.testing.assert_allclose(score_ensemble(images, np.stack([T1, T1]), np.stack([T2, T2])),
                               [0.12, -0.12])


def test_select_s_and_sd_follow_the_paper_formulas():
    backend = ImageTextBackend(FixedEncoder(), templates=('a photo of a {}.',))
    images = [_pixel(0), _pixel(1)]
    by_s = backend.select(images, _query(), method='s')
    by_sd = backend.select(images, _query(), method='sd')
    assert by_s.choice == 1 and by_sd.choice == 0
    np.testing.assert_allclose(by_sd.scores, [0.8, 0.16])
    assert by_sd.margin == pytest.approx(0.64)
    # softmax of the scores times the logit scale 2: 1 / (1 + exp(-2 * 0.64))
    assert by_sd.confidence == pytest.approx(1 / (1 + math.exp(-1.28)))
    assert by_sd.method == 'sd' and by_sd.backend == 'clip'
    assert backend.select(images, _query(), method='ensemble').choice == 0


def test_select_for_image_2_and_for_commands_among_three():
    backend = ImageTextBackend(FixedEncoder(), templates=('{}',))
    pair = [_pixel(0), _pixel(1)]
    assert backend.select(pair, _query(subject=2), method='sd').choice == 1
    three = [_pixel(2), _pixel(1), _pixel(0)]  # P_SD: C 0, B 0.16, A 0.8
    result = backend.select(three, _query(subject=ASKED), method='sd')
    assert result.choice == 2 and len(result.scores) == 3
    assert 1 / 3 < result.confidence < 1


def test_select_is_deterministic_and_defaults_to_the_family_method():
    backend = ImageTextBackend(FixedEncoder())
    images = [_pixel(0), _pixel(1)]
    first = backend.select(images, _query())
    assert first.method == 'sd'
    assert backend.select(images, _query()).to_dict() == first.to_dict()


def test_select_rejects_bad_requests():
    backend = ImageTextBackend(FixedEncoder())
    with pytest.raises(SubtleDiffError, match='at least two'):
        backend.select([_pixel(0)], _query())
    with pytest.raises(SubtleDiffError, match='unknown method'):
        backend.select([_pixel(0), _pixel(1)], _query(), method='sdx')
    with pytest.raises(SubtleDiffError, match='empty'):
        backend.select([_pixel(0), _pixel(1)], _query(positive=' '))
    with pytest.raises(SubtleDiffError, match='exactly one'):
        ImageTextBackend(FixedEncoder(), templates=('no slot',))


def test_crop_to_mask_keeps_the_object_box_with_padding():
    image = np.arange(20 * 30 * 3, dtype=np.uint8).reshape(20, 30, 3)
    mask = np.zeros((20, 30), bool)
    mask[5:15, 10:20] = True
    crop = crop_to_mask(image, mask, padding=0.1)
    np.testing.assert_array_equal(crop, image[4:16, 9:21])
    with pytest.raises(InvalidImageError, match='no pixel'):
        crop_to_mask(image, np.zeros((20, 30), bool))
    with pytest.raises(InvalidImageError, match='shape'):
        crop_to_mask(image, np.ones((5, 5), bool))


def test_create_backend_names(tiny_clip_dir, tiny_align_dir, tmp_path, test_device):
    backend = create_backend('clip', model=tiny_clip_dir, device=test_device, offline=True)
    assert isinstance(backend, ImageTextBackend) and backend.encoder.family == 'clip'
    assert backend.encoder.device == test_device
    assert create_backend('align', model=tiny_align_dir, device=test_device,
                          offline=True).name == 'align'
    with pytest.raises(SubtleDiffError, match="'clip', 'align'|clip, align"):
        create_backend('blip')
    with pytest.raises(ModelLoadError):
        create_backend('siglip', model=str(tmp_path / 'missing'), device='cpu', offline=True)


@pytest.mark.parametrize('damage', ['garbage', 'truncated'])
def test_a_damaged_checkpoint_is_a_load_error_naming_it(tiny_clip_dir, tmp_path, damage):
    """Damaged weights (garbage or a cut-off file) give ModelLoadError, not a library error."""
    broken = tmp_path / 'broken'
    shutil.copytree(tiny_clip_dir, broken)
    weights = broken / 'model.safetensors'
    data = weights.read_bytes()
    weights.write_bytes(os.urandom(1000) if damage == 'garbage' else data[:len(data) // 2])
    with pytest.raises(ModelLoadError, match='cannot load the weights of clip model'):
        create_backend('clip', model=str(broken), device='cpu', offline=True)


def _edited_json(path, **changes):
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize('damage, words', [
    ('no tokenizer files', 'reads different texts as the same tokens'),
    ('tokenizer.json a list', 'cannot load the tokenizer'),
    ('crop size 0', 'makes 0x0 images'),
    ('two means', 'cannot prepare an image'),
    ('text_config a number', 'cannot load the config'),
])
def test_a_checkpoint_with_broken_tokenizer_or_preprocessor_files_is_refused(
        tiny_clip_dir, tmp_path, damage, words):
    """A folder that would load and answer ties (every word unknown) or crash is refused."""
    broken = tmp_path / 'broken'
    shutil.copytree(tiny_clip_dir, broken)
    if damage == 'no tokenizer files':
        for name in ('tokenizer.json', 'tokenizer_config.json', 'vocab.json', 'merges.txt',
                     'special_tokens_map.json'):
            (broken / name).unlink(missing_ok=True)
    elif damage == 'tokenizer.json a list':
        (broken / 'tokenizer.json').write_text('[1, 2]')
    elif damage == 'crop size 0':
        _edited_json(broken / 'preprocessor_config.json', crop_size={'height': -5, 'width': 0})
    elif damage == 'two means':
        _edited_json(broken / 'preprocessor_config.json', image_mean=[0, 0])
    else:
        _edited_json(broken / 'config.json', text_config=5)
    with pytest.raises(ModelLoadError, match=words):
        create_backend('clip', model=str(broken), device='cpu', offline=True)


# --- end to end with a tiny CLIP trained on shape images (the checkpoint is cached) ---

def _shape(shape, colour, shade, seed):
    return shape_image(shape, colour, shade, np.random.default_rng(seed))


@pytest.fixture(scope='module')
def trained_backend(trained_clip_encoder):
    return ImageTextBackend(trained_clip_encoder, templates=('a photo of a {}.',))


def test_trained_clip_reads_its_captions(trained_clip_encoder):
    from tiny_models import labelled_images, zero_shot_accuracy
    images, labels = labelled_images(180, seed=1234)
    assert zero_shot_accuracy(trained_clip_encoder, images, labels) > 0.9


def test_select_picks_the_darker_and_the_rounder_image(trained_backend):
    darker = _query(positive='dark-colored shape', negative='light-colored shape')
    rounder = DifferenceQuery(attribute='shape', axis='roundness', direction=1, subject=1,
                              object=None, part=None, positive_text='round shape',
                              negative_text='angular shape')
    for seed in range(6):
        colour = ('red', 'green', 'blue')[seed % 3]
        dark = _shape('square', colour, 'dark', seed)
        light = _shape('square', colour, 'light', seed + 100)
        for method in ('s', 'sd', 'ensemble'):
            assert trained_backend.select([light, dark], darker, method=method).choice == 1
            assert trained_backend.select([dark, light], darker, method=method).choice == 0
        circle = _shape('circle', colour, 'light', seed + 200)
        square = _shape(('square', 'triangle')[seed % 2], colour, 'light', seed + 300)
        for method in ('s', 'sd'):
            assert trained_backend.select([square, circle], rounder, method=method).choice == 1
        # "Image 2 is darker": Image 1 is the light one.
        assert trained_backend.select([dark, light], _query(
            subject=2, positive='dark-colored shape', negative='light-colored shape'),
            method='sd').choice == 1
    three = [_shape('circle', 'red', 'light', 7), _shape('circle', 'red', 'dark', 8),
             _shape('circle', 'red', 'light', 9)]
    asked = trained_backend.select(three, _query(subject=ASKED, positive='dark-colored shape',
                                                 negative='light-colored shape'))
    assert asked.choice == 1 and asked.confidence > 1 / 3


def test_describe_says_darker_and_rounder(trained_backend):
    dark, light = _shape('circle', 'blue', 'dark', 1), _shape('circle', 'blue', 'light', 2)
    colour = trained_backend.describe(dark, light, 'color', object_name='shape')
    assert not colour.no_difference
    assert (colour.axis, colour.direction) == ('brightness', -1)
    assert colour.sentence == 'The shape in Image 1 is darker than in Image 2.'
    assert {m.axis for m in colour.measurements} == {'brightness', 'saturation', 'hue', 'warmth'}
    brightness = next(m for m in colour.measurements if m.axis == 'brightness')
    # value = P_SD(light-colored, dark-colored): the light image scores higher.
    assert brightness.value_1 < brightness.value_2
    shape = trained_backend.describe(_shape('circle', 'red', 'dark', 3),
                                     _shape('square', 'red', 'dark', 4), 'shape',
                                     object_name='shape')
    assert (shape.axis, shape.direction) == ('roundness', 1)
    assert 'rounder' in shape.sentence


def test_describe_abstains_on_identical_images(trained_backend):
    image = _shape('triangle', 'green', 'light', 5)
    result = trained_backend.describe(image, image.copy(), 'texture')
    assert result.no_difference and result.axis is None
    assert result.sentence == 'There is no noticeable difference in texture between Image 1 ' \
        'and Image 2.'
    assert all(m.difference == 0 and not m.noticeable for m in result.measurements)
    with pytest.raises(SubtleDiffError, match='unknown attribute'):
        trained_backend.describe(image, image, 'smell')


def test_cuda_float16_selection_agrees_with_cpu_float32(request):
    """
    Check that the trained CLIP chooses alike in float16 on a GPU and in float32 on the CPU.

    Tolerances: float16 keeps 11 significant bits (~5e-4 relative), and on the CPU its
    selection scores stay within 3e-4 of float32 (bfloat16, 8 bits, within 2.2e-3), so scores
    (cosine similarities) get 0.01. Confidences are softmax probabilities of the scores times
    the logit scale (~14 here), so 0.01 in scores could move them by 0.07; 0.02 is asked, ten
    times what bfloat16 moves them. The smallest margin in these cases is ~0.17, so no choice
    can flip within the tolerance.
    """
    torch = pytest.importorskip('torch')
    if not torch.cuda.is_available():
        pytest.skip('needs a CUDA GPU')
    from subtle_diff_ros.backends.image_text.encoder import load_encoder
    directory = request.getfixturevalue('trained_clip_dir')
    backends = [ImageTextBackend(load_encoder(directory, device=device, offline=True),
                                 templates=('a photo of a {}.', 'a close-up photo of a {}.'))
                for device in ('cpu', 'cuda')]
    cpu, gpu = backends
    assert cpu.encoder.dtype == torch.float32 and gpu.encoder.dtype == torch.float16
    assert gpu.encoder.logit_scale == pytest.approx(cpu.encoder.logit_scale, rel=1e-2)
    darker = _query(positive='dark-colored shape', negative='light-colored shape')
    rounder = DifferenceQuery(attribute='shape', axis='roundness', direction=1, subject=1,
                              object=None, part=None, positive_text='round shape',
                              negative_text='angular shape')
    asked = _query(subject=ASKED, positive='dark-colored shape', negative='light-colored shape')
    cases = []
    for seed in range(6):
        colour = ('red', 'green', 'blue')[seed % 3]
        dark = _shape('square', colour, 'dark', seed)
        light = _shape('square', colour, 'light', seed + 100)
        circle = _shape('circle', colour, 'light', seed + 200)
        square = _shape(('square', 'triangle')[seed % 2], colour, 'light', seed + 300)
        cases += [([light, dark], darker), ([square, circle], rounder),
                  ([dark, light, circle], asked)]
    for images, query in cases:
        for method in ('s', 'sd', 'ensemble'):
            expected = cpu.select(images, query, method=method)
            result = gpu.select(images, query, method=method)
            assert result.choice == expected.choice, (method, expected, result)
            np.testing.assert_allclose(result.scores, expected.scores, atol=0.01)
            assert result.margin == pytest.approx(expected.margin, abs=0.02)
            assert result.confidence == pytest.approx(expected.confidence, abs=0.02)
    images = [image for pair, _ in cases for image in pair]
    cosines = np.sum(cpu.encoder.encode_images(images) * gpu.encoder.encode_images(images), 1)
    assert cosines.min() > 0.999


def test_bfloat16_on_the_cpu_chooses_as_float32_does(trained_clip_dir):
    """
    Check that ``dtype='bfloat16'`` (twice as fast on CPUs with native bfloat16) chooses alike.

    bfloat16 keeps 8 significant bits: scores (cosine similarities) within 0.01 of float32,
    confidences within 0.02 (as for float16 on a GPU above), and every choice the same.
    """
    torch = pytest.importorskip('torch')
    full = create_backend('clip', model=trained_clip_dir, device='cpu', offline=True)
    half = create_backend('clip', model=trained_clip_dir, device='cpu', offline=True,
                          dtype='bfloat16')
    assert half.encoder.dtype == torch.bfloat16 and full.encoder.dtype == torch.float32
    darker = _query(positive='dark-colored shape', negative='light-colored shape')
    for seed in range(4):
        colour = ('red', 'green', 'blue')[seed % 3]
        images = [_shape('square', colour, 'light', seed), _shape('circle', colour, 'dark', seed)]
        for method in ('s', 'sd', 'ensemble'):
            expected = full.select(images, darker, method=method)
            result = half.select(images, darker, method=method)
            assert result.choice == expected.choice == 1
            np.testing.assert_allclose(result.scores, expected.scores, atol=0.01)
            assert result.confidence == pytest.approx(expected.confidence, abs=0.02)


def test_an_unknown_precision_is_refused_by_name():
    with pytest.raises(SubtleDiffError, match="unknown dtype 'int8'"):
        create_backend('analytic', dtype='int8')

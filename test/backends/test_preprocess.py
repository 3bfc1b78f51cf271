# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Image preparation with torch against the checkpoints' own image processors."""

import numpy as np
import pytest

from subtle_diff_ros.backends.image_text.encoder import load_encoder
from subtle_diff_ros.backends.image_text.preprocess import (resized_size, torch_preprocessor,
                                                            TorchPreprocessor,
                                                            unsupported_reason)
from subtle_diff_ros.core.errors import SubtleDiffError

FAMILIES = [('tiny_clip_dir', 'clip'), ('tiny_align_dir', 'align'),
            ('tiny_siglip_dir', 'siglip')]


@pytest.fixture(scope='module')
def photos():
    """Real photos of several sizes and aspect ratios (portrait, landscape, square)."""
    data = pytest.importorskip('skimage.data', reason='the photos come with scikit-image')
    coffee, astronaut, chelsea = data.coffee(), data.astronaut(), data.chelsea()
    return [coffee, astronaut, chelsea, np.ascontiguousarray(chelsea[:, 100:260]),
            np.ascontiguousarray(coffee[50:290, 120:600])]


def _levels(processor_config):
    """Return the size of one uint8 level in the normalised pixel units of each channel."""
    std = np.asarray(processor_config['image_std'], dtype=np.float64)
    if processor_config.get('include_top'):
        std = std * std
    return processor_config['rescale_factor'] / std


def _levels_apart(encoder, preprocess, photos):
    """Return how many uint8 levels each pixel ``preprocess`` makes is from the processor's."""
    config = encoder.image_processor.to_dict()
    expected = encoder.image_processor(images=photos, return_tensors='pt')['pixel_values']
    got = preprocess(photos)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    return (got - expected).abs().numpy() / _levels(config).reshape(1, 3, 1, 1)


@pytest.mark.parametrize('fixture, family', FAMILIES)
def test_torch_preparation_on_the_cpu_is_the_processors_within_a_level(request, fixture, family,
                                                                       photos):
    encoder = load_encoder(request.getfixturevalue(fixture), device='cpu', offline=True,
                           preprocessing='processor')
    config = encoder.image_processor.to_dict()
    assert unsupported_reason(config) is None
    preprocess = TorchPreprocessor(config)
    assert preprocess.uint8_resize
    # Resized as uint8 in fixed point, as PIL does: a level now and then, never a shifted crop.
    difference = _levels_apart(encoder, preprocess, photos)
    assert difference.max() <= 1.0 + 1e-3 and difference.mean() < 0.05


@pytest.mark.parametrize('fixture, family', FAMILIES)
def test_float_resizing_as_on_a_gpu_makes_the_processors_choices(request, fixture, family,
                                                                 photos):
    encoder = load_encoder(request.getfixturevalue(fixture), device='cpu', offline=True,
                           preprocessing='processor')
    preprocess = TorchPreprocessor(encoder.image_processor.to_dict())
    preprocess.uint8_resize = False  # the GPU's arithmetic, checked here on the CPU
    # PIL resizes in fixed point, torch in float: a level here and there, never a shifted crop.
    difference = _levels_apart(encoder, preprocess, photos)
    assert difference.mean() < 0.5 and np.percentile(difference, 99) <= 2.0
    assert difference.max() <= 8.0


@pytest.mark.parametrize('fixture, family', FAMILIES)
def test_embeddings_of_both_preparations_agree(request, fixture, family, photos, test_device):
    directory = request.getfixturevalue(fixture)
    by_processor = load_encoder(directory, device=test_device, offline=True,
                                preprocessing='processor')
    by_torch = load_encoder(directory, device=test_device, offline=True, preprocessing='torch')
    assert by_processor.preprocess is None and by_torch.preprocess is not None
    a, b = by_processor.encode_images(photos), by_torch.encode_images(photos)
    assert np.min(np.sum(a * b, axis=1)) > 0.999


def test_encoders_prepare_with_torch_unless_told_to_use_the_processor(tiny_clip_dir):
    assert load_encoder(tiny_clip_dir, device='cpu', offline=True).preprocess is not None
    assert load_encoder(tiny_clip_dir, device='cpu', offline=True,
                        preprocessing='processor').preprocess is None
    with pytest.raises(SubtleDiffError, match='unknown preprocessing'):
        load_encoder(tiny_clip_dir, device='cpu', offline=True, preprocessing='gpu')


def test_resize_sizes_follow_transformers():
    assert resized_size(480, 640, {'shortest_edge': 224}) == (224, 298)
    assert resized_size(640, 480, {'shortest_edge': 224}) == (298, 224)
    assert resized_size(300, 451, {'height': 224, 'width': 224}) == (224, 224)


def test_settings_it_does_not_reproduce_are_named_and_left_to_the_processor(tiny_clip_dir):
    encoder = load_encoder(tiny_clip_dir, device='cpu', offline=True)
    config = encoder.image_processor.to_dict()
    assert 'padding' in unsupported_reason({**config, 'do_pad': True})
    assert 'resampling filter 0' in unsupported_reason({**config, 'resample': 0})
    assert 'not reproduced' in unsupported_reason({**config,
                                                   'image_processor_type': 'BlipImageProcessor'})
    encoder.image_processor.do_pad = True
    preprocess, why = torch_preprocessor(encoder.image_processor, 'cpu', None)
    assert preprocess is None and 'padding' in why
    with pytest.raises(ValueError, match='padding'):
        TorchPreprocessor({**config, 'do_pad': True})


def test_small_images_are_padded_like_the_processor_does():
    config = {'image_processor_type': 'CLIPImageProcessor', 'do_resize': False,
              'do_center_crop': True, 'crop_size': {'height': 8, 'width': 8},
              'rescale_factor': 1 / 255, 'image_mean': [0, 0, 0], 'image_std': [1, 1, 1]}
    image = np.full((4, 6, 3), 255, np.uint8)
    pixels = TorchPreprocessor(config)([image])[0].numpy()
    assert pixels.shape == (3, 8, 8)
    assert pixels[:, 2:6, 1:7].min() == 1.0 and pixels.sum() == 3 * 4 * 6


@pytest.mark.skipif(not __import__('torch').cuda.is_available(),
                    reason='needs a CUDA GPU (runs in scripts/gpu_check.sh)')
def test_cuda_preparation_matches_the_cpu(tiny_clip_dir):
    import torch
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:480, :640]
    scene = np.stack([xx * 255 // 640, yy * 255 // 480, (xx + yy) % 256], axis=2)
    photos = [np.clip(scene + rng.normal(0, 20, scene.shape), 0, 255).astype(np.uint8),
              rng.integers(0, 256, (300, 200, 3), dtype=np.uint8)]
    encoder = load_encoder(tiny_clip_dir, device='cpu', offline=True)
    config = encoder.image_processor.to_dict()
    in_float_on_cpu = TorchPreprocessor(config)
    in_float_on_cpu.uint8_resize = False  # the GPU's arithmetic
    on_cpu = in_float_on_cpu(photos)
    on_gpu = TorchPreprocessor(config, 'cuda', torch.float16)(photos)
    assert on_gpu.device.type == 'cuda' and on_gpu.dtype == torch.float16
    np.testing.assert_allclose(on_gpu.float().cpu().numpy(), on_cpu.numpy(), atol=0.02)

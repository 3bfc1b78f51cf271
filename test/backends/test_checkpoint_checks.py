# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Checkpoints whose preprocessor or config does not fit their weights are refused at load."""

import json
import shutil

import pytest
from subtle_diff_ros.backends.base import create_backend
from subtle_diff_ros.backends.image_text.encoder import load_encoder
from subtle_diff_ros.backends.vlm.captioner import VlmCaptioner
from subtle_diff_ros.core.errors import ModelLoadError
from tiny_models import build_tiny_llava, rewritten_checkpoint


def _edited(source, target, name, change):
    """Copy the checkpoint ``source`` to ``target`` with ``change`` made to its JSON ``name``."""
    shutil.copytree(source, target)
    path = target / name
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    return str(target)


def _one_line(error):
    message = str(error.value)
    assert '\n' not in message and len(message) < 600
    return message


@pytest.mark.parametrize('settings, words', [
    ({'rescale_factor': 0.0}, r'makes a dark and a light image alike .*rescale_factor 0\.0'),
    ({'rescale_factor': 1e-9}, 'makes a dark and a light image alike'),
    ({'image_std': [1e9] * 3}, r'alike .*image_std .1000000000\.0'),
    ({'image_std': [1e-30] * 3}, r'pixel values up to .*image_std .1e-30'),
    ({'image_std': [0.0] * 3}, 'non-finite values'),
    ({'rescale_factor': float('nan')}, 'non-finite values'),
])
def test_a_preprocessor_that_erases_or_blows_up_images_is_refused(
        tiny_clip_dir, tmp_path, settings, words):
    """rescale_factor 0 answered every selection as a tie; image_std 1e-30 failed each request."""
    model = _edited(tiny_clip_dir, tmp_path / 'model', 'preprocessor_config.json',
                    lambda config: config.update(settings))
    with pytest.raises(ModelLoadError, match=words) as error:
        load_encoder(model, device='cpu', offline=True)
    assert str(tmp_path / 'model') in _one_line(error)


@pytest.mark.parametrize('settings', [{'do_normalize': False},
                                      {'do_rescale': False, 'do_normalize': False}])
def test_a_preprocessor_that_only_rescales_or_passes_pixels_is_loaded(
        tiny_clip_dir, tmp_path, settings):
    model = _edited(tiny_clip_dir, tmp_path / 'model', 'preprocessor_config.json',
                    lambda config: config.update(settings))
    assert load_encoder(model, device='cpu', offline=True).family == 'clip'


def _layers(vision, text):
    def change(config):
        config['vision_config']['num_hidden_layers'] = vision
        config['text_config']['num_hidden_layers'] = text
    return change


@pytest.mark.parametrize('change, words', [
    (_layers(1, 1), r'do not fit its config\.json: 32 unused: text_model\.encoder\.layers\.1\.'),
    (_layers(3, 2), r'16 missing: vision_model\.encoder\.layers\.2\.'),
    (lambda config: config.update(projection_dim=32),
     r'2 of another shape: text_projection\.weight \(stored 64x64, config 32x64\)'),
])
def test_weights_that_do_not_fit_the_config_are_refused_without_transformers_table(
        tiny_clip_dir, tmp_path, capfd, change, words):
    """One layer less in config.json dropped half the network and answered on, 38 lines said."""
    model = _edited(tiny_clip_dir, tmp_path / 'model', 'config.json', change)
    capfd.readouterr()
    with pytest.raises(ModelLoadError, match=words) as error:
        create_backend('clip', model=model, device='cpu', offline=True)
    message = _one_line(error)
    assert f"clip model '{model}'" in message and message.count('layers.') <= 6
    assert 'LOAD REPORT' not in capfd.readouterr().err


@pytest.mark.parametrize('fixture', ['tiny_clip_dir', 'tiny_align_dir', 'tiny_siglip_dir'])
def test_checkpoints_whose_weights_fit_load_with_nothing_on_stderr(request, capfd, fixture):
    directory = request.getfixturevalue(fixture)
    capfd.readouterr()
    load_encoder(directory, device='cpu', offline=True)
    stderr = capfd.readouterr().err
    assert 'LOAD REPORT' not in stderr and 'not sharded' not in stderr


def test_stored_position_ids_and_missing_batch_counts_are_harmless(tiny_clip_dir,
                                                                   tiny_align_dir, tmp_path):
    """Older CLIP checkpoints store position_ids; BatchNorm's batch count is training's only."""
    import torch

    def add_position_ids(weights):
        for tower in ('text_model', 'vision_model'):
            count = weights[f'{tower}.embeddings.position_embedding.weight'].shape[0]
            weights[f'{tower}.embeddings.position_ids'] = torch.arange(count)[None]

    def drop_batch_counts(weights):
        for key in [key for key in weights if key.endswith('num_batches_tracked')]:
            del weights[key]

    clip = rewritten_checkpoint(tiny_clip_dir, tmp_path / 'clip', add_position_ids)
    align = rewritten_checkpoint(tiny_align_dir, tmp_path / 'align', drop_batch_counts)
    assert load_encoder(clip, device='cpu', offline=True).family == 'clip'
    assert load_encoder(align, device='cpu', offline=True).family == 'align'


def test_a_vlm_whose_weights_do_not_fit_its_config_is_refused(tmp_path, capfd):
    directory = build_tiny_llava(str(tmp_path / 'llava'))
    model = _edited(tmp_path / 'llava', tmp_path / 'short', 'config.json',
                    lambda config: config['text_config'].update(num_hidden_layers=1))
    capfd.readouterr()
    with pytest.raises(ModelLoadError, match=r"VLM '.*short' do not fit its config\.json: "
                                             r'\d+ unused: .*layers\.1\.'):
        VlmCaptioner(model, device='cpu', offline=True)
    assert 'LOAD REPORT' not in capfd.readouterr().err
    assert VlmCaptioner(directory, device='cpu', offline=True).model_type == 'llava'

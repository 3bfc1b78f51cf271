# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Shared fixtures: tiny image-text checkpoints saved like real ones, and a trained tiny CLIP.

The model tests run on the device named by ``SUBTLE_DIFF_TEST_DEVICE`` ('cpu' by default,
'cuda' on a GPU machine: scripts/gpu_check.sh); see the ``test_device`` fixture. Nothing here
imports ROS, so the core tests run without it.
"""

import os

import pytest

from tiny_models import build_tiny_align, build_tiny_clip, build_tiny_siglip, train_tiny_clip

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Trained test models are cached here (SUBTLE_DIFF_TEST_CACHE: a nested run shares the outer one).
CACHE_ROOT = os.environ.get('SUBTLE_DIFF_TEST_CACHE') or os.path.join(REPO_ROOT, '.cache')
TEST_DEVICE = os.environ.get('SUBTLE_DIFF_TEST_DEVICE', '').strip() or 'cpu'


@pytest.fixture(scope='session')
def test_device():
    """Return the device the model tests load models on ($SUBTLE_DIFF_TEST_DEVICE or 'cpu')."""
    return TEST_DEVICE


@pytest.fixture(scope='session')
def tiny_clip_dir(tmp_path_factory):
    """Return a directory with a randomly initialised tiny CLIP checkpoint."""
    return build_tiny_clip(str(tmp_path_factory.mktemp('tiny_clip')))


@pytest.fixture(scope='session')
def tiny_align_dir(tmp_path_factory):
    """Return a directory with a randomly initialised tiny ALIGN checkpoint."""
    return build_tiny_align(str(tmp_path_factory.mktemp('tiny_align')))


@pytest.fixture(scope='session')
def tiny_siglip_dir(tmp_path_factory):
    """Return a directory with a randomly initialised tiny SigLIP checkpoint."""
    return build_tiny_siglip(str(tmp_path_factory.mktemp('tiny_siglip')))


@pytest.fixture(scope='session')
def trained_clip_dir():
    """Return a tiny CLIP trained on shape images (cached under .cache/, ~1-2 min to train)."""
    return train_tiny_clip(CACHE_ROOT)


@pytest.fixture(scope='session')
def trained_clip_encoder(trained_clip_dir, test_device):
    """Return the trained tiny CLIP loaded through load_encoder on the test device."""
    from subtle_diff_ros.backends.image_text.encoder import load_encoder
    return load_encoder(trained_clip_dir, device=test_device, offline=True)

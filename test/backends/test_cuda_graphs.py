# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The image encoder's CUDA graphs: buckets, the eager fallback, and agreement on a GPU."""

import logging

import numpy as np
import pytest

from subtle_diff_ros.backends.image_text.cuda_graphs import (batch_buckets, bucket_for,
                                                             image_encoder_graphs)

torch = pytest.importorskip('torch')


def test_batches_are_padded_to_the_next_bucket():
    assert batch_buckets(16) == [1, 2, 4, 8, 16]
    assert batch_buckets(12) == [1, 2, 4, 8, 12]
    assert batch_buckets(1) == [1]
    buckets = batch_buckets(12)
    assert [bucket_for(n, buckets) for n in (1, 2, 3, 5, 8, 9, 12)] == [1, 2, 4, 8, 8, 12, 12]
    with pytest.raises(ValueError, match='13 images exceed the largest captured batch'):
        bucket_for(13, buckets)


def test_a_forward_that_cannot_be_captured_keeps_the_eager_model(caplog):
    def forward(pixels):
        raise RuntimeError('operation not permitted when stream is capturing')
    device = 'cuda' if torch.cuda.is_available() else 'cuda:0'  # fails at once without a GPU
    with caplog.at_level(logging.WARNING, logger='subtle_diff_ros'):
        graphs = image_encoder_graphs(forward, device, torch.float16, 4, (3, 8, 8), 'tiny')
    assert graphs is None
    assert 'tiny: CUDA graphs could not be captured' in caplog.text
    assert 'the image encoder runs eagerly' in caplog.text


@pytest.mark.skipif(not torch.cuda.is_available(),
                    reason='needs a CUDA GPU (runs in scripts/gpu_check.sh)')
def test_graph_replay_encodes_like_the_eager_model(tiny_clip_dir):
    from subtle_diff_ros.backends.image_text.encoder import load_encoder
    graphed = load_encoder(tiny_clip_dir, device='cuda', offline=True)
    eager = load_encoder(tiny_clip_dir, device='cuda', offline=True, cuda_graphs=False)
    assert graphed.graphs is not None and eager.graphs is None
    rng = np.random.default_rng(3)
    # Batch sizes on and between the buckets, past the largest (chunked), and another frame
    # size (the crop gives the same pixel shape).
    for count, size in ((1, (480, 640)), (3, (480, 640)), (5, (240, 320)), (16, (480, 640)),
                        (21, (480, 640))):
        images = [rng.integers(0, 256, size + (3,), dtype=np.uint8) for _ in range(count)]
        expected = eager.encode_images(images)
        got = graphed.encode_images(images)
        assert got.shape == expected.shape
        cosine = np.sum(got * expected, axis=1)
        assert cosine.min() > 0.999, (count, cosine.min())
    # The padding rows of a bucket do not leak into the images of the batch.
    images = [rng.integers(0, 256, (480, 640, 3), dtype=np.uint8) for _ in range(3)]
    alone = [graphed.pixel_features(graphed.preprocess([image]))[0] for image in images]
    together = graphed.pixel_features(graphed.preprocess(images))
    np.testing.assert_allclose(together, np.stack(alone), atol=2e-3)

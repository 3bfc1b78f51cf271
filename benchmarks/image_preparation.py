# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Image preparation on the CPU: the checkpoint's image processor (PIL) against torch.

Full-size CLIP ViT-B/32 with random weights, 640x480 frames. Measured in one process, the two
preparations alternating call by call (the load of a shared machine drifts): the time to
prepare 1, 2 and 16 frames into the model's pixel tensor, and a whole selection between two new
frames (``ImageTextBackend.select``, P_SD) with each, in float32 and bfloat16. Also how far the
pixels are from the processor's (in uint8 levels) and the embeddings' cosine. Writes
benchmarks/results/image_preparation.json.
Run: ``PYTHONPATH=. .venv/bin/python benchmarks/image_preparation.py``.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time

import numpy as np

from subtle_diff_ros.backends.image_text.backend import ImageTextBackend
from subtle_diff_ros.backends.image_text.encoder import load_encoder
from subtle_diff_ros.core.compute_thread import on_compute_thread
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from subtle_diff_ros.evaluation.random_checkpoints import build_clip_b32

HERE = os.path.dirname(os.path.abspath(__file__))
QUERY = DifferenceQuery(attribute='color', axis='brightness', direction=-1, subject=ASKED,
                        object='cup', part=None, positive_text='dark-colored cup',
                        negative_text='light-colored cup')
PREPARATIONS = ('processor', 'torch')


def _frames(count, seed):
    """Return ``count`` 640x480 frames: a smooth scene with noise (photo-like, not pure noise)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:480, :640]
    scene = np.stack([xx * 255 // 640, yy * 255 // 480, (xx + yy) % 256], axis=2)
    return [np.clip(scene + rng.normal(0, 25, scene.shape), 0, 255).astype(np.uint8)
            for _ in range(count)]


def _prepare(encoder, frames):
    if encoder.preprocess is not None:
        return on_compute_thread(encoder.preprocess, frames)
    return encoder.image_processor(images=frames, return_tensors='pt')['pixel_values']


def _alternating(calls, repeats):
    """Time each named call ``repeats`` times, the calls taking turns; return median ms."""
    times = {name: [] for name in calls}
    for index in range(repeats):
        order = list(calls) if index % 2 == 0 else list(calls)[::-1]
        for name in order:
            start = time.perf_counter()
            calls[name]()
            times[name].append(1e3 * (time.perf_counter() - start))
    return {name: round(statistics.median(values), 2) for name, values in times.items()}


def measure(directory, dtype, repeats):
    """Return the figures of both preparations for one precision."""
    encoders = {name: load_encoder(directory, device='cpu', offline=True, dtype=dtype,
                                   preprocessing=name) for name in PREPARATIONS}
    assert encoders['torch'].preprocess is not None and encoders['processor'].preprocess is None
    frames = _frames(16, 1)
    record = {'dtype': dtype}
    for count in (1, 2, 16):
        record[f'prepare_{count}_frames_ms'] = _alternating(
            {name: (lambda e=encoder: _prepare(e, frames[:count]))
             for name, encoder in encoders.items()}, repeats)
    pixels = {name: _prepare(encoder, frames).to(encoder.dtype).float()  # as the model sees them
              for name, encoder in encoders.items()}
    levels = (pixels['torch'] - pixels['processor']).abs().numpy() / np.asarray(
        [1 / 255 / s for s in encoders['processor'].image_processor.image_std]).reshape(1, 3, 1, 1)
    embeddings = {name: encoder.encode_images(frames) for name, encoder in encoders.items()}
    record['pixels_levels_apart'] = {'mean': round(float(levels.mean()), 4),
                                     'max': round(float(levels.max()), 2)}
    record['embedding_cosine_min'] = round(float(np.min(np.sum(
        embeddings['torch'] * embeddings['processor'], axis=1))), 6)
    backends = {name: ImageTextBackend(encoder) for name, encoder in encoders.items()}
    pairs = iter(range(10 ** 6))

    def select(name):
        encoders[name].clear_cache()  # two new frames every time
        pair = _frames(2, next(pairs))
        return lambda: backends[name].select(pair, QUERY, method='sd')
    for name in PREPARATIONS:  # warm up: the first call of each pays one-off costs
        select(name)()
    times = {name: [] for name in PREPARATIONS}
    for index in range(repeats):
        for name in PREPARATIONS if index % 2 == 0 else PREPARATIONS[::-1]:
            call = select(name)
            start = time.perf_counter()
            call()
            times[name].append(1e3 * (time.perf_counter() - start))
    record['selection_two_new_frames_ms'] = {
        name: round(statistics.median(values), 1) for name, values in times.items()}
    record['selection_speed_up'] = round(
        record['selection_two_new_frames_ms']['processor']
        / record['selection_two_new_frames_ms']['torch'], 3)
    return record


def main(argv=None):
    """Measure both precisions, write the JSON file, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeats', type=int, default=20)
    parser.add_argument('--threads', type=int, default=2, help='CPU threads for torch')
    parser.add_argument('--dtypes', default='float32,bfloat16')
    parser.add_argument('--output', default=os.path.join(HERE, 'results',
                                                         'image_preparation.json'))
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    import torch
    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as directory:
        on_compute_thread(build_clip_b32, directory)
        records = []
        for dtype in args.dtypes.split(','):
            records.append(measure(directory, dtype, args.repeats))
            print(json.dumps(records[-1]), flush=True)
    result = {'benchmark': 'image_preparation', 'model': 'CLIP ViT-B/32 (random weights)',
              'image_size': [480, 640], 'repeats': args.repeats, 'threads': args.threads,
              'torch': torch.__version__, 'cpu': platform.processor() or platform.machine(),
              'cpu_count': os.cpu_count(), 'load_average_before': load_before,
              'records': records}
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=2)
    print(f'written: {args.output}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

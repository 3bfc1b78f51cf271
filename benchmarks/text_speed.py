# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Speed of text understanding on one CPU core: the rule path, the encoder fallback, its loading.

1. Rule path: every sentence of the phrasing development half (the fallback switched off), after
   one warm-up pass that loads the word lists; per-sentence p50 / p90 / p99.
2. Encoder load in a fresh interpreter (``torch.set_num_threads(1)``): importing torch and
   transformers (shared with the image-text backends), then loading the model and embedding the
   prototype phrases (``phrase_encoder.load``).
3. Encoder fallback: parses of texts only the encoder reads (after loading), p50 / p90.
4. Hostile texts: the slowest parse (rule path) of texts up to the length limit built to make
   patterns backtrack (runs of apostrophes, of "image 1 makes image 2", of commas and
   comparatives); a hostile probe found 12 s and 1.5 s before the patterns were bounded.

Writes benchmarks/results/text_speed.json.

Usage: python benchmarks/text_speed.py [--repeats 5]
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from subtle_diff_ros.evaluation.phrasing import load_items  # noqa: E402
from subtle_diff_ros.text import parse_difference  # noqa: E402

DEV = os.path.join(REPO, 'test', 'data', 'phrasing', 'dev.csv')
RESULTS = os.path.join(REPO, 'benchmarks', 'results', 'text_speed.json')
# Texts only the encoder reads (no lexicon word), written for this benchmark.
ENCODER_TEXTS = (
    'The towel in image 2 feels sandpaper-like compared to image 1.',
    'The rod in image 1 looks stretched compared to image 2.',
    'The plank in image 2 looks weathered compared to image 1.',
    'The bucket in image 2 looks dented compared to image 1.',
    'The tray in image 2 has a satin finish compared to image 1.',
    'The robot in image 1 is humming a tune.',
)
# Texts up to the length limit built to make patterns backtrack (a hostile probe's).
HOSTILE_TEXTS = (
    'image 1 is darker' + "'" * 980,
    'image 1 is darker' + '\u2019' * 980,
    'image 1 is darker' + " '" * 490,
    ('img1 img2 make ' * 67)[:1000],
    ('img1 makes img2 ' * 63)[:990] + ' look',
    ('pic 1 makes pic 2 ' * 56)[:1000],
    ('the darker, ' * 84)[:1000],
    ('image 1 than image 2 ' * 48)[:1000],
    'the cup in image 1 is ' + 'much ' * 195 + 'darker',
)
_LOAD = """
import json, sys, time
started = time.perf_counter()
import torch
torch.set_num_threads(1)
import transformers  # noqa: F401
import transformers.modeling_utils  # noqa: F401  (what image-text models import too)
imported = time.perf_counter()
from subtle_diff_ros.text import phrase_encoder
phrase_encoder.load()
loaded = time.perf_counter()
print(json.dumps({'import_s': imported - started, 'load_s': loaded - imported}))
"""


def _percentiles(seconds):
    ms = 1e3 * np.asarray(seconds)
    return {'p50_ms': float(np.percentile(ms, 50)), 'p90_ms': float(np.percentile(ms, 90)),
            'p99_ms': float(np.percentile(ms, 99)), 'n': int(ms.size)}


def rule_path(texts, repeats):
    """Return per-sentence parse times of the rule path (fallback off)."""
    for text in texts:
        _parse(text, fallback=False)
    times = []
    for _ in range(repeats):
        for text in texts:
            started = time.perf_counter()
            _parse(text, fallback=False)
            times.append(time.perf_counter() - started)
    return times


def _parse(text, fallback):
    try:
        parse_difference(text, fallback=fallback)
    except ValueError:
        pass


def hostile_texts():
    """Return the slowest parse (seconds) of each hostile text, fallback off."""
    slowest = []
    for text in HOSTILE_TEXTS:
        started = time.perf_counter()
        _parse(text, fallback=False)
        slowest.append(time.perf_counter() - started)
    return slowest


def encoder_load():
    """Return the import and load seconds of the encoder in a fresh one-thread interpreter."""
    env = dict(os.environ, PYTHONPATH=REPO, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1')
    env.pop('_ROS_WHEELS_BOOTSTRAP_COMPLETE', None)
    out = subprocess.run([sys.executable, '-c', _LOAD], capture_output=True, text=True,
                         env=env, cwd=REPO, timeout=300, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def encoder_path(repeats):
    """Return per-text parse times of texts that go to the encoder (one thread, loaded)."""
    import torch
    torch.set_num_threads(1)
    from subtle_diff_ros.text import phrase_encoder
    phrase_encoder.load()
    times = []
    for _ in range(repeats):
        for text in ENCODER_TEXTS:
            started = time.perf_counter()
            _parse(text, fallback=True)
            times.append(time.perf_counter() - started)
    return times


def main(argv=None):
    """Measure, print and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--repeats', type=int, default=5)
    args = parser.parse_args(argv)
    texts = [item['text'] for item in load_items(DEV)]
    rules = _percentiles(rule_path(texts, args.repeats))
    hostile = hostile_texts()  # after the rule path's warm-up pass: the patterns, not loading
    result = {'rule_path': rules,
              'hostile_max_ms': 1e3 * max(hostile), 'hostile_n': len(hostile),
              'encoder_load': encoder_load(),
              'encoder_path': _percentiles(encoder_path(args.repeats))}
    rules, fallback, load = result['rule_path'], result['encoder_path'], result['encoder_load']
    print(f'rule path: p50 {rules["p50_ms"]:.3f} ms, p90 {rules["p90_ms"]:.3f} ms, '
          f'p99 {rules["p99_ms"]:.3f} ms per sentence ({rules["n"]} parses)')
    print(f'hostile texts: slowest parse {result["hostile_max_ms"]:.1f} ms of '
          f'{result["hostile_n"]}')
    print(f'encoder fallback (1 thread): p50 {fallback["p50_ms"]:.1f} ms, '
          f'p90 {fallback["p90_ms"]:.1f} ms per text ({fallback["n"]} parses)')
    print(f'encoder load (1 thread): {load["load_s"]:.2f} s for the model and prototypes, '
          f'after {load["import_s"]:.2f} s importing torch and transformers')
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=2)
    print(f'wrote {RESULTS}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

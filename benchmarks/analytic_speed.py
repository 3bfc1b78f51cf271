# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Latency of the measurement backend on one CPU core: selection and description of two images.

Times ``AnalyticBackend.select`` ("the darker cup") and ``describe`` (each attribute) on a pair
of 640x480 photos with automatic masks (region localization included), with OpenCV limited to
one thread and the process pinned to one core where the OS allows. Prints the medians and
writes benchmarks/results/analytic_speed.json. Target: under 50 ms median each. The CPU time of
the calling thread is reported beside the wall time: on a machine shared with other jobs it
moves far less than the wall time (OpenCV runs single-threaded here, so the thread does all
the work).
"""

import argparse
import json
import os
import platform
import sys
import time

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend  # noqa: E402
from subtle_diff_ros.core.query import ASKED, DifferenceQuery  # noqa: E402
from subtle_diff_ros.vision.image_io import load_image  # noqa: E402

PHOTO = os.path.join(os.path.dirname(ROOT), 'shared', 'data', 'objects', 'eth80', 'cup', '3',
                     'cup3-090-000.png')


def pair():
    """Return two 640x480 RGB images: a photo (or drawn cup) and its 15% darker copy."""
    if os.path.isfile(PHOTO):
        image, source = load_image(PHOTO), PHOTO
    else:
        image = np.full((256, 256, 3), (90, 110, 200), np.uint8)
        cv2.ellipse(image, (128, 140), (60, 70), 0, 0, 360, (230, 230, 225), -1)
        source = 'drawn cup (ETH-80 photo not found)'
    image = cv2.resize(image, (640, 480), interpolation=cv2.INTER_LINEAR)
    return image, (image * 0.85).astype(np.uint8), source


def median_ms(function, repeats):
    """Return (median wall ms, p90 wall ms, median thread CPU ms) of ``function()``."""
    function()
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.thread_time()
        function()
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return (1000.0 * float(np.median(times)), 1000.0 * float(np.percentile(times, 90)),
            1000.0 * float(np.median(cpu)))


def main():
    """Time selection and description; print and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--repeats', type=int, default=30)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    if hasattr(os, 'sched_setaffinity'):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    image_1, image_2, source = pair()
    backend = AnalyticBackend()
    darker = DifferenceQuery('color', 'brightness', -1, ASKED, 'cup', None, 'dark-colored cup',
                             'light-colored cup')
    results = {}
    results['select'] = median_ms(lambda: backend.select([image_1, image_2], darker),
                                  args.repeats)
    for attribute in ('color', 'shape', 'texture'):
        results[f'describe_{attribute}'] = median_ms(
            lambda a=attribute: backend.describe(image_1, image_2, a, 'cup'), args.repeats)
    report = {
        'image_size': [640, 480], 'source': source, 'repeats': args.repeats,
        'opencv_threads': cv2.getNumThreads(), 'cpu': platform.processor() or platform.machine(),
        'target_ms': 50.0,
        'median_ms': {k: round(v[0], 2) for k, v in results.items()},
        'p90_ms': {k: round(v[1], 2) for k, v in results.items()},
        'median_cpu_ms': {k: round(v[2], 2) for k, v in results.items()},
    }
    for name, (median, p90, cpu) in results.items():
        print(f'{name:18s} median {median:6.1f} ms   p90 {p90:6.1f} ms   CPU {cpu:6.1f} ms')
    out = os.path.join(ROOT, 'benchmarks', 'results', 'analytic_speed.json')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f:
        json.dump(report, f, indent=1)
    print(f'wrote {out}')


if __name__ == '__main__':
    main()

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Time ``localization.find_changed_regions`` on 640x480 pairs, with and without object masks.

Uses an ETH-80 cup photo from ../shared/data (scaled to 640x480) shifted by a few pixels and with a
painted patch; prints milliseconds per pair and writes benchmarks/results/localization_speed.json.
"""

import json
import os
import platform
import time

import cv2
import numpy as np

from subtle_diff_ros.vision.image_io import load_image, load_mask
from subtle_diff_ros.vision.localization import find_changed_regions

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CUP = os.path.join(REPO, '..', 'shared', 'data', 'objects', 'eth80', 'cup', '3')


def _time(function, repeats=30):
    for _ in range(3):
        function()
    started = time.perf_counter()
    for _ in range(repeats):
        function()
    return (time.perf_counter() - started) / repeats * 1e3


def main():
    """Run the timing and write the JSON result."""
    cv2.setNumThreads(1)
    image = cv2.resize(load_image(os.path.join(CUP, 'cup3-090-000.png')), (640, 480))
    mask = cv2.resize(load_mask(os.path.join(CUP, 'masks', 'cup3-090-000-map.png'))
                      .astype(np.uint8), (640, 480), interpolation=cv2.INTER_NEAREST) > 0
    other = np.roll(image, (5, -7), (0, 1)).copy()
    other_mask = np.roll(mask, (5, -7), (0, 1))
    other[200:260, 200:280] //= 2
    results = {
        'with_masks_ms': _time(lambda: find_changed_regions(image, other, mask, other_mask)),
        'automatic_masks_ms': _time(lambda: find_changed_regions(image, other)),
        'size': '640x480', 'opencv_threads': 1,
        'machine': platform.processor() or platform.machine(),
        'load_average': os.getloadavg()[0],
    }
    print(json.dumps(results, indent=1))
    out = os.path.join(REPO, 'benchmarks', 'results', 'localization_speed.json')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f:
        json.dump(results, f, indent=1)


if __name__ == '__main__':
    main()

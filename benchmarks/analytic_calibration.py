# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Check the measurement thresholds on real photos (ETH-80 views and deliberate edits).

For each ETH-80 object, unedited pairs of opposite views (090-000/090-180, 090-090/090-270)
should mostly stay under every threshold, and small deliberate edits of one view should pass
the threshold of the axis they change. Prints per-axis rates and writes
benchmarks/results/analytic_calibration.json (_automatic.json with --automatic-masks).

Usage: python benchmarks/analytic_calibration.py [--automatic-masks]
"""

import argparse
import glob
import itertools
import json
import os
import sys

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from subtle_diff_ros.backends.analytic.measure import compare, measure_object  # noqa: E402
from subtle_diff_ros.backends.analytic.thresholds import COLOR_DIFFERENCE  # noqa: E402
from subtle_diff_ros.core.axes import AXES, PART_AXES  # noqa: E402
from subtle_diff_ros.vision.image_io import load_image, load_mask  # noqa: E402
from subtle_diff_ros.vision.pair import prepare_images  # noqa: E402

DATA = os.path.join(os.path.dirname(ROOT), 'shared', 'data', 'objects', 'eth80')


def edit_lab(image, mask, change):
    """Apply ``change(lab)`` to the object pixels of an RGB image."""
    lab = cv2.cvtColor(image.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    edited = cv2.cvtColor(change(lab.copy()), cv2.COLOR_Lab2RGB)
    out = np.where(mask[..., None], np.clip(edited * 255.0 + 0.5, 0, 255), image)
    return out.astype(np.uint8)


def darker(image, mask):
    """Darken the object by 15% (RGB times 0.85)."""
    out = image.astype(np.float32)
    out[mask] *= 0.85
    return np.clip(out + 0.5, 0, 255).astype(np.uint8), mask


def desaturated(image, mask):
    """Return the object with 20% less chroma."""
    def change(lab):
        lab[..., 1:] *= 0.8
        return lab
    return edit_lab(image, mask, change), mask


def hue_turned(image, mask):
    """Return the object with its hue turned by 10 degrees."""
    def change(lab):
        c, s = np.cos(np.radians(10)), np.sin(np.radians(10))
        a, b = lab[..., 1].copy(), lab[..., 2].copy()
        lab[..., 1], lab[..., 2] = c * a - s * b, s * a + c * b
        return lab
    return edit_lab(image, mask, change), mask


def wider(image, mask):
    """Return the image stretched 8% horizontally about the object's centre."""
    h, w = mask.shape
    cx = float(np.nonzero(mask)[1].mean())
    m = np.float32([[1.08, 0, cx * (1 - 1.08)], [0, 1, 0]])
    out = cv2.warpAffine(image, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
    new_mask = cv2.warpAffine(mask.astype(np.uint8), m, (w, h), flags=cv2.INTER_NEAREST) > 0
    return out, new_mask


def highlight(image, mask):
    """Return the object with a soft white specular spot added."""
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    radius = 0.12 * np.sqrt(mask.sum() / np.pi)
    yy, xx = np.mgrid[0:h, 0:w]
    spot = np.exp(-((yy - ys.mean()) ** 2 + (xx - xs.mean()) ** 2) / (2 * radius ** 2))
    out = image.astype(np.float32)
    out += (255.0 - out) * (0.9 * spot * mask)[..., None]
    return np.clip(out + 0.5, 0, 255).astype(np.uint8), mask


def grainy(image, mask):
    """Return the object with fine grain (Gaussian noise, sigma 10 grey levels) added."""
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 10.0, mask.shape)[..., None] * mask[..., None]
    return np.clip(image + noise, 0, 255).astype(np.uint8), mask


MIRROR_VIEWS = ({'090-000', '090-180'}, {'090-090', '090-270'})

EDITS = {'brightness': darker, 'saturation': desaturated, 'hue': hue_turned, 'width': wider,
         'glossiness': highlight, 'roughness': grainy}


def main():
    """Measure view pairs and edits, print rates, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--automatic-masks', action='store_true',
                        help='find the masks instead of reading the ETH-80 ones')
    args = parser.parse_args()
    if not os.path.isdir(DATA):
        sys.exit(f'no ETH-80 photos at {DATA}')
    axes = [a for a in AXES if a not in PART_AXES] + [COLOR_DIFFERENCE]
    views_noticed = {a: [] for a in axes}
    views_ratio = {a: [] for a in axes}
    edits_noticed = {a: [] for a in EDITS}
    edits_ratio = {a: [] for a in EDITS}
    for folder in sorted(glob.glob(os.path.join(DATA, '*', '*'))):
        paths = sorted(glob.glob(os.path.join(folder, '*.png')))
        items = []
        for path in paths:
            image = load_image(path)
            name = os.path.basename(path)[:-4]
            mask = load_mask(os.path.join(folder, 'masks', f'{name}-map.png'), image.shape) \
                if not args.automatic_masks else None
            gt = load_mask(os.path.join(folder, 'masks', f'{name}-map.png'), image.shape)
            items.append((image, mask, gt))
        measured = [measure_object(prepare_images([im], [m])[0]) for im, m, _ in items]
        names = [os.path.basename(p)[-11:-4] for p in paths]
        for (i, a), (j, b) in itertools.combinations(enumerate(measured), 2):
            # Opposite sides at the same elevation: the nearest thing to an unchanged object.
            if {names[i], names[j]} not in MIRROR_VIEWS:
                continue
            for axis in axes:
                m = compare(axis, a, b)
                views_noticed[axis].append(m.noticeable)
                views_ratio[axis].append(abs(m.difference) / m.threshold)
        for image, mask, gt in items:
            for axis, edit in EDITS.items():
                edited, edited_gt = edit(image, gt)
                masks = None if args.automatic_masks else [edited_gt, gt]
                va, vb = prepare_images([edited, image], masks)
                m = compare(axis, measure_object(va), measure_object(vb))
                edits_noticed[axis].append(m.noticeable)
                edits_ratio[axis].append(abs(m.difference) / m.threshold)
    report = {'masks': 'automatic' if args.automatic_masks else 'given',
              'view_pairs_noticeable_rate': {a: float(np.mean(v)) for a, v in
                                             views_noticed.items()},
              'view_pairs_median_ratio': {a: float(np.median(v)) for a, v in
                                          views_ratio.items()},
              'edits_noticed_rate': {a: float(np.mean(v)) for a, v in edits_noticed.items()},
              'edits_median_ratio': {a: float(np.median(v)) for a, v in edits_ratio.items()}}
    print(json.dumps(report, indent=1))
    out = os.path.join(ROOT, 'benchmarks', 'results', 'analytic_calibration.json')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out if not args.automatic_masks else out.replace('.json', '_automatic.json'),
              'w') as f:
        json.dump(report, f, indent=1)


if __name__ == '__main__':
    main()

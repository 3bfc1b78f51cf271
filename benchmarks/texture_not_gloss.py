# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Whether a roughened surface reads as glossier: a photo against itself pitted or grained.

Neither roughening adds a highlight, so "the glossier one" has no right answer: a sound
measurement chooses either image at about even odds, and describing the texture names roughness
or nothing, never glossiness. Each photo (COIL-100 at 270 degrees and ETH-80 at 45 degrees, a
fixed sample) is captured twice by the stimuli's camera (noise and JPEG, no light change), once
as it is and once with fine dark pits (3 pixels across, softened) or band-pass grain on its
object; these roughenings are not the edit benchmark's. Prints and writes how often the
roughened frame was chosen as the glossier, how often at a confidence above 0.75, and how often
the texture description called it glossier (and less glossy: pits on a highlight dull it).

Usage: python benchmarks/texture_not_gloss.py --images ../shared/data/objects \
    --out benchmarks/results/texture_not_gloss.json
"""

import argparse
import glob
import json
import os
import sys

import cv2
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend  # noqa: E402
from subtle_diff_ros.stimuli.camera import capture  # noqa: E402
from subtle_diff_ros.text import parse_difference  # noqa: E402
from subtle_diff_ros.vision.image_io import load_image  # noqa: E402
from subtle_diff_ros.vision.measures import interior  # noqa: E402
from subtle_diff_ros.vision.pair import object_mask  # noqa: E402

SURE = 0.75


def pitted(image, rng, count=150, depth=0.4):
    """Return ``image`` with ``count`` fine dark pits on its (automatic) object."""
    inside = interior(object_mask(image), 3)
    ys, xs = np.nonzero(inside)
    layer = np.zeros(inside.shape, np.float32)
    for k in rng.integers(0, xs.size, count):
        cv2.circle(layer, (int(xs[k]), int(ys[k])), 1, 1.0, -1)
    layer = cv2.GaussianBlur(layer, (0, 0), 0.6) * inside
    return np.clip(image * (1 - depth * layer)[..., None] + 0.5, 0, 255).astype(np.uint8)


def grained(image, rng, amplitude=6.0):
    """Return ``image`` with band-pass grain (RMS ``amplitude`` levels) on its object."""
    inside = interior(object_mask(image), 3)
    noise = rng.standard_normal(inside.shape).astype(np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), 0.8) - cv2.GaussianBlur(noise, (0, 0), 2.0)
    noise *= amplitude / noise[inside].std()
    return np.clip(image + (noise * inside)[..., None] + 0.5, 0, 255).astype(np.uint8)


def main() -> int:
    """Run both roughenings on every photo of the sample; print and write the counts."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[1])
    parser.add_argument('--images', default=os.path.join(REPO, '..', 'shared', 'data', 'objects'))
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--out', default=os.path.join(REPO, 'benchmarks', 'results',
                                                      'texture_not_gloss.json'))
    args = parser.parse_args()
    photos = sorted(glob.glob(os.path.join(args.images, 'coil100', '*__270.png')))[::3][:14] + \
        sorted(glob.glob(os.path.join(args.images, 'eth80', '*', '*', '*-045-000.png')))[::3][:6]
    if not photos:
        print(f'no photos under {args.images}')
        return 1
    backend = AnalyticBackend()
    query = parse_difference('the glossier one')
    rng = np.random.default_rng(args.seed)
    results = {}
    for name, roughen in (('pits', pitted), ('grain', grained)):
        records = []
        for path in photos:
            photo = load_image(path)
            reference = capture(photo, rng, light=False)
            rough = capture(roughen(photo, rng), rng, light=False)
            chosen = backend.select([reference, rough], query)
            said = backend.describe(rough, reference, 'texture')
            records.append({'photo': os.path.relpath(path, args.images),
                            'rough_chosen': chosen.choice == 1,
                            'confidence': round(chosen.confidence, 4),
                            'described': 'none' if said.no_difference else
                            f"{said.axis}{'+' if said.direction > 0 else '-'}"})
        chosen = sum(r['rough_chosen'] for r in records)
        sure = sum(r['rough_chosen'] and r['confidence'] > SURE for r in records)
        glossier = sum(r['described'] == 'glossiness+' for r in records)
        duller = sum(r['described'] == 'glossiness-' for r in records)
        results[name] = {'photos': len(records), 'rough_chosen_as_glossier': chosen,
                         f'rough_chosen_above_{SURE}': sure, 'described_glossier': glossier,
                         'described_less_glossy': duller, 'records': records}
        print(f'{name}: the roughened frame chosen as the glossier {chosen} of {len(records)} '
              f'({sure} above {SURE}); described as glossier {glossier} times, as less glossy '
              f'{duller}')
    with open(args.out, 'w', encoding='utf-8') as handle:
        json.dump({'seed': args.seed, 'results': results}, handle, indent=1)
    print(f'wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Selections between two frames of one scene whose light changed through a tone curve.

The measurement backend undoes a change of light as one gain a channel in linear light: exact for
a lamp or an exposure seen by a camera whose values are linear light under the sRGB curve. Real
cameras and editors are not that camera. Part 1 measures how far other tone curves are from one
gain (``vision.light.TONE_MISFIT``): for a pure 2.2 gamma, BT.709, a filmic shoulder, sRGB with a
contrast curve and an editor's brightness slider, the gain of an exposure change differs between
two tones by so much per unit of the exposure's log size and of the tones' log distance (root
mean square over pairs of tones at least 0.5 apart).

Part 2 photographs every ETH-80 cup and car (view 090-000: the first twenty photos of a fixed
rule, not chosen by result) twice: as it is, and with its object edited (``stimuli.edit_object``:
darker or warmer by one and two JNDs, or not at all), the second frame under another light:
linear gains (the model's own), the slider, the filmic camera. It asks the backend for "the
darker <object>" / "the warmer <object>" in both orders and reports, per light: for unedited
pairs how often a side was chosen at a confidence above 0.9 (nothing there to be sure of), and
for edited pairs how often the edited frame was chosen, the mean confidence, and how often the
answer was wrong above 0.9. The photos and edits were fixed before any result was seen; the
lights are the curves of part 1 (not held out: ``TONE_MISFIT`` was set from part 1).

Part 3 describes the colour of the same pairs (the photo as image 1, the relit frame as image 2)
and reports, per light, how often an unedited pair was described as different and how often an
edit was named by its axis and direction (``backends.analytic.backend.LIGHT_ALLOWANCE`` was set
from it: not held out).

Usage: python benchmarks/light_tone.py --images ../shared/data/objects \
    --out benchmarks/results/light_tone.json
"""

import argparse
import glob
import json
import os
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend  # noqa: E402
from subtle_diff_ros.core.errors import SubtleDiffError  # noqa: E402
from subtle_diff_ros.stimuli import edit_object  # noqa: E402
from subtle_diff_ros.text import parse_difference  # noqa: E402
from subtle_diff_ros.vision.image_io import load_image  # noqa: E402
from subtle_diff_ros.vision.light import encode_srgb, srgb_to_linear  # noqa: E402

SURE = 0.9


def _decode(v):
    """Return linear light of sRGB values in 0-1."""
    return srgb_to_linear(np.clip(v, 0, 1) * 255.0).astype(np.float64)


def _encode(y):
    """Return sRGB values in 0-1 of linear light."""
    return encode_srgb(np.asarray(y, np.float32)).astype(np.float64) / 255.0


def _filmic(x):
    return np.clip(x * 1.6 / (1 + 0.6 * x), 0, 1) ** (1 / 2.2)


def _filmic_inverse(v):
    y = np.clip(v, 0, 1) ** 2.2
    return y / (1.6 - 0.6 * y)


CURVES = {
    'sRGB (the model)': _encode,
    'pure 2.2 gamma': lambda x: np.clip(x, 0, 1) ** (1 / 2.2),
    'filmic shoulder': _filmic,
    'sRGB and a contrast curve': lambda x: _encode(x) - 0.05 * np.sin(2 * np.pi * _encode(x)),
    'BT.709': lambda x: np.where(x < 0.018, 4.5 * x, 1.099 * np.clip(x, 0, 1) ** 0.45 - 0.099),
}


def _misfit(log_gain, log_tone):
    """Return the root mean square of |log gain difference| / log tone distance (>= 0.5)."""
    gains = np.abs(log_gain[:, None] - log_gain[None, :])
    tones = np.abs(log_tone[:, None] - log_tone[None, :])
    far = tones >= 0.5
    return gains[far] / tones[far]


def curve_misfits():
    """Return {curve: misfit per unit of the exposure's log size}, and their pooled value."""
    scene = np.exp(np.linspace(np.log(0.02), np.log(0.8), 60))
    found, pooled = {}, []
    for name, curve in CURVES.items():
        ratios = []
        for exposure in (0.85, 1.15):
            seen = _decode(curve(scene))
            log_gain = np.log(_decode(curve(exposure * scene)) / np.maximum(seen, 1e-9))
            ratios.append(_misfit(log_gain, np.log(seen)) / abs(np.log(exposure)))
        found[name] = float(np.sqrt(np.mean(np.concatenate(ratios) ** 2)))
        pooled.append(found[name])
    for factor in (0.85, 1.15):
        values = np.linspace(0.12, 0.92, 60)
        log_gain = np.log(_decode(factor * values) / _decode(values))
        ratios = _misfit(log_gain, np.log(_decode(values))) / abs(float(np.mean(log_gain)))
        found[f'slider x{factor}'] = float(np.sqrt(np.mean(ratios ** 2)))
    return found, float(np.sqrt(np.mean(np.square(pooled))))


def _u8(values):
    return np.clip(np.round(values * 255.0), 0, 255).astype(np.uint8)


LIGHTS = {
    'linear x0.8': lambda im: _u8(_encode(_decode(im / 255.0) * 0.8)),
    'linear x1.25': lambda im: _u8(_encode(_decode(im / 255.0) * 1.25)),
    'slider x0.85': lambda im: _u8(im / 255.0 * 0.85),
    'slider x1.15': lambda im: _u8(im / 255.0 * 1.15),
    'filmic camera x0.8': lambda im: _u8(_filmic(0.8 * _filmic_inverse(im / 255.0))),
    'filmic camera x1.25': lambda im: _u8(_filmic(1.25 * _filmic_inverse(im / 255.0))),
}
EDITS = (('darker', 1.0), ('darker', 2.0), ('warmer', 1.0), ('warmer', 2.0))


def photos(root):
    """Return the ETH-80 cups' and cars' photos at view 090-000, in path order."""
    found = []
    for kind in ('cup', 'car'):
        found += sorted(glob.glob(os.path.join(root, 'eth80', kind, '*', f'{kind}*-090-000.png')))
    return found


def _sides(image):
    """Return [(edit, level, frame)]: the photo as it is and with each edit it can take."""
    sides = [(None, 0.0, image)]
    for edit, level in EDITS:
        try:
            sides.append((edit, level, edit_object(image, edit, level)))
        except SubtleDiffError:
            continue
    return sides


def run(root):
    """Return the selection records of part 2."""
    backend = AnalyticBackend()
    records = []
    for path in photos(root):
        noun = 'cup' if os.sep + 'cup' + os.sep in path else 'car'
        image = load_image(path)
        sides = _sides(image)
        for light, relight in LIGHTS.items():
            for edit, level, side in sides:
                lit = relight(side)
                word = edit or 'darker'
                query = parse_difference(f'the {word} {noun}')
                for order in (0, 1):
                    images = [image, lit] if order == 0 else [lit, image]
                    result = backend.select(images, query)
                    records.append({'photo': os.path.relpath(path, root), 'light': light,
                                    'edit': edit, 'level': level, 'order': order,
                                    'chose_second_frame': int(result.choice) == 1 - order,
                                    'confidence': round(float(result.confidence), 4)})
    return records


# The axis and direction image 1 (the photo) has against an edited image 2.
NAMED = {'darker': ('brightness', 1), 'warmer': ('warmth', -1)}


def describe_run(root):
    """Return the description records of part 3."""
    backend = AnalyticBackend()
    records = []
    for path in photos(root):
        image = load_image(path)
        sides = _sides(image)
        for light, relight in LIGHTS.items():
            for edit, level, side in sides:
                found = backend.describe(image, relight(side), 'color')
                records.append({'light': light, 'edit': edit, 'level': level,
                                'different': not found.no_difference,
                                'named': edit is not None and
                                (found.axis, found.direction) == NAMED[edit]})
    return records


def describe_summary(records):
    """Return per light: unedited pairs described as different, edits named right by level."""
    table = {}
    for light in LIGHTS:
        mine = [r for r in records if r['light'] == light]
        row = {'unedited': sum(r['edit'] is None for r in mine),
               'unedited_described_different': sum(r['different'] for r in mine
                                                   if r['edit'] is None)}
        for level in sorted({r['level'] for r in mine if r['edit'] is not None}):
            edited = [r for r in mine if r['edit'] is not None and r['level'] == level]
            row[f'edited_{level:g}_jnd'] = len(edited)
            row[f'edited_{level:g}_jnd_named_right'] = sum(r['named'] for r in edited)
        table[light] = row
    return table


def summary(records):
    """Return per light: unedited sure answers; edited right, mean confidence, sure and wrong."""
    table = {}
    for light in LIGHTS:
        mine = [r for r in records if r['light'] == light]
        unedited = [r for r in mine if r['edit'] is None]
        edited = [r for r in mine if r['edit'] is not None]
        right = [r for r in edited if r['chose_second_frame']]
        table[light] = {
            'unedited': len(unedited),
            'unedited_above_0.9': sum(r['confidence'] > SURE for r in unedited),
            'unedited_mean_confidence': round(float(np.mean([r['confidence'] for r in unedited])),
                                              3),
            'edited': len(edited), 'edited_right': len(right),
            'edited_right_mean_confidence': round(float(np.mean(
                [r['confidence'] for r in right])), 3) if right else None,
            'edited_wrong_above_0.9': sum(not r['chose_second_frame'] and r['confidence'] > SURE
                                          for r in edited)}
    return table


def main(argv=None):
    """Print and write both parts."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--images', default=os.path.join(os.path.dirname(REPO), 'shared', 'data',
                                                         'objects'))
    parser.add_argument('--out', default=None)
    args = parser.parse_args(argv)
    misfits, pooled = curve_misfits()
    print('Part 1: misfit of one gain per unit of log exposure and log tone distance (rms)')
    for name, value in misfits.items():
        print(f'  {name:28s} {value:.3f}')
    print(f'  pooled over the five curves: {pooled:.3f}')
    records = run(args.images)
    table = summary(records)
    print('Part 2: "the darker/warmer X", the second frame under another light')
    print(f'{"light":22s} {"unedited >0.9":>14s} {"mean conf":>9s} {"edited right":>13s} '
          f'{"conf right":>10s} {"wrong >0.9":>10s}')
    for light, row in table.items():
        print(f'{light:22s} {row["unedited_above_0.9"]:>6d} of {row["unedited"]:<5d} '
              f'{row["unedited_mean_confidence"]:>9.3f} '
              f'{row["edited_right"]:>5d} of {row["edited"]:<5d} '
              f'{row["edited_right_mean_confidence"] or 0:>10.3f} '
              f'{row["edited_wrong_above_0.9"]:>10d}')
    described = describe_summary(describe_run(args.images))
    print('Part 3: describing the colour, the second frame under another light')
    print(f'{"light":22s} {"unedited different":>19s} {"1 JND named":>12s} {"2 JND named":>12s}')
    for light, row in described.items():
        print(f'{light:22s} {row["unedited_described_different"]:>9d} of {row["unedited"]:<6d} '
              f'{row["edited_1_jnd_named_right"]:>4d} of {row["edited_1_jnd"]:<4d} '
              f'{row["edited_2_jnd_named_right"]:>4d} of {row["edited_2_jnd"]:<4d}')
    if args.out:
        with open(args.out, 'w', encoding='utf-8') as stream:
            json.dump({'tone_misfit': misfits, 'pooled': pooled,
                       'photos': len(photos(args.images)), 'selections': table,
                       'descriptions': described}, stream, indent=1)
            stream.write('\n')
        print('wrote', args.out)


if __name__ == '__main__':
    main()

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Choose the phrase encoder's abstention threshold and margin on development data only.

The rules read every development sentence, so the encoder is tried where it would be used:
on the difference phrase of each development item (``parser.difference_phrase``) with every
prototype that shares a word with the phrase held out, as if the phrase used words the lexicon
does not know. Right: the nearest prototype's axis (and hue) and direction (with the phrase's
"less"/"not" sign) are the label's. Texts with no measured axis must be declined: the
development presence and count items, and the Subtle-Diff validation sentences the rules do not
read (counted apart: some may name an axis in words the rules miss). The chosen pair maximises
right minus three times wrong readings of the development items (a text with no axis read as
one is wrong; a declined text is neither): a wrong answer is worse than no answer.

Writes benchmarks/results/phrase_encoder_threshold.json.

Usage: python benchmarks/phrase_encoder_threshold.py
"""

import json
import os
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from subtle_diff_ros.core.axes import PART_AXES  # noqa: E402
from subtle_diff_ros.core.errors import QueryParseError  # noqa: E402
from subtle_diff_ros.evaluation.phrasing import load_items  # noqa: E402
from subtle_diff_ros.evaluation.text_understanding import caption_sentences  # noqa: E402
from subtle_diff_ros.evaluation.text_understanding import load_annotations  # noqa: E402
from subtle_diff_ros.text import parse_difference  # noqa: E402
from subtle_diff_ros.text import phrase_encoder  # noqa: E402
from subtle_diff_ros.text.parser import difference_phrase  # noqa: E402
from subtle_diff_ros.text.references import normalise_references  # noqa: E402
from subtle_diff_ros.text.tokens import tokenize  # noqa: E402

DEV = os.path.join(REPO, 'test', 'data', 'phrasing', 'dev.csv')
SUBTLE_DIFF = os.path.join(REPO, '..', 'shared', 'data', 'subtle-diff')
RESULTS = os.path.join(REPO, 'benchmarks', 'results', 'phrase_encoder_threshold.json')
THRESHOLDS = np.round(np.arange(0.40, 0.92, 0.02), 2)
MARGINS = (0.0, 0.02, 0.05, 0.08, 0.1, 0.15)
# What a wrong reading costs, against 1 for a right one and 0 for a declined one.
WRONG_COST = 3


def _phrase(text):
    phrase, _, sign = difference_phrase(tokenize(normalise_references(text)))
    return phrase, sign


def _held_out(prototypes, phrase):
    """Return the similarities with every prototype sharing a word with ``phrase`` held out."""
    words = set(phrase.lower().replace('-', ' ').split())
    similarities = prototypes.similarities(phrase)
    for i, entry in enumerate(prototypes.entries):
        if words & set(entry[0].lower().replace('-', ' ').split()):
            similarities[i] = -1.0
    return similarities


def readings(prototypes):
    """Return (kind, text, phrase, nearest, right) for every development text."""
    rows = []
    for item in load_items(DEV):
        phrase, sign = _phrase(item['text'])
        if not phrase:
            continue
        found = phrase_encoder.nearest_of(_held_out(prototypes, phrase), prototypes.entries)
        if item['axis'] in PART_AXES:
            rows.append(('no axis', item['text'], phrase, found, False))
            continue
        right = (found.axis == item['axis'] and found.direction * sign == item['direction']
                 and (found.axis != 'hue' or found.hue == item['hue']))
        rows.append(('axis', item['text'], phrase, found, right))
    if os.path.isdir(SUBTLE_DIFF):
        captions, _ = load_annotations(SUBTLE_DIFF)
        for _, _, _, attribute, sentence in caption_sentences(captions):
            try:
                parse_difference(sentence, attribute, fallback=False)
            except QueryParseError:
                phrase, _ = _phrase(sentence)
                if phrase:
                    rows.append(('subtle-diff declined', sentence, phrase,
                                 prototypes.nearest(phrase), False))
    return rows


def sweep(rows):
    """Return per (threshold, margin) the accepted right and wrong counts by kind."""
    table = []
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            counts = {'right': 0, 'wrong': 0, 'no_axis_accepted': 0, 'subtle_diff_accepted': 0}
            for kind, _, _, found, right in rows:
                if found.similarity < threshold or found.margin < margin:
                    continue
                if kind == 'axis':
                    counts['right' if right else 'wrong'] += 1
                elif kind == 'no axis':
                    counts['no_axis_accepted'] += 1
                else:
                    counts['subtle_diff_accepted'] += 1
            score = counts['right'] - WRONG_COST * (counts['wrong'] + counts['no_axis_accepted'])
            table.append({'threshold': float(threshold), 'margin': margin, 'score': score,
                          **counts})
    return table


def main():
    """Sweep, print the best pairs and write the JSON."""
    prototypes = phrase_encoder.load()
    rows = readings(prototypes)
    table = sweep(rows)
    best = max(table, key=lambda r: (r['score'], r['threshold'], r['margin']))
    n_axis = sum(1 for r in rows if r[0] == 'axis')
    print(f'{n_axis} development phrases with an axis, '
          f'{sum(1 for r in rows if r[0] == "no axis")} without, '
          f'{sum(1 for r in rows if r[0] == "subtle-diff declined")} Subtle-Diff declined')
    print(f'{"threshold":>10}{"margin":>8}{"right":>7}{"wrong":>7}{"no-axis acc.":>14}'
          f'{"S-D acc.":>10}{"score":>7}')
    for row in sorted(table, key=lambda r: -r['score'])[:15]:
        print(f'{row["threshold"]:>10.2f}{row["margin"]:>8.2f}{row["right"]:>7}{row["wrong"]:>7}'
              f'{row["no_axis_accepted"]:>14}{row["subtle_diff_accepted"]:>10}{row["score"]:>7}')
    print(f'chosen: threshold {best["threshold"]:.2f}, margin {best["margin"]:.2f}')
    accepted = [r for r in rows if r[3].similarity >= best['threshold']
                and r[3].margin >= best['margin']]
    for kind, text, phrase, found, right in accepted:
        if not right:
            print(f'  accepted, not right [{kind}]: {phrase!r} -> {found.axis} '
                  f'{found.direction:+d} ({found.prototype!r}, {found.similarity:.2f})')
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, 'w', encoding='utf-8') as f:
        json.dump({'chosen': best, 'sweep': table,
                   'rows': [{'kind': k, 'phrase': p, 'nearest': f.prototype, 'axis': f.axis,
                             'direction': f.direction, 'similarity': round(f.similarity, 4),
                             'margin': round(f.margin, 4), 'right': r}
                            for k, _, p, f, r in rows]}, f, indent=1)
    print(f'wrote {RESULTS}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

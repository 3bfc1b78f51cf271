# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Reliability of reported confidences: observed accuracy per confidence bin, and the ECE."""

from typing import List, Sequence, Tuple

import numpy as np

# Bin edges of the reliability tables: two-candidate confidences lie in [0.5, 1].
BIN_EDGES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)


def reliability_table(confidences: Sequence[float], correct: Sequence[bool],
                      edges: Tuple[float, ...] = BIN_EDGES) -> dict:
    """
    Return per-bin counts, mean confidence and observed accuracy, plus the ECE.

    A confidence falls in the bin [lo, hi) (the last bin includes 1.0; values below the first
    edge go to the first bin). ECE: the count-weighted mean |accuracy - mean confidence|.
    """
    c = np.asarray(confidences, dtype=np.float64)
    ok = np.asarray(correct, dtype=bool)
    index = np.clip(np.searchsorted(edges, c, side='right') - 1, 0, len(edges) - 2)
    bins: List[dict] = []
    ece = 0.0
    for b in range(len(edges) - 1):
        inside = index == b
        n = int(inside.sum())
        row = {'low': edges[b], 'high': edges[b + 1], 'n': n, 'mean_confidence': None,
               'accuracy': None}
        if n:
            row['mean_confidence'] = float(c[inside].mean())
            row['accuracy'] = float(ok[inside].mean())
            ece += n * abs(row['accuracy'] - row['mean_confidence'])
        bins.append(row)
    total = int(c.size)
    return {'bins': bins, 'n': total, 'ece': ece / total if total else None,
            'mean_confidence': float(c.mean()) if total else None,
            'accuracy': float(ok.mean()) if total else None}


def format_table(table: dict, title: str = '') -> str:
    """Return a reliability table as aligned text lines."""
    lines = [title] if title else []
    lines.append(f'{"confidence":<13}{"n":>5}{"mean conf":>11}{"accuracy":>10}')
    for row in table['bins']:
        conf = f'{row["mean_confidence"]:.3f}' if row['n'] else '-'
        acc = f'{100 * row["accuracy"]:.1f} %' if row['n'] else '-'
        lines.append(f'[{row["low"]:.2f}, {row["high"]:.2f}){"":<1}{row["n"]:>5}{conf:>11}'
                     f'{acc:>10}')
    if table['n']:
        lines.append(f'ECE {table["ece"]:.3f} over {table["n"]}')
    return '\n'.join(lines)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Blending an edit into the object and sizing it: the parameter search every edit uses."""

import numpy as np

from .kinds import REACHED


def blend(image: np.ndarray, edited: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Return ``edited`` where ``alpha`` is 1, ``image`` where it is 0, mixed in between."""
    a = alpha[..., None]
    out = image.astype(np.float32) * (1 - a) + edited.astype(np.float32) * a
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def solve(apply, realized, target: float, start: float, limit: float):
    """
    Find a parameter in (0, limit] whose edit reaches ``target``; return (edit, reached).

    ``apply(p)`` makes the edit and ``realized(edit)`` measures it; the measure grows with the
    parameter, roughly as a power of it. Proportional steps find a bracket, then interpolation
    in log-log scale (falling back to bisection) closes in. Returns None when the target is not
    reached within 10 % below or 25 % above (even ``limit`` falls short, say).
    """
    low = high = None   # (parameter, measure) below and above the target
    parameter = min(start, limit)
    best = None
    for _ in range(12):
        edited = apply(parameter)
        got = realized(edited)
        if best is None or abs(got - target) < abs(best[1] - target):
            best = (edited, got)
        if abs(got - target) <= 0.05 * target:
            break
        if got < target:
            low = (parameter, got)
            if parameter >= limit:
                break
        else:
            high = (parameter, got)
        if high is None:
            parameter = min(parameter * target / got if got > 1e-6 else parameter * 4, limit)
        elif low is None:
            parameter = parameter * min(0.5, target / got)
        elif low[1] > 1e-6:
            power = np.log(high[1] / low[1]) / np.log(high[0] / low[0])
            guess = low[0] * (target / low[1]) ** (1.0 / max(power, 1e-3))
            inside = low[0] < guess < high[0]
            parameter = guess if inside else float(np.sqrt(low[0] * high[0]))
        else:
            parameter = float(np.sqrt(low[0] * high[0])) if low[0] > 0 else 0.5 * high[0]
    if best[1] < REACHED * target or best[1] > 1.25 * target:
        return None
    return best

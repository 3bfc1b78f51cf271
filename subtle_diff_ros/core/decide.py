# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Turn per-candidate scores into a choice: shared by every selection backend."""

import math
from typing import Sequence, Tuple

import numpy as np

from .errors import SubtleDiffError
from .query import ASKED


# Most candidates one selection takes: a robot chooses among a handful; thousands of images in
# one request would hold the server for minutes.
MAX_CANDIDATES = 32


def require_candidates(count: int) -> None:
    """Raise SubtleDiffError unless there are 2 to ``MAX_CANDIDATES`` candidates."""
    if count < 2:
        raise SubtleDiffError(f'selection needs at least two candidate images, got {count}')
    if count > MAX_CANDIDATES:
        raise SubtleDiffError(f'selection takes at most {MAX_CANDIDATES} candidate images, got '
                              f'{count}')


def require_finite(values: Sequence[float], what: str = 'selection scores',
                   cause: str = '') -> np.ndarray:
    """
    Return ``values`` as a float64 array; raise SubtleDiffError when one is NaN or infinite.

    A NaN compares false with every threshold: a selection would be decided by its position and
    a description would say "no noticeable difference". ``cause`` (after a colon) says what may
    be wrong.
    """
    array = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise SubtleDiffError(f'{what} are not finite' + (f': {cause}' if cause else ''))
    return array


def decide(scores: Sequence[float], subject, temperature: float = 1.0) -> Tuple[int, float, float]:
    """
    Return (choice, margin, confidence) for per-candidate subject scores.

    ``scores[i]`` says how well candidate i fits the description of the subject. For ASKED (a
    command) the chosen candidate is the best fit among two or more. A sentence about Image 1 or
    Image 2 compares a pair: exactly two candidates are allowed, and the choice is the one that
    plays Image 1 (the best fit for subject 1, the other one for subject 2). Confidence is the
    softmax probability of the winner at ``temperature``; ties go to the lowest index, so the
    result is deterministic.
    """
    s = np.asarray(scores, dtype=np.float64)
    require_candidates(s.size if s.ndim == 1 else 0)
    require_finite(s)
    temperature = float(temperature)
    if not (math.isfinite(temperature) and temperature > 0):
        # 1 / an infinite logit scale was 0, of a NaN one NaN: every confidence 1.0, or NaN
        raise SubtleDiffError(f'the confidence temperature {temperature:g} is not a positive '
                              'finite number')
    if subject not in (1, 2, ASKED):
        raise SubtleDiffError(f'unknown subject {subject!r}: expected 1, 2 or {ASKED!r}')
    if subject in (1, 2) and s.size != 2:
        # "Image 1 is darker (than Image 2)" says which of two plays Image 1; among three it
        # would be read as the darkest, and its mirror about Image 2 would mean nothing
        raise SubtleDiffError(f'a sentence about Image {subject} compares a pair: give exactly '
                              'two images (or a command, such as "the darker cup", for more)')
    order = np.argsort(-s, kind='stable')
    best, second = int(order[0]), int(order[1])
    margin = float(s[best] - s[second])
    z = (s - s.max()) / max(temperature, 1e-9)
    p = np.exp(z) / np.exp(z).sum()
    if subject == 2:
        return second, margin, float(p[best])
    return best, margin, float(p[best])

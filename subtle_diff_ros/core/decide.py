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


def decide(scores: Sequence[float], subject, temperature: float = 1.0, rank: int = 1,
           excluded: Sequence[int] = (), only: Sequence[int] = ()) -> Tuple[int, float, float]:
    """
    Return (choice, margin, confidence) for per-candidate subject scores.

    ``scores[i]`` says how well candidate i fits the description of the subject. For ASKED (a
    command) the chosen candidate is the best fit among two or more, or the ``rank``-th best
    ("the second darkest"), among the candidates not ``excluded`` (image numbers from 1) and,
    when ``only`` names some, among those alone ("the darker of cups 3 and 4"). A
    sentence about Image 1 or Image 2 compares a pair: exactly two candidates are allowed, and
    the choice is the one that plays Image 1 (the best fit for subject 1, the other one for
    subject 2). Confidence is the softmax probability of the winner at ``temperature``; of a
    rank under the first, the product of the chances that it is ordered right against each
    other candidate (``_rank_probability``). Ties go to the lowest index, so the result is
    deterministic.
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
    kept = _kept_candidates(s.size, subject, rank, excluded, only)
    order = kept[np.argsort(-s[kept], kind='stable')]
    if subject == ASKED and rank > 1:
        choice = int(order[rank - 1])
        neighbours = [s[choice] - s[int(order[i])] for i in (rank - 2, rank)
                      if i < len(order)]
        return (choice, float(min(abs(n) for n in neighbours)),
                _rank_probability(s[order], rank - 1, temperature))
    if len(order) == 1:
        # every other candidate ruled out: the text names the one left
        return int(order[0]), 0.0, 1.0
    best, second = int(order[0]), int(order[1])
    margin = float(s[best] - s[second])
    z = (s[order] - s[best]) / max(temperature, 1e-9)
    p = np.exp(z) / np.exp(z).sum()
    if subject == 2:
        return second, margin, float(p[0])
    return best, margin, float(p[0])


def _kept_candidates(count: int, subject, rank: int, excluded: Sequence[int],
                     only: Sequence[int] = ()) -> np.ndarray:
    """Return the indexes of the candidates a command may choose; raise if none or too few."""
    excluded = sorted({int(i) for i in excluded})
    only = sorted({int(i) for i in only})
    if (rank != 1 or excluded or only) and subject != ASKED:
        raise SubtleDiffError('a rank or an exclusion ("the second darkest", "except the first '
                              'one") belongs to a command among the candidates, not to a '
                              'sentence about Image 1 or Image 2')
    outside = [i for i in excluded if not 1 <= i <= count]
    if outside:
        raise SubtleDiffError(f'the text rules out image {outside[0]}, but there are only '
                              f'{count} candidates')
    outside = [i for i in only if not 1 <= i <= count]
    if outside:
        raise SubtleDiffError(f'the text chooses among images {", ".join(map(str, only))}, but '
                              f'there are only {count} candidates')
    kept = np.array([i for i in range(count) if i + 1 not in excluded
                     and (not only or i + 1 in only)], dtype=int)
    if not len(kept):
        raise SubtleDiffError('the text rules out every candidate')
    if not 1 <= rank <= len(kept):
        raise SubtleDiffError(f'the text asks for place {rank} in the order, but there are only '
                              f'{len(kept)} candidates to order')
    return kept


def _rank_probability(ordered: np.ndarray, place: int, temperature: float) -> float:
    """
    Return how sure the candidate at ``place`` (0-based) of ``ordered`` scores is of its place.

    The chance that it beats each candidate after it and loses to each one before it, the
    pairwise chances (logistic in the score difference at ``temperature``) taken as independent.
    """
    diffs = ordered[place] - np.delete(ordered, place)
    signs = np.where(np.arange(len(diffs)) < place, -1.0, 1.0)
    return float(np.prod(1.0 / (1.0 + np.exp(-signs * diffs / max(temperature, 1e-9)))))

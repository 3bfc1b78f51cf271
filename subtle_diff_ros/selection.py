# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Turn per-candidate scores into a choice: shared by every selection backend."""

from typing import Sequence, Tuple

import numpy as np

from .errors import SubtleDiffError
from .query import ASKED


def decide(scores: Sequence[float], subject, temperature: float = 1.0) -> Tuple[int, float, float]:
    """
    Return (choice, margin, confidence) for per-candidate subject scores.

    ``scores[i]`` says how well candidate i fits the description of the subject. For subject 1 or
    ASKED the chosen candidate is the best fit. For subject 2 (a sentence about Image 2) exactly
    two candidates are allowed and the choice is the other one, i.e. the image the text calls
    Image 1. Confidence is the softmax probability of the winner at ``temperature``; ties go to
    the lowest index, so the result is deterministic.
    """
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim != 1 or s.size < 2:
        raise SubtleDiffError('selection needs at least two candidate images')
    if not np.all(np.isfinite(s)):
        raise SubtleDiffError('selection scores are not finite')
    if subject not in (1, 2, ASKED):
        raise SubtleDiffError(f'unknown subject {subject!r}: expected 1, 2 or {ASKED!r}')
    if subject == 2 and s.size != 2:
        raise SubtleDiffError('a sentence about Image 2 compares a pair: give exactly two images')
    order = np.argsort(-s, kind='stable')
    best, second = int(order[0]), int(order[1])
    margin = float(s[best] - s[second])
    z = (s - s.max()) / max(float(temperature), 1e-9)
    p = np.exp(z) / np.exp(z).sum()
    if subject == 2:
        return second, margin, float(p[best])
    return best, margin, float(p[best])


def similarities(image_features: np.ndarray, text_features: np.ndarray) -> np.ndarray:
    """Return the cosine similarity of every image to every text: an array (N images, M texts)."""
    images = np.atleast_2d(np.asarray(image_features, dtype=np.float64))
    texts = np.atleast_2d(np.asarray(text_features, dtype=np.float64))
    return images @ texts.T


def score_s(image_features: np.ndarray, positive_feature: np.ndarray) -> np.ndarray:
    """Return the paper's P_S scores: sim(I_i, T1) for every candidate i."""
    return similarities(image_features, positive_feature)[:, 0]


def score_sd(image_features: np.ndarray, positive_feature: np.ndarray,
             negative_feature: np.ndarray) -> np.ndarray:
    """Return the paper's P_SD scores: sim(I_i, T1) - sim(I_i, T2) for every candidate i."""
    return (similarities(image_features, positive_feature)[:, 0]
            - similarities(image_features, negative_feature)[:, 0])


def score_ensemble(image_features: np.ndarray, positive_features: np.ndarray,
                   negative_features: np.ndarray) -> np.ndarray:
    """
    Return the mean of P_S and P_SD over prompt templates.

    ``positive_features[k]`` / ``negative_features[k]`` encode T1 / T2 in template k. Each of the
    2K score vectors (P_S and P_SD per template) is centred over the candidates before
    averaging, so a template that lifts every candidate alike does not weigh more than another;
    only the differences between candidates, which decide the choice, are averaged.
    """
    positive_features = np.atleast_2d(positive_features)
    negative_features = np.atleast_2d(negative_features)
    if positive_features.shape != negative_features.shape:
        raise SubtleDiffError('the ensemble needs one negative text per positive text')
    vectors = []
    for positive, negative in zip(positive_features, negative_features):
        vectors.append(score_s(image_features, positive))
        vectors.append(score_sd(image_features, positive, negative))
    stacked = np.stack(vectors)
    return (stacked - stacked.mean(axis=1, keepdims=True)).mean(axis=0)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The paper's selection formulas on embeddings: P_S, P_SD and their prompt ensemble.

Pure numpy on L2-normalised embeddings, so they are checked against hand-computed values.
"""

import numpy as np

from ...core.errors import SubtleDiffError

# Selection methods of image-text backends: P_S, P_SD, and P_S and P_SD averaged over prompts.
METHODS = ('s', 'sd', 'ensemble')
# The better single formula per family in the paper's Table V (CLIP: P_SD, ALIGN: P_S).
DEFAULT_METHODS = {'clip': 'sd', 'align': 's', 'siglip': 'sd'}


def require_method(method: str) -> str:
    """Return ``method`` when it is one of METHODS; else raise SubtleDiffError."""
    if method not in METHODS:
        raise SubtleDiffError(f'unknown method {method!r}: expected one of {", ".join(METHODS)}')
    return method


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

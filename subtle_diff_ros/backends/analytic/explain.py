# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Which single change of one axis best explains the measured differences of an attribute.

An edit of one axis moves other measures too: a more saturated orange cup is also warmer (its
mean (a*, b*) lengthens toward orange), a roughened surface shows more specks above the noise
(glossiness), a smoothed one fewer, a wider object is larger by half as much, a rounder outline
loses its sharpest corners. Naming the axis whose own difference passes its threshold by most
names the echo whenever the echo's threshold is the narrower one. So every axis has a
signature: how a change of it moves each measure of its attribute (``SHAPE_SIGNATURES``,
``TEXTURE_SIGNATURES``, ``colour_signatures``), and the description names the noticeable axis
and direction whose signature, scaled to fit (least squares, never reversed), leaves the
smallest residual. Differences are counted in thresholds (``AxisMeasurement.threshold``, the
noise of the pair's kind), so a measure that is noisy in this pair weighs less.

Colour signatures follow from the pair's own colours: scaling chroma by a factor moves the mean
chroma C* by that fraction of it and the warm shift by the same fraction of the mean warm shift
(``rho`` times as much, ``rho`` = mean warm shift / mean C*, at most 1); shifting (a*, b*)
toward orange moves the warm shift by the shift, C* by about ``rho`` times it, and the mean
(a*, b*) across its own direction (``tangent``) by the shift's part in that direction; turning
the hue moves the mean (a*, b*) across its direction only. So a chroma scaling moves C* at least
as much as the warm shift, and a warm shift the reverse. On an orange or a blue object (``rho``
near 1 or -1) the two means cannot tell them apart; how the colours differ from part to part
can: scaling the chroma scales the spread of the object's (a*, b*) about their mean
(``ObjectMeasurements.colour_spread``) by the same factor, so it moves by ``sigma`` times C*
(``sigma`` = mean spread / mean C*), while a colour cast (a warm shift, a hue turn) moves every
colour alike and leaves it. On the edit benchmark with seeds 1, 3 and 4 the spread of unedited
pairs of one view moved by 0.45 to 0.63 at the 98th percentile; more and less saturated edits
(at or above one JND) moved it by 1.6 to 2.0 (medians), warmer and cooler by 0.0. Lightness
moves L* alone (saturation, warmth and spread are compared net of lightness).
"""

from functools import lru_cache
from typing import Dict, List, Sequence, Tuple

import numpy as np

from .measure import chroma_change
from .thresholds import COLOUR_SPREAD_NOISE, threshold
from ...core.results import AxisMeasurement
from ...vision.color import WARM_DIRECTION

# The measures each attribute's explanations are fitted to. Length and thickness repeat what
# width, height and size say; they are named only when nothing else is noticeable.
FITTED = {
    'color': ('brightness', 'saturation', 'warmth', 'tangent', 'spread'),
    'shape': ('roundness', 'width', 'height', 'size', 'sharpness', 'curvature'),
    'texture': ('roughness', 'glossiness'),
}

# (direction of the axis, change of each fitted measure) for a change of each shape axis, in
# ``compare``'s units; the opposite direction is the negated change. Extents are log ratios: a
# wider object keeps its height and its linear size grows by half as much, a larger one grows
# in all three. Rounder: the median change per just-noticeable 'rounder' edit of the edit
# benchmark (seed 1, the same view, ETH-80 with its masks, 45 pairs; measured by
# benchmarks/explanation_signatures.py): circularity up (a log ratio, as the edits count it),
# the sharpest corner turning less and the silhouette a little smaller. Sharpness and curvature
# have no edit: they explain only themselves.
Signature = Tuple[int, Dict[str, float]]

# Roundness of automatic outlines carried from one frame to the other counts in the fit in units
# of at least this (a log ratio), though it is noticed from its threshold on (0.015,
# ``REGISTERED_THRESHOLDS``): between unedited frames it is steady, but an object that was
# scaled or stretched has its outline settled anew where the frames differ, and its circularity
# then swings by many times that threshold (up to 0.6 on COIL-100 width and size edits). On the
# edit benchmark with seeds 1 and 3, of the width and size edits of at least one JND 0.02 named
# 94.7 / 95.6 and 95.9 / 92.7 % right (the threshold as the unit: 92.2 / 94.7 and 94.6 / 92.4 %;
# 0.025: 95.0 / 96.1 and 95.9 / 93.0 %), and of the rounder edits 83.7 / 80.8 % (83.7 / 81.5 %;
# 0.025: 83.7 / 78.1 %).
CARRIED_ROUNDNESS_SCALE = 0.02
SHAPE_SIGNATURES: Dict[str, Tuple[Signature, ...]] = {
    'width': ((1, {'width': 1.0, 'size': 0.5}),),
    'height': ((1, {'height': 1.0, 'size': 0.5}),),
    'size': ((1, {'width': 1.0, 'height': 1.0, 'size': 1.0}),),
    'roundness': ((1, {'roundness': 0.0267, 'width': -0.0052, 'height': -0.0036, 'size': -0.0031,
                       'sharpness': -6.0, 'curvature': 0.0025}),),
    'sharpness': ((1, {'sharpness': 1.0}),),
    'curvature': ((1, {'curvature': 1.0}),),
}

# Texture changes per just-noticeable edit: the medians of the edit benchmark's registered
# edits at or above one JND (seed 1, the same view, 207 rougher, 60 smoother, 95 glossier, 186
# more matte; seed 3's differ by at most 0.015). Added band-pass noise leaves the highlights as
# they were (its dark specks are filled before the opening they are measured above,
# ``texture.highlights_of``; before that it lifted glossiness as much as roughness); bilateral
# smoothing flattens small bright spots (glossiness down by two thirds as much as roughness);
# highlights added or cut move the texture contrast a little.
TEXTURE_SIGNATURES: Dict[str, Tuple[Signature, ...]] = {
    'roughness': ((1, {'roughness': 0.125, 'glossiness': 0.0}),
                  (-1, {'roughness': -0.165, 'glossiness': -0.107})),
    'glossiness': ((1, {'roughness': 0.025, 'glossiness': 0.278}),
                   (-1, {'roughness': -0.019, 'glossiness': -0.198})),
}


@lru_cache(maxsize=2)
def texture_signatures(apart: bool) -> Dict[str, Tuple[Signature, ...]]:
    """
    Return the texture signatures in the units glossiness is compared in.

    ``TEXTURE_SIGNATURES`` count glossiness in highlight L*; objects measured apart compare
    log ratios of specular shares, where a just-noticeable change is taken to be as many
    thresholds as it is in highlight L*.
    """
    if not apart:
        return TEXTURE_SIGNATURES
    factor = threshold('glossiness', apart=True) / threshold('glossiness')
    return {axis: tuple((direction, {name: value * factor if name == 'glossiness' else value
                                     for name, value in change.items()})
                        for direction, change in signatures)
            for axis, signatures in TEXTURE_SIGNATURES.items()}


def _across(first, second) -> np.ndarray:
    """Return the unit vector across the pair's mean (a*, b*) (zero for a grey pair)."""
    mean = 0.5 * (first.mean_lab[1:] + second.mean_lab[1:])
    length = float(np.hypot(mean[0], mean[1]))
    if length < 1e-9:
        return np.zeros(2)
    return np.array([-mean[1], mean[0]]) / length


def colour_signatures(first, second) -> Dict[str, Tuple[Signature, ...]]:
    """
    Return the colour axes' signatures for two ``measure.ObjectMeasurements``.

    See the module docstring; ``tangent`` is the change of the mean (a*, b*) across its own
    direction (positive: counter-clockwise, toward larger hue angles), ``spread`` the change of
    the colour spread.
    """
    chroma = first.values['saturation'] + second.values['saturation']
    warm = first.values['warmth'] + second.values['warmth']
    rho = warm / chroma if chroma > 1e-9 else 0.0
    sigma = (first.colour_spread + second.colour_spread) / chroma if chroma > 1e-9 else 0.0
    across = float(_across(first, second) @ WARM_DIRECTION)
    return {
        'brightness': ((1, {'brightness': 1.0}),),
        'saturation': ((1, {'saturation': 1.0, 'warmth': rho, 'spread': sigma}),),
        'warmth': ((1, {'warmth': 1.0, 'saturation': rho, 'tangent': across}),),
        'hue': ((1, {'tangent': 1.0, 'warmth': across}),),
    }


def best_explanation(attribute: str, candidates: Sequence[AxisMeasurement],
                     measurements: List[AxisMeasurement], first,
                     second) -> Tuple[str, int]:
    """
    Return (axis, direction) of the candidate that best explains the attribute's differences.

    ``candidates``: the measurements that may be named (the noticeable ones); ``measurements``:
    every axis of the attribute; ``first`` and ``second``: the two objects'
    ``measure.ObjectMeasurements``. A candidate without a signature (length, thickness) is
    named only when no other candidate is, by how far it passes its threshold.
    """
    if attribute == 'color':
        signatures = colour_signatures(first, second)
    elif attribute == 'texture':
        highlights = getattr(first, 'highlights', None)
        signatures = texture_signatures(highlights is not None and highlights.apart)
    else:
        signatures = SHAPE_SIGNATURES
    fitted = [m.axis for m in candidates if m.axis in signatures]
    if not fitted:
        best = max(candidates, key=lambda m: abs(m.difference) / m.threshold)
        return best.axis, 1 if best.difference > 0 else -1
    by_axis = {m.axis: (m.difference, m.threshold) for m in measurements}
    if attribute == 'color':
        # The mean (a*, b*) is as noisy across its direction as along the warm one.
        change = first.mean_lab[1:] - second.mean_lab[1:]
        by_axis['tangent'] = (float(_across(first, second) @ change), by_axis['warmth'][1])
        by_axis['spread'] = (chroma_change(first.colour_spread, first.mean_lab[0],
                                           second.colour_spread, second.mean_lab[0]),
                             COLOUR_SPREAD_NOISE)
    if attribute == 'shape' and getattr(first, 'mask_carried', False) and \
            getattr(second, 'mask_carried', False):
        difference, limit = by_axis['roundness']
        by_axis['roundness'] = (difference, max(limit, CARRIED_ROUNDNESS_SCALE))
    names = FITTED[attribute]
    scale = np.array([by_axis[name][1] for name in names])
    measured = np.array([by_axis[name][0] for name in names]) / scale
    best = None
    for axis in fitted:
        for direction, change in signatures[axis]:
            unit = np.array([change.get(name, 0.0) for name in names]) / scale
            for sign in (1, -1):
                # Image 1 changed one way, or image 2 the other way.
                fit = max(0.0, float(measured @ (sign * unit)) / float(unit @ unit))
                residual = float(np.sum((measured - fit * sign * unit) ** 2))
                if best is None or residual < best[0]:
                    best = (residual, axis, sign * direction)
    return best[1], best[2]

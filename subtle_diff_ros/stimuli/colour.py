# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Colour edits: darker, lighter, more or less saturated, warmer, cooler (in CIELAB)."""

import numpy as np

from .solve import blend, solve
from .units import measure_colour
from ..vision.color import lab_to_rgb, to_lab, WARM_DIRECTION


def _colour_edit(image, alpha, mask, change):
    """Edit Lab inside the object with ``change(lab, parameter)``; solve for the target."""
    lab = to_lab(image)
    before = measure_colour(image, mask)

    def apply(parameter):
        return blend(image, lab_to_rgb(change(lab.copy(), parameter)), alpha)

    return apply, before


def _scale_chroma(lab, factor):
    lab[..., 1:] *= factor
    return lab


_COLOUR_CHANGES = {
    'darker': (lambda lab, t: _set_l(lab, lab[..., 0] * (1 - t)), 0, -1, 0.1, 0.8),
    'lighter': (lambda lab, t: _set_l(lab, lab[..., 0] + t * (100 - lab[..., 0])), 0, 1, 0.1,
                0.8),
    'more_saturated': (lambda lab, t: _scale_chroma(lab, 1 + t), 1, 1, 0.2, 3.0),
    'less_saturated': (lambda lab, t: _scale_chroma(lab, 1 - t), 1, -1, 0.2, 0.9),
    'warmer': (lambda lab, t: _shift_warm(lab, t), 2, 1, 2.0, 25.0),
    'cooler': (lambda lab, t: _shift_warm(lab, -t), 2, -1, 2.0, 25.0),
}


def _set_l(lab, lightness):
    lab[..., 0] = np.clip(lightness, 0, 100)
    return lab


def _shift_warm(lab, amount):
    lab[..., 1] += amount * WARM_DIRECTION[0]
    lab[..., 2] += amount * WARM_DIRECTION[1]
    return lab


def edit_colour(name, image, alpha, mask, target):
    """Apply a colour edit reaching ``target`` (edit units); return (image, reached) or None."""
    change, index, sign, start, limit = _COLOUR_CHANGES[name]
    apply, before = _colour_edit(image, alpha, mask, change)

    def realized(edited):
        return sign * (measure_colour(edited, mask)[index] - before[index])

    return solve(apply, realized, target, start, limit)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Texture edits: rougher, smoother (band-pass L*), glossier (highlights), more matte."""

import cv2
import numpy as np

from .solve import blend, solve
from .units import edit_interior, highlight_excess, HIGHLIGHT_FLOOR, measure
from ..vision.color import lab_to_rgb, to_lab
from ..vision.measures import band_pass


def edit_texture(name, image, alpha, mask, target, rng):
    """Apply rougher/smoother/glossier/more_matte; return (image, reached) or None."""
    lab = to_lab(image)
    inner = edit_interior(mask)
    before = measure(image, mask)
    if name == 'rougher':
        noise = band_pass(rng.standard_normal(mask.shape).astype(np.float32))
        noise /= max(float(np.sqrt(np.mean(noise[inner] ** 2))), 1e-6)

        def apply(amplitude):
            out = lab.copy()
            out[..., 0] = np.clip(out[..., 0] + amplitude * noise, 0, 100)
            return blend(image, lab_to_rgb(out), alpha)

        base = before['roughness']
        start = 1.4826 * 0.8 * base * np.sqrt((1 + target) ** 2 - 1)
        return solve(apply, lambda e: measure(e, mask)['roughness'] / base - 1, target, start,
                     30.0)
    if name == 'smoother':
        smooth = image
        for _ in range(3):
            smooth = cv2.bilateralFilter(smooth, 9, 60, 5)
        smooth_lab = to_lab(smooth)

        def apply(fraction):
            return blend(image, lab_to_rgb(lab + fraction * (smooth_lab - lab)), alpha)

        return solve(apply, lambda e: 1 - measure(e, mask)['roughness'] / before['roughness'],
                     target, 0.5, 1.0)
    if name == 'glossier':
        return _add_highlights(image, lab, alpha, inner, target, rng)
    # Only highlights are cut: spots standing clearly above their surroundings, not the grain.
    excess = np.maximum(highlight_excess(lab[..., 0], inner) - HIGHLIGHT_FLOOR, 0.0)

    def apply(fraction):
        out = lab.copy()
        out[..., 0] -= fraction * excess
        return blend(image, lab_to_rgb(out), alpha)

    def realized(edited):
        return before['glossiness'] - measure(edited, mask)['glossiness']

    return solve(apply, realized, target, 0.5, 0.95)


def _add_highlights(image, lab, alpha, inner, target, rng):
    """
    Blend four to six white Gaussian blobs into the object, raising glossiness by ``target``.

    Glossiness is the highlight strength of ``measure`` (mean L* above its grey opening).
    """
    size = np.sqrt(inner.sum())
    ys, xs = np.nonzero(inner & (lab[..., 0] <= 100.0 - target))
    if xs.size == 0:
        return None
    h, w = inner.shape
    grid_y, grid_x = np.mgrid[0:h, 0:w].astype(np.float32)
    profile = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(4, 7))):
        k = int(rng.integers(xs.size))
        cx, cy = xs[k], ys[k]
        sigma = size * rng.uniform(0.025, 0.04)
        angle = rng.uniform(0, np.pi)
        ratio = rng.uniform(0.5, 1.0)
        u = (grid_x - cx) * np.cos(angle) + (grid_y - cy) * np.sin(angle)
        v = -(grid_x - cx) * np.sin(angle) + (grid_y - cy) * np.cos(angle)
        profile = np.maximum(profile, np.exp(-0.5 * ((u / sigma) ** 2
                                                     + (v / (sigma * ratio)) ** 2)))
    mask = alpha >= 0.5
    before = measure(image, mask)['glossiness']

    def apply(strength):
        weight = strength * profile
        out = lab.copy()
        out[..., 0] += weight * (100.0 - out[..., 0])
        out[..., 1:] *= (1 - weight)[..., None]
        return blend(image, lab_to_rgb(out), alpha)

    return solve(apply, lambda e: measure(e, mask)['glossiness'] - before, target, 0.5, 1.0)

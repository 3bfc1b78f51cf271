# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Edits of an object in a photo, of known axis, direction and magnitude: the stimuli.

The fake camera shows them to the nodes, the benchmarks make test pairs with them. Every edit
acts inside the object only (given as a soft alpha, or found with ``vision.pair.object_mask``)
and is sized in a perceptual unit (``units``); the magnitudes are multiples of a just-noticeable
difference (JND):

=============  =========================================  ===================================
edit           what changes                               magnitude (JND)
=============  =========================================  ===================================
darker         L* scaled toward 0                         mean |dL*| on the object (2.2)
lighter        L* scaled toward 100                       mean |dL*| on the object (2.2)
more/less sat  chroma (a*, b*) scaled up / down           mean dC* on the object (2.2)
warmer/cooler  (a*, b*) shifted toward / from orange      mean shift in (a*, b*) (2.2)
wider/narrower horizontal scale about the object centre   relative change of 4 std of the
                                                          object's x coordinates (3 %)
larger/smaller uniform scale about the object centre      relative linear size change (3 %)
rounder        silhouette smoothed (Gaussian, re-cut at   relative rise of circularity
               0.5 at 4x resolution, anti-aliased):       4 pi A / P^2 of the outer outline,
               corners round off, thin parts stay         traced sub-pixel on the soft edge
                                                          (3 %)
rougher        band-pass noise added to L*                relative rise of texture contrast
                                                          (15 %)
smoother       edge-preserving (bilateral) smoothing      relative fall of texture contrast
                                                          (15 %)
glossier       white specular blobs blended in            rise of highlight strength (0.4)
more matte     highlights (over 2 L* above a grey         fall of highlight strength (0.4)
               opening) cut down
=============  =========================================  ===================================

Texture contrast is the robust RMS (1.4826 x MAD) of band-pass L* on the object, with a floor of
2 L* added in quadrature. Highlight strength is the mean, on the object, of how far smoothed L*
(Gaussian, 1.2 px) stands above its grey opening (a disc of 0.15 times the object's size, the
background counted as white): how much small bright spots stand out.

The colour JND is the picture-level perceptibility threshold of about 2.2 Delta E*ab (Stokes,
Fairchild and Berns 1992); the 3 % for sizes is a typical Weber fraction for length, 15 % a typical
Weber fraction for texture contrast; the gloss JND is our choice (a few small highlights, checked
by eye on renders). Rounder is the only silhouette edit we can make honestly: smoothing removes
corners (and cannot add them), so "more angular" sentences come from putting the unedited photo
on the Image 1 side. An edit that cannot reach its magnitude on a photo (a white cup cannot get
much lighter, a smooth one cannot get smoother) is skipped, not faked. Shape edits cut the object
out, fill the background it leaves by normalised convolution and paste the scaled object back.
Magnitudes are solved per photo (the edit parameter is searched until the measured change hits
the target within 5 %), so the stated magnitude is the one reached.
"""

import cv2
import numpy as np

from .colour import edit_colour
from .kinds import EditKind, EDITS_BY_NAME
from .shape import edit_shape, warp_shape
from .texture import edit_texture
from ..core.errors import SubtleDiffError
from ..vision.pair import object_mask


def apply_edit(kind: EditKind, image: np.ndarray, alpha: np.ndarray, mask: np.ndarray,
               target: float, rng):
    """
    Return (edited image, edited mask, reached magnitude), or None when ``target`` is out of reach.

    ``alpha`` is the object's soft coverage (0-1) and ``mask`` its bool mask; ``target`` is in the
    kind's unit.
    """
    if kind.attribute == 'color':
        made = edit_colour(kind.name, image, alpha, mask, target)
        return None if made is None else (made[0], mask, made[1])
    if kind.attribute == 'shape':
        made = edit_shape(kind.name, image, alpha, mask, target)
        return None if made is None else (made[0], made[1] >= 0.5, made[2])
    made = edit_texture(kind.name, image, alpha, mask, target, rng)
    return None if made is None else (made[0], mask, made[1])


def edit_object(image: np.ndarray, name: str, level: float, seed: int = 0) -> np.ndarray:
    """
    Return ``image`` with edit ``name`` of ``level`` JNDs applied to its (automatic) object mask.

    Width and size edits are made by ``warp_shape`` (seamless on an approximate outline); the
    others as in the benchmarks.

    Raises SubtleDiffError for an unknown edit, a non-positive level, or an edit that cannot
    reach its size on this picture.
    """
    kind = EDITS_BY_NAME.get(name)
    if kind is None:
        raise SubtleDiffError(f'unknown edit {name!r}: expected one of '
                              f'{", ".join(EDITS_BY_NAME)}')
    if not level > 0:
        raise SubtleDiffError(f'the edit level must be positive, not {level}')
    alpha = cv2.GaussianBlur(object_mask(image).astype(np.float32), (0, 0), 0.7)
    target = level * kind.jnd
    if kind.axis in ('width', 'size'):
        # An automatic outline is only approximate: move pixels smoothly rather than cut.
        made = warp_shape(name, image, alpha, alpha >= 0.5, target)
    else:
        made = apply_edit(kind, image, alpha, alpha >= 0.5, target, np.random.default_rng(seed))
    if made is None:
        raise SubtleDiffError(f'edit {name!r} cannot reach {level:g} JND ({target:g} '
                              f'{kind.unit}) on this picture')
    return made[0]

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Find the object in a photo automatically: a bool mask of its pixels and a sub-pixel outline.

Everything here works on working copies (``pair.working_copy``), so that masking a pair of
camera frames takes a few milliseconds on one core.

The automatic mask models the background from the colours along the image border (k-means in
CIELAB), seeds the object with pixels far from every border colour (and, for a pair, with the
pixels where the two images differ) and lets a marker watershed settle the boundary. It suits
the photos the project sees: objects on plain, black or cloth backgrounds and table-top scenes
such as a cup on a saucer. Two frames of one scene (the same view, maybe shifted) share one mask
where they agree, and their outlines differ only where the frames do (``pair_masks``).
"""

from typing import Optional

import cv2
import numpy as np

from .color import to_lab
from .registration import object_motion

# Width of the border band that defines the background colours, as a fraction of the short side.
_BORDER_FRACTION = 0.03
# Number of background colour clusters along the border.
_BORDER_CLUSTERS = 4
# A border colour cluster with a smaller share than this, far from the main background colours,
# is taken to be part of the object.
_MIN_BACKGROUND_SHARE = 0.3
# Lightness counts as much as colour for pixels lighter than the background (a dark object part on
# a black background differs from it mostly in lightness) and less for pixels darker than the
# background (shadows, shading).
_LIGHTNESS_WEIGHT = 1.0
_SHADOW_LIGHTNESS_WEIGHT = 0.25
# A pixel at least this far (CIELAB units) from every border colour, and at least twice as far as
# most border pixels, seeds the object.
_MIN_CONTRAST = 10.0
# Smallest object kept, as a fraction of the image area.
_MIN_OBJECT_FRACTION = 0.002
# Holes smaller than this fraction of the object area are filled (specular spots, print).
_MAX_HOLE_FRACTION = 0.02
# Pixels of an aligned pair differ when their colour difference is this many times its median.
_PAIR_NOISE_FACTOR = 4.0
# Half-width of the band in which a carried-over outline is settled, relative to the object's
# size (square root of its area).
_PAIR_BAND = 0.08
# Gaussian radius (pixels) of the neighbourhood whose sure object and background colours an
# outline pixel is a mix of, and the least linear-RGB distance between the two for the mix to
# be read (else the mask's own 0/1 stands).
_MIX_RADIUS = 1.5
_MIN_MIX_CONTRAST = 0.04
# Radius of the centre disk that seeds the object, as a fraction of the short side.
_CENTRE_RADIUS = 0.05
# Share of a reading's outline score that depends on how much of the mask's outside ring looks
# like the main background colour (``_ring_on_background``): all of it, so that a mask half
# surrounded by object colours (a bright label, its dark can body left out) scores half.
_RING_WEIGHT = 1.0
# A reading that scores at least this share of the winner's score, with an intersection over
# union below the overlap, is a plausible other mask (``automatic_masks``). On the development
# photos the losing readings scored at most 0.59 of the winner (a green mug's watermelon print
# alone) and all but five at most 0.3.
_DOUBT_RATIO = 0.5
_DOUBT_OVERLAP = 0.8
# A border colour unlike the main one that covers at least this share of two opposite sides of
# the frame is a band across it: a cloth or a table under the object before a backdrop. The
# pixels around a mask then count as background when they are near the main colour or such a
# band (a dark toy car on a light cloth before a dark backdrop has cloth all around it). The
# ETH-80 views from the side (090-090, 090-270), whose masks are given, have such a cloth.
_BAND_SIDE_SHARE = 0.2


def _border_distance(lab: np.ndarray):
    """
    Return per-pixel distances to the border colours under each reading of the border.

    Returns (distance maps, 95th percentile of the border pixels' own distances, distance map to
    the background around the object: the main border colour and any band across the frame,
    whether there is such a band (``_BAND_SIDE_SHARE``)). The first map
    takes every border colour as background. Minor border colours far from the main ones and
    absent from the corners may be an object touching the frame (or a background band): the
    second map, when it differs, leaves them out. An object may fill much of the frame, corners
    included (a white piggy bank on black cloth): the third map, when it differs, also leaves
    out the main border colours like the colour at the image centre. Distances are CIELAB with
    lightness down-weighted for pixels darker than the background (shadows, shading on cloth).
    """
    h, w = lab.shape[:2]
    band = max(2, int(round(min(h, w) * _BORDER_FRACTION)))
    border = np.concatenate([lab[:band].reshape(-1, 3), lab[-band:].reshape(-1, 3),
                             lab[:, :band].reshape(-1, 3), lab[:, -band:].reshape(-1, 3)])
    border = np.ascontiguousarray(border, dtype=np.float32)
    k = min(_BORDER_CLUSTERS, len(border))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 0.5)
    cv2.setRNGSeed(0)
    _, labels, centres = cv2.kmeans(border, k, None, criteria, 1, cv2.KMEANS_PP_CENTERS)

    def distance(pixels, model):
        lightness, a, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
        best = None
        for centre in model:
            dl = lightness - centre[0]
            dl *= np.where(dl < 0, _SHADOW_LIGHTNESS_WEIGHT, _LIGHTNESS_WEIGHT)
            d2 = dl * dl + (a - centre[1]) ** 2 + (b - centre[2]) ** 2
            best = d2 if best is None else np.minimum(best, d2)
        return np.sqrt(best)

    shares = np.bincount(labels.ravel(), minlength=k) / float(len(border))
    corners = np.concatenate([lab[:band, :band], lab[:band, -band:], lab[-band:, :band],
                              lab[-band:, -band:]]).reshape(4, -1, 3)
    nearest = ((corners[:, :, None, :] - centres[None, None]) ** 2).sum(axis=3).argmin(axis=2)
    in_corner = np.zeros(k, bool)
    for corner in nearest:
        counts = np.bincount(corner, minlength=k)
        in_corner |= counts >= 0.25 * len(corner)
    order = np.argsort(-shares)
    kept = [order[0]]
    for c in order[1:]:
        if (shares[c] >= _MIN_BACKGROUND_SHARE or in_corner[c]
                or distance(centres[c:c + 1], centres[kept])[0] <= _MIN_CONTRAST):
            kept.append(c)
    # The colour at the image centre, where a photographed object usually is.
    radius = max(2, round(_CENTRE_RADIUS * min(h, w)))
    middle = lab[h // 2 - radius:h // 2 + radius + 1, w // 2 - radius:w // 2 + radius + 1]
    centre_colour = np.median(middle.reshape(-1, 3), axis=0)[None]
    unlike_centre = [c for c in kept
                     if distance(centres[c:c + 1], centre_colour)[0] > _MIN_CONTRAST]
    spread = float(np.percentile(distance(border, centres), 95))
    models = [tuple(range(k))]
    for model in (kept, unlike_centre):
        model = tuple(sorted(int(c) for c in model))
        if model and model not in models:
            models.append(model)
    # A border colour unlike the main one that covers much of two opposite sides of the frame is
    # a band across it (a floor or a table seen from the side, running under the object), no
    # object touching the frame.
    labels = labels.ravel()
    sides = np.split(labels, np.cumsum([band * w, band * w, h * band])[:3])
    side_shares = np.array([np.bincount(side, minlength=k) / max(float(len(side)), 1.0)
                            for side in sides])  # a side is empty in a one-pixel-high image
    across = (np.minimum(side_shares[0], side_shares[1]) >= _BAND_SIDE_SHARE) | (
        np.minimum(side_shares[2], side_shares[3]) >= _BAND_SIDE_SHARE)
    bands = across & (distance(centres, centres[order[0]:order[0] + 1]) > _MIN_CONTRAST)
    bands[order[0]] = True
    main = distance(lab, centres[bands])
    return [distance(lab, centres[list(model)]) for model in models], spread, main, \
        bool(bands.sum() > 1)


def _clean(mask: np.ndarray, background_like: Optional[np.ndarray] = None) -> np.ndarray:
    """
    Keep the main object: smooth, drop specks, fill holes.

    A hole (background enclosed by the object) is filled when it is small, or when
    ``background_like`` (bool map of pixels that look like the background) says that most of it
    does not look like the background: the inside of a cup, not the gap in its handle.
    """
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    mask = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, kernel)
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return mask > 0
    h, w = mask.shape
    areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    # Prefer large components near the centre: area discounted by distance from the centre.
    offsets = np.hypot((centroids[1:, 0] - w / 2) / w, (centroids[1:, 1] - h / 2) / h)
    best = 1 + int(np.argmax(areas * (1.0 - offsets)))
    keep = areas >= max(areas[best - 1] * 0.15, _MIN_OBJECT_FRACTION * h * w)
    keep[best - 1] = True
    mask = np.isin(labels, 1 + np.flatnonzero(keep))
    holes = (~mask).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(holes, connectivity=4)
    limit = _MAX_HOLE_FRACTION * mask.sum()
    touches = np.zeros(n, bool)
    touches[np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))] = True
    fill = stats[:, cv2.CC_STAT_AREA] <= limit
    if background_like is not None:
        looks_like = np.bincount(labels.ravel(), weights=background_like.ravel(), minlength=n)
        fill |= looks_like < 0.5 * stats[:, cv2.CC_STAT_AREA]
    fill &= ~touches
    fill[0] = False
    return mask | fill[labels]


def _watershed(image, object_seed, background_seed, background_like):
    """Return the object region grown from the seeds by a marker watershed on the colour image."""
    markers = np.zeros(object_seed.shape, np.int32)
    markers[background_seed] = 1
    markers[object_seed & ~background_seed] = 2
    smooth = cv2.GaussianBlur(image, (3, 3), 0)
    cv2.watershed(np.ascontiguousarray(smooth[:, :, ::-1]), markers)
    # Watershed lines (-1) lie on the object's outline: count them as object.
    return _clean(markers != 1, background_like)


def _edge_strength(mask, gradient):
    """Return the mean colour gradient along a mask's outline (0 for an empty mask)."""
    outline = mask & ~(cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0)
    return float(gradient[outline].mean()) if outline.any() else 0.0


def _ring_on_background(mask, background, frame):
    """
    Return the share of the pixels just outside a mask (off the frame) that are ``background``.

    A mask that stops at an edge inside the object (a dark can body under a bright label, on a
    black background) leaves object colours just outside it; the whole object's mask has the
    background all around.
    """
    ring = (cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0) & ~mask & ~frame
    return float(background[ring].mean()) if ring.any() else 0.0


def automatic_mask(image: np.ndarray, lab: Optional[np.ndarray] = None,
                   changed: Optional[np.ndarray] = None) -> np.ndarray:
    """
    Return a bool object mask of a (working-size) RGB image.

    Pixels far from the border colours and the image centre seed the object, pixels close to
    the border colours (and the frame) seed the background, and a marker watershed on the colour
    image settles the pixels in between along the strongest edges. Up to three readings of the
    border are tried (``_border_distance``): every border colour is background, or minor border
    colours may be an object that touches the frame, or the object fills the corners too; each
    reading seeds the object with the pixels far from its own background colours. The mask
    whose outline follows the stronger edges with the main background colour all around it
    (a dark object part the first reading calls background leaves object colours just outside
    that reading's mask) wins; with a band across the frame (a floor before a backdrop), so does
    the mask that covers less of the frame's edge (the floor runs along it). ``changed``:
    optional bool map of pixels where this image differs from its pair partner; they seed the
    object too (edits change the object, not the background).
    """
    return automatic_masks(image, lab, changed)[0]


def automatic_masks(image: np.ndarray, lab: Optional[np.ndarray] = None,
                    changed: Optional[np.ndarray] = None):
    """
    Return (the automatic mask, the plausible other masks) of a (working-size) RGB image.

    The mask is ``automatic_mask``'s. The other masks are the readings that scored nearly as
    well (at least ``_DOUBT_RATIO`` of the winner's score) yet outline a clearly different
    object (intersection over union below ``_DOUBT_OVERLAP``), each as (mask, its score
    relative to the winner's): when there are any, the mask is a close call, and a
    measurement that changes with the choice is doubtful.
    """
    if lab is None:
        lab = to_lab(image)
    h, w = lab.shape[:2]
    readings, spread, main, floor = _border_distance(lab)
    level = max(_MIN_CONTRAST, 2.0 * spread)
    object_seed = np.zeros((h, w), bool) if changed is None else changed
    band = max(1, int(round(min(h, w) * _BORDER_FRACTION)))
    frame = np.zeros((h, w), bool)
    frame[:band] = frame[-band:] = True
    frame[:, :band] = frame[:, -band:] = True
    centre = np.zeros((h, w), np.uint8)
    cv2.circle(centre, (w // 2, h // 2), max(2, round(_CENTRE_RADIUS * min(h, w))), 1, -1)
    centre = centre > 0
    gradient = cv2.morphologyEx(lab, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    gradient = np.sqrt((gradient ** 2).sum(axis=2))
    scored = []
    for near in readings:
        background_seed = (near < 0.5 * level) | (frame & (near < level))
        # Pixels far from every background colour of this reading seed the object.
        seed = cv2.erode((near > level).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        seed |= object_seed | (centre & ~background_seed)
        if not (seed & ~background_seed).any():
            # Nothing stands out from the border: assume a centred object.
            seed[h // 3:h - h // 3, w // 3:w - w // 3] = True
            background_seed = background_seed & ~seed
        mask = _watershed(image, seed, background_seed, near < level)
        strength = _edge_strength(mask, gradient) * (
            1.0 - _RING_WEIGHT + _RING_WEIGHT * _ring_on_background(mask, main < level, frame))
        if floor:
            # An object seldom runs along the frame; a floor does.
            strength *= 1.0 - float((mask & frame).sum()) / frame.sum()
        scored.append((strength, mask))
    # The first of equal scores wins, as the readings come in order of preference.
    scored.sort(key=lambda item: -item[0])
    best_strength, best = scored[0]
    if not best.any():
        best = best.copy()
        best[h // 4:h - h // 4, w // 4:w - w // 4] = True
        return best, []
    others = []
    if best_strength <= 0.0:
        # No reading found an edge (a featureless region): none is a closer call than another.
        return best, others
    for strength, mask in scored[1:]:
        overlap = (mask & best).sum() / max(float((mask | best).sum()), 1.0)
        if (mask.any() and strength >= _DOUBT_RATIO * best_strength
                and overlap < _DOUBT_OVERLAP
                and all((mask ^ other).any() for other, _ in others)):
            others.append((mask, float(strength / best_strength)))
    return best, others


def changed_pixels(lab_1: np.ndarray, lab_2: np.ndarray) -> Optional[np.ndarray]:
    """Return where two same-size working copies clearly differ, or None if they do not."""
    if lab_1.shape != lab_2.shape:
        return None
    diff = np.sqrt(((lab_1 - lab_2) ** 2).sum(axis=2))
    diff = cv2.GaussianBlur(diff, (5, 5), 0)
    changed = diff > max(_MIN_CONTRAST, 3.0 * float(np.median(diff)))
    # Whole-frame changes (another view, another exposure) say nothing about where the object is.
    return changed if 0 < changed.mean() < 0.5 else None


def _settle_outline(image: np.ndarray, guess: np.ndarray,
                    kept: Optional[np.ndarray] = None) -> np.ndarray:
    """
    Return the object mask of ``image`` near an outline guess: a watershed in a band around it.

    Pixels well inside the guess seed the object and pixels well outside seed the background,
    so only the outline itself is settled, along the strongest colour edges of this image.
    ``kept``: optional bool map of pixels that keep the guess's label (they seed the object or
    the background accordingly); the others, deep inside the guess, seed the object only when
    they look like one in this image: far from every border colour (as in ``automatic_mask``).
    """
    band = max(2, int(round(_PAIR_BAND * np.sqrt(float(guess.sum())))))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band + 1, 2 * band + 1))
    inside = cv2.erode(guess.astype(np.uint8), kernel) > 0
    outside = cv2.dilate(guess.astype(np.uint8), kernel) == 0
    if kept is not None:
        readings, spread, _, _ = _border_distance(to_lab(image))
        dist = readings[0]
        inside = (guess & kept) | (inside & (kept | (dist > max(_MIN_CONTRAST, 2.0 * spread))))
        outside |= ~guess & kept
    if not inside.any() or not outside.any():
        return guess
    return _watershed(image, inside, outside, None)


def _aligned_differences(image_1: np.ndarray, image_2: np.ndarray, to_1) -> np.ndarray:
    """
    Return where image 2 really differs from image 1 mapped onto it (bool map of image 2).

    ``to_1``: the 2x3 map of image 2's pixels onto image 1's (``registration.object_motion``).
    The colour difference (CIELAB) of the aligned, lightly smoothed copies must stand clearly
    above its own typical level (sensor noise, JPEG, resampling of a sub-pixel shift) and above
    ``_MIN_CONTRAST`` / 2.
    """
    h, w = image_1.shape[:2]
    moved = cv2.warpAffine(image_1, to_1, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                           borderMode=cv2.BORDER_REPLICATE)
    labs = [to_lab(cv2.GaussianBlur(im, (3, 3), 0)) for im in (moved, image_2)]
    diff = np.sqrt(((labs[0] - labs[1]) ** 2).sum(axis=2))
    level = max(0.5 * _MIN_CONTRAST, _PAIR_NOISE_FACTOR * float(np.median(diff)))
    return diff > level


def pair_masks(image_1: np.ndarray, image_2: np.ndarray, lab_1: np.ndarray, shift: tuple,
               changed: Optional[np.ndarray] = None, found: Optional[np.ndarray] = None):
    """
    Return consistent automatic masks of two working copies of the same scene.

    Image 1's automatic mask is settled by a watershed in a band around it and carried onto
    image 2 by the object's motion between them (``registration.object_motion``: the shift, or
    the affine map of an object that grew, shrank or was stretched). Where the aligned images
    agree, image 2's mask is the carried one, pixel for pixel (identical frames get identical
    masks); only the pixels where they really differ are settled anew, by the same watershed
    in image 2 seeded with the carried labels of the agreeing pixels. So the two masks differ
    where the objects' outlines differ, not by the chance of two separate segmentations, and a
    scaled object's side that is about as dark as the background scales with the rest.
    ``shift``: their ``pair_shift``. ``found``: image 1's automatic mask, when already found.
    """
    if found is None:
        found = automatic_mask(image_1, lab_1, changed)
    mask_1 = _settle_outline(image_1, found)
    h, w = mask_1.shape
    to_1 = object_motion(image_1, image_2, mask_1, shift)
    carried = cv2.warpAffine(mask_1.astype(np.float32), to_1, (w, h),
                             flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP) >= 0.5
    differs = _aligned_differences(image_1, image_2, to_1)
    if not (differs & cv2.dilate(carried.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0).any():
        return mask_1, carried
    return mask_1, _settle_outline(image_2, carried, ~differs)


def soft_coverage(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """
    Return how much of each pixel the object covers (0-1), from a bool mask and the colours.

    Pixels on the mask's outline mix the object's colour F and the background's colour B (in
    linear light, as the lens mixed them): their coverage is where the pixel lies on the line
    from B to F, with F and B the mean colours of the nearby sure object and sure background
    pixels. Elsewhere, and where F and B are too alike to tell, the coverage is the mask. This
    gives automatic masks the sub-pixel outline that shape measurements need (the pixel
    staircase moves with every shift of the object).
    """
    sure = np.ones((3, 3), np.uint8)
    inside = cv2.erode(mask.astype(np.uint8), sure) > 0
    outside = cv2.dilate(mask.astype(np.uint8), sure) == 0
    coverage = mask.astype(np.float32)
    band = ~inside & ~outside
    if not band.any() or not inside.any() or not outside.any():
        return coverage
    linear = (image.astype(np.float32) / 255.0) ** 2.2

    def local_mean(region):
        weight = cv2.GaussianBlur(region.astype(np.float32), (0, 0), _MIX_RADIUS)
        total = cv2.GaussianBlur(linear * region[..., None], (0, 0), _MIX_RADIUS)
        return total / np.maximum(weight, 1e-6)[..., None], weight

    fore, fore_weight = local_mean(inside)
    back, back_weight = local_mean(outside)
    span = fore - back
    length = (span ** 2).sum(axis=2)
    share = ((linear - back) * span).sum(axis=2) / np.maximum(length, 1e-12)
    known = band & (length > _MIN_MIX_CONTRAST ** 2) & (fore_weight > 0.05) & (back_weight > 0.05)
    coverage[known] = np.clip(share[known], 0.0, 1.0)
    return coverage

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The light on a scene: per-channel gains in linear RGB, estimated on static pixels and undone.

A brighter, dimmer or tinted light (exposure, the lamp's colour, the camera's white balance)
multiplies each channel of the linear (not gamma-encoded) RGB the camera sees by a gain. The
gains are estimated as the robust mean ratio of a live frame's linear values to its reference's on
pixels that show the same unchanged surface in both (a grey patch, or the static surroundings
of the inspected part), both frames aligned, and undone by dividing them out. Only well-exposed
pixels count: clipped ones have lost their ratio and dark ones are mostly noise. An offset
(flare, a black level) is not modelled: it would need two known grey levels, and the light
changes an inspection meets are multiplicative.

Each estimate comes with its precision (``estimate_gains``): how far the gains may be off,
relative, per channel, from the spread of the static pixels and from the 8-bit values the live
frame was stored in. The model itself holds only for a camera whose values are linear light
under the sRGB curve; on an object of another tone than the static pixels the gains may be off
by more (``tone_uncertainty``), as far as other cameras' tone curves differ from sRGB's.

Where the static pixels show the light change to have another shape than one gain a channel
(``light_shape``: a camera whose tone curve is not sRGB's, so that the ratio of linear light
depends on the tone; a vignette that appeared, so that it depends on the distance from the
frame's centre), the shape is fitted and undone first (``undo_light_shape``), pixel by pixel,
so that dividing the gains out afterwards is exact at every tone and place.
"""

from dataclasses import dataclass
import math
from typing import Optional, Tuple

import cv2
import numpy as np

from ..core.errors import SubtleDiffError

# 8-bit values taken as well exposed for estimating the light: above the noise-dominated shadows,
# below clipping, in every channel of both frames.
WELL_EXPOSED = (24, 235)
# Fewest well-exposed pixels the estimate needs.
MIN_LIGHT_PIXELS = 100
# Ratios farther from the median than this many robust spreads (1.4826 median absolute
# deviations) are taken as pixels that are not static after all.
INLIER_SPREADS = 3.0
# Side (pixels) of the tiles whose sums are taken as independent in the precision of the gains:
# the 16x16 block of a JPEG's subsampled colour (4:2:0), within which errors are shared.
PRECISION_TILE = 16
# Pixels sampled at most (a regular grid), so that the cost does not grow with the frame.
_MAX_SAMPLES = 200_000
# Static surroundings start this far from the region (a fraction of its size, at least 4 px).
SURROUNDINGS_GAP = 0.1
# Two frames of one scene are taken as lit alike when no channel's gain differs from 1 by more
# than SAME_LIGHT (relative: below a just-noticeable lightness change of a mid-grey object, about
# 1.5 % of linear light per L* unit near L* 50) or than LIGHT_SPREADS times its precision (an
# upper bound, about twice the error on textured surroundings: ``gain_precision``).
SAME_LIGHT = 0.015
LIGHT_SPREADS = 3.0
# Values a pair's light is compared on (``changed_light``): darker pixels of a noisy backdrop
# change their mean linear light when a JPEG re-encoding smooths their noise (gamma is curved
# there), which read as a light 6 % greener on a black COIL-100 backdrop.
EVEN_EXPOSED = (32, 235)
# Least share of the static surroundings that must be well exposed (``EVEN_EXPOSED``) in the
# better exposed frame for their light to be told (``exposed_share``): on a black backdrop the few
# bright pixels outside an automatic outline that missed part of the object are that object,
# edited or not. (Counted in both frames at once, a lamp at 0.6 of its light sank half of a dim
# table under the range, and the light was undone one way round and not the other.)
MIN_EXPOSED_SHARE = 0.5
# How far (relative) the light of one half of the frame may differ from the whole's and the light
# still be taken as one change of the scene's light (``uniform_light``).
UNIFORM_LIGHT = 0.02
# Lights more than this many times brighter or dimmer, or whose channels differ by more than
# MAX_TINT_FACTOR, are not undone: the estimate is unreliable that far out.
MAX_LIGHT_FACTOR = 2.0
MAX_TINT_FACTOR = 1.3
# How far (relative) the gain of a light undone may be off on an object of another tone than the
# static pixels it was measured on, per unit of the light's log size and of the log distance of
# their tones (``tone_uncertainty``). One gain a channel is exact for a camera whose values are
# linear light under the sRGB curve; under another exposure, a pure 2.2 gamma, BT.709, a filmic
# shoulder, an editor's brightness slider and a contrast curve misfit by 0.06, 0.06, 0.07,
# 0.06-0.10 and 0.18 (root mean square over pairs of tones; the five curves and sRGB: 0.096,
# ``benchmarks/light_tone.py``).
TONE_MISFIT = 0.1


class LightEstimateError(SubtleDiffError):
    """The light could not be estimated: too few well-exposed static pixels."""


def srgb_to_linear(image: np.ndarray) -> np.ndarray:
    """Return linear RGB (float32, 0-1) of an sRGB uint8 image."""
    v = image.astype(np.float32) / 255.0
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4).astype(np.float32)


def encode_srgb(linear: np.ndarray) -> np.ndarray:
    """Return sRGB values (float32, 0-255, not rounded) of linear RGB, clipped to 0-1 first."""
    v = np.clip(linear, 0.0, 1.0)
    encoded = np.where(v <= 0.0031308, 12.92 * v, 1.055 * np.power(v, 1 / 2.4) - 0.055)
    return (encoded * 255.0).astype(np.float32)


def linear_to_srgb(linear: np.ndarray) -> np.ndarray:
    """Return the sRGB uint8 image of linear RGB (values outside 0-1 clipped, as a camera does)."""
    return np.clip(encode_srgb(linear) + 0.5, 0, 255).astype(np.uint8)


def apply_gains(image: np.ndarray, gains) -> np.ndarray:
    """
    Return an sRGB uint8 image whose linear RGB is multiplied by ``gains`` (one per channel).

    A uint8 image goes through one 256-entry table per channel (the same values as converting
    every pixel, without float copies of a whole camera frame).
    """
    gains = np.asarray(gains, np.float32)
    if image.dtype != np.uint8 or image.ndim != 3 or gains.shape != (image.shape[2],):
        return linear_to_srgb(srgb_to_linear(image) * gains)
    tables = linear_to_srgb(srgb_to_linear(np.arange(256, dtype=np.uint8))[:, None] * gains)
    out = np.empty_like(image)
    for channel in range(image.shape[2]):
        out[..., channel] = tables[image[..., channel], channel]
    return out


def clip_alike(reference: np.ndarray, normalised: np.ndarray,
               gains) -> Tuple[np.ndarray, np.ndarray]:
    """
    Return (reference, normalised live frame), both clipped at the light both cameras recorded.

    ``normalised``: the live frame with its ``gains`` divided out. A camera clips at 1 in its
    own linear light: under gains above 1 the live frame recorded the scene only up to 1/gain of
    the reference's light, so a highlight that the reference still shows is clipped, and reads
    lower, once the light is undone. Clipping both frames, per channel, at min(1, 1/gain) of the
    reference's light makes a highlight clipped in either frame clipped alike in both.
    """
    ceiling = encode_srgb(np.minimum(1.0, 1.0 / np.asarray(gains, np.float32)))
    ceiling = np.floor(ceiling + 0.5).astype(np.uint8)
    return np.minimum(reference, ceiling), np.minimum(normalised, ceiling)


def estimate_gains(reference: np.ndarray, live: np.ndarray, where: Optional[np.ndarray] = None,
                   exposed: Tuple[int, int] = WELL_EXPOSED) -> Tuple[np.ndarray, int, np.ndarray]:
    """
    Return (per-channel gains of ``live`` relative to ``reference``, pixels used, precision).

    Both are aligned sRGB uint8 images of one size; ``where`` (bool, same size) limits the
    estimate to pixels known to be static (a patch, the surroundings). The gain of each channel
    is the ratio of the summed linear values of both images over the pixels well exposed in every
    channel of both and whose ratios are inliers (within ``INLIER_SPREADS`` robust spreads of
    the median ratio in every channel): as robust as the median to pixels that are not static
    after all, and unbiased where the median or a trimmed mean of the ratios is not. On a
    uniform grey card the 8-bit values are a few integers around the true level; the median
    sticks to one of them, and a trimmed mean (say the interquartile one) keeps whole integers
    at its bounds, so both are off by up to half a step (0.5 % of linear light on a mid-grey
    card, a visible tint on a white part). Summing before dividing also weights bright pixels,
    whose ratios are less noisy, over dark ones. ``exposed``: the (lowest, highest) 8-bit values
    that count as well exposed. Raises LightEstimateError when fewer than
    ``MIN_LIGHT_PIXELS`` qualify.

    The precision is the standard uncertainty of each gain, relative to it (``gain_precision``).
    """
    if reference.shape != live.shape:
        raise SubtleDiffError(f'cannot compare the light of a {reference.shape[1]}x'
                              f'{reference.shape[0]} reference and a {live.shape[1]}x'
                              f'{live.shape[0]} frame')
    usable = np.ones(reference.shape[:2], bool) if where is None else where.copy()
    low, high = exposed
    for image in (reference, live):
        usable &= (image.min(axis=2) >= low) & (image.max(axis=2) <= high)
    ys, xs = np.nonzero(usable)
    if ys.size < MIN_LIGHT_PIXELS:
        raise LightEstimateError(
            f'only {ys.size} well-exposed static pixels to estimate the light from (at least '
            f'{MIN_LIGHT_PIXELS} needed)')
    step = max(1, ys.size // _MAX_SAMPLES)
    ys, xs = ys[::step], xs[::step]
    linear_live, linear_ref = srgb_to_linear(live[ys, xs]), srgb_to_linear(reference[ys, xs])
    ratio = linear_live / np.maximum(linear_ref, 1e-6)
    centre = np.median(ratio, axis=0)
    spread = 1.4826 * np.median(np.abs(ratio - centre), axis=0)
    # A floor on the spread: noiseless 8-bit values can give a spread of zero.
    spread = np.maximum(spread, 0.002 * centre)
    inliers = np.all(np.abs(ratio - centre) <= INLIER_SPREADS * spread, axis=1)
    if inliers.sum() < MIN_LIGHT_PIXELS:
        raise LightEstimateError(
            f'only {int(inliers.sum())} static pixels agree on the light (at least '
            f'{MIN_LIGHT_PIXELS} needed)')
    gains = linear_live[inliers].sum(axis=0) / np.maximum(linear_ref[inliers].sum(axis=0), 1e-6)
    tiles = (ys[inliers] // PRECISION_TILE) * (live.shape[1] // PRECISION_TILE + 1) + \
        xs[inliers] // PRECISION_TILE
    precision = gain_precision(live[ys, xs][inliers], linear_live[inliers], linear_ref[inliers],
                               gains, tiles)
    return gains.astype(np.float64), int(ys.size), precision


def gain_precision(values: np.ndarray, linear_live: np.ndarray, linear_ref: np.ndarray,
                   gains: np.ndarray, tiles: np.ndarray) -> np.ndarray:
    """
    Return the standard uncertainty of each channel's gain (ratio of sums), relative to it.

    ``values``: the live frame's 8-bit values of the pixels the gains were estimated on (N, 3),
    ``linear_live`` / ``linear_ref`` their linear values in both frames, ``tiles`` the tile
    (``PRECISION_TILE`` pixels a side) of each. Two parts, added in quadrature:

    - **Spread**: the standard error of a ratio of sums, sqrt(sum e_t^2) / sum live_t, from the
      residuals e_t = live_t - gain * ref_t of the tiles' sums (n/(n-1) corrected). Pixels of
      one tile share their JPEG block's errors, so tiles, not pixels, count as independent.
    - **8-bit floor**: the live frame's values are whole 8-bit steps, each off by a rounding
      error uniform within +-half a step (sqrt(1/12) of a step, in linear light d linear /
      d value). Where the values come from a surface that JPEG left flat (a grey card: its noise
      is in the high frequencies JPEG drops, and its pixels decode to a few values of one shared
      block mean), the pixels are rounded alike and the error does not average out over them:
      sqrt(1/12) * sum(d linear / d value) / sum(linear). On a mid-grey card (150) that is
      0.45 % of a channel; the gains measured on the benchmark's JPEG cards (noise sigma 2,
      quality 90) are off by 0.3 to 0.7 % rms (taking pixels of different values as rounded
      independently would say 0.2 %, too little). Where noise or texture dither the values
      (the surroundings of most parts) it is an upper bound, about twice the error there.
    """
    v = values.astype(np.float64) / 255.0
    slope = np.where(v <= 0.04045, 1 / 12.92, 2.4 / 1.055 * ((v + 0.055) / 1.055) ** 1.4) / 255
    total = np.maximum(linear_live.sum(axis=0, dtype=np.float64), 1e-9)
    floor = math.sqrt(1 / 12) * slope.sum(axis=0) / total
    _, tile = np.unique(tiles, return_inverse=True)
    count = int(tile.max()) + 1
    if count < 2:
        return floor
    residual = linear_live.astype(np.float64) - gains * linear_ref
    sums = np.stack([np.bincount(tile, residual[:, c], count) for c in range(3)], axis=1)
    spread = np.sqrt(count / (count - 1) * (sums ** 2).sum(axis=0)) / total
    return np.sqrt(spread ** 2 + floor ** 2)


def static_surroundings(region: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """Return the covered pixels farther from the region than the gap (the static scene)."""
    ys, xs = np.nonzero(region)
    extent = max(int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)) if ys.size else 0
    gap = max(4, int(round(SURROUNDINGS_GAP * extent)))
    distance = cv2.distanceTransform((~region).astype(np.uint8), cv2.DIST_L2, 3)
    return covered & (distance > gap)


def changed_light(reference: np.ndarray, live: np.ndarray,
                  static: np.ndarray) -> Tuple[Optional[np.ndarray], bool]:
    """
    Return (the gains of ``live``'s light over ``reference``'s, whether they can be undone).

    The gains are None when the two are lit alike or the light cannot be told: too few
    well-exposed static pixels, a dark backdrop, or not one light over the whole scene
    (``uniform_light``: a shadow on part of it, or another view of the scene, which shades its
    backdrop otherwise). A light over the whole scene cannot be undone when it is too far off
    to undo reliably (``beyond_undoing``).
    """
    try:
        gains, _, precision = estimate_gains(reference, live, static, EVEN_EXPOSED)
    except LightEstimateError:
        return None, False
    if exposed_share(reference, live, static) < MIN_EXPOSED_SHARE:
        return None, False  # a dark backdrop: the bright pixels outside an outline may be object
    off = np.abs(np.log(gains))
    if not np.any(off > np.maximum(SAME_LIGHT, LIGHT_SPREADS * precision)):
        return None, False
    if not uniform_light(reference, live, static, gains, precision):
        return None, False
    return gains, not beyond_undoing(gains)


def exposed_share(reference: np.ndarray, live: np.ndarray, static: np.ndarray) -> float:
    """
    Return the share of ``static`` pixels well exposed (``EVEN_EXPOSED``) in the better frame.

    A dark backdrop is dark in both frames; a dimmer lamp darkens only one, and the brighter frame
    shows how much of the scene there is to tell the light from.
    """
    total = int(np.count_nonzero(static))
    if not total:
        return 0.0
    low, high = EVEN_EXPOSED
    return max(int(np.count_nonzero(static & (image.min(axis=2) >= low)
                                    & (image.max(axis=2) <= high))) / total
               for image in (reference, live))


def light_tone(image: np.ndarray, where: np.ndarray) -> np.ndarray:
    """
    Return the tone (log linear light, per channel) that gains measured on ``where`` hold at.

    A ratio of sums weighs each pixel by its light, so the tone is the light-weighted mean of
    the pixels' log linear values (each floored at 0.001). Zeros when ``where`` is empty.
    """
    linear = np.maximum(srgb_to_linear(image[where]).astype(np.float64), 1e-3)
    if not linear.size:
        return np.zeros(image.shape[2] if image.ndim == 3 else 1)
    return (linear * np.log(linear)).sum(axis=0) / linear.sum(axis=0)


def tone_uncertainty(gains, measured_tone, object_tone) -> np.ndarray:
    """
    Return the relative standard uncertainty, per channel, of ``gains`` undone on an object.

    ``measured_tone``: the tone the gains were measured at (``light_tone`` of the static
    pixels), ``object_tone`` the object's. ``TONE_MISFIT`` times the log size of each channel's
    gain times the log distance of the two tones.
    """
    return TONE_MISFIT * np.abs(np.log(np.asarray(gains, np.float64))) * \
        np.abs(np.asarray(object_tone) - np.asarray(measured_tone))


def radial_spread(reference: np.ndarray, live: np.ndarray, static: np.ndarray,
                  region: np.ndarray) -> np.ndarray:
    """
    Return how far (log, per channel) a vignette may make the light on ``region`` differ.

    A lens's light falls off from the middle of the frame, and an aperture or zoom that changed
    between the frames changes that fall-off: each side of the frame then sees the same light
    (``uniform_light``) while the middle, where the object usually is, sees another. Each
    well-exposed static pixel's log ratio of linear light is fitted, weighted by its light, by a
    line in its squared distance from the frame's centre; the fit's value at the region's mean
    distance against the static pixels' is the spread, less ``SAME_LIGHT`` (zeros where it is
    smaller, or where the light cannot be told).
    """
    low, high = EVEN_EXPOSED
    usable = static.copy()
    for image in (reference, live):
        usable &= (image.min(axis=2) >= low) & (image.max(axis=2) <= high)
    ys, xs = np.nonzero(usable)
    if ys.size < MIN_LIGHT_PIXELS or not region.any():
        return np.zeros(3)
    step = max(1, ys.size // _MAX_SAMPLES)
    ys, xs = ys[::step], xs[::step]
    h, w = static.shape

    def squared_distance(y, x):
        return ((x - w / 2) ** 2 + (y - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)
    distance = squared_distance(ys, xs)
    inside = squared_distance(*np.nonzero(region)).mean()
    ref = srgb_to_linear(reference[ys, xs]).astype(np.float64)
    ratio = np.log(srgb_to_linear(live[ys, xs]).astype(np.float64) / np.maximum(ref, 1e-6))
    spread = np.zeros(3)
    for channel in range(3):
        weight = ref[:, channel]
        mean = float((weight * distance).sum() / weight.sum())
        spread_x = distance - mean
        slope = float((weight * spread_x * ratio[:, channel]).sum()
                      / max(float((weight * spread_x ** 2).sum()), 1e-12))
        spread[channel] = abs(slope * (inside - mean))
    return np.maximum(0.0, spread - SAME_LIGHT)


def light_level(gains) -> float:
    """Return the overall level of per-channel gains (their geometric mean)."""
    return float(np.exp(np.mean(np.log(gains))))


def beyond_undoing(gains) -> Optional[str]:
    """
    Return 'level' or 'tint' when gains are too far out to undo reliably, else None.

    'level': the light is more than ``MAX_LIGHT_FACTOR`` times brighter or dimmer; 'tint': its
    channels differ by more than ``MAX_TINT_FACTOR``.
    """
    if not 1 / MAX_LIGHT_FACTOR <= light_level(gains) <= MAX_LIGHT_FACTOR:
        return 'level'
    if float(np.max(gains) / np.min(gains)) > MAX_TINT_FACTOR:
        return 'tint'
    return None


def uniform_light(reference, live, static, gains, precision,
                  exposed: Tuple[int, int] = EVEN_EXPOSED) -> bool:
    """
    Return True when every side of the frame's static pixels sees about the same gains.

    A lamp dimmed or a white balance changed moves the light of the whole scene alike; another
    view of the scene (the camera moved around the object) shades its backdrop differently from
    side to side, and so does a shadow on part of it. The gains of the left, right, top and
    bottom halves of ``static`` must each lie within ``UNIFORM_LIGHT`` (relative) of the whole's
    (``gains``, estimated on the values ``exposed``), where they can be told.
    """
    h, w = static.shape
    halves = (np.s_[:, :w // 2], np.s_[:, w // 2:], np.s_[:h // 2, :], np.s_[h // 2:, :])
    for half in halves:
        part = np.zeros_like(static)
        part[half] = static[half]
        try:
            local, _, local_precision = estimate_gains(reference, live, part, exposed)
        except LightEstimateError:
            continue
        allowed = UNIFORM_LIGHT + LIGHT_SPREADS * np.hypot(precision, local_precision)
        if np.any(np.abs(np.log(local / gains)) > allowed):
            return False
    return True


# The shape of a light change (``light_shape``) is fitted on the static pixels summed over tiles
# of TONE_TILE pixels a side: a fit on single pixels is biased by the noise of the reference's
# tone (errors in the variable; a BT.709 step read a slope of +0.27 there, and sRGB frames
# slopes of +-0.2, where tiles read 0.0-0.05).
TONE_TILE = 8
# Fewest usable tiles for a shape to be fitted.
MIN_SHAPE_TILES = 30
# A term of the shape (the tone slope, the radial fall-off) is kept only when its F statistic
# (the drop of the fit's weighted squared residual it brings, over the residual's variance)
# exceeds this. On the outside tester's photos (tester 31): lasting light changes through a
# filmic camera 110 to 15,000 for the tone term, through an sRGB one at most 33; vignettes that
# appeared 650 to 740,000 for the radial term, frames without one at most 14.
SHAPE_SIGNIFICANCE = 100.0
# Tone slopes tried (the camera curve's log-log slope relative to sRGB's, change per unit of
# log linear light); one at the end of the grid is a light of another shape, and not kept.
MAX_TONE_SLOPE = 0.5
TONE_SLOPES = np.linspace(-MAX_TONE_SLOPE, MAX_TONE_SLOPE, 201)


@dataclass
class LightShape:
    """
    The shape of a light change on the static pixels beyond one gain a channel.

    Each channel's log ratio of linear light (live over reference) is modelled as
    ``betas[c] * (1 + slope * (t - tone)) + radial * (r - mean_radius)``: ``t`` the reference's
    tone (log linear light of the channel), ``r`` the squared distance from the frame's centre
    over the corner's. ``slope``
    and ``radial`` are the terms kept (0: not kept). ``fitted_slope`` is the best slope of the
    fit, kept or not; ``tone_significance`` and ``radial_significance`` the F statistics of the
    two terms (``SHAPE_SIGNIFICANCE``); ``prior``: whether the slope is a camera's slope known
    from earlier captures, not this frame's own.
    """

    betas: np.ndarray
    slope: float = 0.0
    radial: float = 0.0
    tone: float = 0.0
    mean_radius: float = 0.0
    fitted_slope: float = 0.0
    tone_significance: float = 0.0
    radial_significance: float = 0.0
    prior: bool = False

    @property
    def undone(self) -> bool:
        """Whether there is a shape to undo (a tone slope or a radial term kept)."""
        return bool(self.slope or self.radial)


def _squared_radius(ys, xs, shape) -> np.ndarray:
    h, w = shape[:2]
    return ((xs - w / 2) ** 2 + (ys - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)


def _shape_tiles(reference, live, static, exposed):
    """Return the usable tiles' (reference light, live light, squared radius, pixels)."""
    low, high = exposed
    h, w = static.shape
    ys, xs = np.nonzero(static)
    if not ys.size:
        return None
    tile = (ys // TONE_TILE) * (w // TONE_TILE + 1) + xs // TONE_TILE
    _, index, count = np.unique(tile, return_inverse=True, return_counts=True)
    ref_values, live_values = reference[ys, xs], live[ys, xs]
    ref, lin = (np.stack([np.bincount(index, c) for c in
                          srgb_to_linear(values).T.astype(np.float64)], axis=1) / count[:, None]
                for values in (ref_values, live_values))
    clipped = np.bincount(index, ((ref_values.max(axis=1) > high)
                                  | (live_values.max(axis=1) > high)).astype(np.float64))
    radius = _squared_radius(np.bincount(index, ys) / count, np.bincount(index, xs) / count,
                             static.shape)
    floor = float(srgb_to_linear(np.uint8([low]))[0])
    keep = (count >= TONE_TILE * TONE_TILE // 2) & (clipped == 0) & \
        np.all(ref >= floor, axis=1) & np.all(lin >= floor, axis=1)
    return ref[keep], lin[keep], radius[keep], count[keep].astype(np.float64)


def _fit_shape(x, y, weight, radius, slopes, radial: bool):
    """
    Return (weighted squared residual, slope, betas, radial) of the best slope of ``slopes``.

    ``x``: (n, 3) tones less the mean tone, ``y`` (n, 3) log ratios, ``weight`` (n, 3),
    ``radius`` (n,) squared radii less their mean. Weighted least squares for the betas and
    the radial term at each slope, on its normal equations.
    """
    slopes = np.asarray(slopes, np.float64)[:, None]
    sw, swx, swxx = weight.sum(0), (weight * x).sum(0), (weight * x * x).sum(0)
    swy, swxy = (weight * y).sum(0), (weight * x * y).sum(0)
    swyy = float((weight * y * y).sum())
    ss = sw + 2 * slopes * swx + slopes ** 2 * swxx          # (k, 3): sum w s^2
    sy = swy + slopes * swxy                                 # sum w s y
    if radial:
        swr, swxr = (weight * radius[:, None]).sum(0), (weight * x * radius[:, None]).sum(0)
        swrr = float((weight * radius[:, None] ** 2).sum())
        swry = float((weight * radius[:, None] * y).sum())
        sr = swr + slopes * swxr                             # sum w s r
        # Eliminate the betas: b (swrr - sum sr^2/ss) = swry - sum sr sy / ss.
        den = swrr - (sr ** 2 / ss).sum(1)
        b = np.where(den > 1e-12, (swry - (sr * sy / ss).sum(1)) / np.maximum(den, 1e-12), 0.0)
        betas = (sy - b[:, None] * sr) / ss
        explained = (betas * sy).sum(1) + b * swry
    else:
        b = np.zeros(len(slopes))
        betas = sy / ss
        explained = (betas * sy).sum(1)
    residual = swyy - explained
    best = int(np.argmin(residual))
    return float(residual[best]), float(slopes[best, 0]), betas[best], float(b[best])


def light_shape(reference: np.ndarray, live: np.ndarray, static: np.ndarray,
                exposed: Tuple[int, int] = EVEN_EXPOSED,
                known_slope: Optional[float] = None) -> Optional[LightShape]:
    """
    Return the shape of the light change of ``live`` over ``reference`` on ``static``, or None.

    Fitted on the static pixels summed over tiles (``TONE_TILE``) that are well exposed
    (``exposed``) in both frames, weighted by their light (as the gains are: ``estimate_gains``);
    see ``LightShape`` for the model. A term is kept only when significant
    (``SHAPE_SIGNIFICANCE``), the slope only inside the grid (``MAX_TONE_SLOPE``). An sRGB camera
    under a changed light fits slope 0 and no radial term: one gain a channel, as before.
    ``known_slope``: the camera's slope known from earlier captures (``camera_slope`` of the
    inspection), taken when this frame's own is not significant (a light change too small to
    show it). None when fewer than ``MIN_SHAPE_TILES`` tiles can be told.
    """
    tiles = _shape_tiles(reference, live, static, exposed)
    if tiles is None or len(tiles[0]) < MIN_SHAPE_TILES:
        return None
    ref, lin, radius, count = tiles
    tone_of = np.log(ref)
    y = np.log(lin / ref)
    weight = ref * count[:, None]
    tone = float((weight * tone_of).sum() / weight.sum())
    mean_radius = float((weight.sum(1) * radius).sum() / weight.sum())
    x, r = tone_of - tone, radius - mean_radius
    full = _fit_shape(x, y, weight, r, TONE_SLOPES, True)
    flat = _fit_shape(x, y, weight, r, [0.0], True)
    round_ = _fit_shape(x, y, weight, r, TONE_SLOPES, False)
    variance = max(full[0], 1e-12) / max(1, 3 * len(r) - 5)
    tone_f = (flat[0] - full[0]) / variance
    radial_f = (round_[0] - full[0]) / variance
    slope = full[1] if tone_f > SHAPE_SIGNIFICANCE and abs(full[1]) < MAX_TONE_SLOPE else 0.0
    prior = False
    if not slope and known_slope:
        slope, prior = float(known_slope), True
    keep_radial = radial_f > SHAPE_SIGNIFICANCE
    _, _, betas, b = _fit_shape(x, y, weight, r, [slope], keep_radial)
    return LightShape(np.asarray(betas, np.float64), slope, b if keep_radial else 0.0, tone,
                      mean_radius, full[1], float(tone_f), float(radial_f), prior)


def undo_light_shape(image: np.ndarray, shape: LightShape, gains) -> np.ndarray:
    """
    Return ``image`` (sRGB uint8) with the light's ``shape`` undone but for ``gains``.

    Each pixel's linear light has the radial term divided out, and each channel is mapped, by
    inverting the model (``LightShape``), to the reference's light times ``gains``: dividing the
    gains out afterwards (``apply_gains``) then gives the reference's light at every tone and
    place. Where the line in the tone would change the ratio's sign (beyond a camera's shoulder,
    which flattens to a ratio of 1) the ratio is held at 1. Clipped values (255) stay clipped.
    """
    gains = np.asarray(gains, np.float64)
    linear = np.maximum(srgb_to_linear(image).astype(np.float64), 1e-4)
    log_live = np.log(linear)
    if shape.radial:
        ys, xs = np.mgrid[:image.shape[0], :image.shape[1]]
        log_live -= (shape.radial * (_squared_radius(ys, xs, image.shape)
                                     - shape.mean_radius))[..., None]
    out = np.empty_like(log_live)
    for channel in range(3):
        beta, k = float(shape.betas[channel]), shape.slope
        # log L = t + beta (1 + k u), u = t - tone: u = (log L - tone - beta) / (1 + beta k).
        u = (log_live[..., channel] - shape.tone - beta) / max(1 + beta * k, 1e-3)
        # A camera's curve rises with the light: the ratio never changes sign (a shoulder
        # flattens to 1, where the line in the tone would overshoot), held at 1 beyond.
        u = np.where(1 + k * u < 0, log_live[..., channel] - shape.tone, u)
        out[..., channel] = u + shape.tone + math.log(gains[channel])
    shaped = linear_to_srgb(np.exp(out))
    return np.where(image >= 255, np.uint8(255), shaped)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Measure an object along the axes of the paper's Table I and compare two objects.

``measure_object`` turns one ``object_mask.ObjectView`` into a value per axis (``axes.AXES``
names). ``compare`` turns two such measurements into ``results.AxisMeasurement``: both values,
the difference of image 1 relative to image 2, the just-noticeable threshold and whether the
difference passes it. Lengths are relative to the image scale (square root of the image area),
so images of different resolution compare; widths, sizes, thickness and roughness compare as
log ratios (a 10% wider object differs by about 0.095).

The measures are the perceptual quantities the just-noticeable differences are defined in:
mean L*, mean chroma C* and the mean (a*, b*) shift toward orange (both compared net of what a
lightness change explains, so that darkening is not desaturation), spreads of the silhouette
(position-free moments), sub-pixel circularity, the robust contrast of band-pass L* and the L*
of specular highlights above a grey opening, beyond what the pixel noise reaches (so grain is
not gloss). Colour is taken away from the outline. The thresholds
(``THRESHOLDS``) come from the measured noise of unedited pairs against just-noticeable edits
(``benchmarks/analytic_calibration.py``). A registered pair (image 2 is image 1's scene moved
by a shift, as a live frame and its reference under a fixed camera) is measured more alike:
glossiness on the same pixels, shapes on carried masks; it gets narrower thresholds
(``REGISTERED_THRESHOLDS``).
"""

from dataclasses import dataclass, replace
import math
from typing import Dict, Optional

import cv2
import numpy as np
from scipy.ndimage import gaussian_filter1d
from skimage.color import deltaE_ciede2000, rgb2lab
from skimage.measure import find_contours

from .axes import AXES
from .object_mask import ObjectView, pair_shift, to_lab, working_copy
from .results import AxisMeasurement

# The extra colour measurement: CIEDE2000 between the mean object colours.
COLOR_DIFFERENCE = 'color_difference'

# Just-noticeable difference per axis, in the units of ``compare``'s difference. Set from the
# measured noise on unedited pairs of the same object (shifts, sensor noise, JPEG, another
# view) against edits of one just-noticeable magnitude (``evaluation/edits.py``: colour 2.2
# Delta E*ab, sizes 3 %, texture contrast 15 %, highlights 0.4 L*), calibrated on the edit
# benchmark with seed 1: see benchmarks/analytic_calibration.py. Glossiness counts only the
# highlights beyond the pixel noise, a part of what the edits' highlight strength counts, so its
# threshold sits below the edits' JND (0.4); it gives a false 'glossier' on about 12 % of a
# seed-1 sample's unedited texture pairs (printed labels and highlights move a little with every
# shift of the object).
THRESHOLDS: Dict[str, float] = {
    'brightness': 1.0,       # L* units
    'saturation': 0.75,      # chroma C*
    'hue': 5.0,              # degrees (at least; more for weakly coloured objects)
    'warmth': 0.6,           # mean shift of (a*, b*) toward orange
    'roundness': 0.012,      # circularity 4*pi*A/P^2
    'sharpness': 12.0,       # degrees of turning at the sharpest corners
    'curvature': 0.2,        # median turning relative to a circle
    'width': 0.012,          # log ratio
    'length': 0.02,          # log ratio
    'height': 0.015,         # log ratio
    'size': 0.012,           # log ratio of linear size (square root of the area)
    'thickness': 0.02,       # log ratio
    'roughness': 0.09,       # log ratio
    'glossiness': 0.3,       # mean highlight L* above the grey opening beyond the noise
    COLOR_DIFFERENCE: 1.5,   # CIEDE2000
}
# Shape thresholds when a mask was found automatically: the found outline wanders by a pixel or
# so between two photos, far more than a given mask's. Roundness, width, height and size: about
# the 98th percentile of unedited pairs' differences on the edit benchmark with seed 1.
AUTOMATIC_MASK_THRESHOLDS: Dict[str, float] = {
    'roundness': 0.04, 'sharpness': 35.0, 'curvature': 0.45, 'width': 0.015, 'length': 0.035,
    'height': 0.025, 'size': 0.018, 'thickness': 0.035,
}

# Thresholds of a registered pair, image 2 showing image 1's scene moved by a shift: glossiness
# measured on the same pixels (``registered_highlights``), and shapes of an automatic mask
# carried from one image to the other (``object_mask.pair_masks``). Their unedited differences
# spread narrower than those of images measured apart (glossiness about three times). Chosen on
# the edit benchmark with seed 1, where they sit at these percentiles of the registered unedited
# pairs' differences: glossiness 94th (0.2 instead of 0.3 found 37 more of 285 gloss edits for 6
# more false 'glossier' of 320 unedited pairs), roundness 96th, width, height and size 97th to
# 99th, the other shapes above the 99th.
REGISTERED_THRESHOLDS: Dict[str, float] = {
    'glossiness': 0.2, 'roundness': 0.025, 'sharpness': 30.0, 'curvature': 0.38, 'width': 0.013,
    'length': 0.03, 'height': 0.021, 'size': 0.015, 'thickness': 0.03,
}

# Hue differences below this many CIELAB units (metric hue difference) are not seen, whatever
# the angle: a hue turn on a nearly grey object is invisible.
HUE_JND_LAB = 2.5

UNITS: Dict[str, str] = {
    'brightness': 'L*', 'saturation': 'C*', 'hue': 'degrees', 'warmth': 'a*b* toward orange',
    'roundness': 'circularity', 'sharpness': 'degrees', 'curvature': 'relative to a circle',
    'width': 'fraction of image scale', 'length': 'fraction of image scale',
    'height': 'fraction of image scale', 'size': 'fraction of image scale',
    'thickness': 'fraction of image scale', 'roughness': 'band-pass L* RMS',
    'glossiness': 'mean highlight L*', COLOR_DIFFERENCE: 'CIEDE2000',
}

# Axes whose difference is a log ratio rather than a plain difference.
RATIO_AXES = ('width', 'length', 'height', 'size', 'thickness', 'roughness')

# The warm-cool direction in (a*, b*): toward orange (a hue angle of about 73 degrees).
_WARM = np.array([0.29, 0.96]) / math.hypot(0.29, 0.96)
# Axes compared net of the pair's lightness change (``chroma_change``), so that darkening does not
# read as desaturation; the edits that move them (chroma scaled, (a*, b*) shifted at a fixed L*)
# read in full.
LIGHTNESS_RELATIVE_AXES = ('saturation', 'warmth')
# Texture contrast (L*) added in quadrature to roughness: changes of a plain surface's faint
# grain below about this contrast are hard to see.
ROUGHNESS_FLOOR = 2.0
# Specular highlights (``_highlight_strength``): L* smoothing (pixels) against sensor noise, how
# many times the pixel noise (and at least how many L*) a highlight must stand above the opening
# to count, and how much more colourful (C*) than the object's median a highlight may be.
_HIGHLIGHT_SMOOTH = 0.8
_HIGHLIGHT_NOISE = 3.0
HIGHLIGHT_MIN_EXCESS = 1.0
_HIGHLIGHT_CHROMA_MARGIN = 3.0
# Working-copy pixels around image 1's object that ``registered_highlights`` moves image 2 in
# (the highlight smoothing's and the working copy's resampling reach).
_WARP_MARGIN = 6
# Points the object outline is resampled to, and the step (in points) of the turning angle.
_OUTLINE_POINTS = 128
_TURN_STEP = 3

# Prototype sRGB colours of hue names; their CIELAB hue angles name hue directions.
_HUE_PROTOTYPES = {
    'red': (220, 20, 30), 'orange': (255, 140, 0), 'yellow': (250, 220, 0),
    'green': (30, 160, 40), 'cyan': (0, 190, 200), 'blue': (30, 60, 220),
    'purple': (130, 40, 160), 'pink': (250, 120, 180), 'brown': (140, 80, 30),
}
# The words used for "more ...": "The cup in Image 1 is more reddish than in Image 2."
HUE_ADJECTIVES = {
    'red': 'reddish', 'orange': 'orange', 'yellow': 'yellowish', 'green': 'greenish',
    'cyan': 'cyan', 'blue': 'bluish', 'purple': 'purplish', 'pink': 'pinkish',
    'brown': 'brownish',
}
# Names that are hue directions (brown is a dark orange; it names a colour, not a direction).
_DIRECTION_HUES = ('red', 'orange', 'yellow', 'green', 'cyan', 'blue', 'purple', 'pink')
# Other spellings accepted for a named hue.
_HUE_SYNONYMS = {
    'reddish': 'red', 'orangey': 'orange', 'yellowish': 'yellow', 'greenish': 'green',
    'bluish': 'blue', 'blueish': 'blue', 'purplish': 'purple', 'violet': 'purple',
    'magenta': 'pink', 'pinkish': 'pink', 'brownish': 'brown', 'teal': 'cyan',
    'turquoise': 'cyan', 'gold': 'yellow', 'golden': 'yellow',
}
_PROTOTYPE_LAB = rgb2lab(np.array([list(_HUE_PROTOTYPES.values())], np.uint8))[0]
HUE_ANGLES: Dict[str, float] = {
    name: float(np.degrees(np.arctan2(lab[2], lab[1])) % 360.0)
    for name, lab in zip(_HUE_PROTOTYPES, _PROTOTYPE_LAB)}


@dataclass
class ObjectMeasurements:
    """
    Per-axis values of one object (``axes.AXES`` names), its mean colour and highlights.

    mask_given and mask_carried: as in ``object_mask.ObjectView``.
    """

    values: Dict[str, float]
    mean_lab: np.ndarray
    chroma: float
    mask_given: bool = True
    highlights: Optional['Highlights'] = None
    mask_carried: bool = False


def hue_name(hue: str) -> Optional[str]:
    """Return the canonical hue name for a colour word ('reddish' -> 'red'), or None."""
    word = hue.strip().lower()
    word = _HUE_SYNONYMS.get(word, word)
    return word if word in HUE_ANGLES else None


def hue_distance(angle_1: float, angle_2: float) -> float:
    """Return the signed smallest angle (degrees, in (-180, 180]) from angle_2 to angle_1."""
    d = (angle_1 - angle_2 + 180.0) % 360.0 - 180.0
    return 180.0 if d == -180.0 else d


def hue_lean(angle_1: float, angle_2: float) -> str:
    """Return the adjective of the hue that angle_1 leans toward, seen from angle_2."""
    turn = hue_distance(angle_1, angle_2)
    ahead = [n for n in _DIRECTION_HUES
             if np.sign(hue_distance(HUE_ANGLES[n], angle_2)) == np.sign(turn)]
    if not ahead:
        ahead = list(_DIRECTION_HUES)
    name = min(ahead, key=lambda n: abs(hue_distance(HUE_ANGLES[n], angle_1)))
    return HUE_ADJECTIVES[name]


def _outline(mask: np.ndarray) -> Optional[np.ndarray]:
    """Return the largest outer contour, resampled evenly and smoothed, as (N, 2) float32."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea).reshape(-1, 2).astype(np.float64)
    if len(contour) < 8:
        return None
    closed = np.vstack([contour, contour[:1]])
    steps = np.hypot(*np.diff(closed, axis=0).T)
    position = np.concatenate([[0.0], np.cumsum(steps)])
    samples = np.linspace(0.0, position[-1], _OUTLINE_POINTS, endpoint=False)
    points = np.stack([np.interp(samples, position, closed[:, i]) for i in (0, 1)], axis=1)
    # Circular smoothing of the pixel staircase.
    return gaussian_filter1d(points, 1.0, axis=0, mode='wrap').astype(np.float32)


def _turning_angles(points: np.ndarray) -> np.ndarray:
    """
    Return the signed turning angle (degrees) at each outline point over +-_TURN_STEP points.

    Positive is convex for OpenCV's outer contours in image coordinates.
    """
    before = points - np.roll(points, _TURN_STEP, axis=0)
    after = np.roll(points, -_TURN_STEP, axis=0) - points
    cross = before[:, 0] * after[:, 1] - before[:, 1] * after[:, 0]
    dot = (before * after).sum(axis=1)
    angles = np.degrees(np.arctan2(cross, dot))
    # Make convex turns positive whatever the contour's orientation.
    return angles if angles.sum() >= 0 else -angles


def outline_circularity(coverage: np.ndarray) -> float:
    """
    Return 4 pi A / P^2 of the object's outer outline, traced with sub-pixel precision.

    ``coverage``: how much of each pixel the object covers (0-1, or a bool mask). The outline is
    the longest 0.5 level line of the (lightly smoothed) coverage, so that it does not follow
    the pixel staircase, which changes with every sub-pixel shift of the object; holes and
    specks are left out (roundness is the silhouette's), and A is the area the outline encloses.
    """
    smooth = cv2.GaussianBlur(np.asarray(coverage, np.float32), (0, 0), 0.7)
    lines = find_contours(np.pad(smooth, 1), 0.5)
    if not lines:
        return 1.0
    lengths = [float(np.hypot(*np.diff(line, axis=0).T).sum()) for line in lines]
    longest = int(np.argmax(lengths))
    y, x = lines[longest][:, 0], lines[longest][:, 1]
    area = 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))
    return float(min(1.0, 4.0 * math.pi * area / max(lengths[longest] ** 2, 1e-9)))


def _shape_values(mask: np.ndarray, coverage: np.ndarray, unit: float) -> Dict[str, float]:
    """
    Return the shape values of the object from its silhouette, independent of its position.

    Widths, heights and lengths are spreads of the silhouette (4 standard deviations of the
    covered pixels' coordinates, or along its principal axes), which move smoothly with the
    outline and ignore where the object is; size is the square root of the covered area.
    """
    h, w = coverage.shape
    moments = cv2.moments(coverage)
    area = max(moments['m00'], 1e-9)
    covariance = np.array([[moments['mu20'], moments['mu11']],
                           [moments['mu11'], moments['mu02']]]) / area
    minor, major = np.linalg.eigvalsh(covariance)
    values = {
        'width': 4.0 * math.sqrt(max(covariance[0, 0], 1e-9)) / unit,
        'height': 4.0 * math.sqrt(max(covariance[1, 1], 1e-9)) / unit,
        'length': 4.0 * math.sqrt(max(major, 1e-9)) / unit,
        'thickness': 4.0 * math.sqrt(max(minor, 1e-9)) / unit,
        'size': math.sqrt(area) / unit,
        'roundness': outline_circularity(coverage),
    }
    points = _outline(mask)
    if points is None:
        values.update(sharpness=0.0, curvature=1.0)
        return values
    turning = _turning_angles(points)
    circle_turn = 360.0 * 2 * _TURN_STEP / len(points)
    values['sharpness'] = float(np.percentile(turning, 98))
    values['curvature'] = float(np.median(np.abs(turning)) / circle_turn)
    return values


def _robust_rms(values: np.ndarray) -> float:
    """Return 1.4826 times the median absolute deviation (the RMS of Gaussian data)."""
    if values.size == 0:
        return 0.0
    return 1.4826 * float(np.median(np.abs(values - np.median(values))))


def _interior(mask: np.ndarray, radius: int) -> np.ndarray:
    """Return the mask eroded by ``radius`` pixels, or the mask itself if little would be left."""
    if radius <= 0:
        return mask
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    inner = cv2.erode(mask.astype(np.uint8), kernel) > 0
    return inner if inner.sum() >= 25 else mask


@dataclass
class Highlights:
    """
    What glossiness is made of: the candidate highlight pixels and the image's noise allowance.

    excess: L* above the object's grey opening (smoothed) of the object's candidate pixels.
    weight: how white each is (specular light takes the light's colour, not the object's): 1 up
    to ``_HIGHLIGHT_CHROMA_MARGIN`` C* above the object's median chroma, fading to 0 at twice
    that. area: the object's interior area (pixels).
    allowance: how far above the opening this image's pixel noise reaches (L*).
    registered: measured on the pixels of the pair partner's object after moving this image
    onto the partner's (``registered_highlights``).
    """

    excess: np.ndarray
    weight: np.ndarray
    area: int
    allowance: float
    registered: bool = False

    def strength(self, allowance: Optional[float] = None) -> float:
        """Return the glossiness: the excess beyond ``allowance`` (default its own), per pixel."""
        allowance = self.allowance if allowance is None else allowance
        beyond = np.maximum(self.excess - allowance, 0.0) * self.weight
        return float(beyond.sum() / max(self.area, 1))


def _highlights(lab: np.ndarray, inner: np.ndarray) -> Highlights:
    """
    Return the object's highlight candidates and the image's noise allowance.

    The excess is smoothed L* above the object's grey opening (a disc of 0.15 times the
    object's size; the background counts as white so that the opening never pulls it in). Only
    the excess beyond the allowance counts as gloss: ``_HIGHLIGHT_NOISE`` times the robust RMS
    of L* minus its blur (at least ``HIGHLIGHT_MIN_EXCESS`` L*). Grain and sensor noise stand
    above the opening by a few times that, in specks that the smoothing flattens, so they add
    nothing; highlights, coherent blobs far brighter than that, keep nearly all their strength.
    The measure changes smoothly with the image (no blob is ever in or out by a hair).
    """
    lightness = lab[:, :, 0]
    radius = max(2, int(round(0.15 * math.sqrt(float(inner.sum())))))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    smooth = cv2.GaussianBlur(lightness, (0, 0), _HIGHLIGHT_SMOOTH)
    base = cv2.morphologyEx(np.where(inner, smooth, 100.0).astype(np.float32),
                            cv2.MORPH_OPEN, kernel)
    noise = _robust_rms((lightness - smooth)[inner])
    colour = cv2.GaussianBlur(lab[:, :, 1:], (0, 0), _HIGHLIGHT_SMOOTH)
    chroma = np.hypot(colour[:, :, 0], colour[:, :, 1])[inner]
    # Weight 1 up to the margin above the median chroma, fading to 0 at twice the margin.
    white = np.clip(2.0 - (chroma - float(np.median(chroma))) / _HIGHLIGHT_CHROMA_MARGIN, 0, 1)
    excess = (smooth - base)[inner]
    candidate = (excess > HIGHLIGHT_MIN_EXCESS) & (white > 0)
    return Highlights(excess[candidate], white[candidate], int(inner.sum()),
                      max(HIGHLIGHT_MIN_EXCESS, _HIGHLIGHT_NOISE * noise))


def registered_highlights(view_1: ObjectView, view_2: ObjectView, first: 'Highlights'):
    """
    Return the ``Highlights`` of two views of one scene on the same object pixels, or None.

    When image 2 shows image 1's scene moved by a shift (``object_mask.pair_shift``: a part
    under a fixed camera, a live frame against its reference), image 2 is moved back onto
    image 1 at full resolution (bicubic) before its working copy is made, and both are measured
    inside image 1's object. Measured apart, the two would also differ by where each found
    outline lies and by how each was resampled, which spreads the glossiness of shifted,
    unedited photos about three times wider. None when the images do not match by a shift
    (another view, another size) or image 1's object is empty. ``first``: image 1's own
    highlights (``measure_object``), which are measured on those pixels already.
    """
    if view_1.image.shape != view_2.image.shape or not view_1.mask.any():
        return None
    shift = view_2.carried_by
    if shift is None:
        shift = pair_shift(view_1.image, view_2.image)
    if shift is None:
        return None
    inner = _interior(view_1.mask, 2)
    # Only the pixels that reach image 1's object (with the smoothing's reach) are moved, by
    # bicubic interpolation: sharp enough (Lanczos measured alike, bilinear blurred highlights
    # away on one side) at a third of Lanczos's cost.
    scale = view_2.scale
    ys, xs = np.nonzero(inner)
    height, width = view_2.source.shape[:2]
    left, top = (max(0, int((low - _WARP_MARGIN) / scale)) for low in (xs.min(), ys.min()))
    right = min(width, int(math.ceil((xs.max() + 1 + _WARP_MARGIN) / scale)))
    bottom = min(height, int(math.ceil((ys.max() + 1 + _WARP_MARGIN) / scale)))
    # Inverse map: moved pixel (x, y) is image 2's pixel (x, y) + shift.
    back = np.float32([[1, 0, left + shift[0] / scale], [0, 1, top + shift[1] / scale]])
    moved = view_2.source.copy()
    moved[top:bottom, left:right] = cv2.warpAffine(
        view_2.source, back, (right - left, bottom - top),
        flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
    copy, _ = working_copy(moved, max(view_2.image.shape[:2]))
    second = _highlights(to_lab(copy), inner)
    second.registered = True
    return replace(first, registered=True), second


def _texture_values(view: ObjectView, mask: np.ndarray):
    """
    Return (glossiness and roughness of the object, its ``Highlights``), away from its outline.

    Glossiness is how much the object's specular highlights stand out (``_highlights``), per
    pixel of the object. Roughness is the texture contrast: the robust RMS of band-pass L*
    (difference of Gaussians of 0.7 and 2.5 pixels at the finer texture scale), with
    ROUGHNESS_FLOOR added in quadrature; the median absolute deviation ignores highlights and
    the outline, so gloss does not read as roughness.
    """
    highlights = _highlights(view.lab, _interior(mask, 2))
    fine = view.texture_lightness
    fine_mask = cv2.resize(mask.astype(np.uint8), (fine.shape[1], fine.shape[0]),
                           interpolation=cv2.INTER_NEAREST) > 0
    scale = fine.shape[0] / float(mask.shape[0])
    fine_inner = _interior(fine_mask, max(1, int(round(2 * scale))))
    band = (cv2.GaussianBlur(fine, (0, 0), 0.7) - cv2.GaussianBlur(fine, (0, 0), 2.5))
    roughness = math.hypot(_robust_rms(band[fine_inner]), ROUGHNESS_FLOOR)
    return {'glossiness': highlights.strength(), 'roughness': roughness}, highlights


def glossiness_values(measured) -> list:
    """
    Return the glossiness of several objects with one noise allowance, the largest of theirs.

    Objects compared must have their highlights judged alike: a noisier (or less resampled)
    copy of the same photo would otherwise lose more of its highlights to its own allowance.
    """
    allowance = max(m.highlights.allowance for m in measured)
    return [m.highlights.strength(allowance) for m in measured]


def measure_object(view: ObjectView) -> ObjectMeasurements:
    """Return every axis value of the object in ``view``."""
    mask = view.mask
    coverage = view.coverage
    if not mask.any():
        mask = np.ones_like(mask)
        coverage = np.ones(mask.shape, np.float32)
    h, w = mask.shape
    unit = math.sqrt(h * w)
    lab = view.lab
    # Colour away from the outline, where the object's pixels do not mix with the background.
    pixels = lab[_interior(mask, 1)]
    mean_lab = pixels.mean(axis=0)
    chroma = np.hypot(pixels[:, 1], pixels[:, 2])
    values = {
        'brightness': float(mean_lab[0]),
        # Mean chroma C* (compared net of lightness: ``chroma_change``).
        'saturation': float(chroma.mean()),
        'hue': float(np.degrees(np.arctan2(mean_lab[2], mean_lab[1])) % 360.0),
        # The mean shift toward orange along the warm-cool direction of (a*, b*), likewise.
        'warmth': float(mean_lab[1] * _WARM[0] + mean_lab[2] * _WARM[1]),
    }
    values.update(_shape_values(mask, coverage, unit))
    texture, highlights = _texture_values(view, mask)
    values.update(texture)
    return ObjectMeasurements(values, mean_lab, float(np.hypot(mean_lab[1], mean_lab[2])),
                              view.mask_given, highlights, view.mask_carried)


def chroma_change(value_1: float, lightness_1: float, value_2: float,
                  lightness_2: float) -> float:
    """
    Return the change of a chroma-like value (C*, warm shift) that lightness does not explain.

    An object made darker or lighter changes its chroma in one of two ways, or in between:
    with its light scaled (shading, exposure, RGB scaled) L* + 16, a* and b* scale together
    (116 times the cube root of luminance, and differences of such roots), so chroma relative
    to L* + 16 stays put; with L* alone changed, chroma stays put. The change is therefore the
    plain difference or the difference relative to L* + 16 (at the pair's mean L*), whichever
    is smaller, and none when the two disagree in sign (the observed chroma lies between the
    two ways of darkening). At equal lightness both are the plain difference.
    """
    plain = value_1 - value_2
    scale_1, scale_2 = max(lightness_1, 0.0) + 16.0, max(lightness_2, 0.0) + 16.0
    relative = (value_1 / scale_1 - value_2 / scale_2) * 0.5 * (scale_1 + scale_2)
    if plain * relative <= 0.0:
        return 0.0
    return plain if abs(plain) < abs(relative) else relative


def threshold(axis: str, thresholds: Optional[Dict[str, float]] = None,
              automatic_mask: bool = False, registered: bool = False) -> float:
    """
    Return the just-noticeable difference of an axis (``thresholds`` overrides defaults).

    ``automatic_mask``: an object was masked automatically (shape axes need a wider margin).
    ``registered``: the values come from a registered pair, glossiness on the same pixels and
    shapes from an automatic mask carried from one image to the other (narrower ones).
    """
    if thresholds and axis in thresholds:
        return float(thresholds[axis])
    if registered and axis in REGISTERED_THRESHOLDS:
        return REGISTERED_THRESHOLDS[axis]
    if automatic_mask and axis in AUTOMATIC_MASK_THRESHOLDS:
        return AUTOMATIC_MASK_THRESHOLDS[axis]
    return THRESHOLDS[axis]


def signed_difference(axis: str, value_1: float, value_2: float) -> float:
    """Return how much image 1 has more of ``axis`` than image 2, in the axis's units."""
    if axis == 'hue':
        return hue_distance(value_1, value_2)
    if axis in RATIO_AXES:
        return math.log(max(value_1, 1e-9) / max(value_2, 1e-9))
    return value_1 - value_2


def hue_threshold(chroma_1: float, chroma_2: float,
                  thresholds: Optional[Dict[str, float]] = None) -> float:
    """Return the hue threshold in degrees for two mean chromas (wider for greyer objects)."""
    radius = math.sqrt(max(chroma_1, 0.0) * max(chroma_2, 0.0))
    if radius <= HUE_JND_LAB / 2.0:
        return 180.0
    return max(threshold('hue', thresholds),
               math.degrees(2.0 * math.asin(HUE_JND_LAB / (2.0 * radius))))


def compare(axis: str, first: ObjectMeasurements, second: ObjectMeasurements,
            thresholds: Optional[Dict[str, float]] = None) -> AxisMeasurement:
    """Return the AxisMeasurement of ``axis`` for image 1 (``first``) against image 2."""
    if axis == COLOR_DIFFERENCE:
        delta = float(deltaE_ciede2000(first.mean_lab[None].astype(np.float64),
                                       second.mean_lab[None].astype(np.float64))[0])
        limit = threshold(axis, thresholds)
        # A pair measure: both values are the distance itself.
        return AxisMeasurement(axis, delta, delta, delta, limit, delta > limit, UNITS[axis])
    if axis not in AXES:
        raise ValueError(f'unknown axis {axis!r}')
    value_1, value_2 = first.values[axis], second.values[axis]
    # Shapes of carried masks are registered; glossiness when measured on the same pixels.
    registered = axis in AUTOMATIC_MASK_THRESHOLDS and first.mask_carried and second.mask_carried
    if axis == 'glossiness' and first.highlights and second.highlights:
        value_1, value_2 = glossiness_values([first, second])
        difference = value_1 - value_2
        registered = first.highlights.registered and second.highlights.registered
    elif axis in LIGHTNESS_RELATIVE_AXES:
        difference = chroma_change(value_1, first.values['brightness'],
                                   value_2, second.values['brightness'])
    else:
        difference = signed_difference(axis, value_1, value_2)
    if axis == 'hue':
        limit = hue_threshold(first.chroma, second.chroma, thresholds)
    else:
        limit = threshold(axis, thresholds, not (first.mask_given and second.mask_given),
                          registered)
    return AxisMeasurement(axis, float(value_1), float(value_2), float(difference), float(limit),
                           bool(abs(difference) > limit), UNITS[axis])

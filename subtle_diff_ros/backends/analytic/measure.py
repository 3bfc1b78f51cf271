# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Measure an object along the axes of the paper's Table I and compare two objects.

``measure_object`` turns one ``vision.pair.PreparedImage`` into a value per axis
(``core.axes.AXES`` names). ``compare`` turns two such measurements into
``core.results.AxisMeasurement``: both values, the difference of image 1 relative to image 2,
the just-noticeable threshold (``thresholds``) and whether the difference passes it. Widths,
sizes, thickness, roughness and roundness compare as log ratios (a 10% wider object differs by
about 0.095).

The measures are the perceptual quantities the just-noticeable differences are defined in:
mean L*, mean chroma C* and the mean (a*, b*) shift toward orange (both compared net of what a
lightness change explains, so that darkening is not desaturation), spreads of the silhouette
(``shape``), the robust contrast of band-pass L* and the L* of specular highlights
(``texture``; objects apart: the share of their surface in highlights, compared as a log
ratio, ``glossiness_scale``). Colour is taken away from the outline.
"""

from dataclasses import dataclass, replace
import math
from typing import Dict, Optional, Tuple

import numpy as np
from skimage.color import deltaE_ciede2000

from .shape import roundness_coverage, shape_values
from .texture import glossiness_values, Highlights, registered_highlights, texture_values
from .thresholds import (AUTOMATIC_MASK_THRESHOLDS, COLOR_DIFFERENCE, hue_threshold,
                         LIGHTNESS_RELATIVE_AXES, RATIO_AXES, SPECULAR_SHARE_FLOOR,
                         SPECULAR_UNIT, threshold, UNITS)
from ...core.axes import AXES
from ...core.results import AxisMeasurement
from ...vision.color import (dominant_colour, hue_amounts, hue_distance, lab_of_rgb, rgb_of_lab,
                             warm_shift)
from ...vision.focus import match_focus
from ...vision.light import encode_srgb, srgb_to_linear
from ...vision.measures import interior, surroundings
from ...vision.pair import PreparedImage, PreparedPair


@dataclass
class ObjectMeasurements:
    """
    Per-axis values of one object (``core.axes.AXES`` names), its mean colour and highlights.

    mask_given and mask_carried: as in ``vision.pair.PreparedImage``. colour_spread: the mean
    distance (CIELAB units) of the object's (a*, b*) from their mean, how much its colours
    differ from part to part: more saturated colours spread more, a colour cast moves them all
    alike (``explain``). main_colour: (hue angle, chroma) of the colour most of the object has
    (``vision.color.dominant_colour``), what a colour name said of the object refers to, and
    hue_amounts: how much of each hue its pixels show (``vision.color.hue_amounts``); both only
    measured when asked for (``measure_object``), else None.
    """

    values: Dict[str, float]
    mean_lab: np.ndarray
    chroma: float
    mask_given: bool = True
    highlights: Optional['Highlights'] = None
    mask_carried: bool = False
    colour_spread: float = 0.0
    main_colour: Optional[Tuple[float, float]] = None
    hue_amounts: Optional[np.ndarray] = None


def image_scale(view: PreparedImage) -> float:
    """
    Return the length (pixels) the shape values of ``view`` are in.

    The square root of its working copy's area, or the one length unit of crops taken at one
    pixel scale (``vision.pair.PreparedImage.length_unit``).
    """
    if view.length_unit is not None:
        return view.length_unit
    h, w = view.mask.shape
    return math.sqrt(h * w)


def measure_object(view: PreparedImage, main_colour: bool = False,
                   apart: bool = False, colour_mask: Optional[np.ndarray] = None
                   ) -> ObjectMeasurements:
    """
    Return every axis value of the object in ``view`` (and its main colour if asked).

    ``apart``: the object is compared with other objects, not with a frame of its own scene
    (roughness is then its surface's, between the edges of its print: ``texture_values``).
    ``colour_mask``: the pixels its colour is measured on, when not the whole mask (the object
    pixels two frames of one scene share: ``vision.pair.common_masks``).
    """
    mask = view.mask
    coverage = view.coverage
    if not mask.any():
        mask = np.ones_like(mask)
        coverage = np.ones(mask.shape, np.float32)
    unit = image_scale(view)
    lab = view.lab
    # Colour away from the outline, where the object's pixels do not mix with the background.
    pixels = lab[interior(mask if colour_mask is None or not colour_mask.any() else colour_mask,
                          1)]
    mean_lab = pixels.mean(axis=0)
    chroma = np.hypot(pixels[:, 1], pixels[:, 2])
    spread = float(np.hypot(*(pixels[:, 1:] - mean_lab[1:]).T).mean())
    values = {
        'brightness': float(mean_lab[0]),
        # Mean chroma C* (compared net of lightness: ``chroma_change``).
        'saturation': float(chroma.mean()),
        'hue': float(np.degrees(np.arctan2(mean_lab[2], mean_lab[1])) % 360.0),
        # The mean shift toward orange along the warm-cool direction of (a*, b*), likewise.
        'warmth': float(warm_shift(mean_lab)),
    }
    values.update(shape_values(mask, coverage, unit, roundness_coverage(view)))
    texture, highlights = texture_values(view, mask, apart)
    values.update(texture)
    return ObjectMeasurements(values, mean_lab, float(np.hypot(mean_lab[1], mean_lab[2])),
                              view.mask_given, highlights, view.mask_carried, spread,
                              dominant_colour(pixels[:, 1:], lab[surroundings(mask)][:, 1:])
                              if main_colour else None,
                              hue_amounts(pixels[:, 1:]) if main_colour else None)


def relit(measured: ObjectMeasurements, channel: int, factor: float) -> ObjectMeasurements:
    """
    Return ``measured`` with its colour under ``factor`` times the light in one RGB channel.

    The object's mean colour is moved in linear light and its colour values (brightness,
    saturation, hue, warmth and the main colour) by as much as the mean colour moved; shape and
    texture stay. How far a colour score depends on the light undone in an image.
    """
    linear = srgb_to_linear(rgb_of_lab(measured.mean_lab) * 255.0)
    moved = linear.copy()
    moved[channel] *= factor
    before, after = (lab_of_rgb(encode_srgb(x) / 255.0).astype(np.float64)
                     for x in (linear, moved))
    lab = np.asarray(measured.mean_lab, np.float64) + after - before
    mean = np.asarray(measured.mean_lab, np.float64)
    chroma = float(np.hypot(lab[1], lab[2]))
    turned = hue_distance(float(np.degrees(np.arctan2(lab[2], lab[1]))),
                          float(np.degrees(np.arctan2(mean[2], mean[1]))))
    values = dict(measured.values)
    values['brightness'] += float(lab[0] - mean[0])
    values['saturation'] += chroma - measured.chroma
    values['hue'] = (values['hue'] + turned) % 360.0
    values['warmth'] += float(warm_shift(lab) - warm_shift(mean))
    main = measured.main_colour
    if main is not None:
        main = ((main[0] + turned) % 360.0, max(0.0, main[1] + chroma - measured.chroma))
    amounts = measured.hue_amounts
    if amounts is not None:
        amounts = np.roll(amounts, int(round(turned / 5.0)))
    return replace(measured, values=values, mean_lab=lab, chroma=chroma, main_colour=main,
                   hue_amounts=amounts)


def measure_pair(pair: PreparedPair) -> Tuple[ObjectMeasurements, ObjectMeasurements]:
    """
    Return the measurements of a pair's two objects, glossiness on the same pixels if it can.

    When image 2 shows image 1's scene moved by a shift, both images' highlights are measured on
    the same object pixels, both moved halfway to each other (``texture.registered_highlights``),
    as ``compare`` expects of a registered pair. A frame markedly blurrier than the other is
    compared at its sharpness (``vision.focus.match_focus``: the sharper frame is blurred alike).
    """
    match_focus(pair)
    measured = (measure_object(pair.first), measure_object(pair.second))
    registered = registered_highlights(pair)
    if registered is not None:
        for m, highlights in zip(measured, registered):
            m.highlights = highlights
            m.values['glossiness'] = highlights.strength()
    return measured


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


def signed_difference(axis: str, value_1: float, value_2: float) -> float:
    """Return how much image 1 has more of ``axis`` than image 2, in the axis's units."""
    if axis == 'hue':
        return hue_distance(value_1, value_2)
    if axis in RATIO_AXES:
        return math.log(max(value_1, 1e-9) / max(value_2, 1e-9))
    return value_1 - value_2


def glossiness_scale(value: float, apart: bool) -> float:
    """
    Return a glossiness on the scale it is compared on: differences of it are the difference.

    Within one scene the mean highlight excess itself; apart the log of the specular share
    plus ``SPECULAR_SHARE_FLOOR``.
    """
    return math.log(max(value, 0.0) + SPECULAR_SHARE_FLOOR) if apart else value


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
    apart, unit = False, UNITS.get(axis)
    if axis == 'glossiness' and first.highlights and second.highlights:
        value_1, value_2 = glossiness_values([first, second])
        apart = first.highlights.apart and second.highlights.apart
        difference = glossiness_scale(value_1, apart) - glossiness_scale(value_2, apart)
        registered = first.highlights.registered and second.highlights.registered
        unit = SPECULAR_UNIT if apart else unit
    elif axis in LIGHTNESS_RELATIVE_AXES:
        difference = chroma_change(value_1, first.values['brightness'],
                                   value_2, second.values['brightness'])
    else:
        difference = signed_difference(axis, value_1, value_2)
    if axis == 'hue':
        limit = hue_threshold(first.chroma, second.chroma, thresholds)
    else:
        limit = threshold(axis, thresholds, not (first.mask_given and second.mask_given),
                          registered, apart)
    return AxisMeasurement(axis, float(value_1), float(value_2), float(difference), float(limit),
                           bool(abs(difference) > limit), unit)

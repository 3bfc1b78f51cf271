# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The measurement backend: selection and description from pixel measurements, no weights.

Each image's object is found (``vision.pair``) and measured along every axis (``measure``).
Selection scores a candidate by how much of the query's axis it has, in just-noticeable units;
description names the noticeable axis whose change best explains all of the attribute's
measured differences (``explain``), or says explicitly that there is none when no axis passes
its threshold.
"""

from dataclasses import replace
import math
from typing import Dict, List, Optional, Sequence

import numpy as np

from .confidence import calibration, mixture_probability, squeeze
from .explain import best_explanation
from .measure import (chroma_change, compare, glossiness_scale, measure_object,
                      ObjectMeasurements, relit)
from .shape import interior_extents, roll_spread
from .texture import glossiness_values, registered_highlights, with_defects
from .thresholds import COLOR_DIFFERENCE, LIGHTNESS_RELATIVE_AXES, RATIO_AXES, threshold
from ...core.axes import (ACHROMATIC, ATTRIBUTE_AXES, AXES, hue_of_word, HUES, PART_AXES,
                          require_attribute)
from ...core.decide import decide
from ...core.defects import surface_reading
from ...core.errors import InvalidImageError, SubtleDiffError
from ...core.query import DifferenceQuery
from ...core.results import DifferenceDescription, SelectionResult
from ...core.wording import comparative_sentence, indefinite, no_difference_sentence
from ...vision.color import amount_near, HUE_ANGLES, hue_distance, hue_lean, is_uniform
from ...vision.focus import blur_frame, BLUR_TOLERANCE, match_focus
from ...vision.light import light_tone, tone_uncertainty
from ...vision.localization import changed_regions
from ...vision.pair import (common_masks, even_light, missing_object, prepare_images,
                            prepare_pair, with_mask)


# Objects smaller than RESOLUTION_SIDE (the side, in pixels of its own image, of a square of the
# object's area: ``object_side``) are measured with differences RESOLUTION_SIDE / side times
# their thresholds away taken as resampling noise (``resolution_factor``). One ETH-80 photo
# shrunk to NxN by two resamplers (pixel area and bilinear: one cup, one frame) differed, in
# the largest axis of an attribute over ten cups, by up to 6.6, 5.0, 3.1, 2.1, 1.0 and 1.2
# thresholds at N = 16, 24, 32, 48, 64 and 96 (objects of sides 8, 12, 16, 25, 33 and 49
# pixels): the side times that largest ratio stays under 64 (median about 20), so noise of
# 64 / side thresholds covers it. Before, 47, 41, 21, 9, 1 and 2 of 90 answers (three
# descriptions, six selections a cup) were confidently different; padding the cups into a
# 128-pixel frame of their backdrop gave the same counts (40, 12, 1 of 90 at N = 24, 48, 64):
# it is the object's pixels that count, not the frame's.
RESOLUTION_SIDE = 64.0

# An object whose outline runs along the edge of the picture for at least EDGE_CUT times its
# side (the side of a square of its area) is cut by the frame: much of it is not in the
# picture, and its outline there is the frame's, not the object's. A cup 25 or 40 % past the
# left edge (tester 19) ran along it for 1.2 to 1.4 times its side; a shape compared on it was
# "narrower", "smaller", "more angular" in 12 of 12, "the taller cup" the cut one at 0.89.
# Tightly framed photos touch their edges too, and their shapes compare well: on the photo
# pairs' development halves dev20 to dev27 COIL-100 objects (and an ETH-80 cup seen from the
# side) ran along an edge for up to 0.78 times their side, and 0.25 refused 96 shape answers,
# 89 of them right.
EDGE_CUT = 0.9
_EDGE_NAMES = ('top', 'bottom', 'left', 'right')

# How many standard uncertainties of the light undone (``vision.light.tone_uncertainty``) a
# colour difference must pass its threshold by to be described: two frames of one scene under
# another light through a tone curve that is not sRGB's differ by about that much with nothing
# changed. One (benchmarks/light_tone.py, twenty ETH-80 photos; not held out): under four such
# lights unchanged objects described as different 40 -> 0 of 80, edits of two JNDs named right
# 147 -> 148 of 160, of one JND 141 -> 119; under linear light (the model's own) 0 of 40 as
# before, 75 -> 77 of 80 and 79 -> 67 (with two uncertainties: one JND 75 of 160 under the four).
LIGHT_ALLOWANCE = 1.0


# Degrees of hue distance from a named hue's prototype that count as one unit of selection
# score between two objects measured apart: about half the spacing of neighbouring names (red,
# orange, yellow lie 30 degrees apart), how far a colour can sit from a name's prototype and
# still be called by it; the hue JND (5 degrees) would make a name's fuzzy edge look sharp.
HUE_NAME_UNIT = 15.0

# Extents of objects in different photos (not one scene) are scored relative to each object's own
# size to this power: how far away each photo was taken is unknown, so an extent in the frame is
# half its proportion (a taller can is tall for its size) and half its size in the frame (of two
# cans of one shape, the larger one is the taller). Chosen on the photo pairs' development halves
# (test/data/photo_pairs dev..dev5, 63 height, width and length texts): 0 (the extent in the
# frame) chose 59 of them right, 0.25 62, 0.5 to 1 all 63; the 2 thickness texts, about handles,
# were wrong at every power (a part measured on the whole object).
APART_EXTENTS = ('width', 'length', 'height', 'thickness')
APART_SIZE_POWER = 0.5
# The roundness of objects in different photos is scored as a weighted mean of the log
# circularity and the negated log rectangularity (``shape``), the rectangularity weighing
# APART_BOXINESS_WEIGHT: circularity alone calls a long smooth car less round than a short boxy
# one, since it counts elongation as much as corners; rectangularity alone ties a circle with a
# long ellipse. On the photo pairs' development halves (27 roundness texts) circularity alone
# chose 20 right, weights 1 and 2 22, 3 and more 23.
APART_BOXINESS_WEIGHT = 3.0


class AnalyticBackend:
    """
    Selection and description by measuring the objects (see the module docstring).

    thresholds: optional per-axis overrides of ``measurements.THRESHOLDS``.
    temperature: a fixed softmax temperature of selection confidence, in just-noticeable units,
        with no ceiling; None (the default) uses the calibrated ones (``confidence``).
    """

    name = 'analytic'
    model = 'measurements'
    device = 'cpu'
    # Texts the parser could not read are refused: measurements need an axis.
    reads_raw_text = False

    def __init__(self, thresholds: Optional[Dict[str, float]] = None,
                 temperature: Optional[float] = None):
        """Keep the threshold overrides and the selection temperature."""
        self.thresholds = dict(thresholds or {})
        self.temperature = None if temperature is None else float(temperature)

    def _measure(self, images, masks, glossiness: bool = False, main_colour: bool = False,
                 texture: bool = False):
        """
        Return (the PreparedPair or None, each image's measurements, the prepared images, moves).

        ``glossiness``: it will be compared, so two frames of one scene are measured on the
        same registered pixels. ``main_colour``: measure it (a named hue will be compared).
        A pair whose frames differ markedly in focus is measured at the lesser sharpness
        (``vision.focus.match_focus``); with ``texture`` (a texture axis will be compared) the
        measurements of such a pair with the blur matched off by ``BLUR_TOLERANCE`` either way
        are the moves (``_focus_spread``), else they are empty.
        """
        pair = prepare_pair(images[0], images[1], masks) if len(images) == 2 else None
        prepared = [pair.first, pair.second] if pair else prepare_images(images, masks)
        for number, view in enumerate(prepared, start=1):
            if not view.mask_given and is_uniform(view.lab):
                # its "object" would be a blob the segmentation drew on nothing
                raise InvalidImageError(f'image {number} is uniform (no object apart from a '
                                        'background): nothing to measure')
        empty = missing_object(pair) if pair is not None else None
        if empty is not None:
            raise InvalidImageError(
                f"image {empty} shows no object: it is image {3 - empty}'s scene with the "
                f"background where image {3 - empty}'s object is, so there is nothing to compare")
        apart = not (pair is not None and pair.same_scene)
        if not apart:
            even_light(pair)  # may replace the pair's images with the light undone
        moves = []
        if pair is None:
            return (pair, self._measured(pair, prepared, glossiness, main_colour, apart,
                                         texture), prepared, moves)
        as_taken = replace(pair)
        focus = match_focus(pair)  # a frame out of focus is no smoother or glossier object
        if focus is not None and texture:
            for factor in (1.0 - BLUR_TOLERANCE, 1.0 + BLUR_TOLERANCE):
                moved = replace(as_taken)
                blur_frame(moved, focus[0], factor * focus[1])
                moves.append(self._measured(
                    moved, [moved.first, moved.second], glossiness, main_colour, apart, texture))
        prepared = [pair.first, pair.second]
        return (pair, self._measured(pair, prepared, glossiness, main_colour, apart, texture),
                prepared, moves)

    def _measured(self, pair, prepared, glossiness: bool, main_colour: bool, apart: bool,
                  texture: bool = False):
        """
        Return the measurements of each prepared image (see ``_measure``).

        With ``texture``, two frames of one scene also count, in their roughness, the sparse
        defects (pits, scratches) one has and the other lacks (``texture.with_defects``).
        """
        common = (None if apart else common_masks(pair)) or [None] * len(prepared)
        measured = [measure_object(p, main_colour, apart, colour_mask=m)
                    for p, m in zip(prepared, common)]
        if (glossiness or texture) and pair is not None:
            registered = registered_highlights(pair, defects=texture)
            if registered is not None:
                for m, highlights in zip(measured, registered):
                    m.highlights = highlights
                    m.values['glossiness'] = highlights.strength()
                    m.values['roughness'] = with_defects(m.values['roughness'], highlights)
        return measured

    def _scores(self, measured, query: DifferenceQuery, same_scene: bool = False):
        """Return every candidate's score (``_score``) against the candidates' mean values."""
        reference = {axis: float(np.mean([m.values[axis] for m in measured]))
                     for axis in ('brightness',) + LIGHTNESS_RELATIVE_AXES}
        if query.axis == 'glossiness':
            # One noise allowance for every candidate (``measurements.glossiness_values``).
            for m, value in zip(measured, glossiness_values(measured)):
                m.values['glossiness'] = value
        return [self._score(m, query, reference, same_scene) for m in measured]

    def _scenarios(self, prepared, measured, scores, query: DifferenceQuery, same_scene: bool):
        """
        Return [(weight, scores)] under each plausible set of masks, or None if there is one.

        The masks as found weigh 1. A candidate whose automatic mask was a close call
        (``PreparedImage.other_masks``) is measured again on each other mask, the other
        candidates keeping theirs; that scenario weighs the other mask's relative score.
        """
        scenarios = [(1.0, list(scores))]
        for i, view in enumerate(prepared):
            for mask, weight in view.other_masks:
                # Copies: glossiness scores rewrite the values they are given.
                scenario = [replace(m, values=dict(m.values)) for m in measured]
                scenario[i] = measure_object(with_mask(view, mask), query.axis == 'hue',
                                             not same_scene)
                scenarios.append((weight, self._scores(scenario, query, same_scene)))
        return scenarios if len(scenarios) > 1 else None

    def _score(self, measured: ObjectMeasurements, query: DifferenceQuery,
               reference: Dict[str, float], same_scene: bool = False) -> float:
        """
        Return how well one object fits the query's subject, in just-noticeable units.

        ``reference``: the candidates' mean values; saturation and warmth are scored by their
        change from it net of lightness (``measurements.chroma_change``). Closeness to a named
        hue counts within one scene (the same object's colour moved) as how far its mean colour
        lies toward the hue, in chroma JNDs, and for objects measured apart as the closeness of
        its main colour to the hue in HUE_NAME_UNIT (which of two colours a name fits better);
        "less red" (direction -1) is the one the name fits worse.
        """
        values = measured.values
        if query.axis == 'hue':
            if not query.hue:
                return 0.0
            word = query.hue.strip().lower()
            if word in ACHROMATIC:
                light, colourful = ACHROMATIC[word]
                return query.direction * (
                    light * values['brightness'] / threshold('brightness', self.thresholds)
                    + colourful * values['saturation'] / threshold('saturation', self.thresholds))
            name = hue_of_word(word)
            if name is None:
                raise SubtleDiffError(f'unknown hue {query.hue!r}: expected one of '
                                      f'{", ".join(HUES)} or {", ".join(ACHROMATIC)}')
            if same_scene:
                # One object whose colour moved: "yellower" is how far its colour lies toward
                # yellow (the mean a*, b* along the hue's direction), in chroma JNDs. The
                # closeness of its hue angle to yellow's would call a bluish white cup that
                # yellowed to near-neutral the less yellow one (an outside edit tester).
                angle = np.radians(HUE_ANGLES[name])
                toward = (measured.mean_lab[1] * np.cos(angle)
                          + measured.mean_lab[2] * np.sin(angle))
                return query.direction * float(toward) / threshold('saturation', self.thresholds)
            # Closeness of the object's main colour to the named hue, counted only as far as the
            # object has colour at all; an object that shows the hue on some of it (a blue bow
            # on a yellow cat) comes up to halfway, by how much of it shows the hue.
            hue, chroma = measured.main_colour
            saturation = threshold('saturation', self.thresholds)
            weight = min(1.0, chroma / (4.0 * saturation))
            off = weight * abs(hue_distance(hue, HUE_ANGLES[name])) + (1.0 - weight) * 180.0
            if measured.hue_amounts is not None:
                shown = amount_near(measured.hue_amounts, HUE_ANGLES[name]) / saturation
                off = min(off, 180.0 - 90.0 * min(1.0, shown))
            unit = threshold('hue', self.thresholds) if same_scene else HUE_NAME_UNIT
            return -query.direction * off / unit
        value = values[query.axis]
        if query.axis in LIGHTNESS_RELATIVE_AXES:
            value = chroma_change(value, values['brightness'], reference[query.axis],
                                  reference['brightness'])
        elif query.axis == 'roundness' and not same_scene:
            value = (float(np.log(max(value, 1e-9)))
                     - APART_BOXINESS_WEIGHT * float(np.log(max(values['rectangularity'], 1e-9)))
                     ) / (1.0 + APART_BOXINESS_WEIGHT)
        elif query.axis in RATIO_AXES:
            value = float(np.log(max(value, 1e-9)))
            if query.axis in APART_EXTENTS and not same_scene:
                value -= APART_SIZE_POWER * float(np.log(max(values['size'], 1e-9)))
        highlights = measured.highlights
        registered = highlights is not None and highlights.registered
        apart = query.axis == 'glossiness' and highlights is not None and highlights.apart
        if apart:
            value = glossiness_scale(value, apart)
        return query.direction * value / threshold(query.axis, self.thresholds,
                                                   registered=registered, apart=apart)

    def _light_moves(self, pair, first: ObjectMeasurements, second: ObjectMeasurements):
        """
        Return ``[(first, second)]`` variants, one light moved by its uncertainty in each.

        Light undone in image 2 holds at the tone of the static pixels it was measured on; on an
        object of another tone it is off by ``vision.light.tone_uncertainty``, per channel, and
        in the middle of the frame by as much as a changed vignette may make it
        (``vision.light.radial_spread``). A
        change of light found and not undone (``PreparedPair.light_left``: too far off) is
        uncertain by its whole size. Each channel's light on image 2's object, and then
        on image 1's, is moved by that much (``measure.relit``), so that swapping the images
        changes nothing. None unless the light changed.
        """
        if pair is None:
            return []
        if pair.light_gains is not None and pair.light_tone is not None:
            spreads = tone_uncertainty(pair.light_gains, pair.light_tone,
                                       light_tone(pair.first.image, pair.first.mask))
            if pair.light_radial is not None:
                spreads = np.hypot(spreads, pair.light_radial)
        elif pair.light_left is not None:
            # Moved by its whole size: 1 / (1 + spread) is the gain (or its inverse) itself.
            left = np.asarray(pair.light_left, np.float64)
            spreads = np.maximum(left, 1.0 / left) - 1.0
        else:
            return []
        families = [[(first, relit(second, channel, 1.0 / (1.0 + spread)))
                     for channel, spread in enumerate(spreads) if spread > 0],
                    [(relit(first, channel, 1.0 / (1.0 + spread)), second)
                     for channel, spread in enumerate(spreads) if spread > 0]]
        if pair.light_gains is None:
            # A light left in the frame moves every channel at once (an exposure): its level
            # moves the object's colour more than each channel alone, in quadrature, does.
            families += [[(first, _relit_all(second, spreads))], [(_relit_all(first, spreads),
                                                                   second)]]
        return families

    def _light_spread(self, pair, measured, query: DifferenceQuery, same_scene: bool,
                      scores) -> float:
        """
        Return how far (just-noticeable units) the light may move a selection's margin.

        The changes of the margin under each channel's moved light (``_light_moves``) add in
        quadrature; the larger of moving image 2's and image 1's. Zero unless the light changed
        and the query is about colour.
        """
        if AXES[query.axis].attribute != 'color' or len(measured) != 2:
            return 0.0
        margin = scores[1] - scores[0]
        spreads = [0.0]
        for moves in self._light_moves(pair, *measured):
            squares = 0.0
            for moved in moves:
                changed = self._scores(list(moved), query, same_scene)
                squares += (changed[1] - changed[0] - margin) ** 2
            spreads.append(float(np.sqrt(squares)))
        return max(spreads)

    def _light_allowance(self, families, measurements):
        """
        Return colour ``measurements`` noticeable only beyond what the light may move.

        Each axis's difference may be off by its change under each channel's moved light
        (``families`` from ``_light_moves``, in quadrature, the larger of the two images'); it
        is noticeable when it passes its threshold by ``LIGHT_ALLOWANCE`` times that.
        """
        kept = []
        for m in measurements:
            spread = max(float(np.sqrt(sum(
                (compare(m.axis, *moved, self.thresholds).difference - m.difference) ** 2
                for moved in moves))) for moves in families)
            kept.append(replace(m, noticeable=bool(
                abs(m.difference) > m.threshold + LIGHT_ALLOWANCE * spread)))
        return kept

    def _focus_spread(self, moves, query: DifferenceQuery, same_scene: bool, scores) -> float:
        """
        Return how far (just-noticeable units) the focus matched may move a selection's margin.

        The largest change of the margin under the measurements with the blur matched off by
        its tolerance (``_measure``'s moves); zero when the frames were not matched.
        """
        if len(scores) != 2:
            return 0.0
        margin = scores[1] - scores[0]
        return max((abs(changed[1] - changed[0] - margin) for changed in
                    (self._scores(moved, query, same_scene) for moved in moves)), default=0.0)

    def _focus_allowance(self, moves, measurements):
        """
        Return texture ``measurements`` noticeable only beyond what the focus matched may move.

        Each difference may be off by its largest change under the blur matched off by its
        tolerance (``_measure``'s moves); it is noticeable when it passes its threshold by that.
        """
        kept = []
        for m in measurements:
            spread = max(abs(compare(m.axis, *moved, self.thresholds).difference - m.difference)
                         for moved in moves)
            kept.append(replace(m, noticeable=bool(abs(m.difference) > m.threshold + spread)))
        return kept

    def select(self, images: Sequence[np.ndarray], query: DifferenceQuery,
               method: Optional[str] = None, masks=None) -> SelectionResult:
        """Choose the image the query describes from measurements of its axis."""
        if method not in (None, 'analytic'):
            raise SubtleDiffError(f'the analytic backend has no method {method!r}; '
                                  "use 'analytic' or leave it out")
        asked, query = query, surface_reading(query)  # "the mug with scratches": rougher
        _check_measurable(query)
        pair, measured, prepared, moves = self._measure(
            images, masks, glossiness=query.axis == 'glossiness',
            main_colour=query.axis == 'hue', texture=AXES[query.axis].attribute == 'texture')
        same_scene = pair is not None and pair.same_scene
        if AXES[query.axis].attribute == 'shape':
            _check_whole_objects(pair, prepared)
        scores = self._scores(measured, query, same_scene)
        scenarios = self._scenarios(prepared, measured, scores, query, same_scene)
        temperature, ceiling = calibration(AXES[query.axis].attribute, same_scene, query.part,
                                           query.axis)
        if self.temperature is not None:
            temperature, ceiling = self.temperature, 1.0
        spread = float(np.hypot(self._light_spread(pair, measured, query, same_scene, scores),
                                self._focus_spread(moves, query, same_scene, scores)))
        if query.axis == 'roundness' and same_scene:
            # Two frames of one scene turned against each other trace their outlines on other
            # pixel grids: a margin within what the turn alone moves is no sure answer.
            spread = float(np.hypot(spread, roll_spread(pair)
                                    / threshold('roundness', self.thresholds)))
        if spread:
            # The light undone in image 2 may be off on the object's tone, the blur matched
            # between frames of another focus off by its tolerance: a margin within that is no
            # sure answer.
            temperature = float(np.hypot(temperature, spread))
        # A small object's measurements move with how its picture was resampled.
        temperature *= resolution_factor(prepared)
        choice, margin, probability = decide(scores, query.subject, temperature, query.rank,
                                             query.excluded, query.only)
        if scenarios is not None:
            # A doubtful mask: as sure as the answer is on average over the plausible masks.
            probability = min(probability, mixture_probability(scenarios, temperature))
        confidence = squeeze(probability, len(scores), ceiling)
        return SelectionResult(choice=choice, scores=[float(s) for s in scores], margin=margin,
                               confidence=confidence, method='analytic', backend=self.name,
                               query=asked)

    def describe(self, image_1: np.ndarray, image_2: np.ndarray, attribute: str,
                 object_name: Optional[str] = None, masks=None) -> DifferenceDescription:
        """Say how image 1 differs from image 2 in ``attribute``, or that it does not."""
        require_attribute(attribute)
        pair, (first, second), prepared, moves = self._measure(
            [image_1, image_2], masks, glossiness=attribute == 'texture',
            texture=attribute == 'texture')
        measurements = [compare(axis, first, second, self.thresholds)
                        for axis in ATTRIBUTE_AXES[attribute]]
        if moves:
            measurements = self._focus_allowance(moves, measurements)
        if attribute == 'shape':
            _check_whole_objects(pair, prepared)
        if attribute == 'shape' and pair.same_scene:
            measurements = _with_roll_allowance(pair, _with_interior_extents(pair, measurements))
        colour_distance = None
        if attribute == 'color':
            colour_distance = compare(COLOR_DIFFERENCE, first, second, self.thresholds)
            families = self._light_moves(pair, first, second)
            if families:
                *measurements, colour_distance = self._light_allowance(
                    families, measurements + [colour_distance])
        factor = resolution_factor(prepared)
        measurements = _with_resolution_allowance(factor, measurements)
        if colour_distance is not None:
            colour_distance = _with_resolution_allowance(factor, [colour_distance])[0]
        candidates = [m for m in measurements if m.noticeable]
        if not candidates and colour_distance is not None and colour_distance.noticeable:
            # The colours clearly differ though no single axis passes: name the likeliest part.
            candidates = measurements
        regions = changed_regions(pair)
        h, w = pair.first.original_size
        all_measurements = measurements + ([colour_distance] if colour_distance else [])
        light = None if pair.light_gains is None else tuple(float(g) for g in pair.light_gains)
        if not candidates:
            return DifferenceDescription(sentence=no_difference_sentence(attribute),
                                         no_difference=True, attribute=attribute,
                                         measurements=all_measurements, regions=regions,
                                         backend=self.name, image_size=(w, h),
                                         registration=pair.registration, light_gains=light)
        axis, direction = best_explanation(attribute, candidates, measurements, first, second)
        best = next(m for m in measurements if m.axis == axis)
        hue = hue_lean(best.value_1, best.value_2) if axis == 'hue' else None
        return DifferenceDescription(
            # For hue, ``hue`` already names the colour Image 1 leans toward.
            sentence=comparative_sentence(axis, 1 if axis == 'hue' else direction, object_name,
                                          hue=hue),
            no_difference=False, attribute=attribute, axis=axis, direction=direction,
            measurements=all_measurements, regions=regions, backend=self.name,
            image_size=(w, h), registration=pair.registration, light_gains=light)


def _relit_all(measured: ObjectMeasurements, spreads) -> ObjectMeasurements:
    """Return ``measured`` with every channel's light moved by its spread (``relit``)."""
    for channel, spread in enumerate(spreads):
        if spread > 0:
            measured = relit(measured, channel, 1.0 / (1.0 + spread))
    return measured


def _with_interior_extents(pair, measurements):
    """
    Return ``measurements`` with the extents of one scene's object measured by its motion.

    A scaled or stretched object moves its inside too; an outline that only rounded off does
    not (``shape.interior_extents``), so a rounder object is not also called narrower or
    smaller. Unchanged when the motion cannot be fitted.
    """
    extents = interior_extents(pair)
    if extents is None:
        return measurements
    return [replace(m, difference=extents[m.axis], noticeable=abs(extents[m.axis]) > m.threshold)
            if m.axis in extents else m for m in measurements]


def _with_roll_allowance(pair, measurements):
    """
    Return ``measurements`` with the roundness noticeable only beyond what the roll moves.

    Two frames of one scene turned against each other differ in roundness by up to
    ``shape.roll_spread`` with nothing changed; the difference must pass its threshold by that.
    """
    spread = roll_spread(pair)
    if not spread:
        return measurements
    return [replace(m, noticeable=bool(abs(m.difference) > m.threshold + spread))
            if m.axis == 'roundness' else m for m in measurements]


def object_side(view) -> float:
    """Return the side (pixels of its own image) of a square as large as ``view``'s object."""
    return math.sqrt(float(view.coverage.sum())) / view.scale


def resolution_factor(prepared) -> float:
    """
    Return how many times its threshold a difference must be to be told from resampling noise.

    1 for objects of at least ``RESOLUTION_SIDE`` pixels a side (``object_side``), else
    RESOLUTION_SIDE over the smallest object's side: the outline, colour and grain of a small
    object move with how its picture was resampled.
    """
    side = min(object_side(view) for view in prepared)
    return max(1.0, RESOLUTION_SIDE / max(side, 1.0))


def _with_resolution_allowance(factor: float, measurements):
    """Return ``measurements`` noticeable only beyond ``factor`` times their thresholds."""
    if factor <= 1.0:
        return measurements
    return [replace(m, noticeable=bool(m.noticeable and abs(m.difference) > factor * m.threshold))
            for m in measurements]


def cut_edges(view) -> List[str]:
    """
    Return the edges of the picture (top, bottom, left, right) that cut ``view``'s object.

    An edge cuts the object when its mask runs along it for at least ``EDGE_CUT`` times the
    object's side (``object_side``, here in working pixels): a few pixels touching it (a
    shadow's tip, a cable) do not.
    """
    mask = view.mask
    side = math.sqrt(float(mask.sum()))
    runs = (mask[0], mask[-1], mask[:, 0], mask[:, -1])
    return [name for name, run in zip(_EDGE_NAMES, runs)
            if side and float(run.sum()) >= EDGE_CUT * side]


def _check_whole_objects(pair, prepared) -> None:
    """
    Raise InvalidImageError when a shape would be compared on an object cut by the frame.

    Two frames of one scene cut alike are compared on the part both show (``vision.pair
    .shared_views``); otherwise an object that runs past the edge of its picture has the
    frame's edge for part of its outline, and its width, height, size and roundness are the
    frame's as much as its own.
    """
    if pair is not None and pair.same_scene:
        return
    for number, view in enumerate(prepared, start=1):
        edges = cut_edges(view)
        if edges:
            raise InvalidImageError(
                f'the object in image {number} runs past the {" and ".join(edges)} '
                f'edge{"s" if len(edges) > 1 else ""} of the picture: part of it is not shown, '
                'so its shape cannot be compared (its colour and texture can)')


def _check_measurable(query: DifferenceQuery) -> None:
    """Raise SubtleDiffError, saying what cannot be measured, unless the query has an axis."""
    if not query.parsed:
        raise SubtleDiffError(
            f'the measurement backend cannot answer {query.text.strip()!r}: the text was not '
            'understood, and measurements need an attribute and a direction (an image-text '
            'backend can score the text itself)')
    if query.axis in PART_AXES:
        part = query.part or 'part'
        what = f'how many {part}' if query.axis == 'count' else \
            f'whether the object has {indefinite(part)}{part}'
        raise SubtleDiffError(
            f'the measurement backend cannot judge {what}: it '
            "measures the whole object's colour, shape and texture, not its parts (an "
            'image-text backend can)')
    if query.axis not in AXES:
        raise SubtleDiffError(f'unknown axis {query.axis!r}')

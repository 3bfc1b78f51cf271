# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for naming the axis that explains a pair's differences, synthetic and on a photo."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.backends.analytic.explain import best_explanation
from subtle_diff_ros.backends.analytic.measure import ObjectMeasurements
from subtle_diff_ros.backends.analytic.thresholds import REGISTERED_THRESHOLDS, THRESHOLDS
from subtle_diff_ros.core.axes import ATTRIBUTE_AXES
from subtle_diff_ros.core.results import AxisMeasurement
from subtle_diff_ros.stimuli import apply_edit
from subtle_diff_ros.stimuli.kinds import EDIT_KINDS
from subtle_diff_ros.vision.color import WARM_DIRECTION
from subtle_diff_ros.vision.image_io import load_image

CUP = os.path.join(OBJECTS, 'eth80', 'cup', '8')
CARS = os.path.join(OBJECTS, 'eth80', 'car')


def differences(attribute, changes, thresholds=None):
    """Return the attribute's AxisMeasurements with ``changes`` {axis: difference}."""
    thresholds = {**THRESHOLDS, **(thresholds or {})}
    return [AxisMeasurement(axis, 0.0, 0.0, changes.get(axis, 0.0), thresholds[axis],
                            abs(changes.get(axis, 0.0)) > thresholds[axis])
            for axis in ATTRIBUTE_AXES[attribute]]


def named(attribute, changes, first=None, second=None, thresholds=None):
    """Return (axis, direction) that ``best_explanation`` names for the changes."""
    measurements = differences(attribute, changes, thresholds)
    candidates = [m for m in measurements if m.noticeable]
    return best_explanation(attribute, candidates, measurements, first, second)


def orange_object(shift=0.0, chroma_scale=1.0):
    """Return ObjectMeasurements of a uniform orange-ish object, scaled and shifted in (a*, b*)."""
    ab = 30.0 * np.array([0.45, 0.89]) * chroma_scale + shift * WARM_DIRECTION
    values = {'saturation': float(np.hypot(*ab)), 'warmth': float(ab @ WARM_DIRECTION)}
    return ObjectMeasurements(values, np.array([60.0, ab[0], ab[1]]), float(np.hypot(*ab)))


def colour_changes(first, second):
    """Return the saturation, warmth and hue differences of two uniform objects."""
    hue = [np.degrees(np.arctan2(m.mean_lab[2], m.mean_lab[1])) for m in (first, second)]
    return {axis: first.values[axis] - second.values[axis]
            for axis in ('saturation', 'warmth')} | {'hue': hue[0] - hue[1]}


def test_more_chroma_on_an_orange_object_is_saturation_not_warmth():
    """
    Scaling the chroma of an orange object moves the warm shift almost as much as C*.

    Measured against each threshold, the warm shift (narrower threshold) passes by more; the
    chroma scaling explains both, a shift toward orange would have moved C* less than the warm
    shift, so the change is named 'more saturated'. A shift toward orange is named 'warmer'.
    """
    base = orange_object()
    richer = orange_object(chroma_scale=1.08)
    changes = colour_changes(richer, base)
    assert changes['warmth'] / THRESHOLDS['warmth'] > changes['saturation'] / THRESHOLDS[
        'saturation']
    assert named('color', changes, richer, base) == ('saturation', 1)
    assert named('color', colour_changes(base, richer), base, richer) == ('saturation', -1)
    cooler = orange_object(shift=-2.2)
    assert named('color', colour_changes(cooler, base), cooler, base) == ('warmth', -1)
    assert named('color', colour_changes(base, cooler), base, cooler) == ('warmth', 1)


def two_tone_object(shift=0.0, chroma_scale=1.0):
    """
    Return ObjectMeasurements of an orange object with a paler part, its colour edited.

    Its mean (a*, b*) lies on the warm direction, so a chroma scaling and a shift toward orange
    move its mean C* and warm shift alike (``rho`` = 1); its parts' colours spread about their
    mean by 12 C*, which a chroma scaling scales and a shift leaves.
    """
    ab = (30.0 * chroma_scale + shift) * WARM_DIRECTION
    values = {'saturation': float(np.hypot(*ab)), 'warmth': float(ab @ WARM_DIRECTION)}
    return ObjectMeasurements(values, np.array([60.0, ab[0], ab[1]]), float(np.hypot(*ab)),
                              colour_spread=12.0 * chroma_scale)


def test_a_colour_cast_and_a_chroma_scaling_differ_in_how_the_colours_spread():
    """On an orange object both move the means alike; only a chroma scaling spreads them."""
    base = two_tone_object()
    richer, warmer = two_tone_object(chroma_scale=1.08), two_tone_object(shift=2.4)
    assert colour_changes(richer, base) == pytest.approx(colour_changes(warmer, base))
    assert named('color', colour_changes(richer, base), richer, base) == ('saturation', 1)
    assert named('color', colour_changes(base, richer), base, richer) == ('saturation', -1)
    assert named('color', colour_changes(warmer, base), warmer, base) == ('warmth', 1)
    assert named('color', colour_changes(base, warmer), base, warmer) == ('warmth', -1)


@pytest.mark.parametrize('changes, expected', [
    # Band-pass noise leaves the highlights: rougher, whatever speck of gloss moves with it.
    ({'roughness': 0.19, 'glossiness': 0.05}, ('roughness', 1)),
    # Smoothing flattens small bright spots by half as much: smoother, not more matte.
    ({'roughness': -0.17, 'glossiness': -0.1}, ('roughness', -1)),
    # Image 2 smoothed: image 1 is the rougher one.
    ({'roughness': 0.17, 'glossiness': 0.1}, ('roughness', 1)),
    # Added or cut highlights move the texture contrast a little.
    ({'roughness': 0.095, 'glossiness': 0.7}, ('glossiness', 1)),
    ({'roughness': -0.095, 'glossiness': -0.7}, ('glossiness', -1)),
])
def test_texture_changes_are_named_by_what_explains_both_measures(changes, expected):
    """Roughness and glossiness move together; the edit whose signature fits is named."""
    assert named('texture', changes, thresholds=REGISTERED_THRESHOLDS) == expected


@pytest.mark.parametrize('changes, expected', [
    # Wider: width, and half as much linear size; taller likewise; larger: all three.
    ({'width': 0.06, 'size': 0.03, 'length': 0.06}, ('width', 1)),
    ({'height': -0.06, 'size': -0.03, 'length': -0.06}, ('height', -1)),
    ({'width': -0.03, 'height': -0.03, 'size': -0.03, 'length': -0.03, 'thickness': -0.03},
     ('size', -1)),
    # A rounder outline (circularity 2.3 % up, a log ratio) loses its sharpest corners too (they
    # pass their threshold by more).
    ({'roundness': 0.0225, 'sharpness': -20.0}, ('roundness', 1)),
    # Only an echo passes: it is named.
    ({'thickness': 0.05}, ('thickness', 1)),
])
def test_shape_changes_are_named_by_what_explains_the_silhouette(changes, expected):
    """Extents, roundness and corners move together; the simplest single change is named."""
    assert named('shape', changes) == expected


def _cup():
    """Return (image, soft alpha) of an ETH-80 cup with its mask, or skip when absent."""
    path = os.path.join(CUP, 'cup8-090-090.png')
    mask_path = os.path.join(CUP, 'masks', 'cup8-090-090-map.png')
    if not (os.path.exists(path) and os.path.exists(mask_path)):
        pytest.skip(f'ETH-80 photo or mask not found under {CUP}')
    alpha = cv2.imread(mask_path, cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255.0
    return load_image(path), alpha


@pytest.mark.parametrize('kind', EDIT_KINDS, ids=[kind.name for kind in EDIT_KINDS])
def test_one_jnd_edits_of_a_photo_are_named_with_their_axis_and_direction(kind):
    """
    Each of the edit benchmark's edits of one just-noticeable size is named right both ways.

    An ETH-80 cup (reddish brown, a printed pattern) with its mask; the edited photo as image 1
    and as image 2. Named by the threshold each axis passes by most, more or less saturated
    read as warmer or cooler and smoother as more matte.
    """
    image, alpha = _cup()
    mask = alpha >= 0.5
    made = apply_edit(kind, image, alpha, mask, kind.jnd, np.random.default_rng(0))
    assert made is not None, f'{kind.name} cannot reach one JND on this photo'
    edited, edited_mask, _ = made
    backend = AnalyticBackend()
    forward = backend.describe(edited, image, kind.attribute, masks=[edited_mask, mask])
    backward = backend.describe(image, edited, kind.attribute, masks=[mask, edited_mask])
    assert (forward.axis, forward.direction) == (kind.axis, kind.direction), forward.sentence
    assert (backward.axis, backward.direction) == (kind.axis, -kind.direction), backward.sentence


def _rounder_named_both_ways(folder, name, jnds):
    """Assert that an ETH-80 photo made ``jnds`` JNDs rounder reads rounder both ways round."""
    path = os.path.join(folder, f'{name}.png')
    mask_path = os.path.join(folder, 'masks', f'{name}-map.png')
    if not (os.path.exists(path) and os.path.exists(mask_path)):
        pytest.skip(f'ETH-80 photo or mask not found: {path}')
    image = load_image(path)
    alpha = cv2.imread(mask_path, cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255.0
    mask = alpha >= 0.5
    rounder = next(kind for kind in EDIT_KINDS if kind.name == 'rounder')
    made = apply_edit(rounder, image, alpha, mask, jnds * rounder.jnd, np.random.default_rng(0))
    assert made is not None, f'rounder cannot reach {jnds} JND on this photo'
    edited, edited_mask, _ = made
    backend = AnalyticBackend()
    forward = backend.describe(edited, image, 'shape', masks=[edited_mask, mask])
    backward = backend.describe(image, edited, 'shape', masks=[mask, edited_mask])
    assert (forward.axis, forward.direction) == ('roundness', 1), forward.sentence
    assert (backward.axis, backward.direction) == ('roundness', -1), backward.sentence


@pytest.mark.parametrize('photo', ['3/car3-090-000', '10/car14-090-180', '7/car7-090-000'])
def test_a_one_jnd_rounder_edit_of_an_angular_outline_is_named_rounder(photo):
    """
    A toy car seen from the side (circularity 0.35 to 0.41), one JND rounder, reads rounder.

    The edit raises its circularity by 3 %; compared as a plain difference against a threshold
    of 0.012 such an outline had to become about 3.5 % rounder, and these pairs were described
    as showing no difference in shape. Compared as a log ratio, both ways round.
    """
    folder, name = photo.split('/')
    _rounder_named_both_ways(os.path.join(CARS, folder), name, 1)


@pytest.mark.parametrize('photo', ['2/cup2-045-000', '3/cup3-045-000', '7/cup7-045-000'])
def test_a_rounder_cup_whose_handle_shrank_is_not_called_narrower(photo):
    """
    A two-JND rounder edit smooths part of a cup's handle away: rounder, not narrower.

    The silhouette's width shrinks with the handle, and these pairs were described as
    narrower; the cup itself did not stretch (its print and shading stay where they were), so
    its extents are those of its motion (``shape.interior_extents``), and both ways round the
    edit reads rounder.
    """
    folder, name = photo.split('/')
    _rounder_named_both_ways(os.path.join(OBJECTS, 'eth80', 'cup', folder), name, 2)

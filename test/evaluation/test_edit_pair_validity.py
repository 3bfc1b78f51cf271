# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for what makes an edited pair a fair test: the other view and the mask of a shape edit."""

import os

import cv2
import numpy as np
from paths import REPO_ROOT
import pytest

from subtle_diff_ros.core.axes import AXES
from subtle_diff_ros.evaluation import pairs as pairs_module
from subtle_diff_ros.evaluation.pairs import (EditPairGenerator, LEVELS, mask_covers_object,
                                              view_limits)
from subtle_diff_ros.evaluation.photos import load_photo, Photo, silhouette_alpha
from subtle_diff_ros.stimuli import apply_edit
from subtle_diff_ros.stimuli.kinds import AXIS_JND, EDITS_BY_NAME
from subtle_diff_ros.stimuli.units import axis_change
from subtle_diff_ros.vision.color import lab_to_rgb


def test_view_limits_hold_every_axis_of_the_attribute_under_half_a_jnd():
    warmer = EDITS_BY_NAME['warmer']
    assert view_limits(warmer, warmer.jnd) == {'brightness': 1.1, 'saturation': 1.1,
                                               'warmth': 1.1}
    # A half-JND edit: the view may change the edited axis by half the edit at most.
    assert view_limits(warmer, 0.5 * warmer.jnd)['warmth'] == pytest.approx(0.55)
    wider = EDITS_BY_NAME['wider']
    assert set(view_limits(wider, 4 * wider.jnd)) == {'width', 'size', 'roundness'}
    assert view_limits(wider, 4 * wider.jnd)['width'] == pytest.approx(0.015)


def _disc(lab_colour):
    """Return (RGB image, mask) of a flat disc of one CIELAB colour on a grey background."""
    h = w = 120
    yy, xx = np.mgrid[0:h, 0:w]
    mask = (xx - 60) ** 2 + (yy - 60) ** 2 <= 35 ** 2
    lab = np.zeros((h, w, 3), np.float32)
    lab[..., 0] = 70.0
    lab[mask] = lab_colour
    return lab_to_rgb(lab), mask


@pytest.fixture
def three_views(tmp_path):
    """
    Return a folder with three views of one ball (ETH-80 layout, with masks).

    View 010 is view 000 a little lighter (under half a JND); view 020 is much more saturated
    but no warmer (its hue is across the warm direction, so scaling its chroma leaves the warm
    shift alone): close on the warm axis, far on saturation.
    """
    folder = tmp_path / 'ball' / '1'
    (folder / 'masks').mkdir(parents=True)
    across = np.array([-0.96, 0.29])  # across ``vision.color.WARM_DIRECTION``
    for view, lightness, chroma in (('000', 55.0, 20.0), ('010', 55.5, 20.0),
                                    ('020', 55.0, 32.0)):
        image, mask = _disc([lightness, *(chroma * across)])
        cv2.imwrite(str(folder / f'ball1-{view}.png'), image[:, :, ::-1])
        cv2.imwrite(str(folder / 'masks' / f'ball1-{view}-map.png'), mask.astype(np.uint8) * 255)
    return str(tmp_path)


def test_an_edit_gets_no_view_that_differs_more_on_another_axis(three_views):
    generator = EditPairGenerator(three_views, seed=0)
    first, lighter, saturated = sorted(generator.photos, key=lambda p: p.view)
    stats = generator.view_statistics()
    warmer = EDITS_BY_NAME['warmer']
    # The saturated view is as warm as the first: close on the edited axis alone...
    assert abs(axis_change(stats[first.path], stats[saturated.path], 'warmth')) < 0.25 * 2.2
    assert axis_change(stats[first.path], stats[saturated.path], 'saturation') > 4 * 2.2
    # ...so a warmth edit may use only the slightly lighter view.
    for level in LEVELS:
        limits = view_limits(warmer, level * warmer.jnd)
        assert generator.other_views(first, limits) == [lighter]


def test_every_other_view_in_the_benchmark_is_close_on_the_whole_attribute(three_views):
    for seed in range(3):
        generator = EditPairGenerator(three_views, seed=seed)
        stats = generator.view_statistics()
        used = 0
        for spec in generator.specs():
            if spec.kind != 'edit' or spec.partner is None:
                continue
            used += 1
            kind = EDITS_BY_NAME[spec.edit]
            for axis in (a for a in AXIS_JND if AXES[a].attribute == kind.attribute):
                change = axis_change(stats[spec.photo.path], stats[spec.partner.path], axis)
                limit = 0.5 * AXIS_JND[axis]
                if axis == kind.axis:
                    limit = min(limit, 0.5 * LEVELS[spec.level] * kind.jnd)
                assert abs(change) <= limit, (spec.pair_id, axis, change)
        assert used > 0


ETH_CUP = os.path.join(REPO_ROOT, '..', 'shared', 'data', 'objects', 'eth80', 'cup', '3')
VIEW = 'cup3-090-000'
needs_photos = pytest.mark.skipif(
    not os.path.isfile(os.path.join(ETH_CUP, VIEW + '.png')),
    reason=f'ETH-80 photos not found under {os.path.normpath(ETH_CUP)} (shared data absent)')


def _cut(alpha, part):
    """Return ``alpha`` without the bottom or the right half of its object."""
    ys, xs = np.nonzero(alpha >= 0.5)
    cut = alpha.copy()
    if part == 'bottom':
        cut[(ys.min() + ys.max()) // 2:, :] = 0
    else:
        cut[:, (xs.min() + xs.max()) // 2:] = 0
    return cut


@needs_photos
@pytest.mark.parametrize('name', ['rounder', 'wider', 'smaller', 'larger'])
def test_a_shape_edit_counts_only_on_a_mask_that_covers_the_object(name):
    photo = next(p for p in EditPairGenerator(ETH_CUP).photos if p.path.endswith(VIEW + '.png'))
    image, alpha = load_photo(photo)
    kind = EDITS_BY_NAME[name]
    for level in (1, 4):
        made = apply_edit(kind, image, alpha, alpha >= 0.5, level * kind.jnd,
                          np.random.default_rng(0))
        assert mask_covers_object(image, alpha >= 0.5, made[0])
        # The same edit made on the top half of the cup reshapes a cut through it.
        cut = _cut(alpha, 'bottom')
        made = apply_edit(kind, image, cut, cut >= 0.5, level * kind.jnd,
                          np.random.default_rng(0))
        assert made is not None and not mask_covers_object(image, cut >= 0.5, made[0])


@needs_photos
def test_shape_edits_on_a_partial_automatic_mask_are_skipped(tmp_path, monkeypatch):
    folder = tmp_path / 'cup' / '3'
    folder.mkdir(parents=True)
    os.symlink(os.path.join(ETH_CUP, VIEW + '.png'), folder / (VIEW + '.png'))
    generator = EditPairGenerator(str(tmp_path), seed=0, edits=('wider', 'lighter'),
                                  controls_per_object=0)
    assert generator.photos[0].mask_path is None

    def half_found(photo):
        image, alpha = load_photo(photo)
        return image, _cut(alpha, 'bottom')

    # The automatic mask "misses" the bottom of the cup, and so does the silhouette.
    monkeypatch.setattr(pairs_module, 'load_photo', half_found)
    monkeypatch.setattr(pairs_module, 'silhouette_alpha',
                        lambda image: _cut(silhouette_alpha(image), 'bottom'))
    rendered = {spec.edit: generator.render(spec) for spec in generator.specs()
                if spec.level == 1}
    assert rendered['wider'] is None and rendered['lighter'] is not None
    assert generator.skipped == {'unreachable': 0, 'partial mask': 1}


def test_shape_edits_of_a_photo_with_no_mask_file_move_its_outer_outline(tmp_path):
    """A ring's silhouette includes its hole, which the photo's own mask leaves out."""
    image = np.zeros((160, 160, 3), np.uint8)
    cv2.circle(image, (80, 80), 50, (200, 170, 60), -1)
    cv2.circle(image, (80, 80), 18, (0, 0, 0), -1)
    path = str(tmp_path / 'ring-0.png')
    cv2.imwrite(path, image[:, :, ::-1])
    _, alpha = load_photo(Photo(path, 'ring', '0', 'object'))
    outline = silhouette_alpha(image)
    assert alpha[80, 80] < 0.5 <= outline[80, 80]
    assert outline[80, 30] >= 0.5 and outline[80, 5] < 0.5 and outline[5, 80] < 0.5

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Two frames of one scene compare their outlines on the part of the scene both show."""

import glob
import os

import cv2
import numpy as np
from paths import REPO_ROOT
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.evaluation.photos import silhouette_alpha
from subtle_diff_ros.stimuli.shape import edit_shape
from subtle_diff_ros.vision.pair import prepare_pair

COIL = os.path.join(REPO_ROOT, '..', 'shared', 'data', 'objects', 'coil100')
# Objects that reach the edges of their 128-pixel photos: a cigarette pack, a wooden block, a
# toy boat (every view of each).
CUT_OFF = ('obj46', 'obj12', 'obj3')
SHIFTS = ((2.6, 1.4), (-3.3, 0.7), (1.2, -2.9), (-0.6, 3.4))

needs_coil = pytest.mark.skipif(
    not glob.glob(os.path.join(COIL, 'obj46__*.png')),
    reason=f'COIL-100 photos not found under {os.path.normpath(COIL)} (shared data absent)')


def _photo(path):
    return cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)


def _camera_shift(image, dx, dy):
    """Return ``image`` as a camera moved by (dx, dy) pixels sees it (the edges run on)."""
    h, w = image.shape[:2]
    return cv2.warpAffine(image, np.float32([[1, 0, dx], [0, 1, dy]]), (w, h),
                          flags=cv2.INTER_LANCZOS4, borderMode=cv2.BORDER_REPLICATE)


@needs_coil
def test_the_shared_view_is_one_part_of_the_scene_in_both_frames():
    image = _photo(os.path.join(COIL, 'obj46__0.png'))
    pair = prepare_pair(image, _camera_shift(image, 3.0, 2.0))
    first, second = pair.first.shared_view, pair.second.shared_view
    assert first is not None and second is not None
    # Image 2's window is image 1's moved with the scene, away from both pictures' edges.
    dx, dy = pair.shift
    assert (dx, dy) == pytest.approx((3.0, 2.0), abs=0.3)
    h, w = first.shape
    moved = cv2.warpAffine(first, np.float32([[1, 0, dx], [0, 1, dy]]), (w, h))
    assert np.abs(moved - second).max() < 1e-5
    for window in (first, second):
        assert window[[0, -1], :].max() == 0 and window[:, [0, -1]].max() == 0
        assert window.mean() > 0.8
    other = _photo(os.path.join(COIL, 'obj3__0.png'))
    assert prepare_pair(image, other).first.shared_view is None


@needs_coil
def test_objects_cut_off_by_the_picture_edge_keep_their_roundness_when_the_camera_shifts():
    """Traced on each whole frame, 4 of these 48 unchanged frames were called rounder."""
    backend = AnalyticBackend()
    answers = []
    for name in CUT_OFF:
        for path in sorted(glob.glob(os.path.join(COIL, f'{name}__*.png'))):
            image = _photo(path)
            for dx, dy in SHIFTS:
                description = backend.describe(image, _camera_shift(image, dx, dy), 'shape')
                answers.append(description.axis)
    assert len(answers) == 48
    assert sum(axis is not None for axis in answers) <= 1, answers


@needs_coil
@pytest.mark.parametrize('photo', ['obj46__90', 'obj46__270', 'obj12__0', 'obj3__0'])
def test_a_rounder_object_cut_off_by_the_picture_edge_is_called_rounder(photo):
    image = _photo(os.path.join(COIL, f'{photo}.png'))
    alpha = silhouette_alpha(image)
    # Two JNDs rounder (circularity up 6 %).
    rounder, _, _ = edit_shape('rounder', image, alpha, alpha >= 0.5, 0.06)
    for first, second, direction in ((rounder, image, 1), (image, rounder, -1)):
        description = AnalyticBackend().describe(first, _camera_shift(second, 1.7, -2.2),
                                                 'shape')
        assert (description.axis, description.direction) == ('roundness', direction)


ETH80 = os.path.join(REPO_ROOT, '..', 'shared', 'data', 'objects', 'eth80')


def _with_bystander(scene, other, scale):
    """Return ``scene`` with ``other``'s object, scaled, set down in its top-left corner."""
    image = cv2.cvtColor(cv2.imread(other), cv2.COLOR_BGR2RGB)
    folder, name = os.path.split(other)
    mask = cv2.imread(os.path.join(folder, 'masks', name[:-4] + '-map.png'),
                      cv2.IMREAD_GRAYSCALE) > 127
    ys, xs = np.nonzero(mask)
    crop = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    small = cv2.resize(image[crop], None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    keep = cv2.resize(mask[crop].astype(np.uint8), None, fx=scale, fy=scale,
                      interpolation=cv2.INTER_NEAREST) > 0
    out = scene.copy()
    h, w = keep.shape
    out[12:12 + h, 12:12 + w][keep] = small[keep]
    return out


@pytest.mark.skipif(not os.path.isdir(ETH80),
                    reason='ETH-80 photos not found (shared data absent)')
@pytest.mark.parametrize('number', (1, 3))
def test_a_bystander_set_down_beside_the_object_in_one_frame_is_no_colour_change(number):
    """A brown cup set down apart from the car in one frame: its colour is no car's colour."""
    car = _photo(os.path.join(ETH80, 'car', str(number), f'car{number}-090-000.png'))
    cup = os.path.join(ETH80, 'cup', '9', 'cup9-090-000.png')
    with_cup = _with_bystander(car, cup, 0.4)
    backend = AnalyticBackend()
    for images in ((with_cup, car), (car, with_cup)):
        assert backend.describe(*images, 'color').no_difference

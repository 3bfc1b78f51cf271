# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Cut-outs (an object on a transparent background) are read as a viewer shows them."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.image_io import load_image

CUP = os.path.join(OBJECTS, 'eth80', 'cup', '2', 'cup2-090-000.png')
CUP_MASK = os.path.join(OBJECTS, 'eth80', 'cup', '2', 'masks', 'cup2-090-000-map.png')


def _cut_out(path, bgr, mask, hidden, alpha=None):
    """Write ``bgr`` as a PNG cut-out: opaque on ``mask``, ``hidden`` under the rest."""
    bgra = np.dstack([bgr, np.where(mask, 255, 0).astype(np.uint8) if alpha is None else alpha])
    if isinstance(hidden, str):
        noise = np.random.default_rng(0).integers(0, 256, ((~mask).sum(), 3))
        bgra[~mask, :3] = noise
    elif hidden is not None:
        bgra[~mask, :3] = hidden
    assert cv2.imwrite(str(path), bgra)
    return str(path)


@pytest.fixture(scope='module')
def cup():
    """Return (BGR photo, bool mask) of an ETH-80 cup."""
    if not os.path.exists(CUP) or not os.path.exists(CUP_MASK):
        pytest.skip('ETH-80 photos are not in ../shared/data')
    return cv2.imread(CUP), cv2.imread(CUP_MASK, cv2.IMREAD_GRAYSCALE) > 127


def test_cut_outs_that_look_the_same_read_the_same(tmp_path, cup):
    """The colours hidden under a transparent alpha (black, white, the backdrop, noise)."""
    bgr, mask = cup
    read = [load_image(_cut_out(tmp_path / f'{i}.png', bgr, mask, hidden))
            for i, hidden in enumerate((0, 255, None, 'noise'))]
    for other in read[1:]:
        np.testing.assert_array_equal(read[0], other)
    # What is shown of the cup is its own pixels.
    np.testing.assert_array_equal(read[0][mask], bgr[mask][:, ::-1])


def test_identical_looking_cut_outs_give_no_difference(tmp_path, cup):
    """Black vs white under the transparent part was "the darker cup" at 1.00 (tester 19)."""
    bgr, mask = cup
    black = load_image(_cut_out(tmp_path / 'black.png', bgr, mask, 0))
    white = load_image(_cut_out(tmp_path / 'white.png', bgr, mask, 255))
    backend = AnalyticBackend()
    chosen = backend.select([black, white], parse_difference('the darker cup'))
    assert chosen.confidence < 0.6, chosen
    for attribute in ('color', 'shape'):
        described = backend.describe(black, white, attribute, 'cup')
        assert described.no_difference, described.sentence


def test_a_real_difference_between_cut_outs_is_found(tmp_path, cup):
    """The same cut-out, its cup darkened, over different hidden colours: still darker."""
    bgr, mask = cup
    darker = bgr.copy()
    darker[mask] = (darker[mask] * 0.75).astype(np.uint8)
    first = load_image(_cut_out(tmp_path / 'a.png', bgr, mask, 255))
    second = load_image(_cut_out(tmp_path / 'b.png', darker, mask, 0))
    backend = AnalyticBackend()
    chosen = backend.select([first, second], parse_difference('the darker cup'))
    assert chosen.choice == 1 and chosen.confidence >= 0.9, chosen
    described = backend.describe(first, second, 'color', 'cup')
    assert (described.axis, described.direction) == ('brightness', 1), described.sentence


@pytest.mark.parametrize('level', [20, 128, 235])
def test_the_background_stands_apart_from_the_object(tmp_path, level):
    """A grey chosen away from the object's colours, so that its outline can be found."""
    bgr = np.full((64, 64, 3), level, np.uint8)
    mask = np.zeros((64, 64), bool)
    mask[16:48, 20:44] = True
    read = load_image(_cut_out(tmp_path / 'grey.png', bgr, mask, level))
    assert abs(int(read[0, 0, 0]) - level) > 60
    assert (read[mask] == level).all()


def test_a_soft_edge_is_blended_and_a_constant_alpha_dropped(tmp_path):
    """Half-transparent pixels mix object and background; an alpha of one value is no cut-out."""
    bgr = np.full((32, 32, 3), 200, np.uint8)
    mask = np.zeros((32, 32), bool)
    mask[8:24, 8:24] = True
    alpha = np.where(mask, 255, 0).astype(np.uint8)
    alpha[8:24, 8] = 128
    read = load_image(_cut_out(tmp_path / 'soft.png', bgr, mask, 200, alpha))
    background = int(read[0, 0, 0])
    assert background != 200
    assert abs(int(read[12, 8, 0]) - (200 + background) / 2) <= 1
    flat = load_image(_cut_out(tmp_path / 'flat.png', bgr, mask, 200,
                               np.full((32, 32), 7, np.uint8)))
    assert (flat == 200).all()

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A frame out of focus is no smoother, more matte or glossier object; texture edits still are."""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.vision.focus import pair_focus
from subtle_diff_ros.vision.image_io import load_image
from subtle_diff_ros.vision.pair import prepare_pair

PHOTOS = [os.path.join(OBJECTS, *p) for p in (
    ('eth80', 'cup', '1', 'cup1-090-090.png'), ('eth80', 'car', '2', 'car2-090-090.png'),
    ('coil100', 'obj10__0.png'), ('coil100', 'obj13__0.png'))]


@pytest.fixture(scope='module')
def backend():
    return AnalyticBackend()


def _photo(path):
    if not os.path.exists(path):
        pytest.skip(f'no photo at {path} (../shared/data is not beside the repository)')
    return load_image(path)


def _scene():
    """Return a glossy, grainy ellipse on a plain backdrop (no texture around it)."""
    rng = np.random.default_rng(2)
    mask = np.zeros((180, 240), np.uint8)
    cv2.ellipse(mask, (120, 90), (70, 50), 10, 0, 360, 1, -1)
    grain = cv2.GaussianBlur(rng.normal(0, 1, mask.shape).astype(np.float32), (0, 0), 1.0)
    yy, xx = np.mgrid[:180, :240]
    spots = sum(60.0 * np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / 8.0)
                for x, y in ((100, 75), (140, 100), (120, 70)))
    image = np.full(mask.shape + (3,), (205, 208, 212), np.float32)
    surface = np.float32((150, 60, 45)) + (6.0 * grain / grain.std() + spots)[..., None]
    image[mask > 0] = surface[mask > 0]
    return np.clip(image, 0, 255).astype(np.uint8)


def _blurred(image, sigma):
    return cv2.GaussianBlur(image, (0, 0), sigma)


@pytest.mark.parametrize('path', PHOTOS)
@pytest.mark.parametrize('sigma', [1.0, 1.5, 2.0])
def test_a_defocused_photo_of_the_same_object_has_no_other_texture(backend, path, sigma):
    photo = _photo(path)
    blurred = _blurred(photo, sigma)
    for images in ((blurred, photo), (photo, blurred)):
        description = backend.describe(*images, 'texture')
        assert description.no_difference, (sigma, description.sentence)


@pytest.mark.parametrize('sigma', [1.0, 1.5, 2.0])
def test_a_defocused_synthetic_scene_has_no_other_texture(backend, sigma):
    scene = _scene()
    blurred = _blurred(scene, sigma)
    for images in ((blurred, scene), (scene, blurred)):
        description = backend.describe(*images, 'texture')
        assert description.no_difference, (sigma, description.sentence)


@pytest.mark.parametrize('text', ['bring me the glossier cup', 'bring me the smoother cup',
                                  'bring me the more matte cup'])
@pytest.mark.parametrize('sigma', [1.2, 2.0])
def test_no_sure_texture_choice_between_a_photo_and_its_defocused_copy(backend, text, sigma):
    photo = _photo(PHOTOS[0])
    blurred = _blurred(photo, sigma)
    query = parse_difference(text, fallback=False)
    for images in ((photo, blurred), (blurred, photo)):
        result = backend.select(list(images), query)
        assert result.confidence < 0.75, (text, sigma, result)


@pytest.mark.parametrize('path', PHOTOS)
@pytest.mark.parametrize('edit, words', [('rougher', 'rougher'), ('smoother', 'smoother'),
                                         ('glossier', 'glossier'),
                                         ('more_matte', 'more matte')])
def test_texture_edits_of_sharp_photos_are_still_named(backend, path, edit, words):
    photo = _photo(path)
    try:
        edited = edit_object(photo, edit, 2)
    except Exception:  # the edit cannot reach two JNDs on this photo (a plain surface)
        pytest.skip(f'{edit} cannot be made on {os.path.basename(path)}')
    # A texture edit leaves the outline as sharp as it was: the pair is compared as taken.
    assert pair_focus(prepare_pair(edited, photo)) is None
    for images, first in (((edited, photo), True), ((photo, edited), False)):
        description = backend.describe(*images, 'texture')
        assert not description.no_difference, description.sentence
        assert (words in description.sentence) == first, description.sentence

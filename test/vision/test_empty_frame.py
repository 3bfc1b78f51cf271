# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A frame that is the other's scene without its object (``vision.pair.missing_object``).

An outside tester showed the measurement backend a cup on a table and the same table with the
cup taken away: "the darker cup" chose the empty table at 1.00, and describe called the cup
in the empty frame darker, wider and rougher. There is no object there to compare; the backend
now says which image shows none. Two different objects in one place are still compared.
"""

import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.text import parse_difference

ETH80 = os.path.join(OBJECTS, 'eth80')


def table(rng):
    """Return a 480x640 wall-and-table scene with a fine texture and sensor noise."""
    scene = np.zeros((480, 640, 3), np.float32) + np.float32((130, 140, 150))
    scene[300:] *= 0.85
    scene += cv2.GaussianBlur(rng.normal(0, 8, (480, 640, 1)).astype(np.float32), (0, 0), 1.2)[
        ..., None]
    return scene


def shot(scene, rng, thing=None):
    """Return the scene with ``thing`` (image, mask) pasted at its middle, and fresh noise."""
    image = scene.copy()
    if thing is not None:
        picture, mask = thing
        h, w = mask.shape
        y, x = 260 - h // 2, 320 - w // 2
        alpha = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 0.8)[..., None]
        image[y:y + h, x:x + w] = image[y:y + h, x:x + w] * (1 - alpha) + picture * alpha
    image += rng.normal(0, 2.0, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)


def drawn_mug(colour):
    """Return a drawn mug (RGB float image, bool mask): a body with a handle."""
    mask = np.zeros((150, 140), np.uint8)
    cv2.rectangle(mask, (10, 10), (100, 140), 1, -1)
    cv2.ellipse(mask, (100, 75), (32, 36), 0, -90, 90, 1, 12)
    picture = np.zeros((150, 140, 3), np.float32) + np.float32(colour)
    picture[:, :40] *= 0.85  # shading
    return picture, mask > 0


def eth80_cup(number):
    """Return an ETH-80 cup (RGB float image, bool mask) cut out by its mask file."""
    folder = os.path.join(ETH80, 'cup', str(number))
    image = cv2.imread(os.path.join(folder, f'cup{number}-090-000.png'))
    mask = cv2.imread(os.path.join(folder, 'masks', f'cup{number}-090-000-map.png'), 0)
    if image is None or mask is None:
        pytest.skip('ETH-80 photos not found under ../shared/data')
    ys, xs = np.nonzero(mask > 127)
    crop = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    return image[crop][:, :, ::-1].astype(np.float32), mask[crop] > 127


def assert_no_object_in(number, call):
    """Assert ``call`` refuses, saying that image ``number`` shows no object."""
    with pytest.raises(InvalidImageError, match=f'image {number} shows no object'):
        call()


@pytest.mark.parametrize('thing', ['drawn', 'eth80'])
def test_the_empty_frame_is_named_not_compared(thing):
    """Select and describe refuse a cup against its scene without it, in either order."""
    rng = np.random.default_rng(4)
    scene = table(rng)
    cup = drawn_mug((235, 235, 225)) if thing == 'drawn' else eth80_cup(3)
    with_cup, without = shot(scene, rng, cup), shot(scene, rng)
    backend = AnalyticBackend()
    for images, empty in (([with_cup, without], 2), ([without, with_cup], 1)):
        for text in ('the darker cup', 'the larger cup'):
            assert_no_object_in(empty, lambda: backend.select(images, parse_difference(text)))
        for attribute in ('color', 'shape', 'texture'):
            assert_no_object_in(empty, lambda: backend.describe(*images, attribute))


def test_a_small_cup_taken_away_is_noticed():
    """A cup a quarter of its size, about 40 pixels of a 640-pixel frame, is missed as well."""
    rng = np.random.default_rng(5)
    scene = table(rng)
    picture, mask = drawn_mug((60, 80, 150))
    small = (cv2.resize(picture, None, fx=0.3, fy=0.3, interpolation=cv2.INTER_AREA),
             cv2.resize(mask.astype(np.uint8), None, fx=0.3, fy=0.3,
                        interpolation=cv2.INTER_NEAREST) > 0)
    images = [shot(scene, rng, small), shot(scene, rng)]
    assert_no_object_in(2, lambda: AnalyticBackend().select(
        images, parse_difference('the darker cup')))


@pytest.mark.parametrize('blend', [0.25, 1.0])
def test_another_cup_in_the_same_place_is_compared(blend):
    """
    A faint or a plain other cup where the first one stood is an object: it is compared.

    ``blend``: how far the other cup's colour lies from the background's toward its own.
    """
    rng = np.random.default_rng(6)
    scene = table(rng)
    picture, mask = drawn_mug((235, 235, 225))
    other = blend * picture * 0.5 + (1.0 - blend) * np.float32((130, 140, 150))
    images = [shot(scene, rng, (picture, mask)), shot(scene, rng, (other, mask))]
    backend = AnalyticBackend()
    assert backend.select(images, parse_difference('the darker cup')).choice == 1
    assert backend.select(images[::-1], parse_difference('the darker cup')).choice == 0
    assert not backend.describe(*images, 'color').no_difference


@pytest.mark.parametrize('first, second, text, choice', [
    ('eth80/cup/1/cup1-090-000.png', 'eth80/cup/5/cup5-090-180.png', 'the narrower cup', 0),
    ('coil100/obj44__0.png', 'coil100/obj57__0.png', 'the longer thing', 0),
])
def test_a_smaller_object_inside_the_others_place_is_compared(first, second, text, choice):
    """A thin mug where a wide cup stands in the other photo is an object, not an empty frame."""
    paths = [os.path.join(OBJECTS, name) for name in (first, second)]
    if not all(os.path.exists(path) for path in paths):
        pytest.skip('ETH-80 / COIL-100 photos not found under ../shared/data')
    images = [cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB) for path in paths]
    assert AnalyticBackend().select(images, parse_difference(text)).choice == choice

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Pits and scratches on 1 % of a part, against its own reference photo, are a rougher part."""

import os

import cv2
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from worn_surfaces import photo_and_inner, pitted, scratched, second_capture

PHOTOS = [os.path.join(OBJECTS, 'eth80', 'cup', number, f'cup{number}-090-090.png')
          for number in ('1', '3', '6')]


@pytest.fixture(scope='module')
def backend():
    return AnalyticBackend()


def _says(description, word):
    return not description.no_difference and description.axis == 'roughness' \
        and word in description.sentence


@pytest.mark.parametrize('path', PHOTOS)
@pytest.mark.parametrize('defect', ['pits', 'scratches'])
def test_a_part_with_new_pits_or_scratches_is_described_as_rougher(backend, path, defect):
    photo, inner = photo_and_inner(path)
    worn = (pitted if defect == 'pits' else scratched)(photo, inner, 5)
    live = second_capture(worn, 6)
    rougher = backend.describe(live, photo, 'texture', object_name='part')
    smoother = backend.describe(photo, live, 'texture', object_name='part')
    assert _says(rougher, 'rougher'), rougher.sentence
    assert _says(smoother, 'smoother'), smoother.sentence


@pytest.mark.parametrize('path', PHOTOS)
def test_the_same_part_under_camera_nuisances_has_no_texture_difference(backend, path):
    photo, _ = photo_and_inner(path)
    for live in (second_capture(photo, 7), second_capture(photo, 8, shift=1.3),
                 cv2.GaussianBlur(photo, (0, 0), 1.2)):
        for images in ((live, photo), (photo, live)):
            description = backend.describe(*images, 'texture')
            assert description.no_difference, description.sentence

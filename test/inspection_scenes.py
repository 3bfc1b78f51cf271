# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Scenes the inspection tests share.

Scikit-image's coffee cup, its region and captures, and the aging benchmark's part on a photo of
../shared/data.
"""

from datetime import timedelta
import os

import cv2
import numpy as np
from paths import OBJECTS
import pytest
import skimage.data

from subtle_diff_ros.evaluation.bench_aging import prepare, SequenceSpec
from subtle_diff_ros.evaluation.photos import find_photos
from subtle_diff_ros.inspection.capture import AxisReading, Capture
from subtle_diff_ros.inspection.inspector import Inspector
from subtle_diff_ros.inspection.plan import Asset, Region
from subtle_diff_ros.inspection.times import parse_time
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.stimuli.aging import AgingSchedule
from subtle_diff_ros.stimuli.camera import camera_artefacts, light_change, shift_object

# The cup and saucer with some table around them, in the 300x200 picture's pixels.
CUP_BOX = (28, 0, 222, 198)
# When the tests' assets are commissioned.
START = parse_time('2026-01-05T09:00:00Z')


def commissioned(history, asset, reference, captures, start=START):
    """
    Return an inspector of ``asset`` in ``history``, commissioned on ``reference``.

    ``captures`` are its commissioning captures, taken an hour apart from ``start``; each must be
    valid.
    """
    inspector = Inspector(history, {asset.name: asset})
    inspector.commission(asset, reference, 'reference')
    for number, frame in enumerate(captures):
        result = inspector.inspect(asset.name, frame, start + timedelta(hours=number),
                                   commissioning=True)
        assert result.valid, result.reason
    return inspector


def measured_capture(reference, frame, asset, stage=None):
    """
    Stand in for ``inspect_capture``: a frame's first pixel minus 100 is its brightness change.

    In JND (1 L* each), with the matching colour difference; for tests of what the inspector
    does with readings, not how they are measured.
    """
    delta = float(frame[0, 0, 0]) - 100.0
    readings = {'brightness': AxisReading('brightness', delta, 1.0, 'L*', 60.0, 60.0 + delta),
                'color_difference': AxisReading('color_difference', abs(delta), 1.0, 'dE00',
                                                0.0, abs(delta))}
    return Capture(True, None, readings, {}, np.eye(3)[:2])


def flat_frame(delta=0.0):
    """Return a frame that ``measured_capture`` reads as ``delta`` JND brighter."""
    return np.full((32, 32, 3), 100 + delta, np.uint8)


def coffee():
    """Return the coffee photo at 300x200 (RGB uint8)."""
    return cv2.resize(skimage.data.coffee(), (300, 200), interpolation=cv2.INTER_AREA)


def cup_asset(**fields):
    """Return the cup asset (box region; fields override)."""
    fields.setdefault('region', Region('box', CUP_BOX))
    return Asset('cup', object_name='cup', **fields)


def capture_of(image, seed, level=1.0, tint=(1.0, 1.0, 1.0), edit=None, edit_level=0.0):
    """Return a capture: the edit on the object, the light, a sub-pixel shift, noise and JPEG."""
    rng = np.random.default_rng(seed)
    if edit:
        image = edit_object(image, edit, edit_level)
    image = light_change(image, level, tint)
    image, _ = shift_object(image, np.zeros(image.shape[:2], bool), rng, 0.7)
    return camera_artefacts(image, 1.5, 92, rng)


def benchmark_part(relative_path, seed):
    """
    Return the aging benchmark's (reference, alpha, mask, asset) of a photo of ../shared/data.

    ``relative_path`` is under the objects folder; the test is skipped when it is not there.
    """
    path = os.path.join(OBJECTS, relative_path)
    if not os.path.exists(path):
        pytest.skip(f'no photo at {path} (../shared/data is not beside the repository)')
    photo = next(p for p in find_photos(os.path.dirname(path)) if p.path == path)
    return prepare(SequenceSpec('part', photo, AgingSchedule('stable'), seed))

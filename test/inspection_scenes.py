# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A scene the inspection tests share: scikit-image's coffee cup, its region and captures."""

import cv2
import numpy as np
import skimage.data

from subtle_diff_ros.inspection.plan import Asset, Region
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.stimuli.camera import camera_artefacts, light_change, shift_object

# The cup and saucer with some table around them, in the 300x200 picture's pixels.
CUP_BOX = (28, 0, 222, 198)


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

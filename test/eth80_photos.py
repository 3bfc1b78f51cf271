# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""ETH-80 photos of ../shared/data with their masks, for tests on real objects."""

import os

from paths import OBJECTS
import pytest

from subtle_diff_ros.vision.image_io import load_image, load_mask


def eth80_photo(path):
    """
    Return (RGB photo, bool mask) of the ETH-80 photo at ``path``, with its mask file.

    The test is skipped when the photo is not there (../shared/data is not beside the
    repository).
    """
    if not os.path.exists(path):
        pytest.skip(f'no ETH-80 photo at {path} (../shared/data is not beside the repository)')
    folder, name = os.path.split(path)
    image = load_image(path)
    return image, load_mask(os.path.join(folder, 'masks', name[:-4] + '-map.png'), image.shape)


def eth80_cup(number: int, view: str = '090-000'):
    """Return (RGB photo, bool mask) of ETH-80 cup ``number`` seen from ``view``."""
    return eth80_photo(os.path.join(OBJECTS, 'eth80', 'cup', str(number),
                                    f'cup{number}-{view}.png'))

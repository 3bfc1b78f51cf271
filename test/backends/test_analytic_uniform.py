# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The measurement backend with a uniform picture: refused, not measured on a drawn blob."""

import numpy as np
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.text import parse_difference


def _cup():
    image = np.full((120, 160, 3), 200, np.uint8)
    image[30:90, 50:110] = (90, 60, 40)
    return image


def test_a_uniform_picture_is_refused_for_selection_and_description():
    """A grey frame is no 'darker cup' (it was chosen at confidence 1.00)."""
    grey = np.full((120, 160, 3), 90, np.uint8)
    backend = AnalyticBackend()
    with pytest.raises(InvalidImageError, match='image 2 is uniform'):
        backend.select([_cup(), grey], parse_difference('the darker cup', fallback=False))
    with pytest.raises(InvalidImageError, match='image 1 is uniform'):
        backend.describe(grey, _cup(), 'color')
    assert backend.select([_cup(), _cup() // 2],
                          parse_difference('the darker cup', fallback=False)).choice == 1

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A small inspection history of one asset, for the command-line tests."""

import numpy as np

from subtle_diff_ros.inspection.capture import AxisReading, Capture
from subtle_diff_ros.inspection.history import History

NOW = '2026-03-02T09:00:00Z'
DAY = 86400.0
START = 1767258000.0  # 2026-01-01T09:00:00Z


def random_image(seed):
    """Return a 64x48 RGB image of noise."""
    return np.random.default_rng(seed).integers(0, 255, (48, 64, 3), dtype=np.uint8)


def brightness_capture(delta):
    """Return a valid capture whose only reading is a brightness change of ``delta`` L*."""
    readings = {'brightness': AxisReading('brightness', delta, 1.0, 'L*', 60.0, 60.0 + delta)}
    return Capture(True, None, readings, {}, np.eye(3)[:2], [])


def cup_history(path, deltas):
    """
    Write a history of the asset cup (watching brightness) at ``path`` and return the path.

    One capture a day from START with these brightness changes; the first three commission it.
    """
    with History(path) as history:
        history.define_asset('cup', {'name': 'cup', 'watch': ['brightness']}, NOW)
        reference = history.add_reference('cup', random_image(0), 'ref.png', NOW)
        for day, delta in enumerate(deltas):
            history.record('cup', reference.id, START + day * DAY, random_image(day + 1),
                           brightness_capture(delta), day < 3, False, '', NOW)
    return path

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The latest camera frames: too old, or stamped ahead of the clock, is refused."""

import pytest

from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.service.frames import Frame, LatestFrames

SECOND = 10 ** 9
NOW = 1_800_000_000 * SECOND


def _frames(stamp_ns):
    frames = LatestFrames(['camera'])
    frames.put('camera', Frame(message=None, stamp_ns=stamp_ns, received_ns=NOW - SECOND,
                               frame_id='cam'))
    return frames


def test_a_fresh_frame_is_served_and_an_old_one_refused():
    assert _frames(NOW - SECOND // 2).get('camera', NOW, 2.0).frame_id == 'cam'
    with pytest.raises(SubtleDiffError, match='5.00 s old'):
        _frames(NOW - 5 * SECOND).get('camera', NOW, 2.0)


def test_a_frame_stamped_ahead_of_the_clock_is_refused():
    """A camera clock an hour ahead would keep a stopped camera's frame fresh for an hour."""
    assert _frames(NOW + SECOND).get('camera', NOW, 2.0).frame_id == 'cam'  # a little skew
    with pytest.raises(SubtleDiffError, match='3600.00 s ahead'):
        _frames(NOW + 3600 * SECOND).get('camera', NOW, 2.0)
    # no age limit: served
    assert _frames(NOW + 3600 * SECOND).get('camera', NOW, 0.0).frame_id == 'cam'

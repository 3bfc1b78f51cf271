# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Sensor noise alone does not move the outline of a dark part on a dark ground."""

import os

from inspection_scenes import benchmark_part
import numpy as np
import pytest

from subtle_diff_ros.inspection.capture import inspect_capture
from subtle_diff_ros.stimuli.camera import capture, light_change

SHAPES = ('height', 'width', 'size', 'roundness')


@pytest.mark.parametrize('name', ['obj31__270.png', 'obj14__270.png'])
def test_noisy_captures_of_a_dark_part_keep_its_shape(name):
    """COIL-100 figures on black cloth: without smoothing, one capture in three lost a rim."""
    reference, _, _, asset = benchmark_part(os.path.join('coil100', name), 0)
    worst = 0.0
    for number, level in enumerate((0.85, 1.0, 1.15) * 3):
        rng = np.random.default_rng(number)
        frame = capture(light_change(reference, level), rng, light=False, max_shift=0.0,
                        noise_sigma=2.0, jpeg_quality=90)
        result = inspect_capture(reference, frame, asset)
        assert result.valid, result.reason
        worst = max([worst] + [abs(result.readings[a].delta / result.readings[a].jnd)
                               for a in SHAPES])
    assert worst < 1.0  # under one just-noticeable difference

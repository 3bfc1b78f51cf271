# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Two inspections of one asset at once read and record the history one after the other."""

from datetime import timedelta
import threading
import time

from inspection_scenes import coffee, cup_asset, START
import numpy as np

from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.inspection.inspector import Inspector
from subtle_diff_ros.stimuli.camera import capture


def test_the_last_commissioning_capture_is_taken_once_by_concurrent_inspections(tmp_path):
    """
    An inspection that starts while another records still counts it.

    The plan asks for 3 commissioning captures and 2 are done: of two inspections at once, one is
    "Commissioning capture 3 of 3", the other an ordinary inspection (not a fourth capture).
    """
    path = str(tmp_path / 'history.db')
    asset = cup_asset()
    reference = coffee()
    rng = np.random.default_rng(3)
    frames = [capture(reference, rng, light=False, max_shift=0.0) for _ in range(4)]
    with History(path) as history:
        inspector = Inspector(history, {'cup': asset})
        inspector.commission(asset, reference, 'coffee')
        for number in range(2):
            assert inspector.inspect('cup', frames[number], START + timedelta(hours=number)).valid

    first_records = threading.Event()
    results = {}

    def slow_recording(stage):
        if stage == 'recording':
            first_records.set()
            time.sleep(0.5)  # the second inspection starts now, while this one records

    def inspect(key, frame, when, stage):
        with History(path) as history:
            results[key] = Inspector(history, {'cup': asset}).inspect('cup', frame, when,
                                                                      stage=stage)

    first = threading.Thread(target=inspect, args=('first', frames[2], START + timedelta(hours=2),
                                                   slow_recording))
    first.start()
    assert first_records.wait(60)
    inspect('second', frames[3], START + timedelta(hours=3), lambda stage: None)
    first.join(60)

    assert results['first'].commissioning and 'capture 3 of' in results['first'].sentence
    assert not results['second'].commissioning, results['second'].sentence
    with History(path, read_only=True) as history:
        assert [i.commissioning for i in history.inspections('cup')] == [True, True, True, False]

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Trends on hand-made histories: baseline, noise floor, lasting changes, slopes, crossings."""

from dataclasses import replace

import pytest

from subtle_diff_ros.inspection import trends
from subtle_diff_ros.inspection.capture import AxisReading
from subtle_diff_ros.inspection.history import Inspection
from subtle_diff_ros.inspection.plan import Asset, Limit
from subtle_diff_ros.inspection.times import SECONDS_PER_WEEK

ASSET = Asset('hinge', watch=('brightness', 'warmth'), limits={'brightness': Limit(6.0)})


def _history(brightness, commissioning=(0.1, -0.1, 0.0), warmth=0.0, valid=None, alarms=()):
    """Return inspections: commissioning ones, then one a week with these brightness deltas."""
    found = []
    for number, delta in enumerate(commissioning):
        found.append(_inspection(len(found), -1.0 + 0.1 * number, delta, warmth, True))
    for week, delta in enumerate(brightness, start=1):
        ok = valid[week - 1] if valid else True
        found.append(_inspection(len(found), week, delta, warmth, False, ok,
                                 len(found) in alarms))
    return found


def _inspection(number, week, brightness, warmth, commissioning, valid=True, alarm=False):
    readings = {'brightness': AxisReading('brightness', brightness, 1.0, 'L*', 50, 50),
                'warmth': AxisReading('warmth', warmth, 0.6, 'a*b*', 0, 0)} if valid else {}
    return Inspection(number, 'hinge', 1, week * SECONDS_PER_WEEK, '', valid, None,
                      commissioning, False, '', {}, None, [], alarm, readings)


def test_identical_commissioning_captures_still_give_a_noise_floor():
    base = trends.baseline(_history([], (0.0, 0.0, 0.0)), ASSET)
    assert base.noise['brightness'] == pytest.approx(trends.MIN_NOISE_JND * 1.0)
    assert base.noise['warmth'] == pytest.approx(trends.MIN_NOISE_JND * 0.6)


def test_too_few_commissioning_captures_give_no_baseline():
    assert trends.baseline(_history([], (0.0, 0.1)), ASSET) is None
    states = trends.evaluate(_history([-3.0, -3.0, -7.0], (0.0, 0.1)), ASSET)
    # Without a noise floor only the limit counts.
    assert [s['brightness'].changed for s in states.values()] == [False, False, True]


def test_a_lasting_change_needs_consecutive_inspections_in_one_direction(monkeypatch):
    # This history is all excursions: the noise of its weeks (``successive_noise``) left out.
    monkeypatch.setattr(trends, 'SUCCESSIVE_MIN', 100)
    count = trends.LASTING_COUNT
    # Runs one short of a lasting change, broken by a return or a change of direction, then
    # one long enough, then one more of it.
    short = [-2.0] * (count - 1)
    weeks = [0.2] + short + [0.1] + short + [2.0] + short + [-2.5] + [-3.0]
    history = _history(weeks)
    states = trends.evaluate(history, ASSET)
    lasting = [states[i.id]['brightness'].lasting for i in history if i.id in states]
    assert lasting == [False] * (len(weeks) - 2) + [True, True]
    onset = states[history[-1].id]['brightness'].onset_s
    assert onset == history[-1 - count].time_s  # the first of the run


def test_the_baseline_is_taken_off_and_noise_widens_the_margin():
    noisy = _history([2.2] * trends.LASTING_COUNT, commissioning=(0.0, 1.0, -1.0))
    state = trends.evaluate(noisy, ASSET)[noisy[-1].id]['brightness']
    # NOISE_MULTIPLE times the RMS deviation of 1.0 from the median, and the median of three
    # captures is itself that uncertain: sqrt(1 + 1/3).
    assert state.margin_jnd == pytest.approx(trends.NOISE_MULTIPLE * (4.0 / 3.0) ** 0.5)
    assert not state.lasting  # 2.2 is past twice the noise, not past the change's
    shifted = _history([2.5] * trends.LASTING_COUNT, commissioning=(1.0, 1.1, 0.9))
    state = trends.evaluate(shifted, ASSET)[shifted[-1].id]['brightness']
    assert state.delta_jnd == pytest.approx(1.5) and state.lasting


def test_noise_seen_over_the_weeks_widens_a_margin_commissioning_set_too_narrow():
    """Three close commissioning captures, then noisy weeks: two high ones are no aging."""
    history = _history([0.8, -0.9, 0.7, -0.6, 1.3, 1.4, -0.5], commissioning=(0.0, 0.05, -0.05))
    states = trends.evaluate(history, ASSET)
    assert not any(s['brightness'].changed for s in states.values())
    assert trends.successive_noise([0.8, -0.9, 0.7]) is None  # too few differences yet
    assert trends.successive_noise([0.8, -0.9, 0.7, -0.6]) == pytest.approx(1.6 / 0.954)
    # A slow darkening under the same noise floor is still found, and when it passes 1.5 JND.
    slow = _history([0.1, -0.1, 0.0, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0],
                    commissioning=(0.0, 0.05, -0.05))
    states = trends.evaluate(slow, ASSET)
    lasting = [states[i.id]['brightness'].lasting for i in slow if i.id in states]
    assert lasting[-1] and not any(lasting[:5])
    assert states[slow[-1].id]['brightness'].onset_s == slow[8].time_s  # week 6: -1.5


def test_false_alarms_and_invalid_captures_are_left_out():
    # The second week is marked a false alarm, or was not a valid capture: the weeks around
    # it are consecutive.
    weeks = [-2.0, -9.0] + [-2.0] * (trends.LASTING_COUNT - 1)
    history = _history(weeks, alarms=(4,))
    states = trends.evaluate(history, ASSET)
    assert history[4].id not in states
    assert states[history[-1].id]['brightness'].lasting
    history = _history([-2.0] * len(weeks), valid=[True, False] + [True] * (len(weeks) - 2))
    states = trends.evaluate(history, ASSET)
    assert history[4].id not in states and states[history[-1].id]['brightness'].lasting


def test_above_the_limit_counts_at_once():
    history = _history([0.0, -6.5])
    state = trends.evaluate(history, ASSET)[history[-1].id]['brightness']
    assert state.above_limit and not state.lasting and state.changed


def test_slope_interval_and_projected_crossing():
    weekly = [0.0, 0.0, -1.0, -2.0, -3.0, -4.0]  # 1 JND darker a week from week 2 on
    history = _history(weekly)
    states = trends.evaluate(history, ASSET)
    counted = [i for i in history if i.id in states]
    latest = states[counted[-1].id]['brightness']
    fit = trends.trend(counted, states, 'brightness', latest)
    assert fit.slope_jnd_per_week == pytest.approx(-1.0)
    assert fit.slope_low <= -1.0 <= fit.slope_high
    assert not fit.crossed
    # -6 JND is reached two weeks after week 6.
    assert fit.crossing_s == pytest.approx(8 * SECONDS_PER_WEEK, rel=0.02)


def test_a_passed_limit_is_dated_when_it_was_passed():
    history = _history([0.0, -2.0, -4.0, -6.5, -7.0])
    states = trends.evaluate(history, ASSET)
    counted = [i for i in history if i.id in states]
    fit = trends.trend(counted, states, 'brightness', states[counted[-1].id]['brightness'])
    assert fit.crossed and fit.crossing_s == counted[3].time_s


def test_an_inspection_is_judged_on_the_commissioning_captures_before_it():
    """One dated before commissioning is not judged; captures after one do not judge it."""
    history = _history([-3.0] * trends.LASTING_COUNT)
    early = _inspection(10, -2.0, -9.0, 0.0, False)  # far past the limit, before commissioning
    states = trends.evaluate([early] + history, ASSET)
    assert early.id not in states
    assert states[history[-1].id]['brightness'].lasting
    assert states[history[-1].id]['brightness'].onset_s == history[3].time_s
    # Two more commissioning captures of the darker part, filed after the weeks, judge nothing
    # before them.
    late = [_inspection(11 + n, 3.0 + n, -3.0, 0.0, True) for n in range(2)]
    again = trends.evaluate(history + late, ASSET)
    assert again[history[-1].id]['brightness'].lasting


def test_a_long_history_fits_its_slope_on_a_bounded_number_of_points(monkeypatch):
    """Past MAX_SLOPE_POINTS, the slope is fitted on points spread evenly over its span."""
    seen = []
    real = trends.theilslopes

    def counting(values, weeks, alpha):
        seen.append(len(values))
        return real(values, weeks, alpha=alpha)
    monkeypatch.setattr(trends, 'theilslopes', counting)
    monkeypatch.setattr(trends, 'MAX_SLOPE_POINTS', 50)
    history = _history([-0.05 * week for week in range(400)])
    states = trends.evaluate(history, ASSET)
    latest = states[history[-1].id]['brightness']
    result = trends.trend(history, states, 'brightness', latest)
    assert seen == [50]
    assert result.slope_jnd_per_week == pytest.approx(-0.05, rel=0.02)


def test_a_crossing_beyond_the_times_kept_is_not_projected():
    # A slow change toward a far limit: a crossing after the year 10,000 overflowed every date
    # type the report is written with (a traceback for every asset of `report`); one after the
    # year 3000 is not projected now (these histories start in 1970).
    far = Asset('hinge', watch=('brightness', 'warmth'), limits={'brightness': Limit(1000.0)})
    history = _history([0.0, -2.0, -2.01, -2.02, -2.03, -2.04, -2.05])
    states = trends.evaluate(history, far)
    counted = [i for i in history if i.id in states]
    latest = states[counted[-1].id]['brightness']
    fit = trends.trend(counted, states, 'brightness', latest)
    assert fit.slope_jnd_per_week < 0 and not fit.crossed
    assert fit.crossing_s is None
    near = trends.trend(counted, states, 'brightness', replace(latest, limit_jnd=3.0))
    assert near.crossing_s == pytest.approx(102 * SECONDS_PER_WEEK, rel=0.01)  # 1.02 JND away

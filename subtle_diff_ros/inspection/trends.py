# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
What a history says about aging: change since commissioning, lasting changes, slopes, status.

Per asset and watched axis:

- **Baseline and noise floor** from the commissioning captures (at least
  ``plan.MIN_COMMISSIONING``, all valid): the baseline is their median delta against the
  reference, the noise floor their root mean square deviation from it, but never below
  ``MIN_NOISE_JND`` (identical captures would otherwise give a floor of zero).
- **Change since commissioning** of an inspection: its delta minus the baseline, in the axis's
  units and in just-noticeable differences (JND).
- **Margin**: ``NOISE_MULTIPLE`` times the noise of the change, but at least ``MIN_MARGIN_JND``.
  The change is the inspection's delta less the commissioning median, so its noise is the
  inspection's times sqrt(1 + 1/n) with n commissioning captures (``change_noise``: the median
  of three is itself off by about a noise floor over the square root of three; without it, three
  captures that fell low by chance made a stable part's usual readings a lasting change: seed
  1 false alarms 8 -> 4 of 2,186, right by 3 JND 298 -> 297 of 310, detection delays +0.02
  weeks; chosen there, and on seed 0 the one light-only alarm went). The inspection's noise is
  the noise floor, or the uncertainty its own light estimate leaves on the axis
  (``capture.AxisReading.light_sigma``) where that is larger: three commissioning captures
  rarely sample how far the light's estimate can be off (a tint of 0.4 % moves the chroma of a
  near-white part by half a JND), and a capture whose light is known less precisely (its
  static pixels few, dark in a channel, or flat under JPEG) needs a wider margin; likewise, on
  the extent axes, the uncertainty the pixel grid leaves on the live outline
  (``capture.AxisReading.outline_sigma``: three commissioning captures of a thin part can all
  take, or all leave, one column of an edge). Once there are
  ``SUCCESSIVE_MIN`` differences between consecutive counted inspections before it, their noise
  counts too where larger (``successive_noise`` of the latest ``SUCCESSIVE_WINDOW``
  differences: three commissioning captures can all fall
  close by chance, so that the floor they give is a fraction of the noise the weeks then show;
  consecutive inspections sample it again every week, while a slow aging moves them little
  apart). Chosen on the aging benchmark with seed 1: false alarms 11 -> 5 of 2,186 stable
  inspections, the sequences right by 3 JND and the detection delays unchanged (4 and 6
  differences: 6 and 7 false alarms). An inspection is
  *beyond* it when its change is larger; a change is **lasting** once ``LASTING_COUNT``
  consecutive valid inspections (false alarms left out) are beyond it in the same direction; its
  **onset** is the first of them. A change past the axis's **limit** counts at once.
- **Slope**: Theil-Sen (``scipy.stats.theilslopes``) of the change in JND per week, with its
  95 % interval, over the inspections since just before the onset (all, when there is none;
  at most ``MAX_SLOPE_POINTS`` of them, evenly spread, in a long history);
  the **projected crossing** of the limit follows the fitted line when the whole interval points
  toward it.

``LASTING_COUNT``, ``NOISE_MULTIPLE`` and ``MIN_NOISE_JND`` were chosen on the aging benchmark
(``evaluation/bench_aging.py``; ``evaluation/aging_scores.sweep`` replays the records under each
choice): of the sweep, the choice with the most sequences reported right by 3 JND among those
that meet all three of its targets, at most 2 % false alarms on the stable sequences of seed 1
and no light-only sequence flagged on those of seeds 0 to 4 and 10 to 14 (800 sequences).
Two inspections in a row, the earlier choice made without the light-only target, flagged 4 of
those 800: noise of a grey card's light estimate, or of a figure's gloss, that fell twice in a
row on the side away from a commissioning median that had fallen on the other. Three cost a
week of detection (mean delay after 1 JND +0.35 -> +1.35 weeks on seed 1, right by 3 JND 304
-> 302 of 310). The README gives the figures of seed 0 and of light-only seeds never used.
"""

from dataclasses import dataclass
import math
from typing import Dict, List, Optional, Sequence

import numpy as np
from scipy.stats import theilslopes

from .history import Inspection
from .plan import Asset
from .times import LATEST, SECONDS_PER_WEEK

LASTING_COUNT = 3
NOISE_MULTIPLE = 2.0
MIN_MARGIN_JND = 1.0
MIN_NOISE_JND = 0.25
# Confidence of the slope's interval.
SLOPE_CONFIDENCE = 0.95
# Successive differences of the counted inspections needed before their noise counts, and the
# median absolute difference of two independent Gaussian values per standard deviation
# (0.6745 * sqrt(2)).
SUCCESSIVE_MIN = 3
SUCCESSIVE_MEDIAN_RATIO = 0.954
# Bounds that keep a long history's report fast and small (hourly inspections for years): the
# successive differences counted (the latest ones), and the points of a slope (evenly spread
# over its span; Theil-Sen weighs every pair, n * n / 2 of them).
SUCCESSIVE_WINDOW = 256
MAX_SLOPE_POINTS = 1000


@dataclass
class AxisState:
    """
    One watched axis at one inspection, against the commissioning baseline.

    delta / delta_jnd: change since commissioning (axis units / JND). direction: +1 or -1 when
    beyond the margin, else 0. lasting / above_limit: see the module docstring. onset_s: time of
    the first inspection of a lasting change. light_sigma_jnd / outline_sigma_jnd: the
    uncertainties the inspection's light estimate and its outline's pixel grid leave on the axis
    (JND), least noises in its margin.
    """

    axis: str
    delta: float
    delta_jnd: float
    unit: str
    jnd: float
    direction: int
    margin_jnd: Optional[float]
    limit_jnd: float
    lasting: bool = False
    above_limit: bool = False
    onset_s: Optional[float] = None
    toward: Optional[str] = None
    light_sigma_jnd: float = 0.0
    outline_sigma_jnd: float = 0.0

    @property
    def changed(self) -> bool:
        """Return whether the axis shows a lasting or above-limit change."""
        return self.lasting or self.above_limit


@dataclass
class Baseline:
    """The commissioning baseline of each axis: median delta and noise floor (axis units)."""

    centre: Dict[str, float]
    noise: Dict[str, float]
    captures: int


def baseline(commissioning: Sequence[Inspection], asset: Asset,
             min_noise_jnd: float = MIN_NOISE_JND) -> Optional[Baseline]:
    """Return the baseline of the valid commissioning captures, or None with too few of them."""
    usable = [i for i in commissioning if i.valid and not i.false_alarm]
    if len(usable) < asset.commissioning_captures:
        return None
    centre, noise = {}, {}
    for axis in asset.watch:
        deltas = np.array([i.readings[axis].delta for i in usable if axis in i.readings])
        if deltas.size == 0:
            continue
        jnd = float(np.median([i.readings[axis].jnd for i in usable if axis in i.readings]))
        centre[axis] = float(np.median(deltas))
        spread = math.sqrt(float(np.sum((deltas - centre[axis]) ** 2)) / max(1, deltas.size - 1))
        noise[axis] = max(spread, min_noise_jnd * jnd)
    return Baseline(centre, noise, len(usable))


def successive_noise(deltas: Sequence[float]) -> Optional[float]:
    """
    Return the noise of a series from its successive differences, or None with too few of them.

    The median absolute difference of consecutive values over 0.954 (its ratio to the standard
    deviation of Gaussian noise): a slow trend barely moves consecutive values apart, and a
    single jump moves only one of the differences.
    """
    if len(deltas) < SUCCESSIVE_MIN + 1:
        return None
    return float(np.median(np.abs(np.diff(deltas)))) / SUCCESSIVE_MEDIAN_RATIO


def change_noise(noise: float, captures: int) -> float:
    """Return the noise of a change from a baseline of ``captures`` captures with ``noise``."""
    return noise * math.sqrt(1.0 + 1.0 / max(captures, 1))


def _state(inspection: Inspection, axis: str, base: Optional[Baseline], asset: Asset,
           noise_multiple: float, seen_noise: Optional[float] = None):
    reading = inspection.readings.get(axis)
    if reading is None:
        return None
    jnd = max(reading.jnd, 1e-12)
    delta = reading.delta - (base.centre.get(axis, 0.0) if base else 0.0)
    margin = None
    if base is not None and axis in base.noise:
        noise = change_noise(max(base.noise[axis], reading.light_sigma, reading.outline_sigma,
                                 seen_noise or 0.0), base.captures)
        margin = max(noise_multiple * noise / jnd, MIN_MARGIN_JND)
    limit = asset.limit(axis).jnd(jnd)
    delta_jnd = delta / jnd
    beyond = margin is not None and abs(delta_jnd) > margin
    direction = int(np.sign(delta_jnd)) if beyond or abs(delta_jnd) > limit else 0
    if axis == 'color_difference' and direction < 0:
        direction = 0  # a distance that shrank is no change
    return AxisState(axis, delta, delta_jnd, reading.unit, jnd, direction, margin, limit,
                     above_limit=direction != 0 and abs(delta_jnd) > limit,
                     toward=reading.toward, light_sigma_jnd=reading.light_sigma / jnd,
                     outline_sigma_jnd=reading.outline_sigma / jnd)


def evaluate(inspections: Sequence[Inspection], asset: Asset, lasting_count: int = LASTING_COUNT,
             noise_multiple: float = NOISE_MULTIPLE,
             min_noise_jnd: float = MIN_NOISE_JND) -> Dict[int, Dict[str, AxisState]]:
    """
    Return the axis states of every counted inspection, by inspection id.

    Counted are the valid inspections that are neither commissioning captures nor marked false
    alarms, in time order (``inspections`` are). Each is judged on the baseline of the
    commissioning captures before it: one dated before commissioning was complete is not
    judged (no state) when commissioning is complete later, and while it is not, only a
    change past a limit counts. ``lasting_count``, ``noise_multiple``, ``min_noise_jnd``: see
    the module docstring (the benchmark varies them).
    """
    complete = baseline([i for i in inspections if i.commissioning], asset,
                        min_noise_jnd) is not None
    before: List[Inspection] = []
    base = None
    states: Dict[int, Dict[str, AxisState]] = {}
    runs: Dict[str, List[Inspection]] = {axis: [] for axis in asset.watch}
    seen: Dict[str, List[float]] = {axis: [] for axis in asset.watch}
    for inspection in inspections:
        if inspection.commissioning:
            before.append(inspection)
            base = baseline(before, asset, min_noise_jnd)
            continue
        if not inspection.valid or inspection.false_alarm or (complete and base is None):
            continue
        found = {}
        for axis in asset.watch:
            state = _state(inspection, axis, base, asset, noise_multiple,
                           successive_noise(seen[axis][-SUCCESSIVE_WINDOW - 1:]))
            if state is None:
                continue
            seen[axis].append(inspection.readings[axis].delta)
            run = runs[axis]
            beyond = state.margin_jnd is not None and abs(state.delta_jnd) > state.margin_jnd
            if beyond and run and _direction(run[-1], axis, states) == state.direction:
                run.append(inspection)
            elif beyond and state.direction:
                runs[axis] = run = [inspection]
            else:
                runs[axis] = run = []
            if len(run) >= lasting_count:
                state.lasting = True
                state.onset_s = run[0].time_s
            found[axis] = state
        states[inspection.id] = found
    return states


def _direction(inspection: Inspection, axis: str, states) -> int:
    state = states.get(inspection.id, {}).get(axis)
    return state.direction if state else 0


@dataclass
class Trend:
    """The slope of one axis (JND per week, with its interval) and the projected crossing."""

    slope_jnd_per_week: Optional[float]
    slope_low: Optional[float]
    slope_high: Optional[float]
    crossing_s: Optional[float]
    crossed: bool
    intercept_jnd: Optional[float] = None
    start_s: Optional[float] = None

    def value_at(self, time_s: float) -> Optional[float]:
        """Return the fitted change (JND) at ``time_s``, or None without a fit."""
        if self.slope_jnd_per_week is None:
            return None
        return self.intercept_jnd + self.slope_jnd_per_week * time_s / SECONDS_PER_WEEK


def trend(inspections: Sequence[Inspection], states, axis: str,
          latest: AxisState) -> Trend:
    """
    Return the Theil-Sen trend of ``axis`` over the counted inspections (see the module).

    ``states``: ``evaluate``'s result; ``latest``: the axis's state at the latest inspection.
    """
    points = [(i.time_s, states[i.id][axis]) for i in inspections
              if i.id in states and axis in states[i.id]]
    if latest.onset_s is not None:
        start = max([t for t, _ in points if t < latest.onset_s], default=latest.onset_s)
        points = [(t, s) for t, s in points if t >= start]
    crossed = [t for t, s in points if s.above_limit and s.direction == latest.direction]
    if len(points) < 3 or points[-1][0] - points[0][0] <= 0:
        return Trend(None, None, None, crossed[0] if crossed else None, bool(crossed))
    if len(points) > MAX_SLOPE_POINTS:
        kept = np.unique(np.linspace(0, len(points) - 1, MAX_SLOPE_POINTS).round().astype(int))
        points = [points[k] for k in kept]
    weeks = np.array([t for t, _ in points]) / SECONDS_PER_WEEK
    values = np.array([s.delta_jnd for _, s in points])
    slope, intercept, low, high = theilslopes(values, weeks, alpha=SLOPE_CONFIDENCE)
    result = Trend(float(slope), float(low), float(high), crossed[0] if crossed else None,
                   bool(crossed), float(intercept), points[0][0])
    sign = latest.direction or int(np.sign(slope))
    if not crossed and sign and low * sign > 0 and high * sign > 0:
        target = sign * latest.limit_jnd
        weeks_at = (target - intercept) / slope
        if weeks[-1] < weeks_at < LATEST.timestamp() / SECONDS_PER_WEEK:
            # beyond the times the package keeps (year 3000) a crossing is not projected
            result.crossing_s = float(weeks_at * SECONDS_PER_WEEK)
    return result

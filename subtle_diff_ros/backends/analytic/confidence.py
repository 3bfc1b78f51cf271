# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
How sure the measurement backend is of a selection, calibrated on development data.

Selection scores are in just-noticeable units. The winner's probability is the softmax of the
scores at a temperature, then squeezed under a ceiling: with N candidates,
``1/N + (ceiling - 1/N) * (p - 1/N) / (1 - 1/N)``. The ceiling is what no margin overcomes:
two photos measured apart can be measured wrong by a wide margin (an automatic outline that
misses part of the object), and a query about a part is measured on the whole object. The
transform is monotone, so choices never change, only their confidence.

Temperature and ceiling depend on the attribute and on whether the pair is registered (image 2
shows image 1's scene moved by a shift, as a live frame and its reference) or two photos are
measured apart; a query naming a part takes at most ``PART_CEILING``. They were fitted by
maximum likelihood on development data only: the edit benchmark with seed 1 and the
development photo pairs (``benchmarks/analytic_confidence.py``).
"""

from typing import Dict, Optional, Tuple

# (attribute, registered) -> (temperature in just-noticeable units, ceiling), fitted by
# benchmarks/analytic_confidence.py (its JSON in benchmarks/results). Registered pairs are
# measured on the same pixels and are rarely wrong, hence sharp; shapes of two photos measured
# apart are wrong at any margin when an automatic outline misses part of an object.
CALIBRATION: Dict[Tuple[str, bool], Tuple[float, float]] = {
    ('color', True): (0.05, 0.99),
    ('color', False): (1.11, 1.0),
    ('shape', True): (1.409, 1.0),
    ('shape', False): (0.612, 0.65),
    ('texture', True): (0.063, 0.99),
    ('texture', False): (0.05, 0.87),
}
# The highest confidence of a query about a named part (measured on the whole object): right
# on 6 of the 9 development photo-pair texts that name a part.
PART_CEILING = 0.74


def calibration(attribute: str, registered: bool, part: Optional[str]) -> Tuple[float, float]:
    """Return (temperature, ceiling) for a selection (see the module docstring)."""
    temperature, ceiling = CALIBRATION.get((attribute, bool(registered)), (1.0, 1.0))
    if part:
        ceiling = min(ceiling, PART_CEILING)
    return temperature, ceiling


def squeeze(probability: float, candidates: int, ceiling: float) -> float:
    """Return the winner's ``probability`` mapped from [1/N, 1] onto [1/N, ceiling]."""
    floor = 1.0 / max(candidates, 1)
    if ceiling >= 1.0 or candidates < 2:
        return float(probability)
    return float(floor + (ceiling - floor) * (probability - floor) / (1.0 - floor))

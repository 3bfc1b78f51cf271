# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Results of selection and description, shared by every backend."""

from dataclasses import asdict, dataclass, field
from typing import Any, List, Optional, Tuple

from .query import DifferenceQuery


@dataclass
class SelectionResult:
    """
    The image a text fits.

    choice: 0-based index of the image the text calls Image 1, or of the one a command asks for.
    scores: one score per candidate; higher means the candidate fits the subject description.
    margin: score gap between the chosen candidate and the best other one (>= 0).
    confidence: calibrated probability in [0.5, 1] for two candidates (>= 1/N for N).
    method: the scoring method used ('s', 'sd', 'ensemble', 'analytic', ...).
    backend: the backend name.
    query: the parsed text.
    """

    choice: int
    scores: List[float]
    margin: float
    confidence: float
    method: str
    backend: str
    query: DifferenceQuery

    def to_dict(self):
        """Return the JSON form used by ``subtle-diff select``."""
        return {'choice': self.choice, 'scores': [float(s) for s in self.scores],
                'margin': float(self.margin), 'confidence': float(self.confidence),
                'method': self.method, 'backend': self.backend, 'query': self.query.to_dict()}


@dataclass
class AxisMeasurement:
    """One measured axis of a pair: both values, their difference and whether it is noticeable."""

    axis: str
    value_1: float
    value_2: float
    difference: float
    threshold: float
    noticeable: bool
    unit: str = ''

    def to_dict(self):
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass
class ChangedRegion:
    """A box in image 1's pixel coordinates where the objects differ, scored in [0, 1]."""

    x: int
    y: int
    width: int
    height: int
    score: float

    def to_dict(self):
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass
class DifferenceDescription:
    """
    One comparative sentence about a pair, with the evidence behind it.

    registration: how image 1's pixels map into image 2's (a ``vision.registration.Registration``)
    when the backend registered the pair, so that a picture can draw the regions on both.
    light_gains: image 2's light over image 1's (R, G, B, linear) when the two were frames of
    one scene under different light and the backend undid it before comparing; else None.
    """

    sentence: str
    no_difference: bool
    attribute: str
    axis: Optional[str] = None
    direction: int = 0
    measurements: List[AxisMeasurement] = field(default_factory=list)
    regions: List[ChangedRegion] = field(default_factory=list)
    backend: str = ''
    image_size: Tuple[int, int] = (0, 0)
    registration: Optional[Any] = field(default=None, repr=False, compare=False)
    light_gains: Optional[Tuple[float, float, float]] = None

    def to_dict(self):
        """Return the JSON form used by ``subtle-diff describe``."""
        return {'sentence': self.sentence, 'no_difference': self.no_difference,
                'attribute': self.attribute, 'axis': self.axis, 'direction': self.direction,
                'measurements': [m.to_dict() for m in self.measurements],
                'regions': [r.to_dict() for r in self.regions], 'backend': self.backend,
                'light_gains': None if self.light_gains is None else
                [round(float(g), 4) for g in self.light_gains]}

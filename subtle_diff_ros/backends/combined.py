# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Image-text probing and measurements together.

Selection multiplies the two backends' candidate probabilities (a product of experts), so a
confident measurement and a confident model both count. Queries the measurements cannot judge
(a text not parsed, the presence or count of a part) are answered by the image-text backend
alone. Description keeps the measurement
backend's calibrated abstention ("no noticeable difference" only when no axis passes its
threshold) and uses the image-text probing to choose among the noticeable axes: an axis whose
probed direction agrees with the measured one is preferred.
"""

from dataclasses import replace
from typing import Optional, Sequence

import numpy as np

from ..core.axes import PART_AXES
from ..core.decide import decide
from ..core.defects import surface_reading
from ..core.query import DifferenceQuery
from ..core.results import DifferenceDescription, SelectionResult
from ..core.wording import comparative_sentence


def _log_softmax(scores: Sequence[float], temperature: float) -> np.ndarray:
    z = np.asarray(scores, dtype=np.float64) / max(float(temperature), 1e-9)
    z = z - z.max()
    return z - np.log(np.exp(z).sum())


class CombinedBackend:
    """
    An image-text backend and the measurement backend answering together.

    ``probe_weight`` is how much the image-text evidence counts against the measurements: in
    selection, the weight of its log-probabilities; in description, the factor by which an axis
    whose probed direction agrees with the measurement is preferred.
    """

    # Texts the parser could not read go to the image-text backend, which scores them as given.
    reads_raw_text = True

    def __init__(self, image_text, analytic, probe_weight: float = 1.0):
        """Combine ``image_text`` (e.g. an ImageTextBackend) with ``analytic``."""
        self.name = 'combined'
        self.image_text = image_text
        self.analytic = analytic
        self.probe_weight = float(probe_weight)
        self.temperature = 1.0

    @property
    def model(self) -> str:
        """Return the image-text checkpoint (the measurements need none)."""
        return self.image_text.model

    @property
    def device(self) -> str:
        """Return the device of the image-text model."""
        return self.image_text.device

    def select_inputs(self, images, query: DifferenceQuery, method: Optional[str] = None,
                      masks=None):
        """Return (images, texts) the image-text part of ``select`` encodes."""
        return self.image_text.select_inputs(images, query, method, masks)

    def describe_inputs(self, image_1, image_2, masks=None):
        """Return (images, texts) the image-text part of ``describe`` encodes."""
        return self.image_text.describe_inputs(image_1, image_2, masks)

    def prefetch(self, images, texts) -> None:
        """Encode the images and texts of several requests into the image-text caches."""
        self.image_text.prefetch(images, texts)

    def select(self, images: Sequence[np.ndarray], query: DifferenceQuery,
               method: Optional[str] = None, masks=None) -> SelectionResult:
        """Choose by the sum of both backends' log-probabilities of fitting the subject."""
        probed = self.image_text.select(images, query, method=method, masks=masks)
        if not query.parsed or surface_reading(query).axis in PART_AXES:
            return replace(probed, backend=self.name)
        measured = self.analytic.select(images, query, masks=masks)
        scores = (self.probe_weight * _log_softmax(probed.scores, self.image_text.temperature)
                  + _log_softmax(measured.scores, getattr(self.analytic, 'temperature', None)
                                 or 1.0))
        choice, margin, confidence = decide(scores, query.subject, self.temperature, query.rank,
                                            query.excluded, query.only)
        return SelectionResult(choice=choice, scores=scores.tolist(), margin=margin,
                               confidence=confidence, method=f'{probed.method}+analytic',
                               backend=self.name, query=query)

    def describe(self, image_1: np.ndarray, image_2: np.ndarray, attribute: str,
                 object_name: Optional[str] = None, masks=None) -> DifferenceDescription:
        """Describe with the measured axes, ranked with the help of image-text probing."""
        measured = self.analytic.describe(image_1, image_2, attribute, object_name, masks)
        if measured.no_difference:
            return replace(measured, backend=self.name)
        probed = self.image_text.describe(image_1, image_2, attribute, object_name, masks)
        probe_direction = {m.axis: np.sign(m.difference) for m in probed.measurements}

        def rank(m):
            agrees = probe_direction.get(m.axis, 0) == np.sign(m.difference)
            return abs(m.difference) / max(m.threshold, 1e-9) * (
                1.0 + self.probe_weight * agrees)

        # The measured pick stays a candidate even when probing knows nothing of its axis.
        candidates = [m for m in measured.measurements if m.noticeable and (
            m.axis == measured.axis or (m.axis in probe_direction and m.axis != 'hue'))]
        best = max(candidates, key=rank, default=None)
        if best is None or best.axis == measured.axis:
            return replace(measured, backend=self.name)
        direction = 1 if best.difference > 0 else -1
        return replace(measured, backend=self.name, axis=best.axis, direction=direction,
                       sentence=comparative_sentence(best.axis, direction, object_name))

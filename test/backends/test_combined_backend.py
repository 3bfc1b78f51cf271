# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The combined backend: product of experts in selection, probing-ranked measured description."""

import numpy as np
from subtle_diff_ros.backends.combined import CombinedBackend
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from subtle_diff_ros.core.results import AxisMeasurement, DifferenceDescription, SelectionResult

QUERY = DifferenceQuery('color', 'brightness', -1, ASKED, 'cup', None, 'dark-colored cup',
                        'light-colored cup')
IMAGES = [np.zeros((8, 8, 3), np.uint8)] * 2


class FixedBackend:
    """A backend whose scores and description are given."""

    def __init__(self, name, scores, description, temperature=1.0):
        self.name, self.scores, self.description = name, scores, description
        self.temperature = temperature

    def select(self, images, query, method=None, masks=None):
        return SelectionResult(0, list(self.scores), 0.0, 0.5, method or 'x', self.name, query)

    def describe(self, image_1, image_2, attribute, object_name=None, masks=None):
        return self.description


def _m(axis, difference, threshold=1.0):
    return AxisMeasurement(axis, difference, 0.0, difference, threshold,
                           abs(difference) > threshold)


def _description(axis, direction, measurements, no_difference=False):
    return DifferenceDescription(sentence=f'{axis} {direction}', no_difference=no_difference,
                                 attribute='color', axis=axis, direction=direction,
                                 measurements=measurements, backend='x')


def test_selection_adds_log_probabilities_of_both_backends():
    probe = FixedBackend('clip', [0.0, 0.1], None, temperature=0.1)      # p = (0.27, 0.73)
    measure = FixedBackend('analytic', [2.0, 0.0], None, temperature=1.0)  # p = (0.88, 0.12)
    result = CombinedBackend(probe, measure).select(IMAGES, QUERY)
    expected = np.log([0.2689, 0.7311]) + np.log([0.8808, 0.1192])
    assert np.allclose(result.scores, expected, atol=1e-3)
    assert result.choice == 0 and result.backend == 'combined'
    assert CombinedBackend(probe, measure, probe_weight=5.0).select(IMAGES, QUERY).choice == 1


def test_description_keeps_the_measured_abstention():
    measured = _description(None, 0, [_m('brightness', 0.5)], no_difference=True)
    probed = _description('saturation', 1, [_m('saturation', 0.9)])
    result = CombinedBackend(FixedBackend('clip', [], probed),
                             FixedBackend('analytic', [], measured)).describe(
        *IMAGES, 'color', 'cup')
    assert result.no_difference and result.backend == 'combined'


def test_probing_that_agrees_promotes_a_noticeable_axis():
    measured = _description('brightness', -1, [_m('brightness', -1.5), _m('saturation', 1.3)])
    agreeing = _description('saturation', 1, [_m('brightness', 0.2), _m('saturation', 0.4)])
    result = CombinedBackend(FixedBackend('clip', [], agreeing),
                             FixedBackend('analytic', [], measured)).describe(
        *IMAGES, 'color', 'cup')
    assert (result.axis, result.direction) == ('saturation', 1)
    assert result.sentence == 'The cup in Image 1 is more saturated than in Image 2.'
    disagreeing = _description('saturation', 1, [_m('brightness', -0.2), _m('saturation', -0.4)])
    kept = CombinedBackend(FixedBackend('clip', [], disagreeing),
                           FixedBackend('analytic', [], measured)).describe(
        *IMAGES, 'color', 'cup')
    assert (kept.axis, kept.direction, kept.sentence) == ('brightness', -1, 'brightness -1')

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The asset report's sentence: what it says about limits, onsets and overdue inspections."""

from subtle_diff_ros.inspection.inspector import report_sentence


def _axis(axis, delta_jnd, above_limit, crossed, crossing=None):
    return {'axis': axis, 'direction': 1, 'delta_jnd': delta_jnd, 'slope_jnd_per_week': 0.8,
            'onset': '2026-02-09T00:00:00+00:00', 'limit_jnd': 8.0, 'above_limit': above_limit,
            'limit_crossed': crossed, 'limit_crossing': crossing}


def test_past_its_limit_only_while_the_latest_inspection_is_past_it():
    """An axis that passed its limit once and is back under it is not "past its limit"."""
    sentence = report_sentence('cup', [
        _axis('warmth', 8.6, True, True, '2026-03-23T00:00:00+00:00'),
        _axis('saturation', 6.9, False, True, '2026-03-23T00:00:00+00:00')],
        last_valid=1.0, overdue=False)
    warmth, saturation = sentence.split('; more saturated')
    assert 'past its limit of 8 JND' in warmth
    assert 'past its limit' not in saturation
    assert 'back under its limit of 8 JND, passed on 2026-03-23' in saturation


def test_a_projected_crossing_and_no_valid_inspection():
    """A limit not yet reached is given a date; without a valid inspection nothing is claimed."""
    sentence = report_sentence('hinge', [
        _axis('brightness', 3.0, False, False, '2026-06-01T00:00:00+00:00')],
        last_valid=1.0, overdue=False)
    assert 'expected around 2026-06-01' in sentence and sentence.startswith('The hinge is ')
    assert report_sentence('hinge', [], None, True) == 'The hinge has no valid inspection yet.'


def test_plural_assets_get_verbs_that_agree():
    """An asset called "hinges" is reported as the hinges are, have and show."""
    changed = report_sentence('hinges', [_axis('warmth', 3.0, False, False)], 1.0, False)
    assert changed.startswith('The hinges are warmer since 2026-02-09')
    assert report_sentence('hinges', [], 1.0, False) == \
        'The hinges show no lasting change since commissioning.'
    assert report_sentence('hinges', [], None, False) == 'The hinges have no valid inspection yet.'

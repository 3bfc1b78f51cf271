# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Defects named as parts ("the mug with scratches") are measured as the surface change."""

import os

from paths import OBJECTS
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.core.defects import defect_axis, surface_reading
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.text import parse_difference
from worn_surfaces import photo_and_inner, scratched

CUPS = [os.path.join(OBJECTS, 'eth80', 'cup', str(n), f'cup{n}-090-{view}.png')
        for n, view in ((9, '180'), (4, '090'), (2, '000'))]
pytestmark = pytest.mark.skipif(not os.path.exists(CUPS[0]), reason='no shared photos')


def _scratched(path, seed):
    """Return the photo and a copy with a dozen thin strokes across the object."""
    image, inner = photo_and_inner(path)
    return image, scratched(image, inner, seed, count=12)


@pytest.mark.parametrize('path', CUPS)
def test_the_cup_with_scratches_is_the_scratched_one(path):
    """Having scratches (or more of them) picks the scratched copy; lacking them the other."""
    clean, scratched = _scratched(path, seed=len(path))
    backend = AnalyticBackend()
    for text, wanted in (('bring me the cup with scratches', 1),
                         ('the mug with more scratch marks', 1),
                         ('pick the cup without scratches', 0),
                         ('the cup with fewer scratches', 0)):
        query = parse_difference(text)
        assert query.axis in ('presence', 'count')  # read as the text says it
        result = backend.select([clean, scratched], query)
        assert result.choice == wanted, text
        assert result.query.axis == query.axis  # the answer keeps the reading of the text


def test_defects_name_the_axis_they_change():
    """Each kind of defect moves the axis a person would measure it by."""
    assert defect_axis('scratches') == ('roughness', 1)
    assert defect_axis('rust spots') == ('roughness', 1)
    assert defect_axis('paint chips') == ('roughness', 1)
    assert defect_axis('dent') == ('curvature', 1)
    assert defect_axis('coffee stains') == ('brightness', -1)
    assert defect_axis('handle') is None
    assert defect_axis('buckle') is None  # a shoe's part, not a panel's buckling
    assert defect_axis('chocolate chips') is None
    assert defect_axis('spots') is None  # a pattern as often as a defect
    reading = surface_reading(parse_difference('the panel with fewer dents'))
    assert (reading.axis, reading.direction, reading.part) == ('curvature', -1, None)
    reading = surface_reading(parse_difference('the mug without a stain'))
    assert (reading.axis, reading.direction) == ('brightness', 1)


def test_other_parts_are_still_refused():
    """A handle's presence is no surface change: the measurement says it cannot judge it."""
    clean, scratched = _scratched(CUPS[0], seed=1)
    with pytest.raises(SubtleDiffError, match='handle'):
        AnalyticBackend().select([clean, scratched], parse_difference('the cup with a handle'))

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Text from a speech recogniser: hesitations, spoken punctuation, run-on commands, repairs."""

import pytest

from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.text.speech import read_transcript


@pytest.mark.parametrize('spoken, typed', [
    ('fetch the spoon with the uh longer handle please',
     'fetch the spoon with the longer handle please'),
    ('the connector in image two has no clip period', 'the connector in image two has no clip.'),
    ('the mug in image two is darker comma grab that one',
     'the mug in image two is darker, grab that one'),
    ('which mug is darker question mark', 'which mug is darker?'),
    ('the fork in image one has more prongs grab that one',
     'the fork in image one has more prongs, grab that one'),
])
def test_a_transcript_reads_as_typed(spoken, typed):
    """Hesitations go, spoken punctuation is written, a run-on command gets its comma."""
    assert read_transcript(spoken) == typed


@pytest.mark.parametrize('text', [
    'the drying period of the glue is longer in image 2',
    'over a period the part in image 2 got darker',
    "Don't take the bigger parcel",
    'I want you to grab the darker one',
    'you shouldnt take the red one',
    'the cups that get the most light are darker',
])
def test_words_that_are_no_dictation_stay(text):
    """A period of time, and a command verb after a negation or a subject, are left as said."""
    assert read_transcript(text) == text


@pytest.mark.parametrize('text, expected', [
    ('okay so the fork in image one has more prongs grab that one', ('count', 1, 1, 'prongs')),
    ('the connector in image two has no clip period', ('presence', -1, 2, 'clip')),
    ('um fetch the spoon with the uh longer handle please', ('length', 1, ASKED, 'handle')),
    ('the table in image one no sorry in image two is rounder than in image one',
     ('roundness', 1, 2, None)),
    ('the plastic in image one is a tad more blew than in image two', ('hue', 1, 1, None)),
    ('the spoon handel in image two is more bent than in image one',
     ('curvature', 1, 2, 'handle')),
])
def test_spoken_requests_are_understood(text, expected):
    """What a recogniser writes for a spoken request is read as the request."""
    query = parse_difference(text, fallback=False)
    assert (query.axis, query.direction, query.subject, query.part) == expected

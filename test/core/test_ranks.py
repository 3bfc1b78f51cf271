# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A command may ask for a place in the order other than the first, or rule candidates out."""

import pytest

from subtle_diff_ros.core.decide import decide
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.query import ASKED

SCORES = [0.5, 4.0, 2.0, -1.0]   # darkness of four candidates: the second is the darkest


def test_a_rank_chooses_that_place_in_the_order():
    """The second and third darkest of four, and the last place is the least dark."""
    assert decide(SCORES, ASKED, 1.0, rank=2)[0] == 2
    assert decide(SCORES, ASKED, 1.0, rank=3)[0] == 0
    assert decide(SCORES, ASKED, 1.0, rank=4)[0] == 3


def test_a_rank_is_surer_the_further_its_neighbours_are():
    """Confidence of a middle place rises with its distance from the places on either side."""
    near = decide([3.0, 2.1, 2.0], ASKED, 1.0, rank=2)[2]
    far = decide([8.0, 4.0, 0.0], ASKED, 1.0, rank=2)[2]
    assert 0.0 < near < 0.5 < far <= 1.0


def test_excluded_candidates_are_never_chosen():
    """The darkest except image 2 is the third; with two candidates the other is named."""
    assert decide(SCORES, ASKED, 1.0, excluded=(2,))[0] == 2
    assert decide(SCORES, ASKED, 1.0, rank=2, excluded=(2,))[0] == 0
    choice, _, confidence = decide([5.0, 1.0], ASKED, 1.0, excluded=(1,))
    assert (choice, confidence) == (1, 1.0)


@pytest.mark.parametrize('kwargs, words', [
    ({'rank': 5}, 'place 5'),
    ({'rank': 4, 'excluded': (1,)}, 'only 3 candidates'),
    ({'excluded': (1, 2, 3, 4)}, 'every candidate'),
    ({'excluded': (7,)}, 'image 7'),
])
def test_impossible_ranks_and_exclusions_are_refused(kwargs, words):
    """A place past the candidates, or ruling out all or a missing one, says so."""
    with pytest.raises(SubtleDiffError, match=words):
        decide(SCORES, ASKED, 1.0, **kwargs)


def test_a_statement_about_an_image_takes_no_rank():
    """A rank belongs to a command among candidates, not to "Image 1 is darker"."""
    with pytest.raises(SubtleDiffError, match='belongs to a command'):
        decide([1.0, 0.0], 1, 1.0, rank=2)

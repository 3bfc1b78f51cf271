# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The shared vocabulary: one table of axes and hues, the choice rule and the sentences."""

import math

import pytest
from subtle_diff_ros.core.axes import (ATTRIBUTE_AXES, ATTRIBUTES, AXES, hue_adjective,
                                       hue_of_word, HUES, opposite_adjective, PART_AXES,
                                       require_attribute)
from subtle_diff_ros.core.decide import decide, require_candidates
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.core.wording import comparative_sentence, no_difference_sentence


def test_every_axis_belongs_to_one_attribute_and_is_measured_there():
    assert set(ATTRIBUTE_AXES) == set(ATTRIBUTES)
    listed = [axis for axes in ATTRIBUTE_AXES.values() for axis in axes]
    # Presence and count of parts are shape axes that only image-text models can judge.
    assert sorted(listed + list(PART_AXES)) == sorted(AXES)
    assert all(AXES[axis].attribute == 'shape' for axis in PART_AXES)
    for attribute, axes in ATTRIBUTE_AXES.items():
        assert all(AXES[axis].attribute == attribute for axis in axes)


def test_every_hue_word_names_its_hue_and_every_opposite_is_a_hue():
    for hue in HUES.values():
        for word in hue.words + hue.comparatives:
            assert hue_of_word(word) == hue.name, word
            assert hue_of_word(word.upper() + ' ') == hue.name
        assert hue.opposite is None or hue.opposite in HUES
    assert hue_of_word('plaid') is None
    assert opposite_adjective('red') == 'greenish' and opposite_adjective('brown') == 'grayish'


def test_sentences_use_the_tables_words():
    assert comparative_sentence('brightness', -1, 'cup') == \
        'The cup in Image 1 is darker than in Image 2.'
    assert comparative_sentence('brightness', 1, None) == \
        'The object in Image 1 is brighter than in Image 2.'
    assert comparative_sentence('hue', 1, 'car', hue='orange') == \
        f'The car in Image 1 is more {hue_adjective("orange")} than in Image 2.'
    assert comparative_sentence('thickness', 1, 'mug', part='handle') == \
        'The handle of the mug in Image 1 is thicker than in Image 2.'
    assert no_difference_sentence('texture') == \
        'There is no noticeable difference in texture between Image 1 and Image 2.'
    with pytest.raises(ValueError):
        comparative_sentence('shininess', 1)


def test_require_attribute_names_the_valid_ones():
    assert require_attribute('shape') == 'shape'
    with pytest.raises(SubtleDiffError, match='color, shape, texture'):
        require_attribute('colour')


def test_decide_picks_the_subject_and_turns_image_2_sentences_around():
    choice, margin, confidence = decide([0.1, 0.7, 0.3], ASKED)
    assert choice == 1 and margin == pytest.approx(0.4)
    softmax = math.exp(0.7) / sum(math.exp(s) for s in (0.1, 0.7, 0.3))
    assert confidence == pytest.approx(softmax)
    # "Image 2 is darker": the darker candidate is Image 2, the other one is Image 1.
    assert decide([0.2, 0.9], 2)[0] == 0
    assert decide([0.5, 0.5], 1)[0] == 0  # ties go to the lowest index
    assert decide([1.0, 2.0], 1, temperature=100.0)[2] == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize('scores, subject, message', [
    ([0.3], 1, 'at least two candidate images, got 1'),
    ([0.1, float('nan')], 1, 'not finite'),
    ([0.1, 0.2, 0.3], 2, 'a sentence about Image 2 compares a pair: give exactly two images'),
    ([0.1, 0.2, 0.3], 1, 'a sentence about Image 1 compares a pair: give exactly two images'),
    ([0.1, 0.2], 3, 'unknown subject'),
])
def test_decide_refuses_what_it_cannot_choose_from(scores, subject, message):
    with pytest.raises(SubtleDiffError, match=message):
        decide(scores, subject)


def test_require_candidates_is_the_one_count_rule():
    require_candidates(2)
    with pytest.raises(SubtleDiffError, match='got 0'):
        require_candidates(0)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Names that print as nothing, break the line or pile marks up are no one-line names."""

import numpy as np
import pytest
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.wording import (BLANK_CHARACTERS, check_object_name,
                                          MAX_COMBINING_MARKS, off_line_characters)
from subtle_diff_ros.service.reference_store import ReferenceStore


@pytest.mark.parametrize('blank', sorted(BLANK_CHARACTERS))
@pytest.mark.parametrize('form', ['{}', 'mug{}', '{}{}{}'])
def test_a_name_with_a_blank_letter_is_refused(blank, form):
    """A Hangul filler or the blank Braille pattern printed as "The ㅤ in Image 1"."""
    name = form.format(blank, blank, blank)
    assert off_line_characters(name)
    with pytest.raises(SubtleDiffError, match=f'invisible .*U\\+{ord(blank):04X}') as error:
        check_object_name(name)
    assert blank not in str(error.value)  # said by its code point, not shown as blank


@pytest.mark.parametrize('separator', ['\u2028', '\u2029'])
def test_line_and_paragraph_separators_are_refused_in_names_and_sources(separator, tmp_path):
    """A reference's source took U+2028 and showed a line of its own in listings."""
    with pytest.raises(SubtleDiffError, match='control, invisible'):
        check_object_name(f'mug{separator}[ERROR] cup')
    store = ReferenceStore(str(tmp_path))
    with pytest.raises(SubtleDiffError, match='control, invisible'):
        store.save('ref', np.zeros((24, 32, 3), np.uint8), source=f'cam{separator}[ERROR] x')


def test_a_run_of_combining_marks_is_refused_past_the_limit():
    """'m' and 90 acute accents was a tower of marks; Vietnamese and Tibetan stacks are not."""
    assert check_object_name('m' + '\u0301' * MAX_COMBINING_MARKS) == \
        'm' + '\u0301' * MAX_COMBINING_MARKS
    for name in ('m' + '\u0301' * (MAX_COMBINING_MARKS + 1), 'm' + '\u0301' * 90,
                 'mug ' + '\u20dd' * 9):  # enclosing marks too
        with pytest.raises(SubtleDiffError, match=f'over {MAX_COMBINING_MARKS} combining marks'):
            check_object_name(name)
    for name in ('b\u00e1t \u0111\u1ec7', 'be\u0323\u0302', '\u0f66\u0f92\u0fb2\u0f74\u0f56',
                 'na\u00efve caf\u00e9', '\u0915\u094d\u0937 lamp', '\u2615\ufe0f mug'):
        assert check_object_name(name) == name
        assert off_line_characters(name) == []


@pytest.mark.parametrize('name', ['the', 'The', ' A ', 'an', 'the the', 'a\u00a0the',
                                  '\uff34\uff28\uff25'])
def test_a_name_that_is_only_articles_is_refused(name):
    """'the' printed "The the in Image 1"; a plan's object 'the' would name no object."""
    with pytest.raises(SubtleDiffError, match='only an article'):
        check_object_name(name)


@pytest.mark.parametrize('name', ['the mug', 'a lid', 'anvil', 'A4 sheet', 'theme'])
def test_names_with_an_article_and_a_word_are_kept(name):
    assert check_object_name(name) == name


@pytest.mark.parametrize('name', ['\ufe0f', '\u180b', '\U000e0100', '\u0300', '\u1cbb',
                                  '\u200dmug', 'mug\u200d'])
def test_names_that_show_nothing_or_hold_unassigned_or_loose_joiners_are_refused(name):
    with pytest.raises(SubtleDiffError):
        check_object_name(name)


@pytest.mark.parametrize('name', ['\U0001f468\u200d\U0001f469\u200d\U0001f467',
                                  '\U0001f3f3\ufe0f\u200d\U0001f308',
                                  '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
                                  '\u0915\u094d\u200d\u0937'])
def test_joiners_inside_a_spelling_or_an_emoji_sequence_are_taken(name):
    assert check_object_name(name) == name

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Sentences with the user's object names: articles, line breaks and plural agreement."""

import pytest

from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.wording import aging_sentence, check_object_name, comparative_sentence


@pytest.mark.parametrize('name, sentence', [
    ('hinge', 'The hinge in Image 1 is darker than in Image 2.'),
    ('the hinge', 'The hinge in Image 1 is darker than in Image 2.'),
    ('  door\n hinge ', 'The door hinge in Image 1 is darker than in Image 2.'),
    ('', 'The object in Image 1 is darker than in Image 2.'),
    ('mugs', 'The mugs in Image 1 are darker than in Image 2.'),
    ('lens', 'The lens in Image 1 is darker than in Image 2.'),
    ('handles of the cup', 'The handles of the cup in Image 1 are darker than in Image 2.'),
])
def test_describe_sentence_takes_the_name_as_given_and_agrees_with_it(name, sentence):
    """A name with an article, a line break or a plural still makes one correct sentence."""
    assert comparative_sentence('brightness', -1, name) == sentence


def test_part_and_aging_sentences_agree_with_plural_things():
    """Plural things have parts and show changes in the plural."""
    assert comparative_sentence('presence', -1, 'kettles', 'lid') == \
        'The kettles in Image 1 have no lid, unlike in Image 2.'
    assert aging_sentence('bolts', [('brightness', -1, 3.0, None)], None) == \
        'The bolts are darker than at commissioning.'
    assert aging_sentence('bolt', [], 1.2) == \
        'The bolt shows no lasting change since commissioning (ΔE 1.2).'


def test_a_blank_or_missing_object_name_is_no_name():
    assert check_object_name(None) is None
    assert check_object_name('   ') is None
    assert check_object_name(' mug ') == 'mug'


def test_a_hue_turned_away_from_its_name_is_less_of_it():
    assert comparative_sentence('hue', 1, 'cup', hue='red') == \
        'The cup in Image 1 is more reddish than in Image 2.'
    assert comparative_sentence('hue', -1, 'cup', hue='red') == \
        'The cup in Image 1 is less reddish than in Image 2.'


@pytest.mark.parametrize('name', ['m\u200dug', 'm\u200bug', '\ufeffmug', 'mu\u00adg',
                                  'mug\U000e0041', 'mug\nINJECTED', 'mug\tcup'])
def test_an_object_name_with_an_invisible_character_is_refused(name):
    """Zero-width joiners and spaces, a BOM, a soft hyphen, a tag, a line end: no name."""
    with pytest.raises(SubtleDiffError, match='invisible'):
        check_object_name(name)

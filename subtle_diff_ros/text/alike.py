# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Texts that say the two images are alike in the axis they name, not which has more of it.

"The cup in image 1 is as dark as in image 2", "both are equally round", "similar in
roundness", "neither mug is shinier": answering such a text with a choice would be a confident
answer to a question nobody asked, so the parser refuses them. "Not as dark as", "twice as
dark as" and "nearly as dark as" do compare, and are left to the rules.
"""

from typing import List, Optional

from .lexicon import NEGATION_WORDS

# Words that say two things are alike ("equally round", "the same shade", "similar in size").
_SAME = frozenset(('equally', 'same', 'identical', 'identically', 'alike', 'similar',
                   'similarly', 'indistinguishable', 'equal', 'comparable', 'comparably',
                   'equivalent', 'matching', 'evenly'))
# Words that deny the difference for both images ("neither is darker", "none of them").
_NO_ONE = frozenset(('neither', 'none', 'nor', 'nobody', 'nothing'))
# Words before "as X as" that turn it into a comparison ("twice as dark", "not nearly as").
_COMPARING = NEGATION_WORDS | frozenset(('twice', 'thrice', 'times', 'half', 'nearly',
                                         'almost', 'quarter', 'third', 'fifth', 'tenth',
                                         'fraction', 'nowhere'))
# How far before "as X as" such a word may stand ("doesn't look quite as dark as").
_AS_REACH = 4
# How far (in tokens) a "same" word may stand from the difference word it speaks of.
_SAME_REACH = 3


def alike_cue(words: List[str], index: int, clauses: List[int],
              comparative: bool) -> Optional[str]:
    """
    Return the words that make the text say "alike" about the difference word at ``index``.

    ``words`` are the parser's token forms, ``clauses`` the clause of each token and
    ``comparative`` whether the difference was said as a comparison ("darker", "more round").
    Returns None for a text that compares.
    """
    clause = clauses[index]
    for j in range(index - 1, -1, -1):
        if clauses[j] != clause:
            break
        if words[j] in _NO_ONE:
            return ' '.join(words[j:index + 1])
    if comparative:
        return None
    if index > 0 and words[index - 1] == 'as':
        before = [w for j, w in enumerate(words[max(index - 2 - _AS_REACH, 0):index - 1])
                  if clauses[j + max(index - 2 - _AS_REACH, 0)] == clause]
        if not any(w in _COMPARING or w.endswith("n't") for w in before):
            end = index + 2 if index + 1 < len(words) and words[index + 1] == 'as' else index + 1
            return ' '.join(words[index - 1:end])
    lo, hi = max(index - _SAME_REACH, 0), min(index + _SAME_REACH + 1, len(words))
    for j in range(lo, hi):
        if words[j] in _SAME and clauses[j] == clause and not _names_the_thing(words, j) and \
                not _SPEAKERS & set(words[min(j, index) + 1:max(j, index)]):
            return ' '.join(words[min(j, index):max(j, index) + 1])
    return None


# Subjects of a speaker's own clause between a difference word and a "same" word ("the tile
# that leans more towards orange, we're matching the old kitchen"): not said of the images.
_SPEAKERS = frozenset(('i', "i'm", 'im', 'we', "we're", 'you', "you're", 'they',
                       "they're", "i've", "we've"))


# Verbs that say "both" of the images have the difference ("both are darker", "both look").
_BOTH_VERBS = frozenset(('are', 'were', 'is', 'look', 'looks', 'seem', 'seems', 'appear',
                         'appears', 'got', 'get', 'have', 'has', 'became', 'become', 'turned',
                         'went', 'r'))
# Words before "both" that make it the pair chosen from ("the darker of both", "which of both").
_FROM_BOTH = frozenset(('of', 'between', 'from', 'among', 'which', 'what', 'on', 'in', 'at',
                        'to', 'compare', 'compared', 'comparing'))


def both_cue(words: List[str], index: int, clauses: List[int]) -> Optional[str]:
    """
    Return the words that say the difference word at ``index`` of both images, or None.

    "Both are darker", "both cups look rounder": said of the two, so of neither; "the darker of
    both", "which of both is darker" and "of both cups, the darker one" choose one of them.
    """
    clause = clauses[index]
    for j in range(index - 1, -1, -1):
        if clauses[j] != clause or words[j] in (',', 'image', 'one', 'ones'):
            return None  # another clause, or an image or one of the two named after "both"
        if words[j] == 'both':
            if j > 0 and words[j - 1] in _FROM_BOTH:
                return None
            if any(w in _BOTH_VERBS for w in words[j + 1:index]):
                return ' '.join(words[j:index + 1])
            return None
    return None


# Nouns after "same" that say in what two things are alike ("the same colour", "same size").
_QUALITY_NOUNS = frozenset((
    'colour', 'color', 'colours', 'colors', 'shade', 'shades', 'tone', 'tones', 'hue', 'tint',
    'size', 'shape', 'height', 'width', 'length', 'thickness', 'texture', 'finish', 'gloss',
    'sheen', 'shine', 'brightness', 'darkness', 'saturation', 'roughness', 'roundness', 'amount',
    'degree', 'level', 'extent', 'way', 'look', 'appearance', 'proportions', 'profile',
    'surface', 'curvature', 'warmth'))


def _names_the_thing(words: List[str], j: int) -> bool:
    """Return True for "the same collar": "same" says which thing, not that two are alike."""
    after = words[j + 1] if j + 1 < len(words) else ''
    return words[j] == 'same' and after.isalpha() and after not in _QUALITY_NOUNS and \
        after not in ('as', 'again', 'too', 'though', 'and', 'but', 'or', 'to', 'for', 'in',
                      'on', 'at', 'with', 'than')

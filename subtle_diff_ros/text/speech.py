# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Read text that came through a speech recogniser as it would have been typed.

Operators speak to the robot and inspectors dictate: the words arrive without punctuation, with
hesitations ("uh", "um"), with punctuation spoken as words ("the clip is missing period"), and
one clause runs into the next ("the fork has more prongs grab that one"). The rules read
punctuation and clauses, so a transcript is given them back first.
"""

import re

# Hesitations, wherever they fall ("the spoon with the uh longer handle").
_HESITATIONS = re.compile(r'\s*\b(?:u+h+|u+m+|u+h+m+|e+r+m+|h+m{2,})\b[\s,.]*(?=\S)', re.I)

# Punctuation dictated as words; not "the period", "a period of", "over each period".
_NOT_DICTATED_AFTER = frozenset((
    'the', 'a', 'an', 'this', 'that', 'each', 'every', 'per', 'same', 'trial', 'test',
    'warranty', 'grace', 'time', 'waiting', 'cooling', 'drying', 'curing', 'long', 'short',
    'first', 'second', 'last'))
_DICTATED = (
    (re.compile(r'\s*\b(?:period|full\s+stop|new\s+line|next\s+line|new\s+paragraph)\b'
                r'(?!\s+of\b)', re.I), '.'),
    (re.compile(r'\s*\bcomma\b', re.I), ','),
    (re.compile(r'\s*\bsemicolon\b', re.I), ';'),
    (re.compile(r'\s*\bquestion\s+mark\b', re.I), '?'),
    (re.compile(r'\s*\bexclamation\s+(?:mark|point)\b', re.I), '!'),
)
_WORD_BEFORE = re.compile(r"([\w']+)[^\w']*$")
# Characters looked back for the word before a match (a word and its spaces; a bounded window
# keeps a text of many matches linear).
_LOOK_BACK = 40


def _word_before(match) -> str:
    """Return the lower-case word just before ``match`` in its text, or ''."""
    found = _WORD_BEFORE.search(match.string, max(0, match.start() - _LOOK_BACK), match.start())
    return found.group(1).lower() if found else ''


# A command that runs on from a statement without a break: "... more prongs grab that one".
_RUN_ON_COMMAND = re.compile(r'(?<=[a-z0-9])\s+(?=(?:grab|take|bring|fetch|pick|get|hand|give)'
                             r'\s+(?:me\s+|us\s+)?(?:that|this|it|the|one|those)\b)', re.I)
# Words after which the command verb belongs to the clause ("I want you to grab that one").
_COMMAND_OPENERS = frozenset((
    'to', 'and', 'please', 'pls', 'plz', 'you', 'i', 'we', "i'll", "we'll", 'can', 'could',
    'would', 'will', 'just', 'then', 'so', 'now', 'robot', 'ok', 'okay', "let's", 'lets', 'go',
    'should', 'must', 'or', 'also', 'kindly', 'quickly', 'not', "don't", 'dont', 'never',
    'always', 'wanna', 'gonna', 'gotta', 'might', 'may', 'shall', 'else', 'who', 'which',
    'that', 'it', 'they', 'them', 'me', 'us'))


def _break_run_on(match) -> str:
    word = _word_before(match)
    if not word or word in _COMMAND_OPENERS or word.endswith("n't") or \
            re.fullmatch(r'(?:do|does|did|should|would|could|ca|wo|must)nt', word):
        return match.group(0)
    return ', '


def read_transcript(text: str) -> str:
    """Return ``text`` without hesitations, with spoken punctuation and run-on breaks marked."""
    text = _HESITATIONS.sub(' ', text)
    for pattern, mark in _DICTATED:
        text = pattern.sub(lambda match, mark=mark: match.group(0) if _word_before(match)
                           in _NOT_DICTATED_AFTER else mark, text)
    text = _RUN_ON_COMMAND.sub(_break_run_on, text)
    return re.sub(r'[ \t]{2,}', ' ', text).strip()

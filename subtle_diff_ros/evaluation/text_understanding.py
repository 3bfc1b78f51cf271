# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Measure the text understanding on the Subtle-Diff validation annotations.

The two annotation files line up by pair ``name`` and attribute ``key``. In
``capt_renamed_val_annotations.json`` Image 1 is the *before* image, so a sentence about Image 1
has the Task 1 answer "Before" in ``class_renamed_val_annotations.json`` and a sentence about
Image 2 the answer "After". Hand labels (``test/data/axis_labels.csv``) give the axis, the
direction and the subject of a sample of capt_renamed sentences, identified by pair, key and
position only; the axis ``none`` marks a difference that no measured axis expresses (a part
present in one image only): the parser is right to decline it or to read it on a part axis
(``presence``, ``count``).
"""

from collections import Counter
import csv
import json
import os
from typing import Dict, Iterator, Optional, Tuple

from ..core.axes import ATTRIBUTES, PART_AXES
from ..core.errors import QueryParseError
from ..text import parse_difference

CAPTIONS_FILE = 'capt_renamed_val_annotations.json'
QUESTIONS_FILE = 'class_renamed_val_annotations.json'
QUESTION_SUFFIX = 'Which is image 1: After or Before?'
ANSWER_SUBJECT = {'Before': 1, 'After': 2}
# Hand label for a sentence whose difference lies on none of the axes.
NO_AXIS = 'none'


def attribute_of(name_or_key: str) -> str:
    """Return 'color', 'shape' or 'texture' for "texture(about ...)" or a key like "color_2"."""
    for attribute in ATTRIBUTES:
        if name_or_key.startswith(attribute):
            return attribute
    raise ValueError(f'no Subtle-Diff attribute in {name_or_key!r}')


def load_annotations(data_dir: str) -> Tuple[list, list]:
    """Return the (captions, questions) lists from a Subtle-Diff annotation folder."""
    with open(os.path.join(data_dir, CAPTIONS_FILE), encoding='utf-8') as f:
        captions = json.load(f)
    with open(os.path.join(data_dir, QUESTIONS_FILE), encoding='utf-8') as f:
        questions = json.load(f)
    return captions, questions


def caption_sentences(captions) -> Iterator[Tuple[str, str, int, str, str]]:
    """Yield (pair, key, index, attribute, sentence) for every capt_renamed sentence."""
    for pair in captions:
        for index, item in enumerate(pair['attributes']):
            yield pair['name'], item['key'], index, attribute_of(item['name']), item['value']


def question_sentences(questions) -> Iterator[Tuple[str, str, str, str, str]]:
    """Yield (pair, key, attribute, sentence without the question, answer) per Task 1 item."""
    for pair in questions:
        for item in pair['attributes']:
            sentence = item['question']
            if sentence.endswith(QUESTION_SUFFIX):
                sentence = sentence[:-len(QUESTION_SUFFIX)]
            yield pair['name'], item['key'], attribute_of(item['key']), sentence.strip(), \
                item['answer']


def load_labels(path: str) -> Dict[Tuple[str, str], dict]:
    """Return hand labels keyed by (pair, key)."""
    with open(path, newline='', encoding='utf-8') as f:
        return {(row['pair'], row['key']): row for row in csv.DictReader(f)}


def _parse(sentence: str, attribute: Optional[str]):
    try:
        return parse_difference(sentence, attribute)
    except QueryParseError:
        return None


def _ratio(num: int, den: int) -> Optional[float]:
    return num / den if den else None


def measure(data_dir: str, labels_path: str, use_hint: bool = True) -> dict:
    """
    Return coverage, subject accuracy and labelled axis/direction accuracy per attribute.

    With ``use_hint`` the annotation's attribute name is passed to the parser; without it the
    parser reads the sentence alone.
    """
    captions, questions = load_annotations(data_dir)
    labels = load_labels(labels_path)
    answers = {(pair, key): answer for pair, key, _, _, answer in question_sentences(questions)}
    counts = {a: Counter() for a in ATTRIBUTES}
    for pair, key, index, attribute, sentence in caption_sentences(captions):
        c = counts[attribute]
        query = _parse(sentence, attribute if use_hint else None)
        c['captions'] += 1
        c['captions_understood'] += query is not None
        answer = answers.get((pair, key))
        if answer in ANSWER_SUBJECT:
            c['subject_compared'] += 1
            c['subject_agree'] += query is not None and query.subject == ANSWER_SUBJECT[answer]
        label = labels.get((pair, key))
        if label is not None:
            if int(label['index']) != index or label['attribute'] != attribute:
                raise ValueError(f'label for {pair} {key} does not match the annotation file')
            c['labelled'] += 1
            if label['axis'] == NO_AXIS:
                # A difference no measured axis expresses (a part present in one image only):
                # right when the parser declines it or reads it on a part axis.
                right = query is None or query.axis in PART_AXES
                c['axis_correct'] += right
                c['axis_direction_correct'] += right
                c['label_subject_correct'] += query is None or \
                    str(query.subject) == label['subject']
                continue
            if query is None:
                continue
            axis_ok = query.axis == label['axis']
            direction_ok = axis_ok and query.direction == int(label['direction'])
            if label['hue']:
                direction_ok = direction_ok and query.hue == label['hue']
            c['axis_correct'] += axis_ok
            c['axis_direction_correct'] += direction_ok
            c['label_subject_correct'] += str(query.subject) == label['subject']
    for pair, key, attribute, sentence, _ in question_sentences(questions):
        c = counts[attribute]
        c['questions'] += 1
        c['questions_understood'] += _parse(sentence, attribute if use_hint else None) is not None
    result = {}
    for attribute, c in counts.items():
        result[attribute] = {
            'captions': c['captions'],
            'caption_coverage': _ratio(c['captions_understood'], c['captions']),
            'questions': c['questions'],
            'question_coverage': _ratio(c['questions_understood'], c['questions']),
            'subject_compared': c['subject_compared'],
            'subject_accuracy': _ratio(c['subject_agree'], c['subject_compared']),
            'labelled': c['labelled'],
            'axis_accuracy': _ratio(c['axis_correct'], c['labelled']),
            'axis_direction_accuracy': _ratio(c['axis_direction_correct'], c['labelled']),
            'labelled_subject_accuracy': _ratio(c['label_subject_correct'], c['labelled']),
        }
    return result

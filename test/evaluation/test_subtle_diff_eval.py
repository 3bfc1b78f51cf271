# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests of ``subtle-diff eval`` on a small set in the Subtle-Diff challenge layout."""

import json
from pathlib import Path

import cv2
import numpy as np
from paths import OBJECTS
import pytest

from subtle_diff_ros.backends import base as backends
from subtle_diff_ros.cli import main
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.core.results import DifferenceDescription, SelectionResult
from subtle_diff_ros.evaluation.caption_metrics import caption_scores, tokenize
from subtle_diff_ros.evaluation.subtle_diff_eval import (after_first, evaluate_subtle_diff,
                                                         format_tables, read_pairs)
from subtle_diff_ros.vision.image_io import load_image, save_image

CUPS = Path(OBJECTS) / 'eth80' / 'cup'
TAIL = ' Which is image 1: After or Before?'
TEXTURE = 'texture(about roughness and glossiness only)'

# Sentences written for these tests: (key, sentence about Image 1, answer).
QUESTIONS = {
    'val/v9_1_cup': [
        ('color_0', 'The cup in Image 1 is darker than in Image 2.', 'After'),
        ('color_1', 'The cup in image 1 is lighter compared to image 2.', 'Before'),
        ('shape_2', 'The cup in Image 1 looks nicer than in Image 2.', 'Before'),
        ('texture_3', 'The cup in Image 1 is glossier than in Image 2.', 'Before'),
    ],
    'val/v9_2_cup': [
        ('shape_0', 'The cup in Image 1 is wider than the one in Image 2.', 'After'),
        ('color_1', 'The cup in Image 1 is brighter than in Image 2.', 'Before'),
        ('texture_2', 'The surface of the cup in Image 1 is rougher than in Image 2.', 'After'),
    ],
}
# Reference sentences (Image 1 = before): (key, sentence).
CAPTIONS = {
    'val/v9_1_cup': [
        ('color_0', 'The cup in Image 1 is lighter than in Image 2.'),
        ('color_1', 'The cup in Image 1 has a brighter colour than Image 2.'),
        ('texture_2', 'The cup in Image 1 is glossier than in Image 2.'),
        ('texture_3', 'The cup in Image 1 looks shinier than the cup in Image 2.'),
    ],
    'val/v9_2_cup': [
        ('shape_0', 'The cup in Image 1 is narrower than in Image 2.'),
        ('shape_1', 'The body of the cup in Image 1 is thinner than in Image 2.'),
        ('color_2', 'The cup in Image 1 is a little lighter than in Image 2.'),
        ('color_3', 'The cup in Image 1 is brighter than the one in Image 2.'),
    ],
}


def _entry(name, attributes):
    """Return one pair entry of the challenge files."""
    pair_id = name.split('/')[1].rsplit('_', 1)[0]
    contents = [{'name': f'{pair_id}_{side}', 'url': '', 'width': 256, 'height': 256}
                for side in ('after', 'before')]
    return {'name': name, 'contents': contents, 'attributes': attributes}


def _widen(image, factor):
    """Return ``image`` stretched horizontally by ``factor`` and centre-cropped to its size."""
    height, width = image.shape[:2]
    wide = cv2.resize(image, (int(round(width * factor)), height),
                      interpolation=cv2.INTER_LINEAR)
    left = (wide.shape[1] - width) // 2
    return np.ascontiguousarray(wide[:, left:left + width])


@pytest.fixture(scope='module')
def challenge_set(tmp_path_factory):
    """Write two cup pairs (darkened; widened) and both annotation files; return their paths."""
    if not CUPS.is_dir():
        pytest.skip(f'ETH-80 cup photos not found at {CUPS} (shared data absent)')
    root = tmp_path_factory.mktemp('subtle_diff')
    images = root / 'images'
    cup = load_image(str(CUPS / '3' / 'cup3-090-000.png'))
    darker = (cup.astype(np.float32) * 0.55).astype(np.uint8)
    save_image(str(images / 'v9_1_before.png'), cup)
    save_image(str(images / 'v9_1_after.png'), darker)
    other = load_image(str(CUPS / '8' / 'cup8-090-000.png'))
    save_image(str(images / 'val' / 'v9_2_before.jpg'), other)
    save_image(str(images / 'val' / 'v9_2_after.jpg'), _widen(other, 1.3))
    questions = [_entry(name, [{'key': k, 'question': s + TAIL, 'answer': a}
                               for k, s, a in rows]) for name, rows in QUESTIONS.items()]
    captions = [_entry(name, [{'type': 'textarea',
                               'name': TEXTURE if k.startswith('texture') else k.split('_')[0],
                               'key': k, 'title': '', 'value': s} for k, s in rows])
                for name, rows in CAPTIONS.items()]
    (root / 'class_renamed_val_annotations.json').write_text(json.dumps(questions))
    (root / 'capt_renamed_val_annotations.json').write_text(json.dumps(captions))
    return {'images': str(images), 'questions': str(root / 'class_renamed_val_annotations.json'),
            'captions': str(root / 'capt_renamed_val_annotations.json'), 'root': root}


class AlwaysFirstBackend:
    """Picks candidate A every time and always describes the same way."""

    name = 'always-first'

    def select(self, images, query, method=None, masks=None):
        """Choose index 0."""
        return SelectionResult(choice=0, scores=[1.0, 0.0], margin=1.0, confidence=1.0,
                               method='s', backend=self.name, query=query)

    def describe(self, image_1, image_2, attribute, object_name=None, masks=None):
        """Say the same sentence for every pair."""
        return DifferenceDescription(sentence='The cup in Image 1 is darker than in Image 2.',
                                     no_difference=False, attribute=attribute,
                                     backend=self.name)


class ScriptedBackend:
    """Knows the before images and answers right only for the sentences it is told."""

    name = 'scripted'

    def __init__(self, before_images, right_sentences, answers, descriptions):
        """Keep the before images, the sentences to get right and the answer of each."""
        self.before_images = before_images
        self.right_sentences = set(right_sentences)
        self.answers = answers
        self.descriptions = descriptions
        self.describe_calls = []

    def select(self, images, query, method=None, masks=None):
        """Pick the image the answer names for scripted sentences, the other one otherwise."""
        before_index = next(i for i, image in enumerate(images)
                            if any(np.array_equal(image, b) for b in self.before_images))
        target = before_index if self.answers[query.text] == 'Before' else 1 - before_index
        choice = target if query.text in self.right_sentences else 1 - target
        return SelectionResult(choice=choice, scores=[0.0, 0.0], margin=0.0, confidence=0.5,
                               method='sd', backend=self.name, query=query)

    def describe(self, image_1, image_2, attribute, object_name=None, masks=None):
        """Return the scripted sentence for (is image 1 a before image, attribute), else none."""
        is_before = any(np.array_equal(image_1, b) for b in self.before_images)
        self.describe_calls.append((is_before, attribute, object_name))
        pair = next(i for i, b in enumerate(self.before_images) if np.array_equal(image_1, b))
        sentence = self.descriptions.get((pair, attribute))
        if sentence is None:
            return DifferenceDescription(
                sentence=f'There is no noticeable difference in {attribute}.',
                no_difference=True, attribute=attribute, backend=self.name)
        return DifferenceDescription(sentence=sentence, no_difference=False,
                                     attribute=attribute, backend=self.name)


def _before_images(challenge_set):
    """Return the before images of the two pairs, as the evaluation loads them."""
    images = Path(challenge_set['images'])
    return [load_image(str(images / 'v9_1_before.png')),
            load_image(str(images / 'val' / 'v9_2_before.jpg'))]


def _answers():
    """Return {sentence: answer} of every test question."""
    return {s: a for rows in QUESTIONS.values() for _, s, a in rows}


def test_read_pairs_maps_names_to_files_and_strips_the_question(challenge_set):
    pairs = read_pairs(challenge_set['questions'], challenge_set['captions'])
    assert [p.name for p in pairs] == list(QUESTIONS)
    first = pairs[0]
    assert (first.before_stem, first.after_stem, first.object_name) == ('v9_1_before',
                                                                        'v9_1_after', 'cup')
    assert first.split == 'val'
    assert first.questions[0] == ('color_0', 'color',
                                  'The cup in Image 1 is darker than in Image 2.', 'after')
    assert {a: len(s) for a, s in first.references.items()} == {'color': 2, 'texture': 2}
    assert {a: len(s) for a, s in pairs[1].references.items()} == {'shape': 2, 'color': 2}


def test_always_first_accuracy_follows_the_seeded_order(challenge_set):
    report = evaluate_subtle_diff(AlwaysFirstBackend(), challenge_set['images'],
                                  questions_path=challenge_set['questions'], task='1',
                                  seed=3, progress=False)
    expected = {'color': [], 'shape': [], 'texture': []}
    orders = set()
    for name, rows in QUESTIONS.items():
        for key, sentence, answer in rows:
            swap = after_first(3, name, key)
            orders.add(swap)
            first_is = 'After' if swap else 'Before'
            score = 0.5 if key == 'shape_2' and name == 'val/v9_1_cup' else float(
                first_is == answer)
            expected[key.split('_')[0]].append(score)
    assert orders == {True, False}, 'the seeded order must put either image first'
    t1 = report['task1']
    for attribute, scores in expected.items():
        assert t1['per_attribute'][attribute]['accuracy'] == pytest.approx(
            100.0 * sum(scores) / len(scores))
        assert t1['per_attribute'][attribute]['questions'] == len(scores)
    all_scores = [s for scores in expected.values() for s in scores]
    assert t1['average'] == pytest.approx(100.0 * sum(all_scores) / len(all_scores))
    assert t1['unparseable'] == 1 and t1['per_attribute']['shape']['unparseable'] == 1
    assert t1['approach'] == 'always-first P_S'
    again = evaluate_subtle_diff(AlwaysFirstBackend(), challenge_set['images'],
                                 questions_path=challenge_set['questions'], task='1',
                                 seed=3, progress=False)
    assert again['task1']['records'] == t1['records']


def test_accuracy_is_averaged_per_question_not_per_pair(challenge_set):
    # Right on both colour questions of pair 1, wrong on the one colour question of pair 2.
    wrong = QUESTIONS['val/v9_2_cup'][1][1]
    right = [s for s in _answers() if s != wrong]
    for seed in (0, 1):
        backend = ScriptedBackend(_before_images(challenge_set), right, _answers(), {})
        t1 = evaluate_subtle_diff(backend, challenge_set['images'],
                                  questions_path=challenge_set['questions'], task='1',
                                  seed=seed, progress=False)['task1']
        # Per question 2/3; the mean of per-pair accuracies would be 50, correct / pairs 100.
        assert t1['per_attribute']['color']['accuracy'] == pytest.approx(200.0 / 3)
        # 5 right, 1 wrong, 1 unparseable worth 0.5, over 7 questions.
        assert t1['average'] == pytest.approx(100.0 * 5.5 / 7)
        assert t1['accuracy_parsed'] == pytest.approx(100.0 * 5 / 6)
        assert t1['per_attribute']['shape']['accuracy_parsed'] == pytest.approx(100.0)


def test_task2_scores_bleu_cider_and_no_difference(challenge_set):
    exact = CAPTIONS['val/v9_1_cup'][0][1]
    backend = ScriptedBackend(_before_images(challenge_set), [], _answers(),
                              {(0, 'color'): exact})
    t2 = evaluate_subtle_diff(backend, challenge_set['images'],
                              captions_path=challenge_set['captions'], task='2',
                              progress=False)['task2']
    assert sorted(backend.describe_calls) == sorted([
        (True, 'color', 'cup'), (True, 'texture', 'cup'), (True, 'shape', 'cup'),
        (True, 'color', 'cup')])
    per = t2['per_attribute']
    assert per['color']['no_difference_rate'] == pytest.approx(50.0)
    assert per['shape']['no_difference_rate'] == pytest.approx(100.0)
    assert t2['no_difference_rate'] == pytest.approx(75.0)
    refs = {0: [s for k, s in CAPTIONS['val/v9_1_cup'] if k.startswith('color')],
            1: [s for k, s in CAPTIONS['val/v9_2_cup'] if k.startswith('color')]}
    direct = caption_scores(refs, {0: exact, 1: 'There is no noticeable difference in color.'})
    assert per['color']['bleu4'] == pytest.approx(100.0 * direct['bleu4'])
    assert per['color']['cider'] == pytest.approx(100.0 * direct['cider'])
    color_items = {r['pair']: r for r in t2['records'] if r['attribute'] == 'color'}
    assert color_items['val/v9_1_cup']['bleu4'] == pytest.approx(100.0, abs=1e-3)
    assert color_items['val/v9_1_cup']['cider'] > color_items['val/v9_2_cup']['cider']
    assert per['texture']['bleu4'] < 1.0


def test_tokenize_lower_cases_and_drops_punctuation():
    assert tokenize('The Cup, in "Image 1" isn\'t light-coloured!') == (
        "the cup in image 1 isn't light-coloured")


def test_missing_images_are_an_error_or_skipped(challenge_set, tmp_path):
    images = tmp_path / 'images'
    save_image(str(images / 'v9_1_before.png'), load_image(
        str(Path(challenge_set['images']) / 'v9_1_before.png')))
    save_image(str(images / 'v9_1_after.png'), load_image(
        str(Path(challenge_set['images']) / 'v9_1_after.png')))
    with pytest.raises(SubtleDiffError, match=r'1 of 2 pairs .*v9_2_before\.png'):
        evaluate_subtle_diff(AlwaysFirstBackend(), str(images),
                             questions_path=challenge_set['questions'], progress=False,
                             task='1')
    report = evaluate_subtle_diff(AlwaysFirstBackend(), str(images),
                                  questions_path=challenge_set['questions'], progress=False,
                                  task='1', skip_missing=True)
    assert report['pairs_missing_images'] == 1
    assert report['missing_pairs'] == ['val/v9_2_cup']
    assert report['task1']['questions'] == 4


def test_cli_writes_json_and_prints_tables(challenge_set, monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(backends.BACKEND_FACTORIES, 'always-first',
                        lambda model, device, offline: AlwaysFirstBackend())
    out = tmp_path / 'report.json'
    code = main(['eval', '--captions', challenge_set['captions'],
                 '--questions', challenge_set['questions'], '--images', challenge_set['images'],
                 '--backend', 'always-first', '--limit', '1', '--no-progress',
                 '--out', str(out)])
    assert code == 0
    report = json.loads(out.read_text())
    assert report['pairs'] == 1 and report['task1']['questions'] == 4
    assert report['task2']['items'] == 2
    printed = capsys.readouterr().out
    assert 'always-first P_S' in printed and 'BLEU-4' in printed
    assert format_tables(report).splitlines()[0] in printed


def test_cli_missing_file_exits_2_with_one_line(challenge_set, tmp_path, capsys):
    code = main(['eval', '--captions', str(tmp_path / 'absent.json'),
                 '--questions', challenge_set['questions'], '--images', challenge_set['images'],
                 '--backend', 'analytic', '--out', str(tmp_path / 'r.json')])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and 'absent.json' in err
    assert not (tmp_path / 'r.json').exists()


def test_analytic_backend_gets_the_darkened_cup_right(challenge_set):
    analytic = pytest.importorskip('subtle_diff_ros.backends.analytic.backend',
                                   reason='analytic backend not written yet')
    report = evaluate_subtle_diff(analytic.AnalyticBackend(), challenge_set['images'],
                                  questions_path=challenge_set['questions'],
                                  captions_path=challenge_set['captions'], limit=1,
                                  progress=False)
    records = {r['key']: r for r in report['task1']['records']}
    assert records['color_0']['correct'] is True
    assert records['color_1']['correct'] is True
    assert report['task2']['items'] == 2


@pytest.mark.parametrize('attributes, words', [
    ([1], '"attributes" that are not a list of objects'),
    ([None], '"attributes" that are not a list of objects'),
    ('abc', '"attributes" that are not a list of objects'),
])
def test_annotation_items_that_are_not_objects_are_refused(tmp_path, attributes, words):
    """Attributes that are numbers, nulls or a string: one SubtleDiffError, no traceback."""
    path = tmp_path / 'q.json'
    path.write_text(json.dumps([_entry('val/v1_cup', attributes)]))
    with pytest.raises(SubtleDiffError, match=words):
        read_pairs(questions_path=str(path))
    with pytest.raises(SubtleDiffError, match=words):
        read_pairs(captions_path=str(path))


def test_a_pair_listed_twice_in_a_file_is_refused(tmp_path):
    """A pair listed twice would count its questions twice: refused, naming the pair."""
    entry = _entry('val/v1_cup', [])
    path = tmp_path / 'q.json'
    path.write_text(json.dumps([entry, entry]))
    with pytest.raises(SubtleDiffError, match="pair 'val/v1_cup' is listed twice"):
        read_pairs(questions_path=str(path))

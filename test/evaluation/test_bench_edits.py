# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for the edited-photo benchmark: metrics on a small set and the CLI's JSON."""

import json
import os

import numpy as np
from paths import REPO_ROOT
import pytest

from subtle_diff_ros.cli import main
from subtle_diff_ros.core.decide import decide
from subtle_diff_ros.core.results import DifferenceDescription, SelectionResult
from subtle_diff_ros.core.wording import comparative_sentence, no_difference_sentence
from subtle_diff_ros.evaluation import bench_edits, caption_metrics
from subtle_diff_ros.evaluation.pairs import EditPairGenerator


class BrightnessBackend:
    """A fake backend that only sees mean brightness: right on brightness, a coin elsewhere."""

    name = 'fake-brightness'

    def select(self, images, query, method=None, masks=None):
        """Score each image by mean grey level along the query's brightness direction."""
        scores = [query.direction * float(np.mean(im)) for im in images]
        choice, margin, confidence = decide(scores, query.subject)
        return SelectionResult(choice, scores, margin, confidence, 'fake', self.name, query)

    def describe(self, image_1, image_2, attribute, object_name=None, masks=None):
        """Say darker/lighter when the mean grey level differs by more than 1, else abstain."""
        difference = float(np.mean(image_1)) - float(np.mean(image_2))
        if abs(difference) < 1.0:
            return DifferenceDescription(no_difference_sentence(attribute), True, attribute)
        direction = 1 if difference > 0 else -1
        return DifferenceDescription(
            comparative_sentence('brightness', direction, object_name), False, attribute,
            'brightness', direction)


def _record(kind, attribute, axis, level, correct, no_difference, above, sentence, refs,
            nuisances=()):
    return {'pair_id': f'{kind}{len(refs)}{axis}{level}{correct}{no_difference}{sentence}',
            'kind': kind, 'attribute': attribute, 'axis': axis, 'edit': axis, 'level': level,
            'at_or_above_jnd': above, 'selection_correct': correct,
            'no_difference': no_difference, 'description_correct': not no_difference,
            'sentence': sentence, 'references': refs, 'nuisances': list(nuisances)}


def test_summary_counts_rates_and_targets():
    ref = ['The cup in Image 1 is darker than in Image 2.']
    records = [
        _record('edit', 'color', 'brightness', 'jnd', True, False, True, ref[0], ref),
        _record('edit', 'color', 'brightness', 'half-jnd', False, True, False, 'x', ref),
        _record('edit', 'shape', 'width', 'jnd', False, False, True, 'y', ref, ('view',)),
        _record('edit', 'shape', 'width', '2-jnd', True, True, True, 'z', ref),
        _record('control', 'color', None, 'none', False, True, False, 'same', ['same']),
        _record('control', 'texture', None, 'none', False, False, False, 'other', ['same']),
    ]
    summary = bench_edits.summarize(records)
    selection = summary['selection']
    assert selection['overall'] == {'n': 4, 'count': 2, 'rate': 0.5}
    assert selection['at_or_above_jnd']['rate'] == pytest.approx(2 / 3)
    assert selection['by_axis']['brightness']['rate'] == 0.5
    assert selection['by_level']['half-jnd']['rate'] == 0.0
    assert selection['by_view_at_or_above_jnd']['other view']['rate'] == 0.0
    description = summary['description']
    assert description['no_difference_edited']['rate'] == 0.5
    assert description['no_difference_edited_at_or_above_jnd']['rate'] == pytest.approx(1 / 3)
    assert description['no_difference_unedited']['rate'] == 0.5
    targets = summary['targets']
    assert targets['selection_accuracy_at_or_above_jnd']['met'] is False
    assert targets['no_difference_rate_unedited']['met'] is False


def test_caption_scores_reward_matching_sentences():
    refs = {'a': ['The cup in Image 1 is darker than in Image 2.',
                  'Image 2 looks lighter compared to image 1.'],
            'b': ['The car in Image 1 is wider than in Image 2.',
                  'The car in Image 2 is narrower compared to Image 1.']}
    same = bench_edits.caption_scores({'a': refs['a'][0], 'b': refs['b'][0]}, refs)
    other = bench_edits.caption_scores({'a': 'A red apple on a table.',
                                        'b': 'Nothing here at all.'}, refs)
    assert same['bleu4'] == pytest.approx(1.0, abs=1e-6)
    assert same['cider'] > other['cider'] and other['bleu4'] < 0.1
    assert caption_metrics.tokenize('Image 2 looks GLOSSIER, compared to image 1.') == \
        'image 2 looks glossier compared to image 1'


REPO = REPO_ROOT
ETH_CUP = os.path.join(REPO, '..', 'shared', 'data', 'objects', 'eth80', 'cup', '3')
VIEW = 'cup3-090-000'
needs_photos = pytest.mark.skipif(
    not os.path.isfile(os.path.join(ETH_CUP, VIEW + '.png')),
    reason=f'ETH-80 photos not found under {os.path.normpath(ETH_CUP)} (shared data absent)')


@pytest.fixture
def one_cup(tmp_path):
    """Return a folder with one ETH-80 cup photo and its mask (ETH-80 layout)."""
    folder = tmp_path / 'cup' / '3'
    (folder / 'masks').mkdir(parents=True)
    os.symlink(os.path.join(ETH_CUP, VIEW + '.png'), folder / (VIEW + '.png'))
    os.symlink(os.path.join(ETH_CUP, 'masks', VIEW + '-map.png'),
               folder / 'masks' / (VIEW + '-map.png'))
    return str(tmp_path)


@needs_photos
def test_fake_backend_is_right_on_brightness_edits(one_cup):
    generator = EditPairGenerator(one_cup, seed=3, edits=('darker', 'lighter'),
                                  controls_per_object=1)
    specs = generator.specs()
    records, skipped = bench_edits.run(BrightnessBackend(), (generator.render(s) for s in specs),
                                       progress=False)
    assert len(records) + skipped == len(specs)
    summary = bench_edits.summarize(records)
    # Brightness edits at or above the JND change the mean grey level: the fake sees them all.
    assert summary['selection']['at_or_above_jnd']['rate'] == 1.0
    assert summary['description']['no_difference_edited_at_or_above_jnd']['rate'] == 0.0
    assert summary['description']['correct_at_or_above_jnd']['rate'] == 1.0
    assert summary['pairs']['unedited'] == 3


@needs_photos
def test_cli_writes_json(one_cup, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr('subtle_diff_ros.cli.bench_edits.create_backend',
                        lambda name: BrightnessBackend())
    out = tmp_path / 'results' / 'bench.json'
    code = main(['bench-edits', '--images', one_cup, '--limit', '12', '--seed', '1', '--quiet',
                 '--out', str(out)])
    assert code == 0
    report = json.loads(out.read_text())
    assert report['backend'] == 'fake-brightness' and report['limit'] == 12
    assert 'records' not in report  # compact by default: summary tables only
    pairs = report['summary']['pairs']
    assert pairs['edited'] + pairs['unedited'] + pairs['skipped_unreachable_edits'] == 12
    code = main(['bench-edits', '--images', one_cup, '--limit', '12', '--seed', '1', '--quiet',
                 '--records', '--out', str(out)])
    report = json.loads(out.read_text())
    assert len(report['records']) + report['summary']['pairs']['skipped_unreachable_edits'] == 12
    assert 'selection accuracy' in capsys.readouterr().out


def test_cli_rejects_a_missing_folder(tmp_path, capsys):
    code = main(['bench-edits', '--images', str(tmp_path / 'nothing'), '--out',
                 str(tmp_path / 'x.json')])
    assert code == 2
    assert 'no image folder' in capsys.readouterr().err

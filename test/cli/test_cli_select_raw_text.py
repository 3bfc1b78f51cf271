# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""``subtle-diff select`` with a text the parser cannot read: CLIP scores it, others refuse."""

import json

import numpy as np

from subtle_diff_ros import cli
from subtle_diff_ros.vision.image_io import save_image
from tiny_models import shape_image

TEXT = 'a photo of a triangle.'


def _images(tmp_path):
    rng = np.random.default_rng(5)
    paths = []
    for name in ('circle', 'triangle'):
        path = str(tmp_path / f'{name}.png')
        save_image(path, shape_image(name, 'blue', 'light', rng))
        paths.append(path)
    return paths


def test_measurement_backend_refuses_unreadable_text(capsys, tmp_path, monkeypatch):
    """With the measurement backend an unreadable text is an error (exit status 2)."""
    monkeypatch.setenv('SUBTLE_DIFF_PHRASE_ENCODER', '0')
    circle, triangle = _images(tmp_path)
    code = cli.main(['select', '--image', circle, '--image', triangle, '--text', TEXT,
                     '--backend', 'analytic', '--json'])
    out = capsys.readouterr()
    assert code == 2 and out.out == '' and 'no known difference word' in out.err


def test_image_text_backend_scores_unreadable_text(capsys, tmp_path, monkeypatch,
                                                   trained_clip_dir):
    """With CLIP the text itself is scored (P_S) and the query says it was not parsed."""
    monkeypatch.setenv('SUBTLE_DIFF_PHRASE_ENCODER', '0')
    circle, triangle = _images(tmp_path)
    code = cli.main(['select', '--image', circle, '--image', triangle, '--text', TEXT,
                     '--backend', 'clip', '--model', trained_clip_dir, '--offline',
                     '--device', 'cpu', '--json'])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result['choice'] == 1 and result['method'] == 's'
    assert result['query']['parsed'] is False and result['query']['parsed_by'] == ''
    assert result['query']['positive_text'] == TEXT


def test_image_text_backend_refuses_a_text_that_says_the_images_are_alike(
        capsys, tmp_path, trained_clip_dir):
    """Refuse "both are equally blue" with one line (exit 2) instead of scoring it as raw text."""
    circle, triangle = _images(tmp_path)
    code = cli.main(['select', '--image', circle, '--image', triangle, '--text',
                     'both shapes are equally blue', '--backend', 'clip', '--model',
                     trained_clip_dir, '--offline', '--device', 'cpu', '--json'])
    out = capsys.readouterr()
    assert code == 2 and out.out == '' and 'alike' in out.err

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Damaged image-text checkpoints are one line and exit status 2; --json is always valid JSON.

A checkpoint with a NaN weight or zeroed weights answered ``describe`` with "no noticeable
difference", exit 0, and its --json held the bare token NaN; a logit scale of inf gave every
selection confidence 1.00.
"""

import json
import math

import numpy as np
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.cli import describe, select_images
from subtle_diff_ros.core.results import AxisMeasurement, DifferenceDescription, SelectionResult
from subtle_diff_ros.vision.image_io import save_image
from tiny_models import rewritten_checkpoint


def _strict(text):
    """Return ``text`` read as JSON, refusing NaN and Infinity as strict readers do."""
    def refuse(token):
        raise ValueError(f'not JSON: {token}')
    return json.loads(text, parse_constant=refuse)


def _images(tmp_path):
    rng = np.random.default_rng(0)
    light = rng.integers(120, 220, (48, 64, 3), dtype=np.uint8)
    paths = [str(tmp_path / 'light.png'), str(tmp_path / 'dark.png')]
    save_image(paths[0], light)
    save_image(paths[1], (light * 0.8).astype(np.uint8))
    return paths


def _nan_projection(weights):
    weights['visual_projection.weight'][0, 0] = float('nan')


def _zeros(weights):
    for value in weights.values():
        value.zero_()


def _infinite_scale(weights):
    weights['logit_scale'].fill_(float('inf'))


@pytest.mark.parametrize('change, words', [
    (_nan_projection, 'non-finite embeddings'), (_zeros, 'all-zero embeddings'),
    (_infinite_scale, 'a logit scale of inf'),
])
def test_a_damaged_checkpoint_is_one_line_and_exit_status_2(tiny_clip_dir, tmp_path, capsys,
                                                            change, words):
    model = rewritten_checkpoint(tiny_clip_dir, tmp_path / 'model', change)
    first, second = _images(tmp_path)
    model_args = ['--backend', 'clip', '--model', model, '--offline', '--json']
    for command in (['describe', '--image-1', first, '--image-2', second, '--attribute',
                     'color'],
                    ['select', '--image', first, '--image', second, '--text', 'the darker cup']):
        code = cli.main(command + model_args)
        out, err = capsys.readouterr()
        assert (code, out) == (2, ''), err
        assert len(err.splitlines()) == 1 and words in err and model in err


class NanBackend:
    """A backend whose results hold values that are not finite (as a backend with a bug might)."""

    name = 'clip'

    def describe(self, image_1, image_2, attribute, object_name=None, masks=None):
        measurement = AxisMeasurement('brightness', math.nan, 0.5, math.nan, 0.002, False)
        return DifferenceDescription('There is no noticeable difference in color between '
                                     'Image 1 and Image 2.', True, attribute,
                                     measurements=[measurement], backend=self.name)

    def select(self, images, query, method=None, masks=None):
        return SelectionResult(0, [math.inf, 0.1], math.inf, math.nan, 'sd', self.name, query)


def test_json_output_is_json_even_for_values_that_are_not_finite(tmp_path, capsys, monkeypatch):
    """Python wrote the bare tokens NaN and Infinity, which jq and JSON.parse refuse."""
    from subtle_diff_ros.cli import json_text
    for module in (describe, select_images):
        monkeypatch.setattr(module, 'backend_from_args', lambda args: NanBackend())
    first, second = _images(tmp_path)
    assert cli.main(['describe', '--image-1', first, '--image-2', second, '--attribute',
                     'color', '--json']) == 0
    record = _strict(capsys.readouterr().out)
    assert record['measurements'][0]['value_1'] is None
    assert record['measurements'][0]['value_2'] == 0.5
    assert cli.main(['select', '--image', first, '--image', second, '--text', 'the darker cup',
                     '--json']) == 0
    record = _strict(capsys.readouterr().out)
    assert (record['scores'], record['margin'], record['confidence']) == ([None, 0.1], None, None)
    assert _strict(json_text({'a': (math.nan, -math.inf), 'b': {'c': 1.5}}, indent=1)) == \
        {'a': [None, None], 'b': {'c': 1.5}}

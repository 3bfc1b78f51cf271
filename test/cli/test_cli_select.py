# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for the ``subtle-diff select`` sub-command."""

import json

import numpy as np
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.vision.image_io import save_image
from tiny_models import shape_image


def _run(capsys, *args):
    code = cli.main(['select', *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _write(tmp_path, name, shade, seed):
    path = str(tmp_path / name)
    save_image(path, shape_image('circle', 'red', shade, np.random.default_rng(seed)))
    return path


def test_bad_input_exits_2_with_one_line(capsys, tmp_path):
    light = _write(tmp_path, 'light.png', 'light', 0)
    code, out, err = _run(capsys, '--image', light, '--text', 'Image 1 is darker.')
    assert code == 2 and out == '' and 'at least two candidate images' in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, '--image', light, '--image', light, '--text', '  ')
    assert code == 2 and 'text is empty' in err
    (tmp_path / 'broken.png').write_bytes(b'not an image')
    code, _, err = _run(capsys, '--image', light, '--image', str(tmp_path / 'broken.png'),
                        '--text', 'Image 1 is darker.')
    assert code == 2 and 'broken.png' in err
    code, _, err = _run(capsys, '--image', light, '--image', str(tmp_path / 'missing.png'),
                        '--text', 'Image 1 is darker.')
    assert code == 2 and 'missing.png' in err
    tiny = str(tmp_path / 'tiny.png')
    save_image(tiny, np.full((8, 8, 3), 200, np.uint8))
    code, _, err = _run(capsys, '--image', light, '--image', tiny, '--backend', 'analytic',
                        '--text', 'the darker one')
    assert code == 2 and 'tiny.png is 8x8' in err and 'at least 16 pixels' in err


def test_missing_weights_exit_2_and_say_how_to_provide_them(capsys, tmp_path):
    pytest.importorskip('subtle_diff_ros.text')
    light = _write(tmp_path, 'light.png', 'light', 0)
    dark = _write(tmp_path, 'dark.png', 'dark', 1)
    text = 'The shape in Image 1 is darker than in Image 2.'
    code, _, err = _run(capsys, '--image', light, '--image', dark, '--text', text, '--backend',
                        'clip', '--model', 'no-such-org/no-such-model', '--offline')
    assert code == 2 and '--model /path/to/dir' in err
    missing = str(tmp_path / 'no-checkpoint')
    code, _, err = _run(capsys, '--image', light, '--image', dark, '--text', text, '--backend',
                        'clip', '--model', missing, '--offline')
    assert code == 2
    assert err.strip().splitlines() == [f'subtle-diff select: error: no model directory at '
                                        f'{missing}']


def test_json_names_the_darker_image(capsys, tmp_path, trained_clip_dir):
    pytest.importorskip('subtle_diff_ros.text')
    light = _write(tmp_path, 'light.png', 'light', 0)
    dark = _write(tmp_path, 'dark.png', 'dark', 1)
    text = 'The shape in Image 1 is darker than in Image 2.'
    code, out, _ = _run(capsys, '--image', light, '--image', dark, '--text', text,
                        '--backend', 'clip', '--model', trained_clip_dir, '--offline',
                        '--device', 'cpu', '--method', 'sd', '--json')
    assert code == 0
    result = json.loads(out)
    assert result['choice'] == 1 and len(result['scores']) == 2
    assert result['scores'][1] > result['scores'][0]
    assert result['margin'] == pytest.approx(result['scores'][1] - result['scores'][0])
    assert 0.5 <= result['confidence'] <= 1
    assert result['query']['axis'] == 'brightness' and result['query']['subject'] == 1
    code, out, _ = _run(capsys, '--image', dark, '--image', light, '--text', text,
                        '--backend', 'clip', '--model', trained_clip_dir, '--offline',
                        '--device', 'cpu')
    assert code == 0 and out.startswith('Image 1 is --image 1 of 2 (')
    assert len(out.splitlines()) == 1


def test_the_plain_line_counts_images_from_1_and_says_a_tie(capsys, tmp_path):
    """Two copies of one photo tie: the line says so instead of naming a winner."""
    light = _write(tmp_path, 'light.png', 'light', 0)
    dark = _write(tmp_path, 'dark.png', 'dark', 1)
    code, out, _ = _run(capsys, '--image', light, '--image', dark, '--text', 'the darker one',
                        '--backend', 'analytic')
    assert code == 0 and out.startswith(f'The requested image is --image 2 of 2 ({dark});')
    assert 'a tie' not in out
    code, out, _ = _run(capsys, '--image', light, '--image', light, '--text', 'the darker one',
                        '--backend', 'analytic')
    assert code == 0 and '(a tie: no image fits better, the first of them is named)' in out

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for the ``subtle-diff describe`` sub-command."""

import glob
import json
import os

import cv2
import numpy as np
from paths import OBJECTS, REPO_ROOT
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.vision.image_io import save_image

REPO = REPO_ROOT
ETH80 = os.path.join(OBJECTS, 'eth80')
KEYS = {'sentence', 'no_difference', 'attribute', 'axis', 'direction', 'measurements', 'regions',
        'backend', 'light_gains'}


def _pair(tmp_path):
    """Write a light and a 30% darker disk image; return their paths and a mask path."""
    light = np.full((120, 160, 3), 205, np.uint8)
    cv2.circle(light, (80, 60), 35, (60, 140, 200), -1)
    mask = np.zeros((120, 160), np.uint8)
    cv2.circle(mask, (80, 60), 35, 255, -1)
    dark = light.copy()
    dark[mask > 0] = (dark[mask > 0] * 0.7).astype(np.uint8)
    paths = [str(tmp_path / name) for name in ('dark.png', 'light.png', 'mask.png')]
    save_image(paths[0], dark)
    save_image(paths[1], light)
    cv2.imwrite(paths[2], mask)
    return paths


def _run(capsys, *args):
    code = cli.main(['describe', *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_description_of_a_darker_object(tmp_path, capsys):
    """--json prints the sentence, the chosen axis, every measurement and the regions."""
    dark, light, mask = _pair(tmp_path)
    code, out, _ = _run(capsys, '--image-1', dark, '--image-2', light, '--attribute', 'color',
                        '--object', 'mug', '--mask-1', mask, '--mask-2', mask, '--json')
    assert code == 0
    record = json.loads(out)
    assert set(record) == KEYS
    assert record['sentence'] == 'The mug in Image 1 is darker than in Image 2.'
    assert (record['axis'], record['direction'], record['no_difference']) == \
        ('brightness', -1, False)
    assert record['backend'] == 'analytic'
    brightness = [m for m in record['measurements'] if m['axis'] == 'brightness'][0]
    assert brightness['difference'] < 0 and brightness['noticeable']
    assert set(brightness) == {'axis', 'value_1', 'value_2', 'difference', 'threshold',
                               'noticeable', 'unit'}
    assert all(set(r) == {'x', 'y', 'width', 'height', 'score'} for r in record['regions'])


def test_plain_output_and_no_difference(tmp_path, capsys):
    """Without --json only the sentence is printed; identical images say no difference."""
    _, light, _ = _pair(tmp_path)
    code, out, _ = _run(capsys, '--image-1', light, '--image-2', light,
                        '--attribute', 'texture')
    assert code == 0
    assert out.strip() == \
        'There is no noticeable difference in texture between Image 1 and Image 2.'


def test_bad_input_exits_2_with_one_line(tmp_path, capsys):
    """A missing image or an empty mask exits with status 2 and one error line."""
    dark, light, _ = _pair(tmp_path)
    code, out, err = _run(capsys, '--image-1', str(tmp_path / 'missing.png'), '--image-2', light,
                          '--attribute', 'shape')
    assert code == 2 and out == ''
    assert len(err.strip().splitlines()) == 1 and 'missing.png' in err
    empty = str(tmp_path / 'empty.png')
    cv2.imwrite(empty, np.zeros((120, 160), np.uint8))
    code, _, err = _run(capsys, '--image-1', dark, '--image-2', light, '--attribute', 'color',
                        '--mask-1', empty)
    assert code == 2 and 'no object pixel' in err
    # A mask of one pixel (or a speck) holds no object to measure: refused, not described.
    speck = str(tmp_path / 'speck.png')
    one = np.zeros((120, 160), np.uint8)
    one[60, 80] = 255
    cv2.imwrite(speck, one)
    code, out, err = _run(capsys, '--image-1', dark, '--image-2', light, '--attribute', 'shape',
                          '--mask-1', speck, '--mask-2', speck)
    assert code == 2 and out == '' and len(err.strip().splitlines()) == 1
    assert 'mask 1 marks 1 pixel, too few to measure an object' in err


def test_a_model_path_with_no_directory_is_named(tmp_path, capsys):
    dark, light, _ = _pair(tmp_path)
    missing = str(tmp_path / 'no-checkpoint')
    code, out, err = _run(capsys, '--image-1', dark, '--image-2', light, '--attribute', 'color',
                          '--backend', 'clip', '--model', missing, '--offline')
    assert code == 2 and out == ''
    assert err.strip().splitlines() == [f'subtle-diff describe: error: no model directory at '
                                        f'{missing}']


def test_a_mask_of_another_size_is_refused_not_stretched(tmp_path, capsys):
    """A mask must have its image's size, as the node requires; it is never resized."""
    dark, light, _ = _pair(tmp_path)
    small = str(tmp_path / 'small_mask.png')
    cv2.imwrite(small, np.full((60, 80), 255, np.uint8))
    code, out, err = _run(capsys, '--image-1', dark, '--image-2', light, '--attribute', 'color',
                          '--mask-2', small)
    assert code == 2 and out == ''
    assert len(err.strip().splitlines()) == 1
    assert 'small_mask.png is 80x60 pixels but its image' in err and '160x120' in err


def test_real_photo_pair_with_dataset_masks(tmp_path, capsys):
    """An ETH-80 cup and its 15% darker copy, with the dataset's masks, is described darker."""
    paths = sorted(glob.glob(os.path.join(ETH80, 'cup', '*', '*-090-000.png')))
    if not paths:
        pytest.skip(f'ETH-80 photos not found under {ETH80}')
    folder, name = os.path.split(paths[0])
    mask = os.path.join(folder, 'masks', name[:-4] + '-map.png')
    image = cv2.imread(paths[0])
    inside = cv2.imread(mask, cv2.IMREAD_GRAYSCALE) > 0
    image[inside] = (image[inside] * 0.85).astype(np.uint8)
    darker = str(tmp_path / 'darker.png')
    cv2.imwrite(darker, image)
    code, out, _ = _run(capsys, '--image-1', darker, '--image-2', paths[0], '--attribute',
                        'color', '--object', 'cup', '--mask-1', mask, '--mask-2', mask, '--json')
    assert code == 0
    assert json.loads(out)['sentence'] == 'The cup in Image 1 is darker than in Image 2.'

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for the edit generator on real object photos (ETH-80 layout, read from ../shared)."""

import os

import numpy as np
from paths import REPO_ROOT
import pytest

from subtle_diff_ros.evaluation.pairs import EditPairGenerator, LEVEL_NAMES, PairSpec
from subtle_diff_ros.evaluation.photos import find_photos, load_photo
from subtle_diff_ros.stimuli.kinds import EDITS_BY_NAME
from subtle_diff_ros.stimuli.units import axis_change, measure

REPO = REPO_ROOT
ETH_CUP = os.path.join(REPO, '..', 'shared', 'data', 'objects', 'eth80', 'cup', '3')
VIEWS = ('cup3-090-000', 'cup3-090-180')

pytestmark = pytest.mark.skipif(
    not all(os.path.isfile(os.path.join(ETH_CUP, v + '.png')) for v in VIEWS),
    reason=f'ETH-80 photos not found under {os.path.normpath(ETH_CUP)} (shared data absent)')


@pytest.fixture(scope='module')
def photo_folder(tmp_path_factory):
    """Return a folder with two ETH-80 views of one cup, linked in the ETH-80 layout."""
    root = tmp_path_factory.mktemp('objects')
    folder = root / 'cup' / '3'
    (folder / 'masks').mkdir(parents=True)
    for view in VIEWS:
        os.symlink(os.path.join(ETH_CUP, view + '.png'), folder / (view + '.png'))
        os.symlink(os.path.join(ETH_CUP, 'masks', view + '-map.png'),
                   folder / 'masks' / (view + '-map.png'))
    return str(root)


def test_photos_masks_objects_and_nouns(photo_folder):
    photos = find_photos(photo_folder)
    assert [p.view for p in photos] == ['090-000', '090-180']
    assert {p.object_id for p in photos} == {os.path.join('cup', '3', 'cup3')}
    assert all(p.noun == 'cup' and p.mask_path for p in photos)


def _edit_spec(generator, name, level):
    photo = generator.photos[0]
    kind = EDITS_BY_NAME[name]
    return PairSpec(f'test:{name}', 'edit', photo, None, kind.attribute, 7, name, level, ())


@pytest.mark.parametrize('name', ['darker', 'lighter', 'more_saturated', 'warmer', 'cooler',
                                  'wider', 'narrower', 'larger', 'smaller', 'rounder',
                                  'glossier', 'more_matte'])
def test_edit_moves_its_measure_in_the_stated_direction(photo_folder, name):
    generator = EditPairGenerator(photo_folder, seed=1)
    kind = EDITS_BY_NAME[name]
    pair = generator.render(_edit_spec(generator, name, level=1))
    assert pair is not None, f'{name} could not be made on the test cup'
    original, alpha = load_photo(generator.photos[0])
    edited, edited_mask = ((pair.image_1, pair.mask_1) if pair.edited_side == 1
                           else (pair.image_2, pair.mask_2))
    before = measure(original, alpha >= 0.5)
    after = measure(edited, edited_mask)
    change = kind.direction * axis_change(before, after, kind.axis)
    assert change == pytest.approx(pair.magnitude, rel=0.3)
    assert change >= 0.9 * pair.target > 0
    # The sentence and the side agree: Image 1 is the edited image exactly when the edit's
    # direction is the direction stated for Image 1.
    assert pair.direction == (kind.direction if pair.edited_side == 1 else -kind.direction)
    assert pair.at_or_above_jnd and pair.level_name == LEVEL_NAMES[1]


def test_darker_lowers_lightness_only_inside_the_mask(photo_folder):
    generator = EditPairGenerator(photo_folder, seed=1)
    pair = generator.render(_edit_spec(generator, 'darker', level=1))
    original, alpha = load_photo(generator.photos[0])
    edited = pair.image_1 if pair.edited_side == 1 else pair.image_2
    mask = alpha >= 0.5
    assert measure(edited, mask)['brightness'] < measure(original, mask)['brightness'] - 1.5
    background = alpha == 0
    assert np.abs(edited[background].astype(int) - original[background]).max() <= 1


def test_generation_is_deterministic_with_the_seed(photo_folder):
    first = EditPairGenerator(photo_folder, seed=5).specs()
    second = EditPairGenerator(photo_folder, seed=5).specs()
    other = EditPairGenerator(photo_folder, seed=6).specs()
    assert [s.pair_id for s in first] == [s.pair_id for s in second]
    assert [s.pair_id for s in first] != [s.pair_id for s in other]
    generator = EditPairGenerator(photo_folder, seed=5)
    spec = next(s for s in first if s.edit == 'rounder' and s.level == 1)
    a, b = generator.render(spec), generator.render(spec)
    assert np.array_equal(a.image_1, b.image_1) and np.array_equal(a.image_2, b.image_2)
    assert a.query_text == b.query_text and a.references == b.references


def test_queries_controls_and_references(photo_folder):
    generator = EditPairGenerator(photo_folder, seed=2)
    specs = generator.specs()
    kinds = {s.kind for s in specs}
    assert kinds == {'edit', 'control'}
    pairs = [generator.render(s) for s in specs[:40]]
    pairs = [p for p in pairs if p is not None]
    edited = [p for p in pairs if p.kind == 'edit']
    assert edited and {p.edited_side for p in edited} == {1, 2}
    for pair in edited:
        assert f'Image {pair.subject}' in pair.query_text and 'cup' in ' '.join(pair.references)
        query = pair.query()
        assert query.axis == pair.axis and query.subject == pair.subject
        assert query.direction == (pair.direction if pair.subject == 1 else -pair.direction)
        assert pair.answer == pair.candidate_order.index(0)
    for pair in (p for p in pairs if p.kind == 'control'):
        assert pair.direction == 0 and 'no noticeable difference' in pair.references[0]

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The reference store's pixel limit: metadata and PNG headers over it, before any decoding."""

import hashlib
import json
import os
import struct

import numpy as np
import pytest
from subtle_diff_ros.core.errors import InvalidImageError, SubtleDiffError
from subtle_diff_ros.service import reference_store
from subtle_diff_ros.service.reference_store import ReferenceStore, ReferenceStoreError
from subtle_diff_ros.vision.image_io import MAX_FILE_PIXELS


def _image(seed, shape=(24, 32, 3)):
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail a test that decodes a reference image."""
    def imdecode(*args):
        raise AssertionError('a reference image was decoded')
    monkeypatch.setattr(reference_store.cv2, 'imdecode', imdecode)


def _announce(tmp_path, store, name, width, height, recorded=True):
    """
    Make the PNG header of reference ``name`` announce width x height (a file of a few bytes).

    Its metadata then names the new file, with that size when ``recorded``.
    """
    info = store.info(name)
    data = bytearray((tmp_path / info.image_file).read_bytes())
    data[16:24] = struct.pack('>II', width, height)
    digest = hashlib.sha256(data).hexdigest()
    os.unlink(tmp_path / info.image_file)
    image_file = f'{name}.{digest[:16]}.png'
    (tmp_path / image_file).write_bytes(data)
    fields = dict(info.to_dict(), sha256=digest, image_file=image_file)
    if recorded:
        fields.update(width=width, height=height)
    (tmp_path / f'{name}.json').write_text(json.dumps(fields))


@pytest.mark.parametrize('width, height', [(12000, 9000), (30000, 30000), (MAX_FILE_PIXELS, 2),
                                           (2 ** 32 - 1, 2 ** 32 - 1)])
def test_metadata_over_the_pixel_limit_is_refused_and_listed_as_a_problem(
        tmp_path, no_decoding, width, height):
    """A 12000x9000 reference was listed, then decoded (1 GB) before the request refused it."""
    store = ReferenceStore(str(tmp_path))
    store.save('big', _image(1))
    store.save('good', _image(2))
    _announce(tmp_path, store, 'big', width, height)
    says = (f'its width and height, {width}x{height}, are over the limit of {MAX_FILE_PIXELS} '
            'pixels')
    for load in (store.load, ReferenceStore(str(tmp_path)).load):  # cached or not
        with pytest.raises(ReferenceStoreError, match=f'big.json is not reference metadata '
                           rf'\({says}\)$'):
            load('big')
    assert [info.name for info in store.list()] == ['good']
    assert len(store.skipped) == 1 and says in store.skipped[0]


def test_a_png_header_over_the_pixel_limit_is_refused_and_listed_as_a_problem(
        tmp_path, no_decoding):
    """A small file whose header announces 30000x30000 pixels is never decoded nor listed."""
    store = ReferenceStore(str(tmp_path))
    store.save('big', _image(1))
    _announce(tmp_path, store, 'big', 30000, 30000, recorded=False)
    says = 'is 30000x30000, not the 32x24 image its metadata records: damaged'
    with pytest.raises(ReferenceStoreError, match=says):
        store.load('big')
    assert store.list() == [] and len(store.skipped) == 1 and says in store.skipped[0]


def test_a_reference_over_the_caller_s_limit_is_refused_before_it_is_read(tmp_path):
    store = ReferenceStore(str(tmp_path))
    store.save('ref', _image(1))
    store.load('ref')  # cached: the limit still holds
    for load in (store.load, ReferenceStore(str(tmp_path)).load):
        with pytest.raises(InvalidImageError, match="^reference 'ref' is 32x24, over the limit "
                           'of 700 pixels$'):
            load('ref', max_pixels=700)
        np.testing.assert_array_equal(load('ref', max_pixels=768), _image(1))


def test_a_reference_over_the_store_limit_is_never_written(tmp_path, monkeypatch):
    """Metadata that reading would refuse is not written, whatever the caller's limit."""
    monkeypatch.setattr(reference_store, 'MAX_FILE_PIXELS', 700)
    store = ReferenceStore(str(tmp_path))
    with pytest.raises(SubtleDiffError, match="^reference 'ref' cannot be stored: its width and "
                       'height, 32x24, are over the limit of 700 pixels$'):
        store.save('ref', _image(1), max_pixels=10 ** 4)
    assert os.listdir(tmp_path) == []

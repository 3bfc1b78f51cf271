# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The reference store: round trips, names, overwrite, restart, kill -9 in the middle of writes."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from subtle_diff_ros.service.reference_store import (
    InvalidReferenceNameError, ReferenceExistsError, ReferenceNotFoundError, ReferenceStore)


def _image(seed, shape=(24, 32, 3)):
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


def test_save_load_list_delete_round_trip(tmp_path):
    store = ReferenceStore(str(tmp_path))
    info = store.save('hinge', _image(1), source='camera:left', stamp=(12, 34))
    assert (info.width, info.height, info.source) == (32, 24, 'camera:left')
    assert (info.stamp_sec, info.stamp_nanosec) == (12, 34)
    np.testing.assert_array_equal(store.load('hinge'), _image(1))
    store.save('a.lid', _image(2))
    assert [i.name for i in store.list()] == ['a.lid', 'hinge']
    store.delete('hinge')
    assert [i.name for i in store.list()] == ['a.lid']
    with pytest.raises(ReferenceNotFoundError):
        store.load('hinge')
    with pytest.raises(ReferenceNotFoundError):
        store.delete('hinge')
    assert sorted(os.listdir(tmp_path)) == sorted(['a.lid.json', store.info('a.lid').image_file])


@pytest.mark.parametrize('name', ['', '.hidden', '../escape', 'a/b', 'a' * 65, '-x', 'sp ace',
                                  'caf\u00e9', None, 7])
def test_invalid_names_are_refused(tmp_path, name):
    store = ReferenceStore(str(tmp_path))
    with pytest.raises(InvalidReferenceNameError):
        store.save(name, _image(1))
    with pytest.raises(InvalidReferenceNameError):
        store.load(name)
    assert os.listdir(tmp_path) == []


def test_overwrite_needs_the_flag_and_replaces_the_image(tmp_path):
    store = ReferenceStore(str(tmp_path))
    first = store.save('ref', _image(1))
    with pytest.raises(ReferenceExistsError):
        store.save('ref', _image(2))
    np.testing.assert_array_equal(store.load('ref'), _image(1))
    second = store.save('ref', _image(2), overwrite=True)
    assert second.sha256 != first.sha256
    np.testing.assert_array_equal(store.load('ref'), _image(2))
    assert not os.path.exists(tmp_path / first.image_file)


def test_references_survive_a_restart_and_leftovers_are_removed(tmp_path):
    ReferenceStore(str(tmp_path)).save('kept', _image(3), stamp=(5, 6))
    (tmp_path / '.tmp-99-1-half.png').write_bytes(b'\x89PNG half')
    (tmp_path / 'orphan.0123456789abcdef.png').write_bytes(b'no metadata names me')
    store = ReferenceStore(str(tmp_path))
    assert store.removed_leftovers == ['.tmp-99-1-half.png', 'orphan.0123456789abcdef.png']
    assert [i.name for i in store.list()] == ['kept']
    np.testing.assert_array_equal(store.load('kept'), _image(3))


def test_a_damaged_image_is_reported_not_returned(tmp_path):
    store = ReferenceStore(str(tmp_path))
    info = store.save('ref', _image(4))
    (tmp_path / info.image_file).write_bytes(b'garbage')
    fresh = ReferenceStore(str(tmp_path))  # no cached copy
    with pytest.raises(Exception, match='sha256'):
        fresh.load('ref')


def test_concurrent_writers_and_readers(tmp_path):
    store = ReferenceStore(str(tmp_path))
    errors = []

    def work(worker):
        try:
            for i in range(10):
                name = f'w{worker}-{i % 3}'
                store.save(name, _image(worker * 100 + i), overwrite=True)
                np.testing.assert_array_equal(store.load(name).shape, (24, 32, 3))
                store.list()
        except Exception as exc:  # noqa: B902
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.list()) == 12
    np.testing.assert_array_equal(store.load('w2-0'), _image(209))


WRITER = r"""
import sys
import numpy as np
from subtle_diff_ros.service.reference_store import ReferenceStore
store = ReferenceStore(sys.argv[1])
print('ready', flush=True)
i = 0
while True:
    value = i % 251
    image = np.full((48, 64, 3), value, np.uint8)
    image[0, 0] = (i // 251) % 256  # a different file every write
    store.save(f'ref{i % 5}', image, stamp=(value, 0), overwrite=True)
    i += 1
"""


def test_kill_9_during_writes_leaves_a_consistent_store(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != '_ROS_WHEELS_BOOTSTRAP_COMPLETE'}
    for round_ in range(3):
        writer = subprocess.Popen([sys.executable, '-c', WRITER, str(tmp_path)],
                                  stdout=subprocess.PIPE, env=env, cwd=str(tmp_path.parent))
        assert writer.stdout.readline().strip() == b'ready'
        time.sleep(0.3 + 0.1 * round_)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        store = ReferenceStore(str(tmp_path))
        infos = store.list()
        assert infos, 'the writer stored nothing before it was killed'
        for info in infos:
            image = store.load(info.name)  # verifies the sha256 of the file
            assert image.shape == (48, 64, 3)
            assert int(image[1, 1, 0]) == info.stamp_sec  # image and metadata are one write
        files = set(os.listdir(tmp_path))
        expected = {i.name + '.json' for i in infos} | {i.image_file for i in infos}
        assert files == expected
        for info in infos:
            with open(tmp_path / (info.name + '.json')) as f:
                assert json.load(f)['sha256'] == info.sha256

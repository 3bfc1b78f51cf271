# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The reference store: round trips, names, overwrite, restart, kill -9 in the middle of writes."""

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from subtle_diff_ros.core.errors import InvalidImageError, SubtleDiffError
from subtle_diff_ros.service import reference_store
from subtle_diff_ros.service.reference_store import (
    InvalidReferenceNameError, ReferenceExistsError, ReferenceNotFoundError, ReferenceStore,
    ReferenceStoreError, STALE_AFTER_S)


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


def _age(path, seconds=STALE_AFTER_S + 60):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_references_survive_a_restart_and_stale_leftovers_are_removed(tmp_path):
    ReferenceStore(str(tmp_path)).save('kept', _image(3), stamp=(5, 6))
    orphan = ReferenceStore(str(tmp_path / 'other')).save('orphan', _image(5))
    os.replace(tmp_path / 'other' / orphan.image_file, tmp_path / orphan.image_file)
    (tmp_path / '.tmp-99-1-half.0123456789abcdef.png').write_bytes(b'\x89PNG half')
    for leftover in (orphan.image_file, '.tmp-99-1-half.0123456789abcdef.png'):
        _age(tmp_path / leftover)
    store = ReferenceStore(str(tmp_path))
    assert store.removed_leftovers == ['.tmp-99-1-half.0123456789abcdef.png', orphan.image_file]
    assert [i.name for i in store.list()] == ['kept']
    np.testing.assert_array_equal(store.load('kept'), _image(3))


def test_an_image_whose_metadata_is_damaged_is_kept_for_its_repair(tmp_path):
    """A hand-edited metadata file that no longer reads leaves its image alone, repairable."""
    info = ReferenceStore(str(tmp_path)).save('hinge', _image(4))
    metadata = tmp_path / 'hinge.json'
    good = metadata.read_text()
    metadata.write_text(good.rstrip().rstrip('}') + ', "comment": "checked by Ana"}')
    _age(tmp_path / info.image_file)
    store = ReferenceStore(str(tmp_path))
    assert store.removed_leftovers == [] and (tmp_path / info.image_file).exists()
    metadata.write_text(good)
    np.testing.assert_array_equal(ReferenceStore(str(tmp_path)).load('hinge'), _image(4))


def test_files_the_store_did_not_write_are_never_removed(tmp_path):
    # A user's photo folder: PNGs and JSON of their own, and a name that only looks like ours.
    own = {'obj1__0.png': b'photo 1', 'obj2__0.png': b'photo 2', 'notes.json': b'{"a": 1}',
           'cup.0123456789abcdef.png': b'not the content of that hash', '.tmp-x.png': b'mine'}
    for name, data in own.items():
        (tmp_path / name).write_bytes(data)
        _age(tmp_path / name)
    store = ReferenceStore(str(tmp_path))
    assert store.removed_leftovers == []
    assert {n: (tmp_path / n).read_bytes() for n in own} == own


def test_fresh_leftovers_may_be_another_process_writing_and_are_kept(tmp_path):
    (tmp_path / '.tmp-99-1-half.0123456789abcdef.png').write_bytes(b'\x89PNG half')
    orphan = ReferenceStore(str(tmp_path)).save('orphan', _image(5))
    os.unlink(tmp_path / 'orphan.json')  # as between the image and the metadata of a write
    assert ReferenceStore(str(tmp_path)).removed_leftovers == []
    assert sorted(os.listdir(tmp_path)) == ['.tmp-99-1-half.0123456789abcdef.png',
                                            orphan.image_file]


def test_opening_the_store_while_another_store_saves_loses_nothing(tmp_path):
    writer = ReferenceStore(str(tmp_path))
    errors, done = [], threading.Event()

    def save():
        for i in range(40):
            try:
                writer.save('hinge_ref', _image(i % 5), overwrite=True)
            except Exception as exc:  # noqa: B902
                errors.append(exc)
        done.set()

    thread = threading.Thread(target=save)
    thread.start()
    while not done.is_set():
        ReferenceStore(str(tmp_path))  # the other node starting on the same directory
    thread.join()
    assert errors == []
    np.testing.assert_array_equal(ReferenceStore(str(tmp_path)).load('hinge_ref'), _image(4))


def test_foreign_or_broken_entries_are_skipped_not_failing_the_listing(tmp_path):
    store = ReferenceStore(str(tmp_path))
    store.save('good', _image(1))
    lost = store.save('lost', _image(2))
    os.unlink(tmp_path / lost.image_file)
    (tmp_path / 'junk.json').write_text('{"not": "a reference"}')
    (tmp_path / 'list.json').write_text('[1, 2]')
    escape = dict(store.info('good').to_dict(), name='escape', image_file='../escape.png')
    (tmp_path / 'escape.json').write_text(json.dumps(escape))
    assert [i.name for i in store.list()] == ['good']
    assert len(store.skipped) == 4
    assert any('lost' in problem and 'missing' in problem for problem in store.skipped)
    assert any('junk.json is not reference metadata' in problem for problem in store.skipped)


@pytest.mark.parametrize('stamp', [(2 ** 31, 0), (-2 ** 31 - 1, 0), (0, 10 ** 9), (0, -1),
                                   (1.5, 0), (0,), (0, 0, 0), None, 5, '12'])
def test_a_stamp_no_ros_time_holds_is_refused(tmp_path, stamp):
    store = ReferenceStore(str(tmp_path))
    with pytest.raises(SubtleDiffError, match='does not fit a ROS time'):
        store.save('ref', _image(1), stamp=stamp)
    assert store.list() == []


def test_a_stored_stamp_no_ros_time_holds_is_skipped(tmp_path):
    """Metadata written with a stamp that would wrap in ListReferences (2147483651 s)."""
    store = ReferenceStore(str(tmp_path))
    info = store.save('big', _image(1), stamp=(2 ** 31 - 1, 999_999_999))
    (tmp_path / 'big.json').write_text(json.dumps(dict(info.to_dict(), stamp_sec=2 ** 31 + 3)))
    assert store.list() == []
    assert 'does not fit a ROS time' in store.skipped[0]


@pytest.mark.parametrize('field, value', [
    ('source', 5), ('source', ['camera']), ('source', None), ('source', 'cam\ud800era'),
    ('width', -1), ('width', 0), ('width', 'big'), ('width', 64.0), ('width', True),
    ('height', [1]), ('height', None), ('height', 2 ** 32), ('stamp_sec', '5'),
])
def test_metadata_with_a_field_of_the_wrong_type_is_skipped_with_the_reason(
        tmp_path, field, value):
    """
    A hand-edited field a Reference message cannot hold is never listed or served.

    With "source": 5 the difference server aborted (SIGABRT) building the ListReferences answer.
    """
    store = ReferenceStore(str(tmp_path))
    store.save('good', _image(1), source='camera', stamp=(3, 4))
    info = store.save('edited', _image(2))
    (tmp_path / 'edited.json').write_text(json.dumps(dict(info.to_dict(), **{field: value})))
    listed = store.list()
    assert [i.name for i in listed] == ['good']
    assert [type(getattr(listed[0], f)) for f in ('source', 'width', 'height', 'stamp_sec')] \
        == [str, int, int, int]
    assert len(store.skipped) == 1
    assert 'edited.json is not reference metadata' in store.skipped[0]
    for read in (store.info, store.load):
        with pytest.raises(SubtleDiffError, match='edited.json is not reference metadata'):
            read('edited')


def test_foreign_fields_are_not_echoed_into_the_listing_message(tmp_path):
    """A foreign key (here a lone surrogate, which no ROS string holds) stays out of skipped."""
    store = ReferenceStore(str(tmp_path))
    (tmp_path / 'foreign.json').write_text('{"\\ud800": 1, "name": "foreign"}')
    assert store.list() == []
    assert 'foreign.json is not reference metadata' in store.skipped[0]
    store.skipped[0].encode('utf-8')


def test_a_source_no_metadata_file_could_hold_is_refused_when_saving(tmp_path):
    store = ReferenceStore(str(tmp_path))
    with pytest.raises(SubtleDiffError, match='undecodable character'):
        store.save('ref', _image(1), source='cam\ud800')
    assert store.list() == [] and store.skipped == []


def test_deeply_nested_foreign_json_is_skipped_not_failing_the_store(tmp_path):
    """A JSON file nested deeper than the decoder recurses (RecursionError) is one more skip."""
    ReferenceStore(str(tmp_path)).save('good', _image(1))
    (tmp_path / 'notes.json').write_text('[' * 100_000 + ']' * 100_000)
    store = ReferenceStore(str(tmp_path))
    assert [i.name for i in store.list()] == ['good']
    assert len(store.skipped) == 1 and 'notes.json' in store.skipped[0]
    with pytest.raises(SubtleDiffError, match='notes.json'):
        store.info('notes')


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
    image[:, 32:] = (value + 100) % 256  # an object beside a background: storable
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
        expected = {i.name + '.json' for i in infos} | {i.image_file for i in infos}
        for leftover in set(os.listdir(tmp_path)) - expected:  # fresh: kept until stale
            assert leftover.startswith('.tmp-') or leftover.startswith('ref'), leftover
            _age(tmp_path / leftover)
        ReferenceStore(str(tmp_path))
        assert set(os.listdir(tmp_path)) == expected
        for info in infos:
            with open(tmp_path / (info.name + '.json')) as f:
                assert json.load(f)['sha256'] == info.sha256


HOLD_LOCK = r"""
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)  # a peer store user stopped in the middle of a write
print('locked', flush=True)
time.sleep(120)
"""


def _in_thread(call, limit_s):
    """Return what ``call()`` returned or raised, failing when it takes over ``limit_s``."""
    outcome = []

    def run():
        try:
            outcome.append(call())
        except Exception as exc:  # noqa: B902
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit_s)
    assert not thread.is_alive(), f'no answer within {limit_s} s: it hangs'
    return outcome[0]


def test_a_lock_another_process_keeps_is_waited_for_a_bounded_time(tmp_path, monkeypatch):
    """A save gives up with a clear error; reads do not wait on the lock at all."""
    monkeypatch.setattr(reference_store, 'LOCK_TIMEOUT_S', 0.5, raising=False)
    store = ReferenceStore(str(tmp_path))
    store.save('kept', _image(1))
    holder = subprocess.Popen([sys.executable, '-c', HOLD_LOCK, str(tmp_path)],
                              stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b'locked'
        start = time.monotonic()
        error = _in_thread(lambda: store.save('new', _image(2)), limit_s=10)
        assert isinstance(error, ReferenceStoreError), error
        assert 0.5 <= time.monotonic() - start < 5
        assert f'the reference directory {tmp_path} is locked by another process' in str(error)
        assert 'try again' in str(error)
        error = _in_thread(lambda: store.delete('kept'), limit_s=10)
        assert isinstance(error, ReferenceStoreError) and 'locked by' in str(error), error
        assert [i.name for i in _in_thread(store.list, limit_s=0.4)] == ['kept']
        np.testing.assert_array_equal(_in_thread(lambda: store.load('kept'), 0.4), _image(1))
    finally:
        holder.kill()
        holder.wait(timeout=10)
    store.save('new', _image(2))
    assert [i.name for i in store.list()] == ['kept', 'new']


def test_a_lock_released_within_the_wait_is_taken(tmp_path):
    store = ReferenceStore(str(tmp_path))
    fd = os.open(str(tmp_path), os.O_RDONLY)  # its own open file: flock excludes it as a peer
    fcntl.flock(fd, fcntl.LOCK_EX)
    release = threading.Timer(0.3, lambda: os.close(fd))
    release.start()
    info = _in_thread(lambda: store.save('ref', _image(1)), limit_s=10)
    release.join()
    assert not isinstance(info, Exception), info
    assert [i.name for i in store.list()] == ['ref']


def test_a_deleted_directory_is_reported_then_made_again_by_a_save(tmp_path):
    directory = tmp_path / 'refs'
    store = ReferenceStore(str(directory))
    store.save('old', _image(1))
    store.load('old')  # cached: still refused once its metadata is gone
    shutil.rmtree(directory)
    for call in (store.list, lambda: store.load('old'), lambda: store.info('old'),
                 lambda: store.delete('old')):
        with pytest.raises(ReferenceStoreError,
                           match=f'the reference directory {directory} is missing'):
            call()
    store.save('new', _image(2))
    assert [i.name for i in store.list()] == ['new']
    np.testing.assert_array_equal(store.load('new'), _image(2))
    store.delete('new')
    assert store.list() == []


def test_a_directory_replaced_by_a_file_is_refused(tmp_path):
    directory = tmp_path / 'refs'
    store = ReferenceStore(str(directory))
    store.save('old', _image(1))
    shutil.rmtree(directory)
    directory.write_bytes(b'not a directory')
    for call in (store.list, lambda: store.save('new', _image(2)),
                 lambda: store.save('old', _image(2), overwrite=True),
                 lambda: store.load('old'), lambda: store.info('old'),
                 lambda: store.delete('old')):
        with pytest.raises(ReferenceStoreError,
                           match=f'the reference directory {directory} is not a directory'):
            call()
    assert directory.read_bytes() == b'not a directory'
    with pytest.raises(ReferenceStoreError, match='is not a directory'):
        ReferenceStore(str(directory))


def test_a_fifo_or_a_device_in_the_store_is_skipped_without_blocking(tmp_path):
    """A FIFO named like metadata, or in place of an image, never blocks the store."""
    store = ReferenceStore(str(tmp_path))
    store.save('hinge', _image(1))
    os.mkfifo(tmp_path / 'evil.json')
    os.symlink('/dev/zero', tmp_path / 'zero.json')
    assert [i.name for i in store.list()] == ['hinge']
    assert len(store.skipped) == 2 and all('not a regular file' in s for s in store.skipped)
    image = tmp_path / store.info('hinge').image_file
    os.unlink(image)
    os.mkfifo(image)
    with pytest.raises(SubtleDiffError, match='not a regular file'):
        ReferenceStore(str(tmp_path)).load('hinge')


@pytest.mark.parametrize('image, words', [
    (np.zeros((8, 8, 3), np.uint8) + 100, 'both sides must be at least 16 pixels'),
    (np.full((48, 64, 3), 128, np.uint8), 'uniform'),
])
def test_an_image_no_request_could_measure_is_not_stored(tmp_path, image, words):
    """A reference too small or of one colour is refused at once, not at every later use."""
    store = ReferenceStore(str(tmp_path))
    with pytest.raises(InvalidImageError, match=words):
        store.save('useless', image)
    assert store.list() == []


def _files(directory):
    return {entry: (directory / entry).read_bytes() for entry in os.listdir(directory)}


@pytest.mark.parametrize('source, words', [
    (None, 'must be text'), (5, 'must be text'), (b'camera', 'must be text'),
    ('c' * (reference_store.MAX_SOURCE_LENGTH + 1), 'over the limit of 1000'),
    ('c' * 100_000, 'has 100000 characters'), ('cam\x00', 'control'), ('cam\nera', 'control'),
    ('cam\tera', 'control'), ('cam\u202eera', 'control, invisible'), ('cam\u200bera', 'invisible'),
])
def test_a_source_that_is_not_one_short_line_of_text_is_refused(tmp_path, source, words):
    """None and 5 were stored as 'None' and '5', and NUL, line ends and overrides as they were."""
    store = ReferenceStore(str(tmp_path))
    with pytest.raises(SubtleDiffError, match=words) as error:
        store.save('ref', _image(1), source=source)
    assert '\n' not in str(error.value) and len(str(error.value)) < 300
    assert os.listdir(tmp_path) == []
    longest = 'c\u00e9\U0001f4f7' * (reference_store.MAX_SOURCE_LENGTH // 3)
    assert store.save('ref', _image(1), source=longest).source == longest
    assert store.info('ref').source == longest


def test_an_overwrite_with_a_huge_source_leaves_the_reference_intact(tmp_path):
    """A 2 MB source made metadata over the read limit: the reference could not even be deleted."""
    store = ReferenceStore(str(tmp_path))
    info = store.save('hinge', _image(1), source='camera')
    before = _files(tmp_path)
    with pytest.raises(SubtleDiffError, match='over the limit'):
        store.save('hinge', _image(2), source='c' * 2_000_000, overwrite=True)
    assert _files(tmp_path) == before
    assert store.list() == [info] and store.skipped == []
    np.testing.assert_array_equal(ReferenceStore(str(tmp_path)).load('hinge'), _image(1))


def test_metadata_the_store_would_not_read_is_never_written(tmp_path, monkeypatch):
    """The last guard: the serialized metadata is measured against the read limit first."""
    store = ReferenceStore(str(tmp_path))
    store.save('hinge', _image(1))
    before = _files(tmp_path)
    monkeypatch.setattr(reference_store, '_MAX_METADATA_BYTES', 250)
    with pytest.raises(ReferenceStoreError, match=r'its metadata would be \d+ bytes, over the '
                       'limit of 250 bytes read'):
        store.save('hinge', _image(2), source='c' * 200, overwrite=True)
    assert _files(tmp_path) == before


def _damage(tmp_path, kind, info):
    """Give reference ``info`` (its metadata removed) metadata of the given damage."""
    if kind == 'names another':
        (tmp_path / 'x.json').write_text((tmp_path / 'ra.json').read_text())
    elif kind == 'link to another':
        os.symlink(tmp_path / 'ra.json', tmp_path / 'x.json')
    elif kind == 'not json':
        (tmp_path / 'x.json').write_text('{"name": "x",')
    elif kind == 'over the read limit':
        metadata = dict(info.to_dict(), source='c' * 2_000_000)
        (tmp_path / 'x.json').write_text(json.dumps(metadata))
    elif kind == 'empty folder':
        os.mkdir(tmp_path / 'x.json')
    elif kind == 'fifo':
        os.mkfifo(tmp_path / 'x.json')
    elif kind == 'link to a device':
        os.symlink('/dev/zero', tmp_path / 'x.json')


@pytest.mark.parametrize('kind', ['names another', 'link to another', 'not json',
                                  'over the read limit', 'empty folder', 'fifo',
                                  'link to a device'])
def test_a_reference_with_damaged_metadata_can_be_deleted(tmp_path, kind):
    """delete() read the metadata first, and damaged metadata could never be deleted."""
    store = ReferenceStore(str(tmp_path))
    kept = store.save('ra', _image(1))
    own = store.save('x', _image(2))
    (tmp_path / 'x.json').unlink()
    # a user's photo that only looks like an image of x: its name is not its content's hash
    (tmp_path / 'x.0123456789abcdef.png').write_bytes(b'my photo')
    _damage(tmp_path, kind, own)
    store.list()
    assert any('x.json' in problem for problem in store.skipped)
    assert store.delete('x') == ['x.json', own.image_file]
    assert sorted(os.listdir(tmp_path)) == sorted(['ra.json', kept.image_file,
                                                   'x.0123456789abcdef.png'])
    assert store.list() == [kept] and store.skipped == []
    np.testing.assert_array_equal(store.load('ra'), _image(1))
    with pytest.raises(ReferenceNotFoundError):
        store.delete('x')


def test_delete_reports_what_it_removed_and_refuses_bad_names(tmp_path):
    store = ReferenceStore(str(tmp_path))
    info = store.save('hinge', _image(1))
    assert store.delete('hinge') == ['hinge.json', info.image_file]
    assert os.listdir(tmp_path) == []
    (tmp_path / 'secret.json').write_text('{}')
    for name in ('../secret', '/etc/passwd', '', None, 'secret.json/..'):
        with pytest.raises(InvalidReferenceNameError):
            store.delete(name)
    assert os.listdir(tmp_path) == ['secret.json']


def test_a_folder_with_files_named_like_metadata_is_not_deleted(tmp_path):
    store = ReferenceStore(str(tmp_path))
    os.mkdir(tmp_path / 'x.json')
    (tmp_path / 'x.json' / 'notes.txt').write_text('mine')
    with pytest.raises(ReferenceStoreError, match=r"cannot delete reference 'x' \(.*x.json\): "
                       'Directory not empty'):
        store.delete('x')
    assert (tmp_path / 'x.json' / 'notes.txt').read_text() == 'mine'


def test_an_image_file_larger_than_its_recorded_size_takes_is_not_read(tmp_path):
    """A 1000 MB sparse file in place of an image was read whole before its sha256 failed."""
    store = ReferenceStore(str(tmp_path))
    info = store.save('ref', _image(1))
    with open(tmp_path / info.image_file, 'r+b') as f:
        f.truncate(1000 << 20)
    for call in (ReferenceStore(str(tmp_path)).load, store.load):  # cached or not
        start = time.monotonic()
        with pytest.raises(ReferenceStoreError, match=r'is 1048576000 bytes, over the \d+ bytes a '
                           '32x24 image takes: damaged'):
            call('ref')
        assert time.monotonic() - start < 0.5
    assert store.list() == [] and 'over the' in store.skipped[0]


def _claim(tmp_path, store, name, **fields):
    """Give reference ``name`` metadata with ``fields`` changed."""
    info = dict(store.info(name).to_dict(), **fields)
    (tmp_path / f'{name}.json').write_text(json.dumps(info))


@pytest.mark.parametrize('width, height', [(7, 9), (3000, 2000), (24, 32)])
def test_a_recorded_size_other_than_the_image_s_is_refused(tmp_path, width, height):
    """Metadata claiming 7x9 for a 32x24 image was listed and loaded."""
    store = ReferenceStore(str(tmp_path))
    store.save('ref', _image(1))
    _claim(tmp_path, store, 'ref', width=width, height=height)
    for load in (store.load, ReferenceStore(str(tmp_path)).load):  # cached or not
        with pytest.raises(ReferenceStoreError, match=f'is 32x24, not the {width}x{height} '
                           'image its metadata records: damaged'):
            load('ref')


def test_a_large_image_under_a_small_recorded_size_is_not_listed(tmp_path):
    store = ReferenceStore(str(tmp_path))
    store.save('ref', _image(1, (200, 300, 3)))
    _claim(tmp_path, store, 'ref', width=7, height=9)
    assert store.list() == []
    assert 'a 7x9 image takes: damaged' in store.skipped[0]


def test_an_image_that_is_no_png_is_refused(tmp_path):
    store = ReferenceStore(str(tmp_path))
    info = store.save('ref', _image(1))
    data = b'GIF89a' + bytes(100)
    digest = hashlib.sha256(data).hexdigest()
    (tmp_path / info.image_file).unlink()
    (tmp_path / f'ref.{digest[:16]}.png').write_bytes(data)
    _claim(tmp_path, store, 'ref', sha256=digest, image_file=f'ref.{digest[:16]}.png')
    with pytest.raises(ReferenceStoreError, match='is not a PNG, not the 32x24 image'):
        store.load('ref')


def test_the_cache_serves_only_the_file_it_was_read_from(tmp_path, monkeypatch):
    """Cached by sha256 alone, another name's damaged image was served as the good one's."""
    store = ReferenceStore(str(tmp_path))
    info = store.save('good', _image(1))
    np.testing.assert_array_equal(store.load('good'), _image(1))
    copy = f'copy.{info.sha256[:16]}.png'  # the same sha256, a damaged file of its own
    (tmp_path / copy).write_bytes(b'damaged')
    (tmp_path / 'copy.json').write_text(json.dumps(dict(info.to_dict(), name='copy',
                                                        image_file=copy)))
    with pytest.raises(ReferenceStoreError, match='does not match its recorded sha256'):
        store.load('copy')
    # a cached image is served without reading its file again, until the file changes
    reads = []
    real = reference_store.read_regular_file
    monkeypatch.setattr(reference_store, 'read_regular_file',
                        lambda *args: reads.append(args[0]) or real(*args))
    np.testing.assert_array_equal(store.load('good'), _image(1))
    assert [path for path in reads if path.endswith('.png')] == []
    (tmp_path / info.image_file).write_bytes(b'damaged')
    with pytest.raises(ReferenceStoreError, match='does not match its recorded sha256'):
        store.load('good')
    os.unlink(tmp_path / info.image_file)
    with pytest.raises(ReferenceStoreError, match='is missing'):
        store.load('good')


@pytest.mark.parametrize('directory, words', [
    (None, 'must be a path given as text, not NoneType'), (3, 'not int'),
    (b'/tmp/refs', 'not bytes'), ('/tmp/re\x00fs', 'has a NUL character'),
    ('/'.join(['d'] * 2000), 'nested too deep'),
])
def test_a_directory_no_store_can_use_is_refused_at_once(tmp_path, monkeypatch, directory,
                                                         words):
    """None and 3 raised TypeError, NUL ValueError, a deep path RecursionError; bytes were kept."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReferenceStoreError, match=words) as error:
        ReferenceStore(directory)
    assert '\n' not in str(error.value) and len(str(error.value)) < 300


def test_a_path_object_is_a_directory(tmp_path):
    store = ReferenceStore(tmp_path / 'refs')
    assert store.directory == str(tmp_path / 'refs')
    store.save('ref', _image(1))
    assert [i.name for i in store.list()] == ['ref']


def test_an_image_over_the_pixel_limit_is_refused_before_any_write(tmp_path):
    """An 8000x8000 image (a view of 600 pixels) was stored, peaking at 689 MB."""
    store = ReferenceStore(str(tmp_path))
    huge = np.lib.stride_tricks.as_strided(_image(1), shape=(8000, 8000, 3), strides=(0, 3, 1),
                                           writeable=False)
    with pytest.raises(InvalidImageError, match='8000x8000, over the limit of 8294400 pixels'):
        store.save('huge', huge)
    with pytest.raises(InvalidImageError, match='32x24, over the limit of 700 pixels'):
        store.save('ref', _image(1), max_pixels=700)
    assert os.listdir(tmp_path) == []
    assert store.save('ref', _image(1), max_pixels=768).width == 32


def test_a_reader_opens_a_store_it_cannot_write(tmp_path, monkeypatch):
    """The inspection node only reads: a read-only share of references must not stop it."""
    ReferenceStore(str(tmp_path)).save('kept', _image(3))
    (tmp_path / '.tmp-99-1-half.0123456789abcdef.png').write_bytes(b'\x89PNG half')
    _age(tmp_path / '.tmp-99-1-half.0123456789abcdef.png')
    before = _files(tmp_path)
    real_access = os.access
    monkeypatch.setattr(os, 'access', lambda path, mode, **kw: not mode & os.W_OK and
                        real_access(path, mode, **kw))  # a read-only mount, even for root
    with pytest.raises(ReferenceStoreError, match='is not writable'):
        ReferenceStore(str(tmp_path))  # a writer is still refused at once
    store = ReferenceStore(str(tmp_path), read_only=True)
    assert store.read_only and store.removed_leftovers == []
    assert [i.name for i in store.list()] == ['kept']
    np.testing.assert_array_equal(store.load('kept'), _image(3))
    for write in (lambda: store.save('new', _image(4)), lambda: store.delete('kept')):
        with pytest.raises(ReferenceStoreError, match='opened read-only') as error:
            write()
        assert '\n' not in str(error.value)
    assert _files(tmp_path) == before


def test_a_reader_neither_makes_nor_needs_a_missing_directory(tmp_path):
    store = ReferenceStore(str(tmp_path / 'refs'), read_only=True)
    assert not os.path.exists(tmp_path / 'refs')
    with pytest.raises(ReferenceStoreError, match='is missing'):
        store.load('kept')
    ReferenceStore(str(tmp_path / 'refs')).save('kept', _image(3))  # a writer captures later
    np.testing.assert_array_equal(store.load('kept'), _image(3))
    (tmp_path / 'file').write_bytes(b'x')
    with pytest.raises(ReferenceStoreError, match='is not a directory'):
        ReferenceStore(str(tmp_path / 'file'), read_only=True)


def test_a_reader_opens_a_store_on_a_read_only_mount(tmp_path):
    """The same on a real read-only bind mount (where this test may mount in its own namespace)."""
    if shutil.which('unshare') is None or shutil.which('mount') is None:
        pytest.skip('no unshare or mount here')
    ReferenceStore(str(tmp_path / 'refs')).save('kept', _image(3))
    (tmp_path / 'ro').mkdir()
    package = os.path.dirname(os.path.dirname(reference_store.__file__))
    script = ('import sys; sys.path.insert(0, sys.argv[1])\n'
              'from subtle_diff_ros.service.reference_store import ReferenceStore as S, '
              'ReferenceStoreError as E\n'
              'for read_only in (False, True):\n'
              '    try:\n'
              '        print(S(sys.argv[2], read_only=read_only).load("kept").shape)\n'
              '    except E as error:\n'
              '        print("error:", error)\n')
    mount = f'mount --bind -o ro "{tmp_path}/refs" "{tmp_path}/ro" || exit 77; exec "$@"'
    done = subprocess.run(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', mount,
                           'sh', sys.executable, '-c', script, package, str(tmp_path / 'ro')],
                          capture_output=True, text=True, timeout=60)
    if done.returncode == 77 or 'unshare failed' in done.stderr:
        pytest.skip(f'no read-only bind mount here: {done.stderr.strip()}')
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f'error: the reference directory {tmp_path}/ro is not writable', '(24, 32, 3)']

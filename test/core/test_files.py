# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Output files: links followed, FIFOs and devices written in place, bad paths refused."""

import os
import stat
import subprocess
import sys
import threading

import numpy as np
import pytest

from subtle_diff_ros.core import files
from subtle_diff_ros.core.files import OutputError, same_file, write_file
from subtle_diff_ros.vision.image_io import load_image, save_image


def _left_over(folder):
    return [name for name in os.listdir(folder) if 'tmp' in name]


def test_a_new_file_and_a_replaced_one_keep_no_temporary_file(tmp_path):
    path = tmp_path / 'out.csv'
    write_file(str(path), b'one')
    path.chmod(0o640)
    write_file(str(path), b'two')
    assert path.read_bytes() == b'two' and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _left_over(tmp_path) == []


def test_a_symbolic_link_is_followed_and_kept(tmp_path):
    (tmp_path / 'real').mkdir()
    real = tmp_path / 'real' / 'report.html'
    real.write_text('old')
    link = tmp_path / 'link.html'
    link.symlink_to(real)
    write_file(str(link), b'new')
    assert link.is_symlink() and real.read_bytes() == b'new'
    dangling = tmp_path / 'dangling.csv'
    dangling.symlink_to(tmp_path / 'real' / 'new.csv')
    write_file(str(dangling), b'made')
    assert dangling.is_symlink() and (tmp_path / 'real' / 'new.csv').read_bytes() == b'made'
    assert _left_over(tmp_path) == [] and _left_over(tmp_path / 'real') == []


def test_a_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / 'pipe'
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_file(str(fifo), b'through the pipe')
    reader.join(timeout=10)
    assert got == [b'through the pipe'] and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _left_over(tmp_path) == []


@pytest.mark.skipif(not os.path.exists('/dev/full'), reason='no /dev/full')
def test_a_device_is_written_never_replaced(tmp_path):
    link = tmp_path / 'full'
    link.symlink_to('/dev/full')
    with pytest.raises(OutputError, match='cannot write .*full: No space left on device'):
        write_file(str(link), b'x')
    assert link.is_symlink() and stat.S_ISCHR(os.stat('/dev/full').st_mode)


def test_a_folder_or_a_missing_folder_is_refused(tmp_path):
    (tmp_path / 'some_dir').mkdir()
    for path, words in ((tmp_path / 'some_dir', 'it is a folder'),
                        (f'{tmp_path}/some_dir/', 'it is a folder'),
                        (f'{tmp_path}/nothing/', 'no folder'),
                        (tmp_path / 'nothing' / 'out.csv', 'no folder')):
        with pytest.raises(OutputError, match=words):
            write_file(str(path), b'x')
    assert sorted(os.listdir(tmp_path)) == ['some_dir'] and os.listdir(tmp_path / 'some_dir') == []


def test_save_image_follows_a_link_and_makes_its_folder(tmp_path):
    image = np.full((20, 30, 3), 90, np.uint8)
    save_image(str(tmp_path / 'new' / 'a.png'), image)
    link = tmp_path / 'b.png'
    link.symlink_to(tmp_path / 'new' / 'a.png')
    save_image(str(link), image + 10)
    assert link.is_symlink() and load_image(str(tmp_path / 'new' / 'a.png'))[0, 0, 0] == 100
    assert _left_over(tmp_path / 'new') == []


def test_only_regular_files_within_the_limit_are_read(tmp_path):
    """A FIFO with no writer, a device and a file over the limit are refused at once."""
    from subtle_diff_ros.core.errors import SubtleDiffError
    from subtle_diff_ros.core.files import read_regular_file
    small = tmp_path / 'small.txt'
    small.write_bytes(b'12345')
    assert read_regular_file(str(small), 5) == b'12345'
    with pytest.raises(SubtleDiffError, match='over the limit of 4 bytes'):
        read_regular_file(str(small), 4)
    fifo = tmp_path / 'fifo'
    os.mkfifo(fifo)
    for path in (str(fifo), '/dev/zero', str(tmp_path)):
        with pytest.raises(SubtleDiffError, match='is not a regular file'):
            read_regular_file(path, 1 << 20, what='plan')
    with pytest.raises(FileNotFoundError):
        read_regular_file(str(tmp_path / 'none'), 10)


def test_an_image_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A sparse file of gigabytes (an image with junk after it) is refused by its size."""
    from subtle_diff_ros.core.errors import InvalidImageError
    from subtle_diff_ros.vision import image_io
    path = tmp_path / 'big.png'
    save_image(str(path), np.zeros((16, 16, 3), np.uint8))
    os.truncate(path, 3 << 30)
    with pytest.raises(InvalidImageError, match='3 GiB, over the limit of 1 GiB'):
        load_image(str(path))
    fifo = tmp_path / 'camera.png'
    os.mkfifo(fifo)
    with pytest.raises(InvalidImageError, match='not a regular file'):
        image_io.load_image(str(fifo))


def test_a_fifo_no_process_reads_is_an_error_not_a_wait_without_end(tmp_path, monkeypatch):
    """With no reader the write gives up after FIFO_READER_WAIT_S with one line."""
    from subtle_diff_ros.core import files
    monkeypatch.setattr(files, 'FIFO_READER_WAIT_S', 0.2)
    fifo = tmp_path / 'pipe'
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match='a FIFO that no process reads'):
        write_file(str(fifo), b'nobody listens')


def _bind_mount_alias(tmp_path, monkeypatch):
    """
    Return (folder, alias): a second path to ``folder`` that ``os.path.realpath`` cannot see.

    A bind mount (or a volume mounted twice, an NFS alias) is such a path; it is played here by a
    link to the folder, with ``realpath`` made blind to links, as it is to mounts.
    """
    folder = tmp_path / 'data'
    folder.mkdir()
    alias = tmp_path / 'bind'
    alias.symlink_to(folder, target_is_directory=True)
    monkeypatch.setattr(os.path, 'realpath', os.path.abspath)
    return folder, alias


def test_an_output_over_a_kept_file_through_another_mount_is_refused(tmp_path, monkeypatch):
    """The file the output is made from, through any second path to it, is compared by identity."""
    folder, alias = _bind_mount_alias(tmp_path, monkeypatch)
    kept = folder / 'h.db'
    kept.write_bytes(b'SQLite format 3\0')
    (folder / 'h.db-wal').write_bytes(b'pages')
    for name in ('h.db', 'h.db-wal', 'h.db-shm'):  # -shm does not exist yet
        with pytest.raises(OutputError, match='the file the output is made from'):
            write_file(str(alias / name), b'x', keep=[str(kept)])
        with pytest.raises(OutputError, match='the file the output is made from'):
            write_file(str(folder / name), b'x', keep=[str(alias / 'h.db')])
    assert kept.read_bytes() == b'SQLite format 3\0' and (folder / 'h.db-wal').read_bytes() == \
        b'pages' and sorted(os.listdir(folder)) == ['h.db', 'h.db-wal']
    write_file(str(alias / 'h.csv'), b'rows', keep=[str(kept)])
    assert (folder / 'h.csv').read_bytes() == b'rows'


def test_same_file_compares_by_identity(tmp_path):
    one = tmp_path / 'one'
    one.write_bytes(b'1')
    os.link(one, tmp_path / 'hard')
    (tmp_path / 'other').write_bytes(b'1')
    assert same_file(str(one), str(tmp_path / 'hard'))
    assert same_file(str(one), f'{tmp_path}//./one')
    assert not same_file(str(one), str(tmp_path / 'other'))
    assert not same_file(str(tmp_path / 'new'), str(tmp_path / 'other'))
    assert same_file(str(tmp_path / 'new'), f'{tmp_path}/./new')


_WRITE_STDOUT = ('import sys; from subtle_diff_ros.core.files import write_file; '
                 'write_file(sys.argv[1], b"rows\\n", keep=sys.argv[2:])')


def _write_through_stdout(handle, path='/dev/stdout', keep=()):
    package = os.path.dirname(os.path.dirname(os.path.abspath(files.__file__)))
    return subprocess.run([sys.executable, '-c', _WRITE_STDOUT, path, *keep], stdout=handle,
                          stderr=subprocess.PIPE,
                          env={**os.environ, 'PYTHONPATH': os.path.dirname(package)})


@pytest.mark.skipif(not os.path.exists('/proc/self/fd'), reason='no /proc/self/fd')
def test_standard_output_redirected_to_a_file_is_written_through_its_descriptor(tmp_path):
    """``--out /dev/stdout >> log.txt`` appends; in ``{ echo A; cmd; echo B; } > f`` all stay."""
    log = tmp_path / 'log.txt'
    log.write_bytes(b'kept from before\n')
    inode = log.stat().st_ino
    with open(log, 'ab') as handle:
        assert _write_through_stdout(handle).returncode == 0
    assert log.read_bytes() == b'kept from before\nrows\n' and log.stat().st_ino == inode
    group = tmp_path / 'group.txt'
    with open(group, 'wb', buffering=0) as handle:
        handle.write(b'HEADER\n')
        for path in ('/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'):
            assert _write_through_stdout(handle, path).returncode == 0
        handle.write(b'FOOTER\n')
    assert group.read_bytes() == b'HEADER\nrows\nrows\nrows\nFOOTER\n'
    assert _left_over(tmp_path) == []


@pytest.mark.skipif(not os.path.exists('/proc/self/fd'), reason='no /proc/self/fd')
def test_an_open_descriptor_is_written_not_replaced_and_a_kept_file_still_refused(tmp_path):
    out = tmp_path / 'out.txt'
    out.write_bytes(b'start ')
    fd = os.open(out, os.O_WRONLY | os.O_APPEND)
    try:
        write_file(f'/dev/fd/{fd}', b'one ')
        write_file(f'/proc/self/fd/{fd}', b'two')
        link = tmp_path / 'link'
        link.symlink_to(f'/proc/self/fd/{fd}')
        write_file(str(link), b' three')
    finally:
        os.close(fd)
    assert out.read_bytes() == b'start one two three' and link.is_symlink()
    assert _left_over(tmp_path) == []
    with pytest.raises(OutputError, match=f'descriptor {fd} is not open'):
        write_file(f'/dev/fd/{fd}', b'x')
    # standard output redirected into the history it is made from is still refused
    db = tmp_path / 'h.db'
    db.write_bytes(b'SQLite format 3\0')
    with open(db, 'ab') as handle:
        run = _write_through_stdout(handle, keep=[str(db)])
    assert run.returncode != 0 and b'the file the output is made from' in run.stderr
    assert db.read_bytes() == b'SQLite format 3\0'

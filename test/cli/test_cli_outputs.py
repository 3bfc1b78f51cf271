# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The ``--out`` files of ``eval``, ``bench-edits`` and ``bench-aging``, and output into a pipe.

A bad output path is refused with one line and exit status 2 before any work (the backend is
never built, no photo is measured), and an input of the run is never written over.
"""

import json
import os
import subprocess
import sys

import numpy as np
from paths import REPO_ROOT
import pytest

from subtle_diff_ros import cli
from subtle_diff_ros.backends import base as backends
from subtle_diff_ros.vision.image_io import save_image
from tiny_models import shape_image

QUESTION = ('The shape in Image 1 is darker than in Image 2. Which is image 1: After or '
            'Before?')


def _run(capsys, *args):
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err.strip()


def _entry(pair_id, attributes):
    contents = [{'name': f'{pair_id}_{side}', 'url': '', 'width': 32, 'height': 32}
                for side in ('after', 'before')]
    return {'name': f'val/{pair_id}_shape', 'contents': contents, 'attributes': attributes}


@pytest.fixture
def challenge(tmp_path):
    """Write one dark/light pair with one question; return the paths of its files."""
    images = tmp_path / 'images'
    rng = np.random.default_rng(0)
    save_image(str(images / 'v1_1_before.png'), shape_image('circle', 'red', 'dark', rng))
    save_image(str(images / 'v1_1_after.png'), shape_image('circle', 'red', 'light', rng))
    questions = tmp_path / 'questions.json'
    questions.write_text(json.dumps([_entry('v1_1', [{'key': 'color_0', 'question': QUESTION,
                                                      'answer': 'Before'}])]))
    return {'images': str(images), 'questions': str(questions), 'root': tmp_path}


@pytest.fixture
def built(monkeypatch):
    """Register backend 'counted' (the analytic one); return the list of times it was built."""
    calls = []

    def factory(model, device, offline):
        calls.append(model)
        return backends.measurement_backend()
    monkeypatch.setitem(backends.BACKEND_FACTORIES, 'counted', factory)
    return calls


def _eval(capsys, challenge, out, *more):
    return _run(capsys, 'eval', '--questions', challenge['questions'], '--images',
                challenge['images'], '--task', '1', '--backend', 'counted', '--no-progress',
                '--out', str(out), *more)


def test_eval_never_writes_over_its_questions_file(challenge, built, capsys):
    """--out naming the questions file, also through a link, is refused before any work."""
    questions = challenge['questions']
    before = open(questions, 'rb').read()
    link = challenge['root'] / 'link.json'
    link.symlink_to(questions)
    hard = challenge['root'] / 'hard.json'
    os.link(questions, hard)
    image = os.path.join(challenge['images'], 'v1_1_after.png')
    for out in (questions, link, hard, image):
        code, out_text, err = _eval(capsys, challenge, out)
        assert code == 2 and out_text == '' and len(err.splitlines()) == 1
        assert f'cannot write {out}' in err and 'which this run reads' in err
    assert open(questions, 'rb').read() == before and not built
    code, _, _ = _eval(capsys, challenge, challenge['root'] / 'report.json')
    assert code == 0 and built == [None]


def test_eval_refuses_a_folder_or_a_missing_folder_before_building_the_backend(
        challenge, built, capsys):
    """A folder, or a file in a folder that does not exist, is one line and exit 2."""
    for out, words in ((challenge['root'], 'it is a folder'),
                       (challenge['root'] / 'absent' / 'r.json', 'no folder'),
                       (challenge['root'] / 'questions.json' / 'r.json', 'Not a directory')):
        code, _, err = _eval(capsys, challenge, out)
        assert code == 2 and len(err.splitlines()) == 1 and words in err
    assert not built


@pytest.mark.skipif(not os.path.exists('/dev/full'), reason='no /dev/full on this system')
def test_a_write_that_fails_at_the_end_is_one_line(challenge, built, capsys):
    """Writing the report into a full device fails with one line and exit 2, no traceback."""
    code, _, err = _eval(capsys, challenge, '/dev/full')
    assert code == 2 and built == [None]
    assert len(err.splitlines()) == 1 and 'cannot write /dev/full' in err


def test_eval_with_nothing_to_evaluate_fails(challenge, built, capsys):
    """No pair, no question, or every pair's images missing: exit 2, one line, no report."""
    root = challenge['root']
    out = root / 'report.json'
    (root / 'empty.json').write_text('[]')
    (root / 'none.json').write_text(json.dumps([_entry('v1_1', [])]))
    (root / 'nowhere').mkdir()
    for questions, images, words in (('empty.json', challenge['images'], 'hold no pair'),
                                     ('none.json', challenge['images'], 'hold no question'),
                                     ('questions.json', root / 'nowhere', 'none of the 1')):
        code, _, err = _run(capsys, 'eval', '--questions', str(root / questions), '--images',
                            str(images), '--task', '1', '--backend', 'counted', '--skip-missing',
                            '--no-progress', '--out', str(out))
        assert code == 2 and len(err.splitlines()) == 1 and 'nothing' in err and words in err
    assert not out.exists()


def test_eval_refuses_annotations_nested_too_deeply(challenge, built, capsys):
    """A JSON file of 100,000 nested lists is refused with one line, not a RecursionError."""
    deep = challenge['root'] / 'deep.json'
    deep.write_text('[' * 100000 + ']' * 100000)
    code, _, err = _run(capsys, 'eval', '--questions', str(deep), '--images',
                        str(challenge['images']), '--task', '1', '--backend', 'counted',
                        '--no-progress', '--out', str(challenge['root'] / 'report.json'))
    assert code == 2 and len(err.splitlines()) == 1 and 'nested too deeply' in err


@pytest.fixture
def photos(tmp_path):
    """Write a folder of two object photos; return its path."""
    folder = tmp_path / 'photos'
    rng = np.random.default_rng(1)
    for view in ('000', '090'):
        image = shape_image('circle', 'blue', 'dark', rng, size=64)
        save_image(str(folder / f'cup1-{view}.png'), image)
    return folder


@pytest.mark.parametrize('command', ['bench-edits', 'bench-aging'])
def test_benchmarks_refuse_bad_outputs_before_the_run(command, photos, tmp_path, monkeypatch,
                                                      capsys):
    """A photo of the run, a folder, or a folder below a file: refused before any work."""
    def no_work(*args, **kwargs):
        raise AssertionError('the benchmark ran')
    monkeypatch.setattr('subtle_diff_ros.evaluation.pairs.EditPairGenerator.specs', no_work)
    monkeypatch.setattr('subtle_diff_ros.cli.bench_aging.ProcessPoolExecutor', no_work)
    photo = photos / 'cup1-000.png'
    before = photo.read_bytes()
    (tmp_path / 'file').write_text('x')
    for out, words in ((photo, 'it is a photo under --images, which this run reads'),
                       (tmp_path, 'it is a folder'),
                       (tmp_path / 'file' / 'x.json', 'Not a directory')):
        code, _, err = _run(capsys, command, '--images', str(photos), '--quiet', '--out',
                            str(out))
        assert code == 2 and len(err.splitlines()) == 1 and words in err
    assert photo.read_bytes() == before


def test_select_method_and_inference_url_name_only_accepted_values(
        capsys, tmp_path, monkeypatch):
    """--method with the analytic backend says to leave it out; triton takes --inference-url."""
    rng = np.random.default_rng(2)
    images = []
    for shade in ('dark', 'light'):
        images += ['--image', str(tmp_path / f'{shade}.png')]
        save_image(images[-1], shape_image('circle', 'red', shade, rng))
    text = ('--text', 'Image 1 is darker than image 2.')
    code, _, err = _run(capsys, 'select', *images, *text, '--backend', 'analytic',
                        '--method', 'sd')
    assert code == 2 and 'leave --method out' in err and "'analytic'" not in err
    code, _, err = _run(capsys, 'select', *images, *text, '--backend', 'triton')
    assert code == 2 and '--backend triton needs --inference-url' in err
    code, _, err = _run(capsys, 'select', *images, *text, '--inference-url', 'grpc://x:1',
                        '--backend', 'analytic')
    assert code == 2 and '--inference-url is set but --backend is' in err
    urls = []

    def remote(model, device, offline, inference_url=''):
        urls.append(inference_url)
        return backends.measurement_backend()
    monkeypatch.setitem(backends.BACKEND_FACTORIES, 'triton', remote)
    code, out, _ = _run(capsys, 'select', *images, *text, '--backend', 'triton',
                        '--inference-url', 'grpc://gpu:8001')
    assert code == 0 and out.startswith('Image 1 is --image 1 of 2')
    code, out, _ = _run(capsys, 'describe', '--image-1', images[1], '--image-2', images[3],
                        '--attribute', 'color', '--backend', 'triton',
                        '--inference-url', 'grpc://gpu:8002')
    assert code == 0 and 'darker' in out
    assert urls == ['grpc://gpu:8001', 'grpc://gpu:8002']


def test_output_into_a_pipe_that_closes_early_is_quiet(tmp_path):
    """``subtle-diff parse < many | head -1``: no BrokenPipeError traceback, status 141."""
    lines = tmp_path / 'many.txt'
    lines.write_text('Image 1 is darker than image 2\n' * 20000)
    env = dict(os.environ, PYTHONPATH=REPO_ROOT)
    with open(lines) as stdin:
        process = subprocess.Popen([sys.executable, '-m', 'subtle_diff_ros.cli', 'parse'],
                                   stdin=stdin, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, cwd=REPO_ROOT, env=env)
        assert json.loads(process.stdout.readline())['axis'] == 'brightness'
        process.stdout.close()
        err = process.stderr.read().decode()
        assert process.wait(timeout=120) == 141
    assert 'Traceback' not in err and 'BrokenPipeError' not in err and err == ''


@pytest.mark.parametrize('redirect, words', [
    ('> /dev/full', 'cannot write standard output: No space left on device'),
    ('>&-', 'standard output is closed'),
])
def test_standard_output_that_cannot_be_written_is_one_line(redirect, words):
    """A full disk or a closed standard output: exit status 74 and one line, no traceback."""
    if 'full' in redirect and not os.path.exists('/dev/full'):
        pytest.skip('/dev/full is not on this machine')
    env = dict(os.environ, PYTHONPATH=REPO_ROOT)
    process = subprocess.run(['bash', '-c', f'"$0" -m subtle_diff_ros.cli parse {redirect}',
                              sys.executable], input=b'the darker cup\n',
                             stderr=subprocess.PIPE, cwd=REPO_ROOT, env=env, timeout=120)
    err = process.stderr.decode()
    assert process.returncode == 74, err  # not 2: no input was refused
    assert err.strip().splitlines() == [f'subtle-diff parse: error: {words}']

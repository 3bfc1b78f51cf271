# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""``subtle-diff serve``: a model path that cannot be loaded is one error line, exit 2."""

import pytest
from subtle_diff_ros import cli
from subtle_diff_ros.backends.loading import check_model_path
from subtle_diff_ros.backends.remote import server


@pytest.mark.parametrize('entry', ['cli', 'server'])
def test_a_missing_model_directory_is_one_line_and_exit_2(tmp_path, capsys, entry):
    missing = str(tmp_path / 'no_such_checkpoint')
    if entry == 'cli':
        code = cli.main(['serve', '--model', missing])
    else:
        code = server.main(['--model', missing])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        f'subtle-diff serve: error: no model directory at {missing}']


def test_a_file_is_not_a_model_directory(tmp_path, capsys):
    weights = tmp_path / 'model.safetensors'
    weights.write_bytes(b'')
    assert cli.main(['serve', '--model', str(weights)]) == 2
    assert 'is not a directory' in capsys.readouterr().err


def test_hub_ids_are_left_to_the_loader():
    check_model_path('openai/clip-vit-base-patch32')


def test_a_bad_port_and_a_host_that_does_not_resolve(tmp_path, capsys):
    """Each is one line and exit 2 before a server starts (99999 was served on 34463)."""
    (tmp_path / 'model').mkdir()
    model = str(tmp_path / 'model')
    for args, words in ((['--grpc-port', '99999'], '--grpc-port 99999 is not a port'),
                        (['--http-port', '-5'], '--http-port -5 is not a port'),
                        (['--host', 'nosuch.invalid'], "--host 'nosuch.invalid' does not")):
        assert cli.main(['serve', '--model', model] + args) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and words in err[0], (args, err)

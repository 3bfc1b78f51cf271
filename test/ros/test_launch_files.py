# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Static checks of the launch files (launch and launch_ros are not installable here).

Each launch file parses; every executable it names is installed by CMakeLists.txt; every config
file it names exists and has parameters under the node name; every LaunchConfiguration it uses is
declared; every parameter it sets is one the node declares.
"""

import ast
from pathlib import Path
import re

from paths import REPO_ROOT
import pytest
import yaml

ROOT = Path(REPO_ROOT)
LAUNCH_FILES = sorted((ROOT / 'launch').glob('*.launch.py'))


def _installed_executables():
    cmake = (ROOT / 'CMakeLists.txt').read_text()
    return set(re.findall(r'"([\w-]+)=[\w.]+:\w+"', cmake))


def _calls(tree, name):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, 'id', getattr(node.func, 'attr', None)) == name]


def _keyword(call, name):
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _string_args(calls):
    return {call.args[0].value for call in calls
            if call.args and isinstance(call.args[0], ast.Constant)}


def test_there_are_launch_files():
    names = {p.name for p in LAUNCH_FILES}
    assert {'difference_server.launch.py', 'demo.launch.py'} <= names


@pytest.mark.parametrize('path', LAUNCH_FILES, ids=lambda p: p.name)
def test_launch_file(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert 'generate_launch_description' in functions

    nodes = _calls(tree, 'Node') + _calls(tree, 'LifecycleNode')
    assert nodes, 'the launch file starts no node'
    installed = _installed_executables()
    for node in nodes:
        package, executable = _keyword(node, 'package'), _keyword(node, 'executable')
        assert package.value == 'subtle_diff_ros'
        assert executable.value in installed, f'{executable.value} is not installed'

    used = _string_args(_calls(tree, 'LaunchConfiguration'))
    declared = _string_args(_calls(tree, 'DeclareLaunchArgument'))
    assert used, 'no launch argument is used'
    assert used <= declared, f'undeclared launch arguments: {sorted(used - declared)}'
    assert declared <= used, f'declared but unused: {sorted(declared - used)}'

    config_files = []
    for call in _calls(tree, 'join'):  # os.path.join(<share>, 'config', '<file>.yaml')
        parts = [a.value for a in call.args if isinstance(a, ast.Constant)]
        if parts and parts[-1].endswith('.yaml'):
            config_files.append(parts[-1])
    assert config_files, 'the launch file names no parameter file'
    for name in config_files:
        assert (ROOT / 'config' / name).is_file(), f'missing config/{name}'


@pytest.mark.parametrize('path', LAUNCH_FILES, ids=lambda p: p.name)
def test_included_launch_files_declare_what_they_are_given(path):
    """Each included launch file exists in launch/ and declares every argument passed to it."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = [part for call in _calls(tree, 'join') for part in
             (a.value for a in call.args if isinstance(a, ast.Constant))
             if part.endswith('.launch.py')]
    for include in _calls(tree, 'IncludeLaunchDescription'):
        assert len(names) == 1, 'an include names no (or more than one) launch file'
        included = ROOT / 'launch' / names[0]
        assert included.is_file(), f'missing launch/{names[0]}'
        declared = _string_args(_calls(ast.parse(included.read_text()), 'DeclareLaunchArgument'))
        arguments = _keyword(include, 'launch_arguments')
        passed = {key.value for key in arguments.func.value.keys}
        assert passed <= declared, f'{names[0]} does not declare {sorted(passed - declared)}'


def test_demo_launch_includes_the_server_launch_file():
    tree = ast.parse((ROOT / 'launch' / 'demo.launch.py').read_text())
    assert _calls(tree, 'IncludeLaunchDescription'), 'demo.launch.py should include the server'
    assert not _calls(tree, 'LifecycleNode'), 'the server is started by the included file'


@pytest.mark.parametrize('node_name', ['difference_server', 'fake_camera'])
def test_config_files_hold_parameters_under_the_node_name(node_name):
    data = yaml.safe_load((ROOT / 'config' / f'{node_name}.yaml').read_text())
    assert list(data) == [node_name]
    assert isinstance(data[node_name]['ros__parameters'], dict)


def test_server_config_sets_only_declared_parameters():
    from subtle_diff_ros.ros.difference_server import PARAMETERS
    data = yaml.safe_load((ROOT / 'config' / 'difference_server.yaml').read_text())
    params = data['difference_server']['ros__parameters']
    cameras = params['cameras']
    camera_params = {f'cameras.{c}.{k}' for c in cameras for k in ('topic', 'compressed')}
    assert set(params) <= set(PARAMETERS) | camera_params
    for name, value in params.items():
        if name in PARAMETERS:
            assert type(value) is type(PARAMETERS[name][0]), name

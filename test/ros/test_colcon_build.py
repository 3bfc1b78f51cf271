# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The robot's way to build: ``colcon build`` and ``colcon test`` in a fresh workspace.

The package's sources are copied into ``<tmp>/src/subtle_diff_ros`` and built with colcon
against the venv's ROS prefix (as on a robot against /opt/ros/<distro>), then ``colcon test``
runs the package's own tests against that install space (the services across processes, the
messages and the lint checks; this test is skipped inside it). Then the generated services
import from the install space and the server started from it answers a request.
"""

import glob
import os
import shutil
import signal
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

from node_harness import child_env, DifferenceClient, inline, small_pair, wait_until
import pytest
from subtle_diff_ros.srv import SelectByDifference

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLCON = os.path.join(os.path.dirname(sys.executable), 'colcon')
# What a clone does not hold: build outputs, caches and the venv.
NOT_SOURCES = ('.venv', '.git', 'build', 'install', 'log', 'output', '.cache', '__pycache__',
               '.gpu', '.pytest_cache')

# The tests ``colcon test`` runs here (see the test below): the messages and images across
# processes, three services of a node started from the install space and two lint checks.
IN_COLCON_TEST = ('test_query_message', 'test_image_conversion',
                  'test_capture_select_and_describe_against_live_frames',
                  'test_bad_requests_fail_with_a_message_and_the_node_keeps_serving',
                  'test_references_survive_a_restart', 'test_pep257', 'test_copyright')
pytestmark = [pytest.mark.ros, pytest.mark.slow, pytest.mark.skipif(
    os.environ.get('SUBTLE_DIFF_COLCON_TEST') == '1',
    reason='this suite is being run by the colcon test of this very test')]


def _colcon_env():
    env = child_env()
    env['AMENT_PREFIX_PATH'] = sys.prefix
    env['SUBTLE_DIFF_TEST_CACHE'] = os.path.join(REPO_ROOT, '.cache')
    return env


def _run(command, cwd, env, timeout):
    result = subprocess.run(command, cwd=cwd, env=env, timeout=timeout, capture_output=True,
                            text=True)
    assert result.returncode == 0, f'{command[:2]} failed:\n{result.stdout[-4000:]}\n' \
                                   f'{result.stderr[-4000:]}'
    return result.stdout


def _in_install(workspace, code, env):
    """Run Python ``code`` in the environment of the workspace's install space."""
    return _run(['sh', '-c', f'. {workspace}/install/setup.sh && exec "$0" -c "$1"',
                 sys.executable, code], workspace, env, 120)


@pytest.fixture(scope='module')
def workspace(tmp_path_factory):
    """Return a colcon workspace where the package was built with tests enabled."""
    root = tmp_path_factory.mktemp('colcon_ws')
    shutil.copytree(REPO_ROOT, root / 'src' / 'subtle_diff_ros',
                    ignore=shutil.ignore_patterns(*NOT_SOURCES))
    source = root / 'src' / 'subtle_diff_ros'
    shared = os.path.join(os.path.dirname(REPO_ROOT), 'shared')
    if os.path.isdir(shared):  # the data the tests read from ../shared, beside the package
        os.symlink(shared, root / 'src' / 'shared')
    _run([COLCON, 'build', '--cmake-args', f'-DPython3_EXECUTABLE={sys.executable}',
          f'-DCMAKE_PROJECT_INCLUDE={source}/cmake/drop_foreign_python_includes.cmake',
          '-DBUILD_TESTING=ON'], root, _colcon_env(), 900)
    return root


def _failed_cases(workspace):
    """Return 'test id: first lines of the failure' for each failed case in the xunit files."""
    failed = []
    pattern = os.path.join(workspace, 'build', '*', 'test_results', '*', '*.xunit.xml')
    for path in glob.glob(pattern):
        for case in ElementTree.parse(path).getroot().iter('testcase'):
            for problem in list(case.findall('failure')) + list(case.findall('error')):
                text = (problem.get('message') or '') + '\n' + (problem.text or '')
                failed.append(f"{case.get('classname')}::{case.get('name')}: {text[-1500:]}")
    return failed


def test_colcon_test_runs_the_package_tests_and_they_pass(workspace):
    env = _colcon_env()
    # On a robot ``colcon test`` runs the whole suite. Here the suite around this test has run
    # all of it against the venv's install already, so colcon runs a part that depends on its
    # own install space (a node's services, the messages, images across processes) and two
    # lint checks, through pytest's PYTEST_ADDOPTS: the whole suite again doubled the run.
    env['PYTEST_ADDOPTS'] = f'-k "{" or ".join(IN_COLCON_TEST)}"'
    _run([COLCON, 'test', '--ctest-args', '--output-on-failure'], workspace, env, 1800)
    result = subprocess.run([COLCON, 'test-result', '--all'], cwd=workspace, env=env,
                            timeout=120, capture_output=True, text=True)
    summary = result.stdout
    assert 'tests' in summary, summary + result.stderr
    totals = summary.strip().splitlines()[-1]
    failed = '\n\n'.join(_failed_cases(workspace))
    assert result.returncode == 0 and ' 0 errors' in totals and ' 0 failures' in totals, \
        f'{summary}\nfailed inside colcon test:\n{failed}'
    ran = int(totals.split(':')[1].split()[0]) - 1  # less ctest's one test around them
    assert ran >= 40, summary


def test_the_install_space_serves_the_generated_interfaces(workspace):
    where = _in_install(workspace, 'import subtle_diff_ros, subtle_diff_ros.srv as s; '
                        'print(subtle_diff_ros.__file__); print(s.SelectByDifference)',
                        _colcon_env())
    assert where.splitlines()[0].startswith(str(workspace / 'install')), where


def test_the_server_runs_from_the_install_space(workspace, tmp_path):
    env = _colcon_env()
    server = os.path.join(workspace, 'install', 'subtle_diff_ros', 'lib', 'subtle_diff_ros',
                          'difference_server')
    log = open(tmp_path / 'server.log', 'wb')
    process = subprocess.Popen(
        ['sh', '-c', f'. {workspace}/install/setup.sh && exec "$0" "$@"', server, '--ros-args',
         '-p', 'backend:=analytic', '-p', f'reference_dir:={tmp_path / "references"}'],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    client = DifferenceClient()
    try:
        a, b = small_pair()
        request = SelectByDifference.Request(text='the darker cup',
                                             candidates=[inline(a), inline(b)])
        response = wait_until(lambda: client.call(SelectByDifference,
                                                  '/difference_server/select_by_difference',
                                                  request), what='an answer')
        assert response.success and response.choice == 1, response.message
    finally:
        client.close()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0, (tmp_path / 'server.log').read_text()
        log.close()

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Every Python source file starts with the project's copyright and licence lines."""

from pathlib import Path

from lint_paths import PYTHON_PATHS
import pytest

HEADER = ('# Copyright 2026 The subtle_diff_ros authors',
          '# SPDX-License-Identifier: Apache-2.0')


def python_files():
    for path in map(Path, PYTHON_PATHS):
        yield from ([path] if path.is_file() else sorted(path.rglob('*.py')))


@pytest.mark.linter
def test_copyright_headers():
    missing = [str(p) for p in python_files()
               if tuple(p.read_text(encoding='utf-8').splitlines()[:2]) != HEADER]
    assert not missing, 'files without the copyright header:\n' + '\n'.join(missing)

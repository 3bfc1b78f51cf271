# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""pep257 docstring conventions with the ROS 2 (ament_pep257) configuration."""

from ament_pep257.main import main
from lint_paths import PYTHON_PATHS
import pytest


@pytest.mark.linter
@pytest.mark.pep257
def test_pep257():
    rc = main(argv=PYTHON_PATHS)
    assert rc == 0, 'Found code style errors / warnings'

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The source paths the lint tests check: every Python file of the package and its tooling."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PYTHON_PATHS = [str(REPO_ROOT / name) for name in
                ('subtle_diff_ros', 'test', 'launch', 'benchmarks', 'setup.py')
                if (REPO_ROOT / name).exists()]

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Run ``python -m subtle_diff_ros.cli`` as the ``subtle-diff`` command."""

import sys

from . import main

sys.exit(main())

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The vocabulary every other part shares: axes and hues, queries, results, errors and wording.

Nothing here touches pixels or models; ``decide`` turns per-candidate scores into a choice.
"""

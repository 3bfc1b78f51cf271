# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Slow aging of an object over weekly inspections: which edit, from which week, how fast.

An aging sequence applies one edit of ``EDIT_KINDS`` to the object only, growing linearly in
just-noticeable differences (the edit's own JND, ``kinds``) from its onset week on; the camera's
nuisances (``camera.capture``) come on top of every capture, as under a real fixed camera.
"""

from dataclasses import dataclass

from .kinds import EDITS_BY_NAME

# How a part ages, and the edit that makes it so (the axis and direction it moves).
AGING = {
    'darkens': 'darker',
    'yellows': 'warmer',
    'loses_gloss': 'more_matte',
    'roughens': 'rougher',
    'deforms': 'wider',
}


@dataclass(frozen=True)
class AgingSchedule:
    """
    An edit growing from ``onset_week`` on by ``rate`` JND a week (0 before the onset).

    kind: a key of ``AGING``, or 'stable' or 'light_only' for no aging at all.
    """

    kind: str
    onset_week: float = 0.0
    rate: float = 0.0

    @property
    def edit(self):
        """Return the edit's name (None when stable)."""
        return AGING.get(self.kind)

    @property
    def axis(self):
        """Return the axis the aging moves (None when stable)."""
        return EDITS_BY_NAME[self.edit].axis if self.edit else None

    @property
    def direction(self) -> int:
        """Return the direction the aging moves its axis (0 when stable)."""
        return EDITS_BY_NAME[self.edit].direction if self.edit else 0

    def level(self, week: float) -> float:
        """Return the aging in JNDs at ``week``."""
        if not self.edit or week <= self.onset_week:
            return 0.0
        return self.rate * (week - self.onset_week)

    def week_reaching(self, level: float) -> float:
        """Return the (fractional) week at which the aging reaches ``level`` JNDs."""
        return self.onset_week + level / self.rate if self.rate > 0 else float('inf')

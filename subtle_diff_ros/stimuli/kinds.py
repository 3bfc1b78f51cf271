# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The kinds of edit: which axis each moves, which way, in what unit, and its JND."""


from dataclasses import dataclass
from typing import Dict, Tuple

from ..core.axes import AXES


@dataclass(frozen=True)
class EditKind:
    """One kind of edit: the axis it moves, in which direction, in what unit, and its JND."""

    name: str
    axis: str
    direction: int
    unit: str
    jnd: float

    @property
    def attribute(self) -> str:
        """Return the Subtle-Diff attribute of the edited axis."""
        return AXES[self.axis].attribute


EDIT_KINDS: Tuple[EditKind, ...] = (
    EditKind('darker', 'brightness', -1, 'mean |dL*|', 2.2),
    EditKind('lighter', 'brightness', 1, 'mean |dL*|', 2.2),
    EditKind('more_saturated', 'saturation', 1, 'mean dC*', 2.2),
    EditKind('less_saturated', 'saturation', -1, 'mean dC*', 2.2),
    EditKind('warmer', 'warmth', 1, 'mean warm shift of (a*, b*)', 2.2),
    EditKind('cooler', 'warmth', -1, 'mean warm shift of (a*, b*)', 2.2),
    EditKind('wider', 'width', 1, 'relative width change', 0.03),
    EditKind('narrower', 'width', -1, 'relative width change', 0.03),
    EditKind('larger', 'size', 1, 'relative size change', 0.03),
    EditKind('smaller', 'size', -1, 'relative size change', 0.03),
    EditKind('rounder', 'roundness', 1, 'relative circularity change', 0.03),
    EditKind('rougher', 'roughness', 1, 'relative band-pass L* RMS change', 0.15),
    EditKind('smoother', 'roughness', -1, 'relative band-pass L* RMS change', 0.15),
    EditKind('glossier', 'glossiness', 1, 'mean highlight dL*', 0.4),
    EditKind('more_matte', 'glossiness', -1, 'mean highlight dL*', 0.4),
)


EDITS_BY_NAME: Dict[str, EditKind] = {kind.name: kind for kind in EDIT_KINDS}


# JND of each axis, in the units of its edits (for the "another view" test).
AXIS_JND: Dict[str, float] = {kind.axis: kind.jnd for kind in EDIT_KINDS}


# How much of the requested magnitude an edit must reach to count.
REACHED = 0.9

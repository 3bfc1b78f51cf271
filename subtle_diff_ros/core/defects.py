# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Surface defects named as parts, read as the change they make to the whole object.

"The mug with scratches", "the panel with fewer rust spots", "the cup with a dent": a text
names a defect the way it names a handle or a lid, so it is read as the presence or count of a
part. Unlike a handle, a defect is a change of the object's surface or outline that a
measurement of the whole object sees: scratches, pits and chips make it rougher, dents and
kinks bend its outline, stains darken it. ``surface_reading`` turns such a query into the
measured one; every other query is returned as it is.
"""

from dataclasses import replace
from typing import Optional, Tuple

from .axes import AXES, PART_AXES
from .query import DifferenceQuery

# The defect noun (singular) -> (axis, sign): having the defect, or more of it, moves the axis
# by ``sign``.
DEFECT_AXES = {
    **dict.fromkeys(
        ('scratch', 'scuff', 'scrape', 'pit', 'pitting', 'pockmark', 'chip',
         'chipping', 'crack', 'cracking', 'crazing', 'rust', 'corrosion', 'burr', 'nick',
         'gouge', 'blister', 'blistering', 'flaking', 'peeling', 'abrasion', 'wear', 'fraying',
         'scratching', 'scuffing'), ('roughness', 1)),
    **dict.fromkeys(('dent', 'ding', 'kink', 'buckling', 'warp', 'warping', 'bend'),
                    ('curvature', 1)),
    **dict.fromkeys(('stain', 'staining', 'smudge', 'soot', 'grime', 'dirt', 'scorch',
                     'scorching', 'burn'), ('brightness', -1)),
}

# Words before a defect noun that make it a thing of its own: chocolate chips, poker chips.
NOT_DEFECTS = ('chocolate', 'potato', 'corn', 'tortilla', 'banana', 'wood', 'poker', 'casino',
               'memory', 'silicon', 'computer')


def defect_axis(part: Optional[str]) -> Optional[Tuple[str, int]]:
    """Return (axis, sign) of the defect a part names ("rust spots": rust), or None."""
    from lemminflect import getLemma
    words = [(getLemma(word, upos='NOUN') or (word,))[0]
             for word in (part or '').lower().replace('-', ' ').split()]
    for at in reversed(range(len(words))):  # the head first: "scratch marks", "rust spots"
        if words[at] in DEFECT_AXES:
            return None if at and words[at - 1] in NOT_DEFECTS else DEFECT_AXES[words[at]]
    return None


def surface_reading(query: DifferenceQuery) -> DifferenceQuery:
    """Return the query a defect's presence or count is measured as, else ``query`` itself."""
    if not query.parsed or query.axis not in PART_AXES:
        return query
    found = defect_axis(query.part)
    if found is None:
        return query
    axis, sign = found
    return replace(query, attribute=AXES[axis].attribute, axis=axis,
                   direction=query.direction * sign, part=None, hue=None)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The parsed form of a difference sentence or a robot command."""

from dataclasses import asdict, dataclass
from typing import Optional, Tuple, Union

# Subject values: 1 or 2 for "Image 1/2 is ...", ASKED for commands ("pick the rounder cup").
ASKED = 'asked'


@dataclass(frozen=True)
class DifferenceQuery:
    """
    What a difference sentence says, ready for selection and measurement.

    attribute: 'color', 'shape' or 'texture'.
    axis: the measured quantity, e.g. 'brightness', 'roundness', 'glossiness'.
    direction: +1 when the subject has more of the axis than the other image, -1 when less.
    subject: 1 or 2 (the image the sentence describes), or ASKED (the one a command asks for).
    object: the object noun ('cup'), or None when the sentence names none.
    part: the named part ('handle'), or None.
    positive_text: a short text true of the subject ("dark-colored cup").
    negative_text: the opposing text, true of the other image ("light-colored cup").
    hue: for hue changes, the colour the subject moves toward ('red'), else None.
    text: the sentence as given.
    parsed: False when the text was not understood and the query only carries it (see
        ``unparsed_query``): backends that can score raw text use it, the others refuse.
    parsed_by: what understood the text: 'rules', 'encoder' (the phrase-encoder fallback) or
        '' when it was not understood.
    other_axes: the axes of other comparisons the text makes ("the glossier but darker cup":
        brightness), which a query of one axis leaves out: an answer does not weigh them.
    rank: for a command, which place in the order of the axis is asked for: 1 the most ("the
        darkest"), 2 the next ("the second darkest", "the darkest but one"), and so on.
    excluded: for a command, the candidates (image numbers from 1) it rules out ("the darkest
        except the first one", "the cup darker than the first one").
    only: for a command, the candidates (image numbers from 1) it chooses among ("the darker
        of cups 3 and 4"); empty: all of them.
    """

    attribute: str
    axis: str
    direction: int
    subject: Union[int, str]
    object: Optional[str]  # noqa: A003 (the field name of the JSON and message forms)
    part: Optional[str]
    positive_text: str
    negative_text: str
    hue: Optional[str] = None
    text: str = ''
    parsed: bool = True
    parsed_by: str = 'rules'
    other_axes: Tuple[str, ...] = ()
    rank: int = 1
    excluded: Tuple[int, ...] = ()
    only: Tuple[int, ...] = ()

    def to_dict(self):
        """Return the JSON form used by ``subtle-diff parse`` and the services."""
        d = asdict(self)
        d.pop('text')
        d['other_axes'] = list(self.other_axes)
        d['excluded'] = list(self.excluded)
        d['only'] = list(self.only)
        if d['hue'] is None:
            d.pop('hue')
        return d


def unparsed_query(text: str, subject: Union[int, str] = ASKED) -> DifferenceQuery:
    """
    Return a query that only carries a text the parser could not read.

    No attribute, axis or direction; ``positive_text`` is the text itself (image-text backends
    score it with P_S) and ``negative_text`` is empty.
    """
    return DifferenceQuery(attribute='', axis='', direction=0, subject=subject, object=None,
                           part=None, positive_text=text.strip(), negative_text='', text=text,
                           parsed=False, parsed_by='')

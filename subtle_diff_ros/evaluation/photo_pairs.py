# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Score text understanding and a backend together on natural photo pairs (``test/data/photo_pairs``).

Each item is a text about two photos (A, B) of different objects of one kind and ``answer``,
the index of the photo the text calls Image 1 or asks for. The backend selects among [A, B]
with the parsed text, without masks (as a caller of ``subtle-diff select`` would). Outcomes:

- ``not understood``: the parser raised QueryParseError;
- ``refused``: the backend raised SubtleDiffError (it says it cannot judge the query);
- ``right`` / ``wrong``: it chose, and the choice is / is not ``answer``.

Items whose label axis is ``presence`` or ``count`` of a part cannot be judged by
measurements of the whole object (surface defects aside: ``core.defects``): for the
measurement backend the expected outcome is "refused", and they are reported apart
(``unmeasurable``). The headline ``right`` rate is over the other
(``measurable``) items, where not understood and refused count as not right; ``accuracy`` is
over the answered items. ``confident_wrong`` counts wrong answers with confidence above
``CONFIDENT`` over all items. The reliability table is over every answered item.
"""

from collections import defaultdict
import os
from typing import Callable, Dict, List

from .reliability import reliability_table
from ..core.axes import PART_AXES
from ..core.defects import defect_axis
from ..core.errors import QueryParseError, SubtleDiffError
from ..vision.image_io import load_image

# A wrong answer above this confidence is a confidently wrong answer.
CONFIDENT = 0.9


def evaluate(items: List[dict], backend, parse: Callable, data_root: str) -> List[dict]:
    """Parse and select every item; return one JSON-ready record per item."""
    cache: Dict[str, object] = {}

    def image(path):
        if path not in cache:
            cache[path] = load_image(os.path.join(data_root, path))
        return cache[path]

    records = []
    for item in items:
        record = {'id': item['id'], 'text': item['text'], 'voice': item['voice'],
                  'kinds': list(item['kinds']), 'attribute': item['attribute'],
                  'axis': item['axis'], 'answer': int(item['answer']),
                  'measurable': (item['axis'] not in PART_AXES
                                 or defect_axis(item.get('part')) is not None)}
        try:
            query = parse(item['text'])
        except QueryParseError as exc:
            record.update(outcome='not understood', error=str(exc))
            records.append(record)
            continue
        record['query'] = {'axis': query.axis, 'direction': query.direction,
                           'subject': query.subject, 'part': query.part, 'hue': query.hue}
        try:
            result = backend.select([image(item['image_a']), image(item['image_b'])], query)
        except SubtleDiffError as exc:
            record.update(outcome='refused', error=str(exc))
        else:
            right = result.choice == record['answer']
            record.update(outcome='right' if right else 'wrong', choice=result.choice,
                          confidence=float(result.confidence))
        records.append(record)
    return records


def _rates(records: List[dict]) -> dict:
    counts = defaultdict(int)
    for record in records:
        counts[record['outcome']] += 1
    n = len(records)
    answered = counts['right'] + counts['wrong']
    confident_wrong = sum(1 for r in records
                          if r['outcome'] == 'wrong' and r['confidence'] > CONFIDENT)
    return {'n': n, 'right': counts['right'], 'wrong': counts['wrong'],
            'refused': counts['refused'], 'not_understood': counts['not understood'],
            'right_rate': counts['right'] / n if n else None,
            'answered_rate': answered / n if n else None,
            'accuracy': counts['right'] / answered if answered else None,
            'confident_wrong': confident_wrong,
            'confident_wrong_rate': confident_wrong / n if n else None}


def summarize(records: List[dict]) -> dict:
    """Return the outcome rates overall, for measurable items per attribute and axis."""
    measurable = [r for r in records if r['measurable']]
    answered = [r for r in records if r['outcome'] in ('right', 'wrong')]
    result = {'all': _rates(records), 'measurable': _rates(measurable),
              'unmeasurable': _rates([r for r in records if not r['measurable']]),
              'confident_wrong_rate_all_items': (
                  sum(1 for r in answered if r['outcome'] == 'wrong'
                      and r['confidence'] > CONFIDENT) / len(records) if records else None),
              'reliability': reliability_table([r['confidence'] for r in answered],
                                               [r['outcome'] == 'right' for r in answered])}
    for name, key in (('attribute', lambda r: [r['attribute']]), ('axis', lambda r: [r['axis']]),
                      ('kind', lambda r: r['kinds'])):
        grouped = defaultdict(list)
        for record in measurable:
            for value in key(record):
                grouped[value].append(record)
        result[f'measurable_by_{name}'] = {k: _rates(grouped[k]) for k in sorted(grouped)}
    return result

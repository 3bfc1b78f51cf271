# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Score a text parser on labelled sentences and commands (``test/data/phrasing/*.csv``).

Each item has a label: attribute, axis, direction, subject (1, 2 or "asked"), hue (hue items)
and part. Per item, with ``parse`` the parser under test (text -> DifferenceQuery, raising
QueryParseError when it does not understand):

- understood: the parser returned a query and marked it parsed (an unparsed pass-through of the
  raw text counts as not understood);
- attribute / axis: the query's equals the label's; for hue items the axis is right only with
  the right hue;
- direction: the *effective claim* is right, i.e. which image has more of the axis. The claim
  of a label or a query is its direction, negated when its subject is 2 (a sentence about
  Image 2); subject 1 and "asked" keep it (selection picks the best fit for both). So "Image 2
  is darker than Image 1" read as (brightness, +1, subject 1) is right, and a command read as a
  statement about Image 1 gives the same choice as the label. This is judged on its own, not
  only when the axis is right;
- claim: axis and direction both right (the backend is asked the right question);
- subject: the query's subject equals the label's, exactly;
- part: the query's part equals the label's (both empty counts), compared lower-case, without
  articles, with a trailing plural "s"/"es" ignored.

Presence and count items are labelled with axes ``presence`` and ``count``; they are scored
like any other axis (a parser that does not know them gets them wrong or does not understand
them). Every rate is over all items of the group, so an item not understood is wrong on every
measure; ``*_of_understood`` rates are over the understood items only.
"""

from collections import defaultdict
import csv
import re
from typing import Callable, Dict, Iterable, List, Optional

from ..core.errors import QueryParseError

MEASURES = ('understood', 'attribute', 'axis', 'direction', 'claim', 'subject', 'part')
_ARTICLES = re.compile(r'^(?:the|a|an|its|their)\s+')


def load_items(path: str) -> List[dict]:
    """Return the rows of a phrasing or photo-pair CSV as dicts, with ``kinds`` as a tuple."""
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row['direction'] = int(row['direction'])
        row['kinds'] = tuple(k for k in row['kinds'].split(';') if k)
    return rows


def claim(direction: int, subject) -> int:
    """Return which image has more of the axis: +1 for Image 1 (or the asked one), -1 for 2."""
    return -int(direction) if str(subject) == '2' else int(direction)


def normalise_part(part: Optional[str]) -> str:
    """Return a part name lower-case, without a leading article or a plural ending."""
    text = _ARTICLES.sub('', (part or '').strip().lower())
    words = text.split()
    if not words:
        return ''
    last = words[-1]
    for ending in ('es', 's'):
        if last.endswith(ending) and len(last) > len(ending) + 2 and not last.endswith('ss'):
            last = last[:-len(ending)]
            break
    return ' '.join(words[:-1] + [last])


def score_item(item: dict, query) -> Dict[str, bool]:
    """Return each measure of MEASURES for one labelled item and its query (None: failed)."""
    if query is None or not getattr(query, 'parsed', True):
        return dict.fromkeys(MEASURES, False)
    axis_ok = query.axis == item['axis'] and (
        item['axis'] != 'hue' or (query.hue or '') == item['hue'])
    direction_ok = claim(query.direction, query.subject) == claim(item['direction'],
                                                                  item['subject'])
    return {'understood': True, 'attribute': query.attribute == item['attribute'],
            'axis': axis_ok, 'direction': direction_ok, 'claim': axis_ok and direction_ok,
            'subject': str(query.subject) == item['subject'],
            'part': normalise_part(query.part) == normalise_part(item['part'])}


def run_parser(items: Iterable[dict], parse: Callable) -> List[dict]:
    """Parse every item; return records with the item, the query's fields and the scores."""
    records = []
    for item in items:
        try:
            query = parse(item['text'])
            error = ''
        except QueryParseError as exc:
            query, error = None, str(exc)
        record = {'id': item['id'], 'text': item['text'], 'voice': item['voice'],
                  'kinds': list(item['kinds']), 'label': {
                      k: item[k] for k in ('attribute', 'axis', 'direction', 'subject', 'hue',
                                           'part')},
                  'error': error, 'scores': score_item(item, query)}
        if query is not None:
            record['query'] = {'attribute': query.attribute, 'axis': query.axis,
                               'direction': query.direction, 'subject': query.subject,
                               'hue': query.hue, 'part': query.part,
                               'parsed': getattr(query, 'parsed', True)}
        records.append(record)
    return records


def _rates(records: List[dict]) -> dict:
    n = len(records)
    understood = sum(r['scores']['understood'] for r in records)
    result = {'n': n}
    for measure in MEASURES:
        hits = sum(r['scores'][measure] for r in records)
        result[measure] = hits / n if n else None
        if measure != 'understood':
            result[f'{measure}_of_understood'] = hits / understood if understood else None
    return result


def summarize(records: List[dict]) -> dict:
    """Return the rates overall and per attribute, axis, voice and kind."""
    groups = {'attribute': lambda r: [r['label']['attribute']],
              'axis': lambda r: [r['label']['axis']],
              'voice': lambda r: [r['voice']], 'kind': lambda r: r['kinds']}
    result = {'overall': _rates(records)}
    for name, keys in groups.items():
        grouped = defaultdict(list)
        for record in records:
            for key in keys(record):
                grouped[key].append(record)
        result[f'by_{name}'] = {key: _rates(grouped[key]) for key in sorted(grouped)}
    return result


def failures(records: List[dict], measure: str) -> List[dict]:
    """Return the records wrong on ``measure`` (for reading what went wrong)."""
    return [r for r in records if not r['scores'][measure]]

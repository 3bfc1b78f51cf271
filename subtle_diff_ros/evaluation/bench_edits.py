# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Score a backend on edited real photos: selection accuracy, abstentions and caption metrics.

Every edited pair is asked two things: which image the generated sentence calls Image 1
(``backend.select``), and to describe the difference in the edited attribute
(``backend.describe``). Unedited pairs are only described: the right answer is "no difference".
A description of an edited pair is right when it names the edited axis and its direction: the
pairs are made so that the edit is what differs (``pairs``: other views close on every axis of
the attribute, shape edits only on masks that cover the object). Rates are also given by view
(same or other) and by masks (the dataset's own or automatic).
"""

from collections import defaultdict
import time
from typing import Callable, Dict, Iterable, List, Optional

from tqdm import tqdm

from . import caption_metrics
from .pairs import EditPair
from ..core.errors import QueryParseError, SubtleDiffError

# What the lead checks (fractions).
TARGETS = {'selection_accuracy_at_or_above_jnd': ('>=', 0.95),
           'no_difference_rate_edited_at_or_above_jnd': ('<=', 0.05),
           'no_difference_rate_unedited': ('>=', 0.90)}


def caption_scores(hypotheses: Dict[str, str], references: Dict[str, List[str]]) -> dict:
    """Return corpus BLEU-4 and CIDEr of one sentence per id against its references."""
    scores = caption_metrics.caption_scores({key: references[key] for key in hypotheses},
                                            hypotheses)
    return {'bleu4': scores['bleu4'], 'cider': scores['cider']}


def default_parser() -> Optional[Callable]:
    """Return ``subtle_diff_ros.text.parse_difference`` when the text package provides it."""
    try:
        from ..text import parse_difference
    except ImportError:
        return None
    return parse_difference


def evaluate_pair(backend, pair: EditPair, parse: Optional[Callable] = None,
                  use_masks: bool = True) -> dict:
    """Run selection (edited pairs) and description on one pair; return a JSON-ready record."""
    record = pair.metadata()
    masks = (pair.mask_1, pair.mask_2) if use_masks and pair.masks_given else None
    if pair.kind == 'edit':
        started = time.perf_counter()
        try:
            query = parse(pair.query_text, attribute=None) if parse else pair.query()
        except QueryParseError as exc:
            record.update(selection_correct=False, selection_error=f'parse: {exc}')
        else:
            images, candidate_masks = pair.candidates()
            try:
                result = backend.select(images, query,
                                        masks=candidate_masks if masks else None)
            except SubtleDiffError as exc:
                record.update(selection_correct=False, selection_error=str(exc))
            else:
                record.update(selection_correct=result.choice == pair.answer,
                              selection_confidence=float(result.confidence),
                              parsed_axis=query.axis, parsed_direction=query.direction,
                              parsed_subject=query.subject)
        record['select_seconds'] = time.perf_counter() - started
    started = time.perf_counter()
    try:
        description = backend.describe(pair.image_1, pair.image_2, pair.attribute,
                                       object_name=pair.noun, masks=masks)
    except SubtleDiffError as exc:
        record.update(sentence='', no_difference=False, describe_error=str(exc),
                      description_correct=False)
    else:
        record.update(sentence=description.sentence, no_difference=bool(description.no_difference),
                      described_axis=description.axis,
                      described_direction=int(description.direction))
        if pair.kind == 'edit':
            record['description_correct'] = (not description.no_difference
                                             and description.axis == pair.axis
                                             and int(description.direction) == pair.direction)
        else:
            record['description_correct'] = bool(description.no_difference)
    record['describe_seconds'] = time.perf_counter() - started
    return record


def _rate(records: List[dict], key: str) -> dict:
    n = len(records)
    hits = sum(1 for r in records if r.get(key))
    return {'n': n, 'count': hits, 'rate': hits / n if n else None}


def _grouped(records: List[dict], group: Callable[[dict], str], key: str) -> dict:
    groups = defaultdict(list)
    for record in records:
        groups[group(record)].append(record)
    return {name: _rate(groups[name], key) for name in sorted(groups)}


def _view(record: dict) -> str:
    return 'other view' if 'view' in record['nuisances'] else 'same view'


def summarize(records: List[dict]) -> dict:
    """Return the benchmark metrics of a list of ``evaluate_pair`` records."""
    edited = [r for r in records if r['kind'] == 'edit']
    above = [r for r in edited if r['at_or_above_jnd']]
    unedited = [r for r in records if r['kind'] == 'control']
    selection = {
        'overall': _rate(edited, 'selection_correct'),
        'at_or_above_jnd': _rate(above, 'selection_correct'),
        'by_attribute': _grouped(edited, lambda r: r['attribute'], 'selection_correct'),
        'by_axis': _grouped(edited, lambda r: r['axis'], 'selection_correct'),
        'by_edit': _grouped(edited, lambda r: r['edit'], 'selection_correct'),
        'by_level': _grouped(edited, lambda r: r['level'], 'selection_correct'),
        'by_view_at_or_above_jnd': _grouped(above, _view, 'selection_correct'),
        'errors': sum(1 for r in edited if 'selection_error' in r),
    }
    description = {
        'no_difference_edited': _rate(edited, 'no_difference'),
        'no_difference_edited_at_or_above_jnd': _rate(above, 'no_difference'),
        'no_difference_edited_by_level': _grouped(edited, lambda r: r['level'], 'no_difference'),
        'no_difference_unedited': _rate(unedited, 'no_difference'),
        'no_difference_unedited_by_attribute': _grouped(unedited, lambda r: r['attribute'],
                                                        'no_difference'),
        'no_difference_unedited_by_kind': _grouped(unedited, _view, 'no_difference'),
        'correct_at_or_above_jnd': _rate(above, 'description_correct'),
        'correct_by_axis_at_or_above_jnd': _grouped(above, lambda r: r['axis'],
                                                    'description_correct'),
        'correct_by_view_at_or_above_jnd': _grouped(above, _view, 'description_correct'),
        'correct_by_masks_at_or_above_jnd': _grouped(
            above, lambda r: 'given' if r.get('masks_given') else 'automatic',
            'description_correct'),
        'errors': sum(1 for r in records if 'describe_error' in r),
    }
    captions = {'all': caption_scores(*_caption_inputs(records))}
    for attribute in sorted({r['attribute'] for r in records}):
        subset = [r for r in records if r['attribute'] == attribute]
        captions[attribute] = caption_scores(*_caption_inputs(subset))
    description['captions'] = captions
    values = {
        'selection_accuracy_at_or_above_jnd': selection['at_or_above_jnd']['rate'],
        'no_difference_rate_edited_at_or_above_jnd':
            description['no_difference_edited_at_or_above_jnd']['rate'],
        'no_difference_rate_unedited': description['no_difference_unedited']['rate'],
    }
    targets = {}
    for name, (op, bound) in TARGETS.items():
        value = values[name]
        met = None if value is None else (value >= bound if op == '>=' else value <= bound)
        targets[name] = {'value': value, 'target': f'{op} {bound}', 'met': met}
    timing = {key: (sum(r[key] for r in records if key in r)
                    / max(1, sum(1 for r in records if key in r)))
              for key in ('select_seconds', 'describe_seconds')}
    return {'pairs': {'edited': len(edited), 'edited_at_or_above_jnd': len(above),
                      'unedited': len(unedited)},
            'selection': selection, 'description': description, 'targets': targets,
            'mean_seconds': timing}


def _caption_inputs(records):
    hypotheses = {r['pair_id']: r['sentence'] for r in records if r.get('sentence')}
    references = {r['pair_id']: r['references'] for r in records}
    return hypotheses, references


def run(backend, pairs: Iterable[Optional[EditPair]], total: Optional[int] = None,
        parse: Optional[Callable] = None, use_masks: bool = True, progress: bool = True):
    """
    Evaluate every pair; return (records, number of skipped pairs).

    None entries in ``pairs`` are edits that could not be made; they are counted as skipped.
    """
    records, skipped = [], 0
    for pair in tqdm(pairs, total=total, disable=not progress, desc='bench-edits', unit='pair'):
        if pair is None:
            skipped += 1
            continue
        records.append(evaluate_pair(backend, pair, parse, use_masks))
    return records, skipped


def summary_table(summary: dict) -> str:
    """Return a short human-readable table of the main numbers."""
    def pct(entry):
        return '   -  ' if entry['rate'] is None else f"{100 * entry['rate']:5.1f}%"

    lines = [f"{'selection accuracy':<34}{'n':>6}  acc"]
    sel = summary['selection']
    lines.append(f"{'  all edits':<34}{sel['overall']['n']:>6}  {pct(sel['overall'])}")
    lines.append(f"{'  at/above JND':<34}{sel['at_or_above_jnd']['n']:>6}  "
                 f"{pct(sel['at_or_above_jnd'])}")
    for title, key in (('attribute', 'by_attribute'), ('axis', 'by_axis'),
                       ('level', 'by_level'), ('view (>= JND)', 'by_view_at_or_above_jnd')):
        for name, entry in sel[key].items():
            lines.append(f"{'  ' + title + ': ' + str(name):<34}{entry['n']:>6}  {pct(entry)}")
    desc = summary['description']
    lines.append(f"{'no-difference answers':<34}{'n':>6}  rate")
    for title, key in (('edited', 'no_difference_edited'),
                       ('edited at/above JND', 'no_difference_edited_at_or_above_jnd'),
                       ('unedited', 'no_difference_unedited')):
        lines.append(f"{'  ' + title:<34}{desc[key]['n']:>6}  {pct(desc[key])}")
    lines.append(f"{'description right (>= JND)':<34}{desc['correct_at_or_above_jnd']['n']:>6}  "
                 f"{pct(desc['correct_at_or_above_jnd'])}")
    for title, key in (('axis', 'correct_by_axis_at_or_above_jnd'),
                       ('view', 'correct_by_view_at_or_above_jnd'),
                       ('masks', 'correct_by_masks_at_or_above_jnd')):
        for name, entry in desc[key].items():
            lines.append(f"{'  ' + title + ': ' + str(name):<34}{entry['n']:>6}  {pct(entry)}")
    for name, scores in desc['captions'].items():
        if scores['bleu4'] is not None:
            lines.append(f"{'  captions ' + name:<34}BLEU-4 {100 * scores['bleu4']:5.2f}  "
                         f"CIDEr {100 * scores['cider']:6.2f}")
    for name, target in summary['targets'].items():
        value = '-' if target['value'] is None else f"{100 * target['value']:.1f}%"
        verdict = {True: 'met', False: 'NOT met', None: 'n/a'}[target['met']]
        lines.append(f'target {name} {target["target"]}: {value} ({verdict})')
    return '\n'.join(lines)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Evaluation on the Subtle-Diff challenge format: Task 1 (selection) and Task 2 (captioning).

Inputs are the two annotation files of the challenge release and a folder with the pair images:

- ``capt_renamed_<split>_annotations.json``: per pair ``name`` ("val/v2_100_pineapple", i.e.
  split/id_object), ``contents`` (``<id>_before`` and ``<id>_after``) and ``attributes``, each
  ``{"name", "key": "color_2", "value": "<sentence>"}``, written with Image 1 = before.
- ``class_renamed_<split>_annotations.json``: the same pairs with ``attributes`` of the form
  ``{"key", "question": "<sentence about Image 1> Which is image 1: After or Before?",
  "answer": "After"|"Before"}``.

Images are found by the stems in ``contents`` with any image extension, anywhere under the
folder (a ``<split>/`` subfolder is preferred when a stem occurs twice).

Task 1. For each question the two images of the pair are put in a seeded, per-question order as
candidates A and B, the sentence (without the "Which is image 1" tail) is parsed with the
question's attribute as hint, and ``backend.select`` must pick the image the answer names.
Accuracy is correct answers divided by QUESTIONS, per attribute and over all questions. The
released scoring script divides the number of correct answers by the number of PAIRS, which
overstates accuracy (about two questions per pair and attribute) and weights pairs with more
sentences wrongly; that is not done here. A question whose sentence cannot be parsed counts
0.5 correct, the expected score of a fair coin, and is also counted separately; accuracy on
the parsed questions alone is reported too.

Task 2. For each pair and attribute ``backend.describe(before, after, attribute, object)``
gives one sentence, scored with BLEU-4 and CIDEr against that attribute's annotator sentences
(two per item, see caption_metrics), with the share of "no difference" answers. Scores are
corpus scores per attribute; CIDEr weighs n-grams by their rarity among the references of that
attribute, so it is only meaningful on many items (it is 0 for a single item).
"""

from collections import OrderedDict
from dataclasses import dataclass, field
import json
import os
import random
import re
import sys
from typing import Dict, List, Optional, Sequence, Tuple

from tqdm import tqdm

from .caption_metrics import caption_scores
from ..core.axes import ATTRIBUTES
from ..core.errors import QueryParseError, SubtleDiffError
from ..core.files import read_regular_file
from ..text import parse_difference
from ..vision.image_io import load_image

IMAGE_EXTENSIONS = ('.png', '.jpg', '.jpeg', '.webp', '.bmp', '.tif', '.tiff')
TASKS = ('1', '2', 'both')
# The largest annotation file read (the validation release's are a few MB).
_MAX_ANNOTATION_BYTES = 512 << 20
_QUESTION_TAIL = re.compile(r'\s*which\s+is\s+image\s*1\s*:?\s*after\s+or\s+before\s*\?\s*$',
                            re.IGNORECASE)
# Score of a question whose sentence cannot be parsed: the expected score of a fair coin.
UNPARSEABLE_CREDIT = 0.5


@dataclass
class SubtleDiffPair:
    """One image pair of the challenge files with its questions and reference sentences."""

    name: str
    split: str
    before_stem: str
    after_stem: str
    object_name: Optional[str]
    # (key, attribute, sentence, answer 'before'|'after') per Task 1 question.
    questions: List[Tuple[str, str, str, str]] = field(default_factory=list)
    # attribute -> annotator sentences (Image 1 = before) for Task 2.
    references: Dict[str, List[str]] = field(default_factory=dict)


def _read_json(path: str, what: str):
    """Return the list stored in an annotation file, or raise SubtleDiffError."""
    try:
        data = json.loads(read_regular_file(path, _MAX_ANNOTATION_BYTES, SubtleDiffError,
                                            f'{what} file').decode('utf-8'))
    except (FileNotFoundError, NotADirectoryError):
        raise SubtleDiffError(f'no {what} file at {path}') from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SubtleDiffError(f'cannot read {what} file {path}: {exc}') from exc
    except RecursionError:
        raise SubtleDiffError(f'{what} file {path} is nested too deeply to be annotations')
    if not isinstance(data, list):
        raise SubtleDiffError(f'{what} file {path} does not hold a list of pairs')
    return data


def _attribute_of_key(key, pair_name: str) -> str:
    """Return the attribute of an annotation key such as 'texture_4'."""
    attribute = str(key).rsplit('_', 1)[0].lower()
    if attribute not in ATTRIBUTES:
        raise SubtleDiffError(f'pair {pair_name!r}: key {key!r} names no attribute of '
                              f'{", ".join(ATTRIBUTES)}')
    return attribute


def object_name_of(pair_name: str, pair_id: str) -> Optional[str]:
    """
    Return the object class of a pair name: 'val/v2_100_pineapple' -> 'pineapple'.

    The release writes apostrophes as underscores ("yellow lady_s slipper"); they are restored.
    """
    base = pair_name.rsplit('/', 1)[-1]
    if not base.startswith(pair_id + '_'):
        return None
    return base[len(pair_id) + 1:].replace('_', "'").strip() or None


def _new_pair(entry, what: str) -> SubtleDiffPair:
    """Build a pair (without questions or references) from one annotation entry."""
    if not isinstance(entry, dict) or not isinstance(entry.get('name'), str):
        raise SubtleDiffError(f'{what}: an entry has no "name"')
    name = entry['name']
    stems = [c.get('name') for c in entry.get('contents') or [] if isinstance(c, dict)]
    before = next((s for s in stems if isinstance(s, str) and s.endswith('_before')), None)
    after = next((s for s in stems if isinstance(s, str) and s.endswith('_after')), None)
    if before is None or after is None:
        raise SubtleDiffError(f'{what}: pair {name!r} lacks a "<id>_before" or "<id>_after" '
                              'entry in "contents"')
    split = name.rsplit('/', 1)[0] if '/' in name else ''
    pair_id = before[:-len('_before')]
    return SubtleDiffPair(name=name, split=split, before_stem=before, after_stem=after,
                          object_name=object_name_of(name, pair_id))


def _distinct(entries: list, path: str) -> list:
    """Return the entries of an annotation file, or raise for a pair listed twice in it."""
    seen = set()
    for entry in entries:
        name = entry.get('name') if isinstance(entry, dict) else None
        if isinstance(name, str) and name in seen:
            raise SubtleDiffError(f'{path}: pair {name!r} is listed twice')
        seen.add(name)
    return entries


def _attribute_items(entry: dict, path: str) -> list:
    """Return the "attributes" of an annotation entry: a list of objects, or raise."""
    items = entry.get('attributes') or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise SubtleDiffError(f'{path}: pair {entry.get("name")!r} has "attributes" that are '
                              'not a list of objects')
    return items


def read_pairs(questions_path: Optional[str] = None,
               captions_path: Optional[str] = None) -> List[SubtleDiffPair]:
    """Read the question and/or caption files into pairs, in file order (questions first)."""
    pairs: 'OrderedDict[str, SubtleDiffPair]' = OrderedDict()
    if questions_path is not None:
        for entry in _distinct(_read_json(questions_path, 'questions'), questions_path):
            pair = pairs.setdefault(entry.get('name') if isinstance(entry, dict) else None,
                                    _new_pair(entry, questions_path))
            for item in _attribute_items(entry, questions_path):
                key, question = item.get('key'), item.get('question')
                answer = str(item.get('answer', '')).strip().lower()
                if not isinstance(question, str) or answer not in ('before', 'after'):
                    raise SubtleDiffError(f'{questions_path}: pair {pair.name!r} key {key!r} '
                                          'needs a "question" and an "answer" of After or '
                                          'Before')
                sentence = _QUESTION_TAIL.sub('', question).strip()
                pair.questions.append((str(key), _attribute_of_key(key, pair.name), sentence,
                                       answer))
    if captions_path is not None:
        for entry in _distinct(_read_json(captions_path, 'captions'), captions_path):
            pair = pairs.get(entry.get('name') if isinstance(entry, dict) else None)
            if pair is None:
                pair = _new_pair(entry, captions_path)
                pairs[pair.name] = pair
            for item in _attribute_items(entry, captions_path):
                sentence = item.get('value')
                if not isinstance(sentence, str) or not sentence.strip():
                    continue
                attribute = _attribute_of_key(item.get('key'), pair.name)
                pair.references.setdefault(attribute, []).append(sentence.strip())
    return list(pairs.values())


def _image_index(images_dir: str) -> Dict[str, List[str]]:
    """Map every image file stem under ``images_dir`` to its paths (sorted)."""
    if not os.path.isdir(images_dir):
        raise SubtleDiffError(f'no image folder at {images_dir}')
    index: Dict[str, List[str]] = {}
    for root, dirs, files in os.walk(images_dir):
        dirs.sort()
        for name in sorted(files):
            stem, ext = os.path.splitext(name)
            if ext.lower() in IMAGE_EXTENSIONS:
                index.setdefault(stem, []).append(os.path.join(root, name))
    return index


def _pick(paths: Sequence[str], images_dir: str, split: str) -> Optional[str]:
    """Return the path to use among files of one stem: in ``<split>/`` if any, else the first."""
    if not paths:
        return None
    preferred = os.path.join(images_dir, split) if split else images_dir
    return next((p for p in paths if os.path.dirname(p) == preferred), paths[0])


def find_pair_images(pairs: Sequence[SubtleDiffPair], images_dir: str
                     ) -> Tuple[Dict[str, Tuple[str, str]], List[Tuple[SubtleDiffPair, str]]]:
    """Return {pair name: (before path, after path)} and (pair, first missing stem) pairs."""
    index = _image_index(images_dir)
    found, missing = {}, []
    for pair in pairs:
        before = _pick(index.get(pair.before_stem, []), images_dir, pair.split)
        after = _pick(index.get(pair.after_stem, []), images_dir, pair.split)
        if before is None or after is None:
            missing.append((pair, pair.before_stem if before is None else pair.after_stem))
        else:
            found[pair.name] = (before, after)
    return found, missing


def after_first(seed: int, pair_name: str, key: str) -> bool:
    """Return whether the after image is candidate A for one question (seeded, per question)."""
    return random.Random(f'{seed}|{pair_name}|{key}').random() < 0.5


def _approach(backend_name: str, methods: Sequence[str]) -> str:
    """Return a Table V row name such as 'clip P_SD'."""
    names = sorted(set(methods) - {backend_name})
    if not names:
        return backend_name
    if len(names) == 1 and names[0] in ('s', 'sd'):
        return f'{backend_name} P_{names[0].upper()}'
    return f'{backend_name} {"/".join(names)}'


def _task1_summary(records: List[dict]) -> dict:
    """Return per-attribute and overall accuracy (percent, per question) of Task 1 records."""
    def accuracy(rows):
        if not rows:
            return None
        return 100.0 * sum(r['score'] for r in rows) / len(rows)

    per_attribute = {}
    for attribute in ATTRIBUTES:
        rows = [r for r in records if r['attribute'] == attribute]
        parsed = [r for r in rows if r['parsed']]
        per_attribute[attribute] = {'questions': len(rows), 'accuracy': accuracy(rows),
                                    'unparseable': len(rows) - len(parsed),
                                    'accuracy_parsed': accuracy(parsed)}
    known = [v['accuracy'] for v in per_attribute.values() if v['accuracy'] is not None]
    parsed = [r for r in records if r['parsed']]
    return {'questions': len(records), 'per_attribute': per_attribute,
            'average': accuracy(records),
            'mean_of_attributes': sum(known) / len(known) if known else None,
            'unparseable': len(records) - len(parsed), 'accuracy_parsed': accuracy(parsed),
            'unparseable_credit': UNPARSEABLE_CREDIT}


def _task2_summary(records: List[dict], references: Dict[Tuple[str, str], List[str]]) -> dict:
    """Return BLEU-4, CIDEr (x100) and the no-difference rate per attribute of Task 2 records."""
    per_attribute = {}
    for attribute in ATTRIBUTES:
        rows = [r for r in records if r['attribute'] == attribute]
        keys = [(r['pair'], attribute) for r in rows]
        scores = caption_scores({k: references[k] for k in keys},
                                {k: r['sentence'] for k, r in zip(keys, rows)})
        for k, r in zip(keys, rows):
            r['bleu4'] = 100.0 * scores['bleu4_per_item'][k]
            r['cider'] = 100.0 * scores['cider_per_item'][k]
        per_attribute[attribute] = {
            'items': len(rows),
            'bleu4': None if scores['bleu4'] is None else 100.0 * scores['bleu4'],
            'cider': None if scores['cider'] is None else 100.0 * scores['cider'],
            'no_difference_rate': (100.0 * sum(r['no_difference'] for r in rows) / len(rows)
                                   if rows else None)}
    no_diff = [r['no_difference'] for r in records]
    return {'items': len(records), 'per_attribute': per_attribute,
            'no_difference_rate': 100.0 * sum(no_diff) / len(no_diff) if no_diff else None}


def _check_something_to_evaluate(pairs: Sequence[SubtleDiffPair],
                                 usable: Sequence[SubtleDiffPair], run_1: bool, run_2: bool,
                                 images_dir: str) -> None:
    """Raise SubtleDiffError when no question or reference sentence would be evaluated."""
    if not pairs:
        raise SubtleDiffError('nothing to evaluate: the annotation files hold no pair')
    if not usable:
        raise SubtleDiffError(f'nothing was evaluated: none of the {len(pairs)} pairs has both '
                              f'images under {images_dir}')
    items = sum((len(p.questions) if run_1 else 0)
                + (sum(map(bool, p.references.values())) if run_2 else 0) for p in usable)
    if not items:
        wanted = {(True, False): 'question', (False, True): 'reference sentence'}.get(
            (run_1, run_2), 'question or reference sentence')
        raise SubtleDiffError(f'nothing to evaluate: the {len(usable)} pairs with images hold '
                              f'no {wanted}')


def evaluate_subtle_diff(backend, images_dir: str, questions_path: Optional[str] = None,
                         captions_path: Optional[str] = None, task: str = 'both',
                         method: Optional[str] = None, limit: Optional[int] = None,
                         skip_missing: bool = False, seed: int = 0,
                         progress: bool = True) -> dict:
    """
    Run Task 1 and/or Task 2 of the challenge with ``backend`` and return a JSON-ready report.

    ``task`` is '1' (needs ``questions_path``), '2' (needs ``captions_path``) or 'both';
    ``limit`` keeps the first N pairs. Pairs whose images are missing raise SubtleDiffError
    (how many, and one expected path), or are skipped and counted with ``skip_missing``.
    """
    if task not in TASKS:
        raise SubtleDiffError(f'unknown task {task!r}: expected one of {", ".join(TASKS)}')
    run_1, run_2 = task in ('1', 'both'), task in ('2', 'both')
    if run_1 and questions_path is None:
        raise SubtleDiffError('task 1 needs the questions file (class_renamed_*_annotations.json)')
    if run_2 and captions_path is None:
        raise SubtleDiffError('task 2 needs the captions file (capt_renamed_*_annotations.json)')
    if limit is not None and limit < 1:
        raise SubtleDiffError(f'limit must be at least 1, got {limit}')
    pairs = read_pairs(questions_path if run_1 else None, captions_path if run_2 else None)
    pairs = pairs[:limit] if limit is not None else pairs
    found, missing = find_pair_images(pairs, images_dir)
    if missing and not skip_missing:
        example = os.path.join(images_dir, missing[0][1] + '.png')
        raise SubtleDiffError(
            f'{len(missing)} of {len(pairs)} pairs have a missing image under {images_dir}, '
            f'e.g. expected {example} (any of {"/".join(IMAGE_EXTENSIONS)}); '
            'pass --skip-missing to skip them')
    usable = [p for p in pairs if p.name in found]
    _check_something_to_evaluate(pairs, usable, run_1, run_2, images_dir)
    task1, task2, references, methods = [], [], {}, []
    for pair in tqdm(usable, desc='subtle-diff eval', unit='pair', file=sys.stderr,
                     disable=not progress):
        before = load_image(found[pair.name][0])
        after = load_image(found[pair.name][1])
        if run_1:
            for key, attribute, sentence, answer in pair.questions:
                swap = after_first(seed, pair.name, key)
                target = int(swap) if answer == 'before' else int(not swap)
                record = {'pair': pair.name, 'key': key, 'attribute': attribute,
                          'answer': answer, 'order': 'after,before' if swap else 'before,after',
                          'target': target}
                try:
                    query = parse_difference(sentence, attribute)
                except QueryParseError as exc:
                    record.update(parsed=False, choice=None, correct=None,
                                  score=UNPARSEABLE_CREDIT, error=str(exc))
                else:
                    result = backend.select([after, before] if swap else [before, after],
                                            query, method=method)
                    methods.append(result.method)
                    correct = int(result.choice) == target
                    record.update(parsed=True, choice=int(result.choice), correct=correct,
                                  score=float(correct), axis=query.axis,
                                  direction=query.direction,
                                  confidence=float(result.confidence))
                task1.append(record)
        if run_2:
            for attribute in ATTRIBUTES:
                if not pair.references.get(attribute):
                    continue
                description = backend.describe(before, after, attribute,
                                               object_name=pair.object_name)
                references[(pair.name, attribute)] = pair.references[attribute]
                task2.append({'pair': pair.name, 'attribute': attribute,
                              'object': pair.object_name, 'sentence': description.sentence,
                              'no_difference': bool(description.no_difference)})
    report = {'backend': getattr(backend, 'name', type(backend).__name__),
              'method': method, 'seed': seed, 'task': task, 'images': images_dir,
              'questions_file': questions_path if run_1 else None,
              'captions_file': captions_path if run_2 else None,
              'pairs': len(pairs), 'pairs_evaluated': len(found),
              'pairs_missing_images': len(missing),
              'missing_pairs': [pair.name for pair, _ in missing]}
    if run_1:
        report['task1'] = _task1_summary(task1)
        report['task1']['approach'] = _approach(report['backend'], methods)
        report['task1']['records'] = task1
    if run_2:
        report['task2'] = _task2_summary(task2, references)
        report['task2']['records'] = task2
    return report


def _cell(value: Optional[float]) -> str:
    """Return a table cell: two decimals, or '-' for no value."""
    return '-' if value is None else f'{value:.2f}'


def format_tables(report: dict) -> str:
    """Return Table V (Task 1 accuracy) and Table VI (Task 2 scores) as plain text."""
    lines = []
    if 'task1' in report:
        t1 = report['task1']
        per = t1['per_attribute']
        lines.append(f'Task 1 accuracy (%), {t1["questions"]} questions, per question '
                     f'(unparseable: {t1["unparseable"]}, counted as {UNPARSEABLE_CREDIT:g})')
        lines.append(f'{"approach":<24}{"color":>9}{"shape":>9}{"texture":>9}{"average":>9}')
        cells = ''.join(f'{_cell(per[a]["accuracy"]):>9}' for a in ATTRIBUTES)
        lines.append(f'{t1["approach"]:<24}{cells}{_cell(t1["average"]):>9}')
        cells = ''.join(f'{_cell(per[a]["accuracy_parsed"]):>9}' for a in ATTRIBUTES)
        lines.append(f'{"  (parsed only)":<24}{cells}{_cell(t1["accuracy_parsed"]):>9}')
    if 'task2' in report:
        per = report['task2']['per_attribute']
        if lines:
            lines.append('')
        lines.append(f'Task 2 captioning, {report["task2"]["items"]} items '
                     '(color / shape / texture)')
        lines.append(f'{"model":<16}{"BLEU-4":>24}{"CIDEr":>26}{"no-difference %":>26}')
        row = []
        for metric in ('bleu4', 'cider', 'no_difference_rate'):
            row.append(' / '.join(_cell(per[a][metric]) for a in ATTRIBUTES))
        lines.append(f'{report["backend"]:<16}{row[0]:>24}{row[1]:>26}{row[2]:>26}')
    if report.get('pairs_missing_images'):
        lines.append(f'skipped {report["pairs_missing_images"]} pairs with missing images')
    return '\n'.join(lines)

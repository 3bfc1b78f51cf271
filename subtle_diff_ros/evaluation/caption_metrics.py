# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
BLEU-4 and CIDEr of generated sentences against human references (pycocoevalcap, no Java).

The COCO caption toolkit tokenizes with the Stanford PTB tokenizer, which needs Java; here the
text is lower-cased and split into words (letters and digits, keeping inner hyphens and
apostrophes, dropping punctuation), which gives the same tokens on sentences of this kind.
Scores are on pycocoevalcap's 0-1 scale for BLEU and 0-10 for CIDEr; tables multiply both by
100 as the papers do.
"""

import re
from typing import Dict, Hashable, Mapping, Sequence

from pycocoevalcap.bleu.bleu import Bleu
from pycocoevalcap.cider.cider import Cider

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def tokenize(text: str) -> str:
    """Return ``text`` lower-cased, as space-separated words without punctuation."""
    return ' '.join(_WORD.findall(str(text).lower()))


def caption_scores(references: Mapping[Hashable, Sequence[str]],
                   candidates: Mapping[Hashable, str]) -> Dict[str, object]:
    """
    Score one candidate sentence per item against that item's references.

    ``references`` and ``candidates`` share their keys. Returns ``{'count', 'bleu4', 'cider',
    'bleu4_per_item', 'cider_per_item'}``; corpus scores are None when there are no items.
    Raises ValueError when the keys differ or an item has no reference.
    """
    if set(references) != set(candidates):
        raise ValueError('references and candidates must have the same keys')
    keys = list(candidates)
    if not keys:
        return {'count': 0, 'bleu4': None, 'cider': None, 'bleu4_per_item': {},
                'cider_per_item': {}}
    gts, res = {}, {}
    for index, key in enumerate(keys):
        refs = [tokenize(r) for r in references[key]]
        if not refs:
            raise ValueError(f'item {key!r} has no reference sentence')
        gts[index] = refs
        res[index] = [tokenize(candidates[key])]
    bleu, bleu_items = Bleu(4).compute_score(gts, res, verbose=0)
    cider, cider_items = Cider().compute_score(gts, res)
    return {'count': len(keys), 'bleu4': float(bleu[3]), 'cider': float(cider),
            'bleu4_per_item': {key: float(bleu_items[3][i]) for i, key in enumerate(keys)},
            'cider_per_item': {key: float(cider_items[i]) for i, key in enumerate(keys)}}

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The history as flat rows: one per inspection and axis, for CSV or JSON."""

import csv
import io
import json
from typing import List, Optional

from .history import History
from ..core.files import write_file

COLUMNS = ('asset', 'inspection_id', 'time', 'reference_id', 'frame_sha256', 'valid', 'reason',
           'commissioning', 'false_alarm', 'changed', 'sentence', 'axis', 'delta', 'jnd',
           'delta_jnd', 'unit', 'value_reference', 'value_live', 'toward')


def export_rows(history: History, asset: Optional[str] = None) -> List[dict]:
    """Return one row per inspection and axis (one row without axis for an invalid capture)."""
    rows = []
    for name in [asset] if asset else history.asset_names():
        for inspection in history.inspections(name):
            common = {'asset': name, 'inspection_id': inspection.id, 'time': inspection.time,
                      'reference_id': inspection.reference_id,
                      'frame_sha256': inspection.frame_sha256, 'valid': inspection.valid,
                      'reason': inspection.reason, 'commissioning': inspection.commissioning,
                      'false_alarm': inspection.false_alarm, 'changed': inspection.changed,
                      'sentence': inspection.sentence}
            readings = sorted(inspection.readings.values(), key=lambda r: r.axis)
            if not readings:
                rows.append(dict(common, **{key: None for key in COLUMNS if key not in common}))
            for r in readings:
                rows.append(dict(common, axis=r.axis, delta=r.delta, jnd=r.jnd,
                                 delta_jnd=r.delta / r.jnd if r.jnd else None, unit=r.unit,
                                 value_reference=r.value_reference, value_live=r.value_live,
                                 toward=r.toward))
    return rows


def format_rows(rows: List[dict], fmt: str) -> str:
    """Return rows as CSV (a header, then one line each) or JSON (a list)."""
    text = io.StringIO(newline='')
    if fmt == 'csv':
        writer = csv.DictWriter(text, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        json.dump(rows, text, indent=1, ensure_ascii=False)
    return text.getvalue()


def write_rows(rows: List[dict], path: str, fmt: str, keep=()) -> None:
    """
    Write rows (``format_rows``) to ``path`` with ``write_file``.

    ``keep``: files the output must not replace (the history the rows come from).
    """
    write_file(path, format_rows(rows, fmt).encode('utf-8'), keep=keep)

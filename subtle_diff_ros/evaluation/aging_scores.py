# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Scores of the aging benchmark from its records, for any choice of the trend parameters.

The records hold every inspection's raw readings, so the decision rule (``inspection.trends
.evaluate``: how many consecutive inspections make a lasting change, how many noise floors the
margin is) can be replayed with other parameters without measuring again: that is how they were
chosen on one seed, and reported on another.
"""

from collections import defaultdict
from typing import Dict, List, Optional

import numpy as np

from ..inspection import trends
from ..inspection.capture import AxisReading
from ..inspection.history import Inspection
from ..inspection.plan import Asset

# Sequences in which the part does not change: stable ones (every nuisance of the camera) and
# light-only ones (only the light changes).
UNCHANGED = ('stable', 'light_only')
COLOUR_AXES = ('brightness', 'saturation', 'hue', 'warmth', 'color_difference')
# The three targets: false alarms, the right axis and direction by 3 JND, and light
# changes alone never reported as aging (no light-only sequence flagged).
TARGETS = {'false_alarm_rate_stable': ('<=', 0.02),
           'right_axis_and_direction_by_3_jnd': ('>=', 0.95),
           'light_only_sequences_flagged': ('<=', 0.0)}


def _inspections(records: List[dict]) -> List[Inspection]:
    """
    Return the records' inspections.

    Readings: [delta, jnd, toward(, light_sigma(, outline_sigma))] each (older records lack
    the uncertainties: 0).
    """
    found = []
    for number, r in enumerate(records):
        readings = {axis: AxisReading(axis, values[0], values[1], '', 0.0, 0.0, values[2],
                                      *(list(values[3:5]) + [0.0, 0.0])[:2])
                    for axis, values in (r.get('readings') or {}).items()}
        found.append(Inspection(number, r['sequence'], 0, r['time_s'], '', r['valid'],
                                r['reason'], r['commissioning'], False, '', {}, None, [],
                                readings=readings))
    return found


def replay(records: List[dict], lasting_count: int, noise_multiple: float,
           min_noise_jnd: float = trends.MIN_NOISE_JND) -> List[dict]:
    """Return the records with ``changed`` and the changed axes decided anew, in order."""
    by_sequence = defaultdict(list)
    for record in records:
        by_sequence[record['sequence']].append(record)
    out = []
    for name, rows in by_sequence.items():
        states = trends.evaluate(_inspections(rows), Asset(name), lasting_count, noise_multiple,
                                 min_noise_jnd)
        for number, record in enumerate(rows):
            found = states.get(number, {})
            changed = sorted((s for s in found.values() if s.changed),
                             key=lambda s: -abs(s.delta_jnd))
            out.append(dict(record, changed=bool(changed),
                            changed_axes=[(s.axis, s.direction) for s in changed]))
    return out


def _rate(hits: int, n: int) -> dict:
    return {'n': n, 'count': hits, 'rate': hits / n if n else None}


def _stats(values: List[float]) -> dict:
    if not values:
        return {'n': 0, 'median': None, 'mean': None, 'p90': None}
    array = np.array(values, float)
    return {'n': len(values), 'median': float(np.median(array)), 'mean': float(array.mean()),
            'p90': float(np.percentile(array, 90))}


def _first_week(rows: List[dict], level: float) -> Optional[float]:
    weeks = [r['week'] for r in rows if not r['commissioning'] and r['level'] >= level]
    return min(weeks) if weeks else None


def summarize(records: List[dict], lasting_count: int = trends.LASTING_COUNT,
              noise_multiple: float = trends.NOISE_MULTIPLE,
              min_noise_jnd: float = trends.MIN_NOISE_JND) -> dict:
    """Return the benchmark's figures for one choice of the trend parameters."""
    rows = replay(records, lasting_count, noise_multiple, min_noise_jnd)
    inspections = [r for r in rows if not r['commissioning']]
    stable = [r for r in inspections if r['kind'] == 'stable']
    stable_valid = [r for r in stable if r['valid']]
    light_alarms = [r for r in stable_valid if r['changed'] and any(
        axis in COLOUR_AXES for axis, _ in r['changed_axes'])]
    pre_onset = [r for r in inspections if r['kind'] not in UNCHANGED and r['level'] == 0
                 and r['valid']]
    light_only = [r for r in inspections if r['kind'] == 'light_only' and r['valid']]
    light_flagged = {r['sequence'] for r in light_only if r['changed']}
    by_sequence = defaultdict(list)
    for r in rows:
        if r['kind'] not in UNCHANGED:
            by_sequence[r['sequence']].append(r)
    delays = {1: [], 2: []}
    missed = {1: 0, 2: 0}
    right, leading, per_kind = [], [], defaultdict(list)
    for sequence, seq_rows in by_sequence.items():
        axis, direction = seq_rows[0]['axis'], seq_rows[0]['direction']
        hits = [r['week'] for r in seq_rows if not r['commissioning'] and r['valid']
                and r['level'] > 0 and (axis, direction) in r['changed_axes']]
        for level in (1, 2):
            start = _first_week(seq_rows, level)
            if start is None:
                continue
            if hits:
                delays[level].append(hits[0] - start)
            else:
                missed[level] += 1
        at_three = [r for r in seq_rows if not r['commissioning'] and r['valid']
                    and r['level'] >= 3.0]
        if at_three:
            first = at_three[0]
            ok = (axis, direction) in first['changed_axes']
            right.append(ok)
            top = first['changed_axes'][0] if first['changed_axes'] else None
            leading.append(top == (axis, direction))
            per_kind[first['kind']].append(ok)
    summary = {
        'parameters': {'lasting_count': lasting_count, 'noise_multiple': noise_multiple,
                       'min_noise_jnd': min_noise_jnd},
        'inspections': {'stable': len(stable), 'aging': len(inspections) - len(stable)},
        'retry_rate': _rate(sum(1 for r in inspections if not r['valid']), len(inspections)),
        'retry_rate_stable': _rate(len(stable) - len(stable_valid), len(stable)),
        'false_alarm_rate_stable': _rate(sum(1 for r in stable_valid if r['changed']),
                                         len(stable_valid)),
        'stable_alarms_on_colour_axes': _rate(len(light_alarms), len(stable_valid)),
        'light_only_sequences_flagged': _rate(
            len(light_flagged), len({r['sequence'] for r in rows if r['kind'] == 'light_only'})),
        'light_only_alarms': _rate(sum(1 for r in light_only if r['changed']), len(light_only)),
        'light_only_alarm_axes': _axis_counts(light_only),
        'false_alarm_rate_before_onset': _rate(sum(1 for r in pre_onset if r['changed']),
                                               len(pre_onset)),
        'detection_delay_weeks_after_1_jnd': dict(_stats(delays[1]), missed=missed[1]),
        'detection_delay_weeks_after_2_jnd': dict(_stats(delays[2]), missed=missed[2]),
        'right_axis_and_direction_by_3_jnd': _rate(sum(right), len(right)),
        'right_axis_leading_by_3_jnd': _rate(sum(leading), len(leading)),
        'right_by_kind': {k: _rate(sum(v), len(v)) for k, v in sorted(per_kind.items())},
        'stable_alarm_axes': _axis_counts(stable_valid),
        'retry_reasons': _reasons(inspections),
    }
    summary['targets'] = {}
    for name, (op, bound) in TARGETS.items():
        value = summary[name]['rate']
        met = None if value is None else (value <= bound if op == '<=' else value >= bound)
        summary['targets'][name] = {'value': value, 'target': f'{op} {bound}', 'met': met}
    return summary


def _axis_counts(rows: List[dict]) -> Dict[str, int]:
    counts = defaultdict(int)
    for r in rows:
        for axis, direction in r['changed_axes']:
            counts[f'{axis} {"+" if direction > 0 else "-"}'] += 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def _reasons(rows: List[dict]) -> Dict[str, int]:
    counts = defaultdict(int)
    for r in rows:
        if not r['valid']:
            counts[(r['reason'] or '').split(':')[0].split('(')[0].strip()] += 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def sweep(records: List[dict], counts=(1, 2, 3), multiples=(2.0, 3.0, 4.0),
          floors=(0.25, 0.5)) -> List[dict]:
    """Return the main figures for each choice of the trend parameters."""
    table = []
    for count in counts:
        for multiple in multiples:
            for floor in floors:
                s = summarize(records, count, multiple, floor)
                table.append({'lasting_count': count, 'noise_multiple': multiple,
                              'min_noise_jnd': floor,
                              'false_alarm_rate_stable': s['false_alarm_rate_stable']['rate'],
                              'right_by_3_jnd': s['right_axis_and_direction_by_3_jnd']['rate'],
                              'light_only_flagged':
                                  s['light_only_sequences_flagged']['count'],
                              'delay_after_1_jnd_median':
                                  s['detection_delay_weeks_after_1_jnd']['median']})
    return table


def summary_table(summary: dict) -> str:
    """Return a short human-readable table of the main figures."""
    def pct(entry):
        return '-' if entry['rate'] is None else f"{100 * entry['rate']:.1f} % (n={entry['n']})"

    def weeks(entry):
        if entry['median'] is None:
            return f'- (missed {entry["missed"]})'
        return (f"median {entry['median']:+.1f}, mean {entry['mean']:+.2f}, p90 "
                f"{entry['p90']:+.1f} weeks (n={entry['n']}, missed {entry['missed']})")

    lines = [f'parameters: {summary["parameters"]}',
             'false alarms per valid stable inspection: '
             f'{pct(summary["false_alarm_rate_stable"])}',
             f'  of which on colour axes (light): {pct(summary["stable_alarms_on_colour_axes"])}',
             'light-only sequences flagged: '
             f'{summary["light_only_sequences_flagged"]["count"]} of '
             f'{summary["light_only_sequences_flagged"]["n"]}',
             f'false alarms before the onset: {pct(summary["false_alarm_rate_before_onset"])}',
             f'retries (invalid captures): {pct(summary["retry_rate"])}',
             'detection delay after 1 JND: '
             f"{weeks(summary['detection_delay_weeks_after_1_jnd'])}",
             'detection delay after 2 JND: '
             f"{weeks(summary['detection_delay_weeks_after_2_jnd'])}",
             'right axis and direction by 3 JND: '
             f"{pct(summary['right_axis_and_direction_by_3_jnd'])}",
             f"  right axis leading: {pct(summary['right_axis_leading_by_3_jnd'])}"]
    for kind, entry in summary['right_by_kind'].items():
        lines.append(f'  {kind}: {pct(entry)}')
    for name, target in summary['targets'].items():
        verdict = {True: 'met', False: 'NOT met', None: 'n/a'}[target['met']]
        value = '-' if target['value'] is None else f"{100 * target['value']:.1f} %"
        lines.append(f"target {name} {target['target']}: {value} ({verdict})")
    return '\n'.join(lines)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The inspection report: one self-contained HTML page a person reads in any browser.

Per asset: its status and sentence, a table of the changed axes, the image strip (reference,
first inspection, latest valid inspection, each moved onto the reference and cropped around the
region, changed regions boxed) and a trend plot per watched axis with its limits, noise margin,
onset and Theil-Sen line. The pictures are PNG data URIs and the plots inline SVG drawn here
(no plotting library: an SVG line plot is a few dozen elements, stays sharp at any zoom and
keeps the page one small file).
"""

import base64
import html
from typing import List, Optional, Sequence

import cv2
import numpy as np

from . import trends
from .inspector import Inspector
from .times import from_seconds, iso, now
from ..core.files import write_file
from ..vision.rendering import draw_boxes

STATUS_COLOURS = {'ok': '#2e7d32', 'warn': '#ef6c00', 'error': '#c62828', 'stale': '#6d6d6d'}
PLOT_SIZE = (420, 170)
STRIP_HEIGHT = 220
_STYLE = """
body { font-family: sans-serif; margin: 24px; color: #222; background: #fff; }
h1 { font-size: 22px; } h2 { font-size: 19px; margin-top: 36px; }
.badge { color: #fff; padding: 2px 10px; border-radius: 4px; font-size: 15px; }
.sentence { font-size: 16px; margin: 10px 0 14px; }
table { border-collapse: collapse; margin: 8px 0 14px; }
td, th { border: 1px solid #ccc; padding: 3px 8px; font-size: 14px; }
.strip, .plots { display: flex; flex-wrap: wrap; gap: 14px; }
figure { margin: 0; } figcaption { font-size: 13px; color: #444; }
"""


def _png(image: np.ndarray) -> str:
    ok, data = cv2.imencode('.png', cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    return 'data:image/png;base64,' + base64.b64encode(data.tobytes()).decode('ascii')


def _window(settings: dict, shape) -> tuple:
    """Return (left, top, right, bottom) of the region grown by a quarter, inside the image."""
    h, w = shape[:2]
    region = settings.get('region') or {}
    if 'box' in region:
        x, y, bw, bh = region['box']
    elif 'polygon' in region:
        points = np.array(region['polygon'], float)
        x, y = points.min(axis=0)
        bw, bh = points.max(axis=0) - points.min(axis=0)
    else:
        return 0, 0, w, h
    grow_x, grow_y = 0.25 * bw, 0.25 * bh
    return (int(max(0, x - grow_x)), int(max(0, y - grow_y)), int(min(w, x + bw + grow_x)),
            int(min(h, y + bh + grow_y)))


def _strip(inspector: Inspector, name: str, inspections) -> List[tuple]:
    """Return (caption, data URI) of the reference, first and latest valid inspection."""
    history = inspector.history
    reference_version, reference = inspector.current_reference(name)
    left, top, right, bottom = _window(history.settings(name), reference.shape)
    valid = [i for i in inspections if i.valid and not i.commissioning] or [
        i for i in inspections if i.valid]
    picked = [('reference (commissioning)', reference, [])]
    if valid:
        picked.append((f'first inspection, {valid[0].time[:10]}', valid[0]))
        if len(valid) > 1:
            picked.append((f'latest inspection, {valid[-1].time[:10]}', valid[-1]))
    figures = []
    for entry in picked:
        if len(entry) == 3:
            caption, image, boxes = entry
        else:
            caption, inspection = entry
            image = history.image(inspection.frame_sha256)
            if inspection.matrix is not None and image.shape == reference.shape:
                matrix = np.asarray(inspection.matrix, np.float64)
                image = cv2.warpAffine(image, matrix, (image.shape[1], image.shape[0]),
                                       flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                       borderMode=cv2.BORDER_REPLICATE)
            boxes = [(r['x'] - left, r['y'] - top, r['width'], r['height'])
                     for r in inspection.regions]
            caption += f' ({len(boxes)} changed region{"s" if len(boxes) != 1 else ""})'
        crop = image[top:bottom, left:right]
        figures.append((caption, _png(draw_boxes(crop, boxes, STRIP_HEIGHT))))
    return figures


def _ticks(low: float, high: float, count: int = 4) -> List[float]:
    if high <= low:
        return [low]
    return list(np.linspace(low, high, count))


def svg_plot(title: str, times: Sequence[float], values: Sequence[float], kinds: Sequence[str],
             limit: float, margin: Optional[float], onset: Optional[float] = None,
             fit: Optional[trends.Trend] = None) -> str:
    """
    Return an inline SVG plot of an axis's change (JND) over time.

    ``kinds``: per point 'commissioning', 'inspection' or 'false alarm'. ``limit``: drawn at +-;
    ``margin``: the noise margin band; ``onset``: a vertical line; ``fit``: the Theil-Sen trend,
    drawn from its first point on.
    """
    width, height = PLOT_SIZE
    left, right, top, bottom = 46, 10, 22, 26
    t0, t1 = min(times), max(times)
    if t1 - t0 < 1.0:
        t1 = t0 + 1.0
    extent = max([abs(v) for v in values] + [limit * 1.1, (margin or 0) * 1.2, 1.0])
    lo, hi = -extent, extent

    def x(t):
        return left + (t - t0) / (t1 - t0) * (width - left - right)

    def y(v):
        return top + (hi - v) / (hi - lo) * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{html.escape(title)}">',
             f'<rect width="{width}" height="{height}" fill="#fafafa" stroke="#ddd"/>',
             f'<text x="{left}" y="15" font-size="13">{html.escape(title)}</text>']
    if margin is not None:
        parts.append(f'<rect x="{left}" y="{y(margin):.1f}" width="{width - left - right}" '
                     f'height="{y(-margin) - y(margin):.1f}" fill="#e3ecf7"/>')
    for level in (limit, -limit):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" '
                     f'y2="{y(level):.1f}" stroke="#c62828" stroke-dasharray="5 3"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
                 'stroke="#999"/>')
    for value in _ticks(lo, hi, 5):
        parts.append(f'<text x="{left - 4}" y="{y(value) + 4:.1f}" font-size="10" '
                     f'text-anchor="end">{value:.1f}</text>')
    for t, anchor in zip(_ticks(t0, t1, 3), ('start', 'middle', 'end')):
        parts.append(f'<text x="{x(t):.1f}" y="{height - 8}" font-size="10" '
                     f'text-anchor="{anchor}">{iso(from_seconds(t))[:10]}</text>')
    if onset is not None:
        parts.append(f'<line x1="{x(onset):.1f}" x2="{x(onset):.1f}" y1="{top}" '
                     f'y2="{height - bottom}" stroke="#ef6c00"/>')
    if fit is not None:
        parts.append(f'<line x1="{x(fit.start_s):.1f}" y1="{y(fit.value_at(fit.start_s)):.1f}" '
                     f'x2="{x(t1):.1f}" y2="{y(fit.value_at(t1)):.1f}" stroke="#1565c0" '
                     'stroke-width="1.5"/>')
    style = {'commissioning': 'fill="#888"', 'inspection': 'fill="#1565c0"',
             'false alarm': 'fill="none" stroke="#c62828"'}
    for t, v, kind in zip(times, values, kinds):
        parts.append(f'<circle cx="{x(t):.1f}" cy="{y(max(lo, min(hi, v))):.1f}" r="3" '
                     f'{style[kind]}><title>{iso(from_seconds(t))} {v:+.2f} JND ({kind})'
                     '</title></circle>')
    parts.append('</svg>')
    return ''.join(parts)


def _plots(inspector: Inspector, name: str, inspections) -> List[str]:
    asset = inspector.asset(name)
    base = trends.baseline([i for i in inspections if i.commissioning], asset)
    states = trends.evaluate(inspections, asset)
    plots = []
    for axis in asset.watch:
        shown = [i for i in inspections if i.valid and axis in i.readings]
        if not shown:
            continue
        values, kinds = [], []
        for i in shown:
            reading = i.readings[axis]
            centre = base.centre.get(axis, 0.0) if base else 0.0
            values.append((reading.delta - centre) / max(reading.jnd, 1e-12))
            kinds.append('false alarm' if i.false_alarm else
                         'commissioning' if i.commissioning else 'inspection')
        latest = next((states[i.id][axis] for i in reversed(inspections)
                       if i.id in states and axis in states[i.id]), None)
        limit = latest.limit_jnd if latest else asset.limit(axis).jnd(shown[-1].readings[axis].jnd)
        margin = latest.margin_jnd if latest else None
        fit = None
        if latest is not None and latest.changed:
            found = trends.trend([i for i in inspections if i.id in states], states, axis,
                                 latest)
            fit = found if found.slope_jnd_per_week is not None else None
        title = f'{axis}: change since commissioning (JND)'
        plots.append(svg_plot(title, [i.time_s for i in shown], values, kinds, limit, margin,
                              latest.onset_s if latest else None, fit))
    return plots


def _axes_table(report: dict) -> str:
    if not report['axes']:
        return ''
    rows = ['<table><tr><th>axis</th><th>direction</th><th>change (JND)</th>'
            '<th>slope (JND/week)</th><th>onset</th><th>limit (JND)</th>'
            '<th>limit crossing</th></tr>']
    for a in report['axes']:
        slope = '-' if a['slope_jnd_per_week'] is None else f'{a["slope_jnd_per_week"]:+.2f}'
        crossing = 'crossed' if a['limit_crossed'] else (a['limit_crossing'] or '-')[:10]
        direction = {1: 'more', -1: 'less'}.get(a['direction'], '')
        if a['axis'] == 'hue':
            direction = f'toward {a.get("toward")}'
        rows.append(f'<tr><td>{a["axis"]}</td><td>{direction}</td><td>{a["delta_jnd"]:+.2f}</td>'
                    f'<td>{slope}</td><td>{(a["onset"] or "-")[:10]}</td>'
                    f'<td>{a["limit_jnd"]:g}</td><td>{crossing}</td></tr>')
    return ''.join(rows) + '</table>'


def asset_section(inspector: Inspector, name: str, report: dict, at) -> str:
    """Return the HTML section of one asset, with its inspections up to ``at``."""
    versions = inspector.reference_versions(name)
    inspections, _ = inspector.inspections_as_of(name, at, versions)
    status = report['status']
    parts = [f'<section id="asset-{html.escape(name)}"><h2>{html.escape(name)} '
             f'<span class="badge" style="background:{STATUS_COLOURS[status]}">'
             f'{status.upper()}</span></h2>',
             f'<p class="sentence">{html.escape(report["sentence"])}</p>',
             f'<p>{report["valid_inspections"]} valid of {report["inspections"]} inspections, '
             f'{report["false_alarms"]} marked as false alarms; last valid: '
             f'{report["last_valid_inspection"] or "none"}.</p>', _axes_table(report)]
    if versions:
        parts.append('<div class="strip">')
        for caption, uri in _strip(inspector, name, inspections):
            parts.append(f'<figure><img src="{uri}" alt="{html.escape(caption)}">'
                         f'<figcaption>{html.escape(caption)}</figcaption></figure>')
        parts.append('</div><div class="plots">')
        parts.extend(_plots(inspector, name, inspections))
        parts.append('</div>')
    parts.append('</section>')
    return ''.join(parts)


def report_html(inspector: Inspector, names: Sequence[str], at=None) -> str:
    """Return the whole report page of the named assets."""
    at = at or now()
    sections = [asset_section(inspector, name, inspector.report(name, at), at)
                for name in names]
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<title>Inspection report</title>'
            f'<style>{_STYLE}</style></head><body><h1>Inspection report</h1>'
            f'<p>{len(names)} asset{"s" if len(names) != 1 else ""}, as of {iso(at)}.</p>'
            + ''.join(sections) + '</body></html>\n')


def write_report(inspector: Inspector, names: Sequence[str], path: str, at=None) -> str:
    """Write the report page to ``path`` (with ``write_file``); return the path."""
    write_file(path, report_html(inspector, names, at).encode('utf-8'),
               keep=(inspector.history.path,))
    return path

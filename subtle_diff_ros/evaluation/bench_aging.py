# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The aging benchmark: weekly inspections of real object photos, stable or slowly aging.

Every object (one view of it) gets sequences of ``COMMISSIONING`` commissioning captures and
then ``WEEKS`` weekly inspections, each capture under a camera's nuisances (``stimuli.camera
.capture``: light level +-15 %, a white-balance tint of a few %, a sub-pixel shift, sensor
noise, JPEG). Stable sequences have nothing else. Light-only ones (``LIGHT_ONLY_PER_OBJECT``
per object) change nothing but the light: the camera does not move and keeps its noise
(``LIGHT_ONLY_NOISE``) and JPEG quality (``LIGHT_ONLY_QUALITY``), so that any change they report
is the light's. Aging ones (``stimuli.aging.AGING``) apply one edit to the object only, from an
onset week on, growing linearly to ``FINAL_LEVEL`` JNDs at the last week. Each capture goes
through the real ``inspection.Inspector`` with a history database, as ``subtle-diff inspect``
runs it.

The region of each object is its mask's box grown by a quarter. Photos whose surroundings (as the
inspection sees them) have too few pixels well exposed under every light of the benchmark to
judge the light by (COIL-100's black cloth, objects that fill the frame) get a grey card pasted
in the corner farthest from the object, declared as the asset's patch, as an inspection station
would have one (on top of the object where a small photo has no room for it: no edit reaches
it). Commissioning captures are taken until ``COMMISSIONING`` (or the number asked for) are
valid.
"""

from dataclasses import dataclass
from datetime import timedelta
import os
import tempfile
from typing import Dict, List, Optional

import numpy as np

from .photos import find_photos, load_photo, Photo
from ..inspection.history import History
from ..inspection.inspector import Inspector
from ..inspection.plan import Asset, Region
from ..inspection.times import parse_time
from ..stimuli import apply_edit
from ..stimuli.aging import AGING, AgingSchedule
from ..stimuli.camera import capture
from ..stimuli.kinds import EDITS_BY_NAME
from ..vision.light import static_surroundings, WELL_EXPOSED

WEEKS = 14
COMMISSIONING = 3
FINAL_LEVEL = 5.0
ONSET_WEEKS = (3, 7)
STABLE_PER_OBJECT = 2
LIGHT_ONLY_PER_OBJECT = 1
LIGHT_ONLY_NOISE = 2.0
LIGHT_ONLY_QUALITY = 90
START = parse_time('2026-01-05T09:00:00Z')
# Well-exposed surrounding pixels below which a grey card is added (see the module docstring).
MIN_SURROUNDING_PIXELS = 2000


@dataclass(frozen=True)
class SequenceSpec:
    """One sequence: which photo, how it ages, the seed of its nuisances, its commissioning."""

    sequence_id: str
    photo: Photo
    schedule: AgingSchedule
    seed: int
    commissioning: int = COMMISSIONING


def sequence_specs(root: str, seed: int, objects: Optional[int] = None,
                   commissioning: int = COMMISSIONING) -> List[SequenceSpec]:
    """
    Return every sequence of the benchmark for the photos under ``root`` (seeded).

    ``commissioning``: the valid commissioning captures of each sequence (its asset's
    ``commissioning_captures``); the draws of the sequences do not depend on it.
    """
    rng = np.random.default_rng(seed)
    groups: Dict[str, List[Photo]] = {}
    for photo in sorted(find_photos(root), key=lambda p: (p.object_id, p.view, p.path)):
        groups.setdefault(photo.object_id, []).append(photo)
    names = sorted(groups)
    if objects is not None:
        names = [names[i] for i in sorted(rng.choice(len(names), min(objects, len(names)),
                                                     replace=False))]
    specs = []
    for name in names:
        photo = groups[name][int(rng.integers(len(groups[name])))]
        schedules = [AgingSchedule('stable')] * STABLE_PER_OBJECT
        for kind in AGING:
            onset = int(rng.integers(ONSET_WEEKS[0], ONSET_WEEKS[1] + 1))
            schedules.append(AgingSchedule(kind, onset, FINAL_LEVEL / (WEEKS - onset)))
        for number, schedule in enumerate(schedules):
            specs.append(SequenceSpec(f'{name}:{schedule.kind}:{number}', photo, schedule,
                                      int(rng.integers(2 ** 31)), commissioning))
    # Light-only sequences draw from their own generator, so that adding them left the other
    # sequences as they were.
    light_rng = np.random.default_rng([seed, 1])
    for spec in [s for s in specs if s.sequence_id.endswith(':stable:0')]:
        name = spec.sequence_id[:-len(':stable:0')]
        for number in range(LIGHT_ONLY_PER_OBJECT):
            specs.append(SequenceSpec(f'{name}:light_only:{number}', spec.photo,
                                      AgingSchedule('light_only'),
                                      int(light_rng.integers(2 ** 31)), commissioning))
    return specs


def _grown_box(mask: np.ndarray, fraction: float = 0.25):
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    gx = fraction * (xs.max() - xs.min() + 1)
    gy = fraction * (ys.max() - ys.min() + 1)
    left, top = max(0.0, xs.min() - gx), max(0.0, ys.min() - gy)
    right, bottom = min(float(w), xs.max() + 1 + gx), min(float(h), ys.max() + 1 + gy)
    return left, top, right - left, bottom - top


def _with_card(image: np.ndarray, box) -> tuple:
    """Return (image with a grey card in the corner farthest from ``box``, patch box, card)."""
    h, w = image.shape[:2]
    side = max(20, int(0.18 * min(h, w)))
    centre = np.array([box[0] + box[2] / 2, box[1] + box[3] / 2])
    corners = [(2, 2), (w - side - 2, 2), (2, h - side - 2), (w - side - 2, h - side - 2)]
    x, y = max(corners, key=lambda c: np.hypot(*(np.array(c) + side / 2 - centre)))
    card = image.copy()
    card[y:y + side, x:x + side] = (150, 150, 146)
    pasted = np.zeros((h, w), bool)
    pasted[y:y + side, x:x + side] = True
    return card, (float(x + 2), float(y + 2), float(side - 4), float(side - 4)), pasted


def prepare(spec: SequenceSpec):
    """Return (base image, alpha, mask, Asset) of a sequence's photo."""
    image, alpha = load_photo(spec.photo)
    mask = alpha >= 0.5
    box = _grown_box(mask)
    region = Region('box', tuple(round(v, 1) for v in box))
    static = static_surroundings(region.mask(image.shape), np.ones(mask.shape, bool))
    # Well exposed under every light of the benchmark (+-15 %), with a margin.
    low, high = WELL_EXPOSED[0] * 1.5, WELL_EXPOSED[1] * 0.85
    exposed = static & (image.min(axis=2) >= low) & (image.max(axis=2) <= high)
    patch = None
    if exposed.sum() < MIN_SURROUNDING_PIXELS:
        image, card, pasted = _with_card(image, box)
        patch = Region('box', card)
        # The card lies on top of the object where they overlap (small photos): that part of
        # the object is hidden, and no edit of the object may reach the card.
        alpha = np.where(pasted, 0.0, alpha).astype(alpha.dtype)
        mask = mask & ~pasted
    name = spec.sequence_id.replace('/', '_').replace(':', '_')
    return image, alpha, mask, Asset(name[-64:], object_name=spec.photo.noun, region=region,
                                     patch=patch, commissioning_captures=spec.commissioning)


def run_sequence(spec: SequenceSpec, history: History) -> Optional[List[dict]]:
    """Run one sequence through the Inspector; return its records (None: edit unreachable)."""
    base, alpha, mask, asset = prepare(spec)
    schedule = spec.schedule
    frames = []
    for week in range(WEEKS + 1):
        level = schedule.level(week)
        image = base
        if level > 0:
            kind = EDITS_BY_NAME[schedule.edit]
            made = apply_edit(kind, base, alpha, mask, level * kind.jnd,
                              np.random.default_rng(spec.seed))
            if made is None:
                return None
            image = made[0]
        frames.append((week, level, image))
    rng = np.random.default_rng(spec.seed + 1)
    inspector = Inspector(history, {asset.name: asset})
    inspector.commission(asset, base, spec.photo.path)
    records, ids = [], []
    # Commissioning captures are taken until enough are valid (at most twice as many tries),
    # all in the week before the first inspection.
    step = min(0.05, 0.9 / (2 * spec.commissioning))
    captures = [(-1.0 + step * i, 0.0, base, True) for i in range(2 * spec.commissioning)]
    captures += [(float(w), level, image, False) for w, level, image in frames if w > 0]
    valid_commissioning = 0
    for week, level, image, commissioning in captures:
        if commissioning and valid_commissioning >= spec.commissioning:
            continue
        when = START + timedelta(weeks=week)
        if schedule.kind == 'light_only':
            frame = capture(image, rng, max_shift=0.0, noise_sigma=LIGHT_ONLY_NOISE,
                            jpeg_quality=LIGHT_ONLY_QUALITY)
        else:
            frame = capture(image, rng)
        result = inspector.inspect(asset.name, frame, when, commissioning)
        valid_commissioning += int(commissioning and result.valid)
        ids.append(result.id)
        records.append({'sequence': spec.sequence_id, 'object': spec.photo.object_id,
                        'kind': schedule.kind, 'axis': schedule.axis,
                        'direction': schedule.direction, 'week': week, 'level': round(level, 3),
                        'commissioning': commissioning, 'valid': result.valid,
                        'reason': result.reason, 'changed': result.changed,
                        'time_s': when.timestamp(), 'patch': asset.patch is not None,
                        'checks': result.checks})
    stored = {i.id: i for i in history.inspections(asset.name)}
    for inspection_id, record in zip(ids, records):
        record['readings'] = {a: [r.delta, r.jnd, r.toward, r.light_sigma, r.outline_sigma]
                              for a, r in stored[inspection_id].readings.items()}
    return records


def run_specs(specs: List[SequenceSpec], progress=None) -> tuple:
    """Run sequences in a fresh history; return (records, skipped sequence ids)."""
    records, skipped = [], []
    with tempfile.TemporaryDirectory() as folder:
        with History(os.path.join(folder, 'bench.db')) as history:
            for spec in specs:
                found = run_sequence(spec, history)
                if found is None:
                    skipped.append(spec.sequence_id)
                else:
                    records.extend(found)
                if progress:
                    progress()
    return records, skipped

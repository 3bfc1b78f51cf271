# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The demo's second part: an inspection robot checks the coffee cup every week for months.

The cup (scikit-image's coffee photo) is commissioned with three captures, then inspected once a
simulated week under a light that is never the same twice (level +-15 %, a tint of a few %, a
sub-pixel shift of the camera, sensor noise, JPEG). From week 5 on it slowly yellows (0.5 JND a
week). Every inspection goes through the same code as ``subtle-diff inspect`` (alignment, light
normalisation, measurement, the history database, trends); the weekly status and sentence are
printed and the report page is written to the output folder. Exit status 0 when no change was
reported before the yellowing began and the cup ends up reported warmer.
"""

import argparse
from datetime import timedelta
import os
import sys

import numpy as np

from ..inspection.history import History
from ..inspection.inspector import Inspector
from ..inspection.plan import Asset, Region
from ..inspection.report import write_report
from ..inspection.times import parse_time
from ..stimuli import edit_object
from ..stimuli.aging import AgingSchedule
from ..stimuli.camera import capture, light_change, random_light

START = parse_time('2026-01-05T09:00:00Z')
WEEKS = 12
# The cup, its saucer and a little table, in the 600x400 photo's pixels.
CUP_BOX = (60, 0, 440, 398)
YELLOWING = AgingSchedule('yellows', onset_week=4, rate=0.5)


def _photo() -> np.ndarray:
    import skimage.data
    return np.ascontiguousarray(skimage.data.coffee())


def run(output_dir: str, seed: int = 0) -> int:
    """Run the weekly inspections, print them and write the report; return the exit status."""
    os.makedirs(output_dir, exist_ok=True)
    database = os.path.join(output_dir, 'inspections.db')
    for leftover in (database, database + '-wal', database + '-shm'):
        if os.path.exists(leftover):
            os.unlink(leftover)
    photo = _photo()
    rng = np.random.default_rng(seed)
    asset = Asset('coffee_cup', object_name='cup', region=Region('box', CUP_BOX),
                  period_s=7 * 86400.0)
    print('\nAn inspection robot checks the coffee cup once a week (simulated weeks, changing '
          'light; from week 5 on the cup slowly yellows).')
    early_alarms, statuses = 0, []
    with History(database) as history:
        inspector = Inspector(history, {asset.name: asset})
        inspector.commission(asset, photo, 'skimage:coffee')
        for number in range(3):
            inspector.inspect(asset.name, capture(photo, rng), START + timedelta(hours=number),
                              commissioning=True)
        print('  commissioning: reference and 3 captures recorded (they set the noise floor)')
        for week in range(1, WEEKS + 1):
            level = YELLOWING.level(week)
            light = random_light(np.random.default_rng([seed, week]))
            image = edit_object(photo, YELLOWING.edit, level) if level > 0 else photo
            when = START + timedelta(weeks=week)
            frame = capture(light_change(image, *light), rng, light=False)
            result = inspector.inspect(asset.name, frame, when)
            report = inspector.report(asset.name, when)
            statuses.append(report['status'])
            early_alarms += int(level == 0 and result.changed)
            print(f'  week {week:2d} ({when.date()}, light {light[0]:.2f}x, aging '
                  f'{level:.1f} JND): {report["status"].upper():5s} {result.sentence}')
        final = inspector.report(asset.name, when)
        path = write_report(inspector, [asset.name],
                            os.path.join(output_dir, 'inspection_report.html'), when)
    warmer = any(a['axis'] == 'warmth' and a['direction'] > 0 for a in final['axes'])
    print(f'  report: {final["sentence"]}\n  Report page: {path}')
    ok = early_alarms == 0 and warmer
    if not ok:
        print(f'  unexpected: {early_alarms} change(s) reported before the yellowing began'
              if early_alarms else '  unexpected: the yellowing was not reported as warmer')
    return 0 if ok else 1


def main(argv=None):
    """Run the inspection part of the demo alone."""
    parser = argparse.ArgumentParser(prog='demo_inspection', description=__doc__.split('\n\n')[0])
    parser.add_argument('--output-dir', default=os.path.join('output', 'demo'))
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    return run(os.path.abspath(args.output_dir), args.seed)


if __name__ == '__main__':
    sys.exit(main())

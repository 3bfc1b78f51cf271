# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The report page: self-contained HTML, and what a real browser (headless Chromium) shows."""

from datetime import timedelta
import re
import shutil
import subprocess

import cv2
from inspection_scenes import capture_of, coffee, commissioned, cup_asset, START
import numpy as np
import pytest

from subtle_diff_ros.inspection.history import History
from subtle_diff_ros.inspection.report import STATUS_COLOURS, write_report

WIDTH, HEIGHT = 1200, 2200
BROWSER = shutil.which('chromium') or shutil.which('chromium-browser')


@pytest.fixture(scope='module')
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp('report')
    reference = coffee()
    with History(str(folder / 'history.db')) as history:
        inspector = commissioned(history, cup_asset(), reference,
                                 [capture_of(reference, number, level)
                                  for number, level in enumerate((1.0, 0.9, 1.1))])
        for week, darker in enumerate((0, 0, 1.0, 2.0, 3.0), start=1):
            inspector.inspect('cup', capture_of(reference, 10 + week, 0.95 + 0.02 * week,
                                                edit='darker' if darker else None,
                                                edit_level=darker),
                              START + timedelta(weeks=week))
        at = START + timedelta(weeks=5, days=1)
        report = inspector.report('cup', at)
        path = write_report(inspector, ['cup'], str(folder / 'report.html'), at)
    return path, report


def test_the_page_is_one_self_contained_file(page):
    path, report = page
    text = open(path, encoding='utf-8').read()
    assert report['status'] == 'warn'
    assert text.count('<img src="data:image/png;base64,') == 3  # reference, first, latest
    assert text.count('<svg') == len(cup_asset().watch)  # one trend plot per watched axis
    assert report['sentence'] in text.replace('&#x27;', "'")
    assert not re.search(r'(src|href)="(?!data:)', text), 'the page links to another file'


@pytest.mark.skipif(BROWSER is None, reason='no chromium on this machine: scripts/setup.sh '
                    'installs it when run as root (apt-get install chromium)')
def test_a_browser_shows_the_status_the_pictures_and_the_plots(page, tmp_path):
    path, _ = page
    shot = tmp_path / 'page.png'
    subprocess.run(
        [BROWSER, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
         '--no-first-run', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', f'--user-data-dir={tmp_path / "profile"}', f'--screenshot={shot}',
         f'--window-size={WIDTH},{HEIGHT}', f'file://{path}'],
        check=True, timeout=120, capture_output=True)
    image = cv2.cvtColor(cv2.imread(str(shot)), cv2.COLOR_BGR2RGB)
    assert image.shape == (HEIGHT, WIDTH, 3)
    assert image.std() > 20, 'the page is blank'
    # The WARN badge is drawn in its colour.
    badge = np.array([int(STATUS_COLOURS['warn'][i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(image.astype(int) - badge).sum(axis=2) < 30).sum() > 200
    # The photo strip: three pictures of the cup side by side, each full of colour.
    warm = (image[:, :, 0].astype(int) - image[:, :, 2]) > 60  # the cup's brown and red
    rows = np.flatnonzero(warm.sum(axis=1) > 0.45 * WIDTH)
    assert rows.size > 100, 'no row crosses three photos'
    columns = warm[rows].any(axis=0)
    runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], columns, [0]]))))[::2]
    assert (runs > 150).sum() == 3, runs
    # The plots below the photos: their (thin, dashed, red) limit lines and blue points.
    below = image[rows.max():].astype(int)
    red = (below[:, :, 0] - below[:, :, 1] > 60) & (below[:, :, 0] - below[:, :, 2] > 60)
    blue = (below[:, :, 2] - below[:, :, 0] > 80)
    assert red.sum() > 1000 and blue.sum() > 500, (red.sum(), blue.sum())

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for object masks and per-axis measurements, on drawn shapes and real photos."""

import glob
import os

import cv2
import numpy as np
from paths import OBJECTS, REPO_ROOT
import pytest
from skimage.color import deltaE_ciede2000

from subtle_diff_ros.backends.analytic.measure import compare, measure_object
from subtle_diff_ros.backends.analytic.thresholds import COLOR_DIFFERENCE, REGISTERED_THRESHOLDS
from subtle_diff_ros.core.axes import AXES, PART_AXES
from subtle_diff_ros.core.axes import hue_of_word
from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.vision.color import hue_lean
from subtle_diff_ros.vision.image_io import load_image, load_mask
from subtle_diff_ros.vision.measures import outline_circularity
from subtle_diff_ros.vision.pair import object_mask, prepare_images
from subtle_diff_ros.vision.segmentation import soft_coverage

REPO = REPO_ROOT
ETH80 = os.path.join(OBJECTS, 'eth80')
BACKGROUND = (200, 205, 210)


def canvas(background=BACKGROUND, size=(240, 320)):
    """Return a plain RGB canvas."""
    image = np.zeros(size + (3,), np.uint8)
    image[:] = background
    return image


def disk(colour=(180, 40, 40), radius=60, background=BACKGROUND):
    """Return a canvas with a filled disk in the middle."""
    image = canvas(background)
    cv2.circle(image, (160, 120), radius, colour, -1, lineType=cv2.LINE_AA)
    return image


def measure_pair(image_1, image_2, axis, masks=None):
    """Return the AxisMeasurement of ``axis`` for two images."""
    first, second = [measure_object(v) for v in prepare_images([image_1, image_2], masks)]
    return compare(axis, first, second)


def test_automatic_mask_finds_a_drawn_object():
    """On a plain background the automatic mask is the drawn disk."""
    image = disk()
    truth = np.zeros(image.shape[:2], np.uint8)
    cv2.circle(truth, (160, 120), 60, 1, -1)
    mask = object_mask(image)
    assert mask.shape == image.shape[:2]
    iou = (mask & (truth > 0)).sum() / (mask | (truth > 0)).sum()
    assert iou > 0.9


def test_automatic_mask_on_black_background_touching_the_frame():
    """A white object on black that touches the left and right edges is still found whole."""
    image = canvas((15, 15, 15), (128, 128))
    cv2.rectangle(image, (0, 30), (127, 100), (235, 235, 230), -1)
    cv2.rectangle(image, (0, 60), (127, 70), (200, 30, 30), -1)
    mask = object_mask(image)
    assert mask[35:95, 10:118].mean() > 0.9
    assert mask[:20].mean() < 0.05 and mask[110:].mean() < 0.05


def test_automatic_mask_of_an_object_filling_the_frame_corners_included():
    """COIL-100 white piggy bank filling the frame to a corner: found whole, not just its print."""
    path = os.path.join(os.path.dirname(ETH80), 'coil100', 'obj48__0.png')
    if not os.path.exists(path):
        pytest.skip('COIL-100 photos are not in ../shared/data')
    image = load_image(path)
    mask = object_mask(image)
    assert mask.mean() > 0.4
    # The pig's back (white, top left of centre) is object; the black cloth's corner is not.
    assert mask[45:60, 30:60].mean() > 0.9
    assert mask[:10, -10:].mean() < 0.1


def _antialiased_disc(centre_x, radius=30.0, size=96):
    """Return a dark disc on a light background, drawn with sub-pixel edges."""
    ys, xs = np.mgrid[0:size, 0:size] + 0.5
    inside = np.clip(radius + 0.5 - np.hypot(xs - centre_x, ys - size / 2), 0.0, 1.0)
    image = 220.0 - inside[..., None] * np.array([180.0, 150.0, 120.0])
    return image.astype(np.uint8), inside > 0.5


def test_soft_coverage_keeps_circularity_steady_under_sub_pixel_shifts():
    """An automatic mask's outline moves with the object, not with the pixel staircase."""
    soft, hard = [], []
    for shift in np.linspace(0.0, 1.0, 5):
        image, mask = _antialiased_disc(48.0 + shift)
        soft.append(outline_circularity(soft_coverage(image, mask)))
        hard.append(outline_circularity(mask))
    assert min(soft) > 0.97
    assert np.ptp(soft) < np.ptp(hard) and np.ptp(soft) < 0.005


def test_outline_circularity_is_the_silhouettes():
    """A disc is round, a square is pi/4 round, and a hole in the disc changes nothing."""
    disc = np.zeros((120, 120), np.uint8)
    cv2.circle(disc, (60, 60), 45, 1, -1)
    square = np.zeros((120, 120), np.uint8)
    square[20:100, 20:100] = 1
    holed = disc.copy()
    cv2.circle(holed, (60, 60), 12, 0, -1)
    assert outline_circularity(disc) > 0.97
    assert outline_circularity(square) == pytest.approx(np.pi / 4, abs=0.03)
    assert outline_circularity(holed) == pytest.approx(outline_circularity(disc), abs=1e-6)


def test_coffee_cup_mask_covers_the_cup_not_the_table():
    """On skimage's coffee photo the mask holds the cup's coffee and saucer, not the table."""
    data = pytest.importorskip('skimage.data')
    try:
        image = data.coffee()
    except Exception as exc:  # the image ships with scikit-image; skip if a build lacks it
        pytest.skip(f'skimage.data.coffee() unavailable: {exc}')
    mask = object_mask(image)
    h, w = mask.shape
    assert mask[int(0.35 * h):int(0.5 * h), int(0.4 * w):int(0.55 * w)].mean() > 0.85
    assert 0.15 < mask.mean() < 0.7
    corners = (mask[:h // 10, :w // 10], mask[:h // 10, -w // 10:], mask[-h // 10:, -w // 10:])
    for corner in corners:
        assert corner.mean() < 0.1


def test_given_mask_must_match_and_mark_something():
    """A mask of the wrong size or with no object pixel is rejected with a clear error."""
    image = disk()
    with pytest.raises(InvalidImageError, match='no object pixel'):
        prepare_images([image], [np.zeros(image.shape[:2], bool)])
    with pytest.raises(InvalidImageError, match='but its image is'):
        prepare_images([image], [np.ones((10, 10), bool)])


def test_darker_object_measures_darker_and_passes_threshold():
    """A 15% darker object has lower L*, noticeably; identical images notice nothing."""
    image = disk()
    darker = image.copy()
    inside = np.any(image != BACKGROUND, axis=2)
    darker[inside] = (darker[inside] * 0.85).astype(np.uint8)
    m = measure_pair(darker, image, 'brightness')
    assert m.difference < 0 and m.noticeable and m.unit == 'L*'
    first, second = [measure_object(v) for v in prepare_images([image, image.copy()])]
    for axis in [a for a in AXES if a not in PART_AXES] + [COLOR_DIFFERENCE]:
        assert not compare(axis, first, second).noticeable, axis


def test_saturation_hue_and_warmth():
    """Paler is less saturated; red leans red against orange; orange is warmer than blue."""
    vivid, pale = disk((200, 40, 40)), disk((160, 110, 110))
    assert measure_pair(pale, vivid, 'saturation').difference < -2.5
    red, orange = disk((210, 30, 40)), disk((230, 120, 20))
    hue = measure_pair(red, orange, 'hue')
    assert hue.noticeable
    assert hue_lean(hue.value_1, hue.value_2) == 'red'
    assert hue_lean(hue.value_2, hue.value_1) in ('orange', 'yellow')
    # a red turned a little toward orange leans orange; the unturned one, nearer red, leans red
    assert (hue_lean(44.0, 32.0), hue_lean(32.0, 44.0)) == ('orange', 'red')
    blue = disk((40, 60, 200))
    warmth = measure_pair(orange, blue, 'warmth')
    assert warmth.difference > 0 and warmth.noticeable


def test_colour_difference_is_ciede2000_of_the_mean_colours():
    """The extra colour measurement agrees with skimage's CIEDE2000 of the mean colours."""
    red, orange = disk((210, 30, 40)), disk((230, 120, 20))
    views = prepare_images([red, orange])
    first, second = [measure_object(v) for v in views]
    m = compare(COLOR_DIFFERENCE, first, second)
    expected = deltaE_ciede2000(first.mean_lab.astype(float), second.mean_lab.astype(float))
    assert m.difference == pytest.approx(float(expected), rel=1e-6)
    assert m.noticeable


def test_shape_axes_on_drawn_shapes():
    """A disk is rounder, more curved and blunter than a square; a wider ellipse is wider."""
    circle = disk()
    square = canvas()
    cv2.rectangle(square, (107, 67), (213, 173), (180, 40, 40), -1)
    assert measure_pair(circle, square, 'roundness').difference > 0.1
    assert measure_pair(circle, square, 'curvature').difference > 0.15
    assert measure_pair(square, circle, 'sharpness').difference > 15
    narrow, wide = canvas(), canvas()
    cv2.ellipse(narrow, (160, 120), (50, 70), 0, 0, 360, (40, 120, 40), -1)
    cv2.ellipse(wide, (160, 120), (60, 70), 0, 0, 360, (40, 120, 40), -1)
    width = measure_pair(wide, narrow, 'width')
    assert width.noticeable and width.difference == pytest.approx(np.log(121 / 101), abs=0.05)
    assert abs(measure_pair(wide, narrow, 'height').difference) < 0.05
    assert measure_pair(wide, narrow, 'size').difference > 0.08
    assert measure_pair(wide, narrow, 'thickness').difference > 0
    thin, thick = canvas(), canvas()
    cv2.rectangle(thin, (60, 110), (260, 125), (40, 40, 160), -1)
    cv2.rectangle(thick, (60, 105), (260, 135), (40, 40, 160), -1)
    assert measure_pair(thick, thin, 'thickness').difference > 0.3


def test_glossy_highlights_and_rough_texture():
    """White highlight spots raise glossiness; grain raises roughness, not glossiness."""
    matte = disk((150, 40, 40))
    glossy = matte.copy()
    for cx, cy in ((140, 100), (180, 130)):
        cv2.circle(glossy, (cx, cy), 7, (250, 250, 250), -1, lineType=cv2.LINE_AA)
    gloss = measure_pair(glossy, matte, 'glossiness')
    assert gloss.difference > 0 and gloss.noticeable
    rng = np.random.default_rng(1)
    inside = np.any(matte != BACKGROUND, axis=2)
    rough = matte.astype(np.float64)
    rough[inside] += rng.normal(0, 12, (inside.sum(), 1))
    rough = np.clip(rough, 0, 255).astype(np.uint8)
    roughness = measure_pair(rough, matte, 'roughness')
    assert roughness.difference > 0 and roughness.noticeable
    assert not measure_pair(rough, matte, 'glossiness').noticeable


def test_hue_names():
    """Colour words map to hue names."""
    assert hue_of_word('Reddish') == 'red'
    assert hue_of_word('blueish') == 'blue'
    assert hue_of_word('plaid') is None


def _eth_items(limit=None):
    """Return (image, mask) pairs of ETH-80 photos, or skip when the data is absent."""
    paths = sorted(glob.glob(os.path.join(ETH80, '*', '*', '*.png')))
    if not paths:
        pytest.skip(f'ETH-80 photos not found under {ETH80}')
    items = []
    for path in paths[:limit]:
        folder, name = os.path.split(path)
        image = load_image(path)
        items.append((path, image,
                      load_mask(os.path.join(folder, 'masks', name[:-4] + '-map.png'),
                                image.shape)))
    return items


def test_automatic_masks_match_eth80_masks():
    """On ETH-80 photos the automatic mask mostly agrees with the dataset's masks."""
    ious = []
    for _, image, truth in _eth_items()[::4]:
        mask = object_mask(image)
        ious.append((mask & truth).sum() / (mask | truth).sum())
    assert np.median(ious) > 0.9
    assert np.mean(np.array(ious) > 0.8) > 0.8


def test_darkened_eth80_object_is_measured_darker():
    """Every ETH-80 object darkened by 15% (inside its mask) is noticeably darker."""
    for path, image, mask in _eth_items()[::6]:
        darker = image.copy()
        darker[mask] = (darker[mask] * 0.85).astype(np.uint8)
        m = measure_pair(darker, image, 'brightness', [mask, mask])
        assert m.difference < 0 and m.noticeable, path


def test_pair_masks_agree_where_the_images_agree():
    """
    Two frames of one scene get one mask where they agree; it moves only where they differ.

    Identical frames get identical automatic masks; a copy with the object's right side pushed
    out by 12 pixels grows on the right and keeps the left outline within a pixel (the outline
    is carried by the object's fitted motion, a stretch about its left side).
    """
    image = disk((60, 110, 170))
    rng = np.random.default_rng(0)
    image = np.clip(image + rng.normal(0, 2.0, image.shape), 0, 255).astype(np.uint8)
    first, second = prepare_images([image, image.copy()])
    assert first.mask.any() and np.array_equal(first.mask, second.mask)
    assert first.mask_carried and second.mask_carried
    # Carried masks are compared with the registered pair's shape thresholds.
    roundness = compare('roundness', measure_object(first), measure_object(second))
    assert roundness.threshold == REGISTERED_THRESHOLDS['roundness']
    # Another scene is masked on its own.
    other = canvas()
    cv2.rectangle(other, (40, 150), (120, 220), (30, 160, 40), -1)
    alone = prepare_images([image, other])
    assert not any(view.mask_carried for view in alone)
    wider = image.copy()
    cv2.ellipse(wider, (160, 120), (72, 60), 0, -90, 90, (60, 110, 170), -1)
    first, second = prepare_images([wider, image])
    left = slice(0, first.mask.shape[1] // 2)
    ring = np.ones((3, 3), np.uint8)
    outline = (cv2.dilate(second.mask.astype(np.uint8), ring)
               > cv2.erode(second.mask.astype(np.uint8), ring))
    moved = first.mask[:, left] ^ second.mask[:, left]
    assert not (moved & ~outline[:, left]).any()
    assert first.mask.sum() > second.mask.sum()


def test_darkening_is_not_desaturation():
    """
    Darker RGB (chroma falls with L*) or darker L* (chroma kept) reads as darker, not paler.

    Chroma scaled at a fixed L* (the benchmark's saturation edit) still is less saturated.
    """
    image = disk((200, 60, 40))
    inside = np.any(image != BACKGROUND, axis=2)
    rgb_darker = image.copy()
    rgb_darker[inside] = (rgb_darker[inside] * 0.8).astype(np.uint8)
    lab = cv2.cvtColor(image.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    l_darker, paler = lab.copy(), lab.copy()
    l_darker[inside, 0] *= 0.85
    paler[inside, 1:] *= 0.85

    def rgb(lab_image):
        out = cv2.cvtColor(lab_image, cv2.COLOR_Lab2RGB)
        return np.clip(out * 255.0 + 0.5, 0, 255).astype(np.uint8)

    masks = [inside, inside]
    for darker in (rgb_darker, rgb(l_darker)):
        brightness = measure_pair(darker, image, 'brightness', masks)
        saturation = measure_pair(darker, image, 'saturation', masks)
        assert brightness.noticeable
        # sRGB scaling is not quite a scaling of light, so a little chroma change is left.
        assert abs(saturation.difference) <= 0.25 * abs(saturation.value_1 - saturation.value_2)
        assert (abs(saturation.difference) / saturation.threshold
                < abs(brightness.difference) / brightness.threshold)
    assert not measure_pair(rgb(l_darker), image, 'saturation', masks).noticeable
    less = measure_pair(rgb(paler), image, 'saturation', masks)
    assert less.noticeable and less.difference < 0

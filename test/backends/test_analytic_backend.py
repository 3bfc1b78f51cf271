# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Tests for the measurement backend: selection and description without model weights."""

import glob
import os

import cv2
import numpy as np
from paths import OBJECTS, REPO_ROOT
import pytest

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.backends.analytic.thresholds import REGISTERED_THRESHOLDS
from subtle_diff_ros.backends.base import create_backend
from subtle_diff_ros.core.errors import InvalidImageError, SubtleDiffError
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from subtle_diff_ros.core.wording import no_difference_sentence
from subtle_diff_ros.stimuli import edit_object
from subtle_diff_ros.vision.image_io import load_image, load_mask

REPO = REPO_ROOT
ETH80 = os.path.join(OBJECTS, 'eth80')
BACKGROUND = (200, 205, 210)


def disk(colour=(180, 40, 40), radius=60):
    """Return a plain canvas with a filled disk."""
    image = np.zeros((240, 320, 3), np.uint8)
    image[:] = BACKGROUND
    cv2.circle(image, (160, 120), radius, colour, -1, lineType=cv2.LINE_AA)
    return image


def query(axis, direction, subject, attribute='color', hue=None):
    """Return a DifferenceQuery about a cup."""
    return DifferenceQuery(attribute=attribute, axis=axis, direction=direction, subject=subject,
                           object='cup', part=None, positive_text='', negative_text='', hue=hue)


def test_less_of_a_named_colour_is_the_other_one():
    """The less red cup is the blue one; image 2 less blue than image 1 makes the red one 2."""
    backend = AnalyticBackend()
    red, blue = disk((200, 40, 40)), disk((40, 60, 200))
    for candidates, answer in (([red, blue], 1), ([blue, red], 0)):
        assert backend.select(candidates, query('hue', -1, ASKED, hue='red')).choice == answer
        assert backend.select(candidates, query('hue', 1, ASKED, hue='red')).choice == 1 - answer
    # Image 2 less blue: the red disk is Image 2, so Image 1 (the answer) is the blue one.
    assert backend.select([red, blue], query('hue', -1, 2, hue='blue')).choice == 1
    grey, white = disk((90, 90, 90)), disk((250, 250, 250))
    assert backend.select([grey, white], query('hue', -1, ASKED, hue='white')).choice == 0


def darkened(image, mask=None, factor=0.85):
    """Return ``image`` with the object (or the non-background) darkened by ``factor``."""
    if mask is None:
        mask = np.any(image != BACKGROUND, axis=2)
    out = image.copy()
    out[mask] = (out[mask] * factor).astype(np.uint8)
    return out


def test_create_backend_builds_the_analytic_backend():
    """The backend factory knows 'analytic'."""
    backend = create_backend('analytic')
    assert isinstance(backend, AnalyticBackend) and backend.name == 'analytic'


def test_select_the_darker_cup_and_sentences_about_either_image():
    """'the darker cup' picks the darker image; sentences about Image 1 or 2 pick consistently."""
    backend = AnalyticBackend()
    light = disk()
    dark = darkened(light)
    result = backend.select([light, dark], query('brightness', -1, ASKED))
    assert result.choice == 1 and result.method == 'analytic'
    assert result.confidence > 0.5 and result.margin > 0
    # "Image 1 is darker": image 1 is the dark one; "Image 2 is brighter": the same answer.
    assert backend.select([dark, light], query('brightness', -1, 1)).choice == 0
    assert backend.select([dark, light], query('brightness', 1, 2)).choice == 0
    three = backend.select([light, dark, darkened(light, factor=0.7)],
                           query('brightness', -1, ASKED))
    assert three.choice == 2 and len(three.scores) == 3


def test_select_glossier_rounder_and_named_hue():
    """Glossiness, roundness and a named hue choose the right image."""
    backend = AnalyticBackend()
    matte = disk((150, 40, 40))
    glossy = matte.copy()
    cv2.circle(glossy, (140, 100), 8, (250, 250, 250), -1, lineType=cv2.LINE_AA)
    result = backend.select([matte, glossy], query('glossiness', 1, 1, 'texture'))
    assert result.choice == 1
    square = np.zeros_like(matte)
    square[:] = BACKGROUND
    cv2.rectangle(square, (107, 67), (213, 173), (150, 40, 40), -1)
    assert backend.select([square, matte], query('roundness', 1, ASKED, 'shape')).choice == 1
    red, blue = disk((210, 30, 40)), disk((40, 60, 200))
    assert backend.select([blue, red], query('hue', 1, ASKED, hue='red')).choice == 1
    assert backend.select([blue, red], query('hue', 1, ASKED, hue='bluish')).choice == 0
    with pytest.raises(SubtleDiffError, match='unknown hue'):
        backend.select([blue, red], query('hue', 1, ASKED, hue='plaid'))


def test_describe_says_how_image_1_differs():
    """Description names the striking axis with image 1's direction, and fills measurements."""
    backend = AnalyticBackend()
    light = disk()
    description = backend.describe(darkened(light), light, 'color', object_name='cup')
    assert description.sentence == 'The cup in Image 1 is darker than in Image 2.'
    assert not description.no_difference
    assert (description.axis, description.direction) == ('brightness', -1)
    assert {m.axis for m in description.measurements} == \
        {'brightness', 'saturation', 'hue', 'warmth', 'color_difference'}
    assert description.image_size == (320, 240)
    texture = backend.describe(light, light.copy(), 'texture', object_name='cup')
    assert texture.no_difference
    assert texture.sentence == no_difference_sentence('texture')
    assert {m.axis for m in texture.measurements} == {'roughness', 'glossiness'}
    red, orange = disk((210, 30, 40)), disk((230, 120, 20))
    hue = backend.describe(red, orange, 'color', object_name='apple')
    assert hue.axis in ('hue', 'warmth', 'brightness')
    if hue.axis == 'hue':
        assert hue.sentence == 'The apple in Image 1 is more reddish than in Image 2.'


def test_describe_shape_difference():
    """A wider ellipse is described as wider."""
    narrow, wide = np.zeros((240, 320, 3), np.uint8), np.zeros((240, 320, 3), np.uint8)
    narrow[:] = wide[:] = BACKGROUND
    cv2.ellipse(narrow, (160, 120), (40, 70), 0, 0, 360, (40, 120, 40), -1)
    cv2.ellipse(wide, (160, 120), (70, 70), 0, 0, 360, (40, 120, 40), -1)
    description = AnalyticBackend().describe(wide, narrow, 'shape')
    assert not description.no_difference
    assert description.direction == 1
    assert description.axis in ('width', 'size', 'roundness', 'thickness')


def test_bad_input_raises_subtle_diff_errors():
    """Unknown attributes, methods and empty masks raise SubtleDiffError subclasses."""
    backend = AnalyticBackend()
    image = disk()
    with pytest.raises(SubtleDiffError, match='unknown attribute'):
        backend.describe(image, image, 'smell')
    with pytest.raises(SubtleDiffError, match='no method'):
        backend.select([image, image], query('brightness', 1, 1), method='sd')
    with pytest.raises(SubtleDiffError):
        backend.select([image], query('brightness', 1, 1))
    with pytest.raises(InvalidImageError):
        backend.describe(image, image, 'color', masks=[np.zeros((240, 320), bool), None])
    with pytest.raises(InvalidImageError):
        backend.describe(np.zeros((0, 3, 3), np.uint8), image, 'color')


def _eth_objects():
    """Return {folder: {view: (image, mask)}} for ETH-80, or skip when the data is absent."""
    folders = sorted(glob.glob(os.path.join(ETH80, '*', '*')))
    if not folders:
        pytest.skip(f'ETH-80 photos not found under {ETH80}')
    objects = {}
    for folder in folders:
        views = {}
        for path in sorted(glob.glob(os.path.join(folder, '*.png'))):
            name = os.path.basename(path)[:-4]
            image = load_image(path)
            views[name[-7:]] = (image, load_mask(
                os.path.join(folder, 'masks', f'{name}-map.png'), image.shape))
        objects[folder] = views
    return objects


def test_darkened_eth80_cup_is_the_darker_cup():
    """Each ETH-80 cup darkened by 15% is chosen as 'the darker cup' and described darker."""
    backend = AnalyticBackend()
    cups = [v for k, v in _eth_objects().items() if os.sep + 'cup' + os.sep in k]
    for views in cups:
        image, mask = views['090-000']
        dark = darkened(image, mask)
        assert backend.select([image, dark], query('brightness', -1, ASKED)).choice == 1
        description = backend.describe(dark, image, 'color', object_name='cup')
        assert (description.axis, description.direction) == ('brightness', -1)


def camera_nuisance(image, mask, rng):
    """
    Return ``image`` and ``mask`` as another camera frame of the same view would show them.

    A shift of up to two pixels (sub-pixel, so the image is resampled), sensor noise of
    2.5 grey levels and JPEG at quality 85, as the edit benchmark's unedited controls.
    """
    h, w = mask.shape
    dx, dy = rng.uniform(-2.0, 2.0, size=2)
    move = np.float32([[1, 0, dx], [0, 1, dy]])
    image = cv2.warpAffine(image, move, (w, h), flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE)
    mask = cv2.warpAffine(mask.astype(np.uint8), move, (w, h), flags=cv2.INTER_NEAREST) > 0
    noisy = image.astype(np.float32) + rng.normal(0, 2.5, image.shape)
    image = np.clip(noisy + 0.5, 0, 255).astype(np.uint8)
    _, data = cv2.imencode('.jpg', image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return cv2.imdecode(data, cv2.IMREAD_COLOR), mask


def test_unedited_eth80_frames_report_no_difference():
    """
    The same ETH-80 view in another camera frame (shift, noise, JPEG) shows no difference.

    This is what a user relies on: an unchanged object watched by a camera is not described as
    changed, with the dataset's masks and with automatic ones. (Other views of an object really
    differ, in colour, silhouette and highlights, so no answer is prescribed for them.)
    """
    backend = AnalyticBackend()
    rng = np.random.default_rng(0)
    given, automatic = [], []
    for views in list(_eth_objects().values())[::2]:
        for view in ('090-000', '090-090'):
            image_1, mask_1 = views[view]
            image_2, mask_2 = camera_nuisance(image_1, mask_1, rng)
            for attribute in ('color', 'shape', 'texture'):
                given.append(backend.describe(image_1, image_2, attribute,
                                              masks=[mask_1, mask_2]).no_difference)
                automatic.append(backend.describe(image_1, image_2, attribute).no_difference)
    assert np.mean(given) >= 0.85
    assert np.mean(automatic) >= 0.85


@pytest.fixture(scope='module')
def coffee():
    """Return scikit-image's coffee photo at the demo's size (width 640), or skip."""
    data = pytest.importorskip('skimage.data')
    try:
        image = data.coffee()
    except Exception as exc:  # noqa: B902 (the photo ships with scikit-image; a build may lack it)
        pytest.skip(f'skimage.data.coffee() unavailable: {exc}')
    h, w = image.shape[:2]
    return cv2.resize(image, (640, round(h * 640 / w)), interpolation=cv2.INTER_AREA)


@pytest.mark.parametrize('edit, attribute, axis, direction', [
    ('darker', 'color', 'brightness', -1), ('glossier', 'texture', 'glossiness', 1),
    ('wider', 'shape', 'width', 1)])
def test_demo_coffee_edits_are_described(coffee, edit, attribute, axis, direction):
    """The demo's edited live frame (image 1) against the reference photo names the edit."""
    live = edit_object(coffee, edit, 2.0)
    description = AnalyticBackend().describe(live, coffee, attribute, object_name='cup')
    assert not description.no_difference, description.measurements
    assert (description.axis, description.direction) == (axis, direction)


def test_demo_coffee_unedited_frames_show_no_difference(coffee):
    """Two frames of the unedited coffee photo (identical pixels) show no difference at all."""
    backend = AnalyticBackend()
    for attribute in ('color', 'shape', 'texture'):
        description = backend.describe(coffee, coffee.copy(), attribute, object_name='cup')
        assert description.no_difference, description.measurements


def camera_frame(image, rng, dx=0.0, dy=0.0):
    """
    Return ``image`` as one frame of a fixed camera: moved by (dx, dy), noisy, JPEG-coded.

    The move is resampled sharply (Lanczos), as a camera shows a moved object; sensor noise of
    2.5 grey levels and JPEG at quality 85.
    """
    h, w = image.shape[:2]
    move = np.float32([[1, 0, dx], [0, 1, dy]])
    image = cv2.warpAffine(image, move, (w, h), flags=cv2.INTER_LANCZOS4,
                           borderMode=cv2.BORDER_REPLICATE)
    noisy = image.astype(np.float32) + rng.normal(0, 2.5, image.shape)
    image = np.clip(noisy + 0.5, 0, 255).astype(np.uint8)
    _, data = cv2.imencode('.jpg', image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def test_glossiness_of_a_moved_frame_is_measured_on_the_same_pixels():
    """
    Printed or patterned objects in two frames are not 'glossier'; a few highlights more are.

    COIL-100 objects whose bright print and rims stand above their surroundings like
    highlights, as a reference frame and a live frame with the object moved by up to two
    pixels. Each measured with its own automatic mask, such pairs differed by up to 1.4 L* of
    highlight strength (seven thresholds); registered, image 2 is measured on image 1's pixels.
    A two-JND glossier edit of the live frame (a few small white highlights; at one JND the
    edit-benchmark misses about a tenth) is found on all but at most one of them.
    """
    backend = AnalyticBackend()
    folder = os.path.join(os.path.dirname(ETH80), 'coil100')
    names = ['obj58', 'obj39', 'obj12', 'obj5', 'obj9', 'obj45', 'obj31', 'obj14']
    paths = [os.path.join(folder, f'{name}__0.png') for name in names]
    if not all(os.path.exists(path) for path in paths):
        pytest.skip(f'COIL-100 photos not found under {folder}')
    found = []
    for number, path in enumerate(paths):
        rng = np.random.default_rng(number)
        photo = load_image(path)
        reference = camera_frame(photo, rng)
        dx, dy = rng.uniform(-2.0, 2.0, size=2)
        live = camera_frame(photo, rng, dx, dy)
        same = backend.describe(live, reference, 'texture')
        gloss = next(m for m in same.measurements if m.axis == 'glossiness')
        assert same.no_difference, (path, same.measurements)
        assert gloss.threshold == REGISTERED_THRESHOLDS['glossiness']
        try:
            edited = edit_object(photo, 'glossier', 2.0, seed=number)
        except SubtleDiffError:
            continue  # no room for highlights of that strength on this photo
        glossier = backend.describe(camera_frame(edited, rng, dx, dy), reference, 'texture')
        found.append((glossier.axis, glossier.direction) == ('glossiness', 1))
    # Edits that find no room for highlights are skipped: with the issue 12 masks 6 of the 8
    # photos take one (5 before); at least 5 must, and all but one be found.
    assert len(found) >= 5 and sum(found) >= len(found) - 1, found


def striped_car(paint, stripe=(40, 60, 200), backdrop=(40, 50, 150), shift=0):
    """Return a 'car' of ``paint`` with a wide stripe of another colour on a coloured backdrop."""
    image = np.zeros((240, 320, 3), np.uint8)
    image[:] = backdrop
    cv2.rectangle(image, (60 + shift, 80), (250 + shift, 170), paint, -1)
    cv2.rectangle(image, (60 + shift, 120), (250 + shift, 150), stripe, -1)
    return image


def test_a_named_hue_is_the_objects_main_colour_not_the_mean_of_its_parts():
    """An orange car with a blue stripe on a blue backdrop is the more orange one, not yellow."""
    backend = AnalyticBackend()
    orange, yellow = striped_car((230, 120, 40)), striped_car((230, 210, 40), shift=-30)
    result = backend.select([yellow, orange], query('hue', 1, ASKED, hue='orange'))
    assert result.choice == 1
    assert backend.select([orange, yellow], query('hue', 1, ASKED, hue='yellow')).choice == 1


def test_two_colours_a_name_fits_almost_alike_are_not_told_apart_confidently():
    """Between objects measured apart, a lead of some degrees toward a name is no sure answer."""
    backend = AnalyticBackend()
    # CIELAB hues about 43 and 78 degrees: 14 and 21 degrees from the orange prototype (57),
    # two objects of other sizes on other backdrops; people call the reddish one the orange one
    # (a red-orange toy against a golden-yellow one, in three independent photo-pair sets).
    reddish = striped_car((240, 80, 40), stripe=(240, 80, 40), backdrop=(90, 90, 90))
    yellowish = disk((235, 165, 30), radius=70)
    result = backend.select([reddish, yellowish], query('hue', 1, ASKED, hue='orange'))
    assert result.choice == 0 and result.confidence < 0.9  # under the confidently-wrong line
    red = striped_car((210, 30, 40), stripe=(210, 30, 40), backdrop=(90, 90, 90))
    blue = disk((40, 60, 200), radius=70)
    assert backend.select([blue, red], query('hue', 1, ASKED, hue='red')).confidence > 0.95


def figure(body, bow=None, backdrop=(30, 30, 30), axes=(55, 95)):
    """Return a figure of ``body`` colour on a dark backdrop, with a small ``bow`` of another."""
    image = np.zeros((240, 320, 3), np.uint8)
    image[:] = backdrop
    cv2.ellipse(image, (160, 120), axes, 0, 0, 360, body, -1, lineType=cv2.LINE_AA)
    if bow is not None:  # about 6 % of the figure
        cv2.ellipse(image, (160, 95), (28, 10), 0, 0, 360, bow, -1, lineType=cv2.LINE_AA)
    return image


def test_a_figure_that_shows_the_named_hue_on_a_part_has_more_of_it():
    """A yellow cat with a blue bow is bluer than a white or an orange one; a blue one more."""
    backend = AnalyticBackend()
    with_bow = figure((235, 200, 30), bow=(30, 90, 220))
    # other figures, photographed apart (not one scene whose colour changed)
    for other in (figure((235, 232, 228), axes=(80, 70)), figure((230, 140, 90), axes=(40, 60))):
        for images, wanted in (([with_bow, other], 0), ([other, with_bow], 1)):
            result = backend.select(images, query('hue', 1, ASKED, hue='blue'))
            assert result.choice == wanted
            assert backend.select(images, query('hue', -1, ASKED, hue='blue')).choice != wanted
    blue = figure((40, 70, 210), axes=(80, 70))
    assert backend.select([with_bow, blue], query('hue', 1, ASKED, hue='blue')).choice == 1


def canvas():
    """Return a plain canvas of the backdrop colour."""
    image = np.zeros((240, 320, 3), np.uint8)
    image[:] = BACKGROUND
    return image


def test_objects_in_different_photos_compare_extents_for_their_size():
    """A tall narrow can photographed small is taller than a squat wide can photographed big."""
    backend = AnalyticBackend()
    tall, squat = canvas(), canvas()
    cv2.rectangle(tall, (140, 70), (180, 170), (180, 40, 40), -1)    # 40 x 100 pixels
    cv2.rectangle(squat, (60, 60), (260, 180), (180, 40, 40), -1)    # 200 x 120 pixels
    assert backend.select([squat, tall], query('height', 1, ASKED, 'shape')).choice == 1
    assert backend.select([tall, squat], query('height', -1, ASKED, 'shape')).choice == 1
    # Of two objects of one shape, the larger one in the frame is still the taller one.
    small, large = canvas(), canvas()
    cv2.rectangle(small, (140, 90), (180, 150), (180, 40, 40), -1)
    cv2.rectangle(large, (130, 60), (190, 180), (180, 40, 40), -1)
    assert backend.select([small, large], query('height', 1, ASKED, 'shape')).choice == 1


def test_a_long_smooth_outline_is_rounder_than_a_short_box():
    """Roundness of objects apart counts corners, not only elongation (circularity alone)."""
    backend = AnalyticBackend()
    smooth, box = canvas(), canvas()
    cv2.ellipse(smooth, (160, 120), (120, 40), 0, 0, 360, (180, 40, 40), -1,
                lineType=cv2.LINE_AA)
    cv2.rectangle(box, (110, 70), (210, 170), (180, 40, 40), -1)
    assert backend.select([box, smooth], query('roundness', 1, ASKED, 'shape')).choice == 1
    assert backend.select([smooth, box], query('roundness', -1, ASKED, 'shape')).choice == 1
    # Elongation still counts where the corners are alike: a disk is rounder than an ellipse.
    assert backend.select([smooth, disk()], query('roundness', 1, ASKED, 'shape')).choice == 1

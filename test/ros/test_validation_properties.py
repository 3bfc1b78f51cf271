# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Property-based tests at the validation boundary (hypothesis), beside the random fuzz test.

Generated images, messages, names and requests near every limit the server checks: each is
either served or refused with a message that names what is wrong, never an internal error.
"""

import io

from hypothesis import given, HealthCheck, settings, strategies as st
from node_harness import DifferenceClient, NodeProcess
import numpy as np
from PIL import Image as PilImage
import pytest
from sensor_msgs.msg import CompressedImage, Image
from subtle_diff_ros.core.errors import InvalidImageError, SubtleDiffError
from subtle_diff_ros.msg import ImageSource
from subtle_diff_ros.ros.conversions import compressed_msg_to_rgb, ENCODINGS, image_msg_to_rgb
from subtle_diff_ros.service.reference_store import (InvalidReferenceNameError, NAME_PATTERN,
                                                     ReferenceStore)
from subtle_diff_ros.srv import CaptureReference, DescribeDifference, SelectByDifference
from subtle_diff_ros.vision.image_io import check_image, MIN_IMAGE_SIDE

SERVER = '/difference_server'
SIDES = st.one_of(st.sampled_from([0, 1, 2, MIN_IMAGE_SIDE - 1, MIN_IMAGE_SIDE, 17]),
                  st.integers(0, 48))
CODEC_FORMATS = st.one_of(
    st.sampled_from(['png', 'jpeg', 'jpg', '', ';', 'png;', 'png; ', ' ; ', 'rgb8; jpeg',
                     'rgb8; jpeg compressed bgr8', '16UC1; compressedDepth', 'tiff']),
    st.text(max_size=12))


@st.composite
def raw_images(draw):
    """Draw a sensor_msgs/Image near the limits: size, encoding, step and data length."""
    encoding = draw(st.one_of(st.sampled_from(sorted(ENCODINGS)), st.text(max_size=8)))
    width, height = draw(SIDES), draw(SIDES)
    dtype, channels, _ = ENCODINGS.get(encoding, (np.uint8, 3, ''))
    row = width * channels * np.dtype(dtype).itemsize
    step = max(0, row + draw(st.sampled_from([0, 0, 0, 1, 4, -1])))
    length = max(0, step * height + draw(st.sampled_from([0, 0, 0, 1, -1, -step])))
    return Image(width=width, height=height, encoding=encoding, step=step,
                 is_bigendian=draw(st.integers(0, 1)),
                 data=draw(st.binary(min_size=length, max_size=length)) if length < 4096
                 else bytes(length))


def _encoded(kind, width, height):
    pixels = np.random.default_rng(width * 31 + height).integers(0, 256, (height, width, 3),
                                                                 dtype=np.uint8)
    buffer = io.BytesIO()
    PilImage.fromarray(pixels).save(buffer, format=kind)
    return buffer.getvalue()


@st.composite
def compressed_images(draw):
    """Draw a CompressedImage: a real JPEG/PNG stream, cut short, padded or replaced."""
    kind = draw(st.sampled_from(['PNG', 'JPEG']))
    data = _encoded(kind, draw(st.integers(1, 40)), draw(st.integers(1, 40)))
    cut = draw(st.sampled_from(['whole', 'whole', 'truncated', 'header', 'junk', 'padded']))
    if cut == 'truncated':
        data = data[:draw(st.integers(0, max(0, len(data) - 1)))]
    elif cut == 'header':
        data = data[:draw(st.integers(0, 40))]
    elif cut == 'junk':
        data = draw(st.binary(max_size=64))
    elif cut == 'padded':
        data = data + bytes(draw(st.integers(1, 16)))
    return CompressedImage(format=draw(CODEC_FORMATS), data=data)


def _bomb_jpeg(width, height):
    """Return a JPEG header announcing width x height over the scan data of a tiny image."""
    small = _encoded('JPEG', 16, 16)
    sof = small.index(b'\xff\xc0')
    return (small[:sof + 5] + height.to_bytes(2, 'big') + width.to_bytes(2, 'big')
            + small[sof + 9:])


@settings(max_examples=400, deadline=None, database=None)
@given(raw_images())
def test_raw_images_are_read_or_refused_with_a_reason(msg):
    try:
        image = check_image(image_msg_to_rgb(msg, 'image', max_pixels=1_000_000), 'image')
    except InvalidImageError as exc:
        assert str(exc).startswith('image ')
    else:
        assert image.dtype == np.uint8 and image.shape == (msg.height, msg.width, 3)
        assert min(image.shape[:2]) >= MIN_IMAGE_SIDE


@settings(max_examples=300, deadline=None, database=None)
@given(compressed_images())
def test_compressed_images_are_read_or_refused_with_a_reason(msg):
    try:
        image = compressed_msg_to_rgb(msg, 'image', max_pixels=1_000_000)
    except InvalidImageError as exc:
        assert str(exc).startswith('image ')
    else:
        assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3


@pytest.mark.parametrize('width, height', [(2000, 2000), (640, 480), (4000, 200)])
def test_a_jpeg_header_over_missing_pixels_is_refused(width, height):
    msg = CompressedImage(format='jpeg', data=_bomb_jpeg(width, height))
    with pytest.raises(InvalidImageError, match='claims|damaged'):
        compressed_msg_to_rgb(msg, 'image', max_pixels=8_000_000)


def test_a_truncated_png_is_refused():
    data = _encoded('PNG', 64, 64)
    with pytest.raises(InvalidImageError):
        compressed_msg_to_rgb(CompressedImage(format='png', data=data[:len(data) // 2]), 'image')


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(st.text(max_size=70), st.sampled_from(
    ['ref\n', 'ref\r\n', 'a' * 64 + '\n', 'a' * 64, 'a' * 65, '.x', 'x/y', 'ok', 'ok.v2'])))
def test_reference_names_are_stored_whole_or_refused(tmp_path, name):
    store = ReferenceStore(str(tmp_path / 'store'))
    image = np.zeros((MIN_IMAGE_SIDE, MIN_IMAGE_SIDE, 3), np.uint8)
    image[:, MIN_IMAGE_SIDE // 2:] = 200  # an object on a background: an image a store keeps
    try:
        store.save(name, image, overwrite=True)
    except InvalidReferenceNameError:
        assert NAME_PATTERN.fullmatch(name) is None
    else:
        assert NAME_PATTERN.fullmatch(name) and name in [info.name for info in store.list()]
    assert all(NAME_PATTERN.fullmatch(info.name) for info in store.list())


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp('properties')
    process = NodeProcess('difference_server', '-p', 'backend:=analytic',
                          '-p', f'reference_dir:={directory / "references"}',
                          '-p', 'cameras:=[camera]', '-p', 'max_image_pixels:=1000000',
                          log_path=directory / 'server.log')
    client = DifferenceClient()
    yield process, client
    client.close()
    assert process.stop() == 0, process.log()
    assert 'internal error' not in process.log()


def _source(draw_image):
    if isinstance(draw_image, CompressedImage):
        return ImageSource(source=ImageSource.SOURCE_INLINE_COMPRESSED,
                           compressed_image=draw_image)
    return ImageSource(source=ImageSource.SOURCE_INLINE, image=draw_image)


REQUEST_IMAGES = st.one_of(raw_images(), compressed_images())


@pytest.mark.ros
@settings(max_examples=120, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(['select', 'describe', 'capture']), image_1=REQUEST_IMAGES,
       image_2=REQUEST_IMAGES,
       text=st.one_of(st.text(max_size=40), st.just('the darker cup'), st.just('x' * 1001)),
       name=st.one_of(st.text(max_size=66), st.just('ref\n')), attribute=st.integers(0, 255))
def test_every_request_is_answered_without_internal_errors(server, kind, image_1, image_2, text,
                                                           name, attribute):
    process, client = server
    if kind == 'select':
        response = client.call(SelectByDifference, f'{SERVER}/select_by_difference',
                               SelectByDifference.Request(text=text, candidates=[
                                   _source(image_1), _source(image_2)]))
    elif kind == 'describe':
        response = client.call(DescribeDifference, f'{SERVER}/describe_difference',
                               DescribeDifference.Request(image_1=_source(image_1),
                                                          image_2=_source(image_2),
                                                          attribute=attribute))
    else:
        response = client.call(CaptureReference, f'{SERVER}/capture_reference',
                               CaptureReference.Request(name=name, source=_source(image_1),
                                                        overwrite=True))
    assert response.success or response.message
    assert not response.message.startswith('internal error'), response.message
    assert process.alive()


def test_images_too_small_to_measure_are_refused_by_the_service():
    for shape in ((1, 1, 3), (1, 300, 3), (300, 1, 3), (MIN_IMAGE_SIDE - 1, 64, 3)):
        with pytest.raises(SubtleDiffError, match='at least'):
            check_image(np.zeros(shape, np.uint8), 'image_1')

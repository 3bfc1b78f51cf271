# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""sensor_msgs Image / CompressedImage <-> RGB arrays: encodings, padding, byte order, errors."""

import cv2
import numpy as np
import pytest
from sensor_msgs.msg import CompressedImage, Image
from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.ros.conversions import (compressed_msg_to_rgb, image_msg_to_rgb,
                                             rgb_to_compressed_msg, rgb_to_image_msg)

RNG = np.random.default_rng(7)
RGB = RNG.integers(0, 256, (5, 7, 3), dtype=np.uint8)


def _msg(pixels, encoding, padding=0, bigendian=False):
    """Build a message by hand (not with the code under test), with ``padding`` bytes per row."""
    height, width = pixels.shape[:2]
    dtype = pixels.dtype.newbyteorder('>' if bigendian else '<')
    rows = pixels.astype(dtype).reshape(height, -1).view(np.uint8)
    rows = np.concatenate([rows, np.full((height, padding), 0xAB, np.uint8)], axis=1)
    msg = Image(height=height, width=width, encoding=encoding, is_bigendian=int(bigendian),
                step=rows.shape[1])
    msg.data = rows.tobytes()
    return msg


@pytest.mark.parametrize('padding', [0, 3])
def test_colour_encodings(padding):
    alpha = RNG.integers(0, 256, (5, 7, 1), dtype=np.uint8)
    cases = {
        'rgb8': RGB, 'bgr8': RGB[:, :, ::-1],
        'rgba8': np.concatenate([RGB, alpha], axis=2),
        'bgra8': np.concatenate([RGB[:, :, ::-1], alpha], axis=2),
    }
    for encoding, pixels in cases.items():
        out = image_msg_to_rgb(_msg(np.ascontiguousarray(pixels), encoding, padding))
        np.testing.assert_array_equal(out, RGB, err_msg=encoding)
        assert out.dtype == np.uint8 and out.flags.c_contiguous


@pytest.mark.parametrize('padding', [0, 2])
def test_mono8(padding):
    gray = RGB[:, :, 0].copy()
    out = image_msg_to_rgb(_msg(gray, 'mono8', padding))
    np.testing.assert_array_equal(out, np.repeat(gray[:, :, None], 3, axis=2))


@pytest.mark.parametrize('bigendian', [False, True])
@pytest.mark.parametrize('padding', [0, 4])
def test_sixteen_bit_keeps_the_high_byte(bigendian, padding):
    values = RNG.integers(0, 65536, (5, 7), dtype=np.uint16)
    out = image_msg_to_rgb(_msg(values, 'mono16', padding, bigendian))
    np.testing.assert_array_equal(out[:, :, 1], (values >> 8).astype(np.uint8))


def test_a_depth_image_in_millimetres_is_refused_not_read_as_brightness():
    depth = np.full((5, 7), 4000, np.uint16)
    depth[2:4, 2:5] = 500  # a near disc would read as a darker object
    with pytest.raises(InvalidImageError, match='16UC1, the depth encoding of REP 118'):
        image_msg_to_rgb(_msg(depth, '16UC1', 0))


@pytest.mark.parametrize('bigendian', [False, True])
def test_float_is_intensity_in_unit_range(bigendian):
    values = np.linspace(0.0, 1.0, 35, dtype=np.float32).reshape(5, 7)
    out = image_msg_to_rgb(_msg(values, '32FC1', 4, bigendian))
    expected = (values * 255.0 + 0.5).astype(np.uint8)
    np.testing.assert_array_equal(out[:, :, 2], expected)


@pytest.mark.parametrize('low, high', [(-0.5, 1.5), (0.0, 4.0), (0.0, 255.0)])
def test_a_float_image_outside_the_unit_range_is_refused(low, high):
    """A 32FC1 depth image in metres is no intensity image: refused, not clipped."""
    values = np.linspace(low, high, 35, dtype=np.float32).reshape(5, 7)
    with pytest.raises(InvalidImageError, match='scaled to 0..1'):
        image_msg_to_rgb(_msg(values, '32FC1'))


def test_float_nan_is_refused():
    values = np.zeros((2, 2), np.float32)
    values[0, 0] = np.nan
    with pytest.raises(InvalidImageError, match='non-finite'):
        image_msg_to_rgb(_msg(values, '32FC1'))


@pytest.mark.parametrize('change, match', [
    ({'encoding': 'yuv422'}, 'unsupported encoding'),
    ({'encoding': ''}, 'unsupported encoding'),
    ({'width': 0}, 'empty'),
    ({'height': 0, 'data': b''}, 'empty'),
    ({'step': 20}, 'step 20'),
    ({'step': 22}, 'bytes of data'),
    ({'data': b'\x00' * 10}, 'bytes of data'),
])
def test_malformed_messages_are_refused(change, match):
    msg = _msg(RGB, 'rgb8')
    for key, value in change.items():
        setattr(msg, key, value)
    with pytest.raises(InvalidImageError, match=match):
        image_msg_to_rgb(msg)


def test_pixel_limit():
    with pytest.raises(InvalidImageError, match='over the limit'):
        image_msg_to_rgb(_msg(RGB, 'rgb8'), max_pixels=34)
    assert image_msg_to_rgb(_msg(RGB, 'rgb8'), max_pixels=35).shape == (5, 7, 3)


def test_rgb_to_image_msg_round_trip_and_bytes_data():
    for encoding in ('rgb8', 'bgr8'):
        msg = rgb_to_image_msg(RGB, encoding=encoding)
        assert (msg.width, msg.height, msg.step, msg.encoding) == (7, 5, 21, encoding)
        np.testing.assert_array_equal(image_msg_to_rgb(msg), RGB)
    with pytest.raises(InvalidImageError):
        rgb_to_image_msg(RGB, encoding='mono8')


def test_compressed_png_and_jpeg():
    msg = rgb_to_compressed_msg(RGB, 'png')
    np.testing.assert_array_equal(compressed_msg_to_rgb(msg), RGB)
    smooth = np.tile(np.linspace(0, 255, 64, dtype=np.uint8)[None, :, None], (48, 1, 3))
    jpeg = rgb_to_compressed_msg(smooth, 'jpeg')
    assert np.abs(compressed_msg_to_rgb(jpeg).astype(int) - smooth).max() <= 8
    # image_transport's format string and a grayscale 16-bit PNG
    jpeg.format = 'rgb8; jpeg compressed bgr8'
    assert compressed_msg_to_rgb(jpeg).shape == (48, 64, 3)
    deep = np.full((3, 4), 0x1234, np.uint16)
    png16 = CompressedImage(format='png')
    png16.data = cv2.imencode('.png', deep)[1].tobytes()
    np.testing.assert_array_equal(compressed_msg_to_rgb(png16), np.full((3, 4, 3), 0x12))


@pytest.mark.parametrize('fmt, data, match', [
    ('png', b'', 'no image data'),
    ('png', b'not an image at all', 'cannot be read'),
    ('tiff', b'II*\x00', 'unsupported compressed format'),
    ('16UC1; compressedDepth png', b'\x00' * 20, '16UC1, the depth encoding of REP 118'),
    ('32FC1; compressedDepth', b'\x00' * 20, 'a depth map of compressed_depth_image_transport'),
])
def test_malformed_compressed_images_are_refused(fmt, data, match):
    msg = CompressedImage(format=fmt)
    msg.data = data
    with pytest.raises(InvalidImageError, match=match):
        compressed_msg_to_rgb(msg)


def test_compressed_errors_name_no_objects_and_quote_inputs_short():
    garbage = CompressedImage(format='jpeg')
    garbage.data = b'garbage' * 10
    with pytest.raises(InvalidImageError) as refused:
        compressed_msg_to_rgb(garbage)
    assert ' at 0x' not in str(refused.value) and 'BytesIO' not in str(refused.value)
    odd = CompressedImage(format='x' * 10000)
    odd.data = b'\x00'
    with pytest.raises(InvalidImageError, match='10000 characters') as refused:
        compressed_msg_to_rgb(odd)
    assert len(str(refused.value)) < 300


def test_compressed_pixel_limit_is_checked_before_decoding():
    msg = rgb_to_compressed_msg(np.zeros((100, 100, 3), np.uint8), 'png')
    with pytest.raises(InvalidImageError, match='over the limit'):
        compressed_msg_to_rgb(msg, max_pixels=9999)
    truncated = rgb_to_compressed_msg(RGB, 'png')
    truncated.data = bytes(truncated.data)[:40]
    with pytest.raises(InvalidImageError):
        compressed_msg_to_rgb(truncated)


def _png(pixels, fmt):
    msg = CompressedImage(format=fmt)
    msg.data = cv2.imencode('.png', pixels)[1].tobytes()
    return msg


DEPTH = np.full((24, 32), 4000, np.uint16)
DEPTH[8:16, 10:20] = 500  # a near box would read as a darker object


@pytest.mark.parametrize('fmt', ['16UC1; png compressed ', '16UC1; png compressed', '16UC1',
                                 '16UC1; jpeg compressed ', '16uc1; png compressed', '16uc1',
                                 'rgb8; jpeg compressed 16uc1', ' 16UC1 ;  png   compressed  '])
def test_a_compressed_depth_image_in_any_spelling_is_refused_as_the_raw_one_is(fmt):
    with pytest.raises(InvalidImageError) as raw:
        image_msg_to_rgb(_msg(DEPTH, '16UC1'), 'the image')
    with pytest.raises(InvalidImageError) as compressed:
        compressed_msg_to_rgb(_png(DEPTH, fmt), 'the image')
    assert str(compressed.value) == str(raw.value)


COLOUR16 = RNG.integers(0, 65536, (24, 32, 3), dtype=np.uint16)


@pytest.mark.parametrize('fmt', ['rgb16; png compressed bgr16', 'bgr16; png compressed bgr16',
                                 'rgba16; png compressed bgr16', 'BGRA16; PNG compressed BGR16',
                                 'rgb16; png compressed ', '16UC3; png compressed ',
                                 'bayer_rggb16; png compressed bgr16',
                                 'camera_own_16; png compressed bgr16'])
def test_a_sixteen_bit_colour_png_keeps_its_high_byte_whatever_colour_it_names(fmt):
    """compressed_image_transport sends rgb16/bgr16/rgba16/bgra16 cameras as 16-bit PNGs."""
    np.testing.assert_array_equal(compressed_msg_to_rgb(_png(COLOUR16, fmt)),
                                  (COLOUR16[:, :, ::-1] >> 8).astype(np.uint8))


@pytest.mark.parametrize('fmt', ['rgb16; jpeg compressed bgr8', 'bgra16; jpeg compressed bgr8',
                                 'yuv422; jpeg compressed bgr8',
                                 'yuv422_yuy2; jpeg compressed bgr8',
                                 'bayer_rggb8; jpeg compressed ', 'RGB8; JPEG compressed BGR8',
                                 '  rgb8 ;jpeg   compressed   bgr8  ', 'Mono8; jpeg compressed',
                                 '16UC3; jpeg compressed bgr8', 'bayer_rggb8; png compressed bgr8',
                                 'rgb8; png compressed yuv422'])
def test_a_compressed_colour_image_is_read_by_its_codec_whatever_colour_it_names(fmt):
    """The encoding before the ';' was converted before compression: the codec tells the pixels."""
    y, x = np.mgrid[0:24, 0:32]
    colour = np.dstack([x * 8, y * 10, 255 - x * 4]).astype(np.uint8)
    msg = _png(colour, fmt)
    if 'jpeg' in fmt.lower():
        msg.data = cv2.imencode('.jpg', colour, [cv2.IMWRITE_JPEG_QUALITY, 100])[1].tobytes()
    got = compressed_msg_to_rgb(msg)
    jpeg = 'jpeg' in msg.format.lower()
    assert np.abs(got.astype(int) - colour[:, :, ::-1]).max() <= (12 if jpeg else 0)


@pytest.mark.parametrize('fmt', ['8SC1; png compressed ', 'rgb8; png compressed 16SC1'])
def test_a_compressed_signed_encoding_is_refused(fmt):
    with pytest.raises(InvalidImageError, match='holds signed values'):
        compressed_msg_to_rgb(_png(np.zeros((24, 32), np.uint8), fmt))


@pytest.mark.parametrize('fmt', ['32FC1; png compressed ', 'mono8; png compressed 32FC1',
                                 '32fc1; png compressed', '64FC1; png compressed ',
                                 '16FC3; png compressed ', 'rgb8; png compressed 32FC3'])
def test_a_compressed_float_encoding_is_refused(fmt):
    with pytest.raises(InvalidImageError, match='floating-point values'):
        compressed_msg_to_rgb(_png(DEPTH, fmt))


def test_compressed_bit_depth_must_match_the_encoding_named():
    # a 16-bit PNG (a depth map, say) under an 8-bit colour format, and 8 bits under mono16
    for fmt in ('rgb8; png compressed bgr8', 'bgr8; png compressed ', 'mono8; png compressed '):
        with pytest.raises(InvalidImageError, match='16-bit PNG, but its format'):
            compressed_msg_to_rgb(_png(DEPTH, fmt))
    with pytest.raises(InvalidImageError, match='8-bit PNG, but its format .* mono16'):
        compressed_msg_to_rgb(_png((DEPTH >> 8).astype(np.uint8), 'mono16; png compressed '))
    # in any case and for the 16-bit colour encodings too; an unknown name is not checked
    with pytest.raises(InvalidImageError, match='16-bit PNG, but its format .* BGR8, 8 bits'):
        compressed_msg_to_rgb(_png(DEPTH, 'RGB8; PNG compressed BGR8'))
    for fmt in ('rgb16; png compressed bgr16', 'bgra16; png compressed', 'MONO16; png compressed'):
        with pytest.raises(InvalidImageError, match='8-bit PNG, but its format .* 16 bits'):
            compressed_msg_to_rgb(_png((DEPTH >> 8).astype(np.uint8), fmt))
    for pixels in (DEPTH, (DEPTH >> 8).astype(np.uint8)):
        np.testing.assert_array_equal(compressed_msg_to_rgb(_png(pixels, 'camera_own; png '
                                                                 'compressed')),
                                      image_msg_to_rgb(_msg(DEPTH, 'mono16')))
    # mono16 and a bare png keep the high byte of 16-bit pixels, as a raw mono16 image does
    raw = image_msg_to_rgb(_msg(DEPTH, 'mono16'))
    for fmt in ('mono16; png compressed ', 'mono16; png compressed mono16', 'png', ''):
        np.testing.assert_array_equal(compressed_msg_to_rgb(_png(DEPTH, fmt)), raw)
    colour = RNG.integers(0, 256, (24, 32, 3), dtype=np.uint8)
    for fmt in ('rgb8; png compressed bgr8', 'bgr8; png compressed bgr8', 'bgra8; png compressed',
                '8UC3; png compressed '):
        np.testing.assert_array_equal(compressed_msg_to_rgb(_png(colour, fmt)),
                                      colour[:, :, ::-1])

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Image files as the command line reads them: damaged, oversized and turned photos."""

import io
import zlib

import cv2
import numpy as np
from PIL import Image, ImageFile
import pytest

from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.vision.image_io import (as_rgb_image, decode_image, load_image, load_mask,
                                             MAX_FILE_PIXELS)


def _photo(width=64, height=48):
    image = np.zeros((height, width, 3), np.uint8)
    image[:, : width // 2] = (200, 40, 40)  # red on the left half
    image[:, width // 2:] = (40, 40, 200)
    return image


def _encoded(image, fmt='JPEG', **options):
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def test_a_truncated_jpeg_file_is_refused_not_read_with_grey(tmp_path):
    """A JPEG cut short would be decoded with its missing rows grey: it is refused instead."""
    data = _encoded(_photo(640, 480), quality=95)
    path = tmp_path / 'cut.jpg'
    path.write_bytes(data[: int(len(data) * 0.93)])
    with pytest.raises(InvalidImageError, match='truncated|damaged|carries only'):
        load_image(str(path))
    (tmp_path / 'whole.jpg').write_bytes(data)
    assert load_image(str(tmp_path / 'whole.jpg')).shape == (480, 640, 3)


def test_a_png_with_bytes_after_its_end_is_read_and_a_cut_one_refused():
    """Some tools append metadata after IEND: read as the image; a stream cut short is not."""
    data = _encoded(_photo(), fmt='PNG')
    trailed = decode_image(data + b'appended by some tool: ' + bytes(100), 'trailed.png')
    assert np.array_equal(trailed, decode_image(data, 'whole.png'))
    for cut in (data[:-12], data[:-13], data[:len(data) // 2]):
        with pytest.raises(InvalidImageError, match='truncated|carries only'):
            decode_image(cut, 'cut.png')


def test_a_file_announcing_too_many_pixels_is_refused_before_decoding(tmp_path):
    """A small PNG (1 bit per pixel) of 8000 x 8000 pixels is refused from its header alone."""
    path = tmp_path / 'bomb.png'
    Image.new('1', (8000, 8000)).save(path, format='PNG')
    assert path.stat().st_size < 100_000
    with pytest.raises(InvalidImageError, match='8000x8000, over the limit'):
        load_image(str(path))
    with pytest.raises(InvalidImageError, match='as a mask.*over the limit'):
        load_mask(str(path))
    with pytest.raises(InvalidImageError, match='over the limit'):
        decode_image(_encoded(_photo(), fmt='PNG'), 'photo.png', max_pixels=1000)


@pytest.mark.parametrize('fmt, options', [('JPEG', {'quality': 95}), ('PNG', {}),
                                          ('WEBP', {'quality': 95}), ('TIFF', {})])
def test_an_exif_orientation_turns_the_photo_as_it_is_shown(tmp_path, fmt, options):
    """A camera's 'rotate 90' tag is applied once: the red half ends up where a viewer sees it."""
    image = Image.fromarray(_photo())
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    path = tmp_path / f'turned.{fmt.lower()}'
    image.save(path, format=fmt, exif=exif, **options)
    shown = load_image(str(path))
    assert shown.shape == (64, 48, 3)
    top, bottom = shown[:8].reshape(-1, 3).mean(axis=0), shown[-8:].reshape(-1, 3).mean(axis=0)
    assert top[0] > top[2] and bottom[2] > bottom[0]  # red on top after the turn


def test_a_floating_point_tiff_is_turned_by_its_orientation_once(tmp_path):
    """A float TIFF (read by OpenCV, which turns TIFFs itself) is not turned a second time."""
    from PIL import TiffImagePlugin
    values = np.zeros((48, 64), np.float32)
    values[:, :32] = 1.0  # white on the left half
    tags = TiffImagePlugin.ImageFileDirectory_v2()
    tags[0x0112] = 6
    path = tmp_path / 'turned_float.tif'
    Image.fromarray(values).save(path, format='TIFF', tiffinfo=tags)
    shown = load_image(str(path))
    assert shown.shape == (64, 48, 3)
    assert shown[:8].mean() > 200 and shown[-8:].mean() < 50  # white on top after the turn


def _with_chunk(png: bytes, kind: bytes, payload: bytes) -> bytes:
    """Return ``png`` with one more chunk just before its IEND chunk (after the pixel data)."""
    chunk = len(payload).to_bytes(4, 'big') + kind + payload
    chunk += zlib.crc32(kind + payload).to_bytes(4, 'big')
    return png[:-12] + chunk + png[-12:]


def test_a_huge_png_is_refused_without_pillow_decoding_its_pixels(monkeypatch):
    """13000 x 13000 pixels (a small file): refused from its header; no pixel is decoded."""
    buffer = io.BytesIO()
    Image.new('1', (13000, 13000)).save(buffer, format='PNG')
    data = buffer.getvalue()
    loaded = []
    monkeypatch.setattr(ImageFile.ImageFile, 'load', lambda image: loaded.append(image))
    with pytest.raises(InvalidImageError, match='13000x13000, over the limit'):
        decode_image(data, 'bomb.png', max_pixels=MAX_FILE_PIXELS)
    assert not loaded


def test_the_orientation_of_a_png_is_read_from_its_exif_chunk_without_pillow_pixels(
        monkeypatch):
    """An eXIf chunk after the pixel data turns the photo, and Pillow decodes no pixel."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    data = _with_chunk(_encoded(_photo(), fmt='PNG'), b'eXIf', exif.tobytes())
    loaded = []
    monkeypatch.setattr(ImageFile.ImageFile, 'load', lambda image: loaded.append(image))
    shown = decode_image(data, 'turned.png')
    assert shown.shape == (64, 48, 3) and not loaded
    assert shown[0, 0, 0] > shown[0, 0, 2] and shown[-1, 0, 2] > shown[-1, 0, 0]


def test_a_damaged_exif_chunk_is_read_quietly(recwarn):
    """A PNG whose eXIf chunk is damaged loads unturned, with no Pillow warning on stderr."""
    damaged = b'MM\x00*\x00\x00\x00\x08\xff\xff' + b'\x00' * 20  # 65535 entries claimed
    data = _with_chunk(_encoded(_photo(), fmt='PNG'), b'eXIf', damaged)
    assert decode_image(data, 'damaged.png').shape == (48, 64, 3)
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_a_floating_point_tiff_is_read_as_its_values_from_0_to_1(tmp_path):
    """A float32 RGB TIFF, which Pillow cannot open, is read; NaN or 0..255 values are not."""
    photo = _photo()
    path = str(tmp_path / 'float.tif')
    assert cv2.imwrite(path, cv2.cvtColor(photo.astype(np.float32) / 255.0, cv2.COLOR_RGB2BGR))
    assert np.array_equal(load_image(path), photo)
    for name, values, words in (('nan.tif', np.nan, 'non-finite values'),
                                ('scaled.tif', 200.0, 'values from 0 to 200: only '
                                                      'floating-point images scaled to 0..1')):
        image = np.zeros((48, 64, 3), np.float32)
        image[0, 0] = values
        assert cv2.imwrite(str(tmp_path / name), image)
        with pytest.raises(InvalidImageError, match=f'floating-point image with {words}'):
            load_image(str(tmp_path / name))
    (tmp_path / 'damaged.tif').write_bytes(b'II*\0' + bytes(100))
    with pytest.raises(InvalidImageError, match='unknown or damaged format'):
        load_image(str(tmp_path / 'damaged.tif'))


def test_a_garbage_exif_chunk_a_damaged_jpeg_exif_and_a_float64_tiff_are_read(tmp_path, recwarn):
    """EXIF that is no TIFF structure at all is ignored; a float64 RGB TIFF reads as float32."""
    data = _with_chunk(_encoded(_photo(), fmt='PNG'), b'eXIf', b'\x00garbage!!' * 3)
    assert decode_image(data, 'garbage.png').shape == (48, 64, 3)
    jpeg = bytearray(_encoded(_photo(), quality=95))
    app1 = b'Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff' + b'\x00' * 8
    jpeg[2:2] = b'\xff\xe1' + (len(app1) + 2).to_bytes(2, 'big') + app1
    assert decode_image(bytes(jpeg), 'damaged.jpg').shape == (48, 64, 3)
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]
    path = str(tmp_path / 'double.tif')
    photo = _photo()
    assert cv2.imwrite(path, cv2.cvtColor(photo.astype(np.float32), cv2.COLOR_RGB2BGR)
                       .astype(np.float64) / 255.0)
    assert np.array_equal(load_image(path), photo)


def test_a_cut_out_mask_is_its_alpha_and_a_16_bit_label_of_ones_is_not_empty(tmp_path):
    """A PNG cut-out (white under the transparent part) marks only its opaque pixels."""
    from subtle_diff_ros.vision.image_io import load_mask
    cut_out = np.full((40, 50, 4), 255, np.uint8)
    cut_out[:, :, 3] = 0
    cut_out[10:30, 20:40, 3] = 255
    assert cv2.imwrite(str(tmp_path / 'cut.png'), cut_out)
    mask = load_mask(str(tmp_path / 'cut.png'))
    assert mask.sum() == 20 * 20 and mask[15, 25] and not mask[0, 0]
    labels = np.zeros((40, 50), np.uint16)
    labels[5:15, 5:25] = 1
    assert cv2.imwrite(str(tmp_path / 'labels.png'), labels)
    assert load_mask(str(tmp_path / 'labels.png')).sum() == 10 * 20


@pytest.mark.parametrize('low, high', [(0.0, 1.5), (-1.0, 1.0), (0.0, 255.0)])
def test_a_float_image_outside_0_to_1_is_refused_not_clipped(low, high):
    """A depth image in metres or a 0..255 float is no colour image: refused, not clipped."""
    image = np.linspace(low, high, 32 * 32, dtype=np.float32).reshape(32, 32)
    with pytest.raises(InvalidImageError, match='scaled to 0..1'):
        as_rgb_image(image, name='image 1')


def test_a_float_image_rounded_just_past_1_is_read():
    """Values a rounding step past 0..1 are clipped: 1.0000001 is white."""
    image = np.full((32, 32, 3), 1.0000001, np.float32)
    assert as_rgb_image(image).min() == 255


@pytest.mark.parametrize('dtype', ['u1', 'u2', 'f2', 'f4', 'f8'])
@pytest.mark.parametrize('shape', [(24, 32), (24, 32, 1), (24, 32, 3), (24, 32, 4)])
def test_byte_order_does_not_matter(dtype, shape):
    """A big-endian uint16 array was refused ("unsupported dtype >u2"); big-endian float read."""
    from subtle_diff_ros.service.difference_service import request_image
    pixels = np.random.default_rng(7).integers(0, 256, shape)
    native = np.dtype(dtype)
    scale = {'u': 257}.get(native.kind, 1 / 255) if native.itemsize > 1 else 1
    image = (pixels * scale).astype(native)
    expected = as_rgb_image(image)
    for order in '<>':
        swapped = image.astype(native.newbyteorder(order))
        np.testing.assert_array_equal(as_rgb_image(swapped, 'image 1'), expected)
        np.testing.assert_array_equal(request_image(swapped, 'image 1', 10 ** 6), expected)
    with pytest.raises(InvalidImageError, match='unsupported dtype'):
        as_rgb_image(image.astype('>i2'))


def test_a_fully_transparent_image_is_refused_and_a_partly_transparent_one_read(tmp_path):
    """An RGBA file with alpha 0 everywhere shows nothing; its hidden colours are not read."""
    image = np.zeros((32, 32, 4), np.uint8)
    image[:, :, :3] = 200
    path = str(tmp_path / 'clear.png')
    cv2.imwrite(path, image)
    with pytest.raises(InvalidImageError, match='fully transparent'):
        load_image(path)
    image[:4, :4, 3] = 255
    cv2.imwrite(path, image)
    assert load_image(path).shape == (32, 32, 3)

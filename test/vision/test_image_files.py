# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Image files as the command line reads them: damaged, oversized and turned photos."""

import io

import numpy as np
from PIL import Image
import pytest

from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.vision.image_io import decode_image, load_image, load_mask


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


def test_an_exif_orientation_turns_the_photo_as_it_is_shown(tmp_path):
    """A camera's 'rotate 90' tag is applied: the red half ends up where a viewer sees it."""
    image = Image.fromarray(_photo())
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    path = tmp_path / 'turned.jpg'
    image.save(path, format='JPEG', exif=exif, quality=95)
    shown = load_image(str(path))
    assert shown.shape == (64, 48, 3)
    top, bottom = shown[:8].reshape(-1, 3).mean(axis=0), shown[-8:].reshape(-1, 3).mean(axis=0)
    assert top[0] > top[2] and bottom[2] > bottom[0]  # red on top after the turn

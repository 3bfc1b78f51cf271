# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""PGM and PPM files read at the range their header's maxval gives, whatever it is."""

import numpy as np
import pytest

from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.vision.image_io import decode_image, load_image


def _picture():
    """Return a 24x32 RGB picture with every grey level from black to white and colours."""
    rows = np.linspace(0, 255, 32)[None, :, None] * np.ones((24, 1, 3))
    rows[12:, :, 1] = 255 - rows[12:, :, 1]
    return np.round(rows).astype(np.uint8)


def _netpbm(picture, maxval, plain, grey=False):
    """Return ``picture`` (0..255) stored as a PGM or PPM of ``maxval``, plain or raw."""
    if grey:
        picture = picture[:, :, 0]
    values = np.round(picture.astype(float) * maxval / 255).astype(int)
    magic = ('P2' if grey else 'P3') if plain else ('P5' if grey else 'P6')
    header = f'{magic}\n# written by a test\n{picture.shape[1]} {picture.shape[0]}\n{maxval}\n'
    if plain:
        body = ''.join(' '.join(str(v) for v in row.ravel()) + '\n' for row in values).encode()
    else:
        body = values.astype(np.uint8 if maxval < 256 else '>u2').tobytes()
    return header.encode() + body


@pytest.mark.parametrize('maxval', [1, 15, 100, 200, 255, 256, 1023, 4095, 65534, 65535])
@pytest.mark.parametrize('plain', [False, True], ids=['raw', 'plain'])
@pytest.mark.parametrize('grey', [False, True], ids=['ppm', 'pgm'])
def test_a_netpbm_file_reads_as_its_picture_whatever_its_maxval(maxval, plain, grey):
    """A 10-bit PPM (maxval 1023) read as 0..1023 was a near-black image, maxval 100 darker."""
    picture = _picture()
    decoded = decode_image(_netpbm(picture, maxval, plain, grey)).astype(int)
    stored = np.round(picture.astype(float) * maxval / 255) * 255 / maxval  # what it can hold
    expected = stored[:, :, :1] if grey else stored
    assert decoded.shape == picture.shape
    assert np.abs(decoded - expected).max() <= 1.0
    assert decoded.max() == 255 and decoded.min() == 0


def test_values_over_the_maxval_read_as_white(tmp_path):
    """A raw value over maxval is as white as maxval, as a plain file's is, not brighter."""
    path = tmp_path / 'over.pgm'
    path.write_bytes(b'P5\n2 1\n1023\n' + np.array([1023, 4000], '>u2').tobytes())
    assert load_image(str(path)).tolist() == [[[255] * 3, [255] * 3]]
    path.write_bytes(b'P5\n2 1\n100\n' + bytes([100, 200]))
    assert load_image(str(path)).tolist() == [[[255] * 3, [255] * 3]]


def test_a_header_with_comments_between_its_numbers_is_read_for_its_maxval():
    data = b'P5 # 255 is not the maxval\n2 # nor 65535\n1\n# the next is\n100\n' + \
        bytes([50, 100])
    assert decode_image(data)[0, :, 0].tolist() == [128, 255]


def test_a_pam_file_is_still_refused_in_one_line():
    """A PAM (P7) is no format the header check knows: refused, not read at its raw values."""
    data = (b'P7\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nMAXVAL 100\nTUPLTYPE GRAYSCALE\nENDHDR\n'
            + bytes([100, 0]))
    with pytest.raises(InvalidImageError, match='cannot be read as an image') as error:
        decode_image(data)
    assert '\n' not in str(error.value)

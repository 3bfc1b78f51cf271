# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Files that declare their colour space (ICC profiles, PNG cICP, gAMA, cHRM) are read as sRGB."""

import io
import struct
import zlib

import cv2
import numpy as np
from PIL import Image, ImageCms
import pytest
import skimage.data

from subtle_diff_ros.backends.analytic.backend import AnalyticBackend
from subtle_diff_ros.core.errors import InvalidImageError
from subtle_diff_ros.service.difference_service import DifferenceService
from subtle_diff_ros.vision.colour_profile import file_colour
from subtle_diff_ros.vision.image_io import decode_image, load_image, load_mask

PHOTO = skimage.data.coffee()  # 400 x 600 sRGB photo of a cup
D65 = (0.3127, 0.3290)
D50 = (0.9642, 1.0, 0.8249)  # the ICC connection space's white
SRGB_PRIMARIES = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06))
P3_PRIMARIES = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367],
                     [0.0389, -0.0685, 1.0296]])


def _srgb_to_linear(values):
    return np.where(values <= 0.04045, values / 12.92, ((values + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(values):
    values = np.clip(values, 0.0, 1.0)
    return np.where(values <= 0.0031308, values * 12.92, 1.055 * values ** (1 / 2.4) - 0.055)


def _rgb_to_xyz(primaries, white=D65):
    def xyz(x, y):
        return np.array([x / y, 1.0, (1 - x - y) / y])
    columns = np.array([xyz(*primary) for primary in primaries]).T
    return columns * np.linalg.solve(columns, xyz(*white))


LINEAR = _srgb_to_linear(PHOTO / 255.0)
# Display P3 (P3 primaries, D65, sRGB's curve) values of the photo, at 8 and 16 bits.
P3_LINEAR = LINEAR @ (np.linalg.inv(_rgb_to_xyz(P3_PRIMARIES)) @ _rgb_to_xyz(SRGB_PRIMARIES)).T
P3_8 = np.round(_linear_to_srgb(P3_LINEAR) * 255).astype(np.uint8)
P3_16 = np.round(_linear_to_srgb(P3_LINEAR) * 65535).astype(np.uint16)
LINEAR_16 = np.round(LINEAR * 65535).astype(np.uint16)


# ICC profiles written from their parts (Pillow creates sRGB and Lab ones only).

def _s15(value):
    return struct.pack('>i', int(round(value * 65536)))


def _xyz_tag(xyz):
    return b'XYZ \0\0\0\0' + b''.join(_s15(value) for value in xyz)


def _srgb_curve_tag():  # parametric curve of type 3: sRGB's curve
    return (b'para\0\0\0\0' + struct.pack('>HH', 3, 0) + _s15(2.4) + _s15(1 / 1.055)
            + _s15(0.055 / 1.055) + _s15(1 / 12.92) + _s15(0.04045))


def _gamma_curve_tag(gamma):  # curv: no entry is the identity, one a gamma (u8Fixed8)
    if gamma == 1.0:
        return b'curv\0\0\0\0' + struct.pack('>I', 0)
    return b'curv\0\0\0\0' + struct.pack('>IH', 1, int(round(gamma * 256))) + b'\0\0'


def _table_curve_tag(values):  # curv: a table of 16-bit values from black to white
    entries = [int(value) for value in values]
    return b'curv\0\0\0\0' + struct.pack(f'>I{len(entries)}H', len(entries), *entries)


def _desc_tag(text):
    data = text.encode() + b'\0'
    return b'desc\0\0\0\0' + struct.pack('>I', len(data)) + data + bytes(8 + 67)


def _profile(space, pcs, device_class, tags):
    """Return ICC v2 profile bytes with these tags ((signature, data), ...)."""
    tags = [(b'desc', _desc_tag('test profile')), (b'wtpt', _xyz_tag(D50))] + tags
    offset = 128 + 4 + 12 * len(tags)
    table, body = b'', b''
    for signature, data in tags:
        body += bytes(-(offset + len(body)) % 4)
        table += signature + struct.pack('>II', offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack('>I', size) + b'none' + bytes([2, 0x40, 0, 0]) + device_class + space
              + pcs + bytes(12) + b'acsp' + bytes(28)
              + b''.join(_s15(value) for value in D50) + bytes(4) + bytes(16) + bytes(28))
    assert len(header) == 128
    return header + struct.pack('>I', len(tags)) + table + body


def _rgb_profile(primaries, curve, extra=()):
    """Return a matrix/TRC RGB profile: colorants adapted to D50 (Bradford), one curve."""
    d65 = _rgb_to_xyz(SRGB_PRIMARIES) @ np.ones(3)
    adapt = np.linalg.inv(BRADFORD) @ np.diag((BRADFORD @ D50) / (BRADFORD @ d65)) @ BRADFORD
    colorants = adapt @ _rgb_to_xyz(primaries)
    tags = [(signature, _xyz_tag(colorants[:, i]))
            for i, signature in enumerate((b'rXYZ', b'gXYZ', b'bXYZ'))]
    tags += [(signature, curve) for signature in (b'rTRC', b'gTRC', b'bTRC')]
    return _profile(b'RGB ', b'XYZ ', b'mntr', tags + list(extra))


def _grey_profile(curve):
    return _profile(b'GRAY', b'XYZ ', b'mntr', [(b'kTRC', curve)])


def _cmyk_profile():
    """Return a CMYK profile of a crude press: a lut8 table of 2 points a channel to Lab."""
    grid = []
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    lightness = 100 * (1 - 0.5 * c) * (1 - 0.45 * m) * (1 - 0.1 * y) * \
                        (1 - 0.9 * k)
                    a, b = 60 * m - 40 * c, 70 * y - 40 * c - 20 * m
                    grid += [round(lightness * 2.55), round(a + 128), round(b + 128)]
    identity = bytes(range(256))
    table = (b'mft1\0\0\0\0' + bytes([4, 3, 2, 0])
             + b''.join(_s15(value) for value in (1, 0, 0, 0, 1, 0, 0, 0, 1))
             + identity * 4 + bytes(grid) + identity * 3)
    return _profile(b'CMYK', b'Lab ', b'prtr', [(b'A2B0', table)])


P3_PROFILE = _rgb_profile(P3_PRIMARIES, _srgb_curve_tag())
LINEAR_SRGB_PROFILE = _rgb_profile(SRGB_PRIMARIES, _gamma_curve_tag(1.0))
SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB')).tobytes()


# Files.

def _pillow(image, fmt='PNG', **options):
    buffer = io.BytesIO()
    image = image if isinstance(image, Image.Image) else Image.fromarray(image)
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _png(image):
    """Return a PNG (OpenCV: 8 or 16 bits, no colour chunk) of RGB or grey pixels."""
    pixels = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    return cv2.imencode('.png', pixels)[1].tobytes()


def _chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))


def _with_chunks(png, *chunks):
    """Return a PNG with these (type, data) chunks put after its header chunk."""
    return png[:33] + b''.join(_chunk(kind, data) for kind, data in chunks) + png[33:]


def _iccp(profile, compressed=None):
    if compressed is None:
        compressed = zlib.compress(profile)
    return b'iCCP', b'profile\0\0' + compressed


def _gama(gamma):
    return b'gAMA', struct.pack('>I', int(round(gamma * 100000)))


def _chrm(white, primaries):
    values = [*white, *np.ravel(primaries)]
    return b'cHRM', struct.pack('>8I', *(int(round(value * 100000)) for value in values))


def _differs(image, reference=PHOTO):
    difference = np.abs(image.astype(int) - reference.astype(int))
    return float(difference.mean()), int(difference.max())


def test_a_display_p3_png_reads_as_its_srgb_original():
    """A phone's Display P3 photo (values and ICC profile) reads as the sRGB picture it shows."""
    data = _pillow(P3_8, icc_profile=P3_PROFILE)
    assert _differs(P3_8)[0] > 5, 'the P3 values alone are not the sRGB picture'
    mean, most = _differs(decode_image(data, 'p3.png'))
    assert mean < 0.3 and most <= 2


@pytest.mark.parametrize('megabytes', [2, 15])
def test_a_png_profile_of_megabytes_is_read_up_to_the_documented_limit(megabytes):
    """Pillow refused a PNG whose iCCP inflates past 1 MB: "cannot be read as an image"."""
    profile = _rgb_profile(P3_PRIMARIES, _srgb_curve_tag(),
                           [(b'priv', b'zzzz\0\0\0\0' + bytes(megabytes << 20))])
    data = _with_chunks(_png(P3_8), _iccp(profile))
    mean, most = _differs(decode_image(data, 'p3.png'))
    assert mean < 0.3 and most <= 2


def test_a_display_p3_jpeg_reads_as_well_as_an_srgb_jpeg():
    srgb = _differs(decode_image(_pillow(PHOTO, 'JPEG', quality=95), 'srgb.jpg'))[0]
    p3 = decode_image(_pillow(P3_8, 'JPEG', quality=95, icc_profile=P3_PROFILE), 'p3.jpg')
    assert _differs(p3)[0] < srgb + 0.5


def test_16_bit_pngs_in_linear_light_read_as_their_srgb_original():
    """A gAMA of 1.0, or a linear ICC profile, on 16-bit pixels: converted, shadows kept."""
    gamma = _with_chunks(_png(LINEAR_16), _gama(1.0))
    assert _differs(decode_image(gamma, 'gamma1.png')) == (0.0, 0)
    profiled = _with_chunks(_png(LINEAR_16), _iccp(LINEAR_SRGB_PROFILE))
    mean, most = _differs(decode_image(profiled, 'linear.png'))
    assert mean < 0.01 and most <= 1
    p3 = _with_chunks(_png(P3_16), _iccp(P3_PROFILE))
    mean, most = _differs(decode_image(p3, 'p3_16.png'))
    assert mean < 0.1 and most <= 1
    # floating-point pixels (a float TIFF's) take the same path
    conversion = file_colour('p3.tiff', 'RGB', icc=P3_PROFILE)
    mean, most = _differs(conversion.convert(P3_16.astype(np.float32) / 65535))
    assert mean < 0.1 and most <= 1


def test_other_png_gammas_and_chromaticities_are_converted():
    gamma = np.round(LINEAR ** (1 / 1.8) * 255).astype(np.uint8)  # gAMA 0.55556
    mean, most = _differs(decode_image(_with_chunks(_png(gamma), _gama(1 / 1.8)), 'g18.png'))
    assert mean < 1.0 and most <= 4  # 8-bit values of another curve: rounding in the shadows
    chromaticities = _with_chunks(_png(P3_8), _gama(1 / 2.2), _chrm(D65, P3_PRIMARIES))
    mean, most = _differs(decode_image(chromaticities, 'p3_chrm.png'))
    assert mean < 0.3 and most <= 2
    cicp = _with_chunks(_png(P3_8), (b'cICP', bytes([12, 13, 0, 1])))
    mean, most = _differs(decode_image(cicp, 'p3_cicp.png'))
    assert mean < 0.3 and most <= 2
    # the ICC profile comes before gAMA (PNG's order): a gAMA of 1.0 beside it is not applied
    both = _with_chunks(_png(P3_8), _iccp(P3_PROFILE), _gama(1.0))
    assert _differs(decode_image(both, 'both.png'))[1] <= 2


def test_grey_images_under_a_grey_profile_are_converted():
    grey = PHOTO.mean(axis=2) / 255.0
    linear = np.round(_srgb_to_linear(grey) * 65535).astype(np.uint16)
    expected = np.round(grey * 255).astype(np.uint8)
    data = _with_chunks(_png(linear), _iccp(_grey_profile(_gamma_curve_tag(1.0))))
    image = decode_image(data, 'grey16.png')
    assert image.shape == PHOTO.shape and _differs(image[:, :, 0], expected)[1] <= 1
    # at 8 bits too (LittleCMS's optimised grey conversion is 10 levels off in the shadows)
    linear_8 = np.round(_srgb_to_linear(grey) * 255).astype(np.uint8)
    data = _with_chunks(_png(linear_8), _iccp(_grey_profile(_gamma_curve_tag(1.0))))
    expected = np.round(_linear_to_srgb(linear_8 / 255.0) * 255)
    assert _differs(decode_image(data, 'grey8.png')[:, :, 2], expected)[1] <= 1
    jpeg = _pillow((grey * 255).round().astype(np.uint8), 'JPEG', quality=95,
                   icc_profile=_grey_profile(_gamma_curve_tag(1.8)))
    stored = np.asarray(Image.open(io.BytesIO(jpeg))) / 255.0
    expected = np.round(_linear_to_srgb(stored ** 1.8) * 255)
    image = decode_image(jpeg, 'grey.jpg')
    assert _differs(image[:, :, 1], expected)[1] <= 1 and np.ptp(image, axis=2).max() == 0


def test_a_cmyk_jpeg_with_its_profile_is_converted_from_its_inks():
    profile = _cmyk_profile()
    data = _pillow(Image.fromarray(PHOTO).convert('CMYK'), 'JPEG', quality=95,
                   icc_profile=profile)
    expected = ImageCms.profileToProfile(
        Image.open(io.BytesIO(data)), ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        ImageCms.createProfile('sRGB'), outputMode='RGB')
    image = decode_image(data, 'cmyk.jpg')
    assert _differs(image, np.asarray(expected))[0] < 0.5
    assert _differs(image)[0] > 10, 'the crude press is not the photo'


def test_files_declaring_srgb_or_nothing_are_read_exactly_as_stored():
    """No colour information, an sRGB profile, sRGB chunks: the decoded bytes, bit for bit."""
    plain_png, plain_jpeg = _png(PHOTO), _pillow(PHOTO, 'JPEG', quality=90)
    stored = cv2.cvtColor(cv2.imdecode(np.frombuffer(plain_png, np.uint8), cv2.IMREAD_COLOR),
                          cv2.COLOR_BGR2RGB)
    assert np.array_equal(decode_image(plain_png, 'plain.png'), stored)
    decoded_jpeg = decode_image(plain_jpeg, 'plain.jpg')
    srgb_pngs = [_with_chunks(plain_png, _iccp(SRGB_PROFILE)),
                 _with_chunks(plain_png, (b'sRGB', b'\0'), _gama(0.45455),
                              _chrm(D65, SRGB_PRIMARIES)),
                 _with_chunks(plain_png, _gama(0.45455)),
                 _with_chunks(plain_png, (b'cICP', bytes([1, 13, 0, 1]))),
                 _with_chunks(plain_png, (b'sRGB', b'\0'), _gama(1.0))]  # sRGB wins
    for data in srgb_pngs:
        assert np.array_equal(decode_image(data, 'srgb.png'), stored)
    jpeg = _pillow(PHOTO, 'JPEG', quality=90, icc_profile=SRGB_PROFILE)
    assert np.array_equal(decode_image(jpeg, 'srgb.jpg'), decoded_jpeg)
    grey = _png(PHOTO[:, :, 1])
    assert np.array_equal(decode_image(grey, 'grey.png'), decode_image(
        _with_chunks(grey, _gama(1 / 2.2)), 'grey_gamma.png'))


@pytest.mark.parametrize('kind, data, words', [
    ('png', _with_chunks(_png(P3_8), _iccp(b'not a profile' * 20)), 'cannot be used'),
    ('png', _with_chunks(_png(P3_8), _iccp(b'', compressed=b'\x78\x9cnot zlib')), 'damaged'),
    ('png', _with_chunks(_png(P3_8), _iccp(P3_PROFILE[:60])), 'cannot be used'),
    ('jpeg', _pillow(P3_8, 'JPEG', icc_profile=b'\0' * 300), 'cannot be used'),
    ('png', _with_chunks(_png(P3_8), _iccp(_cmyk_profile())), 'CMYK colour profile'),
    ('png', _with_chunks(_png(P3_8), _iccp(_grey_profile(_gamma_curve_tag(1.0)))),
     'GRAY colour profile'),
    ('png', _with_chunks(_png(P3_8), _gama(0.0)), 'damaged gAMA'),
    ('png', _with_chunks(_png(P3_8), _chrm(D65, ((0.1, 0.1),) * 3)), 'impossible'),
    ('png', _with_chunks(_png(P3_8), (b'cICP', bytes([9, 16, 0, 1]))), 'cannot convert'),
    # profiles LittleCMS accepts that turn the picture into one flat colour, or invert it
    ('png', _with_chunks(_png(P3_8), _iccp(_rgb_profile(P3_PRIMARIES, _gamma_curve_tag(0.0)))),
     r'cannot be used \(it converts the 256 greys to 1 level .*almost one colour'),
    ('png', _with_chunks(_png(P3_8), _iccp(_rgb_profile(P3_PRIMARIES, _table_curve_tag(
        [30000, 30000])))), 'the 256 greys to 2 levels'),
    ('png', _with_chunks(_png(P3_8), _iccp(_rgb_profile(P3_PRIMARIES, b'para\0\0\0\0' +
                                                        struct.pack('>HH', 4, 0) + bytes(28)))),
     'the 256 greys to 1 level'),
    ('png', _with_chunks(_png(P3_8), _iccp(_rgb_profile(P3_PRIMARIES, _table_curve_tag(
        np.linspace(65535, 0, 256))))), 'it inverts tones'),
    ('png', _with_chunks(_png(np.maximum(PHOTO[:, :, 1], 1)),
                         _iccp(_grey_profile(_gamma_curve_tag(0.0)))),
     'the 256 greys to 1 level'),
])
def test_colour_information_that_cannot_be_used_is_refused_in_one_line(
        tmp_path, kind, data, words):
    """Damaged or unusable declarations are refused, naming the file, not read as sRGB."""
    path = tmp_path / f'odd.{kind}'
    path.write_bytes(data)
    with pytest.raises(InvalidImageError, match=words) as error:
        load_image(str(path))
    assert str(path) in str(error.value) and '\n' not in str(error.value)
    assert load_mask(str(path)).all(), 'a mask is read without its colours'


def test_a_jpeg_whose_profile_markers_do_not_add_up_is_refused():
    data = _pillow(P3_8, 'JPEG', icc_profile=P3_PROFILE)
    marker = data.index(b'ICC_PROFILE\0')
    damaged = data[:marker + 13] + b'\x02' + data[marker + 14:]  # "1 of 2" with no second
    with pytest.raises(InvalidImageError, match='damaged'):
        decode_image(damaged, 'split.jpg')


def test_the_measurement_backend_sees_no_difference_in_a_p3_copy_of_a_photo(tmp_path):
    """End to end: the photo and its Display P3 file are one picture to the analytic backend."""
    (tmp_path / 'cup.png').write_bytes(_png(PHOTO))
    (tmp_path / 'cup_p3.png').write_bytes(_pillow(P3_8, icc_profile=P3_PROFILE))
    (tmp_path / 'cup_gamma1.png').write_bytes(_with_chunks(_png(LINEAR_16), _gama(1.0)))
    service = DifferenceService(AnalyticBackend())
    original = load_image(str(tmp_path / 'cup.png'))
    for copy in ('cup_p3.png', 'cup_gamma1.png'):
        image = load_image(str(tmp_path / copy))
        for attribute in (0, 2):  # colour, texture
            description = service.describe(image, original, attribute, 'cup')
            assert description.no_difference, (copy, description.sentence)


def test_a_compressed_image_message_is_converted_too():
    messages = pytest.importorskip('sensor_msgs.msg')
    # the package's generated messages exist where it is installed (scripts/run_tests.sh)
    conversions = pytest.importorskip('subtle_diff_ros.ros.conversions')
    message = messages.CompressedImage(format='png',
                                       data=_pillow(P3_8, icc_profile=P3_PROFILE))
    assert _differs(conversions.compressed_msg_to_rgb(message, 'p3'))[1] <= 2

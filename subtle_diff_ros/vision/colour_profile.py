# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The colour space an image file declares, and the conversion of its pixels to sRGB.

Every measurement reads pixel values as sRGB. A file may say that its values are in another
colour space: an embedded ICC profile (JPEG, PNG, TIFF, WebP: Display P3 from phones, Adobe RGB
from cameras, a grey profile of a scanner), or a PNG's cICP, gAMA and cHRM chunks (a 16-bit PNG
of linear light marked gamma 1.0). ``file_colour`` reads that declaration from the file's
header, before any pixel is decoded, and returns None where the pixels are sRGB already: no
declaration, a PNG sRGB chunk, a profile that moves no colour by more than one level (an sRGB
profile), a gAMA within 5 % of 1/2.2 (libpng's threshold) with sRGB's chromaticities. Those
pixels are used exactly as decoded. Otherwise it returns a ``Conversion``, which
``image_io.decode_image`` applies to the decoded pixels:

- An ICC profile is applied with LittleCMS (Pillow's ImageCms), perceptual intent (relative
  colorimetric for the matrix profiles of nearly all RGB files), colours outside sRGB clipped.
  8-bit pixels go through LittleCMS; 16-bit and floating-point pixels under a matrix profile
  are converted in floating point from the profile's own colorants and curves (a linear-light
  file keeps its shadows), under a table-based profile they are reduced to 8 bits first. The
  256 greys of a grey profile are converted once, unoptimised, into a table (LittleCMS's fast
  grey path is up to 10 levels off in the shadows). A grey image under an RGB profile is
  converted as RGB; a CMYK JPEG with a CMYK profile from its inks.
- The PNG chunks are read in the PNG specification's order: cICP, then iCCP, then sRGB, then
  gAMA and cHRM (gAMA alone means sRGB's primaries; cHRM alone sRGB's curve). A cICP chunk may
  name sRGB, Display P3 or BT.2020 primaries with the sRGB, linear, 2.2 or 2.8 curve.

Colour information that cannot be used is refused with InvalidImageError (one line naming the
file): a profile LittleCMS cannot read or build a conversion from, a profile of another kind
than the pixels (grey on colour, CMYK or Lab on RGB), a damaged iCCP chunk or JPEG profile
split over markers, a gAMA of 0, impossible chromaticities, a cICP colour space other than the
above (an HDR image in PQ or HLG). Reading such a file as sRGB would measure a picture no one
sees. Analyses of profiles, with their LittleCMS conversions, are cached by profile bytes.
"""

import functools
import io
import struct
from typing import Callable, Dict, Mapping, Optional, Sequence, Tuple
import zlib

import numpy as np

from ..core.errors import InvalidImageError, reason

# Most levels (of 255) an embedded profile may move any colour and still count as sRGB: its
# pixels are then used as decoded.
SRGB_LEVELS = 1
# A PNG gAMA within this fraction of 1/2.2 is sRGB's curve (libpng's threshold).
GAMMA_TOLERANCE = 0.05
# A PNG cHRM whose chromaticities are all within this of sRGB's (x and y) names sRGB's.
CHROMATICITY_TOLERANCE = 0.002
# Pixels converted at a time in floating point (about 100 MB of temporary copies).
_BLOCK_PIXELS = 1 << 21
# The largest ICC profile read (a large table-based printer profile is a few megabytes).
MAX_PROFILE_BYTES = 16 << 20
# Least number of lightness levels the 256 greys of a profile must convert to: a quarter. A
# profile of a gamma-0 curve, an all-zero parametric curve or a constant table converts every
# grey to one or two colours (LittleCMS keeps white white), one of gamma 255 to 10; linear light
# converts to 183 levels, gamma 0.3 or 5 to about 90 and 180.
LEAST_TONE_LEVELS = 64
# Most a lighter grey may come out darker than the grey before it, in levels (rounding).
TONE_ROUNDING = 1
# sRGB (BT.709) white and primaries as CIE xy.
_D65 = (0.3127, 0.3290)
_SRGB_PRIMARIES = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06))
# cICP colour primaries (ITU-T H.273) the package converts, and their white and primaries.
_CICP_PRIMARIES = {1: ('sRGB', _D65, _SRGB_PRIMARIES),
                   9: ('BT.2020', _D65, ((0.708, 0.292), (0.170, 0.797), (0.131, 0.046))),
                   12: ('Display P3', _D65, ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060)))}
# cICP transfer characteristics the package converts: the exponent that decodes them to linear
# light, or 'sRGB'.
_CICP_TRANSFERS = {13: 'sRGB', 8: 1.0, 4: 2.2, 5: 2.8}
# Bradford cone response, for moving a white point (as LittleCMS does).
_BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367],
                      [0.0389, -0.0685, 1.0296]])
# Tags of table-based profiles, which LittleCMS prefers to a profile's matrix and curves.
_TABLE_TAGS = (b'A2B0', b'A2B1', b'A2B2', b'D2B0', b'D2B1', b'D2B2')
_GREY_MODES = ('1', 'L', 'LA', 'La', 'I', 'F')


def srgb_decode(values: np.ndarray) -> np.ndarray:
    """Return linear light of sRGB-encoded values in 0..1."""
    return np.where(values <= 0.04045, values / 12.92, ((values + 0.055) / 1.055) ** 2.4)


def srgb_encode(linear: np.ndarray) -> np.ndarray:
    """Return the sRGB encoding (0..1) of linear light, clipped to 0..1 first."""
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, linear * 12.92,
                    1.055 * np.power(linear, 1 / 2.4) - 0.055)


class Conversion:
    """
    The conversion of one file's decoded pixels to sRGB: ``convert(pixels)``.

    ``space`` is the kind of pixels it takes ('RGB', 'GRAY' or 'CMYK', the last from a CMYK
    JPEG decoded as inks); ``what`` names the declaration for messages ('an ICC profile
    (Display P3)', 'a PNG gAMA of 1').
    """

    def __init__(self, what: str, space: str, icc: Optional['_Icc'] = None,
                 curves: Optional[Sequence[Callable]] = None,
                 matrix: Optional[np.ndarray] = None):
        self.what, self.space = what, space
        self._icc, self._curves, self._matrix = icc, curves, matrix

    def convert(self, pixels: np.ndarray) -> np.ndarray:
        """
        Return decoded pixels as sRGB: RGB uint8 of the same height and width.

        ``pixels`` are (H, W), (H, W, 3) or (H, W, 4) arrays of uint8, uint16 or float in 0..1
        (a fourth channel is alpha, and dropped, except for CMYK); grey ones under a grey
        declaration may be three equal channels.
        """
        pixels = np.asarray(pixels)
        if pixels.ndim == 3 and pixels.shape[2] == 1:
            pixels = pixels[:, :, 0]
        if self.space == 'GRAY':
            pixels = pixels if pixels.ndim == 2 else pixels[:, :, 0]
        elif self.space == 'RGB':
            pixels = (np.repeat(pixels[:, :, None], 3, axis=2) if pixels.ndim == 2
                      else pixels[:, :, :3])
        if self._curves is not None:
            return _convert_parametric(pixels, self._curves, self._matrix)
        icc = self._icc
        if icc.curves is not None and pixels.dtype != np.uint8:
            return _convert_parametric(pixels, icc.curves, icc.matrix)
        return icc.apply(_as_uint8(pixels))


def file_colour(name: str, mode: Optional[str], icc: Optional[bytes] = None,
                icc_damaged: bool = False,
                png: Optional[Mapping[bytes, bytes]] = None,
                cmyk_decodable: bool = False) -> Optional[Conversion]:
    """
    Return the conversion to sRGB of a file's declared colour space, or None for sRGB.

    ``mode`` is Pillow's mode of the file ('RGB', 'L', 'CMYK', ...; None when unknown: colour
    pixels); ``icc`` its embedded ICC profile and ``icc_damaged`` whether one was present but
    could not be put together; ``png`` the colour chunks (cICP, iCCP, sRGB, gAMA, cHRM) of a
    PNG by type, whose iCCP replaces ``icc``; ``cmyk_decodable`` whether the pixels can be
    decoded as CMYK inks (a CMYK JPEG). Raises InvalidImageError naming ``name`` where the
    declaration cannot be used.
    """
    space = 'CMYK' if mode == 'CMYK' else 'GRAY' if mode in _GREY_MODES or (
        mode or '').startswith('I;16') else 'RGB'
    if png:
        if b'cICP' in png:
            return _cicp(png[b'cICP'], name, space)
        if b'iCCP' in png:
            icc, icc_damaged = _iccp_profile(png[b'iCCP'])
        elif b'sRGB' in png:
            return None
        else:
            return _png_gamma(png, name, space)
    if icc_damaged:
        raise InvalidImageError(f'{name} has an embedded colour profile that is damaged (cut '
                                'short, split wrongly or not inflatable): convert the image to '
                                'sRGB or remove the profile')
    if not icc:
        return None
    analysis = _analyse_icc(bytes(icc))
    if isinstance(analysis, str):
        raise InvalidImageError(f'{name} has an embedded colour profile that cannot be used '
                                f'({analysis}): convert the image to sRGB or remove the '
                                'profile')
    if analysis.space != space and not (analysis.space == 'RGB' and space == 'GRAY'):
        raise InvalidImageError(
            f'{name} has {_pixel_words(space)} but an embedded {analysis.space} colour profile '
            f'({analysis.description}): convert the image to sRGB or remove the profile')
    if analysis.space == 'CMYK' and not cmyk_decodable:
        raise InvalidImageError(
            f'{name} has a CMYK colour profile ({analysis.description}) that is applied to '
            'CMYK JPEG files only: convert the image to sRGB')
    if analysis.srgb:
        return None
    return Conversion(f'an ICC profile ({analysis.description})', analysis.space, icc=analysis)


def _pixel_words(space: str) -> str:
    return {'GRAY': 'grey pixels', 'CMYK': 'CMYK pixels'}.get(space, 'colour pixels')


# ICC profiles.

class _Icc:
    """An embedded ICC profile analysed: its LittleCMS conversion and, if simple, its maths."""

    def __init__(self, space: str, description: str, transform):
        self.space, self.description, self._transform = space, description, transform
        self.srgb, self.curves, self.matrix = False, None, None
        self._greys = None
        if space == 'GRAY':  # one table of the 256 greys (transformed unoptimised: exact)
            self._greys = self.apply(_probe('GRAY'))[0]

    def apply(self, pixels: np.ndarray) -> np.ndarray:
        """Return 8-bit pixels of this profile's space converted by LittleCMS to sRGB."""
        from PIL import Image
        if self._greys is not None:
            return self._greys[pixels]
        pixels = np.ascontiguousarray(pixels)
        if self.space == 'CMYK':  # Pillow takes (H, W, 4) arrays as RGBA
            height, width = pixels.shape[:2]
            image = Image.frombuffer('CMYK', (width, height), pixels, 'raw', 'CMYK', 0, 1)
        else:
            image = Image.fromarray(pixels)
        return np.asarray(self._transform.apply(image))


@functools.lru_cache(maxsize=16)
def _analyse_icc(profile: bytes):
    """Return an _Icc for ICC profile bytes, or why they cannot be used (str)."""
    from PIL import ImageCms
    if len(profile) > MAX_PROFILE_BYTES:
        return f'{len(profile)} bytes, over the limit of {MAX_PROFILE_BYTES}'
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        info = source.profile
        space = {'RGB': 'RGB', 'GRAY': 'GRAY', 'CMYK': 'CMYK'}.get(info.xcolor_space.strip())
        description = ' '.join((info.profile_description or '').split())[:60] or 'no name'
        if space is None:
            return f'a {info.xcolor_space.strip()} profile ({description}), not RGB, grey or CMYK'
        mode = {'RGB': 'RGB', 'GRAY': 'L', 'CMYK': 'CMYK'}[space]
        # shared by threads: no one-pixel cache. LittleCMS's optimised 8-bit grey-to-RGB
        # conversion is up to 10 levels off in the shadows of a linear profile: greys are
        # converted unoptimised, once, into a table
        flags = ImageCms.Flags.NOCACHE
        if space == 'GRAY':
            flags |= ImageCms.Flags.NOOPTIMIZE
        transform = ImageCms.buildTransform(source, _srgb_profile(), mode, 'RGB',
                                            ImageCms.Intent.PERCEPTUAL, flags=flags)
        analysis = _Icc(space, description, transform)
        degenerate = _tone_problem(analysis)
        if degenerate:
            return degenerate
        if space != 'CMYK':
            probe = _probe(space)
            shown = analysis.apply(probe).astype(np.int16)
            analysis.srgb = _most_moved(shown, probe) <= SRGB_LEVELS
    except Exception as exc:  # noqa: B902 (Pillow raises several types for bad profiles)
        return reason(exc)[:120]
    if not analysis.srgb and space != 'CMYK':
        try:
            curves, matrix = _matrix_shaper(profile, space)
            # used for 16-bit and float pixels only where it agrees with LittleCMS
            if _most_moved(shown, _convert_parametric(probe, curves, matrix)) <= 1:
                analysis.curves, analysis.matrix = curves, matrix
        except (ValueError, KeyError, struct.error, ZeroDivisionError, np.linalg.LinAlgError):
            pass  # a table-based profile, or one read by LittleCMS alone: 8 bits
    return analysis


def _tone_problem(analysis: '_Icc') -> Optional[str]:
    """
    Return how a profile's conversion of a grey ramp is unusable, or None.

    Black to white (all black ink to none for CMYK) must come out ever lighter, within
    TONE_ROUNDING, in LEAST_TONE_LEVELS levels or more: LittleCMS accepts profiles whose curves
    map every grey to one colour or invert tones.
    """
    ramp = np.arange(256, dtype=np.uint8)[None, :]
    if analysis.space == 'RGB':
        ramp = np.repeat(ramp[:, :, None], 3, axis=2)
    elif analysis.space == 'CMYK':  # black ink only, all of it last: reversed below
        ramp = np.stack([np.zeros_like(ramp)] * 3 + [ramp[:, ::-1]], axis=2)
    lightness = analysis.apply(ramp).astype(np.float64).mean(axis=-1).reshape(-1)
    levels = np.unique(np.round(lightness)).size
    fall = float(-np.diff(lightness).min())
    if fall > TONE_ROUNDING:
        return (f'it inverts tones: a lighter grey comes out up to {fall:.0f} levels darker '
                'than a darker one')
    if levels < LEAST_TONE_LEVELS:
        return (f'it converts the 256 greys to {levels} level{"s" if levels > 1 else ""} of '
                f'lightness, from {lightness.min():.0f} to {lightness.max():.0f}: the picture '
                'to almost one colour')
    return None


def _probe(space: str) -> np.ndarray:
    """Return 8-bit colours (1, N, 3) or greys (1, N) to try a conversion on."""
    if space == 'GRAY':
        return np.arange(256, dtype=np.uint8)[None, :]
    levels = np.unique(np.r_[np.arange(0, 256, 5), 1, 2, 3, 4, 254]).astype(np.uint8)
    return np.stack(np.meshgrid(levels, levels, levels, indexing='ij'), axis=-1).reshape(1, -1, 3)


def _most_moved(shown: np.ndarray, pixels: np.ndarray) -> int:
    """Return the largest difference in levels between RGB ``shown`` and ``pixels``."""
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[:, :, None], 3, axis=2)
    return int(np.abs(shown.astype(np.int16) - pixels.astype(np.int16)).max())


@functools.lru_cache(maxsize=1)
def _srgb_profile():
    from PIL import ImageCms
    return ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB'))


@functools.lru_cache(maxsize=1)
def _srgb_from_pcs() -> np.ndarray:
    """Return the matrix from ICC connection space XYZ (D50) to linear sRGB, as LittleCMS's."""
    profile = _srgb_profile().profile
    colorants = np.array([profile.red_colorant[0], profile.green_colorant[0],
                          profile.blue_colorant[0]]).T
    return np.linalg.inv(colorants)


def _matrix_shaper(profile: bytes, space: str) -> Tuple[Sequence[Callable], Optional[np.ndarray]]:
    """
    Return (curves, matrix to linear sRGB) of a matrix/TRC profile; raise ValueError otherwise.

    The curves decode each channel to linear light; the matrix (None for grey) takes them
    through the connection space (D50) to linear sRGB, as LittleCMS does for such profiles.
    """
    count, = struct.unpack_from('>I', profile, 128)
    tags: Dict[bytes, bytes] = {}
    for index in range(min(count, 1000)):
        signature, offset, size = struct.unpack_from('>4sII', profile, 132 + 12 * index)
        tags[signature] = profile[offset:offset + size]
    if any(tag in tags for tag in _TABLE_TAGS):
        raise ValueError('a table-based profile')
    if space == 'GRAY':
        return [_icc_curve(tags[b'kTRC'])], None
    curves = [_icc_curve(tags[tag]) for tag in (b'rTRC', b'gTRC', b'bTRC')]
    colorants = np.array([_icc_xyz(tags[tag]) for tag in (b'rXYZ', b'gXYZ', b'bXYZ')]).T
    return curves, _srgb_from_pcs() @ colorants


def _s15(data: bytes, offset: int, count: int) -> np.ndarray:
    return np.array(struct.unpack_from(f'>{count}i', data, offset), np.float64) / 65536.0


def _icc_xyz(tag: bytes) -> np.ndarray:
    if tag[:4] != b'XYZ ':
        raise ValueError('not an XYZ tag')
    return _s15(tag, 8, 3)


def _icc_curve(tag: bytes) -> Callable:
    """Return the function of an ICC curv or para tag (values 0..1 to linear light)."""
    kind = tag[:4]
    if kind == b'curv':
        count, = struct.unpack_from('>I', tag, 8)
        if count == 0:
            return lambda values: values
        if count == 1:
            gamma = struct.unpack_from('>H', tag, 12)[0] / 256.0
            return lambda values: np.power(values, gamma)
        table = np.frombuffer(tag, '>u2', count, 12).astype(np.float64) / 65535.0
        grid = np.linspace(0.0, 1.0, count)
        return lambda values: np.interp(values, grid, table)
    if kind != b'para':
        raise ValueError('not a curve')
    function, = struct.unpack_from('>H', tag, 8)
    count = {0: 1, 1: 3, 2: 4, 3: 5, 4: 7}[function]
    gamma, a, b, c, d, e, f = [float(value) for value in _s15(tag, 12, count)] + \
        [0.0] * (7 - count)
    if function == 0:
        a, b, c, d, e, f = 1.0, 0.0, 0.0, 0.0, 0.0, 0.0
    elif function in (1, 2):  # below -b/a: 0 (type 1) or c (type 2)
        offset = c if function == 2 else 0.0
        c, d, e, f = 0.0, -b / a, offset, offset
    return lambda values: np.where(values >= d,
                                   np.power(np.maximum(a * values + b, 0.0), gamma) + e,
                                   c * values + f)


# PNG chunks.

def _iccp_profile(chunk: bytes) -> Tuple[Optional[bytes], bool]:
    """Return (profile, damaged) of a PNG iCCP chunk's payload (name, 0, method 0, zlib)."""
    end = chunk.find(b'\0')
    if end < 1 or end + 2 > len(chunk) or chunk[end + 1] != 0:
        return None, True
    inflater = zlib.decompressobj()
    try:
        profile = inflater.decompress(chunk[end + 2:], MAX_PROFILE_BYTES + 1)
    except zlib.error:
        return None, True
    if not inflater.eof or not profile:
        return None, True
    return profile, False


def _cicp(chunk: bytes, name: str, space: str) -> Optional[Conversion]:
    if len(chunk) != 4:
        raise InvalidImageError(f'{name} has a damaged cICP chunk (colour space) of '
                                f'{len(chunk)} bytes')
    primaries, transfer, matrix, full_range = chunk
    if primaries not in _CICP_PRIMARIES or transfer not in _CICP_TRANSFERS or matrix != 0 \
            or full_range != 1:
        raise InvalidImageError(
            f'{name} declares a colour space (cICP primaries {primaries}, transfer {transfer}, '
            f'matrix {matrix}, full range {full_range}) that the package cannot convert to '
            'sRGB: convert the image to sRGB')
    label, white, rgb = _CICP_PRIMARIES[primaries]
    curve = _CICP_TRANSFERS[transfer]
    if primaries == 1 and curve == 'sRGB':
        return None
    words = 'sRGB' if curve == 'sRGB' else f'gamma {curve:g}'
    return _parametric(f'a PNG cICP chunk ({label} primaries, {words} curve)', space,
                       None if curve == 'sRGB' else 1.0 / curve,
                       None if primaries == 1 else (white, rgb))


def _png_gamma(png: Mapping[bytes, bytes], name: str, space: str) -> Optional[Conversion]:
    """Return the conversion a PNG's gAMA and cHRM chunks declare (None for sRGB)."""
    gamma = chroma = None
    if b'gAMA' in png:  # Pillow refuses a file whose gAMA or cHRM chunk is too short
        data = png[b'gAMA']
        gamma = int.from_bytes(data[:4], 'big') / 100000.0 if len(data) >= 4 else 0.0
        if gamma <= 0.0:
            raise InvalidImageError(f'{name} has a damaged gAMA chunk (gamma {gamma:g}): '
                                    'convert the image to sRGB or remove the chunk')
        if abs(gamma * 2.2 - 1.0) <= GAMMA_TOLERANCE:
            gamma = None  # sRGB's curve
    if b'cHRM' in png:
        data = png[b'cHRM']
        values = (np.array(struct.unpack('>8I', data[:32])) / 100000.0 if len(data) >= 32
                  else np.zeros(8))
        white, rgb = tuple(values[:2]), tuple(map(tuple, values[2:].reshape(3, 2)))
        try:
            _rgb_to_xyz(white, rgb)
        except (ValueError, np.linalg.LinAlgError):
            raise InvalidImageError(
                f'{name} has a cHRM chunk of impossible chromaticities (white {white[0]:g}, '
                f'{white[1]:g}): convert the image to sRGB or remove the chunk') from None
        standard = np.array([*_D65, *np.ravel(_SRGB_PRIMARIES)])
        # a grey image has no primaries: the white it shows is the white
        if space != 'GRAY' and np.abs(values - standard).max() > CHROMATICITY_TOLERANCE:
            chroma = (white, rgb)
    if gamma is None and chroma is None:
        return None
    words = [f'gAMA of {gamma:g}'] if gamma is not None else []
    words += ["cHRM of other primaries than sRGB's"] if chroma is not None else []
    return _parametric('a PNG ' + ' and '.join(words), space, gamma, chroma)


def _parametric(what: str, space: str, gamma: Optional[float], chroma) -> Conversion:
    """Return a Conversion decoding ``value ** (1 / gamma)`` (sRGB's curve for None)."""
    if gamma is None:
        curve = srgb_decode
    else:
        exponent = 1.0 / gamma
        curve = (lambda values: values) if exponent == 1.0 else \
            (lambda values: np.power(values, exponent))
    matrix = None
    if chroma is not None and space != 'GRAY':  # a grey image shows its white as white
        white, rgb = chroma
        srgb = _rgb_to_xyz(_D65, _SRGB_PRIMARIES)
        matrix = np.linalg.inv(srgb) @ _adapt(white, _D65) @ _rgb_to_xyz(white, rgb)
    space = 'GRAY' if space == 'GRAY' else 'RGB'
    return Conversion(what, space, curves=[curve] * (1 if space == 'GRAY' else 3),
                      matrix=matrix)


def _xyz(chromaticity) -> np.ndarray:
    x, y = chromaticity
    if not (0.0 < y <= 1.0 and 0.0 <= x <= 1.0 and x + y <= 1.0):
        raise ValueError(f'no colour at x {x}, y {y}')
    return np.array([x / y, 1.0, (1.0 - x - y) / y])


def _rgb_to_xyz(white, primaries) -> np.ndarray:
    """Return the matrix from linear RGB of these primaries to XYZ (white at Y = 1)."""
    columns = np.array([_xyz(primary) for primary in primaries]).T
    scale = np.linalg.solve(columns, _xyz(white))
    if np.any(scale <= 0.0):
        raise ValueError('the white is outside the primaries')
    return columns * scale


def _adapt(source, target) -> np.ndarray:
    """Return the Bradford matrix that moves XYZ under white ``source`` to white ``target``."""
    gains = (_BRADFORD @ _xyz(target)) / (_BRADFORD @ _xyz(source))
    return np.linalg.inv(_BRADFORD) @ np.diag(gains) @ _BRADFORD


# Pixels.

def _as_uint8(pixels: np.ndarray) -> np.ndarray:
    """Return pixels as uint8 as ``image_io.as_rgb_image`` reduces them (high byte, rounding)."""
    if pixels.dtype == np.uint8:
        return pixels
    if pixels.dtype == np.uint16:
        return (pixels >> 8).astype(np.uint8)
    return (np.clip(pixels, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def _convert_parametric(pixels: np.ndarray, curves: Sequence[Callable],
                        matrix: Optional[np.ndarray]) -> np.ndarray:
    """
    Return pixels decoded by per-channel curves, mixed by ``matrix`` and sRGB-encoded.

    Integer pixels go through tables of their codes; mixed ones are converted a block of rows
    at a time (a 50-megapixel file needs no gigabytes of floating-point copies).
    """
    integer = pixels.dtype in (np.uint8, np.uint16)
    if integer:
        codes = np.arange(np.iinfo(pixels.dtype).max + 1, dtype=np.float64)
        codes /= codes[-1]
        if matrix is None:  # channel by channel: one table from code to sRGB level
            tables = [_to_levels(srgb_encode(curve(codes))) for curve in curves]
            return _stack([table[pixels if pixels.ndim == 2 else pixels[:, :, i]]
                           for i, table in enumerate(tables)])
        linear_tables = [curve(codes).astype(np.float32) for curve in curves]
    height, width = pixels.shape[:2]
    converted = np.empty((height, width, 3), np.uint8)
    rows = max(1, _BLOCK_PIXELS // max(1, width))
    for top in range(0, height, rows):
        block = pixels[top:top + rows]
        if integer:
            linear = np.stack([table[block[:, :, i]] for i, table in enumerate(linear_tables)],
                              axis=2)
        else:
            values = np.clip(block.astype(np.float64), 0.0, 1.0)
            channels = [values] if values.ndim == 2 else [values[:, :, i] for i in range(3)]
            linear = np.stack([curve(channel) for curve, channel in zip(curves, channels)],
                              axis=2)
        if matrix is not None:
            linear = linear @ matrix.T.astype(linear.dtype)
        converted[top:top + rows] = _to_levels(srgb_encode(linear))  # grey: to all three
    return converted


def _stack(channels) -> np.ndarray:
    if len(channels) == 1:
        return np.repeat(channels[0][:, :, None], 3, axis=2)
    return np.ascontiguousarray(np.stack(channels, axis=2))


def _to_levels(encoded: np.ndarray) -> np.ndarray:
    return (encoded * 255.0 + 0.5).astype(np.uint8)

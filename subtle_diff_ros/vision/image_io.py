# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Reading, checking and writing RGB images (uint8, shape (H, W, 3)).

Pixel values are sRGB everywhere. An image decoded from bytes or a file (``decode_image``,
``load_image``: the command line's files, the nodes' compressed images) whose file declares
another colour space is converted to sRGB as it is decoded: an embedded ICC profile (a phone's
Display P3, a camera's Adobe RGB) or a PNG's cICP, gAMA and cHRM chunks (a 16-bit PNG of linear
light marked gamma 1.0); a declaration that cannot be used (a damaged profile, an HDR cICP) is
refused with InvalidImageError. Files without one, or declaring sRGB, are decoded exactly as
stored. See ``colour_profile`` for the rules. A file whose alpha varies (a cut-out: an object on
a transparent background) is read as a viewer shows it, over a plain grey (``over_background``),
never with the colours hidden under its transparent part.
"""

import io
import os
import re
from typing import Iterator, List, Optional, Sequence, Tuple
import warnings

import cv2
import numpy as np

from .colour_profile import Conversion, file_colour
from ..core.errors import InvalidImageError, reason
from ..core.files import read_regular_file, write_file

# Longest side, in pixels, of the working copy every measurement uses.
WORK_SIDE = 160
# Images smaller than this on either side have too few pixels to measure (requests refuse them).
MIN_IMAGE_SIDE = 16
# How far outside 0..1 a floating-point image's values may stray (rounding) and be clipped;
# farther, it is no colour image scaled to 0..1 (a depth image in metres) and is refused.
FLOAT_SLACK = 1e-3
# The plain greys (sRGB, every channel) a cut-out (an image file whose alpha varies) is shown
# on, and how close (CIELAB units) an object pixel may come to one before another is taken
# (``cut_out_background``): the automatic mask seeds the object with pixels 10 units from the
# backdrop. On ETH-80 cup and car cut-outs (their own masks) over one fixed grey the automatic
# mask agreed with the cut-out's (intersection over union) at 0.96 on average over black (min
# 0.93), 0.93 over mid grey (min 0.73, a grey car) and 0.59 over white (min 0.19: white cups).
CUT_OUT_BACKGROUNDS = (0, 128, 255)
CUT_OUT_CONTRAST = 12.0
# Most pixels an image file may have (``load_image``): 50 megapixels, a large camera's photo;
# a file whose header announces more is refused before any pixel is decoded.
# OpenCV's own log lines on stderr for a file it cannot decode ("[ERROR:0@0.7] global
# grfmt_tiff.cpp ..."): the error raised names the file in one line instead.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
MAX_FILE_PIXELS = 50_000_000
# Most pixels a request image or a stored reference may have unless a node says otherwise (the
# difference server's max_image_pixels): a 4K frame.
DEFAULT_MAX_IMAGE_PIXELS = 3840 * 2160
# The largest image file read (50 million 16-bit RGBA pixels stored raw take 400 MB): a larger
# one is refused before it is read into memory.
MAX_IMAGE_FILE_BYTES = 1 << 30
# EXIF orientation -> (quarter turns counter-clockwise, then mirror left-right), as np.rot90.
_ORIENTATIONS = {2: (0, True), 3: (2, False), 4: (2, True), 5: (1, True), 6: (3, False),
                 7: (3, True), 8: (1, False)}
# A PGM or PPM header (plain P2, P3 or raw P5, P6) up to its maxval, the fourth of its numbers
# apart by whitespace or comments.
_NETPBM_HEADER = re.compile(rb'P([2356])(?:(?:\s|#[^\r\n]*+)+(\d+)){3}')
# The PNG chunks that declare a colour space (all come before the pixel data).
_PNG_COLOUR_CHUNKS = (b'cICP', b'iCCP', b'sRGB', b'gAMA', b'cHRM')


def as_rgb_image(image: np.ndarray, name: str = 'image',
                 max_pixels: Optional[int] = None) -> np.ndarray:
    """
    Return ``image`` as a contiguous RGB uint8 array, or raise InvalidImageError.

    Accepts (H, W), (H, W, 1), (H, W, 3) and (H, W, 4) arrays of uint8, uint16 or float in [0, 1]
    (the alpha of (H, W, 4) is dropped: a camera's BGRX pixels may leave it 0), in either byte
    order.
    """
    if not isinstance(image, np.ndarray):
        raise InvalidImageError(f'{name} is not an array')
    if isinstance(image, np.ma.MaskedArray):  # its mask would be dropped without a word
        raise InvalidImageError(f'{name} is a masked array: send the pixels as a plain array '
                                'and the mask as a mask')
    image = np.asarray(image)  # a subclass (np.matrix) as its plain pixels
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise InvalidImageError(f'{name} has shape {image.shape}; expected (H, W) or (H, W, 3|4)')
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise InvalidImageError(f'{name} is empty ({image.shape[1]}x{image.shape[0]})')
    if max_pixels is not None and image.shape[0] * image.shape[1] > max_pixels:
        raise InvalidImageError(
            f'{name} is {image.shape[1]}x{image.shape[0]}, over the limit of {max_pixels} pixels')
    if not image.dtype.isnative:  # byte order is storage, not value: '>u2' is uint16 too
        image = image.astype(image.dtype.newbyteorder('='))
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype.kind == 'f':
        if not np.all(np.isfinite(image)):
            raise InvalidImageError(f'{name} has non-finite values')
        low, high = float(image.min()), float(image.max())
        if low < -FLOAT_SLACK or high > 1.0 + FLOAT_SLACK:
            # a depth image in metres or a 0..255 float is no colour scaled to 0..1: clipping
            # it would answer about a picture nobody sent
            raise InvalidImageError(
                f'{name} is a floating-point image with values from {low:g} to {high:g}: only '
                'floating-point images scaled to 0..1 can be read')
        image = (np.clip(image, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
    elif image.dtype != np.uint8:
        raise InvalidImageError(f'{name} has unsupported dtype {image.dtype}')
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    elif image.shape[2] == 4:
        image = image[:, :, :3]
    return np.ascontiguousarray(image)


def working_copy(image: np.ndarray, max_side: int = WORK_SIDE) -> Tuple[np.ndarray, float]:
    """
    Return (RGB uint8 copy with longest side <= max_side, scale factor).

    Shrinks by pixel-area averaging over a whole-number factor (OpenCV's fast path), then
    linearly for the remaining fraction.
    """
    h, w = image.shape[:2]
    scale = min(1.0, max_side / float(max(h, w)))
    if scale >= 1.0:
        return image, 1.0
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    factor = int(1.0 / scale)
    if factor >= 2:
        image = cv2.resize(image, (max(1, w // factor), max(1, h // factor)),
                           interpolation=cv2.INTER_AREA)
    if (image.shape[1], image.shape[0]) != size:
        image = cv2.resize(image, size, interpolation=cv2.INTER_LINEAR)
    return image, scale


def crop_to_mask(image: np.ndarray, mask: Optional[np.ndarray], padding: float = 0.1,
                 name: str = 'image') -> np.ndarray:
    """
    Return ``image`` cropped to the bounding box of ``mask`` grown by ``padding`` per side.

    ``padding`` is a fraction of the box size. A None mask returns the image unchanged.
    """
    if mask is None:
        return image
    mask = np.asarray(mask)
    if mask.shape[:2] != image.shape[:2]:
        raise InvalidImageError(f'the mask of {name} has shape {mask.shape[:2]}, the image '
                                f'{image.shape[:2]}')
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        raise InvalidImageError(f'the mask of {name} marks no pixel')
    pad_y = int(round((rows[-1] - rows[0] + 1) * padding))
    pad_x = int(round((cols[-1] - cols[0] + 1) * padding))
    top, bottom = max(0, rows[0] - pad_y), min(image.shape[0], rows[-1] + 1 + pad_y)
    left, right = max(0, cols[0] - pad_x), min(image.shape[1], cols[-1] + 1 + pad_x)
    return np.ascontiguousarray(image[top:bottom, left:right])


def crop_images(images: Sequence[np.ndarray], masks=None,
                padding: float = 0.1) -> List[np.ndarray]:
    """Return the images as RGB uint8, each cropped to its mask's box when masks are given."""
    images = [as_rgb_image(image, name=f'image {i}') for i, image in enumerate(images)]
    if masks is None:
        return images
    if len(masks) != len(images):
        raise InvalidImageError(f'{len(masks)} masks given for {len(images)} images')
    return [crop_to_mask(image, mask, padding, name=f'image {i}')
            for i, (image, mask) in enumerate(zip(images, masks))]


def check_image(image: np.ndarray, name: str, max_pixels: Optional[int] = None) -> np.ndarray:
    """
    Return ``image`` as RGB uint8 when it is large enough to measure; else raise.

    An image of more than ``max_pixels`` pixels (when given) is refused before it is copied.
    """
    image = as_rgb_image(image, name, max_pixels)
    height, width = image.shape[:2]
    if min(height, width) < MIN_IMAGE_SIDE:
        raise InvalidImageError(f'{name} is {width}x{height}: both sides must be at least '
                                f'{MIN_IMAGE_SIDE} pixels')
    return image


def decode_image(data: bytes, name: str = 'image', max_pixels: Optional[int] = None,
                 formats: Optional[Sequence[str]] = None, colour: bool = True) -> np.ndarray:
    """
    Return encoded image bytes as RGB uint8, or raise InvalidImageError naming ``name``.

    The header is read first (Pillow, no pixels): the format (one of ``formats`` when given),
    the size against ``max_pixels``, and for JPEG and PNG whether the data can hold the image
    it announces (``_check_complete``); only then are the pixels decoded, a JPEG strictly (a
    scan that ends early is refused, not filled with grey). An EXIF orientation is applied, so
    a photo turned by its camera is measured the way it is shown. A floating-point TIFF (which
    Pillow cannot open) is read from its own header; its values must lie in 0..1.

    With ``colour`` (a mask is read without), pixels of a file that declares a colour space
    other than sRGB (an ICC profile, PNG cICP, gAMA or cHRM chunks) are converted to sRGB, and
    a declaration that cannot be used is refused (``colour_profile.file_colour``); the
    declaration is read from the header, before the pixels are decoded. A file with an alpha
    channel that varies is composited on a plain grey (``over_background``).
    """
    from PIL import Image as PilImage
    if not data:
        raise InvalidImageError(f'{name} carries no image data')
    try:
        with warnings.catch_warnings():  # the size is checked below, against max_pixels
            warnings.simplefilter('ignore', PilImage.DecompressionBombWarning)
            warnings.simplefilter('ignore', UserWarning)  # a damaged EXIF block of a JPEG
            header = _open_header(data)
    except PilImage.UnidentifiedImageError:
        header = None
    except Exception as exc:  # noqa: B902 (Pillow raises several types for bad data)
        raise InvalidImageError(f'{name} cannot be read as an image ({reason(exc)[:120]})')
    if header is None:
        kind, tiff = 'TIFF', _float_tiff_header(data, name)
        (width, height), orientation = tiff[:2]
    else:  # read from memory: nothing to close
        kind, (width, height) = header.format, header.size
    if formats is not None and kind not in formats:
        raise InvalidImageError(f'{name} is {kind}, not {" or ".join(formats)}')
    if width <= 0 or height <= 0:
        raise InvalidImageError(f'{name} is empty ({width}x{height})')
    if max_pixels is not None and width * height > max_pixels:
        raise InvalidImageError(
            f'{name} is {width}x{height}, over the limit of {max_pixels} pixels')
    if header is not None:
        orientation = _orientation(header, data, name)
    if kind in ('JPEG', 'PNG'):
        _check_complete(data, kind, width, height, name)
    conversion = None
    if colour:
        conversion = _declared_colour(header, data, kind, name,
                                      tiff[2:] if header is None else None)
    if kind == 'JPEG':
        import simplejpeg
        inks = conversion is not None and conversion.space == 'CMYK'
        try:
            decoded = simplejpeg.decode_jpeg(data, colorspace='CMYK' if inks else 'RGB',
                                             strict=True)
            if inks:  # stored inverted, as Adobe writes them (and Pillow reads them)
                decoded = 255 - decoded
        except ValueError as exc:
            raise InvalidImageError(f'{name} is a damaged JPEG stream ({exc})')
    else:
        decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
        if decoded is None:
            raise InvalidImageError(f'{name} could not be decoded as {kind}')
        if decoded.dtype == np.float64:
            decoded = decoded.astype(np.float32)  # OpenCV converts colours of float32 only
        if decoded.ndim == 3:
            code = cv2.COLOR_BGRA2RGBA if decoded.shape[2] == 4 else cv2.COLOR_BGR2RGB
            decoded = cv2.cvtColor(decoded, code)
            if decoded.shape[2] == 4 and not np.any(decoded[:, :, 3]):
                # its colours are whatever the writer left under a 0 alpha: no one sees them
                raise InvalidImageError(f'{name} is fully transparent (its alpha is 0 '
                                        'everywhere): there is nothing to see in it')
        if decoded.dtype.kind == 'f':
            _check_unit_range(decoded, name)
        if kind == 'PPM':
            decoded = _netpbm_full_range(decoded, data)
    # OpenCV's TIFF decoder turns the pixels by the file's orientation itself (float ones too);
    # the other decoders give them as stored
    turns, mirror = _ORIENTATIONS.get(1 if kind == 'TIFF' else orientation, (0, False))
    if mirror:
        decoded = decoded[:, ::-1]
    if turns:
        decoded = np.rot90(decoded, turns)
    alpha = _alpha(decoded)
    if conversion is not None:
        decoded = conversion.convert(decoded)
    image = as_rgb_image(decoded, name=name, max_pixels=max_pixels)
    return image if alpha is None else over_background(image, alpha)


def _alpha(decoded: np.ndarray) -> Optional[np.ndarray]:
    """
    Return the alpha (float32, 0-1) of decoded pixels when it varies over the image, else None.

    A constant alpha (all opaque, or a writer's filler) shows the colours as they are: it is
    dropped, as before. One that varies is a cut-out's (``over_background``).
    """
    if decoded.ndim != 3 or decoded.shape[2] != 4:
        return None
    alpha = decoded[:, :, 3]
    if alpha.min() == alpha.max():
        return None
    if alpha.dtype.kind == 'f':
        return np.clip(alpha, 0.0, 1.0).astype(np.float32)
    return (alpha / float(np.iinfo(alpha.dtype).max)).astype(np.float32)


def cut_out_background(image: np.ndarray, alpha: np.ndarray) -> int:
    """
    Return the grey level (0-255 in every channel) a cut-out is shown on (``over_background``).

    One of ``CUT_OUT_BACKGROUNDS``: the one the fewest of the cut-out's opaque pixels (alpha at
    least one half) are close to (within ``CUT_OUT_CONTRAST`` CIELAB units), the first on a tie,
    so that the object stands out from it and the automatic mask finds its outline. The choice
    depends on what is shown only: two files that show the same cut-out get the same one.
    """
    shown = image[alpha >= 0.5]
    if not shown.size:
        return CUT_OUT_BACKGROUNDS[0]
    step = max(1, shown.shape[0] // 20000)
    lab = cv2.cvtColor(shown[::step][None].astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)[0]
    close = []
    for level in CUT_OUT_BACKGROUNDS:
        grey = cv2.cvtColor(np.full((1, 1, 3), level / 255.0, np.float32), cv2.COLOR_RGB2LAB)[0]
        close.append(int(np.count_nonzero(
            np.linalg.norm(lab - grey, axis=1) < CUT_OUT_CONTRAST)))
    return CUT_OUT_BACKGROUNDS[int(np.argmin(close))]


def over_background(image: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """
    Return an RGB uint8 cut-out composited (alpha over) on a plain neutral background.

    The colours a file stores under a transparent alpha are whatever its writer left there
    (black, white, the removed backdrop, noise): no viewer shows them, and measuring them made
    two files that look the same differ (a cut-out with black under its transparent part was
    "the darker cup" at 1.00 against the same one with white). The picture is what a viewer
    shows: the colours weighed by their alpha over one plain grey (``cut_out_background``),
    which the automatic mask takes for background like any plain backdrop.
    """
    level = cut_out_background(image, alpha)
    weight = alpha[:, :, None]
    mixed = image.astype(np.float32) * weight + np.float32(level) * (1.0 - weight)
    return np.ascontiguousarray(np.clip(mixed + 0.5, 0, 255).astype(np.uint8))


def _open_header(data: bytes):
    """
    Return the image Pillow opens from ``data`` (its header: no pixel is decoded).

    Pillow refuses a PNG whose iCCP profile inflates past its limit for text chunks (1 MB); a
    table-based profile can be larger (``colour_profile.MAX_PROFILE_BYTES``). The header is
    then read without the iCCP chunk, which ``_declared_colour`` reads itself.
    """
    from PIL import Image as PilImage
    try:
        return PilImage.open(io.BytesIO(data))
    except ValueError as exc:
        if 'MAX_TEXT_CHUNK' not in str(exc) or not data.startswith(b'\x89PNG\r\n\x1a\n'):
            raise
        chunk = next(((start, end) for kind, start, end in _png_chunks(data)
                      if kind == b'iCCP'), None)
        if chunk is None:
            raise
        start, end = chunk
        return PilImage.open(io.BytesIO(data[:start - 8] + data[end + 4:]))


def _declared_colour(header, data: bytes, kind: str, name: str,
                     tiff: Optional[Tuple[Optional[bytes], str]]) -> Optional[Conversion]:
    """
    Return the conversion to sRGB that a file's header declares (None for sRGB or none).

    ``header`` is the file as Pillow opened it (None for a floating-point TIFF, whose embedded
    profile and mode are ``tiff``). A PNG's colour chunks are read by walking its chunks up to
    the pixel data (Pillow drops an iCCP chunk it cannot inflate without a word).
    """
    if header is None:
        return file_colour(name, tiff[1], icc=tiff[0])
    if kind == 'PNG':
        chunks = {}
        for chunk, start, end in _png_chunks(data):
            if chunk == b'IDAT':
                break
            if chunk in _PNG_COLOUR_CHUNKS:
                chunks.setdefault(chunk, data[start:end])
        return file_colour(name, header.mode, png=chunks) if chunks else None
    icc = header.info.get('icc_profile')
    if icc is not None and not isinstance(icc, bytes):
        icc = bytes(icc)
    # Pillow keeps the key with None for a JPEG profile split over markers that do not add up
    return file_colour(name, header.mode, icc=icc,
                       icc_damaged='icc_profile' in header.info and not icc,
                       cmyk_decodable=kind == 'JPEG')


def _orientation(header, data: bytes, name: str) -> int:
    """
    Return the EXIF orientation of the image Pillow opened as ``header`` (1 without one).

    A damaged EXIF block counts as none: the pixels are shown as stored.

    A PNG's eXIf chunk is found by walking the chunks: Pillow's ``getexif`` decodes every pixel
    of a PNG whose eXIf chunk is not ahead of its pixel data (or that has none).
    """
    try:
        with warnings.catch_warnings():  # Pillow warns of a damaged EXIF block on stderr
            warnings.simplefilter('ignore', UserWarning)
            return _read_orientation(header, data)
    except Exception:  # noqa: B902 (Pillow raises several types for bad data)
        return 1  # a damaged EXIF block: the pixels are shown as stored


def _read_orientation(header, data: bytes) -> int:
    from PIL import Image as PilImage
    if header.format == 'PNG':
        exif = PilImage.Exif()
        chunk = next(((start, end) for chunk, start, end in _png_chunks(data)
                      if chunk == b'eXIf'), None)
        if chunk is not None:
            exif.load(data[chunk[0]:chunk[1]])
    elif header.format in ('JPEG', 'TIFF', 'WEBP'):
        exif = header.getexif()
    else:
        return 1
    return exif.get(0x0112, 1)


def _float_tiff_header(data: bytes,
                       name: str) -> Tuple[Tuple[int, int], int, Optional[bytes], str]:
    """
    Return ((width, height), EXIF orientation, ICC profile, mode) of a floating-point TIFF.

    Pillow refuses such files. The mode is 'F' (one sample a pixel) or 'RGB'.

    Only the first directory of tags is read (no pixels); data that is not such a TIFF raises
    InvalidImageError as an unknown or damaged format.
    """
    from PIL import TiffImagePlugin
    unknown = InvalidImageError(f'{name} cannot be read as an image (unknown or damaged format)')
    if data[:4] not in (b'II*\0', b'MM\0*'):
        raise unknown
    try:
        with warnings.catch_warnings():  # the damage is reported as unknown or damaged
            warnings.simplefilter('ignore')
            tags = TiffImagePlugin.ImageFileDirectory_v2(data[:8])
            stream = io.BytesIO(data)
            stream.seek(tags.next)
            tags.load(stream)
        size, orientation = (int(tags[256]), int(tags[257])), int(tags.get(274, 1))
        floating = tags.get(339, (1,))
        icc = tags.get(34675)
        icc = bytes(icc) if icc is not None else None
        mode = 'F' if int(tags.get(277, 1)) == 1 else 'RGB'
    except Exception:  # noqa: B902 (Pillow raises several types for bad data)
        raise unknown from None
    if 3 not in (floating if isinstance(floating, tuple) else (floating,)):
        raise unknown
    return size, orientation, icc, mode


def _check_unit_range(image: np.ndarray, name: str) -> None:
    """Raise InvalidImageError unless a floating-point image holds finite values in 0..1."""
    if not np.all(np.isfinite(image)):
        raise InvalidImageError(f'{name} is a floating-point image with non-finite values')
    low, high = float(image.min()), float(image.max())
    if low < 0.0 or high > 1.0:
        raise InvalidImageError(
            f'{name} is a floating-point image with values from {low:g} to {high:g}: only '
            'floating-point images scaled to 0..1 can be read')


def _netpbm_full_range(image: np.ndarray, data: bytes) -> np.ndarray:
    """
    Return the pixels OpenCV decoded of a PGM or PPM file scaled from its maxval to 0..255.

    OpenCV gives the stored values as they are (1023 is white in a 10-bit file), except that it
    scales a plain (ASCII) file of maxval below 256 itself. Values over maxval count as maxval,
    as OpenCV and Pillow read them. Bitmaps (P1, P4) and float maps (Pf) come out as they are.
    """
    header = _NETPBM_HEADER.match(data)
    if header is None:
        return image
    plain, maxval = header.group(1) in b'23', int(header.group(2))
    if maxval in (255, 65535) or (plain and maxval < 256):
        return image
    levels = np.minimum(np.arange(1 << (8 * image.itemsize)), maxval)
    return ((levels * 255 + maxval // 2) // maxval).astype(np.uint8)[image]


def _check_complete(data: bytes, kind: str, width: int, height: int, name: str) -> None:
    """
    Raise InvalidImageError when compressed data cannot hold the image its header announces.

    A JPEG codes every 8x8 block of its luma with at least one bit, and deflate packs at most
    about 1032 bytes into one, so fewer bytes than that are a header over missing pixels (which
    decoders fill with grey); a stream must also end with its end marker (JPEG EOI, PNG IEND).
    This is checked before any pixel buffer is allocated; JPEG scans that end early despite
    enough bytes are caught by the strict decoder.
    """
    if kind == 'JPEG':
        least = -(-width // 8) * -(-height // 8) // 8
        ends = data.rfind(b'\xff\xd9') > 0
    else:
        least = height * (width + 1) // 1032
        ends = _png_chunks_end(data)
    if len(data) < least:
        raise InvalidImageError(f'{name} claims {width}x{height} pixels but carries only '
                                f'{len(data)} bytes of {kind} data (at least {least} needed)')
    if not ends:
        raise InvalidImageError(f'{name} is a truncated {kind} stream (no end marker)')


def _png_chunks(data: bytes) -> Iterator[Tuple[bytes, int, int]]:
    """
    Yield (type, start, end) of each whole chunk of a PNG stream, up to its IEND chunk.

    ``data[start:end]`` is the chunk's payload; only the chunk headers are read (length, type).
    A chunk cut short ends the walk.
    """
    offset = 8  # the signature
    while offset + 8 <= len(data):
        length = int.from_bytes(data[offset:offset + 4], 'big')
        end = offset + 12 + length  # length, type, data, CRC
        if end > len(data):
            return
        kind = data[offset + 4:offset + 8]
        yield kind, offset + 8, end - 4
        if kind == b'IEND':
            return
        offset = end


def _png_chunks_end(data: bytes) -> bool:
    """
    Return whether a PNG stream's chunks run whole up to its IEND chunk.

    Bytes after IEND, which some tools append, are ignored; a stream cut inside a chunk, or
    before IEND, does not end.
    """
    return any(kind == b'IEND' for kind, _, _ in _png_chunks(data))


def _image_file_bytes(path: str) -> bytes:
    """Return the bytes of an image file (a regular file of at most MAX_IMAGE_FILE_BYTES)."""
    try:
        return read_regular_file(path, MAX_IMAGE_FILE_BYTES, InvalidImageError, 'image file')
    except (FileNotFoundError, NotADirectoryError):
        raise InvalidImageError(f'no image file at {path}') from None


def load_image(path: str, max_pixels: Optional[int] = MAX_FILE_PIXELS) -> np.ndarray:
    """Read an image file as RGB uint8 (``decode_image``), or raise InvalidImageError."""
    return decode_image(_image_file_bytes(path), name=path, max_pixels=max_pixels)


def load_mask(path: str, shape=None) -> np.ndarray:
    """
    Read a mask file (any non-zero pixel is object) as a bool array of ``shape`` (H, W).

    The file is read as ``load_image`` reads images (header first, at most MAX_FILE_PIXELS).
    A mask with an alpha channel that is not all opaque is its alpha (a cut-out: its colour
    may be white under the transparent part); otherwise any non-zero value at the file's own
    depth marks the object (a 16-bit label image of ones is not zero).
    """
    try:
        content = _image_file_bytes(path)
        shown = decode_image(content, name=path, max_pixels=MAX_FILE_PIXELS, colour=False)
    except InvalidImageError as exc:
        raise InvalidImageError(f'cannot read {path} as a mask ({exc})')
    raw = cv2.imdecode(np.frombuffer(content, np.uint8), cv2.IMREAD_UNCHANGED)
    if raw is None or raw.shape[:2] != shown.shape[:2]:
        data = shown.any(axis=2).astype(np.uint8)  # turned by its EXIF, or not for OpenCV
    elif raw.ndim == 3 and raw.shape[2] in (2, 4) and \
            raw[:, :, -1].min() < raw[:, :, -1].max():
        data = (raw[:, :, -1] > 0).astype(np.uint8)
    else:
        data = (raw.reshape(raw.shape[0], raw.shape[1], -1) != 0).any(axis=2).astype(np.uint8)
    if shape is not None and data.shape != tuple(shape[:2]):
        data = cv2.resize(data, (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST)
    return data > 0


def save_image(path: str, image: np.ndarray) -> None:
    """Write an RGB uint8 image (PNG or JPEG by extension) with ``write_file``; make its folder."""
    ext = os.path.splitext(path)[1] or '.png'
    ok, buf = cv2.imencode(ext, cv2.cvtColor(as_rgb_image(image), cv2.COLOR_RGB2BGR))
    if not ok:
        raise InvalidImageError(f'cannot encode an image as {ext}')
    write_file(path, buf.tobytes(), make_parents=True)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Messages to and from the core's types: images (sensor_msgs/Image, CompressedImage) and results.

The layout of every message is checked first (encoding, size, step, data length, pixel limit), so
a malformed message raises InvalidImageError with a clear message and never reaches a decoder.
Pixels are then read with cv_bridge where it imports, else with the exact built-in reader below,
and brought to RGB uint8 by ``image_io.as_rgb_image``: 16-bit values keep their high byte and
32-bit float values are intensities in [0, 1].
"""

import math
import re
from typing import Optional

from builtin_interfaces.msg import Time
import cv2
import numpy as np
from sensor_msgs.msg import CompressedImage, Image, RegionOfInterest

from ..core.errors import InvalidImageError, quote
from ..inspection.times import from_seconds, iso, parse_time
from ..msg import (AssetReport, AxisMeasurement, AxisTrend, ChangedRegion, Inspection,
                   InspectionAxis, ParsedQuery, Reference)
from ..vision.image_io import as_rgb_image, decode_image

try:
    from cv_bridge import CvBridge
except ImportError:  # cv_bridge is not on PyPI for ROS 2; the built-in reader is exact.
    CvBridge = None

# encoding -> (numpy element type, channels, channel order of the colour image)
ENCODINGS = {
    'rgb8': (np.uint8, 3, 'rgb'),
    'bgr8': (np.uint8, 3, 'bgr'),
    'rgba8': (np.uint8, 4, 'rgb'),
    'bgra8': (np.uint8, 4, 'bgr'),
    'mono8': (np.uint8, 1, 'mono'),
    '8UC1': (np.uint8, 1, 'mono'),
    '8UC3': (np.uint8, 3, 'bgr'),
    'mono16': (np.uint16, 1, 'mono'),
    '32FC1': (np.float32, 1, 'mono'),
}
# Depth encodings (REP 118): their values are distances, which would read as brightness.
DEPTH_ENCODINGS = {'16UC1': 'millimetres'}
COMPRESSED_FORMATS = ('jpeg', 'jpg', 'png')
# The first second a builtin_interfaces/Time cannot hold (its seconds are int32): 2038-01-19.
ROS_TIME_END_S = 2 ** 31
_BRIDGE = CvBridge() if CvBridge is not None else None


def _check_pixels(width: int, height: int, name: str, max_pixels: Optional[int]) -> None:
    if width <= 0 or height <= 0:
        raise InvalidImageError(f'{name} is empty ({width}x{height})')
    if max_pixels is not None and width * height > max_pixels:
        raise InvalidImageError(
            f'{name} is {width}x{height}, over the limit of {max_pixels} pixels')


def check_encoding(encoding: str, name: str = 'image') -> None:
    """
    Raise InvalidImageError for an encoding that is not read as an image of the scene.

    A depth encoding (REP 118) is refused as such, any other encoding not in ``ENCODINGS`` as
    unsupported. Raw and compressed images are refused alike.
    """
    if encoding in DEPTH_ENCODINGS:
        raise InvalidImageError(
            f'{name} is {encoding}, the depth encoding of REP 118 (distances in '
            f'{DEPTH_ENCODINGS[encoding]}), not an image of the scene: send mono8, mono16 or a '
            'colour encoding')
    if encoding not in ENCODINGS:
        raise InvalidImageError(
            f'{name} has unsupported encoding {quote(encoding)}; '
            f'supported: {", ".join(ENCODINGS)}')


def image_msg_to_rgb(msg: Image, name: str = 'image',
                     max_pixels: Optional[int] = None) -> np.ndarray:
    """Return a sensor_msgs/Image as an RGB uint8 array (H, W, 3), or raise InvalidImageError."""
    encoding = msg.encoding
    if int(msg.width) == 0 or int(msg.height) == 0:
        raise InvalidImageError(f'{name} is empty ({msg.width}x{msg.height}, '
                                f'{len(msg.data)} bytes of data)')
    check_encoding(encoding, name)
    dtype, channels, order = ENCODINGS[encoding]
    width, height, step = int(msg.width), int(msg.height), int(msg.step)
    _check_pixels(width, height, name, max_pixels)
    row_bytes = width * channels * np.dtype(dtype).itemsize
    if step < row_bytes:
        raise InvalidImageError(
            f'{name} has step {step}, less than width {width} x {channels} channel(s) x '
            f'{np.dtype(dtype).itemsize} byte(s) = {row_bytes}')
    if len(msg.data) != step * height:
        raise InvalidImageError(
            f'{name} carries {len(msg.data)} bytes of data; step {step} x height {height} '
            f'= {step * height} expected')
    if _BRIDGE is not None:
        pixels = _BRIDGE.imgmsg_to_cv2(msg, desired_encoding='passthrough')
    else:
        pixels = _read_pixels(msg, dtype, channels, row_bytes)
    if order == 'bgr':
        pixels = pixels[:, :, 2::-1] if channels == 4 else pixels[:, :, ::-1]
    return as_rgb_image(pixels, name=name)


def _read_pixels(msg: Image, dtype, channels: int, row_bytes: int) -> np.ndarray:
    """Read the pixel rows of a checked message, dropping row padding and fixing byte order."""
    height, width, step = int(msg.height), int(msg.width), int(msg.step)
    rows = np.frombuffer(msg.data, dtype=np.uint8).reshape(height, step)[:, :row_bytes]
    element = np.dtype(dtype).newbyteorder('>' if msg.is_bigendian else '<')
    pixels = np.ascontiguousarray(rows).view(element).reshape(height, width, channels)
    return pixels.astype(np.dtype(dtype).newbyteorder('='), copy=False)


def compressed_msg_to_rgb(msg: CompressedImage, name: str = 'image',
                          max_pixels: Optional[int] = None) -> np.ndarray:
    """
    Return a JPEG or PNG sensor_msgs/CompressedImage as RGB uint8; raise InvalidImageError.

    image_transport writes the format as "<encoding>; <codec> compressed [<encoding sent>]"
    ("rgb8; jpeg compressed bgr8", "rgb16; png compressed bgr16", "16UC1; png compressed "); a
    bare "jpeg" or "png" names no encoding. The encoding before the ';' is the camera's, converted
    before compression, so the pixels are read by their codec whatever colour encoding it names
    (rgb16, yuv422, bayer_rggb8, any case). Refused are what no image of the scene is: a depth
    encoding (``check_encoding``: a depth map's distances would read as brightness),
    compressedDepth, and floating-point or signed encodings, whose values no JPEG or PNG holds
    as brightness. A PNG whose bit depth clearly is not the one its format names (16 bits under
    rgb8, 8 under mono16 or bgr16) is refused; a 16-bit PNG keeps its high byte, as a raw mono16
    image does.
    """
    text = msg.format.strip()
    fmt = text.lower()
    encoding, sent = _format_encodings(text)
    if encoding.upper() in DEPTH_ENCODINGS:
        check_encoding(encoding.upper(), name)
    codec = (fmt.split(';')[-1].split() or [''])[0]
    if 'compresseddepth' in fmt:
        raise InvalidImageError(
            f'{name} has compressed format {quote(msg.format)}, a depth map of '
            'compressed_depth_image_transport (distances, REP 118), not an image of the scene: '
            'send mono8, mono16 or a colour encoding')
    if codec not in COMPRESSED_FORMATS + ('',):
        raise InvalidImageError(
            f'{name} has unsupported compressed format {quote(msg.format)}; expected JPEG or PNG')
    if sent.upper() in DEPTH_ENCODINGS:
        check_encoding(sent.upper(), name)
    for named in (encoding, sent):
        kind = _NUMERIC.fullmatch(named)
        if kind and kind.group(2).upper() in 'FS':
            values = ('floating-point values (distances in metres, or intensities)'
                      if kind.group(2).upper() == 'F' else 'signed values')
            raise InvalidImageError(
                f'{name} has compressed format {quote(msg.format)}: {named} holds {values}, '
                'which JPEG and PNG cannot carry as brightness; send it as a raw '
                'sensor_msgs/Image')
    data = bytes(msg.data)
    bits = _png_bit_depth(data)
    named = sent or encoding
    depth = _bits_per_channel(named)
    if depth is not None and bits is not None and (bits == 16) != (depth == 16):
        raise InvalidImageError(
            f'{name} holds a {bits}-bit PNG, but its format {quote(msg.format)} names {named}, '
            f'{depth} bits a channel: the pixels do not match the format')
    return decode_image(data, name=name, max_pixels=max_pixels, formats=('JPEG', 'PNG'))


# OpenCV-style encodings: bits, type (U unsigned, S signed, F float), channels ('16UC1', '32FC3')
_NUMERIC = re.compile(r'(8|16|32|64)([USFusf])[Cc]?([0-9]*)')
# Colour and mono encodings of sensor_msgs/image_encodings, by bits a channel (any case)
_EIGHT_BIT = ('rgb8', 'bgr8', 'rgba8', 'bgra8', 'mono8', 'yuv422', 'uyvy', 'yuyv',
              'yuv422_yuy2', 'nv21', 'nv24')
_SIXTEEN_BIT = ('rgb16', 'bgr16', 'rgba16', 'bgra16', 'mono16')


def _bits_per_channel(encoding: str) -> Optional[int]:
    """Return the bits a channel of a known encoding holds (8 or 16), or None when unknown."""
    low = encoding.lower()
    if low in _EIGHT_BIT or (low.startswith('bayer_') and low.endswith('8')):
        return 8
    if low in _SIXTEEN_BIT or (low.startswith('bayer_') and low.endswith('16')):
        return 16
    numeric = _NUMERIC.fullmatch(encoding)
    if numeric and numeric.group(2).upper() == 'U':
        return int(numeric.group(1)) if numeric.group(1) in ('8', '16') else None
    return None


def _format_encodings(text: str):
    """
    Return (encoding, encoding sent) that a CompressedImage format names ('' where none).

    "rgb8; jpeg compressed bgr8" gives ('rgb8', 'bgr8'), "16UC1; png compressed " ('16UC1', ''),
    "png" ('', ''); a bare depth encoding ("16UC1", any case) is that encoding. The names keep
    their case.
    """
    if ';' not in text:
        return (text if text.upper() in DEPTH_ENCODINGS else ''), ''
    head, tail = text.split(';', 1)
    words = tail.split(';')[-1].split()
    sent = words[2] if len(words) >= 3 and words[1].lower() == 'compressed' else ''
    return head.strip(), sent


def _png_bit_depth(data: bytes) -> Optional[int]:
    """Return the bit depth a PNG stream's header gives (1 to 16), or None for other data."""
    if data[:8] != b'\x89PNG\r\n\x1a\n' or data[12:16] != b'IHDR' or len(data) < 25:
        return None
    return data[24]


def rgb_to_image_msg(image: np.ndarray, header=None, encoding: str = 'rgb8') -> Image:
    """Return an RGB uint8 array as a sensor_msgs/Image in 'rgb8' or 'bgr8' (tightly packed)."""
    if encoding not in ('rgb8', 'bgr8'):
        raise InvalidImageError(f'cannot publish encoding {encoding!r}; use rgb8 or bgr8')
    image = as_rgb_image(image)
    if encoding == 'bgr8':
        image = np.ascontiguousarray(image[:, :, ::-1])
    msg = Image()
    if header is not None:
        msg.header = header
    msg.height, msg.width = int(image.shape[0]), int(image.shape[1])
    msg.encoding = encoding
    msg.is_bigendian = 0
    msg.step = int(image.shape[1] * 3)
    # bytes, never a numpy array: rclpy copies a numpy array element by element (~100x slower).
    msg.data = image.tobytes()
    return msg


def rgb_to_compressed_msg(image: np.ndarray, fmt: str = 'png', header=None) -> CompressedImage:
    """Return an RGB uint8 array as a JPEG or PNG sensor_msgs/CompressedImage."""
    if fmt not in ('png', 'jpeg'):
        raise InvalidImageError(f'cannot compress as {fmt!r}; use png or jpeg')
    image = as_rgb_image(image)
    ok, encoded = cv2.imencode('.png' if fmt == 'png' else '.jpg',
                               cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    if not ok:
        raise InvalidImageError(f'cannot encode the image as {fmt}')
    msg = CompressedImage()
    if header is not None:
        msg.header = header
    msg.format = fmt
    msg.data = encoded.tobytes()
    return msg


def parsed_query_msg(query) -> ParsedQuery:
    """Return a core DifferenceQuery as a ParsedQuery message."""
    return ParsedQuery(attribute=query.attribute, axis=query.axis, direction=int(query.direction),
                       subject=str(query.subject), object=query.object or '',
                       part=query.part or '', positive_text=query.positive_text,
                       negative_text=query.negative_text, hue=query.hue or '',
                       parsed=bool(query.parsed), parsed_by=query.parsed_by,
                       other_axes=list(query.other_axes), rank=int(query.rank),
                       excluded=[int(i) for i in query.excluded],
                       only=[int(i) for i in query.only])


def axis_measurement_msg(m) -> AxisMeasurement:
    """Return a core AxisMeasurement as a message."""
    return AxisMeasurement(axis=m.axis, value_1=float(m.value_1), value_2=float(m.value_2),
                           difference=float(m.difference), threshold=float(m.threshold),
                           noticeable=bool(m.noticeable), unit=m.unit or '')


def changed_region_msg(r) -> ChangedRegion:
    """Return a core ChangedRegion as a message (a RegionOfInterest and a score)."""
    return ChangedRegion(roi=RegionOfInterest(x_offset=int(r.x), y_offset=int(r.y),
                                              width=int(r.width), height=int(r.height)),
                         score=float(r.score))


def reference_msg(info) -> Reference:
    """Return a stored reference's metadata as a Reference message."""
    return Reference(name=info.name, source=info.source,
                     stamp=Time(sec=info.stamp_sec, nanosec=info.stamp_nanosec),
                     width=info.width, height=info.height, sha256=info.sha256)


def time_msg(seconds: Optional[float]) -> Time:
    """
    Return a builtin_interfaces/Time of seconds since the epoch.

    Zero for None and for a time its int32 seconds do not hold (from ``ROS_TIME_END_S`` on): such
    a time would be serialised wrapped (2040 as 1903).
    """
    if seconds is None or not math.isfinite(seconds):
        return Time()
    sec = math.floor(seconds)
    sec, nanosec = divmod(sec * 1_000_000_000 + round((seconds - sec) * 1e9), 1_000_000_000)
    return Time(sec=sec, nanosec=nanosec) if -ROS_TIME_END_S <= sec < ROS_TIME_END_S else Time()


def inspection_msg(result, stamp: Time, frame_id: str = '') -> Inspection:
    """Return an ``inspection.inspector.InspectionResult`` as an Inspection message."""
    axes = [InspectionAxis(axis=a['axis'], direction=int(a['direction']),
                           delta=float(a['delta']), delta_jnd=float(a['delta_jnd']),
                           unit=a['unit'], lasting=bool(a['lasting']),
                           above_limit=bool(a['above_limit']),
                           limit_jnd=float(a['limit_jnd']), toward=a.get('toward') or '')
            for a in result.axes]
    msg = Inspection(id=int(result.id), asset=result.asset, valid=bool(result.valid),
                     reason=result.reason or '', commissioning=bool(result.commissioning),
                     changed=bool(result.changed), axes=axes, sentence=result.sentence,
                     delta_e=float('nan') if result.delta_e is None else float(result.delta_e))
    msg.header.stamp = stamp
    msg.header.frame_id = frame_id
    return msg


def _nan(value) -> float:
    return float('nan') if value is None else float(value)


def asset_report_msg(report: dict, stamp: Time) -> AssetReport:
    """
    Return ``Inspector.report``'s dict as an AssetReport message.

    A time from ``ROS_TIME_END_S`` on (a limit crossing projected decades ahead) is sent as
    zero, and the sentence ends with a note that names it and gives it in ISO 8601.
    """
    unsent = []

    def when(text, what):
        if text is None:
            return Time()
        seconds = parse_time(text).timestamp()
        if seconds >= ROS_TIME_END_S:
            unsent.append(f'{what} ({text})')
        return time_msg(seconds)

    axes = [AxisTrend(axis=a['axis'], direction=int(a['direction']),
                      delta_jnd=float(a['delta_jnd']),
                      slope_jnd_per_week=_nan(a['slope_jnd_per_week']),
                      slope_low=_nan(a['slope_interval'][0]),
                      slope_high=_nan(a['slope_interval'][1]),
                      onset=when(a['onset'], f'onset of {a["axis"]}'),
                      limit_jnd=float(a['limit_jnd']), limit_crossed=bool(a['limit_crossed']),
                      limit_crossing=when(a['limit_crossing'], f'limit crossing of {a["axis"]}'),
                      toward=a.get('toward') or '')
            for a in report['axes']]
    last_valid = when(report['last_valid_inspection'], 'last valid inspection')
    sentence = report['sentence']
    if unsent:
        end = iso(from_seconds(ROS_TIME_END_S))
        sentence += (f' The {" and the ".join(unsent)} {"is" if len(unsent) == 1 else "are"} '
                     f'sent as zero: a ROS time holds none from {end} on.')
    msg = AssetReport(
        asset=report['asset'], status=REPORT_STATUS[report['status']],
        status_text=report['status'], axes=axes, sentence=sentence,
        last_valid_inspection=last_valid,
        overdue=bool(report['overdue']), inspections=int(report['inspections']),
        valid_inspections=int(report['valid_inspections']),
        false_alarms=int(report['false_alarms']),
        commissioning_complete=bool(report['commissioning']['complete']))
    msg.header.stamp = stamp
    return msg


REPORT_STATUS = {'ok': AssetReport.STATUS_OK, 'warn': AssetReport.STATUS_WARN,
                 'error': AssetReport.STATUS_ERROR, 'stale': AssetReport.STATUS_STALE}

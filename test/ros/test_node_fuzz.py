# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Hundreds of malformed requests: each fails with a message and the server still answers right."""

import random
import string

from node_harness import DifferenceClient, inline, NodeProcess, small_pair
import pytest
from subtle_diff_ros.msg import ImageSource
from subtle_diff_ros.srv import CaptureReference, DescribeDifference, SelectByDifference

pytestmark = pytest.mark.ros
SERVER = '/difference_server'
JUNK = string.punctuation + string.digits + ' '


def _junk(rng, length):
    return ''.join(rng.choice(JUNK) for _ in range(length))


def _corrupt_image(rng, source):
    """Make an inline image source invalid in one random way."""
    image = source.image
    kind = rng.randrange(8)
    if kind == 0:
        image.encoding = rng.choice(['', 'yuv422', 'RGB8', 'rgb16', 'bayer_rggb8', _junk(rng, 5)])
    elif kind == 1:
        image.step = rng.randrange(0, image.width * 3)
    elif kind == 2:
        image.step = image.step + rng.randrange(1, 50)
    elif kind == 3:
        setattr(image, rng.choice(['width', 'height']), 0)
    elif kind == 4:
        image.height = image.height + rng.randrange(1, 500)
    elif kind == 5:
        image.data = bytes(image.data)[:rng.randrange(0, len(image.data))]
    elif kind == 6:
        source.source = ImageSource.SOURCE_INLINE_COMPRESSED
        source.compressed_image.format = rng.choice(['png', 'jpeg', '', 'tiff'])
        source.compressed_image.data = bytes(rng.randrange(256)
                                             for _ in range(rng.randrange(0, 64)))
    else:
        image.width, image.height = 50000, 50000
        image.step = 150000
    return source


def _bad_source(rng, a):
    kind = rng.randrange(4)
    if kind == 0:
        return _corrupt_image(rng, inline(a))
    if kind == 1:
        name = rng.choice(['', '../x', '.hidden', 'a' * 65, _junk(rng, 8), 'missing-ref'])
        return ImageSource(source=ImageSource.SOURCE_REFERENCE, name=name)
    if kind == 2:
        return ImageSource(source=ImageSource.SOURCE_CAMERA, name=rng.choice(['', 'left', 'x']))
    return ImageSource(source=rng.randrange(4, 256))


def _bad_select(rng, a, b):
    request = SelectByDifference.Request(text='the darker cup', candidates=[inline(a), inline(b)])
    kind = rng.randrange(5)
    if kind == 0:
        request.candidates[rng.randrange(2)] = _bad_source(rng, a)
    elif kind == 1:
        request.text = rng.choice(['', '   ', _junk(rng, rng.randrange(1, 40)),
                                   'darker ' * 300])
    elif kind == 2:
        request.candidates = request.candidates[:rng.randrange(2)]
    elif kind == 3:
        request.backend = rng.choice(['clip', 'vlm', 'ANALYTIC', _junk(rng, 6)])
    else:
        request.method = rng.choice(['x', 'S', 'analytics', _junk(rng, 4)])
    return SelectByDifference, 'select_by_difference', request


def _bad_describe(rng, a, b):
    request = DescribeDifference.Request(image_1=inline(a), image_2=inline(b), attribute=0)
    kind = rng.randrange(4)
    if kind == 0:
        request.image_1 = _bad_source(rng, a)
    elif kind == 1:
        request.image_2 = _bad_source(rng, b)
    elif kind == 2:
        request.attribute = rng.randrange(3, 256)
    else:
        request.backend = rng.choice(['siglip', 'none', _junk(rng, 3)])
    return DescribeDifference, 'describe_difference', request


def _bad_capture(rng, a, b):
    request = CaptureReference.Request(name='ok', source=inline(a))
    if rng.random() < 0.5:
        request.name = rng.choice(['', '-x', 'a/b', 'a' * 65, _junk(rng, 5) + '/'])
    else:
        request.source = _bad_source(rng, a)
    return CaptureReference, 'capture_reference', request


def test_malformed_requests(tmp_path):
    rng = random.Random(1234)
    server = NodeProcess('difference_server', '-p', 'backend:=analytic',
                         '-p', f'reference_dir:={tmp_path / "references"}',
                         '-p', 'cameras:=[camera]', '-p', 'max_image_pixels:=1000000',
                         log_path=tmp_path / 'server.log')
    client = DifferenceClient()
    a, b = small_pair()
    a, b = a[::4, ::4].copy(), b[::4, ::4].copy()  # 40x30: the checks, not the pixels, matter
    try:
        kinds = []
        for _ in range(300):
            srv_type, name, request = rng.choice([_bad_select, _bad_describe, _bad_capture])(
                rng, a, b)
            response = client.call(srv_type, f'{SERVER}/{name}', request)
            kinds.append(name)
            assert not response.success, (name, request)
            assert response.message, (name, request)
        assert len(set(kinds)) == 3
        good = client.call(SelectByDifference, f'{SERVER}/select_by_difference',
                           SelectByDifference.Request(text='the darker cup',
                                                      candidates=[inline(a), inline(b)]))
        assert good.success and good.choice == 1, good.message
        described = client.call(DescribeDifference, f'{SERVER}/describe_difference',
                                DescribeDifference.Request(image_1=inline(b), image_2=inline(a)))
        assert described.success and described.axis == 'brightness', described.message
        assert server.alive()
        assert 'internal error' not in server.log()
    finally:
        client.close()
        assert server.stop() == 0, server.log()

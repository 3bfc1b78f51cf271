# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Reading, checking and writing RGB images (uint8, shape (H, W, 3))."""

import os
from typing import Optional

import cv2
import numpy as np

from .errors import InvalidImageError


def as_rgb_image(image: np.ndarray, name: str = 'image',
                 max_pixels: Optional[int] = None) -> np.ndarray:
    """
    Return ``image`` as a contiguous RGB uint8 array, or raise InvalidImageError.

    Accepts (H, W), (H, W, 1), (H, W, 3) and (H, W, 4) arrays of uint8, uint16 or float in [0, 1].
    """
    if not isinstance(image, np.ndarray):
        raise InvalidImageError(f'{name} is not an array')
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise InvalidImageError(f'{name} has shape {image.shape}; expected (H, W) or (H, W, 3|4)')
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise InvalidImageError(f'{name} is empty ({image.shape[1]}x{image.shape[0]})')
    if max_pixels is not None and image.shape[0] * image.shape[1] > max_pixels:
        raise InvalidImageError(
            f'{name} is {image.shape[1]}x{image.shape[0]}, over the limit of {max_pixels} pixels')
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype.kind == 'f':
        if not np.all(np.isfinite(image)):
            raise InvalidImageError(f'{name} has non-finite values')
        image = np.clip(image * 255.0 + 0.5, 0, 255).astype(np.uint8)
    elif image.dtype != np.uint8:
        raise InvalidImageError(f'{name} has unsupported dtype {image.dtype}')
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    elif image.shape[2] == 4:
        image = image[:, :, :3]
    return np.ascontiguousarray(image)


def load_image(path: str) -> np.ndarray:
    """Read an image file as RGB uint8, or raise InvalidImageError naming the path."""
    if not os.path.isfile(path):
        raise InvalidImageError(f'no image file at {path}')
    data = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if data is None:
        raise InvalidImageError(f'cannot read {path} as an image')
    if data.ndim == 3:
        code = cv2.COLOR_BGRA2RGBA if data.shape[2] == 4 else cv2.COLOR_BGR2RGB
        data = cv2.cvtColor(data, code)
    return as_rgb_image(data, name=path)


def load_mask(path: str, shape=None) -> np.ndarray:
    """Read a mask file (any non-zero pixel is object) as a bool array of ``shape`` (H, W)."""
    data = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if data is None:
        raise InvalidImageError(f'cannot read {path} as a mask')
    if shape is not None and data.shape != tuple(shape[:2]):
        data = cv2.resize(data, (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST)
    return data > 0


def save_image(path: str, image: np.ndarray) -> None:
    """Write an RGB uint8 image (PNG or JPEG by extension) atomically."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    ext = os.path.splitext(path)[1] or '.png'
    ok, buf = cv2.imencode(ext, cv2.cvtColor(as_rgb_image(image), cv2.COLOR_RGB2BGR))
    if not ok:
        raise InvalidImageError(f'cannot encode an image as {ext}')
    tmp = f'{path}.tmp{os.getpid()}'
    with open(tmp, 'wb') as f:
        f.write(buf.tobytes())
    os.replace(tmp, path)

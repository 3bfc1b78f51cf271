# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Object photos in a folder: which object and view each shows, and its mask file where there is one.

Masks are read from ``masks/<stem>-map.png`` beside a photo (the ETH-80 layout) or from a masks
folder; otherwise the object is found with ``vision.pair.object_mask``.
"""

from dataclasses import dataclass
import os
import re
from typing import Dict, List, Optional, Tuple

import cv2
import numpy as np

from ..core.errors import SubtleDiffError
from ..vision.image_io import load_image
from ..vision.pair import object_mask, prepare_pair


IMAGE_EXTENSIONS = ('.png', '.jpg', '.jpeg', '.bmp', '.ppm', '.tif', '.tiff')


@dataclass
class Photo:
    """One object photo: where it is, which object and view it shows, and its mask file."""

    path: str
    object_id: str
    view: str
    noun: str
    mask_path: Optional[str] = None


_VIEW_PATTERN = re.compile(r'^(?P<object>.+?)[-_]+(?P<view>\d+(?:[-_]+\d+)*)$')


def _mask_index(masks_dir: Optional[str]) -> Dict[str, str]:
    index = {}
    if masks_dir:
        if not os.path.isdir(masks_dir):
            raise SubtleDiffError(f'no masks folder at {masks_dir}')
        for folder, _, files in os.walk(masks_dir):
            for name in files:
                if name.lower().endswith(IMAGE_EXTENSIONS):
                    index.setdefault(name, os.path.join(folder, name))
    return index


def _find_mask(path: str, stem: str, index: Dict[str, str]) -> Optional[str]:
    beside = os.path.join(os.path.dirname(path), 'masks', f'{stem}-map.png')
    if os.path.isfile(beside):
        return beside
    for name in (f'{stem}-map.png', f'{stem}.png', f'{stem}_mask.png', f'{stem}-mask.png'):
        if name in index:
            return index[name]
    return None


def find_photos(root: str, masks_dir: Optional[str] = None) -> List[Photo]:
    """
    List the object photos under ``root`` (recursively), with their masks where they exist.

    Files in folders named ``masks`` and files ending in ``-map`` are masks, not photos. The
    object is the file stem without its trailing view numbers (``cup3-090-180`` is object
    ``cup3``, view ``090-180``); the noun is the object's leading letters when a folder on the path
    has that name (``eth80/cup/3/cup3-...`` gives "cup"), else "object".
    """
    if not os.path.isdir(root):
        raise SubtleDiffError(f'no image folder at {root}')
    index = _mask_index(masks_dir)
    photos = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d.lower() != 'masks')
        folder_names = {part.lower() for part in os.path.relpath(folder, root).split(os.sep)}
        for name in sorted(files):
            stem, ext = os.path.splitext(name)
            if ext.lower() not in IMAGE_EXTENSIONS or stem.endswith('-map'):
                continue
            path = os.path.join(folder, name)
            match = _VIEW_PATTERN.match(stem)
            object_name, view = (match['object'], match['view']) if match else (stem, '')
            letters = re.match(r'[A-Za-z]+', object_name)
            noun = letters[0].lower() if letters else ''
            noun = noun if noun in folder_names else 'object'
            object_id = os.path.join(os.path.relpath(folder, root), object_name)
            photos.append(Photo(path, os.path.normpath(object_id), view, noun,
                                _find_mask(path, stem, index)))
    if not photos:
        raise SubtleDiffError(f'no photos ({", ".join(IMAGE_EXTENSIONS)}) under {root}')
    return photos


def load_photo(photo: Photo) -> Tuple[np.ndarray, np.ndarray]:
    """Return (RGB image, soft object alpha in [0, 1]) of a photo."""
    image = load_image(photo.path)
    if photo.mask_path is not None:
        grey = cv2.imread(photo.mask_path, cv2.IMREAD_GRAYSCALE)
        if grey is None:
            raise SubtleDiffError(f'cannot read the mask {photo.mask_path}')
        if grey.shape != image.shape[:2]:
            grey = cv2.resize(grey, (image.shape[1], image.shape[0]),
                              interpolation=cv2.INTER_LINEAR)
        alpha = grey.astype(np.float32) / 255.0
    else:
        alpha = cv2.GaussianBlur(object_mask(image).astype(np.float32), (0, 0), 0.7)
    return image, alpha


def silhouette_alpha(image: np.ndarray) -> np.ndarray:
    """
    Return the soft alpha of the object's silhouette in a photo with no mask file.

    The outline found as for the first frame of a pair (settled, ``vision.pair.prepare_pair``)
    with its holes filled: a shape edit reshapes the outer outline. The single-photo mask
    (``load_photo``) can have inlets where dark print meets the outline (a can's lettering), and
    smoothing those smeared the print instead of rounding the silhouette.
    """
    from scipy.ndimage import binary_fill_holes
    outline = binary_fill_holes(prepare_pair(image, image).first.full_mask())
    return cv2.GaussianBlur(outline.astype(np.float32), (0, 0), 0.7)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The backend interface and the one place that builds a backend from its name."""

from typing import Optional, Protocol, Sequence

import numpy as np

from .errors import SubtleDiffError
from .query import DifferenceQuery
from .results import DifferenceDescription, SelectionResult

BACKEND_NAMES = ('auto', 'clip', 'align', 'siglip', 'analytic', 'combined', 'vlm')


class DifferenceBackend(Protocol):
    """
    What selection and description need from a backend.

    Images are RGB uint8 arrays of shape (H, W, 3); masks are optional bool arrays (H, W) that
    mark the object in each image.
    """

    name: str

    def select(self, images: Sequence[np.ndarray], query: DifferenceQuery,
               method: Optional[str] = None, masks=None) -> SelectionResult:
        """Choose the image the query describes (see ``selection.decide``)."""

    def describe(self, image_1: np.ndarray, image_2: np.ndarray, attribute: str,
                 object_name: Optional[str] = None, masks=None) -> DifferenceDescription:
        """Say in one comparative sentence how image 1 differs from image 2 in ``attribute``."""


def _image_text_backend(family: Optional[str], model: Optional[str], device: str,
                        offline: bool) -> DifferenceBackend:
    """Return an ImageTextBackend for a family (None: the family of ``model``'s config)."""
    from .encoders import load_encoder
    from .image_text_backend import ImageTextBackend
    encoder = load_encoder(model, family=family, device=device, offline=offline)
    return ImageTextBackend(encoder, name=encoder.family)


# Backend name -> factory(model, device, offline). Other backends register here.
BACKEND_FACTORIES = {
    'clip': lambda model, device, offline: _image_text_backend('clip', model, device, offline),
    'align': lambda model, device, offline: _image_text_backend('align', model, device, offline),
    'siglip': lambda model, device, offline: _image_text_backend('siglip', model, device,
                                                                 offline),
}


def create_backend(name: str = 'auto', model: Optional[str] = None, device: str = 'auto',
                   offline: bool = False) -> DifferenceBackend:
    """Build a backend by name: 'clip', 'align', 'siglip' (default checkpoint per family), ...

    ``model`` is a hub id or a local checkpoint directory (the family's default when None);
    ``offline`` loads local files only. 'auto' builds the image-text backend of ``model``'s
    family (CLIP by default) and raises ModelLoadError when its weights cannot be loaded.
    Unknown names raise SubtleDiffError listing the valid ones.
    """
    if name == 'auto':
        return _image_text_backend(None, model, device, offline)
    if name not in BACKEND_FACTORIES:
        valid = ', '.join(('auto',) + tuple(BACKEND_FACTORIES))
        raise SubtleDiffError(f'unknown or unavailable backend {name!r}: expected one of {valid}')
    return BACKEND_FACTORIES[name](model, device, offline)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The backend interface and the one place that builds a backend from its name."""

import logging
from typing import Optional, Protocol, Sequence, Tuple

import numpy as np

from .errors import ModelLoadError, SubtleDiffError
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


def _analytic_backend() -> DifferenceBackend:
    """Return the measurement backend (no weights; model, device and offline do not apply)."""
    from .analytic_backend import AnalyticBackend
    return AnalyticBackend()


def _combined_backend(model: Optional[str], device: str, offline: bool) -> DifferenceBackend:
    """Return image-text probing (family of ``model``, CLIP by default) plus measurements."""
    from .combined_backend import CombinedBackend
    return CombinedBackend(_image_text_backend(None, model, device, offline), _analytic_backend())


def _vlm_backend(model: Optional[str], device: str, offline: bool) -> DifferenceBackend:
    """Return a VlmBackend on the captioner ``model`` (required: no default VLM is loadable)."""
    if not model:
        raise SubtleDiffError('the vlm backend needs a model: a hub id of a multi-image VLM '
                              '(e.g. Qwen/Qwen2-VL-2B-Instruct) or a local checkpoint directory')
    from .captioner import VlmCaptioner
    from .vlm_backend import VlmBackend
    return VlmBackend(VlmCaptioner(model, device=device, offline=offline))


# Backend name -> factory(model, device, offline). Other backends register here.
BACKEND_FACTORIES = {
    'clip': lambda model, device, offline: _image_text_backend('clip', model, device, offline),
    'align': lambda model, device, offline: _image_text_backend('align', model, device, offline),
    'siglip': lambda model, device, offline: _image_text_backend('siglip', model, device,
                                                                 offline),
    'analytic': lambda model, device, offline: _analytic_backend(),
    'combined': _combined_backend,
    'vlm': _vlm_backend,
}


def load_backend(name: str = 'auto', model: Optional[str] = None, device: str = 'auto',
                 offline: bool = False) -> Tuple[DifferenceBackend, Optional[str]]:
    """
    Build a backend by name; return (backend, warning or None).

    'auto' builds the image-text backend of ``model``'s family (CLIP by default) and, when its
    weights cannot be loaded, falls back to the weight-free measurement backend with a warning
    that says so and what to do. Any other name must load, or its error propagates. Unknown
    names raise SubtleDiffError listing the valid ones.
    """
    if name == 'auto':
        try:
            return _image_text_backend(None, model, device, offline), None
        except (ModelLoadError, ImportError, OSError) as exc:
            return _analytic_backend(), (
                f'no image-text model could be loaded ({exc}); using the weight-free analytic '
                'backend instead. To use CLIP, provide its weights (a hub id with network '
                'access once, or a local checkpoint directory as the model), or choose the '
                'analytic backend explicitly to silence this warning.')
    if name not in BACKEND_FACTORIES:
        valid = ', '.join(('auto',) + tuple(BACKEND_FACTORIES))
        raise SubtleDiffError(f'unknown or unavailable backend {name!r}: expected one of {valid}')
    return BACKEND_FACTORIES[name](model, device, offline), None


def create_backend(name: str = 'auto', model: Optional[str] = None, device: str = 'auto',
                   offline: bool = False) -> DifferenceBackend:
    """Build a backend by name (see ``load_backend``); a fallback warning goes to the log."""
    backend, warning = load_backend(name, model, device, offline)
    if warning:
        logging.getLogger('subtle_diff_ros').warning(warning)
    return backend

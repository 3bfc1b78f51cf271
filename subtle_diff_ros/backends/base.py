# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The backend interface and the registry that builds a backend from its name."""

import logging
from typing import Callable, Dict, Optional, Protocol, Sequence, Tuple

import numpy as np

from ..core.errors import ModelLoadError, SubtleDiffError
from ..core.query import DifferenceQuery
from ..core.results import DifferenceDescription, SelectionResult

# The backend that needs no weights, always available beside any other.
MEASUREMENT_BACKEND = 'analytic'
# The backend whose image-text models run on a Triton server (``inference_url``).
REMOTE_BACKEND = 'triton'


class DifferenceBackend(Protocol):
    """
    What selection and description need from a backend.

    name: the backend name ('analytic', 'clip', ...), reported in every result.
    model: what it runs: a checkpoint (hub id or directory), or a short description of a
        weight-free method.
    device: where it computes ('cpu', 'cuda', 'cuda:1').
    reads_raw_text: whether ``select`` answers a query whose text the parser could not read
        (``DifferenceQuery.parsed`` False) from the text itself; backends without it refuse.

    Images are RGB uint8 arrays of shape (H, W, 3); masks are optional bool arrays (H, W) that
    mark the object in each image.
    """

    name: str
    model: str
    device: str
    reads_raw_text: bool

    def select(self, images: Sequence[np.ndarray], query: DifferenceQuery,
               method: Optional[str] = None, masks=None) -> SelectionResult:
        """Choose the image the query describes (see ``core.decide.decide``)."""

    def describe(self, image_1: np.ndarray, image_2: np.ndarray, attribute: str,
                 object_name: Optional[str] = None, masks=None) -> DifferenceDescription:
        """Say in one comparative sentence how image 1 differs from image 2 in ``attribute``."""


# name -> factory(model, device, offline, dtype=None): every backend a caller can ask for by
# name; ``dtype`` is the weights' precision of image-text encoders (None: their default).
Factory = Callable[..., DifferenceBackend]
BACKEND_FACTORIES: Dict[str, Factory] = {}


def register_backend(name: str, factory: Factory) -> None:
    """Make ``factory(model, device, offline, dtype=None)`` the builder of backend ``name``."""
    BACKEND_FACTORIES[name] = factory


def _image_text(family: Optional[str]) -> Factory:
    def build(model, device, offline, dtype=None):
        from .image_text.backend import ImageTextBackend
        from .image_text.encoder import load_encoder
        return ImageTextBackend(load_encoder(model, family=family, device=device,
                                             offline=offline, dtype=dtype))
    return build


def _measurement(model, device, offline, dtype=None) -> DifferenceBackend:
    """Return the measurement backend (no weights: model, device, offline, dtype do not apply)."""
    from .analytic.backend import AnalyticBackend
    return AnalyticBackend()


def _combined(model, device, offline, dtype=None) -> DifferenceBackend:
    """Return image-text probing (family of ``model``, CLIP by default) plus measurements."""
    from .combined import CombinedBackend
    return CombinedBackend(_image_text(None)(model, device, offline, dtype),
                           _measurement(model, device, offline))


def _vlm(model, device, offline, dtype=None) -> DifferenceBackend:
    """
    Return a VlmBackend on the captioner ``model`` (required: no default VLM is loadable).

    The captioner keeps its own precision (float16 on a GPU, float32 on the CPU): ``dtype``
    applies to image-text encoders.
    """
    if not model:
        raise SubtleDiffError('the vlm backend needs a model: a hub id of a multi-image VLM '
                              '(e.g. Qwen/Qwen2-VL-2B-Instruct) or a local checkpoint directory')
    from .vlm.backend import VlmBackend
    from .vlm.captioner import VlmCaptioner
    return VlmBackend(VlmCaptioner(model, device=device, offline=offline))


def _remote(model, device, offline, dtype=None, inference_url='', inference_timeout_s=10.0):
    """Return image-text selection on a Triton server (model, device, dtype are the server's)."""
    from .remote.client import load_remote_backend
    return load_remote_backend(inference_url, timeout_s=inference_timeout_s)


for _family in ('clip', 'align', 'siglip'):
    register_backend(_family, _image_text(_family))
register_backend(MEASUREMENT_BACKEND, _measurement)
register_backend('combined', _combined)
register_backend('vlm', _vlm)
register_backend(REMOTE_BACKEND, _remote)
del _family

BACKEND_NAMES = ('auto',) + tuple(BACKEND_FACTORIES)


def measurement_backend() -> DifferenceBackend:
    """Return a new measurement backend."""
    return BACKEND_FACTORIES[MEASUREMENT_BACKEND](None, 'cpu', True)


def load_backend(name: str = 'auto', model: Optional[str] = None, device: str = 'auto',
                 offline: bool = False, dtype: Optional[str] = None,
                 **remote_options) -> Tuple[DifferenceBackend, Optional[str]]:
    """
    Build a backend by name; return (backend, warning or None).

    'auto' builds the image-text backend of ``model``'s family (CLIP by default) and, when its
    weights cannot be loaded, falls back to the weight-free measurement backend with a warning
    that says so and what to do. Any other name must load, or its error propagates. Unknown
    names raise SubtleDiffError listing the valid ones. ``dtype`` ('float32', 'bfloat16',
    'float16'; None or '' for float16 on a GPU and float32 on the CPU) is the precision of the
    image-text encoders (``loading.resolve_dtype``). ``remote_options`` (inference_url,
    inference_timeout_s) go to the remote backend only.
    """
    dtype = dtype or None
    if dtype is not None:
        from .loading import resolve_dtype
        resolve_dtype(dtype, device)  # an unknown name is refused whatever the backend
    if name == 'auto':
        try:
            return _image_text(None)(model, device, offline, dtype), None
        except (ModelLoadError, ImportError, OSError) as exc:
            return measurement_backend(), (
                f'no image-text model could be loaded ({exc}); using the weight-free '
                'measurement backend (analytic) instead. To use CLIP, provide its weights (a '
                'hub id with network access once, or a local checkpoint directory as the '
                'model), or choose the analytic backend explicitly to silence this warning.')
    if name not in BACKEND_FACTORIES:
        raise SubtleDiffError(f'unknown or unavailable backend {name!r}: expected one of '
                              f'{", ".join(BACKEND_NAMES)}')
    # A factory registered without a dtype keyword still builds its backend at the default.
    precision = {'dtype': dtype} if dtype is not None else {}
    if name == REMOTE_BACKEND:
        return BACKEND_FACTORIES[name](model, device, offline, **precision,
                                       **remote_options), None
    return BACKEND_FACTORIES[name](model, device, offline, **precision), None


def create_backend(name: str = 'auto', model: Optional[str] = None, device: str = 'auto',
                   offline: bool = False, dtype: Optional[str] = None) -> DifferenceBackend:
    """Build a backend by name (see ``load_backend``); a fallback warning goes to the log."""
    backend, warning = load_backend(name, model, device, offline, dtype)
    if warning:
        logging.getLogger('subtle_diff_ros').warning(warning)
    return backend

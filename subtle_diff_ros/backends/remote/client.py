# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The client side of remote inference: an image-text encoder whose models run on a Triton server.

``RemoteEncoder`` has the interface of ``ImageTextEncoder`` (so ``ImageTextBackend`` selects and
describes with it unchanged), but sends prepared pixel tensors (the checkpoint's input size, not
camera frames) and prompt texts to a Triton Inference Server over gRPC (``tritonclient``), the
one ``subtle-diff serve`` starts. Images are prepared here, on the CPU, with the same
``TorchPreprocessor`` the local encoders use on a GPU, from the processor settings the server
reports (``encoder_info``); embeddings are cached here by content hash, so a stored reference
is sent once. Every failure to reach the server is a BackendUnavailableError naming the URL.

The server's answers are checked, as it may be another version, a proxy or misconfigured: its
description when connecting (types, batch sizes of at least 1, a logit scale in
``LOGIT_SCALE_RANGE``, image sizes up to ``MAX_IMAGE_SIDE``, a preprocessing that tells a dark
from a light image with finite values), and every answer (one row per item sent, of the declared
dimension, finite, not all zero). Embeddings are re-normalised to unit length here: a cosine
similarity does not depend on the length, so a server that does not normalise is still
answered right. A failed check is a SubtleDiffError naming the server (not a
BackendUnavailableError: the server answers, but not usably, so no fallback hides it), and the
description is read again before the next call.

A server restarted with another checkpoint between two calls fails no call. Its description
names the served weights (``model_id``, a hash), and so does each of its answers: an answer of
another model than the one described drops every cached embedding (those of two models are
not comparable) and refuses the request that saw it; the next request reads the new
description and is answered by the new model alone. A server of an older version, whose
description has no ``model_id``, is still used, without that check.
"""

import json
import math
from typing import Dict, List, Tuple
from urllib.parse import urlparse

import numpy as np

from ..image_text.encoder import (_LEAST_PROBE_DIFFERENCE, _MOST_PIXEL_VALUE, _PROBE_LEVELS,
                                  CachingEncoder, check_logit_scale, FAMILIES, shown)
from ..image_text.preprocess import _size, TorchPreprocessor, unsupported_reason
from ...core.errors import BackendUnavailableError, quote, SubtleDiffError

# The models a server of ``subtle-diff serve`` offers (see remote/server.py).
IMAGE_MODEL, TEXT_MODEL, INFO_MODEL = 'image_encoder', 'text_encoder', 'encoder_info'
DEFAULT_PORT = 8001
_TRITON_DTYPES = {'FP16': np.float16, 'FP32': np.float32}
# Largest side, in pixels, of the images a server's preprocessing may resize or crop to: twice
# the largest input of the image-text checkpoints (CLIP 224 and 336, ALIGN 289, SigLIP 224 to
# 384, SigLIP 2 up to 512). A size of 60000 made the client allocate 32 GB for one image.
MAX_IMAGE_SIDE = 1024
# Largest embedding dimension (CLIP ViT-bigG: 1280, SigLIP so400m: 1152) and batch (Triton's
# are of tens) a server may declare.
MAX_EMBEDDING_DIM = 8192
MAX_BATCH = 1024
# Longest description read (``subtle-diff serve`` sends about 2 kB) and model_id taken.
MAX_DESCRIPTION_BYTES = 1 << 20
MAX_MODEL_ID = 128
# Switches of a processor's settings: true, false, or not set (None).
_SWITCHES = ('do_resize', 'do_center_crop', 'do_rescale', 'do_normalize', 'do_pad',
             'do_convert_rgb', 'rescale_offset', 'include_top')


def parse_url(url: str) -> Tuple[str, int]:
    """Return (host, port) of an inference URL such as ``grpc://gpu-server:8001``."""
    text = str(url or '').strip()
    try:
        parsed = urlparse(text if '://' in text else f'grpc://{text}')
    except ValueError as exc:  # "Invalid IPv6 URL"
        raise SubtleDiffError(f'inference_url {quote(url)} is not a URL ({exc}): expected '
                              'grpc://host:port') from exc
    if parsed.scheme != 'grpc' or not parsed.hostname or parsed.path.strip('/') or \
            parsed.query or parsed.fragment or parsed.username is not None:
        # a path, a query or a user would be dropped without a word
        raise SubtleDiffError(f'inference_url {quote(url)} is not of the form grpc://host:port')
    try:
        port = parsed.port
    except ValueError as exc:
        raise SubtleDiffError(f'inference_url {quote(url)} has an invalid port') from exc
    if port is None and parsed.netloc.endswith(':') or port == 0:
        raise SubtleDiffError(f'inference_url {quote(url)} has an invalid port: give 1 to 65535, '
                              f'or none for {DEFAULT_PORT}')
    return parsed.hostname, port or DEFAULT_PORT


class RemoteEncoder(CachingEncoder):
    """
    Encode images and texts with the models of a Triton server at ``url`` (grpc://host:port).

    ``timeout_s`` bounds every call (a server that hangs is reported, never waited on for
    ever). Connecting fetches the model's description: family, checkpoint name, logit scale and
    bias, image processor settings, the input type and the largest batches the server takes.
    """

    def __init__(self, url: str, timeout_s: float = 10.0, image_cache_size: int = 256,
                 text_cache_size: int = 4096):
        """Connect to the server (raises BackendUnavailableError when it is unreachable)."""
        super().__init__(16, image_cache_size, text_cache_size)
        host, port = parse_url(url)
        self.url = f'grpc://{host}:{port}'
        self.device = self.url
        self.timeout_s = float(timeout_s)
        import tritonclient.grpc as grpcclient
        self._grpc = grpcclient
        self._client = grpcclient.InferenceServerClient(f'{host}:{port}')
        self.info: Dict = {}
        self.model_id = None
        self._stale = True  # the description must be (re)read before the next encoding
        self.connect()

    def encode_images(self, images) -> np.ndarray:
        """Return L2-normalised float32 embeddings (N, D) of RGB uint8 images."""
        self._refresh()
        return super().encode_images(images)

    def encode_texts(self, texts) -> np.ndarray:
        """Return L2-normalised float32 embeddings (N, D) of texts."""
        self._refresh()
        return super().encode_texts(texts)

    def _refresh(self) -> None:
        """After a failed call, read the description again: the server may have restarted."""
        if self._stale:
            self.connect()

    def _unavailable(self, exc: Exception) -> BackendUnavailableError:
        message = getattr(exc, 'message', None)
        text = (message() if callable(message) else str(exc)).strip().splitlines()
        return BackendUnavailableError(
            f'the inference server at {self.url} is unreachable: '
            f'{text[0] if text else type(exc).__name__}')

    def _infer(self, model: str, inputs: List, output):
        """Return the array of ``output`` (a name), or a tuple of arrays (a tuple of names)."""
        from tritonclient.utils import InferenceServerException
        names = (output,) if isinstance(output, str) else tuple(output)
        try:
            result = self._client.infer(model, inputs,
                                        outputs=[self._grpc.InferRequestedOutput(name)
                                                 for name in names],
                                        client_timeout=self.timeout_s)
        except InferenceServerException as exc:
            self._stale = True
            raise self._unavailable(exc) from exc
        arrays = tuple(result.as_numpy(name) for name in names)
        return arrays[0] if isinstance(output, str) else arrays

    def _embeddings(self, model: str, inputs: List) -> np.ndarray:
        """Return a model's embeddings, after checking they come from the described model."""
        if self.model_id is None:  # a server of an older version
            return self._infer(model, inputs, 'embeddings')
        embeddings, identities = self._infer(model, inputs, ('embeddings', 'model_id'))
        try:
            found = {bytes(value).decode('utf-8', 'replace')
                     for value in np.asarray(identities, dtype=np.object_).reshape(-1)}
        except (TypeError, ValueError):
            found = {repr(identities)[:40]}
        if found != {self.model_id}:
            self._stale = True  # read the description of the model it serves now
            self.clear_cache()
            raise SubtleDiffError(
                f'the inference server at {self.url} now serves another model than '
                f'{quote(self.name)} (model_id {shown(", ".join(sorted(found)) or "none")}, '
                f'not {self.model_id}): it was restarted with another checkpoint. The embeddings '
                'cached from the old one are dropped and this request is refused; the next '
                'reads the new description')
        return embeddings

    def _input(self, name: str, array: np.ndarray, datatype: str):
        tensor = self._grpc.InferInput(name, list(array.shape), datatype)
        tensor.set_data_from_numpy(array)
        return tensor

    def _not_usable(self, what: str) -> SubtleDiffError:
        return SubtleDiffError(f'the inference server at {self.url} {what}: is it '
                               '`subtle-diff serve` of this version?')

    def _number(self, info: Dict, key: str, whole: bool = False, low=None, high=None):
        value = info.get(key)
        number = math.nan
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:  # an integer of 400 digits
                number = math.inf
        if not math.isfinite(number) or (whole and not number.is_integer()):
            raise self._not_usable(f'describes its model with {key} {shown(value)}, not a '
                                   f'{"whole " if whole else "finite "}number')
        if (low is not None and number < low) or (high is not None and number > high):
            raise self._not_usable(f'describes its model with {key} {shown(value)}: expected '
                                   f'{low} to {high}')
        return int(number) if whole else number

    def _description(self, answer) -> Dict:
        """Return the server's model description, checked: types, ranges and preprocessing."""
        try:
            text = np.asarray(answer).reshape(-1)[0]
            if len(text) > MAX_DESCRIPTION_BYTES:
                raise ValueError(f'{len(text)} bytes, more than {MAX_DESCRIPTION_BYTES}')
            info = json.loads(text)
        except (TypeError, ValueError, IndexError, UnicodeDecodeError, RecursionError,
                MemoryError) as exc:  # RecursionError: nested 1000 deep
            raise self._not_usable(f'answers its description with no JSON '
                                   f'({type(exc).__name__}: {str(exc)[:100]})') from exc
        if not isinstance(info, dict):
            raise self._not_usable(f'answers its description with {type(info).__name__}')
        for key, kind in (('name', str), ('family', str), ('pixel_datatype', str),
                          ('preprocessor', dict), ('pixel_shape', list)):
            if not isinstance(info.get(key), kind):
                raise self._not_usable(f'describes its model with {key} '
                                       f'{shown(info.get(key))}, not a {kind.__name__}')
        if info['family'] not in FAMILIES:
            raise self._not_usable(f'serves a {quote(info["family"])} model, not one of '
                                   f'{", ".join(FAMILIES)}')
        if info['pixel_datatype'] not in _TRITON_DTYPES:
            raise self._not_usable(f'takes pixels as {quote(info["pixel_datatype"])}, not '
                                   f'{" or ".join(_TRITON_DTYPES)}')
        model_id = info.get('model_id')
        if model_id is not None and not (isinstance(model_id, str) and
                                         0 < len(model_id) <= MAX_MODEL_ID):
            raise self._not_usable(f'describes its model with model_id {shown(model_id)}, not '
                                   f'a text of 1 to {MAX_MODEL_ID} characters')
        checked = dict(info)
        checked['model_id'] = model_id
        checked['logit_scale'] = check_logit_scale(
            info.get('logit_scale'), f'the model {quote(info["name"])} of the inference server at '
            f'{self.url}', 'logit_scale in its description')
        checked['logit_bias'] = self._number(info, 'logit_bias')
        checked['embedding_dim'] = self._number(info, 'embedding_dim', True, 1, MAX_EMBEDDING_DIM)
        for key in ('image_max_batch', 'text_max_batch'):
            checked[key] = self._number(info, key, True, 1, MAX_BATCH)
        checked['preprocess'] = self._preprocessor(info['preprocessor'], info['pixel_shape'])
        return checked

    def _preprocessor(self, config: Dict, pixel_shape: List) -> TorchPreprocessor:
        """
        Return the TorchPreprocessor of the server's settings once they are checked.

        Sizes up to MAX_IMAGE_SIDE, finite scaling, pixels of the shape the server takes, and a
        dark and a light probe image prepared apart (as ``_check_image_processor`` checks a
        local checkpoint's preprocessor).
        """
        try:
            reason = self._switch_reason(config) or unsupported_reason(config)
            for key in ('size', 'crop_size') if reason is None else ():
                if config.get(key) is not None and any(
                        not 1 <= side <= MAX_IMAGE_SIDE
                        for side in _size(config[key], key).values()):
                    reason = (f'{key} {shown(config[key])}: sides of 1 to {MAX_IMAGE_SIDE} '
                              'pixels expected, the sizes image-text checkpoints take')
                    break
            used = (['rescale_factor'] if config.get('do_rescale', True) else []) + \
                (['image_mean', 'image_std'] if config.get('do_normalize', True) else [])
            for key in used if reason is None else ():
                reason = self._scaling_reason(key, config.get(key))
                if reason:
                    break
            preprocess = None if reason else TorchPreprocessor(config, 'cpu')
        except (TypeError, ValueError) as exc:  # a size of "big", a mean of None
            reason = f'its settings cannot be read ({exc})'
        if reason:
            raise SubtleDiffError(f'the server at {self.url} prepares images in a way this '
                                  f'client cannot reproduce ({reason})')
        shape = [3, *preprocess.output_size(480, 640)]
        if list(pixel_shape) != shape:
            raise self._not_usable(f'takes pixels of shape {pixel_shape}, but its preprocessing '
                                   f'makes {shape} of a 640x480 frame')
        with np.errstate(all='ignore'):
            pixels = preprocess([np.full((48, 64, 3), level, np.uint8)
                                 for level in _PROBE_LEVELS]).numpy()
        apart = float(np.abs(pixels[0] - pixels[1]).max()) if np.isfinite(pixels).all() else 0.0
        if not np.isfinite(pixels).all() or np.abs(pixels).max() > _MOST_PIXEL_VALUE or \
                apart < _LEAST_PROBE_DIFFERENCE:
            raise SubtleDiffError(f'the server at {self.url} prepares images with values no '
                                  'network takes, or a dark and a light image alike (its '
                                  'rescale_factor, image_mean and image_std)')
        return preprocess

    @staticmethod
    def _switch_reason(config: Dict):
        """Return what is wrong with the processor's switches (true, false or unset), or None."""
        for key in _SWITCHES:
            if config.get(key) is not None and not isinstance(config[key], bool):
                return f'{key} {shown(config[key])} is not true or false'
        return None

    @staticmethod
    def _scaling_reason(key: str, value):
        """Return what is wrong with a rescale_factor, image_mean or image_std, or None."""
        values = np.asarray(value, dtype=np.float64)  # TypeError, ValueError: not numbers
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, bool) for item in items) or values.ndim > 1:
            return f'{key} {shown(value)} is not a number or a list of numbers'
        if values.size not in (1, 3):
            return f'{key} {shown(value)} has {values.size} values, not 1 or 3'
        if key == 'image_mean' and not np.isfinite(values).all():
            return f'{key} {shown(value)} is not finite'
        if key != 'image_mean' and not (np.isfinite(values).all() and (values > 0).all()):
            return f'{key} {shown(value)} is not finite and above 0'
        return None

    def connect(self) -> None:
        """(Re)read the server's model description; clear the caches if the model changed."""
        self._stale = True  # until a description is read and checked
        answer = self._infer(INFO_MODEL, [self._input(
            'query', np.array([[b'info']], dtype=np.object_), 'BYTES')], 'info')
        info = self._description(answer)
        identity = (info['name'], info['family'], info['embedding_dim'], info['model_id'])
        if self.info and identity != (self.info['name'], self.info['family'],
                                      self.info['embedding_dim'], self.info['model_id']):
            self.clear_cache()  # another checkpoint: its embeddings are another space
        self.preprocess = info.pop('preprocess')
        self.info = info
        self.name, self.family = info['name'], info['family']
        self.logit_scale, self.logit_bias = info['logit_scale'], info['logit_bias']
        self.pixel_datatype = info['pixel_datatype']
        self.model_id = info['model_id']
        self.embedding_dim = info['embedding_dim']
        self.batch_size = info['image_max_batch']
        self._text_batch = info['text_max_batch']
        self._stale = False

    def _checked(self, vectors, count: int, kind: str) -> np.ndarray:
        """Return the server's embeddings of ``count`` items, checked and of unit length."""
        array = super()._checked(vectors, count, kind)
        if array.shape[1] != self.embedding_dim:
            raise self._embedding_error(kind, f'embeddings of {array.shape[1]} dimensions, not '
                                              f'the {self.embedding_dim} it declared',
                                        broken=False)
        wide = array.astype(np.float64)
        return (wide / np.linalg.norm(wide, axis=1, keepdims=True)).astype(np.float32)

    def _embedding_error(self, kind: str, problem: str, broken: bool = True) -> SubtleDiffError:
        self._stale = True  # the server may have changed: read its description again
        cause = 'damaged weights or a float16 overflow there' if broken else \
            'is it `subtle-diff serve` of this version?'
        return SubtleDiffError(f'the inference server at {self.url} sent {problem} (model '
                               f'{quote(self.name)}): {cause}')

    def _image_features(self, images: List[np.ndarray]) -> np.ndarray:
        pixels = self.preprocess(images).numpy().astype(_TRITON_DTYPES[self.pixel_datatype])
        return self._embeddings(IMAGE_MODEL, [self._input('pixel_values', pixels,
                                                          self.pixel_datatype)])

    def _text_features(self, texts: List[str]) -> np.ndarray:
        rows = []
        for start in range(0, len(texts), self._text_batch):
            part = texts[start:start + self._text_batch]
            chunk = np.array([[text.encode('utf-8')] for text in part], dtype=np.object_)
            rows.append(self._checked(self._embeddings(TEXT_MODEL, [self._input('texts', chunk,
                                                                                'BYTES')]),
                                      len(part), 'text'))
        return np.concatenate(rows)

    def close(self) -> None:
        """Close the gRPC channel."""
        self._client.close()


def load_remote_backend(inference_url: str, timeout_s: float = 10.0):
    """Return an ImageTextBackend named 'triton' on a RemoteEncoder at ``inference_url``."""
    if not inference_url:
        raise SubtleDiffError('the triton backend needs inference_url (e.g. '
                              'grpc://gpu-server:8001): the server `subtle-diff serve` started')
    from ..image_text.backend import ImageTextBackend
    return ImageTextBackend(RemoteEncoder(inference_url, timeout_s=timeout_s), name='triton')

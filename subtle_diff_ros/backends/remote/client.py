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
"""

import json
from typing import Dict, List, Tuple
from urllib.parse import urlparse

import numpy as np

from ..image_text.encoder import CachingEncoder
from ..image_text.preprocess import TorchPreprocessor, unsupported_reason
from ...core.errors import BackendUnavailableError, quote, SubtleDiffError

# The models a server of ``subtle-diff serve`` offers (see remote/server.py).
IMAGE_MODEL, TEXT_MODEL, INFO_MODEL = 'image_encoder', 'text_encoder', 'encoder_info'
DEFAULT_PORT = 8001
_TRITON_DTYPES = {'FP16': np.float16, 'FP32': np.float32}


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

    def _infer(self, model: str, inputs: List, output: str) -> np.ndarray:
        from tritonclient.utils import InferenceServerException
        try:
            result = self._client.infer(model, inputs,
                                        outputs=[self._grpc.InferRequestedOutput(output)],
                                        client_timeout=self.timeout_s)
        except InferenceServerException as exc:
            self._stale = True
            raise self._unavailable(exc) from exc
        return result.as_numpy(output)

    def _input(self, name: str, array: np.ndarray, datatype: str):
        tensor = self._grpc.InferInput(name, list(array.shape), datatype)
        tensor.set_data_from_numpy(array)
        return tensor

    def connect(self) -> None:
        """(Re)read the server's model description; clear the caches if the model changed."""
        answer = self._infer(INFO_MODEL, [self._input(
            'query', np.array([[b'info']], dtype=np.object_), 'BYTES')], 'info')
        info = json.loads(answer.reshape(-1)[0])
        reason = unsupported_reason(info['preprocessor'])
        if reason:
            raise SubtleDiffError(f'the server at {self.url} prepares images in a way this '
                                  f'client cannot reproduce ({reason})')
        identity = (info['name'], info['family'], info['embedding_dim'])
        if self.info and identity != (self.info['name'], self.info['family'],
                                      self.info['embedding_dim']):
            self.clear_cache()  # another checkpoint: its embeddings are another space
        self.info = info
        self.name, self.family = info['name'], info['family']
        self.logit_scale, self.logit_bias = info['logit_scale'], info['logit_bias']
        self.pixel_datatype = info['pixel_datatype']
        self.preprocess = TorchPreprocessor(info['preprocessor'], 'cpu')
        self.batch_size = int(info['image_max_batch'])
        self._text_batch = int(info['text_max_batch'])
        self._stale = False

    def _image_features(self, images: List[np.ndarray]) -> np.ndarray:
        pixels = self.preprocess(images).numpy().astype(_TRITON_DTYPES[self.pixel_datatype])
        return self._infer(IMAGE_MODEL, [self._input('pixel_values', pixels,
                                                     self.pixel_datatype)], 'embeddings')

    def _text_features(self, texts: List[str]) -> np.ndarray:
        rows = []
        for start in range(0, len(texts), self._text_batch):
            part = texts[start:start + self._text_batch]
            chunk = np.array([[text.encode('utf-8')] for text in part], dtype=np.object_)
            rows.append(self._infer(TEXT_MODEL, [self._input('texts', chunk, 'BYTES')],
                                    'embeddings'))
        return np.concatenate(rows).astype(np.float32, copy=False)

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

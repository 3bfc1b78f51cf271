# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
An NVIDIA Triton Inference Server (through PyTriton) serving one image-text checkpoint.

Run by ``subtle-diff serve`` in a Python environment that has PyTriton (``nvidia-pytriton``,
which bundles tritonserver; it needs numpy < 2, so the set-up builds ``.venv-triton`` for it):
``python -m subtle_diff_ros.backends.remote.server --model DIR_OR_HUB_ID``. Three models:

- ``image_encoder``: ``pixel_values`` (N, 3, H, W), float16 on a GPU and float32 on the CPU,
  prepared by the client -> ``embeddings`` (N, D) float32, L2-normalised, and ``model_id``
  (N, 1), the served model's identity;
- ``text_encoder``: ``texts`` (N, 1) UTF-8 strings, tokenised here -> ``embeddings`` (N, D) and
  ``model_id`` (N, 1);
- ``encoder_info``: the checkpoint's description as JSON (family, logit scale and bias, image
  processor settings, input type, largest batches, ``model_id``), read by clients when they
  connect.

``model_id`` is a hash of the served weights, their dtype and the name: a client that cached
embeddings of one model notices from any answer that the server now serves another (restarted
with another checkpoint) and drops them. Servers of the same weights share it.

Triton's dynamic batcher merges concurrent requests (``--max-batch-size``,
``--max-queue-delay-us``); Triton's statistics endpoint tells the batch sizes it formed. The
model loads through ``load_encoder``, float16 on a GPU. Every endpoint listens on ``--host``
(127.0.0.1 unless told otherwise). SIGINT and SIGTERM stop the server cleanly. When ready it
prints ``READY {json}`` (ports, pid, start-up seconds) and writes the same JSON to
``--ready-file``.
"""

import argparse
import json
import os
import signal
import socket
import sys
import sysconfig
import tempfile
import threading
import time

from ..loading import check_model_path
from ...core.errors import SubtleDiffError

IMAGE_MODEL, TEXT_MODEL, INFO_MODEL = 'image_encoder', 'text_encoder', 'encoder_info'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the server's options to ``parser`` (shared with ``subtle-diff serve``)."""
    parser.add_argument('--model', required=True, help='checkpoint directory or hub id')
    parser.add_argument('--offline', action='store_true', help='local files only')
    parser.add_argument('--device', default='auto', help='auto | cpu | cuda | cuda:N')
    parser.add_argument('--host', default='127.0.0.1',
                        help='address every endpoint listens on (default 127.0.0.1)')
    parser.add_argument('--grpc-port', type=int, default=8001, help='0: a free port')
    parser.add_argument('--http-port', type=int, default=0, help='0: a free port')
    parser.add_argument('--metrics-port', type=int, default=-1,
                        help='Prometheus metrics port (0: a free one; default: no metrics)')
    parser.add_argument('--max-batch-size', type=int, default=16,
                        help='most images (or texts) Triton merges into one model call')
    parser.add_argument('--max-queue-delay-us', type=int, default=2000,
                        help='how long Triton waits for more requests to fill a batch')
    parser.add_argument('--threads', type=int, default=0, help='CPU threads of torch (0: all)')
    parser.add_argument('--ready-file', default='', help='write the READY JSON here too')
    parser.add_argument('--log-file', default='',
                        help='tritonserver log (default: a file in the temp directory)')


def ensure_libpython_on_library_path() -> str:
    """
    Put this interpreter's libpython directory first on LD_LIBRARY_PATH; return it.

    PyTriton's Python-backend stub links libpython3.X.so and would otherwise load the system's,
    which fails with another build's standard library ("'_thread.RLock' object has no attribute
    '_recursion_count'"); tritonserver and the stubs inherit this process's environment.
    """
    libdir = sysconfig.get_config_var('LIBDIR') or ''
    library = sysconfig.get_config_var('LDLIBRARY') or ''
    if not libdir or not os.path.exists(os.path.join(libdir, library)):
        return ''
    parts = [p for p in os.environ.get('LD_LIBRARY_PATH', '').split(':') if p]
    if libdir not in parts:
        os.environ['LD_LIBRARY_PATH'] = ':'.join([libdir] + parts)
    return libdir


def free_port(host: str) -> int:
    """Return a TCP port free on ``host`` now (Triton binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def model_identity(encoder) -> str:
    """Return a hash (32 hex digits) of the encoder's name, family, weights and their dtype."""
    import torch
    import xxhash
    digest = xxhash.xxh3_128()
    digest.update(f'{encoder.name}\0{encoder.family}\0{encoder.dtype}'.encode('utf-8'))
    for key, tensor in sorted(encoder.model.state_dict().items()):
        digest.update(f'\0{key}{tensor.dtype}{tuple(tensor.shape)}'.encode('utf-8'))
        # as bytes: numpy has no bfloat16
        digest.update(tensor.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy())
    return digest.hexdigest()


def encoder_info(encoder, pixel_shape, max_batch_size: int) -> dict:
    """Return what a client needs to prepare inputs and read scores (the INFO_MODEL answer)."""
    preprocessor = encoder.image_processor.to_dict()
    return {'name': encoder.name, 'family': encoder.family, 'device': str(encoder.device),
            'model_id': model_identity(encoder),
            'logit_scale': float(encoder.logit_scale), 'logit_bias': float(encoder.logit_bias),
            'preprocessor': json.loads(json.dumps(preprocessor, default=str)),
            'pixel_shape': list(pixel_shape),
            'pixel_datatype': 'FP16' if str(encoder.dtype) == 'torch.float16' else 'FP32',
            'embedding_dim': int(encoder.encode_texts(['a photo']).shape[1]),
            'image_max_batch': max_batch_size, 'text_max_batch': max_batch_size}


def _infer_functions(encoder, info_bytes: bytes, model_id: str):
    import numpy as np
    import torch
    from pytriton.decorators import batch
    cuda = str(encoder.device).startswith('cuda')
    identity = model_id.encode('utf-8')

    def answer(embeddings):
        return {'embeddings': embeddings,
                'model_id': np.array([[identity]] * len(embeddings), dtype=np.object_)}

    @batch
    def images(pixel_values):
        pixels = torch.from_numpy(np.ascontiguousarray(pixel_values))
        if cuda:
            pixels = pixels.pin_memory().to(encoder.device, non_blocking=True)
        return answer(encoder.pixel_features(pixels))

    @batch
    def texts(texts):
        strings = [bytes(t).decode('utf-8', 'replace') for t in texts.reshape(-1)]
        return answer(encoder.encode_texts(strings))

    @batch
    def info(query):
        return {'info': np.array([[info_bytes]] * len(query), dtype=np.object_)}
    return images, texts, info


def serve(args) -> int:
    """Load the checkpoint, start Triton, serve until SIGINT/SIGTERM; return the exit status."""
    started = time.monotonic()
    ensure_libpython_on_library_path()
    import numpy as np
    import torch
    from pytriton.model_config import DynamicBatcher, ModelConfig, Tensor
    from pytriton.triton import Triton, TritonConfig, TritonSecurityConfig
    from ..image_text.encoder import load_encoder
    from ..image_text.preprocess import TorchPreprocessor
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    encoder = load_encoder(args.model, device=args.device, offline=args.offline,
                           preprocessing='processor')
    height, width = TorchPreprocessor(encoder.image_processor.to_dict()).output_size(480, 640)
    info = encoder_info(encoder, (3, height, width), args.max_batch_size)
    image_infer, text_infer, info_infer = _infer_functions(
        encoder, json.dumps(info).encode('utf-8'), info['model_id'])
    ports = {name: port or free_port(args.host) for name, port in (
        ('grpc', args.grpc_port), ('http', args.http_port),
        ('metrics', max(args.metrics_port, 0)))}
    log_file = args.log_file or os.path.join(tempfile.gettempdir(),
                                             f'subtle-diff-serve-{os.getpid()}.log')
    config = TritonConfig(grpc_address=args.host, grpc_port=ports['grpc'],
                          http_address=args.host, http_port=ports['http'],
                          allow_metrics=args.metrics_port >= 0, allow_gpu_metrics=False,
                          metrics_address=args.host, metrics_port=ports['metrics'],
                          log_verbose=0, exit_timeout_secs=5, log_file=os.path.abspath(log_file))
    batcher = DynamicBatcher(max_queue_delay_microseconds=args.max_queue_delay_us)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    embedding = Tensor(name='embeddings', dtype=np.float32, shape=(-1,))
    identity = Tensor(name='model_id', dtype=bytes, shape=(1,))
    pixel_dtype = np.float16 if info['pixel_datatype'] == 'FP16' else np.float32
    # PyTriton guards Triton's management endpoints with a token; statistics (batch sizes,
    # queue and compute times per model) stay readable, as on a plain Triton server.
    security = TritonSecurityConfig(restricted_endpoints=[
        'shared-memory', 'model-repository', 'trace', 'logging'])
    with Triton(config=config, security_config=security) as triton:
        triton.bind(model_name=IMAGE_MODEL, infer_func=image_infer,
                    inputs=[Tensor(name='pixel_values', dtype=pixel_dtype,
                                   shape=(3, height, width))],
                    outputs=[embedding, identity], strict=True,
                    config=ModelConfig(max_batch_size=args.max_batch_size, batcher=batcher))
        triton.bind(model_name=TEXT_MODEL, infer_func=text_infer,
                    inputs=[Tensor(name='texts', dtype=bytes, shape=(1,))],
                    outputs=[embedding, identity], strict=True,
                    config=ModelConfig(max_batch_size=args.max_batch_size, batcher=batcher))
        triton.bind(model_name=INFO_MODEL, infer_func=info_infer,
                    inputs=[Tensor(name='query', dtype=bytes, shape=(1,))],
                    outputs=[Tensor(name='info', dtype=bytes, shape=(1,))],
                    config=ModelConfig(max_batch_size=8))
        ready = {'pid': os.getpid(), 'host': args.host, 'grpc_port': ports['grpc'],
                 'http_port': ports['http'], 'url': f'grpc://{args.host}:{ports["grpc"]}',
                 'model': encoder.name, 'family': encoder.family, 'device': str(encoder.device),
                 'startup_s': round(time.monotonic() - started, 2), 'log_file': log_file}
        if args.ready_file:
            with open(args.ready_file + '.tmp', 'w', encoding='utf-8') as f:
                json.dump(ready, f)
            os.replace(args.ready_file + '.tmp', args.ready_file)
        print('READY ' + json.dumps(ready), flush=True)
        while not stop.is_set():
            if not triton.is_alive():
                print('subtle-diff serve: tritonserver stopped; exiting', file=sys.stderr,
                      flush=True)
                return 1
            stop.wait(1.0)
    return 0


def main(argv=None) -> int:
    """Parse the options and serve."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        check_model_path(args.model)
        return serve(args)
    except SubtleDiffError as exc:  # a model that cannot be loaded: one line, no traceback
        print(f'subtle-diff serve: error: {exc}', file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())

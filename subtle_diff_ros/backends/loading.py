# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The rules every checkpoint is loaded by: offline mode, device, dtype, what to say when missing.

Weights load from a hub id or a local directory with transformers' ``from_pretrained``, from
safetensors only and never with remote code; these helpers keep the image-text encoders and the
VLM captioner saying the same things.
"""

import os
import re
from typing import Sequence

from ..core.errors import ModelLoadError, SubtleDiffError

_TRUE_WORDS = ('1', 'true', 'yes', 'on')


def quiet_loading() -> None:
    """Turn off transformers' progress bars and the hub client's retry lines on stderr."""
    import logging

    from transformers.utils import logging as hf_logging
    hf_logging.disable_progress_bar()
    # "... thrown while requesting HEAD <url>; Retrying in 1s": the error that follows says it
    logging.getLogger('huggingface_hub').setLevel(logging.ERROR)


def offline_requested(offline: bool = False) -> bool:
    """Return True when loading must not touch the network (argument or HF_HUB_OFFLINE)."""
    env = os.environ.get('HF_HUB_OFFLINE', '').strip().lower()
    return bool(offline) or env in _TRUE_WORDS


def resolve_device(device: str = 'auto') -> str:
    """Return 'cuda' or 'cpu' for 'auto', or check that an explicit device exists."""
    import torch
    if device in (None, 'auto'):
        return 'cuda' if torch.cuda.is_available() else 'cpu'
    if str(device).startswith('cuda') and not torch.cuda.is_available():
        raise SubtleDiffError(f'device {device!r} was asked for but no CUDA GPU is available; '
                              'use --device cpu or --device auto')
    if not (str(device) == 'cpu' or str(device).startswith('cuda')):
        raise SubtleDiffError(f'unknown device {device!r}: expected auto, cpu or cuda[:N]')
    return str(device)


def resolve_dtype(dtype, device: str):
    """Return the torch dtype: float16 on a GPU and float32 on the CPU unless one is named."""
    import torch
    if dtype is None:
        return torch.float16 if device.startswith('cuda') else torch.float32
    if isinstance(dtype, str):
        named = {'float32': torch.float32, 'fp32': torch.float32, 'float16': torch.float16,
                 'fp16': torch.float16, 'bfloat16': torch.bfloat16, 'bf16': torch.bfloat16}
        if dtype not in named:
            raise SubtleDiffError(f'unknown dtype {dtype!r}: expected one of {sorted(named)}')
        return named[dtype]
    return dtype


def check_model_path(model: str) -> None:
    """
    Raise ModelLoadError for a model that names a local path with no checkpoint directory there.

    A name that starts with '/', '.' or '~', or that exists, is a path; anything else is a hub
    id, left to the loader (which would have said "Repo id must be in the form ..." of a path).
    """
    if not (os.path.isabs(model) or model.startswith(('.', '~')) or os.path.exists(model)):
        return
    path = os.path.expanduser(model)
    if not os.path.exists(path):
        raise ModelLoadError(f'no model directory at {model}')
    if not os.path.isdir(path):
        raise ModelLoadError(f'the model {model} is not a directory (give a checkpoint directory '
                             'or a hub id)')


# A web address in a loader's message ("couldn't connect to '<url>'"): said as "the model hub".
_ADDRESS = re.compile(r"""'?\bhttps?://[^\s'"]+'?""")


def first_line(exc: BaseException) -> str:
    """Return the first line of an exception's message (its type when the message is empty)."""
    text = str(exc).strip().splitlines()
    return _ADDRESS.sub('the model hub', text[0]) if text else type(exc).__name__


def how_to_provide(model: str, offline: bool, kind: str, examples: Sequence[str]) -> str:
    """
    Return what to do when the weights of ``model`` cannot be loaded.

    ``kind`` names the model ("an image-text model"), ``examples`` are hub ids of that kind.
    """
    where = ('offline mode is on (offline=True or HF_HUB_OFFLINE=1), so only local files and '
             'the local Hugging Face cache are used; ' if offline else '')
    return (f'{where}provide the weights of {kind} (for example {", ".join(examples)}) in one '
            'of these ways: its hub id, with network access to download it once; or '
            '`--model /path/to/dir` pointing at a checkpoint saved with save_pretrained '
            '(config.json, model.safetensors, tokenizer and processor files); then run with '
            'the offline switch (--offline or HF_HUB_OFFLINE=1) to use only local files '
            f'(asked for: {model!r})')

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
One thread for the package's torch work, on the CPU and on a GPU.

PyTorch's CPU kernels run on OpenMP, and OpenMP gives every thread that starts parallel work a
team of its own. With two teams on the machine's cores (a model loaded on one thread and run on
another: a request batcher's worker, a ROS executor's callback threads, one client thread per
request), the GNU OpenMP runtime counts more busy threads than cores and stops its threads from
spinning between kernels, and a CLIP ViT-B/32 forward pass took 25-30 % longer on 2 cores than
with one team (measured: 75 ms against 97 ms for two images; the same 78 ms when loading and
running both happen on one thread that is not the main one). On a GPU, CUDA keeps state per
thread too (the cuBLAS and cuDNN handles, the current stream): on an H200 the first selection
made on a new thread took 60-100 ms against 2.5 ms after it (benchmarks/serving_throughput.py
starts new client threads each round). So model loading, the capture of CUDA graphs and every
forward pass (the image-text encoders, the phrase encoder, the VLM captioner) go through
``on_compute_thread``: one thread per process, which takes the torch thread count of the
thread that first used it.
"""

from concurrent.futures import ThreadPoolExecutor
import os
import threading
from typing import Callable, Optional, TypeVar

Result = TypeVar('Result')

_lock = threading.Lock()
_executor: Optional[ThreadPoolExecutor] = None
_owner_pid: Optional[int] = None
_thread: Optional[threading.Thread] = None


def _start(threads: Optional[int]) -> None:
    global _thread
    _thread = threading.current_thread()
    if threads:
        import torch
        torch.set_num_threads(threads)


def _compute_executor() -> ThreadPoolExecutor:
    """Return the process's compute thread, started on first use (anew in a forked child)."""
    global _executor, _owner_pid
    with _lock:
        if _executor is None or _owner_pid != os.getpid():
            threads = None
            try:
                import torch
                threads = torch.get_num_threads()
            except ImportError:
                pass
            _executor = ThreadPoolExecutor(1, thread_name_prefix='subtle_diff_compute',
                                           initializer=_start, initargs=(threads,))
            _owner_pid = os.getpid()
        return _executor


def on_compute_thread(function: Callable[..., Result], *args, **kwargs) -> Result:
    """
    Run ``function(*args, **kwargs)`` on the compute thread and return what it returns.

    Its exceptions are raised here. Called on the compute thread itself, it runs at once.
    """
    if threading.current_thread() is _thread and _owner_pid == os.getpid():
        return function(*args, **kwargs)
    return _compute_executor().submit(function, *args, **kwargs).result()

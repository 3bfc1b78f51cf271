# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The compute thread: every call runs on one thread, errors come back, nesting does not block."""

import threading

import pytest

from subtle_diff_ros.core.compute_thread import on_compute_thread


def test_calls_from_many_threads_all_run_on_one_thread():
    seen = []

    def caller():
        seen.append(on_compute_thread(threading.get_ident))
    threads = [threading.Thread(target=caller) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen.append(on_compute_thread(threading.get_ident))
    assert len(seen) == 7 and len(set(seen)) == 1
    assert seen[0] != threading.get_ident()


def test_the_result_and_the_exception_come_back_to_the_caller():
    assert on_compute_thread(lambda a, b=0: a + b, 2, b=3) == 5

    def fail():
        raise ValueError('bad input')
    with pytest.raises(ValueError, match='bad input'):
        on_compute_thread(fail)
    assert on_compute_thread(lambda: 'still serving') == 'still serving'


def test_a_call_made_on_the_compute_thread_runs_at_once():
    def outer():
        return on_compute_thread(threading.get_ident) == threading.get_ident()
    assert on_compute_thread(outer)


def test_torch_work_of_an_encoder_on_the_cpu_runs_there(tmp_path):
    """The image-text encoder runs its image and text models on the compute thread on the CPU."""
    pytest.importorskip('torch')
    import numpy as np
    from tiny_models import build_tiny_clip
    from subtle_diff_ros.backends.image_text.encoder import load_encoder
    build_tiny_clip(str(tmp_path))
    encoder = load_encoder(str(tmp_path), device='cpu', offline=True)
    compute = on_compute_thread(threading.get_ident)
    ran_on = []
    hooks = [part.register_forward_hook(lambda *_: ran_on.append(threading.get_ident()))
             for part in (encoder.model.vision_model, encoder.model.text_model)]
    image = np.random.default_rng(0).integers(0, 256, (40, 50, 3), dtype=np.uint8)
    encoder.encode_images([image])
    encoder.encode_texts(['a dark cup'])
    for hook in hooks:
        hook.remove()
    assert ran_on == [compute, compute] and compute != threading.get_ident()

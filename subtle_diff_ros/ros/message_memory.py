# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Keep freed image-sized buffers in the process, so that large messages stop costing page faults.

Every image message passes through several fresh multi-megabyte buffers (the Python array, the C
message, the serialized payload, and the same again on the receiving side). By default glibc
serves each of them with its own mmap and returns it to the system when freed, so the next
message faults every page in again: on a 2-core machine a request carrying two 1920x1080 images
took 54 ms to reach the server this way and 16 ms with freed memory kept for reuse
(benchmarks/service_latency.py measures the whole service).
"""

import ctypes
import ctypes.util

# mallopt parameters of glibc's malloc.h
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

# The largest threshold glibc accepts on 64-bit systems (HEAP_MAX_SIZE / 2): 32 MB buffers and
# smaller come from the heap, which covers 4K RGB images (25 MB).
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
# Freed memory kept at the top of the heap before it is returned to the system.
TRIM_THRESHOLD_BYTES = 128 * 1024 * 1024


def keep_freed_image_buffers() -> bool:
    """
    Make glibc's malloc reuse freed image-sized buffers instead of unmapping them.

    Process-wide and harmless to call more than once. Returns False where the C library is not
    glibc (nothing is changed there).
    """
    name = ctypes.util.find_library('c')
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
                and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))

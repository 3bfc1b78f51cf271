# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Remote inference: the image-text encoders on an NVIDIA Triton Inference Server.

``server`` runs the encoders of a checkpoint on Triton (``subtle-diff serve``); ``client`` is the
backend ``triton`` of a difference server, which prepares images and keeps caches locally and
sends pixel tensors and texts to that server.
"""

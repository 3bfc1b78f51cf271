# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The backends that answer selection and description: measurement, image-text, VLM, combined.

``base`` holds the interface every backend implements and the registry that builds one by name;
``loading`` the shared rules for loading checkpoints (offline mode, device, error messages).
"""

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
pip installation of the ROS-free core and the ``subtle-diff`` command, without ROS.

The ROS 2 package itself (interfaces, nodes, launch files) builds with ament_cmake from
CMakeLists.txt (colcon, or ``make`` here); this file serves machines that only need the library,
for example a workstation that runs ``subtle-diff eval``.
"""

from setuptools import find_packages, setup

setup(
    name='subtle_diff_ros',
    version='0.1.0',
    description='See and say subtle differences between visually similar objects.',
    license='Apache-2.0',
    python_requires='>=3.10',
    packages=find_packages(include=['subtle_diff_ros', 'subtle_diff_ros.*']),
    install_requires=['numpy', 'opencv-python-headless', 'scikit-image', 'Pillow', 'torch',
                      'transformers', 'safetensors', 'tqdm', 'PyYAML', 'pycocoevalcap', 'xxhash'],
    extras_require={'test': ['pytest']},
    entry_points={'console_scripts': ['subtle-diff = subtle_diff_ros.cli:main']},
)

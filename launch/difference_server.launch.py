# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Launch the difference server (a lifecycle node that configures and activates itself)."""

import os

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import LifecycleNode
from launch_ros.parameter_descriptions import ParameterValue


def generate_launch_description():
    """Return the server with its parameter file, camera topic, backend, model, device, remote."""
    # ParameterValue(..., value_type=str) keeps '' a string (launch reads other values as YAML).
    share = get_package_share_directory('subtle_diff_ros')
    return LaunchDescription([
        DeclareLaunchArgument(
            'params_file', default_value=os.path.join(share, 'config', 'difference_server.yaml'),
            description='parameter file of the difference server'),
        DeclareLaunchArgument('camera_topic', default_value='camera/image_raw',
                              description='image topic of the camera called "camera"'),
        DeclareLaunchArgument('backend', default_value='auto',
                              description='auto | clip | align | siglip | analytic | triton'),
        DeclareLaunchArgument('inference_url', default_value='',
                              description='Triton server of backend triton, grpc://host:port'),
        DeclareLaunchArgument('fallback_backend', default_value='',
                              description='backend that answers while the server is away'),
        DeclareLaunchArgument('model', default_value='',
                              description='hub id or checkpoint directory ("" for the default)'),
        DeclareLaunchArgument('device', default_value='auto',
                              description='auto | cpu | cuda | cuda:0'),
        DeclareLaunchArgument('dtype', default_value='',
                              description='encoder precision: "" (default) | float32 | '
                                          'bfloat16 | float16'),
        LifecycleNode(
            package='subtle_diff_ros', executable='difference_server', name='difference_server',
            namespace='', output='screen',
            parameters=[LaunchConfiguration('params_file'), {
                'backend': ParameterValue(LaunchConfiguration('backend'), value_type=str),
                'model': ParameterValue(LaunchConfiguration('model'), value_type=str),
                'device': ParameterValue(LaunchConfiguration('device'), value_type=str),
                'dtype': ParameterValue(LaunchConfiguration('dtype'), value_type=str),
                'inference_url': ParameterValue(LaunchConfiguration('inference_url'),
                                                value_type=str),
                'fallback_backend': ParameterValue(LaunchConfiguration('fallback_backend'),
                                                   value_type=str),
                'cameras.camera.topic': ParameterValue(LaunchConfiguration('camera_topic'),
                                                       value_type=str),
            }]),
    ])

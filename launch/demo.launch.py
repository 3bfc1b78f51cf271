# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Launch a fake camera and the difference server that reads it.

Then, for example: capture a reference, change the camera's picture and ask what changed:
``ros2 param set /fake_camera edit darker``.
"""

import os

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import LifecycleNode, Node
from launch_ros.parameter_descriptions import ParameterValue


def generate_launch_description():
    """Return the fake camera on camera_topic and the server subscribed to it."""
    config = os.path.join(get_package_share_directory('subtle_diff_ros'), 'config')
    camera_topic = LaunchConfiguration('camera_topic')
    return LaunchDescription([
        DeclareLaunchArgument(
            'params_file', default_value=os.path.join(config, 'difference_server.yaml'),
            description='parameter file of the difference server'),
        DeclareLaunchArgument(
            'camera_params_file', default_value=os.path.join(config, 'fake_camera.yaml'),
            description='parameter file of the fake camera'),
        DeclareLaunchArgument('camera_topic', default_value='camera/image_raw',
                              description='topic the fake camera publishes and the server reads'),
        DeclareLaunchArgument('backend', default_value='auto',
                              description='auto | clip | align | siglip | analytic'),
        DeclareLaunchArgument('model', default_value='',
                              description='hub id or checkpoint directory ("" for the default)'),
        DeclareLaunchArgument('device', default_value='auto',
                              description='auto | cpu | cuda | cuda:0'),
        Node(package='subtle_diff_ros', executable='fake_camera', name='fake_camera',
             output='screen', parameters=[LaunchConfiguration('camera_params_file')],
             remappings=[('image_raw', camera_topic)]),
        LifecycleNode(
            package='subtle_diff_ros', executable='difference_server', name='difference_server',
            namespace='', output='screen',
            parameters=[LaunchConfiguration('params_file'), {
                'backend': ParameterValue(LaunchConfiguration('backend'), value_type=str),
                'model': ParameterValue(LaunchConfiguration('model'), value_type=str),
                'device': ParameterValue(LaunchConfiguration('device'), value_type=str),
                'cameras.camera.topic': ParameterValue(camera_topic, value_type=str),
            }]),
    ])

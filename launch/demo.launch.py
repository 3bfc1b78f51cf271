# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Launch a fake camera and the difference server that reads it.

The server comes from difference_server.launch.py (included, so both launch files take the same
server arguments). Then, for example: capture a reference, change the camera's picture and ask
what changed: ``ros2 param set /fake_camera edit darker``.
"""

import os

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, IncludeLaunchDescription
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node


def generate_launch_description():
    """Return the fake camera on camera_topic and the server subscribed to it."""
    share = get_package_share_directory('subtle_diff_ros')
    camera_topic = LaunchConfiguration('camera_topic')
    server_launch = os.path.join(share, 'launch', 'difference_server.launch.py')
    server = IncludeLaunchDescription(
        PythonLaunchDescriptionSource(server_launch),
        launch_arguments={
            'params_file': LaunchConfiguration('params_file'),
            'camera_topic': camera_topic,
            'backend': LaunchConfiguration('backend'),
            'model': LaunchConfiguration('model'),
            'device': LaunchConfiguration('device'),
        }.items())
    return LaunchDescription([
        DeclareLaunchArgument(
            'params_file', default_value=os.path.join(share, 'config', 'difference_server.yaml'),
            description='parameter file of the difference server'),
        DeclareLaunchArgument(
            'camera_params_file', default_value=os.path.join(share, 'config', 'fake_camera.yaml'),
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
        server,
    ])

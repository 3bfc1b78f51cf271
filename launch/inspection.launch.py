# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Launch the inspection node (a lifecycle node that configures and activates itself)."""

import os

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import LifecycleNode
from launch_ros.parameter_descriptions import ParameterValue


def generate_launch_description():
    """Return the inspection node with its parameter file, plan, database and camera topic."""
    share = get_package_share_directory('subtle_diff_ros')
    return LaunchDescription([
        DeclareLaunchArgument(
            'params_file', default_value=os.path.join(share, 'config', 'inspection_node.yaml'),
            description='parameter file of the inspection node'),
        DeclareLaunchArgument(
            'plan_file', default_value=os.path.join(share, 'config', 'inspection_plan.yaml'),
            description='the inspection plan (YAML)'),
        DeclareLaunchArgument('database', default_value='~/.ros/subtle_diff_ros/inspections.db',
                              description='the history database (SQLite)'),
        DeclareLaunchArgument('camera_topic', default_value='camera/image_raw',
                              description='image topic of the camera called "camera"'),
        LifecycleNode(
            package='subtle_diff_ros', executable='inspection_node', name='inspection_node',
            namespace='', output='screen',
            parameters=[LaunchConfiguration('params_file'), {
                'plan_file': ParameterValue(LaunchConfiguration('plan_file'), value_type=str),
                'database': ParameterValue(LaunchConfiguration('database'), value_type=str),
                'cameras.camera.topic': ParameterValue(LaunchConfiguration('camera_topic'),
                                                       value_type=str),
            }]),
    ])

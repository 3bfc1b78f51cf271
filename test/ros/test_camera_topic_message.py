# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Why a camera gives no frame: the message made from its topic's publishers (pure function)."""

import pytest
from subtle_diff_ros.core.errors import SubtleDiffError
from subtle_diff_ros.ros.cameras import topic_problem
from subtle_diff_ros.service.frames import LatestFrames

RAW, COMPRESSED = 'sensor_msgs/msg/Image', 'sensor_msgs/msg/CompressedImage'


def test_a_compressed_camera_on_a_raw_topic_names_the_type_and_the_parameter():
    said = topic_problem('camera', '/camera/image_raw', False, [COMPRESSED],
                         topic_is_default=False)
    assert said == ('topic /camera/image_raw is published as sensor_msgs/msg/CompressedImage, '
                    'the server subscribes sensor_msgs/msg/Image; set cameras.camera.compressed:'
                    ' true')


def test_with_the_default_topic_the_fix_keeps_the_topic():
    said = topic_problem('camera', '/camera/image_raw', False, [COMPRESSED, COMPRESSED],
                         topic_is_default=True)
    assert said.endswith('set cameras.camera.compressed: true and cameras.camera.topic: '
                         '/camera/image_raw (the compressed flag alone would move the default '
                         'topic to camera/image_raw/compressed)')
    said = topic_problem('front', '/front/image_raw/compressed', True, [RAW],
                         topic_is_default=True, who='the inspection node')
    assert said.startswith('topic /front/image_raw/compressed is published as '
                           'sensor_msgs/msg/Image, the inspection node subscribes '
                           'sensor_msgs/msg/CompressedImage; set cameras.front.compressed: '
                           'false and cameras.front.topic: /front/image_raw/compressed')


def test_no_publisher_another_type_or_the_right_one():
    assert topic_problem('camera', '/camera/image_rwa', False, []) == (
        'no publisher on topic /camera/image_rwa (is the camera running, and is '
        'cameras.camera.topic right?)')
    said = topic_problem('camera', '/camera/camera_info', False, ['sensor_msgs/msg/CameraInfo'])
    assert said == ('topic /camera/camera_info is published as sensor_msgs/msg/CameraInfo, the '
                    'server subscribes sensor_msgs/msg/Image; set cameras.camera.topic to a '
                    'topic of sensor_msgs/msg/Image')
    assert topic_problem('camera', '/camera/image_raw', False, [COMPRESSED, RAW]) is None
    assert topic_problem('camera', '/c/image_raw/compressed', True, [COMPRESSED]) is None


def test_the_refusal_of_a_camera_without_frames_carries_the_cause_it_is_given():
    """The ROS-free frame store adds what the node found on the graph, when it found something."""
    causes = {'camera': 'no publisher on topic /camera/image_raw'}
    frames = LatestFrames(['camera', 'other'], causes.get)
    with pytest.raises(SubtleDiffError) as refused:
        frames.get('camera', 0, 2.0)
    assert str(refused.value) == ("no frame received yet from camera 'camera': no publisher on "
                                  'topic /camera/image_raw')
    with pytest.raises(SubtleDiffError) as refused:
        frames.get('other', 0, 2.0)
    assert str(refused.value) == "no frame received yet from camera 'other'"

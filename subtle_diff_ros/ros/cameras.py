# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
What the nodes share about cameras and their own ROS entities.

A node names its cameras; camera ``<name>`` reads the read-only parameters
``cameras.<name>.topic`` (default ``<name>/image_raw``, or ``<name>/image_raw/compressed``) and
``cameras.<name>.compressed``, and is subscribed with sensor-data QoS. Frames are kept as they
came and decoded only when a request or an inspection needs one.
"""

from rcl_interfaces.msg import ParameterDescriptor
from rclpy.expand_topic_name import expand_topic_name
from rclpy.qos import qos_profile_sensor_data
from rclpy.validate_full_topic_name import validate_full_topic_name
from sensor_msgs.msg import CompressedImage, Image

from .conversions import compressed_msg_to_rgb, image_msg_to_rgb
from ..core.errors import SubtleDiffError
from ..inspection.plan import CAMERA_NAME

NANOSECONDS = 1_000_000_000


def _declare_once(node, name, default, description):
    if not node.has_parameter(name):
        node.declare_parameter(name, default,
                               ParameterDescriptor(description=description, read_only=True))
    return node.get_parameter(name).value


def declare_camera(node, camera: str):
    """Return (topic, compressed) of ``camera``, declaring its parameters on ``node`` once."""
    if not isinstance(camera, str) or not CAMERA_NAME.fullmatch(camera):
        raise SubtleDiffError(f'camera name {camera!r} is not a valid parameter name (letters, '
                              'digits and _, starting with a letter)')
    compressed = _declare_once(node, f'cameras.{camera}.compressed', False,
                               f'camera {camera} sends CompressedImage')
    default_topic = f'{camera}/image_raw' + ('/compressed' if compressed else '')
    topic = _declare_once(node, f'cameras.{camera}.topic', default_topic,
                          f'image topic of camera {camera}')
    try:
        validate_full_topic_name(expand_topic_name(topic, node.get_name(),
                                                   node.get_namespace()))
    except Exception as exc:  # noqa: B902 (rclpy raises ValueError or its own exception)
        raise SubtleDiffError(f'cameras.{camera}.topic {topic!r} is not a valid topic name: '
                              f'{str(exc).splitlines()[0].split(", at ")[0]}')
    return topic, compressed


def subscribe_camera(node, camera: str, callback, callback_group):
    """Subscribe ``callback(camera, msg)`` to ``camera``'s topic; return (subscription, topic)."""
    topic, compressed = declare_camera(node, camera)
    subscription = node.create_subscription(
        CompressedImage if compressed else Image, topic,
        lambda msg: callback(camera, msg), qos_profile_sensor_data,
        callback_group=callback_group)
    return subscription, topic


def frame_to_rgb(message, name: str, max_pixels=None):
    """Return a camera frame (Image or CompressedImage) as RGB uint8, or raise."""
    if isinstance(message, CompressedImage):
        return compressed_msg_to_rgb(message, name, max_pixels)
    return image_msg_to_rgb(message, name, max_pixels)


def stamp_ns(stamp) -> int:
    """Return a builtin_interfaces/Time as integer nanoseconds."""
    return int(stamp.sec) * NANOSECONDS + int(stamp.nanosec)


def check_stamp(stamp, name: str) -> None:
    """Raise SubtleDiffError for a header stamp whose nanosec holds a second or more."""
    if not stamp.nanosec < NANOSECONDS:
        raise SubtleDiffError(f'{name} has header.stamp.nanosec {stamp.nanosec}: nanoseconds '
                              f'must be under {NANOSECONDS} (whole seconds go in sec)')


def destroy_entities(node, entities) -> None:
    """Destroy the services and subscriptions a node created at configure."""
    for entity in entities:
        if hasattr(entity, 'srv_type'):
            node.destroy_service(entity)
        else:
            node.destroy_subscription(entity)

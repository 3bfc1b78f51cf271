# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
What the nodes share about cameras and their own ROS entities.

A node names its cameras; camera ``<name>`` reads the read-only parameters
``cameras.<name>.topic`` (default ``<name>/image_raw``, or ``<name>/image_raw/compressed``) and
``cameras.<name>.compressed``, and is subscribed with sensor-data QoS. Frames are kept as they
came and decoded only when a request or an inspection needs one. When a camera gives no frame,
``CameraTopics`` tells why as the ROS graph shows it: no publisher on its topic, or publishers of
the other image type (a compressed camera on a topic configured as raw, or the reverse).
"""

import threading
from typing import Iterable, Optional

from rcl_interfaces.msg import ParameterDescriptor
from rclpy.expand_topic_name import expand_topic_name
from rclpy.qos import qos_profile_sensor_data
from rclpy.validate_full_topic_name import validate_full_topic_name
from sensor_msgs.msg import CompressedImage, Image

from .conversions import compressed_msg_to_rgb, image_msg_to_rgb
from ..core.errors import SubtleDiffError
from ..inspection.plan import CAMERA_NAME

NANOSECONDS = 1_000_000_000
IMAGE_TYPE = 'sensor_msgs/msg/Image'
COMPRESSED_TYPE = 'sensor_msgs/msg/CompressedImage'


def _declare_once(node, name, default, description):
    if not node.has_parameter(name):
        node.declare_parameter(name, default,
                               ParameterDescriptor(description=description, read_only=True))
    return node.get_parameter(name).value


def default_topic(camera: str, compressed: bool) -> str:
    """Return the default of parameter ``cameras.<camera>.topic``."""
    return f'{camera}/image_raw' + ('/compressed' if compressed else '')


def topic_problem(camera: str, topic: str, compressed: bool, publisher_types: Iterable[str],
                  topic_is_default: bool = False, who: str = 'the server') -> Optional[str]:
    """
    Return why camera ``camera`` can get no frame from the publishers on its topic, or None.

    ``topic`` is the resolved topic the node subscribes (``compressed``: as CompressedImage),
    ``publisher_types`` the types its publishers send (``Node.get_publishers_info_by_topic``),
    ``topic_is_default`` whether ``cameras.<camera>.topic`` was left at its default (which moves
    with ``cameras.<camera>.compressed``), ``who`` the subscribing node in words. None when a
    publisher sends the subscribed type.
    """
    types = sorted(set(publisher_types))
    expected, other = ((COMPRESSED_TYPE, IMAGE_TYPE) if compressed
                       else (IMAGE_TYPE, COMPRESSED_TYPE))
    if not types:
        return (f'no publisher on topic {topic} (is the camera running, and is '
                f'cameras.{camera}.topic right?)')
    if expected in types:
        return None
    said = f'topic {topic} is published as {" and ".join(types)}, {who} subscribes {expected}'
    if other not in types:
        return f'{said}; set cameras.{camera}.topic to a topic of {expected}'
    fix = f'set cameras.{camera}.compressed: {str(not compressed).lower()}'
    if topic_is_default and default_topic(camera, not compressed) != \
            default_topic(camera, compressed):
        fix += (f' and cameras.{camera}.topic: {topic} (the compressed flag alone would move '
                f'the default topic to {default_topic(camera, not compressed)})')
    return f'{said}; {fix}'


def declare_camera(node, camera: str):
    """Return (topic, compressed) of ``camera``, declaring its parameters on ``node`` once."""
    if not isinstance(camera, str) or not CAMERA_NAME.fullmatch(camera):
        raise SubtleDiffError(f'camera name {camera!r} is not a valid parameter name (letters, '
                              'digits and _, starting with a letter)')
    compressed = _declare_once(node, f'cameras.{camera}.compressed', False,
                               f'camera {camera} sends CompressedImage')
    topic = _declare_once(node, f'cameras.{camera}.topic', default_topic(camera, compressed),
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


class CameraTopics:
    """
    Why a node's cameras give no frame, from the ROS graph; each cause is logged once.

    ``add`` each camera's subscription; ``cause(camera)`` returns the reason (or None; ``problem``
    also whether the topic has publishers, which makes the cause a misconfiguration), and logs
    it as a warning the first time: always for a publisher of the wrong type, and for a missing
    publisher only when a request is refused for it (``refusing``), since at start-up a camera
    may simply not be discovered yet.
    """

    def __init__(self, node, who: str):
        """Ask ``node``'s graph; ``who`` names the node in the messages."""
        self.node, self.who = node, who
        self._subscriptions = {}
        self._told = {}
        self._lock = threading.Lock()

    def add(self, camera: str, subscription) -> None:
        """Watch ``camera``, subscribed by ``subscription`` (from ``subscribe_camera``)."""
        self._subscriptions[camera] = subscription

    def cause(self, camera: str, refusing: bool = True) -> Optional[str]:
        """Return why ``camera`` gives no frame, as its topic's publishers show, or None."""
        return self.problem(camera, refusing)[0]

    def problem(self, camera: str, refusing: bool = True):
        """Return (cause or None, whether the topic has publishers); log a new cause once."""
        subscription = self._subscriptions.get(camera)
        if subscription is None:
            return None, False
        try:
            topic = subscription.topic_name
            types = [info.topic_type
                     for info in self.node.get_publishers_info_by_topic(topic)]
            compressed = subscription.msg_type is CompressedImage
            given = self.node.get_parameter(f'cameras.{camera}.topic').value
        except Exception:  # noqa: B902 (a node being destroyed; the refusal stays as it was)
            return None, False
        cause = topic_problem(camera, topic, compressed, types,
                              given == default_topic(camera, compressed), self.who)
        if cause is not None and (types or refusing):
            with self._lock:
                told = self._told.get(camera) == cause
                self._told[camera] = cause
            if not told:
                self.node.get_logger().warning(f'camera {camera!r} gives no frame: {cause}')
        return cause, bool(types)


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

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A camera for demos and tests: publishes still photos as sensor_msgs/Image (rgb8) on image_raw.

Parameters: ``images`` (file paths or ``skimage:<name>`` for a scikit-image photo such as
``skimage:coffee``), ``index`` (which of them is shown), ``rate`` (Hz), ``frame_id``, ``width`` /
``height`` (resize; 0 keeps the size), ``reliable`` (reliable QoS, else sensor-data QoS), and at
run time ``edit`` / ``edit_level``: an edit of ``stimuli`` ('none', 'darker', 'glossier',
'wider', ...) applied to the object in the photo, sized in just-noticeable differences, and
``light_level`` / ``light_tint``: the whole scene under another light (linear RGB times the level
and a per-channel tint). An edit that cannot reach its size on the photo is refused with the
reason, and the picture stays as it was. Remap ``image_raw`` to publish elsewhere.
"""

import sys

import numpy as np
from rcl_interfaces.msg import ParameterDescriptor, SetParametersResult
import rclpy
from rclpy.clock import Clock, ClockType
from rclpy.exceptions import ParameterException
from rclpy.executors import ExternalShutdownException
from rclpy.node import Node
from rclpy.qos import qos_profile_sensor_data, QoSProfile, ReliabilityPolicy
from sensor_msgs.msg import Image

from .conversions import rgb_to_image_msg
from .message_memory import keep_freed_image_buffers
from ..core.errors import SubtleDiffError
from ..stimuli import edit_object
from ..stimuli.camera import light_change
from ..stimuli.kinds import EDITS_BY_NAME
from ..vision.image_io import as_rgb_image, load_image

SKIMAGE_PREFIX = 'skimage:'
# Parameters that change the picture at run time.
RUN_TIME_PARAMETERS = ('index', 'edit', 'edit_level', 'light_level', 'light_tint')
NO_EDIT = 'none'


def load_picture(spec: str) -> np.ndarray:
    """Return the RGB picture of ``spec``: a file path or ``skimage:<photo name>``."""
    if not spec.startswith(SKIMAGE_PREFIX):
        return load_image(spec)
    import skimage.data
    name = spec[len(SKIMAGE_PREFIX):]
    loader = getattr(skimage.data, name, None) if name in skimage.data.__all__ else None
    if loader is None:
        raise SubtleDiffError(f'scikit-image has no photo called {name!r} (try coffee, chelsea, '
                              'astronaut, rocket)')
    try:
        return as_rgb_image(np.asarray(loader()), name=spec)
    except Exception as exc:  # noqa: B902 (some photos need a download; say which failed)
        raise SubtleDiffError(f'cannot load {spec}: {exc}')


def resize(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Return ``image`` resized to width x height; a 0 keeps that side (or the aspect ratio)."""
    import cv2
    h, w = image.shape[:2]
    if width <= 0 and height <= 0:
        return image
    if width <= 0:
        width = max(1, round(w * height / h))
    if height <= 0:
        height = max(1, round(h * width / w))
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)


def edit_names():
    """Return the names the ``edit`` parameter accepts."""
    return (NO_EDIT,) + tuple(EDITS_BY_NAME)


def edited_picture(image: np.ndarray, name: str, level: float, seed: int = 0) -> np.ndarray:
    """Return ``image`` with edit ``name`` of ``level`` JNDs applied to its object."""
    if name == NO_EDIT:
        return image
    return edit_object(image, name, level, seed)


class FakeCamera(Node):
    """Publish a still photo, optionally edited, at a fixed rate."""

    def __init__(self, **kwargs):
        """Load the pictures and start publishing."""
        super().__init__('fake_camera', **kwargs)

        def declare(name, default, description, read_only=True):
            return self.declare_parameter(name, default, ParameterDescriptor(
                description=description, read_only=read_only)).value

        specs = declare('images', ['skimage:coffee'],
                        'file paths or skimage:<name> photos (skimage:coffee, skimage:chelsea)')
        rate = declare('rate', 10.0, 'frames per second')
        self.frame_id = declare('frame_id', 'camera', 'frame_id of the published images')
        width = declare('width', 0, 'resize to this width (0: keep, or follow height)')
        height = declare('height', 0, 'resize to this height (0: keep, or follow width)')
        reliable = declare('reliable', True, 'reliable QoS (else best-effort sensor-data QoS)')
        declare('index', 0, 'which of images is published', read_only=False)
        declare('edit', NO_EDIT, 'edit applied to the object: ' + ', '.join(edit_names()),
                read_only=False)
        declare('edit_level', 2.0, 'size of the edit in just-noticeable differences',
                read_only=False)
        declare('light_level', 1.0, "light on the scene relative to the photo's", read_only=False)
        declare('light_tint', [1.0, 1.0, 1.0], 'per-channel (R, G, B) factor of the light',
                read_only=False)
        if not rate > 0:
            raise SubtleDiffError(f'rate must be positive, not {rate}')
        self.pictures = [resize(load_picture(spec), width, height) for spec in specs]
        if not self.pictures:
            raise SubtleDiffError('images is empty: give at least one picture')
        self.message = self._frame(self._current())
        self.add_on_set_parameters_callback(self._on_parameters)
        qos = QoSProfile(depth=5, reliability=ReliabilityPolicy.RELIABLE) if reliable \
            else qos_profile_sensor_data
        self.publisher = self.create_publisher(Image, 'image_raw', qos)
        # on the steady clock: a wall clock stepped back does not stop the frames
        self.create_timer(1.0 / rate, self._publish, clock=Clock(clock_type=ClockType.STEADY_TIME))
        h, w = self.pictures[0].shape[:2]
        self.get_logger().info(
            f'publishing {len(self.pictures)} picture(s) ({w}x{h} first) at {rate:g} Hz on '
            f'{self.publisher.topic_name}, edit {self.get_parameter("edit").value!r}')

    def _current(self, changes=None):
        values = {name: self.get_parameter(name).value for name in RUN_TIME_PARAMETERS}
        values.update(changes or {})
        if not 0 <= values['index'] < len(self.pictures):
            raise SubtleDiffError(f'index {values["index"]} is out of range: there are '
                                  f'{len(self.pictures)} picture(s)')
        level, tint = float(values['light_level']), list(values['light_tint'])
        if not (0 < level <= 4 and len(tint) == 3 and all(0 < t <= 4 for t in tint)):
            raise SubtleDiffError('light_level must be in (0, 4] and light_tint three factors '
                                  'in (0, 4]')
        picture = edited_picture(self.pictures[values['index']], values['edit'],
                                 float(values['edit_level']))
        if level != 1.0 or tint != [1.0, 1.0, 1.0]:
            picture = light_change(picture, level, tint)
        return picture

    def _frame(self, picture):
        msg = rgb_to_image_msg(picture)
        msg.header.frame_id = self.frame_id
        return msg

    def _on_parameters(self, parameters):
        changes = {p.name: p.value for p in parameters if p.name in RUN_TIME_PARAMETERS}
        if not changes:
            return SetParametersResult(successful=True)
        try:
            message = self._frame(self._current(changes))
        except SubtleDiffError as exc:
            return SetParametersResult(successful=False, reason=str(exc))
        self.message = message
        self.get_logger().info(f'now publishing with {changes}')
        return SetParametersResult(successful=True)

    def _publish(self):
        msg = self.message
        msg.header.stamp = self.get_clock().now().to_msg()
        self.publisher.publish(msg)


def main(args=None):
    """Run the fake camera until Ctrl-C."""
    keep_freed_image_buffers()
    try:
        with rclpy.init(args=args):
            node = FakeCamera()
            rclpy.spin(node)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except (SubtleDiffError, ParameterException) as exc:
        print(f'fake_camera: error: {str(exc).splitlines()[0]}', file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())

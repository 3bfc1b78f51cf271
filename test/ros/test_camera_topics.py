# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A camera that gives no frame is refused with its cause, as the ROS graph shows it.

A compressed camera on a topic configured as raw (or the reverse) sends nothing the node can
receive; the refusals, the log (once) and the diagnostics name the type on the wire and the
parameter to set, and a topic without publisher is named as such (a typo in a topic name). The
nodes run as the installed executables; the publishers and clients run here.
"""

import threading

import cv2
from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus
from node_harness import (camera, CUP_PLAN, DifferenceClient, inline, NodeProcess, small_pair,
                          wait_until)
import pytest
from rclpy.qos import qos_profile_sensor_data, QoSProfile
from sensor_msgs.msg import CompressedImage, Image
from subtle_diff_ros.ros.client import InspectionClient
from subtle_diff_ros.ros.conversions import rgb_to_image_msg
from subtle_diff_ros.ros.fake_camera import load_picture, resize
from subtle_diff_ros.service.reference_store import ReferenceStore

pytestmark = pytest.mark.ros
# how long the graph may take to show a publisher of this process to a node of another
DISCOVERY_S = 15.0


def _publish(node, message_type, topic, message, stop):
    """Publish ``message`` on ``topic`` ten times a second until ``stop``."""
    publisher = node.create_publisher(message_type, topic, qos_profile_sensor_data)
    while not stop.is_set():
        publisher.publish(message)
        stop.wait(0.1)


def _publishing(node, *topics):
    """Start a thread per (type, topic, message); return the event that stops them."""
    stop = threading.Event()
    threads = [threading.Thread(target=_publish, args=(node, *topic, stop), daemon=True)
               for topic in topics]
    for thread in threads:
        thread.start()
    return stop, threads


def _frames():
    picture = small_pair()[0]
    jpeg = CompressedImage(format='jpeg',
                           data=cv2.imencode('.jpg', picture[:, :, ::-1])[1].tobytes())
    return picture, jpeg, rgb_to_image_msg(picture)


def _refusal_naming(request, words):
    """Repeat ``request()`` (refused) until its message names ``words``; return the message."""
    def named():
        response = request()
        assert not response.success, response.message
        return response.message if words in response.message else None
    return wait_until(named, timeout=DISCOVERY_S, what=f'a refusal naming {words!r}')


def test_the_server_names_a_camera_topic_of_the_other_type_or_without_publisher(tmp_path):
    server = NodeProcess('difference_server', '-p', 'backend:=analytic',
                         '-p', f'reference_dir:={tmp_path / "references"}',
                         '-p', 'cameras:=[camera,packed,spare]',
                         '-p', 'cameras.packed.compressed:=true',
                         '-p', 'cameras.spare.topic:=/spare/image_rwa',
                         log_path=tmp_path / 'server.log')
    client = DifferenceClient()
    picture, jpeg, raw = _frames()
    stop, threads = _publishing(client.node, (CompressedImage, '/camera/image_raw', jpeg),
                                (Image, '/packed/image_raw/compressed', raw))
    arrays = []
    client.node.create_subscription(DiagnosticArray, '/diagnostics', arrays.append,
                                    QoSProfile(depth=10))
    try:
        said = _refusal_naming(
            lambda: client.select('the darker cup', [camera('camera'), inline(picture)]),
            'published as')
        assert said == (
            "no frame received yet from camera 'camera': topic /camera/image_raw is published as "
            'sensor_msgs/msg/CompressedImage, the server subscribes sensor_msgs/msg/Image; set '
            'cameras.camera.compressed: true and cameras.camera.topic: /camera/image_raw (the '
            'compressed flag alone would move the default topic to '
            'camera/image_raw/compressed)')
        captured = client.capture_reference('cam_ref', camera('camera'))
        assert not captured.success and captured.message == said

        said = _refusal_naming(
            lambda: client.describe(camera('packed'), inline(picture), 0), 'published as')
        assert said.startswith(
            "no frame received yet from camera 'packed': topic /packed/image_raw/compressed is "
            'published as sensor_msgs/msg/Image, the server subscribes '
            'sensor_msgs/msg/CompressedImage; set cameras.packed.compressed: false and '
            'cameras.packed.topic: /packed/image_raw/compressed'), said

        refused = client.describe(inline(picture), camera('spare'), 0)
        assert not refused.success
        assert refused.message == (
            "no frame received yet from camera 'spare': no publisher on topic /spare/image_rwa "
            '(is the camera running, and is cameras.spare.topic right?)')

        def warned():
            for array in list(arrays):
                for status in array.status:
                    if 'difference_server' in status.name and status.level == \
                            DiagnosticStatus.WARN and 'published as' in status.message:
                        return status
        status = wait_until(warned, timeout=DISCOVERY_S, what='a WARN naming the camera types')
        assert "camera 'camera' gives no frame: topic /camera/image_raw is published as " \
            'sensor_msgs/msg/CompressedImage' in status.message
        assert "camera 'packed' gives no frame" in status.message
        values = {kv.key: kv.value for kv in status.values}
        assert values['camera spare frame age s'].startswith(
            'no frame yet: no publisher on topic /spare/image_rwa')
        assert 'cameras.camera.compressed: true' in values['camera camera frame age s']

        log = server.log()
        # once each (a refusal before discovery may have told "no publisher" before)
        for name, cause in (('camera', 'topic'), ('packed', 'topic'), ('spare', 'no publisher')):
            assert log.count(f"camera '{name}' gives no frame: {cause}") == 1, log[-3000:]
        assert 'cameras.camera.compressed: true' in log
        assert server.alive()
    finally:
        stop.set()
        for thread in threads:
            thread.join(5)
        client.close()
        assert server.stop() == 0, server.log()[-2000:]


PLAN = CUP_PLAN.replace('PERIOD', '1h')


def test_the_inspection_node_names_a_camera_topic_of_the_other_type(tmp_path):
    ReferenceStore(str(tmp_path / 'references')).save(
        'cup_ref', resize(load_picture('skimage:coffee'), 240, 160), 'camera')
    plan = tmp_path / 'plan.yaml'
    plan.write_text(PLAN)
    node = NodeProcess('inspection_node', '-p', f'plan_file:={plan}',
                       '-p', f'database:={tmp_path / "history.db"}',
                       '-p', f'reference_dir:={tmp_path / "references"}',
                       '-p', 'schedule:=false', '-p', 'frame_timeout_s:=1.0',
                       log_path=tmp_path / 'node.log')
    client = InspectionClient()
    _, jpeg, _ = _frames()
    stop, threads = _publishing(client.node, (CompressedImage, '/camera/image_raw', jpeg))
    arrays = []
    client.node.create_subscription(DiagnosticArray, '/diagnostics', arrays.append,
                                    QoSProfile(depth=10))
    try:
        said = _refusal_naming(lambda: client.inspect_asset('cup', timeout_s=30),
                               'published as')
        assert said == (
            "no fresh frame from camera 'camera' within 1 s: topic /camera/image_raw is "
            'published as sensor_msgs/msg/CompressedImage, the inspection node subscribes '
            'sensor_msgs/msg/Image; set cameras.camera.compressed: true and '
            'cameras.camera.topic: /camera/image_raw (the compressed flag alone would move the '
            'default topic to camera/image_raw/compressed)')
        assert node.log().count("camera 'camera' gives no frame: topic") == 1

        def warned():
            for array in list(arrays):
                for status in array.status:
                    if status.name.endswith(': cup') and 'published as' in status.message:
                        return status
        status = wait_until(warned, timeout=DISCOVERY_S, what='a diagnostic naming the types')
        assert status.level == DiagnosticStatus.WARN
        assert status.message.startswith("camera 'camera' gives no frame: topic "
                                         '/camera/image_raw is published as '
                                         'sensor_msgs/msg/CompressedImage'), status.message
        values = {kv.key: kv.value for kv in status.values}
        assert 'cameras.camera.compressed: true' in values['camera camera'], values
    finally:
        stop.set()
        for thread in threads:
            thread.join(5)
        client.close()
        assert node.stop() == 0, node.log()[-2000:]

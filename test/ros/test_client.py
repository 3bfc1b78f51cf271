# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The Python client closes cleanly while messages keep arriving (nothing printed on exit)."""

import os
import subprocess
import sys

from node_harness import child_env

# A publisher floods a topic the clients subscribe to; each client is closed while callbacks run.
SCRIPT = r"""
import threading, time
import numpy as np
import rclpy
from rclpy.qos import QoSProfile
from sensor_msgs.msg import Image
from subtle_diff_ros.ros.client import DifferenceClient
from subtle_diff_ros.ros.conversions import rgb_to_image_msg

rclpy.init()
node = rclpy.create_node('flood')
publisher = node.create_publisher(Image, 'flood', QoSProfile(depth=2))
message = rgb_to_image_msg(np.zeros((240, 320, 3), np.uint8))
stop = threading.Event()

def publish():
    while not stop.is_set():
        publisher.publish(message)
        time.sleep(0.002)

threading.Thread(target=publish, daemon=True).start()
received = 0
for number in range(12):
    client = DifferenceClient(node_name=f'closing_client_{number}')
    counted = []
    client.node.create_subscription(Image, 'flood', counted.append, QoSProfile(depth=2))
    time.sleep(0.3)
    client.close()
    received += len(counted)
stop.set()
node.destroy_node()
rclpy.shutdown()
print('received', received)
"""


def test_client_closes_without_stray_exceptions():
    result = subprocess.run([sys.executable, '-c', SCRIPT], env=child_env(), timeout=240,
                            capture_output=True, text=True, cwd=os.path.dirname(__file__))
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) > 0, 'the clients received no message at all'
    assert 'never retrieved' not in result.stderr and 'Traceback' not in result.stderr, \
        result.stderr


def test_describe_takes_the_message_codes_and_any_spelling_of_an_attribute():
    """The message's own constants, 'colour' or 'Color' raised a bare KeyError in the client."""
    import pytest
    from subtle_diff_ros.core.errors import SubtleDiffError
    from subtle_diff_ros.msg import ImageSource
    from subtle_diff_ros.ros.client import DifferenceClient
    from subtle_diff_ros.srv import DescribeDifference

    sent = []
    client = DifferenceClient.__new__(DifferenceClient)  # no node: the request is looked at only
    client.server = '/difference_server'
    client.call = lambda kind, name, request: sent.append(request.attribute)
    codes = DescribeDifference.Request
    for attribute, code in ((codes.ATTRIBUTE_COLOR, 0), (codes.ATTRIBUTE_SHAPE, 1),
                            (codes.ATTRIBUTE_TEXTURE, 2), ('color', 0), ('colour', 0),
                            ('Color', 0), (' COLOUR ', 0), ('Shape', 1), ('TEXTURE', 2)):
        sent.clear()
        client.describe(ImageSource(), ImageSource(), attribute)
        assert sent == [code], attribute
    for attribute in (3, -1, True, 'size', '', None, 1.0, b'color'):
        with pytest.raises(SubtleDiffError, match=r"unknown attribute .*: use one of 0 \('color'\)"
                           r", 1 \('shape'\), 2 \('texture'\)") as error:
            client.describe(ImageSource(), ImageSource(), attribute)
        assert '\n' not in str(error.value)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The demo: a robot compares a coffee cup with the reference it captured earlier.

It starts the difference server and a fake camera that shows scikit-image's coffee cup photo,
captures a reference, then makes the cup subtly darker, glossier and wider (the fake camera's
``edit`` parameter), and for each change asks SelectByDifference which image a command means and
DescribeDifference how the live frame differs from the reference. It prints the questions and
answers and writes the annotated side-by-side pictures (PNG) to the output folder. With model
weights configured (``--model`` a directory or hub id) the server runs CLIP/ALIGN; with none it
says so and uses the measurement backend.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time

from ament_index_python.packages import get_package_prefix
from rclpy.qos import QoSProfile
from sensor_msgs.msg import Image

from ..ros.client import camera_source, DifferenceClient, reference_source
from ..ros.conversions import image_msg_to_rgb
from ..ros.message_memory import keep_freed_image_buffers
from ..vision.image_io import save_image

CAMERA = 'camera'
REFERENCE = 'cup_reference'
# (edit of the fake camera, attribute, the command a user gives, what a right answer says)
SCENES = (
    ('darker', 'color', 'bring me the darker cup', 'darker'),
    ('glossier', 'texture', 'pick the glossier cup', 'glossier'),
    ('wider', 'shape', 'the wider cup', 'wider'),
)


class DemoProcesses:
    """The server and the fake camera as subprocesses, their output in log files."""

    def __init__(self, args, log_dir):
        """Start both nodes."""
        os.makedirs(log_dir, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != '_ROS_WHEELS_BOOTSTRAP_COMPLETE'}
        server_params = [
            '-p', f'backend:={args.backend}', '-p', f'model:="{args.model}"',
            '-p', f'device:={args.device}', '-p', f'offline:={str(args.offline).lower()}',
            '-p', f'cameras:=[{CAMERA}]', '-p', f'cameras.{CAMERA}.topic:={CAMERA}/image_raw',
            '-p', f'reference_dir:={os.path.join(args.output_dir, "references")}']
        camera_params = ['-p', f'images:=["{args.image}"]', '-p', 'rate:=10.0',
                         '-r', f'image_raw:={CAMERA}/image_raw']
        executables = os.path.join(args.prefix, 'lib', 'subtle_diff_ros')
        self.logs = {}
        self.processes = {}
        for name, params in (('difference_server', server_params),
                             ('fake_camera', camera_params)):
            self.logs[name] = os.path.join(log_dir, f'{name}.log')
            with open(self.logs[name], 'wb') as log:
                self.processes[name] = subprocess.Popen(
                    [os.path.join(executables, name), '--ros-args', *params],
                    stdout=log, stderr=subprocess.STDOUT, env=env)

    def check_alive(self):
        """Raise RuntimeError with the log's end when a node has exited."""
        for name, process in self.processes.items():
            if process.poll() is not None:
                with open(self.logs[name], 'rb') as f:
                    tail = f.read().decode('utf-8', 'replace')[-2000:]
                raise RuntimeError(f'{name} exited with status {process.returncode}:\n{tail}')

    def log_lines(self, name, marker):
        """Return the lines of a node's log that contain ``marker``."""
        with open(self.logs[name], 'rb') as f:
            text = f.read().decode('utf-8', 'replace')
        return [line for line in text.splitlines() if marker in line]

    def stop(self):
        """Stop both nodes with Ctrl-C (kill after 10 s)."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


class FrameWatch:
    """Latest stamps of the camera and the annotated pictures the server publishes."""

    def __init__(self, client):
        """Subscribe to the camera and the server's annotated image topic."""
        self.camera_frames = 0
        self.annotated = None
        self._changed = threading.Condition()
        client.node.create_subscription(Image, f'{CAMERA}/image_raw', self._on_frame,
                                        QoSProfile(depth=2))
        client.node.create_subscription(Image, f'{client.server}/annotated_image',
                                        self._on_annotated, QoSProfile(depth=2))

    def _on_frame(self, msg):
        with self._changed:
            self.camera_frames += 1
            self._changed.notify_all()

    def _on_annotated(self, msg):
        with self._changed:
            self.annotated = msg
            self._changed.notify_all()

    def wait_frames(self, count, timeout_s=10.0):
        """Wait until ``count`` more camera frames have arrived."""
        with self._changed:
            target = self.camera_frames + count
            if not self._changed.wait_for(lambda: self.camera_frames >= target, timeout_s):
                raise TimeoutError('the fake camera stopped publishing')

    def take_annotated(self, timeout_s=10.0):
        """Return the next annotated picture, or None when none came."""
        with self._changed:
            self._changed.wait_for(lambda: self.annotated is not None, timeout_s)
            msg, self.annotated = self.annotated, None
        return msg


def _capture_reference(client, processes, timeout_s=60.0):
    """Capture the reference as soon as the server has a camera frame."""
    deadline = time.monotonic() + timeout_s
    while True:
        processes.check_alive()
        response = client.capture_reference(REFERENCE, camera_source(CAMERA), overwrite=True)
        if response.success or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def _save_annotated(watch, path):
    msg = watch.take_annotated()
    if msg is None:
        return None
    save_image(path, image_msg_to_rgb(msg))
    return path


def run_demo(args):
    """Run the demo; return 0 when every answer was right, 1 otherwise."""
    processes = DemoProcesses(args, os.path.join(args.output_dir, 'logs'))
    right = 0
    asked = 0
    try:
        with DifferenceClient(service_timeout_s=args.timeout) as client:
            watch = FrameWatch(client)
            print('Starting the difference server and a fake camera showing a coffee cup ...')
            captured = _capture_reference(client, processes, args.timeout)
            if not captured.success:
                print(f'Could not capture the reference: {captured.message}')
                return 1
            for line in processes.log_lines('difference_server', 'WARN'):
                print('server warning:', line.split(']: ', 1)[-1])
            print(f'Captured reference "{REFERENCE}" from the camera '
                  f'({captured.reference.width}x{captured.reference.height}).\n')
            for edit, attribute, command, word in SCENES:
                result = client.set_parameter('/fake_camera', 'edit', edit)
                if not result.successful:
                    print(f'The fake camera refused the edit {edit!r}: {result.reason}')
                    return 1
                watch.wait_frames(3)
                print(f'The cup is now made {edit} (a subtle edit of the live picture).')
                selected = client.select(command, [reference_source(REFERENCE),
                                                   camera_source(CAMERA)])
                asked += 1
                if selected.success:
                    names = ('the reference', 'the live frame')
                    ok = selected.choice == 1
                    right += ok
                    print(f'  Q (SelectByDifference): "{command}" among [reference, live frame]'
                          f'\n  A: {names[selected.choice]} (confidence '
                          f'{selected.confidence:.2f}, backend {selected.backend})'
                          f'{"" if ok else "  <- wrong"}')
                else:
                    print(f'  SelectByDifference failed: {selected.message}')
                described = client.describe(camera_source(CAMERA), reference_source(REFERENCE),
                                            attribute, 'cup')
                asked += 1
                if described.success:
                    ok = word in described.sentence
                    right += ok
                    print(f'  Q (DescribeDifference): how does the live frame (Image 1) differ '
                          f'from the reference (Image 2) in {attribute}?\n'
                          f'  A: {described.sentence}{"" if ok else "  <- expected " + word}')
                    picture = _save_annotated(
                        watch, os.path.join(args.output_dir, f'{edit}_{attribute}.png'))
                    if picture:
                        print(f'  Annotated picture: {picture}')
                else:
                    print(f'  DescribeDifference failed: {described.message}')
                print()
            client.set_parameter('/fake_camera', 'edit', 'none')
            watch.wait_frames(3)
            control = client.describe(camera_source(CAMERA), reference_source(REFERENCE),
                                      'color', 'cup')
            asked += 1
            right += bool(control.success and control.no_difference)
            print('The cup is back to how it was.\n  Q (DescribeDifference): how does the live '
                  'frame differ from the reference in color?\n'
                  f'  A: {control.sentence or control.message}\n')
    except (RuntimeError, TimeoutError) as exc:
        print(f'demo: error: {exc}', file=sys.stderr)
        return 1
    finally:
        processes.stop()
    print(f'{right} of {asked} answers as expected. Logs and pictures: {args.output_dir}')
    return 0 if right == asked else 1


def main(argv=None):
    """Parse the command line and run the demo."""
    parser = argparse.ArgumentParser(prog='demo', description=__doc__.split('\n\n')[0])
    parser.add_argument('--backend', default='auto',
                        help='auto (CLIP when its weights load, else analytic), clip, align, '
                             'siglip or analytic')
    parser.add_argument('--model', default='',
                        help='hub id or local checkpoint directory of the image-text model')
    parser.add_argument('--offline', action='store_true', help='load model files locally only')
    parser.add_argument('--device', default='auto', help='auto, cpu, cuda or cuda:N')
    parser.add_argument('--image', default='skimage:coffee',
                        help='photo the fake camera shows: a file or skimage:<name>')
    parser.add_argument('--output-dir', default=os.path.join('output', 'demo'),
                        help='where pictures, references and logs go')
    parser.add_argument('--timeout', type=float, default=120.0,
                        help='seconds to wait for the server (model loading included)')
    args = parser.parse_args(argv)
    args.output_dir = os.path.abspath(args.output_dir)
    try:
        args.prefix = get_package_prefix('subtle_diff_ros')
    except (LookupError, OSError) as exc:
        print(f'demo: error: cannot find the installed subtle_diff_ros ({exc}); source the '
              'ROS environment it is installed in (install/setup.bash), or run make demo',
              file=sys.stderr)
        return 2
    keep_freed_image_buffers()
    status = run_demo(args)
    # The second part: weeks of inspections of the cup (cli/demo_inspection.py).
    from .demo_inspection import run as run_inspections
    return max(status, run_inspections(args.output_dir))


if __name__ == '__main__':
    sys.exit(main())

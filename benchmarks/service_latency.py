# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Service round-trip latency of the difference server against calling the core in process.

Starts the installed difference_server (analytic backend) as a subprocess, calls
SelectByDifference and DescribeDifference at 640x480 and 1920x1080 with the images inline, as
stored references, and as a live camera frame (a fake camera at 5 Hz) against a reference, and
times the same requests on ``DifferenceService`` in this process.
Prints p50/p95 and writes benchmarks/results/service_latency.json. The target: the service adds
at most 10 ms or 10 % of the in-process time, whichever is larger (compared at p50). Each case
also reports what rclpy alone takes to serialize and deserialize the request in this process,
the part of the overhead that grows with inline images and that no server code can avoid.

Run from the repository root after ``make setup``:
``source scripts/ros_env.sh && .venv/bin/python benchmarks/service_latency.py``.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

SIZES = {'640x480': (640, 480), '1920x1080': (1920, 1080)}
TEXT = 'the darker cup'


def _load_package():
    """Import the installed package (the source folder has no generated msg/srv)."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.getcwd()) != root]
    import subtle_diff_ros.srv  # noqa: F401 (fails early when the package is not installed)


def _pair(width, height):
    import cv2
    from skimage import data
    from subtle_diff_ros.stimuli.colour import edit_colour
    from subtle_diff_ros.vision.pair import object_mask
    image = cv2.resize(data.coffee(), (width, height), interpolation=cv2.INTER_AREA)
    alpha = object_mask(image).astype(np.float32)
    edited = edit_colour('darker', image, alpha, alpha >= 0.5, 4.4)
    return image, (edited[0] if edited is not None else (image * 0.8).astype(np.uint8))


def _percentiles(seconds):
    ms = 1e3 * np.asarray(seconds)
    return {'p50_ms': float(np.percentile(ms, 50)), 'p95_ms': float(np.percentile(ms, 95)),
            'mean_ms': float(ms.mean()), 'n': int(ms.size)}


def _time_alternating(first, second, repeats, warmup=3):
    """Time two calls taking turns, so that load from other processes hits both alike."""
    for _ in range(warmup):
        first()
        second()
    times = ([], [])
    for _ in range(repeats):
        for call, seconds in zip((first, second), times):
            start = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - start)
    return times


def _stop(process):
    """Stop a node started as a subprocess (Ctrl-C, then kill after 10 s)."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _time_copying(request, repeats):
    """Time rclpy serializing and deserializing a request: copies no server code can avoid."""
    from rclpy.serialization import deserialize_message, serialize_message
    seconds = []
    for _ in range(repeats + 3):
        start = time.perf_counter()
        deserialize_message(serialize_message(request), type(request))
        seconds.append(time.perf_counter() - start)
    return seconds[3:]


def main():
    """Run the benchmark; return 0 when every case meets the overhead target."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[1])
    parser.add_argument('--repeats', type=int, default=30)
    parser.add_argument('--output', default=os.path.join(os.path.dirname(__file__), 'results',
                                                         'service_latency.json'))
    args = parser.parse_args()
    _load_package()
    import cv2
    import rclpy
    from rclpy.serialization import serialize_message
    from subtle_diff_ros.backends.base import load_backend
    from subtle_diff_ros.service.difference_service import DifferenceService
    from subtle_diff_ros.msg import ImageSource
    from subtle_diff_ros.ros.conversions import rgb_to_image_msg
    from subtle_diff_ros.ros.message_memory import keep_freed_image_buffers
    from subtle_diff_ros.srv import CaptureReference, DescribeDifference, SelectByDifference

    # What a client sending inline 1080p images should do too (the server does it itself).
    keep_freed_image_buffers()
    core = DifferenceService(load_backend('analytic')[0])
    env = {k: v for k, v in os.environ.items() if k != '_ROS_WHEELS_BOOTSTRAP_COMPLETE'}
    env.setdefault('ROS_AUTOMATIC_DISCOVERY_RANGE', 'LOCALHOST')
    env.setdefault('FASTDDS_DEFAULT_PROFILES_FILE', os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'config', 'fastdds_shm.xml'))
    os.environ.setdefault('FASTDDS_DEFAULT_PROFILES_FILE', env['FASTDDS_DEFAULT_PROFILES_FILE'])
    work = tempfile.mkdtemp(prefix='service_latency_')
    pairs = {name: _pair(*size) for name, size in SIZES.items()}
    cameras = {name: f'camera_{name}' for name in SIZES}
    executables = os.path.join(sys.prefix, 'lib', 'subtle_diff_ros')

    def start_camera(size_name):
        """Start a fake camera showing the unedited picture, 5 frames a second."""
        camera = cameras[size_name]
        picture = os.path.join(work, f'{camera}.png')
        cv2.imwrite(picture, cv2.cvtColor(pairs[size_name][0], cv2.COLOR_RGB2BGR))
        return subprocess.Popen(
            [os.path.join(executables, 'fake_camera'), '--ros-args', '-r',
             f'__node:=fake_{camera}', '-r', f'image_raw:={camera}/image_raw',
             '-p', f"images:=['{picture}']", '-p', 'rate:=5.0'],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    processes = [subprocess.Popen(
        [os.path.join(executables, 'difference_server'), '--ros-args',
         '-p', 'backend:=analytic', '-p', f'reference_dir:={os.path.join(work, "references")}',
         '-p', f'cameras:={list(cameras.values())}',
         '-p', 'publish_annotated_image:=false', '-p', 'publish_descriptions:=false'],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)]
    rclpy.init()
    node = rclpy.create_node('service_latency_benchmark')
    try:
        select_client = node.create_client(SelectByDifference,
                                           '/difference_server/select_by_difference')
        describe_client = node.create_client(DescribeDifference,
                                             '/difference_server/describe_difference')
        for client in (select_client, describe_client):
            if not client.wait_for_service(timeout_sec=30.0):
                raise SystemExit('the difference server did not come up in 30 s')

        def call(client, request, patience_s=0.0):
            deadline = time.monotonic() + patience_s
            while True:
                future = client.call_async(request)
                rclpy.spin_until_future_complete(node, future, timeout_sec=60.0)
                response = future.result()
                if response is not None and response.success:
                    return response
                if time.monotonic() > deadline:
                    raise SystemExit(f'request failed: {response and response.message}')
                time.sleep(0.2)

        capture_client = node.create_client(CaptureReference,
                                            '/difference_server/capture_reference')
        cases = []
        for size_name in SIZES:
            image, darker = pairs[size_name]
            inline = [ImageSource(source=ImageSource.SOURCE_INLINE, image=rgb_to_image_msg(m))
                      for m in (image, darker)]
            stored = []
            for index, source in enumerate(inline):
                name = f'benchmark_{size_name}_{index}'
                call(capture_client, CaptureReference.Request(name=name, source=source,
                                                              overwrite=True))
                stored.append(ImageSource(source=ImageSource.SOURCE_REFERENCE, name=name))
            live = [ImageSource(source=ImageSource.SOURCE_CAMERA, name=cameras[size_name]),
                    stored[1]]
            for sources_name, sources in (('inline', inline), ('references', stored),
                                          ('camera', live)):
                select = SelectByDifference.Request(text=TEXT, candidates=sources)
                describe = DescribeDifference.Request(image_1=sources[1], image_2=sources[0],
                                                      attribute=0, object_name='cup')
                if sources_name == 'camera':
                    # Only while its cases run, so that it loads no other case.
                    processes.append(start_camera(size_name))
                # The first camera frame may not have arrived yet.
                call(select_client, select, patience_s=15.0)
                measured = {
                    'select': (lambda: call(select_client, select),
                               lambda: core.select([image, darker], TEXT)),
                    'describe': (lambda: call(describe_client, describe),
                                 lambda: core.describe(darker, image, 0, 'cup')),
                }
                for service_name, (over_ros, in_process) in measured.items():
                    ros, local = (_percentiles(t) for t in
                                  _time_alternating(over_ros, in_process, args.repeats))
                    overhead = ros['p50_ms'] - local['p50_ms']
                    allowed = max(10.0, 0.1 * local['p50_ms'])
                    request = select if service_name == 'select' else describe
                    copying = _percentiles(_time_copying(request, args.repeats))
                    cases.append({'service': service_name, 'size': size_name,
                                  'images': sources_name, 'service_call': ros,
                                  'in_process': local, 'overhead_p50_ms': overhead,
                                  'allowed_overhead_ms': allowed,
                                  'meets_target': overhead <= allowed,
                                  'request_bytes': len(serialize_message(request)),
                                  'rclpy_serialize_deserialize': copying})
                    print(f'{service_name:8s} {size_name:9s} {sources_name:10s} service p50 '
                          f'{ros["p50_ms"]:6.1f} ms p95 {ros["p95_ms"]:6.1f} | in process p50 '
                          f'{local["p50_ms"]:6.1f} p95 {local["p95_ms"]:6.1f} | overhead '
                          f'{overhead:5.1f} ms (allowed {allowed:.1f}) '
                          f'{"ok" if overhead <= allowed else "OVER"} | rclpy (de)serialize '
                          f'{copying["p50_ms"]:5.1f} ms')
                if sources_name == 'camera':
                    _stop(processes.pop())
    finally:
        node.destroy_node()
        rclpy.shutdown()
        for process in processes:
            _stop(process)
    result = {'backend': 'analytic', 'repeats': args.repeats, 'machine': platform.machine(),
              'cpus': os.cpu_count(), 'fastdds_profile': os.environ.get(
                  'FASTDDS_DEFAULT_PROFILES_FILE', ''), 'cases': cases}
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, 'w') as f:
        json.dump(result, f, indent=2)
    print(f'wrote {args.output}')
    return 0 if all(c['meets_target'] for c in cases) else 1


if __name__ == '__main__':
    sys.exit(main())

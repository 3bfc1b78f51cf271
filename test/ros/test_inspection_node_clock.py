# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The inspection node when the wall clock is stepped back: waits and schedule keep their time.

An in-process InspectionNode (its own rclpy context) receives frames over ROS from a camera
stand-in that stamps them with the same wall clock. The node module's ``time`` is replaced by
one whose wall clock (``time.time``) can be stepped, as NTP or an operator steps a robot's
clock; the steady clocks run on. Also the node's ``~/withdraw_false_alarm`` handler.
"""

import threading
import time
import types

from node_harness import CUP_PLAN
import pytest
import rclpy
from rclpy.clock import ClockType
from rclpy.executors import MultiThreadedExecutor
from rclpy.lifecycle import TransitionCallbackReturn
from rclpy.parameter import Parameter
from rclpy.qos import qos_profile_sensor_data

from subtle_diff_ros.ros import inspection_node as node_module
from subtle_diff_ros.ros.conversions import rgb_to_image_msg
from subtle_diff_ros.ros.fake_camera import load_picture, resize
from subtle_diff_ros.service.reference_store import ReferenceStore
from subtle_diff_ros.srv import MarkFalseAlarm

pytestmark = pytest.mark.ros
STEP_S = 3600.0  # the wall clock stepped back by an hour
FRAME_TIMEOUT_S = 2.0
PLAN = CUP_PLAN.replace('PERIOD', '1h')


class SteppedTime(types.SimpleNamespace):
    """The ``time`` module with a wall clock that can be stepped (``offset_s``)."""

    def __init__(self):
        super().__init__(**{name: getattr(time, name) for name in dir(time)
                            if not name.startswith('_')})
        self.offset_s = 0.0
        self.time = lambda: time.time() + self.offset_s


class Rig:
    """The node, spun by its own executor, and a camera publishing stamped frames at 10 Hz."""

    def __init__(self, folder, wall, schedule):
        picture = resize(load_picture('skimage:coffee'), 240, 160)
        ReferenceStore(str(folder / 'references')).save('cup_ref', picture, 'camera')
        (folder / 'plan.yaml').write_text(PLAN)
        self.wall = wall
        self.context = rclpy.Context()
        rclpy.init(context=self.context)
        topic = f'/clock_test_{id(self)}/image_raw'
        self.node = node_module.InspectionNode(context=self.context, parameter_overrides=[
            Parameter('plan_file', value=str(folder / 'plan.yaml')),
            Parameter('database', value=str(folder / 'history.db')),
            Parameter('reference_dir', value=str(folder / 'references')),
            Parameter('schedule', value=schedule),
            Parameter('frame_timeout_s', value=FRAME_TIMEOUT_S),
            Parameter('commissioning_interval_s', value=0.5),
            Parameter('cameras.camera.topic', value=topic)])
        self.camera = rclpy.create_node('clock_test_camera', context=self.context)
        self.publisher = self.camera.create_publisher(type(rgb_to_image_msg(picture)), topic,
                                                      qos_profile_sensor_data)
        self.picture = picture
        assert self.node.trigger_configure() == TransitionCallbackReturn.SUCCESS
        self.executor = MultiThreadedExecutor(num_threads=4, context=self.context)
        self.executor.add_node(self.node)
        self.spinning = threading.Thread(target=self.executor.spin, daemon=True)
        self.spinning.start()
        self.running = True
        self.publishing = threading.Thread(target=self._publish, daemon=True)
        self.publishing.start()
        assert self.node.trigger_activate() == TransitionCallbackReturn.SUCCESS

    def _publish(self):
        while self.running:
            msg = rgb_to_image_msg(self.picture)
            stamp = self.wall.time()  # the camera stamps on the same (stepped) wall clock
            msg.header.stamp.sec, msg.header.stamp.nanosec = int(stamp), int(stamp % 1 * 1e9)
            self.publisher.publish(msg)
            time.sleep(0.1)

    def inspections(self):
        history = self.node.history
        return history.inspections('cup') if 'cup' in history.asset_names() else []

    def close(self):
        self.running = False
        self.publishing.join(5)
        self.node.stop_serving()  # ends a wait for a frame that never comes fresh (old code)
        self.executor.shutdown(timeout_sec=5)
        self.node.trigger_shutdown()
        self.node.destroy_node()
        self.camera.destroy_node()
        rclpy.shutdown(context=self.context)


@pytest.fixture
def wall(monkeypatch):
    stepped = SteppedTime()
    monkeypatch.setattr(node_module, 'time', stepped)
    return stepped


@pytest.fixture
def rig(tmp_path, wall, request):
    rig = Rig(tmp_path, wall, schedule=getattr(request, 'param', False))
    try:
        yield rig
    finally:
        rig.close()


def _inspect_in_thread(rig, stage):
    """Run ``_inspect`` of the cup in a thread; return (thread, the result's holder)."""
    answer = {}

    def inspect():
        try:
            answer['result'] = rig.node._inspect('cup', stage)[0]
        except Exception as exc:  # noqa: B902 (the test says what went wrong)
            answer['error'] = f'{type(exc).__name__}: {exc}'

    thread = threading.Thread(target=inspect, daemon=True)
    thread.start()
    return thread, answer


def test_a_wall_clock_stepped_back_during_the_frame_wait_does_not_stall_it(rig, wall):
    """The first frame after the step is fresh: taken at once, not an hour later."""
    def stage(text):
        if text is None:  # called while the wait for a frame runs (to see a goal's cancel)
            wall.offset_s = -STEP_S

    started = time.monotonic()
    thread, answer = _inspect_in_thread(rig, stage)
    thread.join(FRAME_TIMEOUT_S + 10.0)
    waited = time.monotonic() - started
    assert not thread.is_alive(), (
        f'after {waited:.0f} s (frame_timeout_s = {FRAME_TIMEOUT_S:g}) the inspection still waits '
        'for a fresh frame: the wall clock stepped back by an hour stalls the wait')
    assert wall.offset_s == -STEP_S, 'the wall clock was not stepped during the wait'
    assert 'error' not in answer, answer['error']
    result = answer['result']
    assert result.commissioning and result.valid, result.sentence
    # recorded at the frame's stamp, on the wall clock as it now is
    recorded = rig.inspections()[-1].time_s
    assert abs(recorded - (time.time() - STEP_S)) < waited + 1.0


@pytest.mark.parametrize('rig', [True], indirect=True)
def test_the_schedule_keeps_its_time_when_the_wall_clock_steps_back(rig, wall):
    """The next commissioning capture is due 0.5 s after the last, stepped clock or not."""
    deadline = time.monotonic() + 20.0
    while len(rig.inspections()) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(rig.inspections()) >= 1, 'the first scheduled inspection was not made'
    wall.offset_s = -STEP_S
    deadline = time.monotonic() + 8.0
    while len(rig.inspections()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(rig.inspections()) >= 2, (
        'no scheduled inspection in 8 s after the wall clock stepped back by an hour (due every '
        '0.5 s while commissioning)')
    # and the timer that runs the schedule is on the steady clock, which the step does not move
    assert rig.node._timer.clock.clock_type == ClockType.STEADY_TIME


def test_a_false_alarm_is_withdrawn_through_the_node(rig):
    for _ in range(4):  # three commissioning captures, then a regular inspection
        thread, answer = _inspect_in_thread(rig, lambda text: None)
        thread.join(FRAME_TIMEOUT_S + 10.0)
        assert 'result' in answer, answer
    regular = answer['result']
    assert not regular.commissioning
    request = MarkFalseAlarm.Request(inspection_id=regular.id, note='a mistyped id')
    marked = rig.node._mark_false_alarm(request, MarkFalseAlarm.Response())
    assert marked.success and rig.inspections()[-1].false_alarm
    request.note = 'it was a real reading'
    withdrawn = rig.node._withdraw_false_alarm(request, MarkFalseAlarm.Response())
    assert withdrawn.success and withdrawn.asset == 'cup', withdrawn.message
    assert withdrawn.message == (f'inspection {regular.id} of cup is no longer marked as a '
                                 'false alarm (the mark is withdrawn)')
    assert not rig.inspections()[-1].false_alarm
    again = rig.node._withdraw_false_alarm(request, MarkFalseAlarm.Response())
    assert not again.success and 'is not marked as a false alarm' in again.message

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The inspection node: a lifecycle node that runs an inspection plan on schedule.

ROS adaptation only: the plan (``inspection.plan``), the inspections, history, trends and reports
(``inspection.inspector``) are ROS-free. At configure the node reads the plan (a bad plan fails
the configuration with the file, line and field, and ``main`` exits 1), opens the history
database and subscribes to the plan's cameras (sensor-data QoS; frames are stored undecoded).
While active, a timer starts each asset's inspection when it is due: its first valid captures
are commissioning captures (``commissioning_interval_s`` apart), then one every plan period; an
invalid capture is retried after ``retry_delay_s``. Each inspection waits for a frame that
arrives after it started (a fresh one, never older than ``max_frame_age_s``). Waits, timeouts and
the schedule run on a steady clock (``steady_s`` and steady ROS timers): the wall clock stepped
back or ahead (NTP, an operator) moves neither; the times recorded stay wall (stamp) times.

Interfaces (names private to the node): the action ``~/inspect_asset`` (InspectAsset: goal an
asset, feedback the stage, result the inspection), the services ``~/mark_false_alarm``,
``~/withdraw_false_alarm`` (a MarkFalseAlarm request that takes a mark back) and
``~/get_asset_report``, the topics ``~/inspections`` (every inspection recorded) and ``~/report``
(the asset's report after each inspection), and ``/diagnostics`` once a second with one status
per asset (OK, WARN, ERROR or STALE).
"""

import os
import shlex
import sys
import threading
import time
import traceback

from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus, KeyValue
import numpy as np
from rcl_interfaces.msg import ParameterDescriptor
from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import MutuallyExclusiveCallbackGroup, ReentrantCallbackGroup
from rclpy.clock import Clock, ClockType
from rclpy.lifecycle import LifecycleNode, TransitionCallbackReturn
from rclpy.qos import qos_profile_services_default, QoSProfile

from .cameras import CameraTopics, check_stamp, destroy_entities, frame_to_rgb, subscribe_camera
from .conversions import asset_report_msg, inspection_msg
from .difference_server import DEFAULT_REFERENCE_DIR
from .lifecycle_main import checked_parameter_change, log_failure, run_lifecycle_node
from ..action import InspectAsset
from ..core.errors import quote, SubtleDiffError
from ..inspection.history import History
from ..inspection.inspector import Inspector
from ..inspection.plan import load_plan, MAX_PERIOD_S
from ..inspection.times import from_seconds, parse_time
from ..msg import AssetReport, Inspection
from ..service.reference_store import (ReferenceNotFoundError, ReferenceStore,
                                       ReferenceStoreError)
from ..srv import GetAssetReport, MarkFalseAlarm
from ..vision.image_io import MAX_FILE_PIXELS

DEFAULT_DATABASE = os.path.join(os.path.dirname(DEFAULT_REFERENCE_DIR), 'inspections.db')
DIAGNOSTIC_LEVELS = {'ok': DiagnosticStatus.OK, 'warn': DiagnosticStatus.WARN,
                     'error': DiagnosticStatus.ERROR, 'stale': DiagnosticStatus.STALE}

# name -> (default, description)
PARAMETERS = {
    'autostart': (True, 'configure and activate at start-up (off under a lifecycle manager)'),
    'plan_file': ('', 'the inspection plan (YAML; see config/inspection_plan.yaml)'),
    'database': (DEFAULT_DATABASE, 'the history database (SQLite, created when missing)'),
    'reference_dir': (DEFAULT_REFERENCE_DIR, "the reference store the plan's references are "
                      'read from at their first inspection'),
    'schedule': (True, 'inspect every asset when due (false: on InspectAsset goals only)'),
    'max_frame_age_s': (2.0, 'refuse frames older than this (seconds)'),
    'frame_timeout_s': (5.0, 'how long an inspection waits for a fresh frame (seconds)'),
    'commissioning_interval_s': (5.0, 'seconds between the commissioning captures'),
    'retry_delay_s': (60.0, 'seconds before an invalid capture is retried'),
}
_SECONDS = ('max_frame_age_s', 'frame_timeout_s', 'commissioning_interval_s', 'retry_delay_s')
# Stopping (cleanup, Ctrl-C): how long a goal under way may take to finish, and then for its
# result to be sent; how often a goal waiting for a frame looks whether it was canceled.
GOAL_FINISH_S = 5.0
RESULT_SEND_S = 0.3
WAIT_SLICE_S = 0.2
# Goal, cancel and result requests a burst of clients may have queued at once.
GOAL_QUEUE_DEPTH = 100


def check_seconds(param) -> None:
    """
    Raise SubtleDiffError naming the time parameters that are no positive number of seconds.

    At most ``MAX_PERIOD_S`` (ten years), the longest period a plan may give: a retry delay of
    1e308 seconds would never retry, and the asset would go stale without a word.
    """
    if bad := [name for name in _SECONDS if not 0 < float(param(name)) <= MAX_PERIOD_S]:
        raise SubtleDiffError(f'{", ".join(bad)}: not a positive number of seconds up to ten '
                              'years')


def steady_s() -> float:
    """
    Return seconds on a clock that only moves forward, whatever the wall clock does.

    For waits, timeouts and the schedule: CLOCK_BOOTTIME where the system has one (Linux),
    which also counts the time the machine was suspended (an inspection due in a week stays
    due then), else ``time.monotonic()``.
    """
    boottime = getattr(time, 'CLOCK_BOOTTIME', None)
    return time.clock_gettime(boottime) if boottime is not None else time.monotonic()


def steady_clock() -> Clock:
    """Return a steady ROS clock: a timer on it fires on time when the wall clock steps."""
    return Clock(clock_type=ClockType.STEADY_TIME)


class Canceled(Exception):
    """An InspectAsset goal canceled before its inspection was recorded."""


class ReferenceChanged(SubtleDiffError):
    """The plan's reference of a commissioned asset is not the one its history holds."""


class InspectionNode(LifecycleNode):
    """Run an inspection plan on schedule and on demand; report on every asset."""

    def __init__(self, **kwargs):
        """Declare the parameters and start the diagnostics; the rest comes at configure."""
        super().__init__('inspection_node', **kwargs)
        for name, (default, description) in PARAMETERS.items():
            self.declare_parameter(name, default, ParameterDescriptor(
                description=description, read_only=name not in ('schedule', 'retry_delay_s')))
        self.add_on_set_parameters_callback(self._check_parameter_change)
        self.inspector = None
        self.history = None
        self.store = None
        self.cameras = {}
        self.camera_topics = None
        self._frames = {}
        self._frame_arrived = threading.Condition()
        self._due = {}
        self._reference_errors = {}  # asset -> why it is not inspected (ReferenceChanged)
        self._reference_warnings = set()  # assets whose missing store reference was told
        self._inspecting = threading.Lock()
        self._goal_lock = threading.Lock()
        self._goal_running = False
        self._active = False
        self._entities = []
        self._inspection_group = MutuallyExclusiveCallbackGroup()
        self._service_group = MutuallyExclusiveCallbackGroup()
        self._image_group = MutuallyExclusiveCallbackGroup()
        self._diagnostics = self.create_publisher(DiagnosticArray, '/diagnostics', 10)
        self.create_timer(1.0, self._publish_diagnostics,
                          callback_group=MutuallyExclusiveCallbackGroup(), clock=steady_clock())

    def param(self, name):
        """Return the current value of parameter ``name``."""
        return self.get_parameter(name).value

    def _check_parameter_change(self, parameters):
        """Refuse a runtime change of a time parameter that configure would refuse."""
        return checked_parameter_change(self, parameters, _SECONDS, check_seconds)

    # Lifecycle.

    def on_configure(self, state):
        """Read the plan, open the history and the reference store, subscribe to the cameras."""
        try:
            self._configure()
        except Exception as exc:  # noqa: B902 (say why, rather than fail without a word)
            log_failure(self, 'configuration', exc)
            self._release()
            return TransitionCallbackReturn.FAILURE
        return TransitionCallbackReturn.SUCCESS

    def _configure(self):
        if not self.param('plan_file'):
            raise SubtleDiffError('no plan_file given: set the parameter plan_file')
        check_seconds(self.param)
        plan = load_plan(self.param('plan_file'))
        self.history = History(self.param('database'))
        self.store = ReferenceStore(self.param('reference_dir'), read_only=True)
        self.cameras = {}
        for asset in plan.assets.values():
            self.cameras.setdefault(asset.camera, []).append(asset.name)
        self.camera_topics = CameraTopics(self, 'the inspection node')
        for camera in self.cameras:
            subscription = subscribe_camera(self, camera, self._on_frame, self._image_group)[0]
            self._entities.append(subscription)
            self.camera_topics.add(camera, subscription)
        self.inspector = Inspector(self.history, plan.assets)
        for asset in plan.assets.values():
            self.inspector.check_commissioned_like(
                asset, 'recommission it with `subtle-diff inspect --recommission --plan` (or '
                'use another database) before the node inspects it')
        self._reference_errors = {}
        self._reference_warnings = set()
        for name in plan.assets:
            if name in self.history.asset_names() and self.history.references(name):
                try:
                    self._check_reference(name)
                except ReferenceChanged:
                    pass  # logged; the other assets are inspected, this one is refused
                except Exception as exc:  # noqa: B902 (its inspections say it again)
                    log_failure(self, f'the reference check of {name}', exc)
        self._inspection_pub = self.create_lifecycle_publisher(Inspection, '~/inspections', 10)
        self._report_pub = self.create_lifecycle_publisher(AssetReport, '~/report', 10)
        self._entities += [
            self.create_service(MarkFalseAlarm, '~/mark_false_alarm', self._mark_false_alarm,
                                callback_group=self._service_group),
            self.create_service(MarkFalseAlarm, '~/withdraw_false_alarm',
                                self._withdraw_false_alarm, callback_group=self._service_group),
            self.create_service(GetAssetReport, '~/get_asset_report', self._get_report,
                                callback_group=self._service_group)]
        # Reentrant, so that a cancel request is heard while a goal executes; inspections
        # themselves are one at a time (``_inspecting``), and so are goals (``_take_goal``).
        # Goals sent at once are each answered at once (one runs, the others are rejected):
        # the goal and cancel queues hold a burst, as the difference server's services do.
        burst = QoSProfile(depth=GOAL_QUEUE_DEPTH,
                           reliability=qos_profile_services_default.reliability,
                           durability=qos_profile_services_default.durability,
                           history=qos_profile_services_default.history)
        self._action = ActionServer(self, InspectAsset, '~/inspect_asset', self._execute,
                                    goal_callback=self._take_goal,
                                    cancel_callback=lambda goal: CancelResponse.ACCEPT,
                                    callback_group=ReentrantCallbackGroup(),
                                    goal_service_qos_profile=burst,
                                    cancel_service_qos_profile=burst,
                                    result_service_qos_profile=burst)
        self._timer = self.create_timer(0.5, self._run_due, callback_group=self._inspection_group,
                                        clock=steady_clock())
        self.get_logger().info(
            f'configured: {len(plan.assets)} asset(s) from {plan.path}, history '
            f'{self.history.path}, cameras '
            + ', '.join(f'{c} ({", ".join(a)})' for c, a in self.cameras.items()))

    def on_activate(self, state):
        """
        Start inspecting: each asset is due a period after its last valid inspection.

        An asset whose report cannot be made (a damaged history row, say, or a fault of ours) is
        due at once: its error is logged here, and again by its inspections and diagnostics until
        it is mended; the other assets are inspected as planned. An asset with inspections dated
        ahead of the clock (recorded while it ran ahead, or the clock is behind now) is warned
        about: check the clock first, and the command that recommissions it if the clock is right
        (``Inspector.clock_warning``).
        """
        try:
            now, steady = time.time(), steady_s()
            stored = self.history.asset_names()
            for name in self.inspector.plan_assets:
                self._due[name] = steady
                try:
                    report = self._report(name, now) if name in stored else None
                    warning = self.inspector.clock_warning(name) if name in stored else None
                except Exception as exc:  # noqa: B902 (one asset's report fails, not the node)
                    log_failure(self, f'the report of {name}', exc)
                    continue
                if warning:
                    self.get_logger().warning(warning)
                last = report and report['last_valid_inspection']
                if last and report['commissioning']['complete']:
                    # the wall time it is due at, on the steady clock
                    self._due[name] = steady + max(0.0, parse_time(last).timestamp()
                                                   + self.inspector.asset(name).period_s - now)
        except Exception as exc:  # noqa: B902 (say why, rather than fail without a word)
            log_failure(self, 'activation', exc)
            return TransitionCallbackReturn.FAILURE
        self._active = True
        self.get_logger().info('active: inspecting on schedule' if self.param('schedule')
                               else 'active: inspecting on InspectAsset goals only')
        return super().on_activate(state)

    def on_deactivate(self, state):
        """Stop inspecting."""
        self._active = False
        return super().on_deactivate(state)

    def on_cleanup(self, state):
        """Release the subscriptions, services, action, publishers and the history."""
        self._release()
        return TransitionCallbackReturn.SUCCESS

    def on_shutdown(self, state):
        """Release everything on shutdown from any state."""
        self._release()
        return TransitionCallbackReturn.SUCCESS

    def stop_serving(self):
        """
        Start no more inspections; one that runs finishes, and a goal gets its result.

        A goal waiting for a fresh frame ends at once (aborted, saying why); an inspection under
        way finishes; this waits for that up to ``GOAL_FINISH_S``, and a little more for the
        result to be sent, so that neither cleanup nor Ctrl-C leaves a goal without an answer.
        """
        self._active = False
        with self._frame_arrived:
            self._frame_arrived.notify_all()
        deadline = time.monotonic() + GOAL_FINISH_S
        waited = False
        while self._goal_running and time.monotonic() < deadline:
            waited = True
            time.sleep(0.02)
        if waited:
            time.sleep(RESULT_SEND_S)

    def _release(self):
        self.stop_serving()
        destroy_entities(self, self._entities)
        self._entities = []
        for name in ('_action', '_timer'):
            entity = getattr(self, name, None)
            if entity is not None:
                entity.destroy() if name == '_action' else self.destroy_timer(entity)
            setattr(self, name, None)
        for name in ('_inspection_pub', '_report_pub'):
            publisher = getattr(self, name, None)
            if publisher is not None:
                self.destroy_lifecycle_publisher(publisher)
            setattr(self, name, None)
        if self.history is not None:
            self.history.close()
        self.history = self.inspector = None
        self.camera_topics = None

    # Frames.

    def _on_frame(self, camera, msg):
        with self._frame_arrived:
            # the wall time stands in for a missing stamp; the steady one orders arrivals
            self._frames[camera] = (msg, time.time(), steady_s())
            self._frame_arrived.notify_all()

    def _fresh_frame(self, camera, check=None):
        """
        Return (RGB frame, stamp in seconds, frame_id) of a frame that arrives after this call.

        ``check`` is called while waiting (a goal's cancel raises from it); the wait ends with
        an error when the node stops serving, or after ``frame_timeout_s``. Arrival and timeout
        are measured on the steady clock: a wall clock stepped back while it waits would make
        every frame look older than the wait, for as long as the step. The frame's age is its
        header stamp's against the wall clock (on which the camera stamps it); an unstamped
        frame's is its time since arrival.
        """
        started = steady_s()
        deadline = started + float(self.param('frame_timeout_s'))
        with self._frame_arrived:
            while True:
                entry = self._frames.get(camera)
                if entry is not None and entry[2] > started:
                    break
                if not self._active:
                    raise SubtleDiffError('the inspection node stopped before a fresh frame '
                                          f'came from camera {camera!r}')
                if check is not None:
                    check()
                left = deadline - steady_s()
                if left <= 0:
                    entry = None
                    break
                self._frame_arrived.wait(min(left, WAIT_SLICE_S))
        if entry is None:
            topics = self.camera_topics
            cause = topics.cause(camera) if topics is not None else None
            raise SubtleDiffError(f'no fresh frame from camera {camera!r} within '
                                  f'{self.param("frame_timeout_s"):g} s'
                                  + (f': {cause}' if cause else ''))
        msg, received, arrived = entry
        name = f'the frame of camera {camera!r}'
        check_stamp(msg.header.stamp, name)
        stamp = msg.header.stamp.sec + 1e-9 * msg.header.stamp.nanosec
        age = time.time() - stamp if stamp else steady_s() - arrived
        stamp, limit = stamp or received, float(self.param('max_frame_age_s'))
        if age > limit:
            raise SubtleDiffError(f'{name} is {age:.2f} s old, over max_frame_age_s = {limit:g}')
        if -age > limit:
            # Its stamp would become the inspection's time: one from the future would stay
            # the asset's latest inspection until then.
            raise SubtleDiffError(f"{name} is stamped {-age:.2f} s ahead of this node's clock, "
                                  f"over max_frame_age_s = {limit:g} (is the camera's clock "
                                  'right?)')
        return frame_to_rgb(msg, name, MAX_FILE_PIXELS), stamp, msg.header.frame_id

    # Inspections.

    def _reference(self, name):
        """
        Make sure the asset has its reference in the history: the one the plan names.

        The first time it is taken from the reference store (commissioning); later the store's
        image of that name must still be the history's current reference (``_check_reference``).
        """
        if name in self.history.asset_names() and self.history.references(name):
            self._check_reference(name)
            return
        asset = self.inspector.asset(name)
        image = self.store.load(asset.reference)
        self.inspector.commission(asset, image, f'reference store: {asset.reference}')
        self.get_logger().info(f'asset {name!r}: commissioning reference {asset.reference!r}')

    def _check_reference(self, name):
        """
        Raise ReferenceChanged unless the store's reference the plan names is the history's.

        A commissioned asset is judged against the current reference version in its history.
        When the store's image of the name the plan gives is another (replaced by
        CaptureReference, or the plan names another), inspections would be judged against a
        reference the plan no longer names: the asset is not inspected (as ``subtle-diff
        inspect`` refuses another reference without --recommission) until the two agree again.
        This is logged as an error once, until it changes or is mended, with the command that
        recommissions the asset with the store's image; the diagnostics show it. When the store
        cannot be read (its folder missing, say) or holds no reference of that name, there is
        nothing to compare: the asset is inspected against its history's reference, as one
        commissioned with ``subtle-diff inspect --reference FILE`` is, with one warning.
        """
        asset = self.inspector.asset(name)
        current, held = self.inspector.current_reference(name)
        basis = f'reference version {current.version} (from {current.source})'
        try:
            image = self.store.load(asset.reference)
        except (ReferenceNotFoundError, ReferenceStoreError) as exc:
            if name not in self._reference_warnings:
                self._reference_warnings.add(name)
                self.get_logger().warning(
                    f"asset {name!r}: the reference store does not hold the plan's reference "
                    f"{asset.reference!r} ({exc}); inspecting it against its history's "
                    f'commissioning reference, {basis}')
            self._reference_errors.pop(name, None)
            return
        self._reference_warnings.discard(name)
        if image.shape == held.shape and np.array_equal(image, held):
            self._forget_reference_error(name, asset)
            return
        try:
            stored = os.path.join(self.store.directory,
                                  self.store.info(asset.reference).image_file)
        except SubtleDiffError:  # replaced again meanwhile: name the store's folder
            stored = os.path.join(self.store.directory, f'{asset.reference}.<digest>.png')
        command = ' '.join([
            'subtle-diff inspect --db', shlex.quote(os.path.abspath(self.history.path)),
            '--plan', shlex.quote(os.path.abspath(self.param('plan_file'))), '--asset',
            shlex.quote(name), '--recommission --commissioning --reference', shlex.quote(stored),
            '--image', shlex.quote(stored), '--time "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"'])
        problem = (f'asset {name!r}: reference {asset.reference!r} in the reference store '
                   f'{self.store.directory} is not the image of its {basis} (replaced since '
                   'commissioning, or the plan names another reference); the asset is not '
                   "inspected until they agree: to inspect it against the store's image "
                   f'(the file {stored}), recommission it with that image: `{command}`; or put '
                   f'the image of {basis} back in the store as {asset.reference!r}')
        if problem != self._reference_errors.get(name):
            self.get_logger().error(problem)
        self._reference_errors[name] = problem
        raise ReferenceChanged(problem)

    def _forget_reference_error(self, name, asset):
        """Drop the asset's ReferenceChanged once its reference is no longer another."""
        if self._reference_errors.pop(name, None) is not None:
            self.get_logger().info(f'asset {name!r}: reference {asset.reference!r} is its '
                                   'commissioning reference again; inspecting it')

    def _inspect(self, name, stage, scheduled=False):
        """
        Take a fresh frame, inspect asset ``name``; return (InspectionResult, message).

        A ``scheduled`` inspection that waited while another one of the asset ran (an
        InspectAsset goal) is no longer due, and is skipped: None.
        """
        with self._inspecting:
            if scheduled and self._due.get(name, 0.0) > steady_s():
                return None
            return self._inspect_now(name, stage)

    def _inspect_now(self, name, stage):
        asset = self.inspector.asset(name)
        self._reference(name)
        stage('waiting for a fresh frame')
        frame, stamp, frame_id = self._fresh_frame(asset.camera, lambda: stage(None))
        result = self.inspector.inspect(name, frame, from_seconds(stamp), None, stage)
        message = inspection_msg(result, self.get_clock().now().to_msg(), frame_id)
        message.header.stamp.sec, message.header.stamp.nanosec = int(stamp), int(
            (stamp % 1) * 1e9)
        period = asset.period_s
        if not result.valid:
            period = float(self.param('retry_delay_s'))
        elif result.commissioning:
            period = float(self.param('commissioning_interval_s'))
        self._due[name] = steady_s() + period
        # one call site per severity: rclpy refuses a call site whose severity changes
        if result.valid:
            self.get_logger().info(f'inspection {result.id} of {name}: {result.sentence}')
        else:
            self.get_logger().warning(f'inspection {result.id} of {name}: {result.sentence}')
        if self._inspection_pub is not None:
            self._inspection_pub.publish(message)
        # As of the frame's stamp at least: one a little ahead of this clock is counted.
        self._publish_report(name, max(time.time(), stamp))
        return result, message

    def _run_due(self):
        if not self._active or not self.param('schedule'):
            return
        now = steady_s()
        for name, due in list(self._due.items()):
            if due > now:
                continue
            try:
                self._inspect(name, lambda stage: None, scheduled=True)
            except ReferenceChanged:  # logged as an error when found
                self._due[name] = steady_s() + float(self.param('retry_delay_s'))
            except SubtleDiffError as exc:
                self._due[name] = steady_s() + float(self.param('retry_delay_s'))
                self.get_logger().warning(f'inspection of {name} not made: {exc}')
            except Exception:  # noqa: B902 (one failed inspection must not stop the node)
                self._due[name] = steady_s() + float(self.param('retry_delay_s'))
                self.get_logger().error(f'inspection of {name} failed: {traceback.format_exc()}')

    def _take_goal(self, goal):
        """
        Accept a goal only while no other one runs; a goal naming no asset is rejected at once.

        A goal waiting for another's inspection would hold an executor thread; a few of them
        held every thread, and camera frames, services and goals stalled (the waiting goals then
        failed for want of a fresh frame). A second goal is rejected at once instead. Clients
        send an empty goal to learn that the node can answer them (see InspectionClient).
        """
        if not goal.asset:
            return GoalResponse.REJECT
        with self._goal_lock:
            if self._goal_running:
                self.get_logger().warning(
                    f'InspectAsset goal for {quote(goal.asset)} rejected: another goal runs '
                    '(one at a time; retry when it has finished)')
                return GoalResponse.REJECT
            self._goal_running = True
        return GoalResponse.ACCEPT

    def _execute(self, goal_handle):
        try:
            return self._execute_goal(goal_handle)
        finally:
            with self._goal_lock:
                self._goal_running = False

    def _execute_goal(self, goal_handle):
        result = InspectAsset.Result()
        name = goal_handle.request.asset

        def stage(text):  # None: only see whether the goal was canceled
            if goal_handle.is_cancel_requested:
                raise Canceled()
            if text is not None:
                goal_handle.publish_feedback(InspectAsset.Feedback(stage=text))

        try:
            if not self._active or self.inspector is None:
                raise SubtleDiffError('the inspection node is not active')
            if name not in self.inspector.plan_assets:
                raise SubtleDiffError(f'unknown asset {quote(name)} (assets: '
                                      f'{", ".join(sorted(self.inspector.plan_assets))})')
            inspection, result.inspection = self._inspect(name, stage)
            result.success = True
            result.message = inspection.sentence
            goal_handle.succeed()
        except Canceled:
            result.message = 'canceled before the inspection was recorded'
            goal_handle.canceled()
        except SubtleDiffError as exc:
            result.message = str(exc)
            goal_handle.abort()
        except Exception as exc:  # noqa: B902 (a bad goal must never stop the node)
            self.get_logger().error(f'internal error: {traceback.format_exc()}')
            result.message = f'internal error ({type(exc).__name__}: {exc})'
            goal_handle.abort()
        return result

    # Services, report and diagnostics.

    def _report(self, name, at=None):
        return self.inspector.report(name, from_seconds(at or time.time()))

    def _publish_report(self, name, at=None):
        """Publish the asset's report (as of ``at``, default now); a failure is only logged."""
        if self._report_pub is None:
            return
        try:
            self._report_pub.publish(asset_report_msg(self._report(name, at),
                                                      self.get_clock().now().to_msg()))
        except Exception as exc:  # noqa: B902 (what was recorded stays recorded)
            log_failure(self, f'the report of {name}', exc)

    def _get_report(self, request, response):
        try:
            if self.inspector is None or request.asset not in self.inspector.plan_assets:
                known = ', '.join(sorted(self.inspector.plan_assets)) if self.inspector else ''
                raise SubtleDiffError(f'unknown asset {quote(request.asset)} (assets: {known})')
            # Read only: an asset never inspected is reported as not commissioned, and nothing
            # (not even its reference) is recorded for it.
            response.report = asset_report_msg(self._report(request.asset),
                                               self.get_clock().now().to_msg())
            response.success = True
            response.message = response.report.status_text
        except Exception as exc:  # noqa: B902 (a bad request or row must never stop the node)
            response.success, response.message = False, self._failure(exc)
        return response

    def _failure(self, exc):
        """Return a request's error message; an unexpected error is logged with its traceback."""
        if isinstance(exc, SubtleDiffError):
            return str(exc)
        self.get_logger().error(f'internal error: {traceback.format_exc()}')
        return f'internal error ({type(exc).__name__}: {exc})'

    def _mark_false_alarm(self, request, response):
        return self._feedback(request, response, self.inspector and
                              self.inspector.mark_false_alarm, 'marked as a false alarm')

    def _withdraw_false_alarm(self, request, response):
        """Take a false-alarm mark back (a mistyped id, say): the reading counts again."""
        return self._feedback(request, response, self.inspector and
                              self.inspector.withdraw_false_alarm,
                              'no longer marked as a false alarm (the mark is withdrawn)')

    def _feedback(self, request, response, record, said):
        """Answer a MarkFalseAlarm request with ``record(id, note)``; publish the new report."""
        try:
            if not record:
                raise SubtleDiffError('the inspection node is not configured')
            response.asset = record(request.inspection_id, request.note)
            response.success = True
            response.message = f'inspection {request.inspection_id} of {response.asset} is {said}'
            self.get_logger().info(response.message)
            self._publish_report(response.asset)
        except Exception as exc:  # noqa: B902 (a bad request or row must never stop the node)
            response.success, response.message = False, self._failure(exc)
        return response

    def _camera_wrong_types(self):
        """Return {camera: cause} of the cameras without frames whose topic has another type."""
        topics, wrong = self.camera_topics, {}
        if topics is None:
            return wrong
        for camera in self.cameras:
            if camera not in self._frames:
                cause, published = topics.problem(camera, refusing=False)
                if cause and published:
                    wrong[camera] = cause
        return wrong

    def _publish_diagnostics(self):
        statuses = []
        inspector = self.inspector
        if inspector is None:
            statuses.append(DiagnosticStatus(level=DiagnosticStatus.WARN,
                                             name=f'{self.get_name()}: inspection',
                                             message='not configured'))
        else:
            wrong_types = self._camera_wrong_types()
            for name in sorted(inspector.plan_assets):
                status = DiagnosticStatus(name=f'{self.get_name()}: {name}',
                                          hardware_id=inspector.asset(name).camera)
                refused = self._reference_errors.get(name)
                if refused is not None:
                    status.level, status.message = DiagnosticStatus.ERROR, refused
                    statuses.append(status)
                    continue
                try:
                    report = self._report(name) if name in self.history.asset_names() \
                        else None
                except Exception as exc:  # noqa: B902 (the timer must keep reporting)
                    status.level, status.message = DiagnosticStatus.ERROR, self._failure(exc)
                    statuses.append(status)
                    continue
                if report is None:
                    status.level = DiagnosticStatus.STALE
                    status.message = 'not inspected yet'
                else:
                    status.level = DIAGNOSTIC_LEVELS[report['status']]
                    status.message = report['sentence']
                    status.values = [KeyValue(key=k, value=str(report[k])) for k in (
                        'status', 'last_valid_inspection', 'overdue', 'inspections',
                        'valid_inspections', 'false_alarms')]
                wrong = wrong_types.get(status.hardware_id)
                if wrong:
                    status.values.append(KeyValue(key=f'camera {status.hardware_id}',
                                                  value=f'no frame yet: {wrong}'))
                    if status.level in (DiagnosticStatus.OK, DiagnosticStatus.STALE):
                        status.level = DiagnosticStatus.WARN
                    status.message = (f'camera {status.hardware_id!r} gives no frame: '
                                      f'{wrong}. {status.message}')
                statuses.append(status)
        array = DiagnosticArray(status=statuses)
        array.header.stamp = self.get_clock().now().to_msg()
        self._diagnostics.publish(array)


def main(args=None):
    """Run the inspection node until Ctrl-C; exit 1 when autostart cannot configure it."""
    return run_lifecycle_node(InspectionNode, lambda node: 5, args)


if __name__ == '__main__':
    sys.exit(main())

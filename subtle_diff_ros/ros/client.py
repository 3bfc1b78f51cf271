# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Small Python clients of the difference server and the inspection node, for scripts and tests.

``DifferenceClient`` spins its own node in a background thread, so its calls block with a
timeout and can be made from any thread::

    with DifferenceClient() as client:
        client.capture_reference('mug', camera_source('camera'))
        answer = client.select('the darker mug',
                               [reference_source('mug'), camera_source('camera')])
"""

from numbers import Integral
import threading
import time

from rcl_interfaces.msg import Parameter, ParameterType, ParameterValue
from rcl_interfaces.srv import SetParameters
import rclpy
from rclpy.action import ActionClient
from rclpy.executors import SingleThreadedExecutor
from rclpy.qos import HistoryPolicy, qos_profile_services_default, QoSProfile

from .conversions import rgb_to_image_msg
from ..action import InspectAsset
from ..core.errors import SubtleDiffError
from ..msg import ImageSource
from ..srv import (CaptureReference, DeleteReference, DescribeDifference, GetAssetReport,
                   ListReferences, MarkFalseAlarm, SelectByDifference)

# The difference server's and the inspection node's services answer an empty request at once
# without doing anything.
_PROBED = (SelectByDifference, DescribeDifference, CaptureReference, ListReferences,
           DeleteReference, GetAssetReport, MarkFalseAlarm)
# Requests that may be sent again when their answer is lost: asking twice changes nothing.
_IDEMPOTENT = (SelectByDifference, DescribeDifference, ListReferences, GetAssetReport)
# Every answer is kept until taken: the threads sharing a client may get many at once (a
# stopping server answers every request it holds), and the default history of 10 dropped some.
RESPONSE_QOS = QoSProfile(history=HistoryPolicy.KEEP_ALL,
                          reliability=qos_profile_services_default.reliability,
                          durability=qos_profile_services_default.durability)
ATTRIBUTE_CODES = {'color': DescribeDifference.Request.ATTRIBUTE_COLOR,
                   'shape': DescribeDifference.Request.ATTRIBUTE_SHAPE,
                   'texture': DescribeDifference.Request.ATTRIBUTE_TEXTURE}


def attribute_code(attribute) -> int:
    """
    Return the DescribeDifference code of ``attribute``, or raise SubtleDiffError.

    Taken: a code (``DescribeDifference.Request.ATTRIBUTE_COLOR`` and the others, 0 to 2) or a
    name in any case, "colour" for "color" (as the command line takes it).
    """
    if isinstance(attribute, Integral) and not isinstance(attribute, bool):
        if int(attribute) in ATTRIBUTE_CODES.values():
            return int(attribute)
    elif isinstance(attribute, str):
        code = ATTRIBUTE_CODES.get(attribute.strip().lower().replace('colour', 'color'))
        if code is not None:
            return code
    shown = ', '.join(f'{code} ({name!r})' for name, code in ATTRIBUTE_CODES.items())
    raise SubtleDiffError(f'unknown attribute {attribute!r:.80}: use one of {shown}, or '
                          'DescribeDifference.Request.ATTRIBUTE_COLOR, _SHAPE or _TEXTURE')


def inline_source(image):
    """Return an ImageSource carrying an RGB uint8 array inline."""
    return ImageSource(source=ImageSource.SOURCE_INLINE, image=rgb_to_image_msg(image))


def reference_source(name):
    """Return an ImageSource naming a stored reference."""
    return ImageSource(source=ImageSource.SOURCE_REFERENCE, name=name)


def camera_source(name):
    """Return an ImageSource naming a camera's latest frame."""
    return ImageSource(source=ImageSource.SOURCE_CAMERA, name=name)


class DifferenceClient:
    """Blocking calls to a difference server's services (default node name difference_server)."""

    def __init__(self, server='/difference_server', node_name='difference_client',
                 service_timeout_s=30.0, call_timeout_s=60.0, resend_after_s=20.0):
        """Create the node in its own context and start spinning it."""
        self.server = server.rstrip('/')
        self.service_timeout_s = service_timeout_s
        self.call_timeout_s = call_timeout_s
        self.resend_after_s = resend_after_s
        self.resent = 0
        self.context = rclpy.Context()
        rclpy.init(context=self.context)
        self.node = rclpy.create_node(node_name, context=self.context)
        # One thread runs every callback (responses, subscriptions) to completion inside
        # spin_once, so once it has stopped nothing of this node is still running.
        self._executor = SingleThreadedExecutor(context=self.context)
        self._executor.add_node(self.node)
        self._create_entities()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._spin, daemon=True)
        self._thread.start()
        self._clients = {}
        self._lock = threading.Lock()

    def _create_entities(self):
        """
        Create the entities that live as long as the client, before its node starts spinning.

        None here (service clients are made on first use); a subclass adds its own. rclpy's
        ActionClient joins its node's waitables before it has its lock, so one made while
        another thread spins the node can kill that thread (AttributeError: no '_lock'), and
        every later answer to this client is then lost.
        """

    def __enter__(self):
        """Return the client."""
        return self

    def __exit__(self, *exc):
        """Close the client."""
        self.close()

    def call(self, srv_type, name, request, timeout_s=None):
        """
        Call service ``name`` and return the response.

        A request whose answer has not come after ``resend_after_s`` is sent again when asking
        twice changes nothing (selection, description, listing, reports), until ``timeout_s``
        (default ``call_timeout_s``): under heavy load a response was seen to go missing once in
        a few thousand without the server noticing; ``resent`` counts the re-sent requests.
        One rclpy client per service serves every thread. A new client first waits for the
        service and, for the difference server's own services, for an answer to an empty
        request, which the server answers at once without serving anything: until the server
        has discovered a new client's response reader, Fast DDS drops the responses to it
        (rclpy only warns "failed to send response (timeout)" in the server), and a real request
        sent in that window would never be answered.
        """
        key = (srv_type, name)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = (self.node.create_client(srv_type, name,
                                                              qos_profile=RESPONSE_QOS),
                                      threading.Lock())
            client, opening = self._clients[key]
        with opening:
            if not getattr(client, 'answered_once', False):
                self._open(client, srv_type, name)
        timeout_s = timeout_s or self.call_timeout_s
        deadline = time.monotonic() + timeout_s
        while True:
            wait = max(0.0, deadline - time.monotonic())
            if srv_type in _IDEMPOTENT:
                wait = min(wait, self.resend_after_s)
            try:
                return client.call(request, timeout_sec=wait)
            except TimeoutError:
                if srv_type not in _IDEMPOTENT or time.monotonic() >= deadline:
                    raise TimeoutError(f'no answer from {name} in {timeout_s} s') from None
                with self._lock:
                    self.resent += 1

    def _open(self, client, srv_type, name):
        """Wait until ``client``'s service answers it (an empty request, resent if lost)."""
        deadline = time.monotonic() + self.service_timeout_s
        if not client.wait_for_service(timeout_sec=self.service_timeout_s):
            raise TimeoutError(f'service {name} did not appear in {self.service_timeout_s} s')
        if srv_type in _PROBED:
            self._until_answered(f'service {name}', deadline,
                                 lambda: client.call(srv_type.Request(), timeout_sec=1.0))
        client.answered_once = True

    def _until_answered(self, what, deadline, probe):
        """Repeat ``probe()``, which raises TimeoutError when unanswered, until it is answered."""
        while True:
            try:
                probe()
                return
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f'{what} does not answer this client in '
                                       f'{self.service_timeout_s} s') from None

    def select(self, text, candidates, method='', backend=''):
        """Call SelectByDifference with ImageSource candidates."""
        request = SelectByDifference.Request(text=text, candidates=list(candidates),
                                             method=method, backend=backend)
        return self.call(SelectByDifference, f'{self.server}/select_by_difference', request)

    def describe(self, image_1, image_2, attribute, object_name='', backend=''):
        """
        Call DescribeDifference.

        ``attribute``: 'color', 'shape' or 'texture' (any case, or 'colour'), or the message's
        code (``DescribeDifference.Request.ATTRIBUTE_COLOR`` ...); anything else raises
        SubtleDiffError naming those, before any request is sent.
        """
        request = DescribeDifference.Request(image_1=image_1, image_2=image_2,
                                             attribute=attribute_code(attribute),
                                             object_name=object_name, backend=backend)
        return self.call(DescribeDifference, f'{self.server}/describe_difference', request)

    def capture_reference(self, name, source, overwrite=False):
        """Store a reference from an ImageSource (a camera or an inline image)."""
        request = CaptureReference.Request(name=name, source=source, overwrite=overwrite)
        return self.call(CaptureReference, f'{self.server}/capture_reference', request)

    def list_references(self):
        """Return the ListReferences response."""
        return self.call(ListReferences, f'{self.server}/list_references',
                         ListReferences.Request())

    def delete_reference(self, name):
        """Delete a stored reference."""
        return self.call(DeleteReference, f'{self.server}/delete_reference',
                         DeleteReference.Request(name=name))

    def set_parameter(self, node, name, value):
        """Set a str, float, int, bool or float-list parameter of ``node``; return the result."""
        if isinstance(value, (list, tuple)):
            pv = ParameterValue(type=ParameterType.PARAMETER_DOUBLE_ARRAY,
                                double_array_value=[float(v) for v in value])
        elif isinstance(value, bool):
            pv = ParameterValue(type=ParameterType.PARAMETER_BOOL, bool_value=value)
        elif isinstance(value, int):
            pv = ParameterValue(type=ParameterType.PARAMETER_INTEGER, integer_value=value)
        elif isinstance(value, float):
            pv = ParameterValue(type=ParameterType.PARAMETER_DOUBLE, double_value=value)
        else:
            pv = ParameterValue(type=ParameterType.PARAMETER_STRING, string_value=str(value))
        request = SetParameters.Request(parameters=[Parameter(name=name, value=pv)])
        return self.call(SetParameters, f'{node}/set_parameters', request).results[0]

    def _spin(self):
        while not self._stopping.is_set() and self.context.ok():
            self._executor.spin_once(timeout_sec=0.1)

    def close(self):
        """Stop spinning, wait for the spinning thread, then destroy the node and the context."""
        # In this order: shutting the executor down (or destroying the node) while its thread is
        # still inside a callback fails that callback with "cannot use Destroyable because
        # destruction was requested", printed later as an exception never retrieved.
        self._stopping.set()
        self._thread.join(timeout=10.0)
        self._executor.shutdown(timeout_sec=10.0)
        self.node.destroy_node()
        rclpy.try_shutdown(context=self.context)


class InspectionClient(DifferenceClient):
    """Blocking calls to an inspection node: InspectAsset goals, reports, false alarms."""

    def __init__(self, server='/inspection_node', node_name='inspection_client', **kwargs):
        """Create the node in its own context and start spinning it."""
        super().__init__(server, node_name, **kwargs)
        self._action_opening = threading.Lock()
        self._action_answered = False

    def _create_entities(self):
        """Create the InspectAsset action client (see ``DifferenceClient._create_entities``)."""
        self._action = ActionClient(self.node, InspectAsset, f'{self.server}/inspect_asset')

    def wait_for_action(self):
        """
        Wait until the InspectAsset server answers this client (once; an empty goal is rejected).

        As with services (see ``call``), an answer sent before the server has discovered this
        client's response reader is lost, and a real goal sent in that window waited in vain.
        """
        with self._action_opening:
            if not self._action_answered:
                self._open_action()

    def _open_action(self):
        name = f'{self.server}/inspect_asset'
        deadline = time.monotonic() + self.service_timeout_s
        if not self._action.wait_for_server(timeout_sec=self.service_timeout_s):
            raise TimeoutError(f'action {name} did not appear in {self.service_timeout_s} s')
        self._until_answered(f'action {name}', deadline, lambda: self._wait(
            self._action.send_goal_async(InspectAsset.Goal(asset='')), 1.0, 'an empty goal'))
        self._action_answered = True

    def _wait(self, future, timeout_s, what):
        done = threading.Event()
        future.add_done_callback(lambda _: done.set())
        if not done.wait(timeout_s):
            raise TimeoutError(f'no answer to {what} in {timeout_s} s')
        return future.result()

    def inspect_asset(self, asset, feedback=None, timeout_s=None):
        """Send an InspectAsset goal; return its result (``feedback(stage)`` hears the stages)."""
        if not asset:
            raise ValueError('InspectAsset needs an asset name')
        self.wait_for_action()
        timeout_s = timeout_s or self.call_timeout_s
        sent = self._action.send_goal_async(
            InspectAsset.Goal(asset=asset),
            feedback_callback=(lambda msg: feedback(msg.feedback.stage)) if feedback else None)
        handle = self._wait(sent, timeout_s, 'the InspectAsset goal')
        if not handle.accepted:
            raise RuntimeError(f'the InspectAsset goal for {asset!r} was rejected: the node '
                               'runs one goal at a time; retry when it has finished')
        return self._wait(handle.get_result_async(), timeout_s, 'the InspectAsset result').result

    def report(self, asset):
        """Return the GetAssetReport response of ``asset``."""
        return self.call(GetAssetReport, f'{self.server}/get_asset_report',
                         GetAssetReport.Request(asset=asset))

    def mark_false_alarm(self, inspection_id, note=''):
        """Mark an inspection as a false alarm; return the MarkFalseAlarm response."""
        return self.call(MarkFalseAlarm, f'{self.server}/mark_false_alarm',
                         MarkFalseAlarm.Request(inspection_id=int(inspection_id), note=note))

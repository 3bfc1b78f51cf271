# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The difference server: a lifecycle node serving SelectByDifference and DescribeDifference.

ROS adaptation only: messages become arrays and results messages (``conversions``), requests
are checked and served by ``service.difference_service.DifferenceService`` and references kept
by ``service.reference_store``. The backend
is loaded in on_configure, warmed up at on_activate, its CUDA cache emptied at on_deactivate and
the backend dropped at on_cleanup. With ``autostart`` (default) the node configures and activates
itself, so it also runs as a plain console script.

Camera frames arrive in their own callback group and are only stored (undecoded), so image
callbacks never wait on inference. Selection and description are served in a reentrant group:
concurrent requests reach the service's request batcher together (image-text backends encode
them in batches, selection first) or wait for the backend's lock (the measurement backend). The
executor has a thread for every request the batcher may hold (``serving.executor_threads``), so
a request beyond the queue is answered "overloaded" at once instead of waiting unseen; reference
management has its own group, so listing or capturing never waits on inference.
"""

import os
import sys
import threading
import time
import traceback
import warnings

from diagnostic_msgs.msg import DiagnosticArray
from rcl_interfaces.msg import ParameterDescriptor, ParameterType
from rclpy.callback_groups import MutuallyExclusiveCallbackGroup, ReentrantCallbackGroup
from rclpy.clock import Clock, ClockType
from rclpy.exceptions import ParameterUninitializedException
from rclpy.lifecycle import LifecycleNode, TransitionCallbackReturn
from sensor_msgs.msg import Image

from .cameras import (CameraTopics, check_stamp, declare_camera, destroy_entities, frame_to_rgb,
                      stamp_ns, subscribe_camera)
from .conversions import (axis_measurement_msg, changed_region_msg, compressed_msg_to_rgb,
                          image_msg_to_rgb, parsed_query_msg, reference_msg, rgb_to_image_msg)
from .diagnostics import server_status
from .lifecycle_main import checked_parameter_change, log_failure, run_lifecycle_node
from .serving import (batching_options, check_limits, executor_threads, LIMIT_PARAMETERS,
                      load_serving_backend, request_qos, SERVING_PARAMETERS)
from ..core.decide import require_candidates
from ..core.errors import quote, SubtleDiffError
from ..msg import DifferenceDescription, ImageSource
from ..service.difference_service import DifferenceService, LatencyStats
from ..service.frames import Frame, LatestFrames
from ..service.reference_store import ReferenceStore
from ..srv import CaptureReference, DeleteReference, DescribeDifference, ListReferences, \
    SelectByDifference
from ..vision.image_io import DEFAULT_MAX_IMAGE_PIXELS

# How long a stopping server waits for the requests it is serving to be answered.
STOP_WAIT_S = 5.0
DEFAULT_REFERENCE_DIR = os.path.join(
    os.environ.get('ROS_HOME', os.path.join(os.path.expanduser('~'), '.ros')),
    'subtle_diff_ros', 'references')

# name -> (default, description, read_only); read-only ones take effect at configure, the others
# at once, checked as at configure (check_limits).
PARAMETERS = {
    'autostart': (True, 'configure and activate at start-up (off under a lifecycle manager)',
                  True),
    'backend': ('auto', 'auto | clip | align | siglip | analytic | combined | vlm | triton; '
                'auto falls back to analytic with a warning when no image-text weights load; '
                'triton sends the encoding to inference_url', True),
    'model': ('', "hub id or checkpoint directory; '' for the backend family's default", True),
    'offline': (False, 'load model files from the local cache only', True),
    'device': ('auto', 'auto | cpu | cuda | cuda:N', True),
    'dtype': ('', "precision of image-text encoders: '' (float16 on a GPU, float32 on the CPU) "
              '| float32 | bfloat16 (about twice as fast on CPUs with native bfloat16: '
              'AVX512-BF16, AMX) | float16', True),
    'method': ('ensemble', 'default selection method of image-text backends: s | sd | ensemble',
               True),
    'cameras': (['camera'], 'camera names; camera <name> is read from parameter '
                'cameras.<name>.topic (default <name>/image_raw, or <name>/image_raw/compressed '
                'when cameras.<name>.compressed is true)', True),
    'max_frame_age_s': (2.0, 'refuse camera frames older than this (seconds; <= 0: no limit)',
                        False),
    'reference_dir': (DEFAULT_REFERENCE_DIR, 'directory of the stored reference images', True),
    'max_image_pixels': (DEFAULT_MAX_IMAGE_PIXELS,
                         'refuse request images with more pixels than this', False),
    'publish_descriptions': (True, 'publish every description on ~/description', False),
    'publish_annotated_image': (True, 'publish the annotated pair on ~/annotated_image when '
                                'someone subscribes', False),
    **SERVING_PARAMETERS,
}


class DifferenceServer(LifecycleNode):
    """Serve difference selection and description over ROS 2 services."""

    def __init__(self, **kwargs):
        """Declare the parameters and start the diagnostics; entities come at configure."""
        super().__init__('difference_server', **kwargs)
        for name, (default, description, read_only) in PARAMETERS.items():
            descriptor = ParameterDescriptor(description=description, read_only=read_only)
            if name == 'cameras':
                descriptor.type = ParameterType.PARAMETER_STRING_ARRAY
            self.declare_parameter(name, default, descriptor)
        self.add_on_set_parameters_callback(self._check_parameter_change)
        self.service = None
        self.store = None
        self.frames = None
        self.camera_topics = None
        self.backend_warning = None
        self._active = False
        self._in_flight = 0  # requests being served (their answers not yet handed back)
        self._requests_done = threading.Condition()
        self._entities = []
        self._image_group = MutuallyExclusiveCallbackGroup()
        self._inference_group = ReentrantCallbackGroup()
        self._reference_group = MutuallyExclusiveCallbackGroup()
        self._diagnostics = self.create_publisher(DiagnosticArray, '/diagnostics', 10)
        # on the steady clock: a wall clock stepped back does not stop the diagnostics
        self.create_timer(1.0, self._publish_diagnostics,
                          callback_group=MutuallyExclusiveCallbackGroup(),
                          clock=Clock(clock_type=ClockType.STEADY_TIME))

    def param(self, name):
        """Return the current value of parameter ``name`` (``cameras:=[]``: no cameras)."""
        try:
            return self.get_parameter(name).value
        except ParameterUninitializedException:
            # ROS reads an empty list on the command line as a parameter without a type.
            if name == 'cameras':
                return []
            raise

    def _check_parameter_change(self, parameters):
        """Refuse a runtime change of a request limit that configure would refuse."""
        return checked_parameter_change(self, parameters, LIMIT_PARAMETERS, check_limits)

    @property
    def active(self) -> bool:
        """Return whether the node serves requests (lifecycle state active)."""
        return self._active

    # Lifecycle.

    def on_configure(self, state):
        """Load the backend, open the reference store, subscribe to the cameras."""
        try:
            self._configure()
        except Exception as exc:  # noqa: B902 (say why, rather than fail without a word)
            log_failure(self, 'configuration', exc)
            self._release()
            return TransitionCallbackReturn.FAILURE
        return TransitionCallbackReturn.SUCCESS

    def _configure(self):
        cameras = {camera: declare_camera(self, camera) for camera in self.param('cameras')}
        check_limits(self.param)
        self.store = ReferenceStore(self.param('reference_dir'))
        if self.store.removed_leftovers:
            self.get_logger().info(f'removed {len(self.store.removed_leftovers)} leftovers '
                                   f'of interrupted writes from {self.store.directory}')
        backend, self.backend_warning = load_serving_backend(self.param)
        if self.backend_warning:
            self.get_logger().warning(self.backend_warning)
        self.service = DifferenceService(
            backend, method=self.param('method'), batching=batching_options(self.param),
            request_timeout_s=float(self.param('request_timeout_s')),
            max_image_pixels=int(self.param('max_image_pixels')))
        self.camera_topics = CameraTopics(self, 'the server')
        self.frames = LatestFrames(list(cameras), self.camera_topics.cause)
        for camera in cameras:
            subscription = subscribe_camera(self, camera, self._on_frame, self._image_group)[0]
            self._entities.append(subscription)
            self.camera_topics.add(camera, subscription)
        self._description_pub = self.create_lifecycle_publisher(
            DifferenceDescription, '~/description', 10)
        self._annotated_pub = self.create_lifecycle_publisher(Image, '~/annotated_image', 2)
        for srv_type, name, handler, group in (
                (SelectByDifference, '~/select_by_difference', self._select,
                 self._inference_group),
                (DescribeDifference, '~/describe_difference', self._describe,
                 self._inference_group),
                (CaptureReference, '~/capture_reference', self._capture, self._reference_group),
                (ListReferences, '~/list_references', self._list, self._reference_group),
                (DeleteReference, '~/delete_reference', self._delete, self._reference_group)):
            self._entities.append(self.create_service(
                srv_type, name, handler, qos_profile=request_qos(self.param),
                callback_group=group))
        self.get_logger().info(
            f'configured: backend {self.service.backend.name} '
            f'(model {self.service.backend.model}), cameras '
            f'{", ".join(f"{c} on {t}" for c, (t, _) in cameras.items()) or "none"}, '
            f'references in {self.store.directory}')

    def on_activate(self, state):
        """Warm the backend up once and log the device it runs on."""
        try:
            backend = self.service.backend
            seconds = self.service.warm_up()
        except Exception as exc:  # noqa: B902 (say why, rather than fail without a word)
            log_failure(self, 'warm-up', exc)
            return TransitionCallbackReturn.FAILURE
        self.service.stats = LatencyStats()  # the warm-up is no request
        self._active = True
        self.get_logger().info(
            f'active: backend {backend.name}, model {backend.model}, device '
            f'{backend.device} (warm-up {seconds:.2f} s)')
        return super().on_activate(state)

    def on_deactivate(self, state):
        """Stop serving; free cached GPU memory."""
        self._active = False
        _empty_cuda_cache()
        self.get_logger().info('inactive: requests are refused until activated again')
        return super().on_deactivate(state)

    def on_cleanup(self, state):
        """Drop the backend, the subscriptions, the services and the publishers."""
        self._release()
        return TransitionCallbackReturn.SUCCESS

    def on_shutdown(self, state):
        """Release everything on shutdown from any state."""
        self._release()
        return TransitionCallbackReturn.SUCCESS

    def stop_serving(self):
        """
        Refuse new requests and answer those held; wait (STOP_WAIT_S at most) for those served.

        Requests waiting for a batch or for the backend are answered "the server stopped before
        serving the request"; those being served finish.
        """
        self._active = False
        if self.service is not None:
            self.service.close()
        self._wait_for_requests(STOP_WAIT_S)

    def _release(self):
        # Answer every request before the services go: a service destroyed under a request
        # would leave its client waiting for an answer that can no longer be sent.
        self.stop_serving()
        destroy_entities(self, self._entities)
        self._entities = []
        for publisher in (getattr(self, '_description_pub', None),
                          getattr(self, '_annotated_pub', None)):
            if publisher is not None:
                self.destroy_lifecycle_publisher(publisher)
        self._description_pub = self._annotated_pub = None
        self.service = None
        self.frames = self.camera_topics = None
        _empty_cuda_cache()

    def _wait_for_requests(self, timeout_s):
        """Wait until no request is being served (at most ``timeout_s``)."""
        with self._requests_done:
            if not self._in_flight:
                return
            self._requests_done.wait_for(lambda: not self._in_flight, timeout_s)
        # The executor sends an answer just after its handler returns.
        time.sleep(0.2)

    # Camera frames: stored, never decoded here.

    def _on_frame(self, camera, msg):
        self.frames.put(camera, Frame(message=msg, stamp_ns=stamp_ns(msg.header.stamp),
                                      received_ns=self.get_clock().now().nanoseconds,
                                      frame_id=msg.header.frame_id))

    # Images of a request.

    def _image(self, source, label):
        """Return (RGB array, where it came from, frame_id) for an ImageSource."""
        max_pixels = int(self.param('max_image_pixels'))
        if source.source == ImageSource.SOURCE_INLINE:
            return image_msg_to_rgb(source.image, label, max_pixels), 'inline', \
                source.image.header.frame_id
        if source.source == ImageSource.SOURCE_INLINE_COMPRESSED:
            return compressed_msg_to_rgb(source.compressed_image, label, max_pixels), \
                'inline', source.compressed_image.header.frame_id
        if source.source == ImageSource.SOURCE_REFERENCE:
            return self.store.load(source.name, max_pixels), f'reference:{source.name}', ''
        if source.source == ImageSource.SOURCE_CAMERA:
            frame = self._frame(source.name)
            name = f'the latest frame of camera {quote(source.name)}'
            check_stamp(frame.message.header.stamp, name)
            return frame_to_rgb(frame.message, name, max_pixels), \
                f'camera:{source.name}', frame.frame_id
        raise SubtleDiffError(f'{label} has unknown source {source.source}: expected 0 '
                              '(inline), 1 (inline compressed), 2 (reference) or 3 (camera)')

    def _frame(self, camera):
        return self.frames.get(camera, self.get_clock().now().nanoseconds,
                               float(self.param('max_frame_age_s')))

    # Services.

    def _serve(self, request, response, work, timed=True):
        if timed and request == type(request)():
            # Clients send an empty request to check that answers reach them (client.py).
            response.success = False
            response.message = 'empty request: nothing to serve'
            return response
        start = time.perf_counter()
        with self._requests_done:
            self._in_flight += 1
        try:
            if not self._active or self.service is None:
                raise SubtleDiffError('the difference server is not active (lifecycle state '
                                      'must be active to serve requests)')
            work(request, response)
            response.success = True
        except SubtleDiffError as exc:
            response.success = False
            response.message = str(exc)
        except Exception as exc:  # noqa: B902 (a bad request must never stop the node)
            self.get_logger().error(f'internal error: {traceback.format_exc()}')
            response.success = False
            response.message = f'internal error ({type(exc).__name__}: {exc})'
        finally:
            service = self.service
            with self._requests_done:
                self._in_flight -= 1
                self._requests_done.notify_all()
        if timed and service is not None:
            service.stats.record(time.perf_counter() - start, response.success)
        return response

    def _select(self, request, response):
        response.choice = -1
        return self._serve(request, response, self._do_select)

    def _do_select(self, request, response):
        require_candidates(len(request.candidates))  # before decoding any of them
        images = [self._image(c, f'candidate {i}')[0] for i, c in enumerate(request.candidates)]
        result = self.service.select(images, request.text, request.method, request.backend)
        response.choice = int(result.choice)
        response.scores = [float(s) for s in result.scores]
        response.margin = float(result.margin)
        response.confidence = float(result.confidence)
        response.query = parsed_query_msg(result.query)
        response.backend = result.backend
        response.message = (f'candidate {result.choice} fits {quote(request.text)} '
                            f'(confidence {result.confidence:.2f}, method {result.method})')

    def _describe(self, request, response):
        return self._serve(request, response, self._do_describe)

    def _do_describe(self, request, response):
        image_1, origin_1, frame_1 = self._image(request.image_1, 'image_1')
        image_2, origin_2, frame_2 = self._image(request.image_2, 'image_2')
        description = self.service.describe(image_1, image_2, request.attribute,
                                            request.object_name, request.backend)
        response.sentence = description.sentence
        response.no_difference = bool(description.no_difference)
        response.axis = description.axis or ''
        response.direction = int(description.direction)
        response.measurements = [axis_measurement_msg(m) for m in description.measurements]
        response.regions = [changed_region_msg(r) for r in description.regions]
        response.backend = description.backend
        self._publish_description(response, description, origin_1, origin_2, frame_1 or frame_2)
        if self.param('publish_annotated_image') and self._annotated_pub is not None \
                and self._annotated_pub.get_subscription_count() > 0:
            from ..vision.rendering import render_side_by_side
            picture = render_side_by_side(image_1, image_2, description.regions,
                                          description.sentence,
                                          registration=description.registration)
            msg = rgb_to_image_msg(picture)
            msg.header.stamp = self.get_clock().now().to_msg()
            msg.header.frame_id = frame_1 or frame_2
            self._annotated_pub.publish(msg)

    def _publish_description(self, response, description, origin_1, origin_2, frame_id):
        if not self.param('publish_descriptions') or self._description_pub is None:
            return
        msg = DifferenceDescription()
        msg.header.stamp = self.get_clock().now().to_msg()
        msg.header.frame_id = frame_id
        msg.image_1, msg.image_2 = origin_1, origin_2
        msg.attribute = description.attribute
        msg.sentence = response.sentence
        msg.no_difference = response.no_difference
        msg.axis, msg.direction = response.axis, response.direction
        msg.measurements = response.measurements
        msg.regions = response.regions
        msg.backend = response.backend
        self._description_pub.publish(msg)

    def _capture(self, request, response):
        return self._serve(request, response, self._do_capture, timed=False)

    def _do_capture(self, request, response):
        source = request.source
        if source.source == ImageSource.SOURCE_CAMERA:
            frame = self._frame(source.name)
            name = f'the latest frame of camera {quote(source.name)}'
            check_stamp(frame.message.header.stamp, name)
            image = frame_to_rgb(frame.message, name, int(self.param('max_image_pixels')))
            origin, taken_ns = source.name, frame.stamp_ns or frame.received_ns
        elif source.source in (ImageSource.SOURCE_INLINE, ImageSource.SOURCE_INLINE_COMPRESSED):
            header = (source.image if source.source == ImageSource.SOURCE_INLINE
                      else source.compressed_image).header
            check_stamp(header.stamp, 'the image')
            image = self._image(source, 'the image')[0]
            taken_ns = stamp_ns(header.stamp) or self.get_clock().now().nanoseconds
            origin = 'inline'
        else:
            raise SubtleDiffError('a reference is captured from a camera (source 3) or an inline '
                                  f'image (source 0 or 1), not from source {source.source}')
        info = self.store.save(request.name, image, source=origin,
                               stamp=divmod(taken_ns, 1_000_000_000),
                               overwrite=request.overwrite,
                               max_pixels=int(self.param('max_image_pixels')))
        response.reference = reference_msg(info)
        response.message = f'stored reference {info.name!r} ({info.width}x{info.height})'
        self.get_logger().info(f'{response.message} from {origin}')

    def _list(self, request, response):
        def work(request, response):
            response.references = [reference_msg(info) for info in self.store.list()]
            skipped = self.store.skipped
            if skipped:
                response.message = (f'skipped {len(skipped)} unreadable entries: '
                                    + '; '.join(skipped[:3]) + ('; ...' if len(skipped) > 3
                                                                else ''))
        return self._serve(request, response, work, timed=False)

    def _delete(self, request, response):
        def work(request, response):
            removed = self.store.delete(request.name)
            self.get_logger().info(f'deleted reference {request.name!r} ({", ".join(removed)})')
        return self._serve(request, response, work, timed=False)

    # Diagnostics.

    def _publish_diagnostics(self):
        array = DiagnosticArray(status=[server_status(self)])
        array.header.stamp = self.get_clock().now().to_msg()
        self._diagnostics.publish(array)


def _empty_cuda_cache():
    import sys
    torch = sys.modules.get('torch')  # only when a backend imported it
    if torch is not None and torch.cuda.is_available():
        torch.cuda.empty_cache()


def main(args=None):
    """Run the difference server until Ctrl-C; exit 1 when autostart cannot configure it."""
    # rclpy only warns, once, when the middleware drops a response (a client whose reader it
    # has not discovered yet); say it every time.
    warnings.filterwarnings('always', message='failed to send response', category=RuntimeWarning)
    return run_lifecycle_node(DifferenceServer, lambda node: executor_threads(node.param), args)


if __name__ == '__main__':
    sys.exit(main())

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The difference server across processes: live camera, references, errors, lifecycle, load.

The server and a fake camera run as subprocesses (the installed executables, analytic backend);
the clients run here.
"""

import signal
import threading

import cv2
from diagnostic_msgs.msg import DiagnosticArray
from lifecycle_msgs.msg import Transition
from lifecycle_msgs.srv import ChangeState
from node_harness import (camera, DifferenceClient, inline, NodeProcess, reference, small_pair,
                          wait_until)
import pytest
from rcl_interfaces.msg import Parameter, ParameterType, ParameterValue
from rcl_interfaces.srv import SetParameters
from rclpy.qos import QoSProfile
from subtle_diff_ros.msg import DifferenceDescription, ImageSource
from subtle_diff_ros.ros.conversions import rgb_to_image_msg
from subtle_diff_ros.service.reference_store import ReferenceStore
from subtle_diff_ros.srv import (CaptureReference, DeleteReference, DescribeDifference,
                                 ListReferences, SelectByDifference)

pytestmark = pytest.mark.ros
SERVER = '/difference_server'


def _server(tmp_path, log_name='server.log'):
    return NodeProcess('difference_server', '-p', 'backend:=analytic',
                       '-p', f'reference_dir:={tmp_path / "references"}',
                       '-p', 'cameras:=[camera]', log_path=tmp_path / log_name)


@pytest.fixture(scope='module')
def system(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp('node')
    camera_process = NodeProcess('fake_camera', '-p', 'width:=160', '-p', 'height:=120',
                                 '-p', 'rate:=20.0', '-r', 'image_raw:=camera/image_raw',
                                 log_path=tmp_path / 'camera.log')
    server = _server(tmp_path)
    client = DifferenceClient()
    try:
        yield tmp_path, server, camera_process, client
    finally:
        client.close()
        server.stop()
        camera_process.stop()


def _select(client, text, candidates, **fields):
    request = SelectByDifference.Request(text=text, candidates=candidates, **fields)
    return client.call(SelectByDifference, f'{SERVER}/select_by_difference', request)


def _describe(client, image_1, image_2, attribute=0, **fields):
    request = DescribeDifference.Request(image_1=image_1, image_2=image_2, attribute=attribute,
                                         **fields)
    return client.call(DescribeDifference, f'{SERVER}/describe_difference', request)


def _capture(client, name, source, overwrite=False):
    request = CaptureReference.Request(name=name, source=source, overwrite=overwrite)
    return client.call(CaptureReference, f'{SERVER}/capture_reference', request)


def _list(client):
    return client.call(ListReferences, f'{SERVER}/list_references', ListReferences.Request())


def _set_parameter(client, node, name, value):
    if isinstance(value, str):
        parameter_value = ParameterValue(type=ParameterType.PARAMETER_STRING, string_value=value)
    else:
        parameter_value = ParameterValue(type=ParameterType.PARAMETER_DOUBLE, double_value=value)
    request = SetParameters.Request(parameters=[Parameter(name=name, value=parameter_value)])
    return client.call(SetParameters, f'{node}/set_parameters', request).results[0]


def _capture_when_the_camera_runs(client, name):
    def attempt():
        response = _capture(client, name, camera('camera'), overwrite=True)
        assert response.success or 'no frame received yet' in response.message, response.message
        return response if response.success else None
    return wait_until(attempt, what='a frame from the fake camera')


def test_capture_select_and_describe_against_live_frames(system):
    tmp_path, server, _, client = system
    descriptions = []
    client.node.create_subscription(DifferenceDescription, f'{SERVER}/description',
                                    descriptions.append, QoSProfile(depth=10))
    captured = _capture_when_the_camera_runs(client, 'coffee')
    assert (captured.reference.width, captured.reference.height) == (160, 120)
    assert captured.reference.source == 'camera'
    assert captured.reference.stamp.sec > 0
    assert [r.name for r in _list(client).references] == ['coffee']

    result = _set_parameter(client, '/fake_camera', 'edit', 'darker')
    assert result.successful, result.reason
    refused = _set_parameter(client, '/fake_camera', 'edit', 'sparklier')
    assert not refused.successful and 'unknown edit' in refused.reason

    def darker_frame_arrived():
        response = _describe(client, camera('camera'), reference('coffee'), 0, object_name='cup')
        assert response.success, response.message
        return response if not response.no_difference else None
    described = wait_until(darker_frame_arrived, what='the edited frame')
    assert described.sentence == 'The cup in Image 1 is darker than in Image 2.'
    assert (described.axis, described.direction, described.backend) == ('brightness', -1,
                                                                        'analytic')
    assert any(m.axis == 'brightness' and m.noticeable for m in described.measurements)

    selected = _select(client, 'the darker cup', [reference('coffee'), camera('camera')])
    assert selected.success, selected.message
    assert selected.choice == 1 and len(selected.scores) == 2
    assert selected.query.axis == 'brightness' and selected.query.direction == -1
    assert selected.query.subject == 'asked' and selected.query.object == 'cup'
    pair = _select(client, 'The mug in Image 1 is lighter than in Image 2.',
                   [camera('camera'), reference('coffee')])
    assert pair.success and pair.choice == 1 and pair.query.subject == '1'

    wait_until(lambda: descriptions, what='a published description')
    published = descriptions[-1]
    assert (published.image_1, published.image_2) == ('camera:camera', 'reference:coffee')
    assert published.header.frame_id == 'camera' and published.attribute == 'color'
    assert (published.axis, published.direction) == ('brightness', -1)
    assert _set_parameter(client, '/fake_camera', 'edit', 'none').successful


def test_diagnostics_report_backend_device_and_requests(system):
    _, _, _, client = system
    arrays = []
    client.node.create_subscription(DiagnosticArray, '/diagnostics', arrays.append,
                                    QoSProfile(depth=10))
    a, b = small_pair()
    assert _select(client, 'the darker cup', [inline(a), inline(b)]).success

    def ours():
        for array in list(arrays):
            for status in array.status:
                values = {kv.key: kv.value for kv in status.values}
                if 'difference_server' in status.name and int(values.get('requests', 0)) > 0:
                    return values
    values = wait_until(ours, what='a diagnostics message with requests')
    assert values['backend'] == 'analytic' and values['device'] == 'cpu'
    assert float(values['mean_latency_ms']) > 0 and 'camera camera frame age s' in values


def test_bad_requests_fail_with_a_message_and_the_node_keeps_serving(system):
    tmp_path, server, _, client = system
    a, b = small_pair()
    wrong_step = rgb_to_image_msg(a)
    wrong_step.step = 100
    mono = rgb_to_image_msg(a)
    mono.encoding = 'yuv422'
    empty = ImageSource(source=ImageSource.SOURCE_INLINE)
    huge = inline(a)
    huge.image.width, huge.image.height = 100000, 100000
    unnormalised = inline(a)  # would be stored as 2147483651 s, listed as -2147483645 s
    unnormalised.image.header.stamp.sec, unnormalised.image.header.stamp.nanosec = \
        2 ** 31 - 1, 2 ** 32 - 1
    depth_map = ImageSource(source=ImageSource.SOURCE_INLINE_COMPRESSED)  # image_transport's
    depth_map.compressed_image.format = '16UC1; png compressed '
    depth_map.compressed_image.data = cv2.imencode('.png', a[:, :, 0].astype('uint16') * 200)[
        1].tobytes()
    depth_refused = '16UC1, the depth encoding of REP 118'
    cases = [
        (_select(client, 'the darker cup', [empty, inline(b)]), 'empty'),
        (_select(client, 'the darker cup', [ImageSource(source=0, image=wrong_step),
                                            inline(b)]), 'step 100'),
        (_select(client, 'the darker cup', [ImageSource(source=0, image=mono), inline(b)]),
         'unsupported encoding'),
        (_select(client, 'the darker cup', [huge, inline(b)]), 'over the limit'),
        (_select(client, 'the darker cup', [reference('nope'), inline(b)]), "'nope'"),
        (_select(client, 'the darker cup', [reference('../etc'), inline(b)]),
         'invalid reference name'),
        (_select(client, 'the darker cup', [camera('left'), inline(b)]), 'unknown camera'),
        (_select(client, 'the darker cup', [ImageSource(source=9), inline(b)]),
         'unknown source 9'),
        (_select(client, '', [inline(a), inline(b)]), 'text is empty'),
        (_select(client, 'hello there robot', [inline(a), inline(b)]), 'no known difference word'),
        (_select(client, 'the darker cup', [inline(a)]), 'at least two'),
        (_select(client, 'the darker cup', [inline(a), inline(b)], backend='vlm'),
         "backend 'vlm'"),
        (_select(client, 'the darker cup', [inline(a), inline(b)], method='xyz'),
         "unknown method 'xyz'"),
        (_describe(client, inline(a), inline(b), attribute=7), 'unknown attribute value 7'),
        (_describe(client, inline(a), reference('missing')), "'missing'"),
        (_capture(client, 'bad name!', inline(a)), 'invalid reference name'),
        (_capture(client, 'x', reference('y')), 'not from source 2'),
        (_capture(client, 'big_stamp', unnormalised),
         'the image has header.stamp.nanosec 4294967295: nanoseconds must be under 1000000000'),
        (client.call(DeleteReference, f'{SERVER}/delete_reference',
                     DeleteReference.Request(name='never-stored')), 'never-stored'),
        (_describe(client, depth_map, inline(b)), depth_refused),
        (_capture(client, 'depth_ref', depth_map), depth_refused),
    ]
    for response, fragment in cases:
        assert not response.success
        assert fragment in response.message and response.message
    assert cases[0][0].choice == -1
    # Stale frames: every frame is older than a microsecond.
    assert _set_parameter(client, SERVER, 'max_frame_age_s', 1e-6).successful
    response = _describe(client, camera('camera'), inline(a))
    assert not response.success and 'over max_frame_age_s' in response.message
    assert _set_parameter(client, SERVER, 'max_frame_age_s', 2.0).successful
    # Images of different sizes are allowed: each is measured on its own.
    different = _describe(client, inline(a), inline(b[:60, :80]))
    assert different.success, different.message
    good = _select(client, 'the darker cup', [inline(a), inline(b)])
    assert good.success and good.choice == 1
    assert server.alive()


def test_lifecycle_deactivate_refuses_and_activate_serves_again(system):
    _, _, _, client = system
    a, b = small_pair()

    def change(transition):
        request = ChangeState.Request()
        request.transition.id = transition
        assert client.call(ChangeState, f'{SERVER}/change_state', request).success

    change(Transition.TRANSITION_DEACTIVATE)
    refused = _select(client, 'the darker cup', [inline(a), inline(b)])
    assert not refused.success and 'not active' in refused.message
    change(Transition.TRANSITION_ACTIVATE)
    assert _select(client, 'the darker cup', [inline(a), inline(b)]).success


def test_runtime_parameter_changes_are_checked_as_at_configure(system):
    _, server, _, client = system
    a, b = small_pair()
    for name, value, fragment in (
            ('max_image_pixels', 0, 'max_image_pixels 0 is under'),
            ('max_image_pixels', -5, 'max_image_pixels -5 is under'),
            ('max_image_pixels', 2 ** 62, 'is over 50000000'),
            ('max_frame_age_s', float('nan'), 'max_frame_age_s must be a number')):
        refused = client.set_parameter(SERVER, name, value)
        assert not refused.successful and fragment in refused.reason, refused.reason
    assert client.set_parameter(SERVER, 'max_image_pixels', 3840 * 2160).successful
    response = _describe(client, inline(a), inline(b))
    assert response.success, response.message
    stale = _set_parameter(client, SERVER, 'max_frame_age_s', 1e-6)
    assert stale.successful
    assert not _describe(client, camera('camera'), inline(a)).success  # the check still runs
    assert _set_parameter(client, SERVER, 'max_frame_age_s', 2.0).successful
    assert server.alive()


def test_a_foreign_file_in_the_reference_dir_does_not_fail_the_listing(system):
    node_tmp, _, _, client = system
    a, _ = small_pair()
    assert _capture(client, 'listed', inline(a), overwrite=True).success
    junk = node_tmp / 'references' / 'junk.json'
    junk.write_text('{"not": "a reference"}')
    try:
        listed = _list(client)
    finally:
        junk.unlink()
    assert listed.success and 'junk.json' in listed.message, listed.message
    assert 'listed' in [r.name for r in listed.references]


def test_references_survive_a_restart(system, tmp_path):
    node_tmp, server, _, client = system
    a, _ = small_pair()
    stored = _capture(client, 'kept', inline(a))
    assert stored.success, stored.message
    assert not _capture(client, 'kept', inline(a)).success  # no overwrite flag
    assert server.stop() == 0, server.log()
    restarted = _server(node_tmp, 'restarted.log')
    try:
        def listed_by_the_new_server():
            try:  # a request sent while the old server's service was still known is lost
                return client.call(ListReferences, f'{SERVER}/list_references',
                                   ListReferences.Request(), timeout_s=2.0)
            except TimeoutError:
                return None
        listed = wait_until(listed_by_the_new_server, what='the restarted server')
        names = [r.name for r in listed.references]
        assert 'kept' in names
        kept = listed.references[names.index('kept')]
        assert kept.sha256 == stored.reference.sha256
        same = _describe(client, reference('kept'), inline(a))
        assert same.success and same.no_difference, same.message
        deleted = client.call(DeleteReference, f'{SERVER}/delete_reference',
                              DeleteReference.Request(name='kept'))
        assert deleted.success
        assert 'kept' not in [r.name for r in _list(client).references]
    finally:
        assert restarted.stop() == 0, restarted.log()


def test_concurrent_clients(tmp_path):
    server = _server(tmp_path)
    clients = [DifferenceClient(node_name=f'client_{i}') for i in range(2)]
    failures, answers = [], []
    a, b = small_pair()
    request = SelectByDifference.Request(text='the darker cup', candidates=[inline(a), inline(b)])

    def work(client):
        try:
            for _ in range(10):
                response = client.call(SelectByDifference, f'{SERVER}/select_by_difference',
                                       request)
                answers.append(response.choice)
                if not response.success:
                    failures.append(response.message)
        except Exception as exc:  # noqa: B902
            failures.append(repr(exc))
    try:
        threads = [threading.Thread(target=work, args=(clients[i % 2],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == [], (failures, server.log()[-4000:])
        assert answers == [1] * 80
    finally:
        for client in clients:
            client.close()
        assert server.stop() == 0, server.log()


def test_ctrl_c_answers_the_requests_waiting_for_the_backend(tmp_path):
    """Requests waiting for the measurement backend at Ctrl-C are answered, none left waiting."""
    a, b = (cv2.resize(image, (1920, 1080)) for image in small_pair())
    store = ReferenceStore(str(tmp_path / 'references'))
    store.save('big_a', a)
    store.save('big_b', b)
    server = _server(tmp_path)
    client = DifferenceClient(call_timeout_s=30.0)
    answers = []
    try:
        assert _list(client).success  # the server is up
        candidates = [reference('big_a'), reference('big_b')] * 16
        askers = [threading.Thread(target=lambda: answers.append(
            _select(client, 'the darker cup', candidates))) for _ in range(24)]
        for asker in askers:
            asker.start()
        # Measured one at a time (about 0.4 s each here): at the first answer the others wait,
        # longer together than the server waits for the requests it serves (STOP_WAIT_S).
        wait_until(lambda: answers, timeout=30, what='a first answer')
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=20) == 0, server.log()[-3000:]
        for asker in askers:
            asker.join(30)
        assert len(answers) == 24, server.log()[-3000:]
        # Past max_queue_size (16) waiting, a request is refused as overloaded at once.
        refused = [r.message for r in answers if not r.success]
        stopped = [m for m in refused if m == 'the server stopped before serving the request']
        assert all(m in stopped or m.startswith('the server is overloaded') for m in refused), \
            refused
        assert stopped, 'Ctrl-C came after every request was served: no test'
        assert 'never retrieved' not in server.log()
    finally:
        client.close()
        server.stop()

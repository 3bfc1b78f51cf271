# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The difference server's status on /diagnostics: backend, device, requests, queue, cameras.

A camera without frames is told with its cause when the ROS graph shows one (``CameraTopics``);
a camera topic carrying another image type than the one subscribed makes the status WARN.
"""

from diagnostic_msgs.msg import DiagnosticStatus, KeyValue


def _serving_values(service):
    """Return the request, batching and fallback readings of a DifferenceService."""
    stats = service.stats.snapshot()
    values = {'requests': str(stats['requests']), 'failures': str(stats['failures']),
              'last_latency_ms': f'{stats["last_latency_ms"]:.1f}',
              'mean_latency_ms': f'{stats["mean_latency_ms"]:.1f}'}
    if service.batcher is not None:
        batching = service.batcher.stats()
        values.update({'queue waiting': str(batching['waiting']),
                       'queue limit': str(service.batcher.max_queue_size),
                       'mean batch ms': f'{batching["mean_batch_ms"]:.1f}',
                       'batch sizes': ', '.join(f'{size}: {count}' for size, count
                                                in batching['batch_sizes'].items()) or 'none'})
    return values


def server_status(node) -> DiagnosticStatus:
    """Return the DiagnosticStatus of a DifferenceServer node."""
    status = DiagnosticStatus(name=f'{node.get_name()}: difference server',
                              hardware_id=node.get_fully_qualified_name())
    service = node.service
    if service is None:
        status.level, status.message = DiagnosticStatus.WARN, 'not configured'
        return status
    backend = service.backend
    values = {'backend': backend.name, 'model': backend.model, 'device': backend.device,
              'active': str(node.active)}
    values.update(_serving_values(service))
    frames, topics = node.frames, node.camera_topics
    wrong_types = []
    if frames is not None:
        now = node.get_clock().now().nanoseconds
        for camera, age in frames.ages_s(now).items():
            if age is not None:
                values[f'camera {camera} frame age s'] = f'{age:.2f}'
                continue
            # a camera without frames: say why when the graph shows it (a missing publisher may
            # only be undiscovered yet, a publisher of the other image type is a misconfiguration)
            cause, published = (topics.problem(camera, refusing=False) if topics is not None
                                else (None, False))
            values[f'camera {camera} frame age s'] = \
                'no frame yet' + (f': {cause}' if cause else '')
            if cause and published:
                wrong_types.append(f'camera {camera!r} gives no frame: {cause}')
    remote_problem = backend.status() if hasattr(backend, 'status') else None
    if remote_problem:
        values['fallback'] = remote_problem
    status.hardware_id = values['device']
    if not node.active:
        status.level, status.message = DiagnosticStatus.WARN, 'inactive'
    elif remote_problem:
        status.level, status.message = DiagnosticStatus.WARN, remote_problem
    elif node.backend_warning:
        status.level = DiagnosticStatus.WARN
        status.message = 'serving with the measurement fallback: no image-text weights'
    elif wrong_types:
        status.level, status.message = DiagnosticStatus.WARN, '; '.join(wrong_types)
    else:
        status.level, status.message = DiagnosticStatus.OK, 'serving'
    status.values = [KeyValue(key=k, value=str(v)) for k, v in values.items()]
    return status

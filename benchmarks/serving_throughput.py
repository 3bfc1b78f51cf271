# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Selection throughput and latency against concurrent clients: batched, one at a time, Triton.

Full-size CLIP ViT-B/32 with random weights (the compute of the real one). Each client thread
sends selections between two new 640x480 images (nothing cached) as fast as it is answered:

- ``in_process``: the difference server's request path (``DifferenceService``) with the request
  batcher (max_batch_size, max_queue_delay_ms) and without it (one request at a time, the lock),
  and the same selection called directly on the backend (the server path's overhead);
- ``triton`` (``--triton``): each client its own ``triton`` backend against one
  ``subtle-diff serve`` server (Triton's dynamic batcher), as robots sharing a GPU server.

Per number of clients (1, 2, 4, 8, 16): throughput, p50/p95 latency, the CPU seconds spent per
selection (this process, or the server's process group), the batch sizes formed and the peak
memory; and the ratios measured in the same run. The modes alternate in rounds (batched, one at
a time, one at a time, batched, ...) because the load of a shared machine drifts during a run;
CPU seconds per selection hardly depend on that load, wall-clock throughput does.
``--device cuda`` runs it on a GPU in float16 and adds the server-side latency of one selection
(a new pair, and a cached reference against a new frame). Writes
benchmarks/results/serving_throughput[_<device>].json.
Run: ``.venv/bin/python benchmarks/serving_throughput.py [--triton]``.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import threading
import time

import numpy as np

from subtle_diff_ros.backends.image_text.backend import ImageTextBackend
from subtle_diff_ros.backends.image_text.encoder import load_encoder
from subtle_diff_ros.core.query import ASKED, DifferenceQuery
from subtle_diff_ros.evaluation.random_checkpoints import build_clip_b32
from subtle_diff_ros.service.difference_service import DifferenceService

HERE = os.path.dirname(os.path.abspath(__file__))
QUERY = DifferenceQuery(attribute='color', axis='brightness', direction=-1, subject=ASKED,
                        object='cup', part=None, positive_text='dark-colored cup',
                        negative_text='light-colored cup')


def _percentile(values, q):
    return float(np.percentile(values, q)) if values else None


def _images(count, seed):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 256, (480, 640, 3), dtype=np.uint8) for _ in range(count)]


def group_cpu_s(group: int) -> float:
    """Return the CPU seconds used so far by the processes of process group ``group``."""
    total = 0.0
    for name in os.listdir('/proc'):
        if name.isdigit():
            try:
                with open(f'/proc/{name}/stat', encoding='utf-8') as f:
                    fields = f.read().rsplit(')', 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    return total


def load(clients, requests, select, seed, cpu=time.process_time):
    """Run ``clients`` threads of ``requests`` selections each; return the figures."""
    pairs = [[_images(2, seed + 1000 * c + r) for r in range(requests)] for c in range(clients)]
    latencies, errors = [], []

    def client(own):
        for pair in own:
            start = time.perf_counter()
            try:
                select(pair)
            except Exception as exc:  # noqa: B902 (counted, the run goes on)
                errors.append(str(exc))
            latencies.append(1e3 * (time.perf_counter() - start))
    threads = [threading.Thread(target=client, args=(pairs[c],)) for c in range(clients)]
    start, cpu_start = time.perf_counter(), cpu()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall, cpu_s = time.perf_counter() - start, cpu() - cpu_start
    return {'clients': clients, 'requests': clients * requests, 'errors': len(errors),
            'wall_s': wall, 'cpu_s': cpu_s, 'latencies': latencies}


def summary(runs, extra=None):
    """Return the figures of one or more runs of ``load`` with the same clients."""
    latencies = [x for run in runs for x in run['latencies']]
    requests, wall = sum(r['requests'] for r in runs), sum(r['wall_s'] for r in runs)
    record = {'clients': runs[0]['clients'], 'requests': requests,
              'errors': sum(r['errors'] for r in runs),
              'throughput_per_s': round(requests / wall, 2),
              'p50_ms': round(_percentile(latencies, 50), 1),
              'p95_ms': round(_percentile(latencies, 95), 1),
              'cpu_s_per_selection': round(sum(r['cpu_s'] for r in runs) / requests, 3)}
    record.update(extra or {})
    return record


def in_process(encoder, clients, requests, options, rounds):
    """Return the records of the server path with and without batching, and direct calls."""
    backend = ImageTextBackend(encoder)
    records = {'batched': [], 'one_at_a_time': []}
    for count in clients:
        runs, sizes = {mode: [] for mode in records}, {}
        for index in range(2 * rounds):  # A B B A A B ...: both modes see the same drift
            mode = ('batched', 'one_at_a_time')[(index + index // 2) % 2]
            service = DifferenceService(backend, method='sd', parse=lambda _: QUERY,
                                        batching=options if mode == 'batched' else None)
            encoder.clear_cache()
            runs[mode].append(load(count, requests, lambda pair: service.select(pair, 'darker'),
                                   1000 * index + count))
            if service.batcher is not None:
                for size, number in service.batcher.stats()['batch_sizes'].items():
                    sizes[size] = sizes.get(size, 0) + number
                service.close()
        rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        for mode in records:
            extra = {'peak_rss_mb': rss}
            if mode == 'batched':
                extra['batch_sizes'] = dict(sorted(sizes.items()))
            records[mode].append(summary(runs[mode], extra))
            print(mode, json.dumps(records[mode][-1]), flush=True)
    encoder.clear_cache()
    direct = summary([load(1, requests * rounds,
                           lambda pair: backend.select(pair, QUERY, method='sd'), 1)])
    records['direct_call'] = direct
    print('direct', json.dumps(direct), flush=True)
    return records


def server_side_latency(encoder, repeats):
    """Return p50 (ms) of one selection: a new pair, and a cached reference with a new frame."""
    backend = ImageTextBackend(encoder)
    service = DifferenceService(backend, method='sd', parse=lambda _: QUERY,
                                batching={'max_batch_size': 8, 'max_queue_delay_ms': 0,
                                          'max_queue_size': 16})
    reference = _images(1, 99)[0]
    cold, cached = [], []
    for i in range(repeats):
        pair = _images(2, 500 + i)
        start = time.perf_counter()
        service.select(pair, 'darker')
        cold.append(1e3 * (time.perf_counter() - start))
        start = time.perf_counter()
        service.select([reference, _images(1, 900 + i)[0]], 'darker')
        cached.append(1e3 * (time.perf_counter() - start))
    service.close()
    return {'new_pair_p50_ms': round(statistics.median(cold), 2),
            'cached_reference_p50_ms': round(statistics.median(cached[1:]), 2)}


def triton(directory, clients, requests, args):
    """Return the records of clients of a `subtle-diff serve` server, with Triton's batches."""
    sys.path.insert(0, os.path.join(HERE, '..', 'test'))
    import tritonclient.grpc as grpcclient
    from subtle_diff_ros.backends.base import load_backend
    from triton_server import TritonServer
    with tempfile.TemporaryDirectory() as logs:
        server = TritonServer(directory, logs, max_queue_delay_us=args.triton_queue_delay_us,
                              threads=args.threads)
        try:
            stats = grpcclient.InferenceServerClient(server.url[len('grpc://'):])
            records = []
            for count in clients:
                backends = [load_backend('triton', inference_url=server.url,
                                         inference_timeout_s=600)[0] for _ in range(count)]
                before = _batches(stats)
                local = threading.local()
                ids = iter(range(count))

                def select(pair):
                    if not hasattr(local, 'backend'):
                        local.backend = backends[next(ids)]
                    local.backend.select(pair, QUERY, method='sd')
                run = load(count, requests * args.rounds, select, count,
                           cpu=lambda: group_cpu_s(server.process.pid))
                after = _batches(stats)
                record = summary([run], {'batch_sizes': {
                    size: after[size] - before.get(size, 0) for size in sorted(after)
                    if after[size] > before.get(size, 0)}})
                record['server_cpu_s_per_selection'] = record.pop('cpu_s_per_selection')
                records.append(record)
                print('triton', json.dumps(record), flush=True)
        finally:
            server.stop()
    return records


def _batches(client):
    stats = client.get_inference_statistics('image_encoder', as_json=True)['model_stats'][0]
    return {int(b['batch_size']): int(b['compute_infer']['count'])
            for b in stats.get('batch_stats', [])}


def _ratios(records, clients):
    def at(mode, count, key='throughput_per_s'):
        return next(r for r in records[mode] if r['clients'] == count)[key]
    ratios = {f'batched_vs_one_at_a_time_{c}_clients': round(
        at('batched', c) / at('one_at_a_time', c), 2) for c in clients}
    ratios.update({f'cpu_per_selection_one_at_a_time_vs_batched_{c}_clients': round(
        at('one_at_a_time', c, 'cpu_s_per_selection') / at('batched', c, 'cpu_s_per_selection'),
        2) for c in clients})
    one = next(r for r in records['batched'] if r['clients'] == 1)
    ratios['server_path_vs_direct_p50'] = round(one['p50_ms'] / records['direct_call']['p50_ms'],
                                                3)
    ratios['batched_8_clients_vs_1_client'] = round(at('batched', 8) / at('batched', 1), 2) \
        if 8 in clients else None
    return ratios


def main(argv=None):
    """Measure, write the JSON file, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--clients', default='1,2,4,8,16')
    parser.add_argument('--requests', type=int, default=2,
                        help='selections per client and round')
    parser.add_argument('--rounds', type=int, default=2, help='rounds of each mode')
    parser.add_argument('--threads', type=int, default=2, help='CPU threads for torch')
    parser.add_argument('--max-batch-size', type=int, default=8)
    parser.add_argument('--max-queue-delay-ms', type=float, default=5.0)
    parser.add_argument('--triton', action='store_true', help='also measure the triton backend')
    parser.add_argument('--triton-queue-delay-us', type=int, default=2000)
    parser.add_argument('--latency-repeats', type=int, default=20)
    parser.add_argument('--output', default='')
    args = parser.parse_args(argv)
    import torch
    torch.set_num_threads(args.threads)
    clients = [int(c) for c in args.clients.split(',')]
    options = {'max_batch_size': args.max_batch_size,
               'max_queue_delay_ms': args.max_queue_delay_ms,
               'max_queue_size': max(16, max(clients))}
    with tempfile.TemporaryDirectory() as directory:
        build_clip_b32(directory)
        encoder = load_encoder(directory, device=args.device, offline=True)
        result = {'benchmark': 'serving_throughput', 'model': 'CLIP ViT-B/32 (random weights)',
                  'device': encoder.device, 'dtype': str(encoder.dtype).replace('torch.', ''),
                  'preprocessing': 'torch' if encoder.preprocess is not None else 'processor',
                  'image_size': [480, 640], 'method': 'sd', 'batching': options,
                  'requests_per_client': args.requests * args.rounds,
                  'torch': torch.__version__,
                  'threads': args.threads, 'cpu': platform.processor() or platform.machine(),
                  'cpu_count': os.cpu_count(),
                  'gpu': torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}
        if encoder.device.startswith('cuda'):
            result['server_side_latency'] = server_side_latency(encoder, args.latency_repeats)
            print('server side', json.dumps(result['server_side_latency']), flush=True)
        result['in_process'] = in_process(encoder, clients, args.requests, options, args.rounds)
        result['ratios'] = _ratios(result['in_process'], clients)
        del encoder
        if args.triton:
            result['triton'] = triton(directory, clients, args.requests, args)
            one = result['triton'][0]
            result['ratios'].update({f'triton_{r["clients"]}_clients_vs_1': round(
                r['throughput_per_s'] / one['throughput_per_s'], 2)
                for r in result['triton'][1:]})
            result['ratios'].update({f'triton_server_cpu_1_vs_{r["clients"]}_clients': round(
                one['server_cpu_s_per_selection'] / r['server_cpu_s_per_selection'], 2)
                for r in result['triton'][1:]})
    output = args.output or os.path.join(HERE, 'results', 'serving_throughput' + (
        '' if args.device == 'cpu' else f'_{args.device.split(":")[0]}') + '.json')
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result['ratios'], indent=1))
    print(f'written: {output}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

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
  ``subtle-diff serve`` server (Triton's dynamic batcher) on the same machine, as robots
  sharing a GPU server; its CPU seconds are the clients' (image preparation, gRPC) and,
  apart, the server's process group's.

Per number of clients (1, 2, 4, 8, 16): throughput, p50/p95 latency, the CPU seconds spent per
selection (this process, or the server's process group), the batch sizes formed and the peak
memory; and the ratios measured in the same run, beside the most batching can give: the
image encoder's own time per image at batch 2 against a full batch (``batching_ceiling``).
The modes alternate round by round (A B C, then C B A, ...) because the load of a shared
machine drifts during a run.
``--dtype bfloat16`` runs the encoder in bfloat16 (on CPUs with native bfloat16 the model's
work takes half as long as in float32). ``--device cuda`` runs it on a GPU in float16 and adds
the server-side latency of one selection (a new pair, and a cached reference against a new
frame), with the image encoder's CUDA graphs and without them. Writes
benchmarks/results/serving_throughput[_<device>][_<dtype>].json.
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
from subtle_diff_ros.core.compute_thread import on_compute_thread
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


def load(clients, requests, select, seed):
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
    start, cpu_start = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall, cpu_s = time.perf_counter() - start, time.process_time() - cpu_start
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


class Modes:
    """The ways of serving a selection that are compared, each run by ``run(mode, clients)``."""

    def __init__(self, encoder, options, server=None):
        """Serve with ``encoder`` in process and, with ``server``, through Triton too."""
        self.encoder, self.options, self.server = encoder, options, server
        self.backend = ImageTextBackend(encoder)
        self.sizes = {}
        if server is not None:
            import tritonclient.grpc as grpcclient
            self.statistics = grpcclient.InferenceServerClient(server.url[len('grpc://'):])

    def names(self, clients):
        """Return the modes measured with ``clients`` clients."""
        names = ['batched', 'one_at_a_time'] + (['triton'] if self.server else [])
        return names + (['direct_call'] if clients == 1 else [])

    def run(self, mode, clients, requests, seed):
        """Run one round of ``mode``; return the run of ``load``."""
        if mode == 'triton':
            return self._triton(clients, requests, seed)
        self.encoder.clear_cache()
        if mode == 'direct_call':
            return load(clients, requests,
                        lambda pair: self.backend.select(pair, QUERY, method='sd'), seed)
        service = DifferenceService(self.backend, method='sd', parse=lambda _: QUERY,
                                    batching=self.options if mode == 'batched' else None)
        run = load(clients, requests, lambda pair: service.select(pair, 'darker'), seed)
        if service.batcher is not None:
            self._count('batched', service.batcher.stats()['batch_sizes'])
            service.close()
        return run

    def _count(self, mode, sizes):
        counts = self.sizes.setdefault(mode, {})
        for size, number in sizes.items():
            counts[size] = counts.get(size, 0) + number

    def _triton(self, clients, requests, seed):
        from subtle_diff_ros.backends.base import load_backend
        backends = [load_backend('triton', inference_url=self.server.url,
                                 inference_timeout_s=600)[0] for _ in range(clients)]
        local, ids = threading.local(), iter(range(clients))

        def select(pair):
            if not hasattr(local, 'backend'):
                local.backend = backends[next(ids)]
            local.backend.select(pair, QUERY, method='sd')
        before, server_before = _batches(self.statistics), group_cpu_s(self.server.process.pid)
        run = load(clients, requests, select, seed)  # cpu_s: this process, the clients
        after = _batches(self.statistics)
        run['server_cpu_s'] = group_cpu_s(self.server.process.pid) - server_before
        self._count('triton', {size: after[size] - before.get(size, 0) for size in after
                               if after[size] > before.get(size, 0)})
        return run


def measure(modes, clients, requests, rounds):
    """Return {mode: [record per number of clients]}, the modes alternating round by round."""
    records = {}
    for count in clients:
        names, runs = modes.names(count), {}
        modes.sizes = {}
        for index in range(rounds):  # A B C, C B A, ...: every mode sees the same drift
            for mode in names if index % 2 == 0 else names[::-1]:
                runs.setdefault(mode, []).append(
                    modes.run(mode, count, requests, 1000 * index + count))
        rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        for mode in names:
            extra = {'peak_rss_mb': rss}
            if mode in modes.sizes:
                extra['batch_sizes'] = dict(sorted(modes.sizes[mode].items()))
            if mode == 'triton':
                extra['server_cpu_s_per_selection'] = round(
                    sum(r['server_cpu_s'] for r in runs[mode]) / (count * requests * rounds), 3)
                extra['peak_rss_mb'] = None  # the server's memory is not this process's
            records.setdefault(mode, []).append(summary(runs[mode], extra))
            print(mode, json.dumps(records[mode][-1]), flush=True)
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


def batching_ceiling(encoder, max_batch_size, repeats=3):
    """
    Return the image encoder's own time per image for one selection's batch and a full batch.

    Batching can speed selections up by at most their ratio (``ceiling``): the model's work per
    image at batch 2 (one selection between two new images) against batch ``2 *
    max_batch_size`` (a full batch of selections), on prepared pixels (nothing else timed).
    """
    import torch
    pixels = encoder.image_processor(images=_images(2 * max_batch_size, 7),
                                     return_tensors='pt')['pixel_values']
    per_image = {}
    for size in (2, 2 * max_batch_size):
        batch = pixels[:size].to(encoder.device, encoder.dtype)
        with torch.inference_mode():
            encoder.pixel_features(batch)
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                encoder.pixel_features(batch)
                times.append(time.perf_counter() - start)
        per_image[size] = 1e3 * statistics.median(times) / size
    small, full = per_image[2], per_image[2 * max_batch_size]
    return {'ms_per_image_batch_2': round(small, 2),
            f'ms_per_image_batch_{2 * max_batch_size}': round(full, 2),
            'ceiling': round(small / full, 2)}


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
    if 1 in clients:
        direct = at('direct_call', 1, 'p50_ms')
        ratios['server_path_vs_direct_p50'] = {
            mode: round(at(mode, 1, 'p50_ms') / direct, 3)
            for mode in ('batched', 'one_at_a_time')}
    if 'triton' in records and 1 in clients:
        ratios.update({f'triton_{c}_clients_vs_1': round(at('triton', c) / at('triton', 1), 2)
                       for c in clients if c > 1})
        ratios.update({f'triton_vs_in_process_one_at_a_time_{c}_clients': round(
            at('triton', c) / at('one_at_a_time', c), 2) for c in clients})
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
    parser.add_argument('--dtype', default=None, choices=('float32', 'bfloat16', 'float16'),
                        help='encoder precision (default: float16 on a GPU, float32 on the CPU)')
    parser.add_argument('--preprocessing', default='auto', choices=('auto', 'torch', 'processor'),
                        help='where images are prepared (the encoder option of that name)')
    parser.add_argument('--output', default='')
    args = parser.parse_args(argv)
    import torch
    torch.set_num_threads(args.threads)
    clients = [int(c) for c in args.clients.split(',')]
    options = {'max_batch_size': args.max_batch_size,
               'max_queue_delay_ms': args.max_queue_delay_ms,
               'max_queue_size': max(16, max(clients))}
    with tempfile.TemporaryDirectory() as directory:
        # Built where the model runs, as a server only loads it there (``core.compute_thread``).
        on_compute_thread(build_clip_b32, directory)
        encoder = load_encoder(directory, device=args.device, offline=True, dtype=args.dtype,
                               preprocessing=args.preprocessing)
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
            result['cuda_graphs'] = encoder.graphs is not None
            result['server_side_latency'] = server_side_latency(encoder, args.latency_repeats)
            print('server side', json.dumps(result['server_side_latency']), flush=True)
            # The same without CUDA graphs (the image encoder's kernels launched one by one).
            eager = load_encoder(directory, device=args.device, offline=True, dtype=args.dtype,
                                 preprocessing=args.preprocessing, cuda_graphs=False)
            result['server_side_latency_without_cuda_graphs'] = server_side_latency(
                eager, args.latency_repeats)
            print('server side without CUDA graphs',
                  json.dumps(result['server_side_latency_without_cuda_graphs']), flush=True)
            del eager
        result['batching_ceiling'] = batching_ceiling(encoder, args.max_batch_size)
        print('batching ceiling', json.dumps(result['batching_ceiling']), flush=True)
        with tempfile.TemporaryDirectory() as logs:
            server = None
            if args.triton:
                sys.path.insert(0, os.path.join(HERE, '..', 'test'))
                from triton_server import TritonServer
                server = TritonServer(directory, logs, threads=args.threads,
                                      max_queue_delay_us=args.triton_queue_delay_us)
            try:
                result['modes'] = measure(Modes(encoder, options, server), clients,
                                          args.requests, args.rounds)
            finally:
                if server is not None:
                    server.stop()
        result['ratios'] = _ratios(result['modes'], clients)
    output = args.output or os.path.join(HERE, 'results', 'serving_throughput' + (
        '' if args.device == 'cpu' else f'_{args.device.split(":")[0]}') + (
        f'_{args.dtype}' if args.dtype else '') + '.json')
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result['ratios'], indent=1))
    print(f'written: {output}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

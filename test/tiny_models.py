# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Tiny image-text checkpoints built offline with the real tokenizers, for tests.

Each builder writes a directory with ``save_pretrained`` (config.json, model.safetensors,
tokenizer and preprocessor files), so tests load it through ``load_encoder`` exactly like a
real checkpoint. ``train_tiny_clip`` teaches a tiny CLIP the words of generated shape images
("a photo of a dark red circle") so that a test can check rankings end to end.
"""

import hashlib
import inspect
import os
import shutil
import tempfile

import cv2
import numpy as np
from subtle_diff_ros.evaluation.random_checkpoints import (bert_tokenizer, clip_tokenizer,
                                                           write_clip_vocab)

CLIP_BOS, CLIP_EOS = 49406, 49407
TINY_IMAGE_SIZE = 32


def tiny_clip_config(image_size=TINY_IMAGE_SIZE, patch_size=4, width=64, layers=2,
                     text_positions=32):
    """Return a CLIPConfig of a ~4 M parameter model with CLIP's real vocabulary size."""
    from transformers import CLIPConfig
    text = {'vocab_size': 49408, 'hidden_size': width, 'intermediate_size': 2 * width,
            'num_hidden_layers': layers, 'num_attention_heads': 4,
            'max_position_embeddings': text_positions, 'bos_token_id': CLIP_BOS,
            'eos_token_id': CLIP_EOS, 'pad_token_id': CLIP_EOS}
    vision = {'hidden_size': width, 'intermediate_size': 2 * width,
              'num_hidden_layers': layers, 'num_attention_heads': 4, 'image_size': image_size,
              'patch_size': patch_size}
    return CLIPConfig(text_config=text, vision_config=vision, projection_dim=width)


def _clip_image_processor(image_size):
    from transformers import CLIPImageProcessor
    return CLIPImageProcessor(size={'shortest_edge': image_size},
                              crop_size={'height': image_size, 'width': image_size})


def build_tiny_clip(directory, seed=0, image_size=TINY_IMAGE_SIZE):
    """Save a randomly initialised tiny CLIP with the real CLIP tokenizer into ``directory``."""
    import torch
    from transformers import CLIPModel
    torch.manual_seed(seed)
    config = tiny_clip_config(image_size=image_size)
    CLIPModel(config).save_pretrained(directory, safe_serialization=True)
    clip_tokenizer(config.text_config.max_position_embeddings).save_pretrained(directory)
    _clip_image_processor(image_size).save_pretrained(directory)
    return directory


def build_tiny_align(directory, seed=0, image_size=TINY_IMAGE_SIZE):
    """Save a tiny ALIGN (EfficientNet + BERT) with the real BERT tokenizer into ``directory``."""
    import torch
    from transformers import AlignConfig, AlignModel, EfficientNetImageProcessor
    torch.manual_seed(seed)
    width = 32
    text = {'vocab_size': 30522, 'hidden_size': width, 'intermediate_size': 2 * width,
            'num_hidden_layers': 2, 'num_attention_heads': 4, 'max_position_embeddings': 64}
    # ALIGN has no image projection: the last block's channels are the embedding size.
    vision = {'image_size': image_size, 'width_coefficient': 1.0, 'depth_coefficient': 1.0,
              'in_channels': [32, 8, 16], 'out_channels': [8, 16, width],
              'kernel_sizes': [3, 3, 3], 'strides': [1, 2, 2], 'num_block_repeats': [1, 1, 1],
              'expand_ratios': [1, 2, 2], 'hidden_dim': 64}
    config = AlignConfig(text_config=text, vision_config=vision, projection_dim=width)
    model = AlignModel(config)
    # At the default initializer_range (normal, std 0.02) each EfficientNet block shrinks the
    # activations ~1000x (to ~1e-13 after three), which float16 on a GPU flushes to zero.
    # He-initialised convolutions keep them near 1, as in a trained network.
    for module in model.vision_model.modules():
        if isinstance(module, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(module.weight, nonlinearity='relu')
    model.save_pretrained(directory, safe_serialization=True)
    bert_tokenizer().save_pretrained(directory)
    EfficientNetImageProcessor(size={'height': image_size, 'width': image_size},
                               crop_size={'height': image_size, 'width': image_size}
                               ).save_pretrained(directory)
    return directory


def build_tiny_siglip(directory, seed=0, image_size=TINY_IMAGE_SIZE):
    """
    Save a tiny SigLIP into ``directory``, tokenised with the real CLIP BPE tokenizer.

    SigLIP's own tokenizer is a SentencePiece model, and neither the model file nor the
    sentencepiece package is available offline here; the CLIP BPE tokenizer stands in (the
    text tower only needs token ids), padded to the fixed length SigLIP expects.
    """
    import torch
    from transformers import SiglipConfig, SiglipImageProcessor, SiglipModel
    torch.manual_seed(seed)
    width, positions = 64, 16
    text = {'vocab_size': 49408, 'hidden_size': width, 'intermediate_size': 2 * width,
            'num_hidden_layers': 2, 'num_attention_heads': 4,
            'max_position_embeddings': positions, 'pad_token_id': CLIP_EOS,
            'bos_token_id': CLIP_BOS, 'eos_token_id': CLIP_EOS}
    vision = {'hidden_size': width, 'intermediate_size': 2 * width, 'num_hidden_layers': 2,
              'num_attention_heads': 4, 'image_size': image_size, 'patch_size': 8}
    SiglipModel(SiglipConfig(text_config=text, vision_config=vision)).save_pretrained(
        directory, safe_serialization=True)
    clip_tokenizer(positions).save_pretrained(directory)
    SiglipImageProcessor(size={'height': image_size, 'width': image_size}).save_pretrained(
        directory)
    return directory


# --- generated shape images with captions, for training a tiny CLIP that means something ---

SHAPES = ('circle', 'square', 'triangle')
COLOURS = {'red': (0, 0), 'green': (1, 1), 'blue': (2, 2)}  # name -> (channel, _)
SHADES = ('dark', 'light')


def rewritten_checkpoint(source, target, change):
    """Copy the checkpoint folder ``source`` to ``target`` with ``change`` made to its weights."""
    from safetensors.torch import load_file, save_file
    shutil.copytree(source, target)
    weights = load_file(str(target / 'model.safetensors'))
    change(weights)
    save_file(weights, str(target / 'model.safetensors'), metadata={'format': 'pt'})
    return str(target)


def shape_image(shape, colour, shade, rng, size=TINY_IMAGE_SIZE):
    """Return an RGB uint8 image of one coloured shape on a noisy grey background."""
    grey = int(rng.integers(110, 150))
    image = np.clip(rng.normal(grey, 6, (size, size, 3)), 0, 255).astype(np.uint8)
    channel = COLOURS[colour][0]
    value = np.zeros(3)
    if shade == 'dark':
        value[channel] = rng.uniform(80, 130)
        value += rng.uniform(0, 20)
    else:
        value[:] = rng.uniform(150, 200)
        value[channel] = 255
    fill = tuple(int(v) for v in np.clip(value, 0, 255))
    radius = rng.uniform(0.22, 0.34) * size
    cx, cy = (rng.uniform(0.38, 0.62, 2) * size)
    if shape == 'circle':
        cv2.circle(image, (int(cx), int(cy)), int(radius), fill, -1, cv2.LINE_AA)
    else:
        corners = 4 if shape == 'square' else 3
        start = np.pi / 4 if shape == 'square' else -np.pi / 2  # upright square / triangle
        angles = start + rng.uniform(-0.15, 0.15) + np.arange(corners) * 2 * np.pi / corners
        radius *= 1.25 if shape == 'square' else 1.4
        points = np.stack([cx + radius * np.cos(angles), cy + radius * np.sin(angles)], 1)
        cv2.fillPoly(image, [np.round(points).astype(np.int32)], fill, cv2.LINE_AA)
    return image


SHADE_WORDS = {'dark': ('dark', 'dark-colored'), 'light': ('light', 'light-colored')}
SHAPE_WORDS = {'circle': ('circle', 'round shape'), 'square': ('square', 'angular shape'),
               'triangle': ('triangle', 'angular shape')}
CAPTION_TEMPLATES = ('a photo of a {}.', 'a photo of a {}')


def caption(shape, colour, shade, rng, shape_only=False):
    """
    Return a training caption naming some of an image's shade, colour and shape.

    ``shape_only`` names the shape alone: the first phase of training, because a tiny ViT
    learns colour and brightness at once but shape only when nothing easier explains the batch.
    """
    keep = (False, False, True) if shape_only else rng.random(3) < 0.7
    words = []
    if keep[0]:
        words.append(SHADE_WORDS[shade][rng.integers(2)])
    if keep[1]:
        words.append(colour)
    if keep[2] or not words:
        words.append(SHAPE_WORDS[shape][rng.integers(2)])
    else:
        words.append('shape')
    return CAPTION_TEMPLATES[rng.integers(len(CAPTION_TEMPLATES))].format(' '.join(words))


def _true_of(text, shape, colour, shade):
    """Return True when every attribute word in a caption fits the image's labels."""
    text = text.rstrip('.')
    for other in SHADES:
        if any(f' {w} ' in f' {text} ' for w in SHADE_WORDS[other]) and other != shade:
            return False
    if any(f' {c} ' in f' {text} ' for c in COLOURS if c != colour):
        return False
    if any(f' {s} ' in f' {text} ' for s in SHAPES if s != shape):
        return False
    if ' round shape' in text and shape != 'circle':
        return False
    return not (' angular shape' in text and shape == 'circle')


def labelled_images(count, seed):
    """Return (images, labels) with random (shape, colour, shade) labels."""
    rng = np.random.default_rng(seed)
    labels = [(SHAPES[rng.integers(3)], tuple(COLOURS)[rng.integers(3)],
               SHADES[rng.integers(2)]) for _ in range(count)]
    return [shape_image(*label, rng) for label in labels], labels


def _training_fingerprint():
    """Return a hash of everything that shapes the trained checkpoint (code and constants)."""
    parts = [inspect.getsource(function) for function in (
        write_clip_vocab, clip_tokenizer, tiny_clip_config, _clip_image_processor, shape_image,
        caption, _true_of, labelled_images, train_tiny_clip)]
    parts.append(repr((TINY_IMAGE_SIZE, SHAPES, COLOURS, SHADES, SHADE_WORDS, SHAPE_WORDS,
                       CAPTION_TEMPLATES)))
    return hashlib.sha256('\n'.join(parts).encode()).hexdigest()[:16]


def zero_shot_accuracy(encoder, images, labels):
    """Return the accuracy of picking each image's full caption among all 18 class captions."""
    classes = [(s, c, b) for s in SHAPES for c in COLOURS for b in SHADES]
    texts = encoder.encode_texts([f'a photo of a {b} {c} {s}.' for s, c, b in classes])
    predicted = np.argmax(encoder.encode_images(images) @ texts.T, axis=1)
    return float(np.mean([classes[p] == label for p, label in zip(predicted, labels)]))


def train_tiny_clip(cache_root, steps=450, batch_size=64, seed=0, shape_phase=0.4):
    """
    Return a directory with a tiny CLIP trained on shape images, reusing a cached one.

    The cache key is a hash of this file, so changing the training code retrains. Training uses
    a multi-positive contrastive loss (every caption true of an image counts as its match);
    the first ``shape_phase`` of the steps uses shape-only captions.
    """
    target = os.path.join(cache_root, f'tiny_clip_shapes_{_training_fingerprint()}')
    if os.path.isfile(os.path.join(target, 'model.safetensors')):
        return target
    import torch
    from transformers import CLIPModel
    torch.manual_seed(seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        config = tiny_clip_config()
        model = CLIPModel(config)
        tokenizer = clip_tokenizer(config.text_config.max_position_embeddings)
        processor = _clip_image_processor(TINY_IMAGE_SIZE)
        images, labels = labelled_images(4096, seed)
        pixels = processor(images=images, return_tensors='pt')['pixel_values']
        rng = np.random.default_rng(seed + 1)
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3,
                                                       total_steps=steps, pct_start=0.1)
        model.train()
        for step in range(steps):
            index = rng.choice(len(images), batch_size, replace=False)
            shape_only = step < shape_phase * steps
            texts = [caption(*labels[i], rng, shape_only) for i in index]
            tokens = tokenizer(texts, padding=True, return_tensors='pt')
            fits = torch.tensor([[_true_of(t, *labels[i]) for t in texts] for i in index],
                                dtype=torch.float32)
            logits = model(input_ids=tokens['input_ids'], attention_mask=tokens['attention_mask'],
                           pixel_values=pixels[index]).logits_per_image
            loss = (torch.sum(-fits / fits.sum(1, keepdim=True)
                              * torch.log_softmax(logits, 1)) / batch_size
                    + torch.sum(-fits / fits.sum(0, keepdim=True)
                                * torch.log_softmax(logits, 0)) / batch_size) / 2
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
        model.eval()
        os.makedirs(cache_root, exist_ok=True)
        staging = tempfile.mkdtemp(dir=cache_root, prefix='.staging-')
        model.save_pretrained(staging, safe_serialization=True)
        tokenizer.save_pretrained(staging)
        processor.save_pretrained(staging)
        try:
            os.replace(staging, target)
        except OSError:  # another process finished first: keep its copy
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        torch.set_num_threads(threads)
    return target


# --- a tiny multi-image vision-language model, for the VLM captioner ---

LLAVA_CHAT_TEMPLATE = (
    "{% for message in messages %}{{ message['role'] | upper }}: "
    "{% for item in message['content'] %}{% if item['type'] == 'image' %}<image>"
    "{% else %}{{ item['text'] }}{% endif %}{% endfor %}\n{% endfor %}"
    '{% if add_generation_prompt %}ASSISTANT:{% endif %}')


def build_tiny_llava(directory, seed=0, image_size=TINY_IMAGE_SIZE, patch_size=8,
                     chat_template=LLAVA_CHAT_TEMPLATE):
    """
    Save a randomly initialised tiny LLaVA (CLIP vision tower + Llama) into ``directory``.

    The text side uses the real CLIP BPE tokenizer with ``<image>`` added as a special token;
    the processor (image processor, tokenizer, chat template) is saved with ``save_pretrained``
    like a real llava-hf checkpoint, so ``VlmCaptioner`` loads it through AutoProcessor and
    AutoModelForImageTextToText. Each image becomes (image_size / patch_size)^2 image tokens.
    """
    from tokenizers import decoders
    import torch
    from transformers import LlavaConfig, LlavaForConditionalGeneration, LlavaProcessor
    torch.manual_seed(seed)
    tokenizer = clip_tokenizer(512)
    tokenizer.add_special_tokens({'additional_special_tokens': ['<image>']})
    # Saved in tokenizer.json, so any tokenizer class reloading it turns "cat</w>" into "cat ".
    tokenizer.backend_tokenizer.decoder = decoders.BPEDecoder(suffix='</w>')
    image_token_id = tokenizer.convert_tokens_to_ids('<image>')
    width = 32
    vision = {'model_type': 'clip_vision_model', 'hidden_size': width,
              'intermediate_size': 2 * width, 'num_hidden_layers': 2, 'num_attention_heads': 4,
              'image_size': image_size, 'patch_size': patch_size}
    text = {'model_type': 'llama', 'vocab_size': len(tokenizer), 'hidden_size': width,
            'intermediate_size': 2 * width, 'num_hidden_layers': 2, 'num_attention_heads': 4,
            'num_key_value_heads': 2, 'max_position_embeddings': 512, 'bos_token_id': CLIP_BOS,
            'eos_token_id': CLIP_EOS, 'pad_token_id': CLIP_EOS}
    config = LlavaConfig(vision_config=vision, text_config=text,
                         image_token_index=image_token_id,
                         vision_feature_select_strategy='default', vision_feature_layer=-2)
    LlavaForConditionalGeneration(config).save_pretrained(directory, safe_serialization=True)
    # 'default' drops the vision tower's CLS token, which num_additional_image_tokens counts.
    LlavaProcessor(image_processor=_clip_image_processor(image_size), tokenizer=tokenizer,
                   patch_size=patch_size, vision_feature_select_strategy='default',
                   num_additional_image_tokens=1, chat_template=chat_template
                   ).save_pretrained(directory)
    return directory

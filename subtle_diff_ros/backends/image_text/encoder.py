# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
One interface over transformers image-text models (CLIP, ALIGN, SigLIP).

``load_encoder`` is the only place that touches a checkpoint, a processor or a device: the
scoring code sees L2-normalised float32 numpy embeddings only. Image embeddings are cached by a
hash of the pixels (so a stored reference image is encoded once), text embeddings by the text.
"""

from collections import OrderedDict
import importlib.util
import logging
import math
import re
from typing import Dict, List, Optional, Sequence

import numpy as np
import xxhash

from .cuda_graphs import image_encoder_graphs
from .preprocess import torch_preprocessor
from ..loading import (check_model_path, first_line, how_to_provide, offline_requested,
                       quiet_loading, resolve_device, resolve_dtype)
from ...core.compute_thread import on_compute_thread
from ...core.errors import ModelLoadError, quote, SubtleDiffError, weight_load_errors

# Default checkpoint per family (the paper's CLIP and ALIGN, and the base SigLIP).
DEFAULT_MODELS: Dict[str, str] = {
    'clip': 'openai/clip-vit-base-patch32',
    'align': 'kakaobrain/align-base',
    'siglip': 'google/siglip-base-patch16-224',
}
FAMILIES = tuple(DEFAULT_MODELS)

# Text padding each family was trained with: SigLIP pools the last position, so it needs the
# fixed-length padding it saw in training; CLIP and ALIGN use attention masks.
_TEXT_PADDING = {'clip': True, 'align': 'max_length', 'siglip': 'max_length'}
_ALIGN_TEXT_LENGTH = 64
# Where images are prepared: 'auto' and 'torch' are torch on the model's device (a GPU, where the
# processor's PIL work would dominate, or the CPU, where torch resizes uint8 images like PIL,
# about ten times faster), falling back to the processor for settings torch does not reproduce;
# 'processor' is the checkpoint's image processor.
PREPROCESSING = ('auto', 'torch', 'processor')
# Weight keys a checkpoint may have or lack without harm: buffers older checkpoints saved that
# transformers now makes itself (position and token type ids, rotary frequencies) and
# BatchNorm's count of training batches.
_HARMLESS_KEYS = re.compile(
    r'(^|\.)(position_ids|token_type_ids|inv_freq|num_batches_tracked)$')
# How many keys of each kind a message about weights that do not fit names.
_SHOWN_KEYS = 3
# The grey levels of the dark and the light probe image a preprocessor must tell apart, and the
# least difference it must leave between them: a sane one leaves 0.75 or more (0..1 scaling,
# no normalisation), and a network takes no value beyond a few hundred (0..255 unscaled).
_PROBE_LEVELS = (32, 224)
_LEAST_PROBE_DIFFERENCE = 0.05
_MOST_PIXEL_VALUE = 1000.0
# Least 1 - cosine between the embeddings of the two probe images (and of the two probe texts).
# A network whose output no longer depends on its input (a zeroed layer norm or projection)
# embeds both alike: 1 - cosine of 0, or 1e-14 where only float rounding tells them apart. The
# least found in working models is 2e-6 (randomly initialised tiny ALIGN texts, whose BERT
# embeds texts almost alike); trained models are above 1e-2.
_LEAST_PROBE_APART = 1e-9
# The logit scales (the factor on cosine similarities, 1 / temperature) confidences are computed
# with. Contrastive training only sharpens: transformers starts ALIGN and SigLIP at 1 and CLIP
# at 14.3, OpenCLIP clamps the scale to 1..100 (its log to 0..ln 100), as CLIP was trained, and
# SigLIP, unclamped, ends near 112 (its log 4.72). Below 1 no trained model goes (0, or a
# negative scale, would give every choice the same confidence or the loser's); 1000 leaves ten
# times the trained values for fine-tuned checkpoints, while a damaged weight (inf, NaN, a log
# of 100: 2.7e43) is refused. Past 1000 a cosine margin of 0.005, about float16's resolution,
# would alone read as 99 % sure.
LOGIT_SCALE_RANGE = (1.0, 1000.0)
# Relative tolerance on both ends of LOGIT_SCALE_RANGE: a scale stored as a float32 log (or
# temperature) is up to 4e-6 off the number meant (ln 1000 reads back as 1000.0001), a float16
# temperature up to 5e-4.
_LOGIT_SCALE_TOLERANCE = 1e-3


def _model_classes():
    from transformers import AlignModel, CLIPModel, SiglipModel
    return {'clip': CLIPModel, 'align': AlignModel, 'siglip': SiglipModel}


def _how_to_provide(model: str, offline: bool) -> str:
    return how_to_provide(model, offline, 'an image-text model',
                          ('openai/clip-vit-base-patch32', 'kakaobrain/align-base',
                           'google/siglip-base-patch16-224'))


class LRUCache:
    """A bounded least-recently-used mapping from keys to embeddings."""

    def __init__(self, capacity: int):
        """Keep at most ``capacity`` entries (0 disables caching)."""
        self.capacity = int(capacity)
        self._items: 'OrderedDict[object, np.ndarray]' = OrderedDict()

    def get(self, key):
        """Return the cached value (marking it recently used), or None."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        """Store a value, evicting the least recently used entry when full."""
        if self.capacity <= 0:
            return
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry."""
        self._items.clear()

    def __len__(self):
        """Return the number of cached entries."""
        return len(self._items)


def image_key(image: np.ndarray) -> str:
    """Return a 128-bit content hash of an image (dtype, shape and pixels)."""
    # xxh3 hashes a 640x480 frame in about 0.02 ms, blake2b in 1.4 ms: on a GPU, where a
    # selection takes 3 ms, blake2b was a third of it (serving_throughput_cuda_h200*.json).
    digest = xxhash.xxh3_128()
    digest.update(f'{image.dtype.str}{image.shape}'.encode())
    digest.update(np.ascontiguousarray(image))
    return digest.hexdigest()


def _embeddings(output):
    """Return the embedding tensor from get_*_features (a tensor, or an output object)."""
    import torch
    if isinstance(output, torch.Tensor):
        return output
    for name in ('image_embeds', 'text_embeds', 'pooler_output'):
        value = getattr(output, name, None)
        if value is not None:
            return value
    raise ModelLoadError(f'the model returned {type(output).__name__} without embeddings')


def shown(value) -> str:
    """Return a value for a message: a text quoted (``quote``), anything else as its repr."""
    text = str(value)
    return quote(value) if isinstance(value, str) else text if len(text) <= 80 else \
        f'{text[:80]}… ({len(text)} characters)'


def check_logit_scale(scale, owner: str, source: str) -> float:
    """
    Return ``scale`` as a float when it is a number in LOGIT_SCALE_RANGE; else raise.

    ``owner`` names the model in the message ("clip model '<dir>'"), ``source`` where the value
    was read ("weight logit_scale = 4.6, a log"). Raises ModelLoadError: a model is refused
    once, when it is loaded or connected to, not at every request.
    """
    if isinstance(scale, bool) or not isinstance(scale, (int, float, np.floating, np.integer)):
        raise ModelLoadError(f'{owner} gives its logit scale as {shown(scale)} ({source}), not '
                             'a number')
    try:
        scale = float(scale)
    except OverflowError:  # an integer of 400 digits
        scale = math.inf
    low, high = LOGIT_SCALE_RANGE
    if not (math.isfinite(scale) and low * (1 - _LOGIT_SCALE_TOLERANCE) <= scale
            <= high * (1 + _LOGIT_SCALE_TOLERANCE)):
        raise ModelLoadError(f'{owner} has a logit scale of {scale:.4g} ({source}); '
                             f'trained image-text models have {low:g} to {high:g} (CLIP at most '
                             '100, SigLIP about 112), so its confidences would mean nothing: is '
                             'the weight damaged?')
    return scale


def _logit_scale(model, owner: str) -> float:
    """Return the factor the model multiplies cosine similarities by to get its logits, checked."""
    if hasattr(model, 'logit_scale'):  # CLIP and SigLIP store its log
        log = float(model.logit_scale.detach().float().item())
        # math.exp overflows past 709; a NaN stays NaN
        scale = math.exp(log) if log <= 700.0 else math.inf if log > 700.0 else log
        return check_logit_scale(scale, owner, f'weight logit_scale = {log:.4g}, a log')
    temperature = float(model.temperature.detach().float().item())  # ALIGN divides by it
    return check_logit_scale(1.0 / temperature if temperature else math.inf, owner,
                             f'1 / weight temperature = {temperature:.4g}')


def _normalise(features) -> np.ndarray:
    array = features.detach().double().cpu().numpy()
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return (array / np.maximum(norms, 1e-300)).astype(np.float32)


def probe_apart(vectors: np.ndarray) -> float:
    """Return 1 - the cosine between the two rows of ``vectors`` (0 for the same direction)."""
    wide = np.asarray(vectors, dtype=np.float64)
    wide = wide / np.linalg.norm(wide, axis=1, keepdims=True)  # float32 rows are 1 ± 1e-7 long
    return float(max(0.0, 1.0 - wide[0] @ wide[1]))


class CachingEncoder:
    """
    Embeddings cached by content: images by a hash of their pixels, texts by the text.

    Subclasses compute what is missing, ``batch_size`` items at a time, in
    ``_image_features(images)`` and ``_text_features(texts)`` (L2-normalised float32 rows).
    """

    def __init__(self, batch_size: int = 16, image_cache_size: int = 256,
                 text_cache_size: int = 4096):
        """Start with empty caches of the given capacities."""
        self.batch_size = max(1, int(batch_size))
        self.image_cache = LRUCache(image_cache_size)
        self.text_cache = LRUCache(text_cache_size)

    def clear_cache(self) -> None:
        """Forget every cached image and text embedding."""
        self.image_cache.clear()
        self.text_cache.clear()

    def encode_images(self, images: Sequence[np.ndarray]) -> np.ndarray:
        """Return L2-normalised float32 embeddings (N, D) of RGB uint8 images."""
        from ...vision.image_io import as_rgb_image  # here: inference servers have no OpenCV
        images = [as_rgb_image(image, name=f'image {i}') for i, image in enumerate(images)]
        keys = [image_key(image) for image in images]
        return self._encode(keys, images, self.image_cache, self._image_features, 'image')

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Return L2-normalised float32 embeddings (N, D) of texts."""
        texts = [str(text) for text in texts]
        return self._encode(texts, texts, self.text_cache, self._text_features, 'text')

    def _checked(self, vectors, count: int, kind: str) -> np.ndarray:
        """
        Return the float32 embeddings of ``count`` items of ``kind`` ('image', 'text'), checked.

        One row per item, every value finite, no row all zero: NaN compares false with every
        threshold (a description said "no noticeable difference"), and a zero row is alike to
        everything (every answer a tie). Anything else raises ``_embedding_error``, before the
        caches keep it.
        """
        try:
            with np.errstate(over='ignore', invalid='ignore'):  # 1e300 -> inf: refused below
                array = None if vectors is None else np.asarray(vectors, dtype=np.float32)
        except (TypeError, ValueError):
            array = None
        if array is None or array.ndim != 2 or array.shape[0] != count or array.shape[1] < 1:
            shape = 'nothing' if array is None else f'an array of shape {array.shape}'
            raise self._embedding_error(kind, f'{shape} as the embeddings of {count} {kind}s',
                                        broken=False)
        broken = int(np.count_nonzero(~np.isfinite(array).all(axis=1)))
        if broken:
            raise self._embedding_error(kind, f'non-finite embeddings (NaN or inf) for {broken} '
                                              f'of {count} {kind}s')
        zero = int(np.count_nonzero(~array.any(axis=1)))
        if zero:
            raise self._embedding_error(kind, f'all-zero embeddings for {zero} of {count} '
                                              f'{kind}s')
        return array

    def _embedding_error(self, kind: str, problem: str, broken: bool = True) -> SubtleDiffError:
        """
        Return the error for embeddings that cannot be used; subclasses name the cause.

        ``broken``: the values are unusable (NaN, inf, zero), not the shape of the answer.
        """
        return SubtleDiffError(f'the {kind} encoder computed {problem}')

    def _encode(self, keys: List, items: List, cache: LRUCache, features,
                kind: str) -> np.ndarray:
        found: Dict[object, np.ndarray] = {}
        pending: Dict[object, object] = {}
        for key, item in zip(keys, items):
            if key in found or key in pending:
                continue
            cached = cache.get(key)
            if cached is not None:
                found[key] = cached
            else:
                pending[key] = item
        missing = list(pending.items())
        for start in range(0, len(missing), self.batch_size):
            chunk = missing[start:start + self.batch_size]
            vectors = self._checked(features([item for _, item in chunk]), len(chunk), kind)
            for (key, _), vector in zip(chunk, vectors):
                cache.put(key, vector)
                found[key] = vector
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)

    def _image_features(self, images: List[np.ndarray]) -> np.ndarray:
        raise NotImplementedError

    def _text_features(self, texts: List[str]) -> np.ndarray:
        raise NotImplementedError


class ImageTextEncoder(CachingEncoder):
    """
    Encode images and texts into one embedding space with a loaded image-text model.

    Attributes: ``name`` (hub id or directory), ``family`` ('clip', 'align', 'siglip'),
    ``device``, ``dtype``, ``logit_scale`` (the model's learned inverse temperature, used to
    calibrate confidences), ``logit_bias`` (SigLIP's learned bias, 0 for the others),
    ``preprocess`` (the torch image preparation, or None when the processor prepares images) and
    ``graphs`` (the image encoder's CUDA graphs, or None when it runs eagerly).
    """

    def __init__(self, model, tokenizer, image_processor, name: str, family: str,
                 device: str, dtype, batch_size: Optional[int] = None,
                 image_cache_size: int = 256, text_cache_size: int = 4096,
                 preprocessing: str = 'auto', cuda_graphs: bool = True):
        """
        Wrap an already loaded model; use ``load_encoder`` to build one from a checkpoint.

        ``batch_size`` None means 16, except ALIGN on the CPU, which encodes images one at a
        time: its EfficientNet gets slower per image in larger CPU batches
        (benchmarks/selection_latency.py). ``preprocessing`` is one of PREPROCESSING.
        ``cuda_graphs`` (on CUDA only) replays the image encoder from captured CUDA graphs
        (``cuda_graphs.py``) instead of launching its kernels one by one.
        """
        if batch_size is None:
            batch_size = 1 if family == 'align' and device == 'cpu' else 16
        super().__init__(batch_size, image_cache_size, text_cache_size)
        self.model = model
        self.tokenizer = tokenizer
        self.image_processor = image_processor
        self.name = name
        self.family = family
        self.device = device
        self.dtype = dtype
        self.logit_scale = _logit_scale(model, f'{family} model {name!r}')
        bias = getattr(model, 'logit_bias', None)
        self.logit_bias = float(bias.detach().float().item()) if bias is not None else 0.0
        self.text_length = self._max_text_length()
        self.preprocess = self._torch_preprocessing(preprocessing)
        self.graphs = self._capture_graphs() if cuda_graphs and str(device).startswith(
            'cuda') else None

    def _embedding_error(self, kind: str, problem: str, broken: bool = True) -> SubtleDiffError:
        cause = 'damaged weights (a NaN, inf or zeroed tensor in its model.safetensors)'
        if str(self.dtype) == 'torch.float16':
            cause += ' or a float16 overflow or underflow (dtype float32 tells which)'
        return SubtleDiffError(f'the {kind} encoder of {self.family} model {self.name!r} computed '
                               f'{problem}' + (f': {cause}' if broken else ''))

    def check_outputs(self) -> None:
        """
        Raise ModelLoadError unless the network gives usable embeddings of a probe image and text.

        The dark and the light probe image and two texts are encoded (not cached), finite, not
        all zero, and the two of each kind apart (``_LEAST_PROBE_APART``): a checkpoint with a
        NaN weight, zeroed weights or a zeroed layer norm (the same embedding for every input)
        still loads, then answered "no noticeable difference" to every description.
        """
        images = [np.full((48, 64, 3), level, np.uint8) for level in _PROBE_LEVELS]
        texts = ['a photo of a red cup', 'a photo of a blue car']
        try:
            for kind, items, features, probes in (
                    ('image', images, self._image_features, 'a dark and a light image'),
                    ('text', texts, self._text_features, 'two different texts')):
                apart = probe_apart(self._checked(features(items), len(items), kind))
                if not apart > _LEAST_PROBE_APART:
                    raise self._embedding_error(
                        kind, f'the same embedding for {probes} (1 - cosine {apart:.2g}), so '
                              'every answer would be a tie')
        except ModelLoadError:
            raise
        except SubtleDiffError as exc:
            raise ModelLoadError(f'refused at load: {exc}') from exc

    def _torch_preprocessing(self, preprocessing: str):
        if preprocessing not in PREPROCESSING:
            raise SubtleDiffError(f'unknown preprocessing {preprocessing!r}: expected one of '
                                  f'{", ".join(PREPROCESSING)}')
        if preprocessing == 'processor':
            return None
        preprocess, why_not = torch_preprocessor(self.image_processor, self.device, self.dtype)
        if preprocess is None:
            logging.getLogger('subtle_diff_ros').warning(
                f'{self.name}: {why_not} with torch; images are prepared by the processor on '
                'the CPU')
        return preprocess

    def _capture_graphs(self):
        # The pixel shape of a camera frame; a processor whose shape varies with the image
        # (no crop) runs other shapes eagerly.
        probe = np.zeros((480, 640, 3), dtype=np.uint8)
        pixels = self.preprocess([probe]) if self.preprocess is not None else \
            self.image_processor(images=[probe], return_tensors='pt')['pixel_values']

        def forward(batch):
            return _embeddings(self.model.get_image_features(pixel_values=batch))
        return image_encoder_graphs(forward, self.device, self.dtype, self.batch_size,
                                    tuple(pixels.shape[1:]), self.name)

    def _max_text_length(self) -> int:
        positions = getattr(self.model.config.text_config, 'max_position_embeddings', None)
        limit = getattr(self.tokenizer, 'model_max_length', None) or positions
        if positions:
            limit = min(limit, positions)
        if self.family == 'align':
            limit = min(limit, _ALIGN_TEXT_LENGTH)
        return int(limit)

    def _image_features(self, images: List[np.ndarray]) -> np.ndarray:
        if self.preprocess is not None:
            return on_compute_thread(lambda: self.pixel_features(self.preprocess(images)))
        # The processor's PIL work stays on the caller's thread, beside the model's.
        pixels = self.image_processor(images=images, return_tensors='pt')['pixel_values']
        return self.pixel_features(pixels)

    def pixel_features(self, pixels) -> np.ndarray:
        """Return L2-normalised float32 embeddings (N, D) of a prepared pixel tensor."""
        return on_compute_thread(self._pixel_features, pixels)

    def _pixel_features(self, pixels) -> np.ndarray:
        import torch
        with torch.inference_mode():
            pixels = pixels.to(self.device, self.dtype)
            if self.graphs is not None and self.graphs.covers(pixels):
                return _normalise(self.graphs(pixels))
            output = self.model.get_image_features(pixel_values=pixels)
        return _normalise(_embeddings(output))

    def _text_features(self, texts: List[str]) -> np.ndarray:
        inputs = self.tokenizer(texts, padding=_TEXT_PADDING[self.family], truncation=True,
                                max_length=self.text_length, return_tensors='pt')
        return on_compute_thread(self._token_features, inputs)

    def _token_features(self, inputs) -> np.ndarray:
        import torch
        kwargs = {'input_ids': inputs['input_ids'].to(self.device)}
        if self.family != 'siglip' and 'attention_mask' in inputs:
            kwargs['attention_mask'] = inputs['attention_mask'].to(self.device)
        if self.family == 'align' and 'token_type_ids' in inputs:
            kwargs['token_type_ids'] = inputs['token_type_ids'].to(self.device)
        with torch.inference_mode():
            output = self.model.get_text_features(**kwargs)
        return _normalise(_embeddings(output))


def load_encoder(model: Optional[str] = None, family: Optional[str] = None,
                 device: str = 'auto', offline: bool = False, dtype=None,
                 **encoder_options) -> ImageTextEncoder:
    """
    Load an image-text model from a hub id or a local directory.

    ``family`` ('clip', 'align' or 'siglip') is inferred from the config's ``model_type`` when
    None; ``model`` defaults to the family's default checkpoint (CLIP when both are None).
    ``offline`` (or HF_HUB_OFFLINE=1) uses local files only. ``device='auto'`` takes CUDA when
    present, else the CPU; ``dtype`` None means float16 on a GPU and float32 on the CPU. Weights
    are read from safetensors only and no remote code is ever run. Missing or unloadable
    weights raise ModelLoadError saying how to provide them. The model is loaded, and later
    run, on the package's compute thread (``core.compute_thread``).
    """
    if family is not None and family not in FAMILIES:
        raise SubtleDiffError(f'unknown model family {family!r}: expected one of '
                              f'{", ".join(FAMILIES)}')
    model = model or DEFAULT_MODELS[family or 'clip']
    check_model_path(model)
    offline = offline_requested(offline)
    device = resolve_device(device)
    # Loaded on the thread that will run it (``core.compute_thread``).
    return on_compute_thread(_load, model, family, device, offline, dtype, encoder_options)


def _check_tokenizer(tokenizer, model) -> None:
    """
    Raise ModelLoadError for a tokenizer that reads different texts as the same tokens.

    A checkpoint folder without its tokenizer files can still load one with a vocabulary of a
    few special tokens: every word is then unknown, every text embeds alike, and every answer
    would be a tie.
    """
    try:
        first, second = (tokenizer(text)['input_ids']
                         for text in ('a photo of a red cup', 'a photo of a blue car'))
    except Exception as exc:  # noqa: B902 (a damaged tokenizer fails in many ways)
        raise ModelLoadError(f'the tokenizer of {model!r} cannot encode a text '
                             f'({first_line(exc)})') from exc
    if list(first) == list(second) or len(set(first)) < 4:  # "a photo of a red cup": 5 words
        raise ModelLoadError(f'the tokenizer of {model!r} reads different texts as the same '
                             f'tokens (a vocabulary of {len(tokenizer)}): are its tokenizer '
                             'files missing?')


def _check_image_processor(image_processor, config, model) -> None:
    """
    Raise ModelLoadError unless the preprocessor tells images apart at the model's input size.

    A dark and a light probe image must come out finite, of the model's size, within the values
    a network takes and unlike each other: a ``rescale_factor`` of 0 made every image the same
    tensor (every answer a tie), an ``image_std`` of 1e-30 values no network could take.
    """
    size = getattr(getattr(config, 'vision_config', None), 'image_size', None)
    try:
        with np.errstate(all='ignore'):  # an image_std of 0: non-finite values, refused below
            pixels = image_processor(images=[np.full((48, 64, 3), level, np.uint8)
                                             for level in _PROBE_LEVELS],
                                     return_tensors='np')['pixel_values']
    except Exception as exc:  # noqa: B902 (a damaged preprocessor config fails in many ways)
        raise ModelLoadError(f'the image preprocessor of {model!r} cannot prepare an image '
                             f'({first_line(exc)})') from exc
    settings = _value_settings(image_processor)
    finite = np.isfinite(pixels).all()
    if min(pixels.shape[-2:]) < 1 or not finite:
        raise ModelLoadError(f'the image preprocessor of {model!r} makes '
                             f'{pixels.shape[-1]}x{pixels.shape[-2]} images with '
                             f'{"finite" if finite else "non-finite"} values ({settings})')
    # ALIGN's EfficientNet config names another size than its preprocessor crops to
    if config.model_type in ('clip', 'siglip') and size is not None and \
            tuple(pixels.shape[-2:]) != (size, size):
        raise ModelLoadError(f'the image preprocessor of {model!r} makes '
                             f'{pixels.shape[-1]}x{pixels.shape[-2]} images, the model takes '
                             f'{size}x{size}')
    largest = float(np.abs(pixels).max())
    if largest > _MOST_PIXEL_VALUE:
        raise ModelLoadError(f'the image preprocessor of {model!r} makes pixel values up to '
                             f'{largest:.3g}, more than any network takes ({settings})')
    apart = float(np.abs(pixels[0] - pixels[1]).max())
    if apart < _LEAST_PROBE_DIFFERENCE:
        raise ModelLoadError(f'the image preprocessor of {model!r} makes a dark and a light '
                             f'image alike (they differ by {apart:.3g} at most; {settings})')


def _value_settings(image_processor) -> str:
    """Return the preprocessor's settings that scale pixel values, as its config names them."""
    names = (('rescale_factor',) if getattr(image_processor, 'do_rescale', False) else ()) + \
        (('image_mean', 'image_std') if getattr(image_processor, 'do_normalize', False) else ())
    if not names:
        return 'preprocessor_config.json neither rescales nor normalises'
    return 'preprocessor_config.json: ' + ', '.join(
        f'{name} {getattr(image_processor, name, None)}' for name in names)


def _no_record(record) -> bool:
    """Drop a log record (a logging filter)."""
    return False


def _shape(shape) -> str:
    return 'x'.join(str(side) for side in shape)


def load_fitting_weights(model_class, model: str, what: str, **kwargs):
    """
    Return ``model_class.from_pretrained(model, **kwargs)`` when its weights fit its config.

    Weights the config has no place for, weights it needs that are missing (left random) and
    weights of another shape raise ModelLoadError naming the first few (``what`` names the model:
    "clip model '<dir>'"); transformers' table of them is kept off stderr. Keys in
    ``_HARMLESS_KEYS`` are allowed.
    """
    # A filter, not a level: transformers checks a tensor-parallel plan (and logs about it) when
    # this logger's level is WARNING or above.
    report = logging.getLogger('transformers.modeling_utils')
    report.addFilter(_no_record)
    try:
        network, info = model_class.from_pretrained(
            model, output_loading_info=True, ignore_mismatched_sizes=True, **kwargs)
    finally:
        report.removeFilter(_no_record)
    shapes = {key: f'{key} (stored {_shape(stored)}, config {_shape(wanted)})'
              for key, stored, wanted in info['mismatched_keys']}
    problems = []
    for kind, keys in (('unused', info['unexpected_keys']), ('missing', info['missing_keys']),
                       ('of another shape', shapes)):
        keys = sorted(key for key in keys if not _HARMLESS_KEYS.search(key))
        if keys:
            shown = [shapes.get(key, key) for key in keys[:_SHOWN_KEYS]]
            problems.append(f'{len(keys)} {kind}: {", ".join(shown)}'
                            f'{", ..." if len(keys) > _SHOWN_KEYS else ""}')
    if problems:
        raise ModelLoadError(f'the weights of {what} do not fit its config.json: '
                             f'{"; ".join(problems)}')
    return network


def _load(model, family, device, offline, dtype, encoder_options) -> ImageTextEncoder:
    torch_dtype = resolve_dtype(dtype, device)
    from transformers import AutoConfig, AutoImageProcessor, AutoTokenizer
    quiet_loading()
    common = {'local_files_only': offline, 'trust_remote_code': False}
    try:
        config = AutoConfig.from_pretrained(model, **common)
    except Exception as exc:  # noqa: B902 (a damaged config raises many kinds)
        raise ModelLoadError(f'cannot load the config of model {model!r} ({first_line(exc)}); '
                             f'{_how_to_provide(model, offline)}') from exc
    model_type = getattr(config, 'model_type', None)
    if model_type not in FAMILIES:
        raise ModelLoadError(f'model {model!r} is a {model_type!r} model, not an image-text '
                             f'model of a supported family ({", ".join(FAMILIES)})')
    if family is not None and family != model_type:
        raise ModelLoadError(f'model {model!r} is a {model_type} model, not {family}; '
                             f'use the {model_type} backend or a {family} checkpoint')
    family = model_type
    model_class = _model_classes()[family]
    try:
        network = load_fitting_weights(model_class, model, f'{family} model {model!r}',
                                       config=config, use_safetensors=True, dtype=torch_dtype,
                                       **common)
    except ModelLoadError:
        raise
    except weight_load_errors() as exc:
        raise ModelLoadError(f'cannot load the weights of {family} model {model!r} '
                             f'({first_line(exc)}); {_how_to_provide(model, offline)}') from exc
    try:
        tokenizer = AutoTokenizer.from_pretrained(model, **common)
    except ImportError as exc:
        raise ModelLoadError(f'cannot load the tokenizer of {model!r}: {first_line(exc)} '
                             '(SigLIP tokenizers need the sentencepiece package)') from exc
    except Exception as exc:  # noqa: B902 (damaged tokenizer files raise many kinds)
        raise ModelLoadError(f'cannot load the tokenizer of {model!r} ({first_line(exc)}); '
                             f'{_how_to_provide(model, offline)}') from exc
    _check_tokenizer(tokenizer, model)
    backend = None if importlib.util.find_spec('torchvision') else 'pil'
    try:
        image_processor = AutoImageProcessor.from_pretrained(model, backend=backend, **common)
    except Exception as exc:  # noqa: B902 (a damaged preprocessor config raises many kinds)
        raise ModelLoadError(f'cannot load the image preprocessor of {model!r} '
                             f'({first_line(exc)}); {_how_to_provide(model, offline)}') from exc
    _check_image_processor(image_processor, config, model)
    network.to(device)
    network.eval()
    encoder = ImageTextEncoder(network, tokenizer, image_processor, name=str(model),
                               family=family, device=device, dtype=torch_dtype, **encoder_options)
    encoder.check_outputs()
    return encoder

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A checkpoint's image preparation redone with torch ops, on the encoder's device.

The transformers image processors of CLIP, SigLIP and ALIGN (EfficientNet) resize with PIL on the
CPU, one image at a time. ``TorchPreprocessor`` reads the same saved settings
(preprocessor_config.json, or ``processor.to_dict()``) and makes the same choices with torch:
uint8 pixels go to the device once (pinned host memory and a non-blocking copy on CUDA), are
resized with antialiased bicubic interpolation (PIL's kernel) to whole uint8 levels as PIL's
result is, centre-cropped with the processor's offsets, rescaled and normalised. On the CPU
torch resizes the uint8 pixels themselves, in fixed point as PIL does (its kernels come from
Pillow-SIMD): within one level of PIL and about ten times faster than resizing in float, which
the GPU does (torch has no uint8 antialiased resize there), rounding to whole levels after.
Images of one size are resized together. Processors with other settings are not guessed at:
``unsupported_reason`` says why, and the caller keeps the processor.
"""

from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

# The processor classes whose steps are reproduced (torchvision 'Fast' and 'Pil' variants too).
SUPPORTED_TYPES = ('CLIPImageProcessor', 'SiglipImageProcessor', 'EfficientNetImageProcessor')
# PIL resampling codes -> torch interpolation modes.
_MODES = {3: 'bicubic', 2: 'bilinear'}


def _processor_type(config: Dict) -> str:
    name = str(config.get('image_processor_type') or '')
    for suffix in ('Fast', 'Pil'):
        if name.endswith(suffix):
            name = name[:-len(suffix)]
    return name


def _size(value, name: str) -> Dict[str, int]:
    if isinstance(value, int):
        return {'height': value, 'width': value}
    if not isinstance(value, dict):
        raise ValueError(f'{name} is {value!r}')
    return {k: int(v) for k, v in value.items() if v is not None}


def unsupported_reason(config: Dict) -> Optional[str]:
    """Return why ``config`` cannot be reproduced with torch, or None when it can."""
    kind = _processor_type(config)
    if kind not in SUPPORTED_TYPES:
        return f'image processor {config.get("image_processor_type")!r} is not reproduced'
    if config.get('do_pad'):
        return 'padding is not reproduced'
    if config.get('do_resize', True):
        if int(config.get('resample', 3)) not in _MODES:
            return f'resampling filter {config.get("resample")} is not reproduced'
        size = _size(config.get('size'), 'size')
        if not ('shortest_edge' in size and len(size) == 1) and \
                not ('height' in size and 'width' in size):
            return f'resize to {size} is not reproduced'
    if config.get('do_center_crop') and not {'height', 'width'} <= set(
            _size(config.get('crop_size'), 'crop_size')):
        return f'crop size {config.get("crop_size")} is not reproduced'
    return None


def resized_size(height: int, width: int, size: Dict[str, int]) -> Tuple[int, int]:
    """Return the (height, width) a processor resizes an image of that size to."""
    if 'shortest_edge' in size:  # transformers' get_resize_output_image_size, not square
        short, long = (width, height) if width <= height else (height, width)
        new_short, new_long = size['shortest_edge'], int(size['shortest_edge'] * long / short)
        return (new_long, new_short) if width <= height else (new_short, new_long)
    return size['height'], size['width']


class TorchPreprocessor:
    """
    Prepare RGB uint8 images as a model's pixel tensor with torch, like its image processor.

    ``config`` is the processor's dictionary (``processor.to_dict()``); ``device`` and ``dtype``
    are those of the model. Raises ValueError when ``unsupported_reason(config)`` is not None.
    ``uint8_resize`` (True on the CPU) says whether images are resized as uint8 or in float.
    """

    def __init__(self, config: Dict, device: str = 'cpu', dtype=None):
        """Read the processor settings; see the class docstring."""
        import torch
        reason = unsupported_reason(config)
        if reason:
            raise ValueError(reason)
        self.config = dict(config)
        self.device = torch.device(device)
        self.dtype = dtype or torch.float32
        self.uint8_resize = self.device.type == 'cpu'
        self.do_resize = bool(config.get('do_resize', True))
        self.size = _size(config.get('size'), 'size') if self.do_resize else None
        self.mode = _MODES[int(config.get('resample', 3))]
        self.crop = _size(config['crop_size'], 'crop_size') \
            if config.get('do_center_crop') else None
        self.scale = float(config.get('rescale_factor', 1 / 255)) \
            if config.get('do_rescale', True) else 1.0
        self.offset = 1.0 if config.get('rescale_offset') else 0.0
        mean = np.asarray(config.get('image_mean', 0.0), dtype=np.float64)
        std = np.asarray(config.get('image_std', 1.0), dtype=np.float64)
        if not config.get('do_normalize', True):
            mean, std = np.zeros(3), np.ones(3)
        if config.get('include_top') and _processor_type(config) == 'EfficientNetImageProcessor':
            std = std * std  # EfficientNet normalises a second time by the std alone
        # x * scale - offset, then (x - mean) / std, folded into one multiply and one add.
        factor = self.scale / np.broadcast_to(std, (3,))
        shift = -(self.offset + np.broadcast_to(mean, (3,))) / np.broadcast_to(std, (3,))
        self._factor = torch.tensor(factor, dtype=torch.float32).view(1, 3, 1, 1).to(self.device)
        self._shift = torch.tensor(shift, dtype=torch.float32).view(1, 3, 1, 1).to(self.device)

    def output_size(self, height: int, width: int) -> Tuple[int, int]:
        """Return the (height, width) of the pixel tensor of an image of that size."""
        if self.do_resize:
            height, width = resized_size(height, width, self.size)
        if self.crop:
            height, width = self.crop['height'], self.crop['width']
        return height, width

    def _upload(self, images: List[np.ndarray]):
        """Return the images as one (N, 3, H, W) tensor on the device (uint8 or float32)."""
        import torch
        if self.device.type == 'cuda':  # one copy into pinned memory, then a non-blocking upload
            host = torch.empty((len(images),) + tuple(images[0].shape), dtype=torch.uint8,
                               pin_memory=True)
            staging = host.numpy()
            for row, image in enumerate(images):
                staging[row] = image
            batch = host.to(self.device, non_blocking=True)
        else:
            batch = torch.from_numpy(np.stack(images))
        batch = batch.permute(0, 3, 1, 2)  # channels last in memory, as the uint8 kernels like
        return batch if self.uint8_resize else batch.float()

    def _resize_and_crop(self, pixels):
        import torch
        height, width = pixels.shape[-2:]
        if self.do_resize:
            target = resized_size(height, width, self.size)
            if target != (height, width):
                pixels = torch.nn.functional.interpolate(
                    pixels, size=target, mode=self.mode, align_corners=False, antialias=True)
                if pixels.is_floating_point():
                    pixels = pixels.clamp_(0, 255).round_()  # PIL resizes to uint8 levels
            height, width = target
        if self.crop:
            crop_h, crop_w = self.crop['height'], self.crop['width']
            pad_h, pad_w = max(0, crop_h - height), max(0, crop_w - width)
            if pad_h or pad_w:  # transformers pads a too-small image with zeros, centred
                pixels = torch.nn.functional.pad(
                    pixels, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2))
                height, width = pixels.shape[-2:]
            top, left = (height - crop_h) // 2, (width - crop_w) // 2
            pixels = pixels[..., top:top + crop_h, left:left + crop_w]
        return pixels

    def __call__(self, images: Sequence[np.ndarray]):
        """Return the (N, 3, H, W) pixel tensor of RGB uint8 images, on the device and dtype."""
        import torch
        groups: Dict[Tuple[int, int], List[int]] = {}
        for index, image in enumerate(images):
            groups.setdefault(tuple(image.shape[:2]), []).append(index)
        out = [None] * len(images)
        with torch.inference_mode():
            for indices in groups.values():
                pixels = self._resize_and_crop(self._upload([images[i] for i in indices]))
                pixels = (pixels.float() * self._factor + self._shift).to(self.dtype)
                for row, index in enumerate(indices):
                    out[index] = pixels[row]
            return torch.stack(out)


def torch_preprocessor(processor, device: str, dtype) -> Tuple[Optional[TorchPreprocessor], str]:
    """Return (TorchPreprocessor or None, why not) for a transformers image processor."""
    config = processor.to_dict() if hasattr(processor, 'to_dict') else dict(processor)
    reason = unsupported_reason(config)
    if reason:
        return None, reason
    return TorchPreprocessor(config, device, dtype), ''

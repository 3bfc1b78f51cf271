# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
A multi-image vision-language model (Qwen2-VL, SmolVLM, Idefics, LLaVA, ...) asked about pairs.

``VlmCaptioner`` loads any transformers image-text-to-text checkpoint by hub id or directory and
asks it questions about two images shown side by side in one prompt, decoded greedily. It is the
paper's Task 2 set-up: the pair, the object class name and one attribute (with the aspects the
annotation guideline counts for it, Table I) go in, a free-form comparative sentence comes out.
"""

import importlib.util
from typing import Optional, Sequence

import numpy as np

from ..image_text.encoder import load_fitting_weights
from ..loading import (check_model_path, first_line, how_to_provide, offline_requested,
                       quiet_loading, resolve_device)
from ...core.compute_thread import on_compute_thread
from ...core.errors import ModelLoadError, SubtleDiffError, weight_load_errors
from ...vision.image_io import as_rgb_image

# What each attribute covers in the Subtle-Diff annotation guideline (the paper's Table I).
ATTRIBUTE_ASPECTS = {
    'color': 'color, hue, brightness, cool or warm, saturation, color scheme',
    'shape': ('roundness, sharpness, curvature, width, narrowness, length, shortness, size of '
              'component parts, presence of component parts'),
    'texture': 'roughness, glossiness',
}

# How the images of a captioning prompt are named: the names the answer sentence uses.
CAPTION_LABELS = ('Image 1', 'Image 2')

CAPTION_QUESTION = (
    'Describe the difference in {attribute} ({aspects}) of the {thing} between Image 1 and '
    'Image 2 in one comparative sentence, such as "The {thing} in Image 1 is {example} than in '
    'Image 2." Ignore the background.')

# A comparative of each attribute for the example sentence of the prompt.
_EXAMPLES = {'color': 'darker', 'shape': 'rounder', 'texture': 'glossier'}


def caption_question(attribute: str, object_name: Optional[str] = None) -> str:
    """Return the Task 2 question about ``attribute`` of ``object_name`` in Image 1 and 2."""
    if attribute not in ATTRIBUTE_ASPECTS:
        raise SubtleDiffError(f'unknown attribute {attribute!r}: expected one of '
                              f'{", ".join(ATTRIBUTE_ASPECTS)}')
    thing = object_name.strip() if object_name and object_name.strip() else 'object'
    return CAPTION_QUESTION.format(attribute=attribute, aspects=ATTRIBUTE_ASPECTS[attribute],
                                   thing=thing, example=_EXAMPLES[attribute])


def _how_to_provide(model: str, offline: bool) -> str:
    return how_to_provide(model, offline, 'a multi-image vision-language model',
                          ('Qwen/Qwen2-VL-2B-Instruct', 'HuggingFaceTB/SmolVLM-Instruct',
                           'llava-hf/llava-1.5-7b-hf'))


class VlmCaptioner:
    """
    Ask a loaded image-text-to-text model about two images at once.

    Attributes: ``name`` (hub id or directory), ``model_type`` (the config's model type),
    ``device``, ``dtype``, ``max_new_tokens``, ``network`` and ``processor`` (the loaded
    transformers objects). Decoding is greedy, so the same pair and question give the same answer.
    """

    def __init__(self, model: str, device: str = 'auto', offline: bool = False,
                 max_new_tokens: int = 40):
        """
        Load ``model`` (a hub id or a local directory) with its processor.

        ``offline`` (or HF_HUB_OFFLINE=1) uses local files only. ``device='auto'`` takes CUDA when
        present (float16 there), else the CPU (float32). Weights are read from safetensors only
        and no remote code is run. Missing or unloadable weights raise ModelLoadError naming the
        model and saying how to provide it.
        """
        if not model or not str(model).strip():
            raise SubtleDiffError('the VLM captioner needs a model: a hub id or a local '
                                  'checkpoint directory (no default VLM is bundled)')
        if int(max_new_tokens) < 1:
            raise SubtleDiffError(f'max_new_tokens must be at least 1, got {max_new_tokens}')
        check_model_path(str(model))
        import torch
        from transformers import AutoConfig, AutoModelForImageTextToText, AutoProcessor
        from transformers.models.auto.modeling_auto import (
            MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES as IMAGE_TEXT_TO_TEXT_TYPES)
        self.name = str(model)
        self.max_new_tokens = int(max_new_tokens)
        offline = offline_requested(offline)
        self.device = resolve_device(device)
        self.dtype = torch.float16 if self.device.startswith('cuda') else torch.float32
        common = {'local_files_only': offline, 'trust_remote_code': False}
        quiet_loading()
        try:
            config = AutoConfig.from_pretrained(self.name, **common)
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f'cannot load the config of VLM {self.name!r} '
                                 f'({first_line(exc)}); {_how_to_provide(self.name, offline)}'
                                 ) from exc
        self.model_type = getattr(config, 'model_type', None)
        if self.model_type not in IMAGE_TEXT_TO_TEXT_TYPES:
            raise ModelLoadError(f'model {self.name!r} is a {self.model_type!r} model, not an '
                                 'image-text-to-text model such as Qwen2-VL, SmolVLM, Idefics or '
                                 'LLaVA')
        try:
            network = on_compute_thread(load_fitting_weights, AutoModelForImageTextToText,
                                        self.name, f'VLM {self.name!r}', config=config,
                                        use_safetensors=True, dtype=self.dtype, **common)
        except ModelLoadError:
            raise
        except weight_load_errors() as exc:
            raise ModelLoadError(f'cannot load the weights of VLM {self.name!r} '
                                 f'({first_line(exc)}); {_how_to_provide(self.name, offline)}'
                                 ) from exc
        # Without torchvision the image processors' PIL backend is the one that works.
        backend = {} if importlib.util.find_spec('torchvision') else {'backend': 'pil'}
        try:
            processor = AutoProcessor.from_pretrained(self.name, **backend, **common)
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f'cannot load the processor of VLM {self.name!r} '
                                 f'({first_line(exc)}); {_how_to_provide(self.name, offline)}'
                                 ) from exc
        if getattr(processor, 'image_processor', None) is None or \
                getattr(processor, 'tokenizer', None) is None:
            raise ModelLoadError(f'the processor of {self.name!r} ({type(processor).__name__}) '
                                 'lacks an image processor or a tokenizer')
        self.processor = processor
        self.network = network.to(self.device).eval()

    def prompt_inputs(self, images: Sequence, labels: Sequence[str], question: str):
        """
        Return the processor's model inputs of one user turn: each label, its image, a question.

        ``images`` are PIL images. The model's chat template lays the turn out when it has one;
        otherwise the prompt is "<label>: <image token> ... <question>".
        """
        if getattr(self.processor, 'chat_template', None):
            content = []
            for label, image in zip(labels, images):
                content.append({'type': 'text', 'text': f'{label}: '})
                content.append({'type': 'image', 'image': image})
                content.append({'type': 'text', 'text': ' '})
            content.append({'type': 'text', 'text': question})
            messages = [{'role': 'user', 'content': content}]
            return self.processor.apply_chat_template(
                messages, add_generation_prompt=True, tokenize=True, return_dict=True,
                return_tensors='pt')
        token = getattr(self.processor, 'image_token', None) or '<image>'
        prompt = ' '.join(f'{label}: {token}' for label in labels) + ' ' + question
        return self.processor(text=prompt, images=list(images), return_tensors='pt')

    def ask(self, images: Sequence[np.ndarray], labels: Sequence[str], question: str) -> str:
        """
        Return the model's greedy answer to ``question`` about images shown as ``labels``.

        Images are RGB arrays (see ``image_io.as_rgb_image``); the prompt reads
        "<label 1>: <image> <label 2>: <image> <question>" in the model's chat template.
        """
        import torch
        from PIL import Image
        if len(images) != len(labels):
            raise SubtleDiffError(f'{len(images)} images given for {len(labels)} labels')
        pictures = [Image.fromarray(as_rgb_image(image, name=label))
                    for image, label in zip(images, labels)]
        try:
            inputs = self.prompt_inputs(pictures, labels, question)
        except ValueError as exc:
            raise SubtleDiffError(f'the processor of {self.name!r} cannot put {len(images)} '
                                  f'images in one prompt ({first_line(exc)})') from exc
        inputs = inputs.to(self.device, dtype=self.dtype)

        def generate():
            with torch.inference_mode():
                return self.network.generate(**inputs, max_new_tokens=self.max_new_tokens,
                                             do_sample=False, num_beams=1, temperature=None,
                                             top_p=None, top_k=None)
        output = on_compute_thread(generate)
        prompt_length = inputs['input_ids'].shape[1]
        return self.processor.decode(output[0, prompt_length:], skip_special_tokens=True).strip()

    def caption(self, image_1: np.ndarray, image_2: np.ndarray, attribute: str,
                object_name: Optional[str] = None) -> str:
        """Return the model's raw sentence on how ``object_name`` differs in ``attribute``."""
        return self.ask([image_1, image_2], CAPTION_LABELS,
                        caption_question(attribute, object_name))

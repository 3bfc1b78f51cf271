# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The VLM captioner (a tiny LLaVA built offline) and the vlm backend's reading of its answers."""

import os
import shutil

import numpy as np
import pytest
from subtle_diff_ros.backends.base import create_backend
from subtle_diff_ros.backends.vlm.backend import (first_sentence, normalise_caption, read_answer,
                                                  SELECTION_LABELS, VlmBackend)
from subtle_diff_ros.backends.vlm.captioner import caption_question, VlmCaptioner
from subtle_diff_ros.core.errors import ModelLoadError, SubtleDiffError
from subtle_diff_ros.core.query import ASKED
from subtle_diff_ros.core.wording import no_difference_sentence
from subtle_diff_ros.text import parse_difference
from tiny_models import build_tiny_clip, build_tiny_llava

IMAGE_TOKENS_PER_IMAGE = (32 // 8) ** 2


def _pair():
    rng = np.random.default_rng(0)
    dark = rng.integers(0, 100, (40, 48, 3), dtype=np.uint8)
    return dark, (dark + 120).astype(np.uint8)


@pytest.fixture(scope='module')
def tiny_llava_dir(tmp_path_factory):
    return build_tiny_llava(str(tmp_path_factory.mktemp('tiny_llava')))


@pytest.fixture(scope='module')
def captioner(tiny_llava_dir, test_device):
    import torch
    torch.set_num_threads(2)
    return VlmCaptioner(tiny_llava_dir, device=test_device, offline=True, max_new_tokens=6)


def test_tiny_vlm_loads_and_captions_deterministically(captioner):
    image_1, image_2 = _pair()
    first = captioner.caption(image_1, image_2, 'color', 'cup')
    assert isinstance(first, str) and first
    assert captioner.caption(image_1, image_2, 'color', 'cup') == first
    assert captioner.model_type == 'llava'


def test_prompt_holds_both_images_and_the_paper_question(captioner):
    from PIL import Image
    pictures = [Image.fromarray(image) for image in _pair()]
    question = caption_question('texture', 'vase')
    inputs = captioner.prompt_inputs(pictures, ('Image 1', 'Image 2'), question)
    assert tuple(inputs['pixel_values'].shape[:2]) == (2, 3)
    ids = inputs['input_ids'][0].tolist()
    image_token = captioner.network.config.image_token_index
    assert ids.count(image_token) == 2 * IMAGE_TOKENS_PER_IMAGE
    # The CLIP BPE vocabulary lower-cases and splits punctuation: compare without spaces.
    text = ''.join(captioner.processor.decode(ids, skip_special_tokens=True).split())
    for words in ('user:image1:image2:describe', 'texture(roughness,glossiness)ofthevase',
                  'assistant:'):
        assert words in text


def test_processor_without_chat_template_still_captions(captioner, monkeypatch):
    monkeypatch.setattr(captioner.processor, 'chat_template', None)
    from PIL import Image
    pictures = [Image.fromarray(image) for image in _pair()]
    inputs = captioner.prompt_inputs(pictures, SELECTION_LABELS, 'Which is darker?')
    ids = inputs['input_ids'][0].tolist()
    assert ids.count(captioner.network.config.image_token_index) == 2 * IMAGE_TOKENS_PER_IMAGE
    text = ''.join(captioner.processor.decode(ids, skip_special_tokens=True).split())
    assert 'imagea:imageb:whichisdarker?' in text and 'assistant' not in text
    answer = captioner.ask(list(_pair()), SELECTION_LABELS, 'Which is darker?')
    assert isinstance(answer, str)


def test_missing_weights_name_the_model(tiny_llava_dir, tmp_path):
    no_weights = tmp_path / 'vlm_without_weights'
    shutil.copytree(tiny_llava_dir, no_weights)
    os.remove(no_weights / 'model.safetensors')
    with pytest.raises(ModelLoadError, match='vlm_without_weights') as error:
        VlmCaptioner(str(no_weights), device='cpu', offline=True)
    assert 'save_pretrained' in str(error.value)
    with pytest.raises(ModelLoadError, match='no-such/vlm') as error:
        VlmCaptioner('no-such/vlm', device='cpu', offline=True)
    assert 'offline' in str(error.value)


def test_a_model_path_with_no_directory_is_named(tmp_path):
    missing = str(tmp_path / 'no_vlm_here')
    with pytest.raises(ModelLoadError, match=f'^no model directory at {missing}$'):
        VlmCaptioner(missing, device='cpu', offline=True)


def test_an_image_text_encoder_is_not_a_captioner(tmp_path):
    clip = build_tiny_clip(str(tmp_path / 'clip'))
    with pytest.raises(ModelLoadError, match='image-text-to-text'):
        VlmCaptioner(clip, device='cpu', offline=True)


def test_create_backend_vlm_needs_a_model_and_loads_one(tiny_llava_dir, test_device):
    with pytest.raises(SubtleDiffError, match='needs a model'):
        create_backend('vlm')
    backend = create_backend('vlm', model=tiny_llava_dir, device=test_device, offline=True)
    assert isinstance(backend, VlmBackend) and backend.name == 'vlm'
    assert backend.captioner.name == tiny_llava_dir and backend.captioner.device == test_device
    backend.captioner.max_new_tokens = 6
    image_1, image_2 = _pair()
    raw = backend.captioner.caption(image_1, image_2, 'shape', 'cup')
    description = backend.describe(image_1, image_2, 'shape', 'cup')
    assert description.sentence == normalise_caption(raw, 'shape', 'cup').sentence
    assert description.backend == 'vlm' and description.image_size == (48, 40)


class FakeCaptioner:
    """A captioner whose answers the test sets, recording what it was asked."""

    def __init__(self, answer):
        self.answer = answer
        self.calls = []

    def ask(self, images, labels, question):
        self.calls.append((len(images), tuple(labels), question))
        return self.answer

    def caption(self, image_1, image_2, attribute, object_name=None):
        self.calls.append((attribute, object_name))
        return self.answer


@pytest.mark.parametrize('caption, attribute, object_name, sentence, axis, direction', [
    ('Image 2 is darker than image 1.', 'color', 'cup',
     'The cup in Image 1 is brighter than in Image 2.', 'brightness', 1),
    ('The cup in Image 1 is glossier than in Image 2. The rim is chipped.', 'texture', 'cup',
     'The cup in Image 1 is glossier than in Image 2.', 'glossiness', 1),
    ('The handle of the mug in Image 2 is shinier than in Image 1.', 'texture', None,
     'The handle of the mug in Image 1 is more matte than in Image 2.', 'glossiness', -1),
    ('The two cups are the same shape, but Image 1 is rounder at the rim.', 'shape', 'cup',
     'The cup in Image 1 is rounder than in Image 2.', 'roundness', 1),
    ('Image 2 is less red than Image 1.', 'color', 'car',
     'The car in Image 1 is more reddish than in Image 2.', 'hue', 1),
    # Not re-worded: no known difference word; the wrong attribute; a hue about Image 2.
    ('The cup on the left has a different pattern.', 'color', 'cup',
     'The cup on the left has a different pattern.', None, 0),
    ('Image 1 is rounder than Image 2.', 'color', 'cup',
     'Image 1 is rounder than Image 2.', None, 0),
    ('Image 2 is redder than Image 1.', 'color', 'car',
     'Image 2 is redder than Image 1.', 'hue', -1),
])
def test_captions_are_reworded_about_image_1(caption, attribute, object_name, sentence, axis,
                                             direction):
    fake = FakeCaptioner(caption)
    description = VlmBackend(fake).describe(*_pair(), attribute, object_name)
    assert fake.calls == [(attribute, object_name)]
    assert (description.sentence, description.axis, description.direction) == \
        (sentence, axis, direction)
    assert description.no_difference is False and description.attribute == attribute


@pytest.mark.parametrize('caption', [
    'There is no difference.', 'There is no noticeable difference in color between them.',
    'Both images look identical', 'Image 1 and Image 2 look the same.'])
def test_plain_no_difference_abstains(caption):
    description = VlmBackend(FakeCaptioner(caption)).describe(*_pair(), 'color', 'cup')
    assert description.no_difference is True
    assert description.sentence == no_difference_sentence('color')
    assert description.axis is None and description.direction == 0


def test_describe_rejects_empty_captions_and_unknown_attributes():
    with pytest.raises(SubtleDiffError, match='empty caption'):
        VlmBackend(FakeCaptioner('  \n ')).describe(*_pair(), 'color')
    with pytest.raises(SubtleDiffError, match='unknown attribute'):
        VlmBackend(FakeCaptioner('Image 1 is darker.')).describe(*_pair(), 'smell')


def test_first_sentence_and_answers():
    assert first_sentence('\nImage 1 is darker than Image 2. It is shiny.') == \
        'Image 1 is darker than Image 2.'
    answers = {'Image B': 1, 'image a is darker': 0, '(B)': 1, 'A.': 0, 'B is darker': 1,
               'The second image.': 1, 'The first one': 0, 'a cup': None, 'Image 2': None,
               'I cannot tell': None}
    assert {text: read_answer(text) for text in answers} == answers


def test_select_maps_the_answer_to_a_choice():
    query = parse_difference('The cup in Image 1 is darker than in Image 2.')
    fake = FakeCaptioner('Image B')
    result = VlmBackend(fake).select(list(_pair()), query)
    assert (result.choice, result.scores, result.method, result.backend) == \
        (1, [0.0, 1.0], 'vlm', 'vlm')
    assert result.margin == 1.0 and 0.5 < result.confidence < 1.0
    count, labels, question = fake.calls[0]
    assert (count, labels) == (2, SELECTION_LABELS)
    assert 'The cup in Image 1 is darker than in Image 2.' in question and 'Image 1' in question


def test_select_about_image_2_and_commands_take_the_named_image():
    about_2 = parse_difference('Image 2 is rounder than image 1.')
    assert VlmBackend(FakeCaptioner('Image A')).select(list(_pair()), about_2).choice == 0
    command = parse_difference('pick the glossier mug')
    assert command.subject == ASKED
    fake = FakeCaptioner('The second one.')
    assert VlmBackend(fake).select(list(_pair()), command).choice == 1
    assert 'pick the glossier mug' in fake.calls[0][2]


def test_unreadable_answers_are_a_coin_flip_and_pairs_only():
    query = parse_difference('The cup in Image 1 is darker than in Image 2.')
    # The candidates are shown as Image A and B, so "Image 2" names neither of them.
    for answer in ('Image 2', 'I am not sure.'):
        result = VlmBackend(FakeCaptioner(answer)).select(list(_pair()), query)
        assert (result.choice, result.scores, result.confidence) == (0, [0.0, 0.0], 0.5)
    with pytest.raises(SubtleDiffError, match='exactly two'):
        VlmBackend(FakeCaptioner('Image A')).select(list(_pair()) + [_pair()[0]], query)
    with pytest.raises(SubtleDiffError, match='no method'):
        VlmBackend(FakeCaptioner('Image A')).select(list(_pair()), query, method='sd')

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Selection and description with an image-text model (CLIP, ALIGN or SigLIP).

Selection follows the Subtle-Diff paper: P_S scores sim(I, T1), P_SD scores
sim(I, T1) - sim(I, T2), and the ensemble averages both over prompt templates. A text the parser
could not read (``DifferenceQuery.parsed`` False) is scored as it is, with P_S on the text
itself and no prompt template: the templates frame short noun phrases ("a photo of a
dark-colored cup"), and a whole command ("the one with the chipped rim") does not fit them.
Description probes each axis of an attribute with its two pole phrases (P_SD-style) and words
the axis on which image 1 and image 2 differ most.
"""

from typing import Optional, Sequence

import numpy as np

from .encoder import ImageTextEncoder
from .scoring import DEFAULT_METHODS, require_method, score_ensemble, score_s, score_sd
from ...core.axes import ATTRIBUTE_AXES, AXES, HUES, require_attribute
from ...core.decide import decide, require_finite
from ...core.errors import SubtleDiffError
from ...core.query import DifferenceQuery
from ...core.results import AxisMeasurement, DifferenceDescription, SelectionResult
from ...core.wording import comparative_sentence, no_difference_sentence
from ...vision.image_io import crop_images

DEFAULT_TEMPLATES = (
    'a photo of a {}.',
    'a close-up photo of a {}.',
    'a photo of the {}.',
    'a cropped photo of a {}.',
    'a good photo of a {}.',
    'a bright photo of a {}.',
    'a dark photo of a {}.',
    'a photo of one {}.',
)


class ImageTextBackend:
    """
    A DifferenceBackend built on an ImageTextEncoder.

    templates: prompt templates with one ``{}`` for the short text; 's' and 'sd' use the first,
        'ensemble' and ``describe`` use all of them.
    default_method: the method when ``select`` is given none (default: the paper's better
        formula for the encoder's family).
    no_difference_threshold: the smallest |P_SD(image 1) - P_SD(image 2)| on the best axis, in
        cosine-similarity units, that ``describe`` words as a difference.
    crop_padding: the margin kept around a mask's bounding box, as a fraction of the box.

    Confidences are softmax probabilities of the scores times the model's learned logit scale
    (CLIP's own calibration of cosine similarities), i.e. temperature = 1 / logit_scale.
    """

    # Texts the parser could not read are scored as they are (P_S on the raw text).
    reads_raw_text = True

    def __init__(self, encoder: ImageTextEncoder, name: Optional[str] = None,
                 templates: Optional[Sequence[str]] = None, default_method: Optional[str] = None,
                 no_difference_threshold: float = 0.002, crop_padding: float = 0.1):
        """Use ``encoder`` for every embedding; see the class docstring for the options."""
        self.encoder = encoder
        self.name = name or encoder.family
        self.templates = tuple(templates) if templates else DEFAULT_TEMPLATES
        for template in self.templates:
            if template.count('{}') != 1:
                raise SubtleDiffError(f'prompt template {template!r} needs exactly one {{}}')
        family = getattr(encoder, 'family', None)
        self.default_method = require_method(default_method or DEFAULT_METHODS.get(family, 'sd'))
        self.no_difference_threshold = float(no_difference_threshold)
        self.crop_padding = float(crop_padding)

    @property
    def model(self) -> str:
        """Return the checkpoint the encoder runs (hub id or directory)."""
        return self.encoder.name

    @property
    def device(self) -> str:
        """Return the device the encoder computes on."""
        return str(self.encoder.device)

    @property
    def temperature(self) -> float:
        """Return the softmax temperature of confidences: 1 / the model's logit scale."""
        return 1.0 / max(float(self.encoder.logit_scale), 1e-6)

    def select(self, images: Sequence[np.ndarray], query: DifferenceQuery,
               method: Optional[str] = None, masks=None) -> SelectionResult:
        """Choose the image the query describes among N >= 2 candidates."""
        method = require_method(method or self.default_method)
        crops, (positive_texts, negative_texts) = self._select_inputs(images, query, method,
                                                                      masks)
        features = self.encoder.encode_images(crops)
        positive = self.encoder.encode_texts(positive_texts)
        if not query.parsed:
            # Text the parser could not read: P_S of the text itself (no template, no pair).
            scores, method = score_s(features, positive[0]), 's'
        elif method == 's':
            scores = score_s(features, positive[0])
        elif method == 'sd':
            scores = score_sd(features, positive[0], self.encoder.encode_texts(negative_texts)[0])
        else:
            scores = score_ensemble(features, positive, self.encoder.encode_texts(negative_texts))
        choice, margin, confidence = decide(scores, query.subject, self.temperature, query.rank,
                                            query.excluded, query.only)
        return SelectionResult(choice=choice, scores=[float(s) for s in scores], margin=margin,
                               confidence=confidence, method=method, backend=self.name,
                               query=query)

    def _select_inputs(self, images, query: DifferenceQuery, method: str, masks=None):
        """Return (image crops, (positive texts, negative texts)) a selection encodes."""
        if not query.parsed:
            if not query.positive_text.strip():
                raise SubtleDiffError('the query has no text to score')
            return crop_images(images, masks, self.crop_padding), ([query.positive_text], [])
        if not query.positive_text.strip() or not query.negative_text.strip():
            raise SubtleDiffError('the query has an empty text pair')
        templates = self.templates if method == 'ensemble' else self.templates[:1]
        return crop_images(images, masks, self.crop_padding), (
            [t.format(query.positive_text) for t in templates],
            [t.format(query.negative_text) for t in templates])

    def select_inputs(self, images: Sequence[np.ndarray], query: DifferenceQuery,
                      method: Optional[str] = None, masks=None):
        """
        Return (images, texts) that ``select`` will encode, without encoding them.

        A request batcher encodes those of several requests in one call before answering each.
        """
        crops, (positive, negative) = self._select_inputs(
            images, query, require_method(method or self.default_method), masks)
        return crops, positive + negative

    def describe_inputs(self, image_1: np.ndarray, image_2: np.ndarray, masks=None):
        """Return (images, texts) that ``describe`` will encode first (texts are cached)."""
        return crop_images([image_1, image_2], masks, self.crop_padding), []

    def prefetch(self, images: Sequence[np.ndarray], texts: Sequence[str]) -> None:
        """Encode images and texts in batches into the encoder's caches."""
        self.encoder.encode_images(images)
        self.encoder.encode_texts(texts)

    def _pole_scores(self, features: np.ndarray, more: str, less: str) -> np.ndarray:
        """Return P_SD(more pole, less pole) per image, averaged over the templates."""
        positive = self.encoder.encode_texts([t.format(more) for t in self.templates])
        negative = self.encoder.encode_texts([t.format(less) for t in self.templates])
        return np.mean([score_sd(features, p, n) for p, n in zip(positive, negative)], axis=0)

    def _hue_scores(self, features: np.ndarray, thing: str):
        """
        Return (per-image scores, hue name) for the colour image 1 leans toward.

        Each colour's score is its similarity minus the mean similarity of all the colours, so
        it says how much more that colour fits than colours in general.
        """
        texts = [t.format(f'{colour} {thing}') for colour in HUES for t in self.templates]
        embedded = self.encoder.encode_texts(texts).reshape(len(HUES), len(self.templates), -1)
        sims = np.einsum('id,ctd->ict', features.astype(np.float64), embedded).mean(axis=2)
        relative = sims - sims.mean(axis=1, keepdims=True)
        best = int(np.argmax(relative[0] - relative[1]))
        return relative[:, best], list(HUES)[best]

    def describe(self, image_1: np.ndarray, image_2: np.ndarray, attribute: str,
                 object_name: Optional[str] = None, masks=None) -> DifferenceDescription:
        """Say in one comparative sentence how image 1 differs from image 2 in ``attribute``."""
        require_attribute(attribute)
        image_size = (int(np.shape(image_1)[1]), int(np.shape(image_1)[0])) \
            if np.ndim(image_1) >= 2 else (0, 0)
        features = self.encoder.encode_images(
            crop_images([image_1, image_2], masks, self.crop_padding))
        thing = object_name.strip() if object_name and object_name.strip() else 'object'
        measurements, hue_word = [], None
        for axis_name in ATTRIBUTE_AXES[attribute]:
            axis = AXES[axis_name]
            if axis_name == 'hue':
                values, hue_word = self._hue_scores(features, thing)
            else:
                values = self._pole_scores(features, f'{axis.pole_more} {thing}',
                                           f'{axis.pole_less} {thing}')
            # embeddings are checked by the encoder; a NaN here said "no noticeable difference"
            values = require_finite(values, f"the {self.name} backend's description scores",
                                    'damaged model weights or a float16 overflow')
            difference = float(values[0] - values[1])
            measurements.append(AxisMeasurement(
                axis=axis_name, value_1=float(values[0]), value_2=float(values[1]),
                difference=difference, threshold=self.no_difference_threshold,
                noticeable=abs(difference) >= self.no_difference_threshold,
                unit='cosine similarity'))
        best = max(measurements, key=lambda m: abs(m.difference))
        if not best.noticeable:
            return DifferenceDescription(sentence=no_difference_sentence(attribute),
                                         no_difference=True, attribute=attribute,
                                         measurements=measurements, backend=self.name,
                                         image_size=image_size)
        direction = 1 if best.difference > 0 else -1
        sentence = comparative_sentence(best.axis, direction, object_name,
                                        hue=hue_word if best.axis == 'hue' else None)
        return DifferenceDescription(sentence=sentence, no_difference=False,
                                     attribute=attribute, axis=best.axis, direction=direction,
                                     measurements=measurements, backend=self.name,
                                     image_size=image_size)

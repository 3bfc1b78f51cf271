# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Pairs of real object photos with one edit of known axis, direction and magnitude.

Give a folder of object photos (searched recursively). Masks are read from ``masks/<stem>-map.png``
beside a photo (the ETH-80 layout) or from a masks folder; otherwise the object is found with
``object_mask.object_mask``. Every edit acts inside the object only and is sized in a perceptual
unit; the magnitudes are multiples of a just-noticeable difference (JND):

=============  =========================================  ===================================
edit           what changes                               magnitude (JND)
=============  =========================================  ===================================
darker         L* scaled toward 0                         mean |dL*| on the object (2.2)
lighter        L* scaled toward 100                       mean |dL*| on the object (2.2)
more/less sat  chroma (a*, b*) scaled up / down           mean dC* on the object (2.2)
warmer/cooler  (a*, b*) shifted toward / from orange      mean shift in (a*, b*) (2.2)
wider/narrower horizontal scale about the object centre   relative change of 4 std of the
                                                          object's x coordinates (3 %)
larger/smaller uniform scale about the object centre      relative linear size change (3 %)
rounder        silhouette smoothed (Gaussian, re-cut at   relative rise of circularity
               0.5): corners round off, thin parts stay   4 pi A / P^2 of the outer outline,
                                                          traced sub-pixel (3 %)
rougher        band-pass noise added to L*                relative rise of texture contrast
                                                          (15 %)
smoother       edge-preserving (bilateral) smoothing      relative fall of texture contrast
                                                          (15 %)
glossier       white specular blobs blended in            rise of highlight strength (0.4)
more matte     highlights (over 2 L* above a grey         fall of highlight strength (0.4)
               opening) cut down
=============  =========================================  ===================================

Texture contrast is the robust RMS (1.4826 x MAD) of band-pass L* on the object, with a floor of
2 L* added in quadrature. Highlight strength is the mean, on the object, of how far smoothed L*
(Gaussian, 1.2 px) stands above its grey opening (a disc of 0.15 times the object's size, the
background counted as white): how much small bright spots stand out.

The colour JND is the picture-level perceptibility threshold of about 2.2 Delta E*ab (Stokes,
Fairchild and Berns 1992); the 3 % for sizes is a typical Weber fraction for length, 15 % a typical
Weber fraction for texture contrast; the gloss JND is our choice (a few small highlights, checked
by eye on renders). Rounder is the only silhouette edit we can make honestly: smoothing removes
corners (and cannot add them), so "more angular" sentences come from putting the unedited photo
on the Image 1 side. An edit that cannot reach its magnitude on a photo (a white cup cannot get
much lighter, a smooth one cannot get smoother) is skipped, not faked. Shape edits cut the object
out, fill the background it leaves by normalised convolution and paste the scaled object back.
Magnitudes are solved per photo (the edit parameter is searched until the measured change hits
the target within 5 %), so the stated magnitude is the one reached.

Nuisances: small shifts, sensor noise and JPEG, and another view of the same object as the
unedited side. Another view is used for an edit only where its natural change on the edited axis
(as measured here) is at most half the edit's magnitude, and for a control only where it is under
half a JND on every axis: farther views differ by more than the edits and would make the answer
wrong. Controls are unedited pairs of the same object (such a view pair, or one view with
nuisances).
"""

from dataclasses import dataclass
import os
import re
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from ..axes import AXES
from ..errors import SubtleDiffError
from ..image_io import load_image
from ..measurements import outline_circularity
from ..object_mask import object_mask
from ..query import DifferenceQuery
from ..wording import no_difference_sentence

IMAGE_EXTENSIONS = ('.png', '.jpg', '.jpeg', '.bmp', '.ppm', '.tif', '.tiff')
# Magnitudes as multiples of the JND; LEVEL_NAMES[1] is the JND itself.
LEVELS = (0.5, 1.0, 2.0, 4.0)
LEVEL_NAMES = ('half-jnd', 'jnd', '2-jnd', '4-jnd')
# How much of the requested magnitude an edit must reach to count.
REACHED = 0.9


@dataclass(frozen=True)
class EditKind:
    """One kind of edit: the axis it moves, in which direction, in what unit, and its JND."""

    name: str
    axis: str
    direction: int
    unit: str
    jnd: float

    @property
    def attribute(self) -> str:
        """Return the Subtle-Diff attribute of the edited axis."""
        return AXES[self.axis].attribute


EDIT_KINDS: Tuple[EditKind, ...] = (
    EditKind('darker', 'brightness', -1, 'mean |dL*|', 2.2),
    EditKind('lighter', 'brightness', 1, 'mean |dL*|', 2.2),
    EditKind('more_saturated', 'saturation', 1, 'mean dC*', 2.2),
    EditKind('less_saturated', 'saturation', -1, 'mean dC*', 2.2),
    EditKind('warmer', 'warmth', 1, 'mean warm shift of (a*, b*)', 2.2),
    EditKind('cooler', 'warmth', -1, 'mean warm shift of (a*, b*)', 2.2),
    EditKind('wider', 'width', 1, 'relative width change', 0.03),
    EditKind('narrower', 'width', -1, 'relative width change', 0.03),
    EditKind('larger', 'size', 1, 'relative size change', 0.03),
    EditKind('smaller', 'size', -1, 'relative size change', 0.03),
    EditKind('rounder', 'roundness', 1, 'relative circularity change', 0.03),
    EditKind('rougher', 'roughness', 1, 'relative band-pass L* RMS change', 0.15),
    EditKind('smoother', 'roughness', -1, 'relative band-pass L* RMS change', 0.15),
    EditKind('glossier', 'glossiness', 1, 'mean highlight dL*', 0.4),
    EditKind('more_matte', 'glossiness', -1, 'mean highlight dL*', 0.4),
)
EDITS_BY_NAME: Dict[str, EditKind] = {kind.name: kind for kind in EDIT_KINDS}
# JND of each axis, in the units of its edits (for the "another view" test).
AXIS_JND: Dict[str, float] = {kind.axis: kind.jnd for kind in EDIT_KINDS}

# Comparative words for sentences; the first is the one used in reference captions.
COMPARATIVES: Dict[Tuple[str, int], Tuple[str, ...]] = {
    ('brightness', 1): ('lighter', 'brighter'), ('brightness', -1): ('darker',),
    ('saturation', 1): ('more saturated', 'more vivid'), ('saturation', -1): ('less saturated',),
    ('warmth', 1): ('warmer',), ('warmth', -1): ('cooler',),
    ('width', 1): ('wider',), ('width', -1): ('narrower',),
    ('size', 1): ('larger', 'bigger'), ('size', -1): ('smaller',),
    ('roundness', 1): ('rounder',), ('roundness', -1): ('more angular',),
    ('roughness', 1): ('rougher',), ('roughness', -1): ('smoother',),
    ('glossiness', 1): ('glossier', 'shinier'), ('glossiness', -1): ('more matte',),
}
# Sentence patterns in the style of the Subtle-Diff annotations ({s}: subject, {o}: other image).
TEMPLATES = (
    'The {noun} in Image {s} is {word} than in Image {o}.',
    'The {noun} in Image {s} is {word} compared to Image {o}.',
    'Image {s} looks {word} compared to image {o}.',
    'The {noun} in Image {s} looks {word} than the one in Image {o}.',
    'Compared to Image {o}, the {noun} in Image {s} is {word}.',
)
SAME_TEMPLATE = 'The {noun} in Image 1 and Image 2 looks the same in {attribute}.'


@dataclass
class Photo:
    """One object photo: where it is, which object and view it shows, and its mask file."""

    path: str
    object_id: str
    view: str
    noun: str
    mask_path: Optional[str] = None


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


# ---------------------------------------------------------------- finding photos and masks

_VIEW_PATTERN = re.compile(r'^(?P<object>.+?)[-_]+(?P<view>\d+(?:[-_]+\d+)*)$')


def _mask_index(masks_dir: Optional[str]) -> Dict[str, str]:
    index = {}
    if masks_dir:
        if not os.path.isdir(masks_dir):
            raise SubtleDiffError(f'no masks folder at {masks_dir}')
        for folder, _, files in os.walk(masks_dir):
            for name in files:
                if name.lower().endswith(IMAGE_EXTENSIONS):
                    index.setdefault(name, os.path.join(folder, name))
    return index


def _find_mask(path: str, stem: str, index: Dict[str, str]) -> Optional[str]:
    beside = os.path.join(os.path.dirname(path), 'masks', f'{stem}-map.png')
    if os.path.isfile(beside):
        return beside
    for name in (f'{stem}-map.png', f'{stem}.png', f'{stem}_mask.png', f'{stem}-mask.png'):
        if name in index:
            return index[name]
    return None


def find_photos(root: str, masks_dir: Optional[str] = None) -> List[Photo]:
    """
    List the object photos under ``root`` (recursively), with their masks where they exist.

    Files in folders named ``masks`` and files ending in ``-map`` are masks, not photos. The
    object is the file stem without its trailing view numbers (``cup3-090-180`` is object
    ``cup3``, view ``090-180``); the noun is the object's leading letters when a folder on the path
    has that name (``eth80/cup/3/cup3-...`` gives "cup"), else "object".
    """
    if not os.path.isdir(root):
        raise SubtleDiffError(f'no image folder at {root}')
    index = _mask_index(masks_dir)
    photos = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d.lower() != 'masks')
        folder_names = {part.lower() for part in os.path.relpath(folder, root).split(os.sep)}
        for name in sorted(files):
            stem, ext = os.path.splitext(name)
            if ext.lower() not in IMAGE_EXTENSIONS or stem.endswith('-map'):
                continue
            path = os.path.join(folder, name)
            match = _VIEW_PATTERN.match(stem)
            object_name, view = (match['object'], match['view']) if match else (stem, '')
            letters = re.match(r'[A-Za-z]+', object_name)
            noun = letters[0].lower() if letters else ''
            noun = noun if noun in folder_names else 'object'
            object_id = os.path.join(os.path.relpath(folder, root), object_name)
            photos.append(Photo(path, os.path.normpath(object_id), view, noun,
                                _find_mask(path, stem, index)))
    if not photos:
        raise SubtleDiffError(f'no photos ({", ".join(IMAGE_EXTENSIONS)}) under {root}')
    return photos


def load_photo(photo: Photo) -> Tuple[np.ndarray, np.ndarray]:
    """Return (RGB image, soft object alpha in [0, 1]) of a photo."""
    image = load_image(photo.path)
    if photo.mask_path is not None:
        grey = cv2.imread(photo.mask_path, cv2.IMREAD_GRAYSCALE)
        if grey is None:
            raise SubtleDiffError(f'cannot read the mask {photo.mask_path}')
        if grey.shape != image.shape[:2]:
            grey = cv2.resize(grey, (image.shape[1], image.shape[0]),
                              interpolation=cv2.INTER_LINEAR)
        alpha = grey.astype(np.float32) / 255.0
    else:
        alpha = cv2.GaussianBlur(object_mask(image).astype(np.float32), (0, 0), 0.7)
    return image, alpha


# ---------------------------------------------------------------- measurements (edit units)

def _to_lab(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)


def _from_lab(lab: np.ndarray) -> np.ndarray:
    rgb = cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_Lab2RGB)
    return np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)


def _interior(mask: np.ndarray, pixels: int = 3) -> np.ndarray:
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * pixels + 1, 2 * pixels + 1))
    inner = cv2.erode(mask.astype(np.uint8), kernel) > 0
    return inner if inner.sum() >= 50 else mask


def _bandpass(lightness: np.ndarray) -> np.ndarray:
    return (cv2.GaussianBlur(lightness, (0, 0), 0.7)
            - cv2.GaussianBlur(lightness, (0, 0), 2.5))


def _roughness(lightness: np.ndarray, inner: np.ndarray) -> float:
    """
    Return the texture contrast of the object: robust RMS of band-pass L*, with a floor.

    The robust RMS is 1.4826 times the median absolute deviation; ROUGHNESS_FLOOR is added in
    quadrature (fine noise on a plain surface below about that contrast is hard to see, so
    relative changes of nothing do not count).
    """
    band = _bandpass(lightness)[inner]
    robust = 1.4826 * float(np.median(np.abs(band - np.median(band))))
    return float(np.hypot(robust, ROUGHNESS_FLOOR))


ROUGHNESS_FLOOR = 2.0
# L* above the grey opening below which a bright spot is grain, not a highlight (more matte
# leaves it alone), and the smoothing (pixels) of L* before the opening.
HIGHLIGHT_FLOOR = 2.0
HIGHLIGHT_SMOOTH = 1.2


def _warm_shift(lab: np.ndarray) -> np.ndarray:
    return lab[..., 1] * _WARM[0] + lab[..., 2] * _WARM[1]


_WARM = np.array([0.29, 0.96], np.float32) / np.hypot(0.29, 0.96)


def _highlight_excess(lightness: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """
    Return how far the object's spots stand above it: smoothed L* minus its grey opening.

    The smoothing (Gaussian, 1.2 px) makes the measure nearly indifferent to resampling: without a
    smoothing a sub-pixel shift of an ETH-80 car photo moved the mean excess by up to 3.6 L* (9
    JNDs), with it by about 0.5 L* at most.
    """
    smooth = cv2.GaussianBlur(lightness, (0, 0), HIGHLIGHT_SMOOTH)
    radius = max(2, int(round(0.15 * np.sqrt(mask.sum()))))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    # Outside the object L* is set to 100, so the opening never pulls in the background.
    base = cv2.morphologyEx(np.where(mask, smooth, 100.0).astype(np.float32),
                            cv2.MORPH_OPEN, kernel)
    return np.where(mask, smooth - base, 0.0).astype(np.float32)


def measure(image: np.ndarray, mask: np.ndarray) -> Dict[str, float]:
    """Return the quantity each edit moves, for an image and its bool object mask."""
    lab = _to_lab(image)
    inner = _interior(mask)
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        raise SubtleDiffError('the object mask is empty')
    excess = _highlight_excess(lab[..., 0], inner)
    return {
        'brightness': float(lab[..., 0][mask].mean()),
        'saturation': float(np.hypot(lab[..., 1], lab[..., 2])[mask].mean()),
        'warmth': float(_warm_shift(lab)[mask].mean()),
        'width': float(4.0 * xs.std()),
        'size': float(np.sqrt(mask.sum())),
        'roundness': outline_circularity(mask),
        'roughness': _roughness(lab[..., 0], inner),
        'glossiness': float(excess[inner].mean()),
    }


RELATIVE_AXES = ('width', 'size', 'roundness', 'roughness')


def axis_change(before: Dict[str, float], after: Dict[str, float], axis: str) -> float:
    """Return the change of ``axis`` from ``before`` to ``after`` in its edit unit."""
    if axis in RELATIVE_AXES:
        return after[axis] / max(before[axis], 1e-9) - 1.0
    return after[axis] - before[axis]


# ---------------------------------------------------------------- the edits

def _blend(image: np.ndarray, edited: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    a = alpha[..., None]
    out = image.astype(np.float32) * (1 - a) + edited.astype(np.float32) * a
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def _solve(apply, realized, target: float, start: float, limit: float):
    """
    Find a parameter in (0, limit] whose edit reaches ``target``; return (edit, reached).

    ``apply(p)`` makes the edit and ``realized(edit)`` measures it; the measure grows with the
    parameter, roughly as a power of it. Proportional steps find a bracket, then interpolation
    in log-log scale (falling back to bisection) closes in. Returns None when the target is not
    reached within 10 % below or 25 % above (even ``limit`` falls short, say).
    """
    low = high = None   # (parameter, measure) below and above the target
    parameter = min(start, limit)
    best = None
    for _ in range(12):
        edited = apply(parameter)
        got = realized(edited)
        if best is None or abs(got - target) < abs(best[1] - target):
            best = (edited, got)
        if abs(got - target) <= 0.05 * target:
            break
        if got < target:
            low = (parameter, got)
            if parameter >= limit:
                break
        else:
            high = (parameter, got)
        if high is None:
            parameter = min(parameter * target / got if got > 1e-6 else parameter * 4, limit)
        elif low is None:
            parameter = parameter * min(0.5, target / got)
        elif low[1] > 1e-6:
            power = np.log(high[1] / low[1]) / np.log(high[0] / low[0])
            guess = low[0] * (target / low[1]) ** (1.0 / max(power, 1e-3))
            inside = low[0] < guess < high[0]
            parameter = guess if inside else float(np.sqrt(low[0] * high[0]))
        else:
            parameter = float(np.sqrt(low[0] * high[0])) if low[0] > 0 else 0.5 * high[0]
    if best[1] < REACHED * target or best[1] > 1.25 * target:
        return None
    return best


def _colour_edit(image, alpha, mask, change):
    """Edit Lab inside the object with ``change(lab, parameter)``; solve for the target."""
    lab = _to_lab(image)
    before = measure_colour(image, mask)

    def apply(parameter):
        return _blend(image, _from_lab(change(lab.copy(), parameter)), alpha)

    return apply, before


def measure_colour(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Return mean (L*, C*, warm shift) over the mask."""
    lab = _to_lab(image)
    return np.array([lab[..., 0][mask].mean(), np.hypot(lab[..., 1], lab[..., 2])[mask].mean(),
                     _warm_shift(lab)[mask].mean()])


def _scale_chroma(lab, factor):
    lab[..., 1:] *= factor
    return lab


_COLOUR_CHANGES = {
    'darker': (lambda lab, t: _set_l(lab, lab[..., 0] * (1 - t)), 0, -1, 0.1, 0.8),
    'lighter': (lambda lab, t: _set_l(lab, lab[..., 0] + t * (100 - lab[..., 0])), 0, 1, 0.1,
                0.8),
    'more_saturated': (lambda lab, t: _scale_chroma(lab, 1 + t), 1, 1, 0.2, 3.0),
    'less_saturated': (lambda lab, t: _scale_chroma(lab, 1 - t), 1, -1, 0.2, 0.9),
    'warmer': (lambda lab, t: _shift_warm(lab, t), 2, 1, 2.0, 25.0),
    'cooler': (lambda lab, t: _shift_warm(lab, -t), 2, -1, 2.0, 25.0),
}


def _set_l(lab, lightness):
    lab[..., 0] = np.clip(lightness, 0, 100)
    return lab


def _shift_warm(lab, amount):
    lab[..., 1] += amount * _WARM[0]
    lab[..., 2] += amount * _WARM[1]
    return lab


def edit_colour(name, image, alpha, mask, target):
    """Apply a colour edit reaching ``target`` (edit units); return (image, reached) or None."""
    change, index, sign, start, limit = _COLOUR_CHANGES[name]
    apply, before = _colour_edit(image, alpha, mask, change)

    def realized(edited):
        return sign * (measure_colour(edited, mask)[index] - before[index])

    return _solve(apply, realized, target, start, limit)


def _background_plate(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Fill the object (and a margin) with the surrounding background by normalised convolution."""
    hole = cv2.dilate(mask.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    weight = (~hole).astype(np.float32)
    source = image.astype(np.float32) * weight[..., None]
    plate = image.astype(np.float32).copy()
    for sigma in (3.0, 8.0, 20.0, 50.0):
        num = cv2.GaussianBlur(source, (0, 0), sigma)
        den = cv2.GaussianBlur(weight, (0, 0), sigma)[..., None]
        filled = num / np.maximum(den, 1e-6)
        todo = hole & (den[..., 0] > 1e-3)
        plate[todo] = filled[todo]
        hole = hole & ~todo
        if not hole.any():
            break
    return plate


def _object_layer(image: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Extend the object's colours outward, so that a resampled edge shows no background."""
    core = (alpha > 0.9).astype(np.float32)
    num = cv2.GaussianBlur(image.astype(np.float32) * core[..., None], (0, 0), 3.0)
    den = cv2.GaussianBlur(core, (0, 0), 3.0)[..., None]
    extended = num / np.maximum(den, 1e-6)
    return np.where(core[..., None] > 0, image.astype(np.float32), extended)


def _composite(plate, layer, alpha):
    a = alpha[..., None]
    return np.clip(plate * (1 - a) + layer * a + 0.5, 0, 255).astype(np.uint8)


def edit_shape(name, image, alpha, mask, target):
    """Apply wider/narrower/larger/smaller/rounder; return (image, alpha, reached) or None."""
    kind = EDITS_BY_NAME[name]
    plate = _background_plate(image, mask)
    layer = _object_layer(image, alpha)
    h, w = mask.shape
    before = measure(image, mask)
    if name == 'rounder':
        def apply(sigma):
            smooth = cv2.GaussianBlur(alpha, (0, 0), sigma)
            return np.clip((smooth - 0.5) * 8.0 + 0.5, 0, 1)

        def realized(new_alpha):
            return outline_circularity(new_alpha >= 0.5) / max(before['roundness'], 1e-9) - 1

        solved = _solve(apply, realized, target, 1.0, 0.12 * before['size'])
        if solved is None:
            return None
        new_alpha, reached = solved
        return _composite(plate, layer, new_alpha), new_alpha, reached
    ys, xs = np.nonzero(mask)
    cx, cy = 0.5 * (xs.min() + xs.max()), 0.5 * (ys.min() + ys.max())
    factor = 1 + kind.direction * target
    sx, sy = (factor, 1.0) if kind.axis == 'width' else (factor, factor)
    matrix = np.float32([[sx, 0, cx * (1 - sx)], [0, sy, cy * (1 - sy)]])
    new_alpha = cv2.warpAffine(alpha, matrix, (w, h), flags=cv2.INTER_LINEAR)
    new_layer = cv2.warpAffine(layer, matrix, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    if (new_alpha[[0, -1], :] > 0.5).any() or (new_alpha[:, [0, -1]] > 0.5).any():
        if not ((alpha[[0, -1], :] > 0.5).any() or (alpha[:, [0, -1]] > 0.5).any()):
            return None  # the scaled object would leave the frame
    after = measure(image, new_alpha >= 0.5)
    reached = kind.direction * axis_change(before, after, kind.axis)
    if reached < REACHED * target:
        return None
    return _composite(plate, new_layer, new_alpha), new_alpha, reached


def edit_texture(name, image, alpha, mask, target, rng):
    """Apply rougher/smoother/glossier/more_matte; return (image, reached) or None."""
    lab = _to_lab(image)
    inner = _interior(mask)
    before = measure(image, mask)
    if name == 'rougher':
        noise = _bandpass(rng.standard_normal(mask.shape).astype(np.float32))
        noise /= max(float(np.sqrt(np.mean(noise[inner] ** 2))), 1e-6)

        def apply(amplitude):
            out = lab.copy()
            out[..., 0] = np.clip(out[..., 0] + amplitude * noise, 0, 100)
            return _blend(image, _from_lab(out), alpha)

        base = before['roughness']
        start = 1.4826 * 0.8 * base * np.sqrt((1 + target) ** 2 - 1)
        return _solve(apply, lambda e: measure(e, mask)['roughness'] / base - 1, target, start,
                      30.0)
    if name == 'smoother':
        smooth = image
        for _ in range(3):
            smooth = cv2.bilateralFilter(smooth, 9, 60, 5)
        smooth_lab = _to_lab(smooth)

        def apply(fraction):
            return _blend(image, _from_lab(lab + fraction * (smooth_lab - lab)), alpha)

        return _solve(apply, lambda e: 1 - measure(e, mask)['roughness'] / before['roughness'],
                      target, 0.5, 1.0)
    if name == 'glossier':
        return _add_highlights(image, lab, alpha, inner, target, rng)
    # Only highlights are cut: spots standing clearly above their surroundings, not the grain.
    excess = np.maximum(_highlight_excess(lab[..., 0], inner) - HIGHLIGHT_FLOOR, 0.0)

    def apply(fraction):
        out = lab.copy()
        out[..., 0] -= fraction * excess
        return _blend(image, _from_lab(out), alpha)

    def realized(edited):
        return before['glossiness'] - measure(edited, mask)['glossiness']

    return _solve(apply, realized, target, 0.5, 0.95)


def _add_highlights(image, lab, alpha, inner, target, rng):
    """
    Blend four to six white Gaussian blobs into the object, raising glossiness by ``target``.

    Glossiness is the highlight strength of ``measure`` (mean L* above its grey opening).
    """
    size = np.sqrt(inner.sum())
    ys, xs = np.nonzero(inner & (lab[..., 0] <= 100.0 - target))
    if xs.size == 0:
        return None
    h, w = inner.shape
    grid_y, grid_x = np.mgrid[0:h, 0:w].astype(np.float32)
    profile = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(4, 7))):
        k = int(rng.integers(xs.size))
        cx, cy = xs[k], ys[k]
        sigma = size * rng.uniform(0.025, 0.04)
        angle = rng.uniform(0, np.pi)
        ratio = rng.uniform(0.5, 1.0)
        u = (grid_x - cx) * np.cos(angle) + (grid_y - cy) * np.sin(angle)
        v = -(grid_x - cx) * np.sin(angle) + (grid_y - cy) * np.cos(angle)
        profile = np.maximum(profile, np.exp(-0.5 * ((u / sigma) ** 2
                                                     + (v / (sigma * ratio)) ** 2)))
    mask = alpha >= 0.5
    before = measure(image, mask)['glossiness']

    def apply(strength):
        weight = strength * profile
        out = lab.copy()
        out[..., 0] += weight * (100.0 - out[..., 0])
        out[..., 1:] *= (1 - weight)[..., None]
        return _blend(image, _from_lab(out), alpha)

    return _solve(apply, lambda e: measure(e, mask)['glossiness'] - before, target, 0.5, 1.0)


# ---------------------------------------------------------------- nuisances

def edit_object(image: np.ndarray, name: str, level: float, seed: int = 0) -> np.ndarray:
    """
    Return ``image`` with edit ``name`` of ``level`` JNDs applied to its (automatic) object mask.

    Raises SubtleDiffError for an unknown edit, a non-positive level, or an edit that cannot
    reach its size on this picture.
    """
    kind = EDITS_BY_NAME.get(name)
    if kind is None:
        raise SubtleDiffError(f'unknown edit {name!r}: expected one of '
                              f'{", ".join(EDITS_BY_NAME)}')
    if not level > 0:
        raise SubtleDiffError(f'the edit level must be positive, not {level}')
    alpha = cv2.GaussianBlur(object_mask(image).astype(np.float32), (0, 0), 0.7)
    mask = alpha >= 0.5
    target = level * kind.jnd
    if kind.attribute == 'color':
        made = edit_colour(name, image, alpha, mask, target)
    elif kind.attribute == 'shape':
        made = edit_shape(name, image, alpha, mask, target)
    else:
        made = edit_texture(name, image, alpha, mask, target, np.random.default_rng(seed))
    if made is None:
        raise SubtleDiffError(f'edit {name!r} cannot reach {level:g} JND ({target:g} '
                              f'{kind.unit}) on this picture')
    return made[0]


def _shift(image: np.ndarray, mask: np.ndarray, rng) -> Tuple[np.ndarray, np.ndarray]:
    h, w = mask.shape
    limit = max(1.0, 0.03 * min(h, w))
    dx, dy = rng.uniform(-limit, limit, size=2)
    matrix = np.float32([[1, 0, dx], [0, 1, dy]])
    # Lanczos keeps the picture sharp: an object that moves by a fraction of a pixel is not
    # blurred (linear interpolation would blur one side of the pair).
    moved = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LANCZOS4,
                           borderMode=cv2.BORDER_REPLICATE)
    moved_mask = cv2.warpAffine(mask.astype(np.uint8), matrix, (w, h),
                                flags=cv2.INTER_NEAREST) > 0
    return moved, moved_mask


def _camera(image: np.ndarray, noise_sigma: float, jpeg_quality: int, rng) -> np.ndarray:
    if noise_sigma > 0:
        noisy = image.astype(np.float32) + rng.normal(0, noise_sigma, image.shape)
        image = np.clip(noisy + 0.5, 0, 255).astype(np.uint8)
    if jpeg_quality:
        ok, data = cv2.imencode('.jpg', cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                                [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)])
        image = cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    return image


# ---------------------------------------------------------------- the generator

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
                    options = self.other_views(photo, {kind.axis: 0.5 * target})
                    partner = None
                    if options and rng.random() < 0.5:
                        partner = options[int(rng.integers(len(options)))]
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
        """Make the pixels, masks and sentences of one pair; None if its edit is not reachable."""
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
            made = self._edit(kind, image, alpha, mask, target, rng)
            if made is None:
                return None
            image, mask, reached = made
        noise_sigma = rng.uniform(1.5, 4.0) if 'noise' in spec.nuisances else 0.0
        jpeg_quality = int(rng.integers(75, 96)) if 'jpeg' in spec.nuisances else 0
        # In a camera's order: the object moves, then the sensor adds noise and the JPEG codec
        # its blocks (shifting a noisy picture would blur its noise away on one side only).
        if 'shift' in spec.nuisances:
            if rng.random() < 0.5:
                image, mask = _shift(image, mask, rng)
            else:
                other, other_mask = _shift(other, other_mask, rng)
        image = _camera(image, noise_sigma, jpeg_quality, rng)
        other = _camera(other, noise_sigma, jpeg_quality, rng)
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
            words = COMPARATIVES[(kind.axis, query_direction)]
            template = TEMPLATES[int(rng.integers(len(TEMPLATES)))]
            query_text = template.format(noun=noun, s=subject, o=3 - subject,
                                         word=words[int(rng.integers(len(words)))])
            first, second = rng.choice(len(TEMPLATES), size=2, replace=False)
            references = [
                TEMPLATES[first].format(noun=noun, s=1, o=2,
                                        word=COMPARATIVES[(kind.axis, direction)][0]),
                TEMPLATES[second].format(noun=noun, s=2, o=1,
                                         word=COMPARATIVES[(kind.axis, -direction)][0])]
        order = (0, 1) if rng.random() < 0.5 else (1, 0)
        level_name = LEVEL_NAMES[spec.level] if spec.level >= 0 else 'none'
        return EditPair(
            spec.pair_id, spec.kind, spec.photo.object_id, noun, spec.attribute,
            kind.axis if kind else None, spec.edit, spec.level, level_name, round(target, 4),
            float(reached), unit, bool(kind is not None and spec.level >= 1), direction,
            edited_side, spec.nuisances, subject, query_text, references, pair[0], pair[1],
            pair[2], pair[3], spec.photo.mask_path is not None, order, query_direction)

    @staticmethod
    def _edit(kind, image, alpha, mask, target, rng):
        """Return (edited image, edited mask, reached magnitude) or None."""
        if kind.name in _COLOUR_CHANGES:
            made = edit_colour(kind.name, image, alpha, mask, target)
            return None if made is None else (made[0], mask, made[1])
        if kind.attribute == 'shape':
            made = edit_shape(kind.name, image, alpha, mask, target)
            return None if made is None else (made[0], made[1] >= 0.5, made[2])
        made = edit_texture(kind.name, image, alpha, mask, target, rng)
        return None if made is None else (made[0], mask, made[1])


__all__ = ['EDIT_KINDS', 'EditKind', 'EditPair', 'EditPairGenerator', 'PairSpec', 'Photo',
           'LEVELS', 'LEVEL_NAMES', 'find_photos', 'load_photo', 'measure', 'axis_change']

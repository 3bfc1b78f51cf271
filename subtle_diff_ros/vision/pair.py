# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Images prepared once for measuring: working copies, CIELAB, object masks and one registration.

Everything downstream works on these: ``prepare_pair`` makes a ``PreparedPair`` (each image's
working copy, Lab, mask and coverage, plus the pair's phase-correlation shift and its rigid
registration, each computed at most once), and the measurements, the changed-region map and the
side-by-side picture all read it. Working copies have their longest side at most ``WORK_SIDE``
pixels, so that masking and measuring a pair of camera frames takes a few milliseconds on one
core whatever the camera's resolution, and images prepared together are measured at one
resolution, the least sharp one's (a smaller copy of a photo is the same object), or, for crops
(``one_pixel_scale``), at one pixel scale (a tighter crop is no larger object).
"""

from dataclasses import dataclass, field, replace
import math
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np

from .color import to_lab
from .image_io import as_rgb_image, WORK_SIDE, working_copy
from .light import (apply_gains, beyond_undoing, changed_light, clip_alike, estimate_gains,
                    EVEN_EXPOSED, light_level, light_tone, LightEstimateError, radial_spread,
                    static_surroundings)
from .registration import (full_registration, MIN_SCENE_AGREEMENT, phase_shift, Registration,
                           rigid_warp, scene_agreement)
from .segmentation import (automatic_mask, automatic_masks, changed_pixels, pair_masks,
                           soft_coverage)
from ..core.errors import InvalidImageError

# Longest side of the finer copy used for texture (grain is lost at the working size).
TEXTURE_SIDE = 384
# A given mask must cover at least this many working-copy pixels (a 4x4 patch at the working
# size; 256 pixels of a 640x480 frame): fewer hold no outline to measure a shape on and too
# few pixels for a colour or texture that is the object's rather than its noise.
MIN_MASK_WORK_PIXELS = 16.0
# Images whose width-to-height ratios differ by more than this share are taken for crops at one
# pixel scale (``one_pixel_scale``): a resampled picture keeps its ratio to within a pixel's
# rounding (0.8 % for a 128-pixel side), a crop around each detection of one camera frame does
# not.
CROP_ASPECT_TOLERANCE = 0.02


@dataclass
class PreparedImage:
    """
    One image ready for measuring.

    source: the RGB uint8 image at its original resolution.
    image: RGB uint8 working copy (longest side at most ``WORK_SIDE``).
    lab: float32 CIELAB of ``image`` (L* in [0, 100]).
    mask: bool object mask of the working copy.
    coverage: float32 share of each working-copy pixel covered by the object (0-1): the
        given mask's area average, or ``segmentation.soft_coverage`` of an automatic mask.
    scale: working size / original size.
    mask_given: True when the caller supplied the mask.
    mask_carried: True when the automatic mask was carried over from the pair partner by
        their shift, or the object's fitted motion (``segmentation.pair_masks``), so the two
        outlines differ only where the images do.
    texture_lightness: float32 L* (0-100) of a finer copy (longest side at most
        ``TEXTURE_SIDE``) for texture measurements.
    other_masks: plausible other automatic masks of the working copy, each as (bool mask, its
        segmentation score relative to ``mask``'s), when the automatic mask was a close call
        between clearly different outlines (``segmentation.automatic_masks``); empty for given
        and carried masks.
    shared_view: float32 share (0-1) of each working-copy pixel that the other frame of one
        scene also shows (``shared_views``), or None for images that are no such frame.
    length_unit: the working-copy length that shape values are measured in (``image_scale``):
        None for the image's own scale, the square root of its working copy's area; one value
        shared by crops taken at one pixel scale (``one_pixel_scale``).
    """

    source: np.ndarray
    image: np.ndarray
    lab: np.ndarray
    mask: np.ndarray
    coverage: np.ndarray
    scale: float
    mask_given: bool
    mask_carried: bool
    texture_lightness: np.ndarray
    other_masks: Tuple[Tuple[np.ndarray, float], ...] = ()
    shared_view: Optional[np.ndarray] = None
    length_unit: Optional[float] = None

    @property
    def original_size(self) -> Tuple[int, int]:
        """Return (height, width) of the original image."""
        return self.source.shape[:2]

    def full_mask(self) -> np.ndarray:
        """Return the object mask at the original resolution."""
        h, w = self.original_size
        return cv2.resize(self.mask.astype(np.uint8), (w, h),
                          interpolation=cv2.INTER_NEAREST) > 0


@dataclass
class PreparedPair:
    """
    Two prepared images, image 2 to be compared with image 1, and how they are registered.

    ``shift``: the phase-correlation shift (working-copy pixels, image 1 to image 2) when the two
    match by a shift, else None; ``registration``: the rigid full-resolution map refined from
    it. Both are computed on first use and kept. A shift alone means a similar pose on one
    backdrop; ``same_scene`` says whether the objects' own pixels agree too (one scene moved by
    a shift), so that they can be compared pixel for pixel and share one outline (carried
    masks): two different objects in one pose on one backdrop match by a shift but are not one
    scene, and each keeps its own outline. ``light_gains``: image 2's light over image 1's, once
    ``even_light`` has undone it (None while the images are as taken); ``light_tone`` the tone
    (``vision.light.light_tone``) of the static pixels it was measured on; ``light_left`` the
    gains of a change of the whole scene's light ``even_light`` found and could not undo (too
    far off: ``vision.light.beyond_undoing``); ``light_radial`` how far a vignette that changed
    may make the light on the objects differ from the gains (``vision.light.radial_spread``).
    """

    first: PreparedImage
    second: PreparedImage
    _shift: Optional[Tuple[float, float]] = field(default=None, repr=False)
    _shift_known: bool = field(default=False, repr=False)
    _registration: Optional[Registration] = field(default=None, repr=False)
    _agreement: Optional[float] = field(default=None, repr=False)
    light_gains: Optional[np.ndarray] = field(default=None, repr=False)
    light_tone: Optional[np.ndarray] = field(default=None, repr=False)
    light_left: Optional[np.ndarray] = field(default=None, repr=False)
    light_radial: Optional[np.ndarray] = field(default=None, repr=False)

    @property
    def shift(self) -> Optional[Tuple[float, float]]:
        """Return the (dx, dy) from image 1 to image 2 in working pixels, or None."""
        if not self._shift_known:
            self._shift = phase_shift(self.first.image, self.second.image)
            self._shift_known = True
        return self._shift

    @property
    def agreement(self) -> float:
        """Return how well the objects agree after the shift (``scene_agreement``); 0 if none."""
        if self._agreement is None:
            self._agreement = 0.0 if self.shift is None else scene_agreement(
                self.first.image, self.second.image, self.shift, self.first.mask,
                self.second.mask)
        return self._agreement

    @property
    def same_scene(self) -> bool:
        """Return whether image 2 shows image 1's scene (the same object) moved by the shift."""
        return self.agreement >= MIN_SCENE_AGREEMENT

    @property
    def registration(self) -> Registration:
        """Return the rigid map of image 1's full-resolution pixels into image 2's."""
        if self._registration is None:
            warp, method = rigid_warp(self.first.image, self.second.image, self.first.mask,
                                      self.shift)
            self._registration = full_registration(warp, self.first.scale, self.second.scale,
                                                   method)
        return self._registration


def check_mask(mask, shape, name: str) -> np.ndarray:
    """Return ``mask`` as a bool (H, W) array matching ``shape``, or raise InvalidImageError."""
    mask = np.asarray(mask)
    if mask.ndim == 3:
        mask = mask.any(axis=2)
    if mask.ndim != 2:
        raise InvalidImageError(f'{name} has shape {mask.shape}; expected (H, W)')
    if mask.shape != tuple(shape[:2]):
        raise InvalidImageError(
            f'{name} is {mask.shape[1]}x{mask.shape[0]} but its image is {shape[1]}x{shape[0]}')
    mask = mask > 0
    if not mask.any():
        raise InvalidImageError(f'{name} marks no object pixel')
    return mask


def _texture_lightness(image: np.ndarray, side: int = TEXTURE_SIDE) -> np.ndarray:
    fine, _ = working_copy(image, side)
    return np.ascontiguousarray(to_lab(fine)[:, :, 0])


def _given(image, copy, lab, scale, mask, name, fine) -> PreparedImage:
    full = check_mask(mask, image.shape, name)
    # Area averaging keeps the sub-pixel position of the outline (shape measures need it).
    coverage = cv2.resize(full.astype(np.float32), (copy.shape[1], copy.shape[0]),
                          interpolation=cv2.INTER_AREA)
    if float(coverage.sum()) < MIN_MASK_WORK_PIXELS:
        needed = int(np.ceil(MIN_MASK_WORK_PIXELS / scale ** 2))
        raise InvalidImageError(
            f'{name} marks {int(full.sum())} pixel{"s" if full.sum() != 1 else ""}, too few to '
            f'measure an object (at least {needed} in a {image.shape[1]}x{image.shape[0]} image)')
    work = coverage >= 0.5
    if not work.any():
        work = coverage > 0
    return PreparedImage(image, copy, lab, work, coverage, scale, True, False, fine)


def _automatic(image, copy, lab, scale, work, carried, fine, others=()) -> PreparedImage:
    return PreparedImage(image, copy, lab, work, soft_coverage(copy, work), scale, False, carried,
                         fine, tuple(others))


def with_mask(view: PreparedImage, mask: np.ndarray) -> PreparedImage:
    """Return ``view`` with another automatic mask of its working copy (and its coverage)."""
    return replace(view, mask=mask, coverage=soft_coverage(view.image, mask), other_masks=())


def one_pixel_scale(images: Sequence[np.ndarray]) -> bool:
    """
    Return whether images are taken for crops at one pixel scale rather than resampled copies.

    Images whose width-to-height ratios differ (by more than ``CROP_ASPECT_TOLERANCE``) cannot be
    one picture resampled: they are taken for crops of one camera's frames at its pixel scale
    (the candidates a picking robot cuts around each detection), whose objects compare in
    pixels, not in shares of their crops. Images of one shape, or of one ratio, are measured at
    one resolution as before (a photo and its smaller copy show one object).
    """
    aspects = [im.shape[1] / im.shape[0] for im in images]
    return max(aspects) > min(aspects) * (1.0 + CROP_ASPECT_TOLERANCE)


def _inputs(images, masks):
    images = [as_rgb_image(im, name=f'image {i + 1}') for i, im in enumerate(images)]
    if masks is None:
        masks = [None] * len(images)
    if len(masks) != len(images):
        raise InvalidImageError(f'got {len(masks)} masks for {len(images)} images')
    sides = [max(im.shape[:2]) for im in images]
    crops = one_pixel_scale(images)
    if crops:
        # Crops at one pixel scale are shrunk alike, the largest to the working size.
        work, fine = (min(1.0, side / max(sides)) for side in (WORK_SIDE, TEXTURE_SIDE))
        work_sides = [max(1, round(work * s)) for s in sides]
        fine_sides = [max(1, round(fine * s)) for s in sides]
    else:
        # Measured at one resolution, the sharpest the least sharp image allows: a smaller
        # copy of the same photo is no other object (its outline and texture would differ by
        # the pixels).
        work_sides = [min(WORK_SIDE, min(sides))] * len(images)
        fine_sides = [min(TEXTURE_SIDE, min(sides))] * len(images)
    small = [working_copy(im, side) for im, side in zip(images, work_sides)]
    labs = [to_lab(copy) for copy, _ in small]
    fines = [_texture_lightness(im, side) for im, side in zip(images, fine_sides)]
    return images, list(masks), small, labs, fines, crops


def _with_length_unit(prepared: List[PreparedImage], crops: bool) -> List[PreparedImage]:
    """Return ``crops`` (taken at one pixel scale: ``_inputs``) with one length unit."""
    if not crops:
        return prepared
    unit = math.exp(float(np.mean([0.5 * math.log(view.mask.size) for view in prepared])))
    return [replace(view, length_unit=unit) for view in prepared]


def prepare_pair(image_1: np.ndarray, image_2: np.ndarray, masks=None) -> PreparedPair:
    """
    Return the PreparedPair of two images, using the given masks and finding the missing ones.

    ``masks`` is None or (mask 1, mask 2), each a bool/uint8 (H, W) array or None. The pixels
    where the two images differ help find automatic masks; two frames of one scene (the same
    view, maybe shifted) get masks carried from one to the other, which differ only where the
    frames do; two objects in a similar pose that are no one scene are masked each on its own,
    so that the order of the images changes nothing but the numbering.
    """
    images, masks, small, labs, fines, crops = _inputs([image_1, image_2], masks)
    hint = changed_pixels(labs[0], labs[1]) if any(m is None for m in masks) else None
    pair = PreparedPair(None, None)
    carried = None
    if masks[0] is None and masks[1] is None:
        # Frames of one scene get carried masks; another view is masked separately.
        pair = PreparedPair(None, None, phase_shift(small[0][0], small[1][0]), True)
        if pair.shift is not None:
            carried = _carried_masks(small, labs, pair.shift, hint)
    prepared = []
    for i in range(2):
        (copy, scale), lab = small[i], labs[i]
        if masks[i] is not None:
            prepared.append(_given(images[i], copy, lab, scale, masks[i], f'mask {i + 1}',
                                   fines[i]))
        elif carried:
            prepared.append(_automatic(images[i], copy, lab, scale, carried[i], True, fines[i]))
        else:
            work, others = automatic_masks(copy, lab, hint)
            prepared.append(_automatic(images[i], copy, lab, scale, work, False, fines[i],
                                       others))
    pair.first, pair.second = prepared
    if carried and not pair.same_scene:
        # Two objects in one pose on one backdrop, not one scene (``same_scene``, decided on
        # the carried outlines): image 1's outline carried onto image 2 would measure image 2
        # by image 1's object, and the answer would hang on which image came first.
        pair.first, pair.second = (_masked_alone(view, hint) for view in prepared)
    views = shared_views(pair)
    if views is not None:
        pair.first, pair.second = (replace(view, shared_view=shared)
                                   for view, shared in zip((pair.first, pair.second), views))
    pair.first, pair.second = _with_length_unit([pair.first, pair.second], crops)
    return pair


# Pixels, beyond the pair's shift, by which ``shared_views`` keeps off the frame's edge.
SHARED_VIEW_MARGIN = 1


def shared_views(pair: PreparedPair) -> Optional[Tuple[np.ndarray, np.ndarray]]:
    """
    Return the part of the scene both frames of one scene show, in each frame (0-1), or None.

    An object cut off by the edge of the picture has that edge in its outline, and a frame
    shifted against the other cuts it elsewhere: its outline, its circularity most, changes
    though the object did not (on the edit benchmark most COIL-100 objects touch the edge of
    their 128-pixel photos). Image 1's frame less a margin of the shift (and
    ``SHARED_VIEW_MARGIN``), and the same window moved by the shift in image 2, show the same
    part of the scene. None for pairs that are no one scene.
    """
    if (not pair.same_scene or pair.shift is None
            or pair.first.mask.shape != pair.second.mask.shape):
        return None
    dx, dy = pair.shift
    h, w = pair.first.mask.shape
    margin = int(math.ceil(max(abs(dx), abs(dy)))) + SHARED_VIEW_MARGIN
    if 2 * margin >= min(h, w):
        return None
    first = np.zeros((h, w), np.float32)
    first[margin:h - margin, margin:w - margin] = 1.0
    return first, _moved(first, dx, dy, cv2.INTER_LINEAR)


def _doubt(others) -> float:
    """Return how close a call an automatic mask was: its best rival's relative score, or 0."""
    return max((score for _, score in others), default=0.0)


def _carried_masks(small, labs, shift, hint):
    """
    Return the automatic masks of two frames of one scene, one carried onto the other.

    They are carried from the frame whose own outline is the surer one (``_doubt``), image 1
    when both are alike: carried from a frame whose outline was a close call (a cup's outline or
    the cup with the cloth it stands on), the same mistake would be made in both frames, or not,
    depending on which image came first.
    """
    found, others = automatic_masks(small[0][0], labs[0], hint)
    if others:
        found_2, others_2 = automatic_masks(small[1][0], labs[1], hint)
        if _doubt(others_2) < _doubt(others):
            mask_2, mask_1 = pair_masks(small[1][0], small[0][0], labs[1],
                                        (-shift[0], -shift[1]), hint, found_2)
            return mask_1, mask_2
    return pair_masks(small[0][0], small[1][0], labs[0], shift, hint, found)


def _masked_alone(view: PreparedImage, hint) -> PreparedImage:
    """Return ``view`` with its own automatic mask instead of a carried one."""
    work, others = automatic_masks(view.image, view.lab, hint)
    return replace(with_mask(view, work), mask_carried=False, other_masks=tuple(others))


# Least share of each frame's object pixels both outlines must hold for a pair's colours to be
# compared on their common pixels (``common_masks``): an object grown or shrunk by a tenth
# about its middle shares about 0.8 of the larger one.
MIN_COMMON_SHARE = 0.9


def common_masks(pair: PreparedPair) -> Optional[Tuple[np.ndarray, np.ndarray]]:
    """
    Return the object pixels both frames of one scene agree on, in each frame, or None.

    Image 2's automatic outline is image 1's carried over and settled anew where the frames
    differ: a few dozen rim pixels more or less, darker or lighter than the rest, move its mean
    colour by a fifth of a just-noticeable difference between a PNG and its own JPEG. Compared on
    the same pixels of the object (image 1's mask and image 2's moved back by the shift), a
    surface's colour change is all that moves. None for pairs that are no one scene, or whose
    outlines share under ``MIN_COMMON_SHARE`` of either frame's object: an object that grew or
    shrank shares its middle only, whose colour is not the whole object's (each is then measured
    on its own outline).
    """
    if not pair.same_scene or pair.first.image.shape != pair.second.image.shape:
        return None
    dx, dy = pair.shift
    # A separate piece of one outline the other frame lacks is no part of the object (another
    # thing set down beside it): it is left out of both.
    own_1 = _pieces_touching(pair.first.mask, _moved(pair.second.mask, -dx, -dy))
    own_2 = _pieces_touching(pair.second.mask, _moved(pair.first.mask, dx, dy))
    first = own_1 & _moved(own_2, -dx, -dy)
    second = _moved(first, dx, dy) & own_2
    if first.sum() < MIN_COMMON_SHARE * own_1.sum() or \
            second.sum() < MIN_COMMON_SHARE * own_2.sum():
        return None
    return first, second


def _pieces_touching(mask: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Return the connected pieces of ``mask`` that overlap ``other``."""
    count, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    if count <= 2:
        return mask
    kept = np.unique(labels[mask & other])
    return np.isin(labels, kept[kept > 0])


def _moved(image: np.ndarray, dx: float, dy: float, interpolation=cv2.INTER_NEAREST):
    """Return ``image`` (or a bool mask) moved by (dx, dy) pixels, zeros where nothing moved in."""
    h, w = image.shape[:2]
    moved = cv2.warpAffine(image.astype(np.uint8) if image.dtype == bool else image,
                           np.float32([[1, 0, dx], [0, 1, dy]]), (w, h), flags=interpolation,
                           borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return moved > 0 if image.dtype == bool else moved


# The farthest whole-frame exposure (times brighter or dimmer, one level in every channel) that
# ``even_light`` undoes, past the light model's MAX_LIGHT_FACTOR (a tint is still not undone
# past MAX_TINT_FACTOR; the inspection node keeps its own limit): left in the frame, one stop
# darker (an exposure bracket's step, linear light x0.5) made 10 of 10 unchanged ETH-80 cups
# "brighter in Image 1" (tester 19). Undone, 0 of 10 were described as different at x0.5,
# x0.4, x0.3, x0.25 and x2.5, and cups darkened to 0.7 of their light under the same exposures
# were described darker and chosen as the darker 10 of 10; at x0.2 3 of 10 unchanged cups were
# described as different and one frame's light could not be told (4 times, with the estimate's
# own error, is the limit). A frame 4 times brighter clips most of the cup: 2 of 10 then.
EVEN_EXPOSURE_FACTOR = 4.2


def _exposure_only(gains) -> bool:
    """Return whether gains beyond undoing are a level within ``EVEN_EXPOSURE_FACTOR``."""
    return beyond_undoing(gains) == 'level' and \
        1.0 / EVEN_EXPOSURE_FACTOR <= light_level(gains) <= EVEN_EXPOSURE_FACTOR


# 8-bit values the light of a frame whose surroundings sank under (or rose over) the well-exposed
# range is still read on (``_light_past_telling``): the shadows' noise and the highlights'
# clipping make it too rough to undo, not to tell that the light changed by that much.
ROUGH_EXPOSED = (4, 251)


def _light_past_telling(reference: np.ndarray, live: np.ndarray,
                        static: np.ndarray) -> Optional[np.ndarray]:
    """
    Return the rough gains of a light too far off to measure, or None.

    Where one frame's static surroundings are well exposed (``EVEN_EXPOSED``, at least half of
    them) and the other's are mostly not (under a quarter), the light changed too far for
    ``changed_light`` to measure it: a cup 0.15 times as lit as its reference was a darker cup,
    its light unknown. Its gains, read on the values ``ROUGH_EXPOSED``, are then a light left
    in the frame (``PreparedPair.light_left``) when beyond undoing (``beyond_undoing``).
    """
    low, high = EVEN_EXPOSED
    total = int(np.count_nonzero(static))
    if not total:
        return None
    shares = sorted(int(np.count_nonzero(static & (image.min(axis=2) >= low)
                                         & (image.max(axis=2) <= high))) / total
                    for image in (reference, live))
    if shares[0] >= 0.25 or shares[1] < 0.5:
        return None
    try:
        gains, _, _ = estimate_gains(reference, live, static, ROUGH_EXPOSED)
    except LightEstimateError:
        return None
    return gains if beyond_undoing(gains) else None


def even_light(pair: PreparedPair) -> Optional[np.ndarray]:
    """
    Undo in image 2 a light that differs from image 1's, for two frames of one scene.

    Returns the per-channel gains of image 2's light over image 1's (linear RGB), or None when
    the frames are no one scene, are lit alike, or the light cannot be told (``changed_light``
    on the static surroundings of both objects, image 2 moved back by the pair's shift). When
    it returns gains, ``pair.second`` has them divided out and both images are clipped at the
    light both recorded (``clip_alike``): a darker lamp or another white balance is not a
    darker or warmer object. The masks stay as found.
    """
    if not pair.same_scene or pair.first.image.shape != pair.second.image.shape:
        return None
    first, second = pair.first, pair.second
    dx, dy = pair.shift  # image 2's pixels are moved back into image 1's frame
    seen = _moved(np.ones(first.mask.shape, bool), -dx, -dy)
    objects = first.mask | _moved(second.mask, -dx, -dy)
    static = static_surroundings(objects, seen)
    moved = _moved(second.image, -dx, -dy, cv2.INTER_LINEAR)
    gains, undoable = changed_light(first.image, moved, static)
    if gains is None:
        pair.light_left = _light_past_telling(first.image, moved, static)
        return None
    if not undoable and not _exposure_only(gains):
        pair.light_left = gains
        return None
    low, high = EVEN_EXPOSED
    exposed = (first.image.min(axis=2) >= low) & (first.image.max(axis=2) <= high)
    pair.light_tone = light_tone(first.image, static & exposed)
    pair.light_radial = radial_spread(first.image, moved, static, objects)
    undone = 1.0 / gains
    sources = clip_alike(first.source, apply_gains(second.source, undone), gains)
    copies = clip_alike(first.image, apply_gains(second.image, undone), gains)
    pair.first, pair.second = (
        replace(view, source=source, image=copy, lab=to_lab(copy),
                texture_lightness=_texture_lightness(source))
        for view, source, copy in zip((first, second), sources, copies))
    pair.light_gains = gains
    return gains


# A frame shows no object where the other frame's is (``missing_object``) when that object's
# outline holds at least MISSING_INSIDE of its pixels where the frames differ, at most
# MISSING_OUTSIDE of the differing pixels lie off it (the scene is the same elsewhere), and the
# frame's pixels there look like the background filled in from around them
# (``_unlike_surroundings``, on copies smoothed by MISSING_SMOOTH pixels to leave out grain and
# noise): their median CIELAB distance from it at most MISSING_CONTRAST and MISSING_RATIO of
# the other frame's, and at most MISSING_SHARE of them in patches (5x5 pixels at least) more
# than MISSING_UNLIKE from it (a smaller object standing where a larger one stood). On ETH-80
# cups and cars pasted on plain, dark, light and textured scenes the empty frame's median was
# 0.4 to 2.4 and its patches up to 0.36 (inpainting smears the edge of a table behind a long
# car); the object's median 10 to 64; an object blended a tenth of the way from the background
# into a cup (hardly seen) had a median of 2.5 to 4.5, a quarter of the way 5 to 9; a figure
# half the size of the other frame's, where it stood, a median of 0.8 to 2.7 but patches of
# 0.44 to 0.51.
MISSING_INSIDE = 0.9
MISSING_OUTSIDE = 0.25
MISSING_CONTRAST = 2.0
MISSING_RATIO = 0.15
MISSING_UNLIKE = 5.0
MISSING_SHARE = 0.4
MISSING_SMOOTH = 1.0


def _unlike_surroundings(image: np.ndarray, region: np.ndarray) -> Tuple[float, float]:
    """
    Return how far ``region`` of ``image`` lies from the background filled in over it.

    Returns (the median CIELAB distance, the share of the region in patches of at least 5x5
    pixels farther than ``MISSING_UNLIKE``).
    """
    smooth = cv2.GaussianBlur(image, (0, 0), MISSING_SMOOTH)
    hole = cv2.dilate(region.astype(np.uint8), np.ones((5, 5), np.uint8))
    filled = cv2.inpaint(smooth, hole, 3, cv2.INPAINT_TELEA)
    distance = np.sqrt(((to_lab(smooth) - to_lab(filled)) ** 2).sum(axis=2))
    patches = cv2.morphologyEx(((distance > MISSING_UNLIKE) & region).astype(np.uint8),
                               cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)) > 0
    return float(np.median(distance[region])), float(patches[region].mean())


def missing_object(pair: PreparedPair) -> Optional[int]:
    """
    Return the number (1 or 2) of a frame that is the other's scene without its object, or None.

    Two frames of one view that differ only where one frame's object is (its automatic outline,
    seeded by the differing pixels) show in the other frame, there, either another object or
    nothing: the background around that place continuing over it (a cup taken off the table,
    a detection crop the object fell out of). The frame that shows the background there
    (``MISSING_CONTRAST``, ``MISSING_RATIO``) has no object to measure: its automatic mask
    would be a blob drawn on the background. None for frames of different sizes, given masks,
    frames that differ all over or not at all, and whenever both frames show something there
    (``MISSING_SHARE``: a smaller object standing where a larger one stood).
    """
    first, second = pair.first, pair.second
    if first.image.shape != second.image.shape or first.mask_given or second.mask_given:
        return None
    changed = changed_pixels(first.lab, second.lab)
    if changed is None:
        return None
    grow = np.ones((5, 5), np.uint8)
    near_changed = cv2.dilate(changed.astype(np.uint8), grow) > 0
    outlines = {id(view): automatic_mask(view.image, view.lab, changed)
                for view in (first, second)}
    for number, (view, other) in ((2, (first, second)), (1, (second, first))):
        found = outlines[id(view)]
        if not found.any():
            continue
        near_found = cv2.dilate(found.astype(np.uint8), grow) > 0
        if ((found & near_changed).sum() < MISSING_INSIDE * found.sum()
                or (changed & ~near_found).sum() > MISSING_OUTSIDE * changed.sum()):
            continue
        there, patches = _unlike_surroundings(other.image, found)
        if patches <= MISSING_SHARE and there <= min(
                MISSING_CONTRAST, MISSING_RATIO * _unlike_surroundings(view.image, found)[0]) \
                and not _shows_its_own(other, outlines[id(other)]):
            return number
    return None


def _shows_its_own(view: PreparedImage, own: np.ndarray) -> bool:
    """
    Return True when ``view``'s own outline ``own`` holds an object, not background filled in.

    A smaller object standing inside the place of the other frame's (a thin mug where a wide cup
    stood, a COIL-100 object beside a larger one on black) leaves that place mostly background;
    its own outline, seeded as the pair's were, still stands out from the background around it
    (a median CIELAB distance of 49 to 72 on such ETH-80 and COIL-100 pairs, under 1 on the
    drawn scenes a cup was taken from).
    """
    return bool(own.any()) and _unlike_surroundings(view.image, own)[0] > MISSING_UNLIKE


def prepare_images(images: Sequence[np.ndarray], masks=None) -> List[PreparedImage]:
    """
    Return one PreparedImage per image, using the given masks and finding the missing ones.

    Two images are prepared as a pair (``prepare_pair``); more are prepared each on its own.
    """
    if len(images) == 2:
        pair = prepare_pair(images[0], images[1], masks)
        return [pair.first, pair.second]
    images, masks, small, labs, fines, crops = _inputs(images, masks)
    prepared = []
    for i, (image, (copy, scale), lab, mask, fine) in enumerate(
            zip(images, small, labs, masks, fines)):
        if mask is not None:
            prepared.append(_given(image, copy, lab, scale, mask, f'mask {i + 1}', fine))
        else:
            work, others = automatic_masks(copy, lab)
            prepared.append(_automatic(image, copy, lab, scale, work, False, fine, others))
    return _with_length_unit(prepared, crops)


def object_mask(image: np.ndarray, other: Optional[np.ndarray] = None) -> np.ndarray:
    """
    Return the automatic bool object mask of ``image`` at its full resolution.

    ``other``: the pair partner, whose differences from ``image`` help find the object.
    """
    if other is None:
        return prepare_images([image])[0].full_mask()
    return prepare_pair(image, other).first.full_mask()

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""A picture of a comparison: both images side by side, changed regions boxed, sentence below."""

from typing import Optional, Sequence, Tuple

import cv2
import numpy as np

from .image_io import as_rgb_image
from .registration import register, Registration
from ..core.results import ChangedRegion

PANEL_HEIGHT = 360
# Widest panel: an image far wider than tall is shown smaller, not stretched to PANEL_HEIGHT
# (a 16 x 518400 request would make a picture of 12 billion pixels).
PANEL_MAX_WIDTH = 3 * PANEL_HEIGHT
GAP = 12
MARGIN = 12
FONT = cv2.FONT_HERSHEY_SIMPLEX
BACKGROUND = (255, 255, 255)
TEXT_COLOR = (20, 20, 20)
# Box colours (RGB) cycle over the regions, strongest first.
BOX_COLORS = ((230, 25, 75), (0, 130, 200), (245, 130, 48), (60, 180, 75), (145, 30, 180))


def _wrap(text: str, width_px: int, scale: float, thickness: int):
    """Split ``text`` into lines no wider than ``width_px`` when drawn."""
    lines, current = [], ''
    for word in text.split():
        candidate = f'{current} {word}'.strip()
        if current and cv2.getTextSize(candidate, FONT, scale, thickness)[0][0] > width_px:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or ['']


def _panel(image: np.ndarray, height: int) -> Tuple[np.ndarray, float, int]:
    """
    Return (the image fitted into ``height`` x PANEL_MAX_WIDTH, its scale, its top offset).

    The panel is ``height`` rows tall; an image too wide to fill them is centred between
    background rows.
    """
    scale = min(height / float(image.shape[0]), PANEL_MAX_WIDTH / float(image.shape[1]))
    width = max(1, round(image.shape[1] * scale))
    rows = min(height, max(1, round(image.shape[0] * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (width, rows), interpolation=interpolation)
    panel = np.full((height, width, 3), BACKGROUND, np.uint8)
    top = (height - rows) // 2
    panel[top:top + rows] = resized
    return panel, scale, top


def _draw_box(panel, box, scale, top, color, index, thickness):
    x, y, w, h = box
    p0 = (int(round(x * scale)), top + int(round(y * scale)))
    p1 = (int(round((x + w) * scale)) - 1, top + int(round((y + h) * scale)) - 1)
    cv2.rectangle(panel, p0, p1, color, thickness, cv2.LINE_AA)
    tag = str(index + 1)
    (tw, th), _ = cv2.getTextSize(tag, FONT, 0.5, 1)
    ty = max(p0[1], th + 4)
    cv2.rectangle(panel, (p0[0], ty - th - 4), (p0[0] + tw + 4, ty), color, cv2.FILLED)
    cv2.putText(panel, tag, (p0[0] + 2, ty - 2), FONT, 0.5, (255, 255, 255), 1, cv2.LINE_AA)


def render_side_by_side(image_1: np.ndarray, image_2: np.ndarray,
                        regions: Sequence[ChangedRegion], sentence: str,
                        labels: Tuple[str, str] = ('Image 1', 'Image 2'),
                        registration: Optional[Registration] = None) -> np.ndarray:
    """
    Return an RGB uint8 picture of the pair with boxes, labels and a caption strip.

    It is at most 2 PANEL_MAX_WIDTH and the margins wide, whatever the images' proportions.
    ``regions`` are in image 1 pixels (as from ``localization.changed_regions``); they are
    mapped onto image 2 with ``registration`` (the pair's, as a description carries it;
    computed here only when not given). Both images are shown at the same height; the sentence
    is wrapped to the picture width below them.
    """
    image_1 = as_rgb_image(image_1, 'image_1')
    image_2 = as_rgb_image(image_2, 'image_2')
    height = PANEL_HEIGHT
    panel_1, scale_1, top_1 = _panel(image_1, height)
    panel_2, scale_2, top_2 = _panel(image_2, height)
    if regions:
        if registration is None:
            registration = register(image_1, image_2)
        thickness = max(2, height // 150)
        for index, region in enumerate(regions):
            color = BOX_COLORS[index % len(BOX_COLORS)]
            box_1 = (region.x, region.y, region.width, region.height)
            box_2 = registration.box_in_image_2(region, image_2.shape[:2])
            _draw_box(panel_1, box_1, scale_1, top_1, color, index, thickness)
            _draw_box(panel_2, box_2, scale_2, top_2, color, index, thickness)

    label_scale, label_thickness = 0.8, 2
    label_height = cv2.getTextSize('Ag', FONT, label_scale, label_thickness)[0][1] + 14
    width = 2 * MARGIN + panel_1.shape[1] + GAP + panel_2.shape[1]
    text_scale, text_thickness = 0.75, 2
    lines = _wrap(sentence, width - 2 * MARGIN, text_scale, text_thickness)
    line_height = cv2.getTextSize('Ag', FONT, text_scale, text_thickness)[0][1] + 14
    caption_height = line_height * len(lines) + MARGIN
    total_height = MARGIN + label_height + height + MARGIN + caption_height
    canvas = np.full((total_height, width, 3), BACKGROUND, np.uint8)

    top = MARGIN + label_height
    left_2 = MARGIN + panel_1.shape[1] + GAP
    canvas[top:top + height, MARGIN:MARGIN + panel_1.shape[1]] = panel_1
    canvas[top:top + height, left_2:left_2 + panel_2.shape[1]] = panel_2
    for text, left, panel in ((labels[0], MARGIN, panel_1), (labels[1], left_2, panel_2)):
        tw = cv2.getTextSize(text, FONT, label_scale, label_thickness)[0][0]
        x = left + max(0, (panel.shape[1] - tw) // 2)
        cv2.putText(canvas, text, (x, top - 10), FONT, label_scale, TEXT_COLOR,
                    label_thickness, cv2.LINE_AA)
    strip_top = top + height + MARGIN
    cv2.line(canvas, (MARGIN, strip_top - MARGIN // 2), (width - MARGIN, strip_top - MARGIN // 2),
             (200, 200, 200), 1)
    for number, line in enumerate(lines):
        y = strip_top + line_height * (number + 1) - 8
        cv2.putText(canvas, line, (MARGIN, y), FONT, text_scale, TEXT_COLOR, text_thickness,
                    cv2.LINE_AA)
    return canvas


def draw_boxes(image: np.ndarray, boxes: Sequence[Tuple[int, int, int, int]],
               height: int = PANEL_HEIGHT, outline: Optional[Tuple[int, int, int, int]] = None
               ) -> np.ndarray:
    """
    Return ``image`` fitted into ``height`` rows (``_panel``) with numbered boxes (x, y, w, h).

    ``outline``: an extra box drawn thin in grey without a number (a region of interest).
    """
    panel, scale, top = _panel(as_rgb_image(image, 'image'), height)
    thickness = max(2, height // 150)
    if outline is not None:
        x, y, w, h = outline
        cv2.rectangle(panel, (int(round(x * scale)), top + int(round(y * scale))),
                      (int(round((x + w) * scale)) - 1, top + int(round((y + h) * scale)) - 1),
                      (160, 160, 160), 1, cv2.LINE_AA)
    for index, box in enumerate(boxes):
        _draw_box(panel, box, scale, top, BOX_COLORS[index % len(BOX_COLORS)], index,
                  thickness)
    return panel

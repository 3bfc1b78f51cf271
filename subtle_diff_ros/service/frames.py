# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""The latest frame of each camera, kept undecoded until a request needs it."""

from dataclasses import dataclass
import threading
from typing import Any, Callable, Dict, Optional, Sequence

from ..core.errors import quote, SubtleDiffError


@dataclass(frozen=True)
class Frame:
    """The latest frame of a camera, kept undecoded: ``message`` is whatever the camera sent."""

    message: Any
    stamp_ns: int
    received_ns: int
    frame_id: str


class LatestFrames:
    """The latest frame of each camera; storing never waits on anything but a short lock."""

    def __init__(self, cameras: Sequence[str],
                 why_missing: Optional[Callable[[str], Optional[str]]] = None):
        """
        Keep frames for the named cameras only.

        ``why_missing(camera)`` may say why a camera sent no frame yet (the ROS layer asks the
        graph: no publisher, or one of another message type); it is added to the refusal.
        """
        self.cameras = tuple(cameras)
        self.why_missing = why_missing
        self._frames: Dict[str, Frame] = {}
        self._lock = threading.Lock()

    def put(self, camera: str, frame: Frame) -> None:
        """Replace the latest frame of ``camera``."""
        with self._lock:
            self._frames[camera] = frame

    def get(self, camera: str, now_ns: int, max_age_s: float) -> Frame:
        """
        Return the latest frame of ``camera`` or raise SubtleDiffError.

        A frame's age is measured from its header stamp (its receipt time when the stamp is zero);
        frames older than ``max_age_s`` are refused (no limit when ``max_age_s`` <= 0), and so
        are frames stamped more than ``max_age_s`` ahead of ``now_ns`` (a camera clock that runs
        ahead would keep a stopped camera's last frame fresh for as long).
        """
        if camera not in self.cameras:
            known = ', '.join(self.cameras) or 'none configured'
            raise SubtleDiffError(f'unknown camera {quote(camera)} (cameras: {known})')
        with self._lock:
            frame = self._frames.get(camera)
        if frame is None:
            cause = self.why_missing(camera) if self.why_missing is not None else None
            raise SubtleDiffError(f'no frame received yet from camera {camera!r}'
                                  + (f': {cause}' if cause else ''))
        age_s = (now_ns - (frame.stamp_ns or frame.received_ns)) * 1e-9
        if max_age_s > 0 and age_s > max_age_s:
            raise SubtleDiffError(f'the latest frame of camera {camera!r} is {age_s:.2f} s old, '
                                  f'over max_frame_age_s = {max_age_s:g}')
        if max_age_s > 0 and -age_s > max_age_s:
            raise SubtleDiffError(f'the latest frame of camera {camera!r} is stamped {-age_s:.2f} '
                                  f"s ahead of this node's clock, over max_frame_age_s = "
                                  f"{max_age_s:g} (is the camera's clock ahead?)")
        return frame

    def ages_s(self, now_ns: int) -> Dict[str, Optional[float]]:
        """Return the age in seconds of each camera's latest frame (None when none came)."""
        with self._lock:
            frames = dict(self._frames)
        return {camera: ((now_ns - (frames[camera].stamp_ns or frames[camera].received_ns))
                         * 1e-9 if camera in frames else None) for camera in self.cameras}

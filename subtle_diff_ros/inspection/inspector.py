# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Inspections of assets over time, ROS-free: what the command line and the inspection node call.

``Inspector`` keeps assets (from a plan, or as the history stored them), their references and
inspections in a ``History``, runs one inspection (``inspect.inspect_capture``), decides with the
history whether it shows a change (``trends``), says it in a sentence, records it, and builds an
asset's report (status, trends, sentence).
"""

from dataclasses import dataclass, field
from datetime import datetime
import shlex
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from . import trends
from .capture import camera_slope, Capture, fitted_masks, ignore_stage, inspect_capture
from .history import History, Inspection
from .plan import Asset, asset_from_settings
from .times import check_inspection_time, from_seconds, iso, MAX_AHEAD_S, now
from ..backends.analytic.thresholds import COLOR_DIFFERENCE
from ..core.errors import SubtleDiffError
from ..core.wording import aging_sentence, agree, changes_phrase
from ..vision.image_io import as_rgb_image

# An asset is stale when its last valid inspection is older than this many periods.
STALE_PERIODS = 1.5


def axis_entry(state: trends.AxisState) -> dict:
    """
    Return the JSON form of an axis state: axis, direction, delta, delta_jnd (+ toward).

    light_sigma_jnd / outline_sigma_jnd: the uncertainties the light estimate and the outline's
    pixel grid leave on the axis (JND), which widen margin_jnd where above the noise floor
    (``trends``).
    """
    entry = {'axis': state.axis, 'direction': state.direction, 'delta': round(state.delta, 6),
             'delta_jnd': round(state.delta_jnd, 3), 'unit': state.unit,
             'lasting': state.lasting, 'above_limit': state.above_limit,
             'margin_jnd': None if state.margin_jnd is None else round(state.margin_jnd, 3),
             'light_sigma_jnd': round(state.light_sigma_jnd, 3),
             'outline_sigma_jnd': round(state.outline_sigma_jnd, 3),
             'limit_jnd': round(state.limit_jnd, 3)}
    if state.axis == 'hue':
        entry['toward'] = state.toward
    return entry


@dataclass
class InspectionResult:
    """One inspection as recorded: the contract of ``subtle-diff inspect --json``."""

    id: int  # noqa: A003 (the record's id)
    asset: str
    time: str
    valid: bool
    reason: Optional[str]
    commissioning: bool
    changed: bool
    sentence: str
    axes: List[dict] = field(default_factory=list)
    delta_e: Optional[float] = None
    checks: dict = field(default_factory=dict)
    regions: List[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return the JSON-ready form."""
        return dict(self.__dict__)


def _words(states) -> list:
    return [(s.axis, s.direction, s.delta_jnd, s.toward) for s in states
            if s.axis != COLOR_DIFFERENCE]


# How far ahead of this machine's clock a record must be dated for ``--after-clock-correction``
# to leave it behind. A time is recorded at most ``times.MAX_AHEAD_S`` (a day) ahead of the
# clock, so a record dated further ahead cannot have been recorded at the clock's present
# setting: either the clock ran ahead then and was corrected back since (the record is dated
# wrong), or the clock is behind now (the record is right). One dated less far ahead may be
# right either way (a time given ahead, a local time read as UTC, say): it is never left behind.
CLOCK_CORRECTION_MARGIN_S = MAX_AHEAD_S


def dated_ahead(inspections: Sequence[Inspection], clock: datetime,
                margin_s: float = 0.0) -> List[Inspection]:
    """
    Return the inspections dated more than ``margin_s`` after ``clock`` (``times.now()``).

    With ``CLOCK_CORRECTION_MARGIN_S`` they are the records that cannot have been recorded at
    the clock's present setting: it ran ahead then, or it is behind now. This machine cannot
    tell which; the messages ask to check the clock first.
    """
    return [i for i in inspections if i.time_s > clock.timestamp() + margin_s]


def clock_correction_command(path: str, name: str) -> str:
    """Return the command that recommissions asset ``name`` after a clock corrected back."""
    return ' '.join(['subtle-diff inspect --db', shlex.quote(path), '--asset', shlex.quote(name),
                     '--recommission --after-clock-correction --commissioning',
                     '--image CAPTURE.png --time "$(date -u +%Y-%m-%dT%H:%M:%SZ)"'])


# What records dated more than a day ahead of this machine's clock may mean, and what to do.
CLOCK_CHECK = ("either this machine's clock is behind now (the records are right) or it ran "
               'ahead when they were recorded and was corrected back since (the records are '
               'dated ahead), and it cannot tell which: check the clock first. If it is behind, '
               'set it right, and nothing else is needed; if it is right')
# How a sentence names the remedy for commissioning captures dated ahead of the clock.
CLOCK_REMEDY = (f'{CLOCK_CHECK}, recommission the asset (subtle-diff inspect --recommission '
                '--after-clock-correction --commissioning), the history kept')
# What records dated less than a day ahead of this machine's clock may mean.
NEAR_AHEAD = ('by less than a day: a time may be given so far ahead (a local time read as UTC, '
              "say), or this machine's clock may be behind now")


def _ahead_words(ahead: Sequence[Inspection], what: str,
                 clock: Optional[datetime] = None, beyond: bool = False) -> str:
    """
    Return '3 of its commissioning captures are dated ahead of ... (the latest at T)'.

    ``beyond``: they are dated more than ``CLOCK_CORRECTION_MARGIN_S`` ahead, and it is said.
    """
    shown = f' ({iso(clock)})' if clock else ''
    far = f' by more than {CLOCK_CORRECTION_MARGIN_S / 86400:g} day' if beyond else ''
    return (f'{len(ahead)} of its {what}s {"is" if len(ahead) == 1 else "are"} dated ahead of '
            f"this machine's clock{shown}{far}, the latest at {ahead[-1].time}")


def _ahead_clause(ahead: Sequence[Inspection], clock: datetime) -> str:
    """
    Return what a sentence says of commissioning captures dated ahead of the clock, or ''.

    The remedy is named for those dated more than ``CLOCK_CORRECTION_MARGIN_S`` ahead; the
    others come round within a day.
    """
    beyond = dated_ahead(ahead, clock, CLOCK_CORRECTION_MARGIN_S)
    if beyond:
        return f' {_ahead_words(beyond, "commissioning capture", beyond=True)}: {CLOCK_REMEDY}.'
    if ahead:
        return (f' {_ahead_words(ahead, "commissioning capture")}, {NEAR_AHEAD}: if it is, '
                'set it right; otherwise judging starts when they come round.')
    return ''


def check_inspectable(asset: Asset, reference: np.ndarray) -> None:
    """
    Raise SubtleDiffError for a reference that even a capture of itself could not be judged on.

    A uniform frame, or a region with nothing around it to align on or too dark to measure,
    would make every later capture RETRY with a reason that blames the capture.
    """
    capture = inspect_capture(reference, reference, asset, ignore_stage)
    if not capture.valid:
        raise SubtleDiffError(f'the reference of {asset.name!r} cannot be used: a capture of the '
                              f'reference itself is not valid ({capture.reason}); choose a '
                              'reference or region with structure around the part and a '
                              'normal exposure')


def recorded_frame(frame: np.ndarray, capture: Capture,
                   reference_shape: Tuple[int, ...]) -> np.ndarray:
    """
    Return the frame as the history keeps it: in full when it could be inspected.

    A frame that could not be inspected is kept to show what the camera sent, no larger than
    the reference (scaled down to fit within its width and height): a camera stuck in another
    mode, retried every few minutes, would otherwise fill the history with full frames nobody
    measures.
    """
    if capture.valid:
        return frame
    height, width = frame.shape[:2]
    scale = min(reference_shape[1] / width, reference_shape[0] / height)
    if scale >= 1.0:
        return frame
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(frame, size, interpolation=cv2.INTER_AREA)


class Inspector:
    """Inspect assets and report on them; ``plan_assets`` override what the history stored."""

    def __init__(self, history: History, plan_assets: Optional[Dict[str, Asset]] = None):
        """Use ``history``; assets of a plan are (re)defined in it when first used."""
        self.history = history
        self.plan_assets = dict(plan_assets or {})

    def asset(self, name: str) -> Asset:
        """Return the asset called ``name`` (the plan's, else the stored one)."""
        if name in self.plan_assets:
            return self.plan_assets[name]
        return asset_from_settings(self.history.settings(name))

    def check_commissioned_like(self, asset: Asset, how: str) -> None:
        """
        Raise SubtleDiffError when a stored asset was commissioned with another region or card.

        Its commissioning captures were measured there: inspections in another region would be
        judged against them. ``how``: what to do instead, said in the message.
        """
        if asset.name not in self.history.asset_names():
            return
        stored = self.history.settings(asset.name)
        for key in ('region', 'patch'):
            given = getattr(asset, key)
            given = given.to_dict() if given else None
            if given and 'sha256' in given and 'sha256' not in (stored.get(key) or {}):
                given.pop('sha256')  # commissioned by a version that kept no mask digest
            # settings that do not name it (written by hand, or by an older version) say nothing
            if key in stored and stored[key] != given:
                raise SubtleDiffError(f'asset {asset.name!r} was commissioned with another {key} '
                                      f'than the plan gives; {how}')

    def commission(self, asset: Asset, reference: np.ndarray, source: str,
                   new_version: bool = False):
        """
        Define ``asset`` and make sure it has a reference; return the current reference version.

        The first reference of an asset is its commissioning reference. Another image later is
        refused unless ``new_version`` (a re-commissioning: a new reference version, even of the
        same image, and trends start again). A reference the asset's region or grey card does
        not fit is refused. Nothing is recorded when it is refused.
        """
        reference = as_rgb_image(reference, f'the reference of {asset.name!r}')
        fitted_masks(asset, reference)
        recorded = iso(now())
        with self.history.exclusive():
            self.history.define_asset(asset.name, asset.to_dict(), recorded)
            if not new_version:
                current = self._same_reference(asset.name, reference)
                if current is not None:
                    return current
            check_inspectable(asset, reference)
            return self.history.add_reference(asset.name, reference, source, recorded,
                                              new_version)

    def _same_reference(self, name: str, reference: np.ndarray):
        """Return the current version if it holds ``reference``, None without one, or raise."""
        if name not in self.history.asset_names():
            return None
        versions = self.history.references(name)
        if not versions:
            return None
        current = versions[-1]
        stored = self.history.image(current.sha256)
        if stored.shape != reference.shape or not np.array_equal(stored, reference):
            raise SubtleDiffError(
                f'asset {name!r} has another reference (version {current.version}, '
                f'from {current.source}); re-commission it to replace it')
        return current

    def current_reference(self, name: str):
        """Return (the current reference version, its image) of an asset."""
        versions = self.history.references(name)
        if not versions:
            raise SubtleDiffError(f'asset {name!r} has no reference yet')
        return versions[-1], self.history.image(versions[-1].sha256)

    def inspect(self, name: str, frame: np.ndarray, when: datetime,
                commissioning: Optional[bool] = None,
                stage: Callable[[str], None] = ignore_stage) -> InspectionResult:
        """
        Inspect ``frame`` of asset ``name`` taken at ``when``, record it and return the result.

        ``commissioning``: whether the capture is a commissioning one; None: the first valid
        captures are, until the asset has as many as its plan asks for. A commissioning capture
        is refused once a valid regular inspection of the current reference is recorded
        (recommission the asset to start again). ``stage``: called with each stage's name as it
        starts (``capture.inspect_capture``, then 'recording'); an exception it raises stops the
        inspection before anything is recorded. A time more than ``times.MAX_AHEAD_S`` ahead of
        this machine's clock is refused.
        """
        check_inspection_time(when.timestamp())
        asset = self.asset(name)
        reference_version, reference = self.current_reference(name)
        frame = as_rgb_image(frame, 'the live frame')
        capture = inspect_capture(reference, frame, asset, stage,
                                  **self._camera_slope(name, reference_version, when))
        frame = recorded_frame(frame, capture, reference.shape)
        with self.history.exclusive():
            return self._record(asset, reference_version, frame, when, capture, commissioning,
                                stage)

    def define_and_inspect(self, asset: Asset, frame: np.ndarray, when: datetime,
                           commissioning: Optional[bool], reference: Optional[np.ndarray] = None,
                           source: str = '', new_version: bool = False,
                           after_clock_correction: bool = False) -> InspectionResult:
        """
        Define ``asset``, give it ``reference`` and inspect ``frame``, all or nothing recorded.

        Without ``reference`` the asset keeps its current one (``new_version``: a new version of
        the same image, for a new region). The asset's definition, a new reference version and
        the inspection are recorded in one transaction: an inspection refused (another
        reference, a region that does not fit it, commissioning over) records none of them.
        A new version starts after the asset's latest inspection; ``after_clock_correction``:
        after its latest one not dated more than a day ahead of this machine's clock
        (``_check_after_latest`` gives the rules).
        """
        if after_clock_correction and not new_version:
            raise SubtleDiffError('a clock correction is acknowledged with a new reference '
                                  'version (--recommission)')
        check_inspection_time(when.timestamp())
        frame = as_rgb_image(frame, 'the live frame')
        if reference is None:
            current, reference = self.current_reference(asset.name)
            source = current.source
        else:
            reference = as_rgb_image(reference, f'the reference of {asset.name!r}')
            if not new_version:
                self._same_reference(asset.name, reference)  # refused before the work
        known = {}
        if not new_version and asset.name in self.history.asset_names():
            versions = self.history.references(asset.name)
            if versions:
                known = self._camera_slope(asset.name, versions[-1], when)
        capture = inspect_capture(reference, frame, asset, **known)
        frame = recorded_frame(frame, capture, reference.shape)
        with self.history.exclusive():
            left = self._check_after_latest(asset.name, when, after_clock_correction) \
                if new_version else []
            version = self.commission(asset, reference, source, new_version)
            note = ''
            if left:
                # said in the history, with the capture that starts the new version
                note = (f' Reference version {version.version} starts after a clock '
                        f'correction: {len(left)} inspection{"s" if len(left) > 1 else ""} '
                        f'dated more than a day ahead of the clock (up to {left[-1].time}) '
                        f'{"stay" if len(left) > 1 else "stays"} in version '
                        f'{version.version - 1}, out of its trends.')
            return self._record(asset, version, frame, when, capture, commissioning, note=note)

    def _camera_slope(self, name: str, reference_version, when: datetime) -> dict:
        """
        Return ``{'known_slope': slope}`` of the camera from earlier captures, or ``{}``.

        The valid captures of ``reference_version`` dated before ``when``
        (``capture.camera_slope``); empty when they do not tell one.
        """
        earlier = [i.checks for i in self.history.inspections(name, reference_version.id)
                   if i.valid and i.time_s < when.timestamp()]
        slope = camera_slope(earlier)
        return {} if slope is None else {'known_slope': slope}

    def _check_after_latest(self, name: str, when: datetime,
                            after_clock_correction: bool = False) -> List[Inspection]:
        """
        Refuse a new reference version dated at or before the asset's latest inspection.

        The old version's later inspections would vanish from its report ("overdue"). The latest
        is the current version's: each version starts after the latest inspection of the one
        before, so it is the asset's latest, but for the records a clock correction left behind.

        With ``after_clock_correction`` the records dated more than ``CLOCK_CORRECTION_MARGIN_S``
        (a day) ahead of this machine's clock are left behind, in their version and out of the
        new one's trends; they are returned. The rules, as this machine cannot tell whether its
        clock ran ahead when they were recorded (they are dated wrong) or is behind now (they
        are right, and the operator is told to check the clock first):

        - only a record dated more than a day ahead is left behind: no record could be dated
          so far ahead at the clock's present setting. One dated less far ahead may be right (a
          time given ahead, a local time read as UTC) and is never left out of the trends: the
          new version must start after it, as after any other record;
        - the option is refused when no record is dated more than a day ahead: when none is
          ahead at all, when the new capture (``when``) is dated after all those ahead (no
          clock correction lies between them: leave the option out) and when those ahead are
          ahead by less than a day (set a clock that is behind right, or date the new version
          after them);
        - the new capture always comes before the records left behind: it is dated at most a
          day ahead of the clock (``times.check_inspection_time``), they more than a day.
        """
        versions = self.reference_versions(name) if name in self.history.asset_names() else []
        recorded = self.history.inspections(name, versions[-1].id) if versions else []
        clock = now()
        ahead = dated_ahead(recorded, clock)
        left = dated_ahead(ahead, clock, CLOCK_CORRECTION_MARGIN_S)
        near = ahead[:len(ahead) - len(left)]  # in time order
        if after_clock_correction:
            if not ahead:
                raise SubtleDiffError(
                    f'--after-clock-correction: no inspection of asset {name!r} is dated ahead '
                    f"of this machine's clock ({iso(clock)}): there is no wrongly dated record "
                    'to leave behind; date the new reference version after its latest '
                    'inspection and leave the option out')
            if not left and when.timestamp() > ahead[-1].time_s:
                raise SubtleDiffError(
                    f'--after-clock-correction: the new capture ({iso(when)}) is dated after '
                    f"every inspection of asset {name!r} dated ahead of this machine's clock "
                    f'(the latest at {ahead[-1].time}): no clock correction lies between them '
                    'and nothing is left behind; leave the option out')
            if not left:
                raise SubtleDiffError(
                    f'--after-clock-correction: {_ahead_words(ahead, "inspection", clock)}, '
                    f'{NEAR_AHEAD}. Nothing shows that they are dated wrong, so they are not '
                    'left out of the trends: if the clock is behind, set it right; otherwise '
                    f'date the new reference version after {ahead[-1].time} and leave the '
                    'option out')
            recorded = recorded[:len(recorded) - len(left)]  # in time order
        latest = max((i.time_s for i in recorded), default=None)
        if latest is not None and when.timestamp() <= latest:
            hint = ''
            if near and when.timestamp() <= near[-1].time_s:
                hint = (f'; {_ahead_words(near, "inspection", clock)}, {NEAR_AHEAD}: such '
                        'records are never left out of the trends (--after-clock-correction); '
                        'if the clock is behind, set it right, otherwise date the new version '
                        f'after {near[-1].time}')
            elif left and not after_clock_correction:
                hint = (f'; {_ahead_words(left, "inspection", clock, beyond=True)}: '
                        f'{CLOCK_CHECK}, add --after-clock-correction (they stay in reference '
                        f"version {versions[-1].version}, out of the new version's trends; the "
                        'history is kept)')
            raise SubtleDiffError(
                f'asset {name!r} was inspected at {iso(from_seconds(latest))}: a new reference '
                f'version (--recommission) must start after it, not at {iso(when)}{hint}')
        return left

    def _record(self, asset: Asset, reference_version, frame: np.ndarray, when: datetime,
                capture: Capture, commissioning: Optional[bool],
                stage: Callable[[str], None] = ignore_stage, note: str = '') -> InspectionResult:
        """
        Judge and record a capture, inside the caller's ``History.exclusive`` transaction.

        ``note``: said after the sentence (a new reference version after a clock correction).
        """
        name = asset.name
        # Read the history in the transaction that records: a concurrent inspection of the
        # asset waits, then counts this one among its commissioning captures.
        history = self.history.inspections(name, reference_version.id)
        twin = self.history.inspection_at(name, when.timestamp())
        if twin is not None:
            # a retried script or cron job: counted twice, one capture would look lasting
            raise SubtleDiffError(f'asset {name!r} has an inspection at '
                                  f'{iso(from_seconds(twin[1]))} already (inspection {twin[0]}): '
                                  'a capture is recorded once')
        taken = [i for i in history if i.commissioning and i.valid]
        if commissioning is None:
            commissioning = len(taken) < asset.commissioning_captures
        elif commissioning:
            regular = next((i for i in history if i.valid and not i.commissioning), None)
            if regular is not None:
                raise SubtleDiffError(
                    f'commissioning of asset {name!r} is over with {len(taken)} of '
                    f'{asset.commissioning_captures} captures: a regular inspection is recorded '
                    f'(inspection {regular.id}, {regular.time}); recommission the asset '
                    '(inspect --recommission: a new reference version, the history kept) to '
                    'start commissioning again')
        elif 0 < len(taken) < asset.commissioning_captures and \
                taken[0].time_s > when.timestamp():
            # it would end a commissioning under way that began after it
            raise SubtleDiffError(
                f'asset {name!r} was commissioned from {taken[0].time} ({len(taken)} of '
                f'{asset.commissioning_captures} captures so far): a regular inspection at '
                f'{iso(when)} cannot come before its commissioning')
        commissioning = bool(commissioning)
        moment = when.timestamp()
        pending = Inspection(-1, name, reference_version.id, moment, '', capture.valid,
                             capture.reason, commissioning, False, '', capture.checks, None,
                             [], readings=capture.readings)
        # Judged at its place in time, as the report judges it: on the inspections and
        # commissioning captures before it (``trends.evaluate``).
        earlier = [i for i in history if i.time_s <= moment]
        later = history[len(earlier):]
        states = trends.evaluate(earlier + [pending] + later, asset).get(-1, {})
        changed = any(s.changed for s in states.values())
        # Commissioning captures dated ahead of the clock: those a clock corrected back left.
        clock = now()
        ahead = _ahead_clause(dated_ahead([i for i in later if i.commissioning and i.valid],
                                          clock), clock)
        # Commissioning captures are numbered by time, whatever order they arrive in.
        sentence = self._sentence(asset, capture, states, commissioning, earlier, ahead) + note
        stage('recording')
        inspection_id = self.history.record(name, reference_version.id, moment, frame,
                                            capture, commissioning, changed, sentence,
                                            iso(now()))
        delta_e = capture.readings.get(COLOR_DIFFERENCE)
        return InspectionResult(
            inspection_id, name, iso(when), capture.valid, capture.reason, commissioning,
            changed, sentence, [axis_entry(states[a]) for a in asset.watch if a in states],
            None if delta_e is None else round(delta_e.delta, 3), capture.checks,
            [r.to_dict() for r in capture.regions])

    @staticmethod
    def _sentence(asset: Asset, capture: Capture, states, commissioning, history,
                  ahead: str = '') -> str:
        thing = asset.noun
        if not capture.valid:
            return f'The {thing} could not be inspected: {capture.reason}. Retry the capture.'
        delta_e = capture.readings[COLOR_DIFFERENCE].delta
        count = sum(1 for i in history if i.commissioning and i.valid)
        if commissioning:
            return (f'Commissioning capture {count + 1} of the {thing} recorded (ΔE '
                    f'{delta_e:.1f} from the reference).')
        changed = [s for s in states.values() if s.changed]
        if not changed and count < asset.commissioning_captures:
            sentence = (f'The {thing} {agree(thing, "is", "are")} not fully commissioned at '
                        f'this time ({count} of {asset.commissioning_captures} commissioning '
                        f'captures before it): no change can be judged (ΔE {delta_e:.1f}).')
            return sentence + ahead
        pending = [s for s in states.values() if s.direction and not s.changed]
        return aging_sentence(thing, _words(changed), delta_e, _words(pending))

    def mark_false_alarm(self, inspection_id: int, note: str = '') -> str:
        """Mark an inspection as a false alarm (left out of trends); return its asset."""
        return self.history.mark_false_alarm(int(inspection_id), note, iso(now()))

    def withdraw_false_alarm(self, inspection_id: int, note: str = '') -> str:
        """Take an inspection's false-alarm mark back (trends count it again); return its asset."""
        return self.history.withdraw_false_alarm(int(inspection_id), note, iso(now()))

    def reference_versions(self, name: str) -> list:
        """Return the asset's reference versions, none for a plan asset not yet recorded."""
        if name in self.plan_assets and name not in self.history.asset_names():
            return []
        return self.history.references(name)

    def inspections_as_of(self, name: str, at: datetime,
                          versions=None) -> Tuple[List[Inspection], int]:
        """
        Return the current reference's inspections up to ``at``, and how many lie after it.

        ``versions``: the asset's reference versions when the caller has read them already.
        """
        versions = self.reference_versions(name) if versions is None else versions
        recorded = self.history.inspections(name, versions[-1].id) if versions else []
        until = [i for i in recorded if i.time_s <= at.timestamp()]
        return until, len(recorded) - len(until)

    def _commissioning_ahead(self, name: str, versions) -> List[Inspection]:
        """Return the current reference's valid commissioning captures dated ahead of the clock."""
        recorded = self.history.inspections(name, versions[-1].id) if versions else []
        return dated_ahead([i for i in recorded if i.commissioning and i.valid], now())

    def clock_warning(self, name: str) -> Optional[str]:
        """
        Return a warning when the current reference has inspections dated ahead of the clock.

        New inspections come before them, and are not judged when its commissioning captures
        are among them. This machine cannot tell whether its clock ran ahead when they were
        recorded (they are dated wrong) or is behind now (they are right): the warning says
        to check the clock first. For records dated more than ``CLOCK_CORRECTION_MARGIN_S`` (a
        day) ahead it names the command that recommissions the asset, the history kept, for
        when the clock is right; records dated less far ahead come round within a day, and it
        names no remedy (``_check_after_latest`` would refuse it). None when there are none.
        """
        versions = self.reference_versions(name)
        if not versions:
            return None
        clock = now()
        ahead = dated_ahead(self.history.inspections(name, versions[-1].id), clock)
        if not ahead:
            return None
        judged = ('new inspections are recorded but not judged until then, as its '
                  'commissioning captures are among them') if any(
            i.commissioning for i in ahead) else 'new inspections come before them'
        beyond = dated_ahead(ahead, clock, CLOCK_CORRECTION_MARGIN_S)
        if not beyond:
            return (f'asset {name!r}: {_ahead_words(ahead, "inspection", clock)}: {judged}. '
                    f'They are dated ahead {NEAR_AHEAD}: if it is, set it right; otherwise '
                    f'they come round by {ahead[-1].time}, and nothing needs doing.')
        return (f'asset {name!r}: {_ahead_words(beyond, "inspection", clock, beyond=True)}: '
                f'{judged}. {CLOCK_CHECK[0].upper()}{CLOCK_CHECK[1:]}, recommission the asset, '
                f'the history kept (they stay in reference version {versions[-1].version}, out '
                f'of the trends): `{clock_correction_command(self.history.path, name)}`')

    def report(self, name: str, at: Optional[datetime] = None) -> dict:
        """
        Return the asset's report: status, changed axes with trends, sentence (JSON-ready).

        It is the report as of ``at`` (default now): inspections dated after it are left out
        (``later_inspections`` counts them). While commissioning is incomplete (after
        ``--recommission``, say) the status is ``stale`` and the sentence says how many
        commissioning captures are done.
        """
        asset = self.asset(name)
        at = at or now()
        versions = self.reference_versions(name)
        inspections, later = self.inspections_as_of(name, at, versions)
        states = trends.evaluate(inspections, asset)
        counted = [i for i in inspections if i.id in states]
        valid = [i for i in inspections if i.valid]
        latest = states[counted[-1].id] if counted else {}
        axes, crossings = [], {}
        for axis in asset.watch:
            state = latest.get(axis)
            if state is None or not state.changed:
                continue
            fit = trends.trend(counted, states, axis, state)
            entry = {'axis': axis, 'direction': state.direction,
                     'delta_jnd': round(state.delta_jnd, 3),
                     'slope_jnd_per_week': _round(fit.slope_jnd_per_week),
                     'slope_interval': [_round(fit.slope_low), _round(fit.slope_high)],
                     'onset': iso(from_seconds(state.onset_s)) if state.onset_s else None,
                     'limit_jnd': round(state.limit_jnd, 3), 'above_limit': state.above_limit,
                     'limit_crossing': iso(from_seconds(fit.crossing_s)) if fit.crossing_s
                     else None, 'limit_crossed': fit.crossed}
            if axis == 'hue':
                entry['toward'] = state.toward
            axes.append(entry)
            crossings[axis] = fit
        base = trends.baseline([i for i in inspections if i.commissioning], asset)
        last_valid = valid[-1].time_s if valid else None
        overdue = last_valid is None or at.timestamp() - last_valid > STALE_PERIODS * \
            asset.period_s
        captures = base.captures if base else sum(
            1 for i in inspections if i.commissioning and i.valid and not i.false_alarm)
        sentence = report_sentence(asset.noun, axes, last_valid, overdue)
        retried = [i for i in inspections if not i.valid and not i.commissioning
                   and last_valid is not None and i.time_s > last_valid]
        if overdue and retried:
            # "stale" alone would not say why: the part was gone, covered or out of focus
            sentence += (f' {len(retried)} inspection{"s" if len(retried) > 1 else ""} since '
                         f'{"were" if len(retried) > 1 else "was"} not valid, the latest '
                         f'because {retried[-1].reason or "of no reason recorded"}.')
        if base is None:
            # Until commissioning is complete no change can be told from noise.
            status = 'stale'
            sentence = (f'The {asset.noun} {agree(asset.noun, "is", "are")} not fully '
                        f'commissioned ({captures} of {asset.commissioning_captures} '
                        'commissioning captures): no change can be judged until commissioning '
                        'is complete.')
        elif any(a['above_limit'] for a in axes):
            status = 'error'
        elif axes:
            status = 'warn'
        elif overdue:
            status = 'stale'
        else:
            status = 'ok'
        if later:
            sentence += (f' {later} inspection{"s are" if later > 1 else " is"} dated after '
                         f'{iso(at)} and not counted.')
            if base is None:
                sentence += _ahead_clause(self._commissioning_ahead(name, versions), now())
        return {
            'asset': name, 'status': status, 'axes': axes, 'sentence': sentence,
            'overdue': overdue, 'period_s': asset.period_s,
            'last_inspection': inspections[-1].time if inspections else None,
            'last_valid_inspection': iso(from_seconds(last_valid)) if last_valid else None,
            'inspections': len(inspections), 'valid_inspections': len(valid),
            'invalid_since_last_valid': len(retried),
            'false_alarms': sum(1 for i in inspections if i.false_alarm),
            'later_inspections': later,
            'commissioning': {'captures': captures, 'needed': asset.commissioning_captures,
                              'complete': base is not None},
            'reference_version': versions[-1].version if versions else None,
            'watched': [axis_entry(latest[a]) for a in asset.watch if a in latest],
            'at': iso(at)}


def report_sentence(thing: str, axes: List[dict], last_valid: Optional[float],
                    overdue: bool) -> str:
    """
    Return the report's sentence for an asset whose object is called ``thing``.

    ``axes``: the report's changed axes (delta_jnd, slope, onset, limit_jnd, above_limit,
    limit_crossed, limit_crossing); "past its limit" only while the latest inspection is past it.
    """
    if last_valid is None:
        return f'The {thing} {agree(thing, "has", "have")} no valid inspection yet.'
    parts = []
    for entry in sorted(axes, key=lambda e: -abs(e['delta_jnd'])):
        word = changes_phrase([(entry['axis'], entry['direction'], entry['delta_jnd'],
                                entry.get('toward'))])
        since = f' since {entry["onset"][:10]}' if entry['onset'] else ''
        text = f'{word}{since} ({abs(entry["delta_jnd"]):.1f} JND'
        if entry['slope_jnd_per_week'] is not None:
            text += f', {abs(entry["slope_jnd_per_week"]):.2f} JND a week'
        if entry['above_limit']:
            text += f'; past its limit of {entry["limit_jnd"]:g} JND'
        elif entry['limit_crossed']:
            text += (f'; back under its limit of {entry["limit_jnd"]:g} JND, '
                     f'passed on {entry["limit_crossing"][:10]}')
        elif entry['limit_crossing']:
            text += (f'; its limit of {entry["limit_jnd"]:g} JND is expected around '
                     f'{entry["limit_crossing"][:10]}')
        parts.append(text + ')')
    if parts:
        sentence = (f'The {thing} {agree(thing, "is", "are")} ' + '; '.join(parts)
                    + ' compared with commissioning.')
    else:
        sentence = (f'The {thing} {agree(thing, "shows", "show")} no lasting change since '
                    'commissioning.')
    if overdue:
        sentence += (f' Its last valid inspection ({iso(from_seconds(last_valid))[:10]}) is '
                     'overdue.')
    return sentence


def _round(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(float(value), 4)

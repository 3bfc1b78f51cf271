# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Times in messages: never wrapped past builtin_interfaces/Time's int32 seconds (2038)."""

from builtin_interfaces.msg import Time
import pytest
from rclpy.serialization import deserialize_message, serialize_message

from subtle_diff_ros.inspection.times import parse_time
from subtle_diff_ros.msg import AssetReport
from subtle_diff_ros.ros.conversions import asset_report_msg, time_msg

LAST = '2038-01-19T03:14:07Z'  # the last whole second a ROS time holds


def _report(onset, crossing, last_valid):
    axis = {'axis': 'brightness', 'direction': -1, 'delta_jnd': -4.9,
            'slope_jnd_per_week': -0.0045, 'slope_interval': [-0.0047, -0.0038],
            'onset': onset, 'limit_jnd': 8.0, 'limit_crossed': False,
            'limit_crossing': crossing}
    return {'asset': 'cup', 'status': 'warn', 'axes': [axis],
            'sentence': 'The cup is darker since 2020-03-01.', 'overdue': False,
            'last_valid_inspection': last_valid, 'inspections': 29, 'valid_inspections': 29,
            'false_alarms': 0, 'commissioning': {'complete': True}}


def _sent(report) -> AssetReport:
    """Return the message as a subscriber receives it (serialised and read back)."""
    return deserialize_message(serialize_message(asset_report_msg(report, Time())), AssetReport)


@pytest.mark.parametrize('seconds', [2 ** 31, 2 ** 31 + 0.5, 2208988800.0, 32503680000.0, 1e300,
                                     float('inf'), float('nan')])
def test_a_time_no_ros_time_holds_is_zero_not_wrapped(seconds):
    assert time_msg(seconds) == Time()


@pytest.mark.parametrize('seconds, sec, nanosec', [
    (None, 0, 0), (0.0, 0, 0), (1.25, 1, 250_000_000), (-0.5, -1, 500_000_000),
    (1.9999999999, 2, 0), (2 ** 31 - 1, 2 ** 31 - 1, 0), (-2 ** 31, -2 ** 31, 0)])
def test_a_time_a_ros_time_holds_is_kept(seconds, sec, nanosec):
    assert time_msg(seconds) == Time(sec=sec, nanosec=nanosec)


def test_a_limit_crossing_after_2038_is_sent_as_zero_with_a_note():
    """A crossing projected for 2040 reached subscribers as 1903-12-13."""
    sent = _sent(_report('2020-03-01T00:00:00Z', '2040-01-18T14:22:39.242Z',
                         '2026-05-24T00:00:00Z'))
    assert sent.axes[0].limit_crossing == Time()
    assert sent.axes[0].onset == Time(sec=int(parse_time('2020-03-01T00:00:00Z').timestamp()))
    assert sent.last_valid_inspection.sec == int(parse_time('2026-05-24T00:00:00Z').timestamp())
    assert sent.sentence == (
        'The cup is darker since 2020-03-01. The limit crossing of brightness '
        '(2040-01-18T14:22:39.242Z) is sent as zero: a ROS time holds none from '
        '2038-01-19T03:14:08Z on.')


def test_every_time_of_a_report_after_2038_is_sent_as_zero():
    sent = _sent(_report('2039-01-01T00:00:00Z', '2999-12-31T00:00:00Z', '2039-02-01T00:00:00Z'))
    assert Time() == sent.axes[0].onset == sent.axes[0].limit_crossing
    assert sent.last_valid_inspection == Time()
    assert sent.sentence.endswith(
        ' The onset of brightness (2039-01-01T00:00:00Z) and the limit crossing of brightness '
        '(2999-12-31T00:00:00Z) and the last valid inspection (2039-02-01T00:00:00Z) are sent as '
        'zero: a ROS time holds none from 2038-01-19T03:14:08Z on.')


def test_times_up_to_2038_are_sent_as_they_are_without_a_note():
    sent = _sent(_report(None, LAST, LAST))
    assert sent.axes[0].onset == Time()
    assert sent.axes[0].limit_crossing == sent.last_valid_inspection == Time(sec=2 ** 31 - 1)
    assert sent.sentence == 'The cup is darker since 2020-03-01.'

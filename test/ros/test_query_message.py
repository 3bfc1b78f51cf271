# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""DifferenceQuery -> ParsedQuery message: every field, the part axes and unparsed text."""

from subtle_diff_ros.ros.conversions import parsed_query_msg
from subtle_diff_ros.text import parse_difference, raw_text_query


def test_parsed_query_carries_presence_and_how_it_was_read():
    """A presence query keeps its axis, part and the reader ('rules')."""
    msg = parsed_query_msg(parse_difference('The kettle in image 2 is missing its lid.',
                                            fallback=False))
    assert (msg.axis, msg.direction, msg.subject, msg.part) == ('presence', -1, '2', 'lid')
    assert (msg.positive_text, msg.negative_text) == ('kettle without a lid', 'kettle with a lid')
    assert msg.parsed and msg.parsed_by == 'rules'


def test_unparsed_text_is_marked_in_the_message():
    """A text the parser could not read travels as positive_text with parsed false."""
    msg = parsed_query_msg(raw_text_query('the one with the chipped rim'))
    assert not msg.parsed and msg.parsed_by == '' and msg.axis == '' and msg.direction == 0
    assert msg.positive_text == 'the one with the chipped rim' and msg.subject == 'asked'


def test_the_axes_a_query_leaves_out_travel_in_the_message():
    """Carry the axes left out: "the glossier but darker cup" leaves out brightness."""
    msg = parsed_query_msg(parse_difference('the glossier but darker cup', fallback=False))
    assert msg.axis == 'glossiness' and list(msg.other_axes) == ['brightness']
    assert list(parsed_query_msg(parse_difference('the darker cup')).other_axes) == []

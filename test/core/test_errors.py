# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""Error messages quote user inputs shortened and name no Python objects."""

import io

from PIL import Image, UnidentifiedImageError
import pytest
from subtle_diff_ros.core.errors import QueryParseError, quote, reason
from subtle_diff_ros.text.parser import parse_difference


def test_quote_keeps_short_inputs_and_shortens_long_ones():
    assert quote('hinge') == "'hinge'"
    long = 'x' * 10000
    assert quote(long) == f"'{'x' * 80}'… (10000 characters)"


def test_reason_drops_object_reprs():
    with pytest.raises(UnidentifiedImageError) as caught:
        Image.open(io.BytesIO(b'not an image'))
    assert 'BytesIO' in str(caught.value)
    assert reason(caught.value) == 'cannot identify image file'


@pytest.mark.parametrize('text', ['the blorpier one ' * 6000, 'image 7 ' * 10000,
                                  'the ' + 'x' * 100000])
def test_a_long_text_gives_a_short_error(text):
    """A text past the length limit is refused at once, saying how long it is."""
    with pytest.raises(QueryParseError) as refused:
        parse_difference(text, fallback=False)
    assert len(str(refused.value)) < 500
    assert f'{len(text)} characters, over the limit of 1000' in str(refused.value)


def test_a_text_under_the_limit_that_is_not_read_is_quoted_shortened():
    text = 'the blorpier one ' * 50
    with pytest.raises(QueryParseError) as refused:
        parse_difference(text, fallback=False)
    assert len(str(refused.value)) < 500 and 'characters)' in str(refused.value)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Selection and description by asking a vision-language model, as the paper asks its VLMs.

Description (Task 2) asks the captioner for one comparative sentence and rewrites what it says
into the Subtle-Diff style ("The cup in Image 1 is darker than in Image 2."): the rule-based
parser reads the axis, the direction and the image the sentence is about, and ``wording`` says it
about Image 1. Sentences the parser cannot read are kept as the model wrote them; a plain "no
difference" answer becomes the explicit abstention sentence. Selection (Task 1) shows the two
candidates as Image A and Image B and asks which one the sentence calls Image 1.
"""

import re
from typing import Optional, Sequence, Tuple

import numpy as np

from ...core.axes import require_attribute
from ...core.decide import decide
from ...core.errors import QueryParseError, SubtleDiffError
from ...core.query import ASKED, DifferenceQuery
from ...core.results import DifferenceDescription, SelectionResult
from ...core.wording import comparative_sentence, no_difference_sentence
from ...text import parse_difference
from ...vision.image_io import crop_images

# Names of the two candidates in a selection prompt: not "Image 1/2", which the sentence uses.
SELECTION_LABELS = ('Image A', 'Image B')

SELECTION_QUESTION = ('Which image is Image 1 in this description: "{text}"? Answer Image A or '
                      'Image B.')
COMMAND_QUESTION = 'Which image fits this request: "{text}"? Answer Image A or Image B.'

# A plain statement that the two images do not differ.
_NO_DIFFERENCE = re.compile(
    r'\b(?:no|not\s+any|without\s+any)\s+(?:[a-z-]+\s+){0,2}?(?:differences?|changes?)\b'
    r'|\b(?:identical|indistinguishable)\b|\bthe\s+same\b|\bnothing\s+(?:is\s+)?different\b'
    r"|\b(?:can\s*not|can't|could\s*n[o']t|do\s*n[o']t|does\s*n[o']t)\s+"
    r'(?:see|tell|spot|find|notice|detect)\b', re.I)
# Words that turn "the same" into "the same ... but Image 1 is darker".
_CONTRAST = re.compile(r'\b(?:but|except|however|although|though|whereas|yet)\b', re.I)
_SENTENCE_END = re.compile(r'(?<=[.!?])\s+|\n+')
_NAMED_ANSWER = re.compile(r'\bimage\s*([ab])\b|\b(first|second)\s+(?:image|one|picture)\b',
                           re.I)
_LETTER_ANSWER = re.compile(r'^\W*([ab])(?:\W*$|[.:,)]|\s+is\b)', re.I)


def first_sentence(text: str) -> str:
    """Return the first non-empty sentence or line of ``text``, stripped."""
    for piece in _SENTENCE_END.split(str(text).strip()):
        if piece.strip():
            return piece.strip()
    return ''


def says_no_difference(sentence: str) -> bool:
    """Return True when ``sentence`` plainly says the two images do not differ."""
    return bool(_NO_DIFFERENCE.search(sentence))


def _readable_query(sentence: str, attribute: str) -> Optional[DifferenceQuery]:
    """Return the parsed sentence when it compares Image 1 and 2 in ``attribute``, else None."""
    try:
        query = parse_difference(sentence, attribute)
    except QueryParseError:
        return None
    if query.subject not in (1, 2) or query.attribute != attribute:
        return None
    return query


def normalise_caption(caption: str, attribute: str, object_name: Optional[str] = None,
                      backend: str = 'vlm',
                      image_size: Tuple[int, int] = (0, 0)) -> DifferenceDescription:
    """
    Return a VLM's caption as a DifferenceDescription in the Subtle-Diff style.

    The first sentence is parsed with ``attribute`` as the hint. When it names a difference of
    that attribute between Image 1 and Image 2, it is re-worded about Image 1 ("Image 2 is darker
    than image 1" becomes "The cup in Image 1 is brighter than in Image 2."), with the caller's
    ``object_name`` (else the one the caption names); a hue sentence about Image 2 ("Image 2 is
    redder") is kept as written, since Image 1 is not thereby of the opposite hue. A sentence
    that plainly says there is no difference ("no difference", "identical", "the same", without
    "but" or "except") becomes the abstention sentence with ``no_difference`` True. Anything
    else is returned as written.
    Raises SubtleDiffError for an empty caption.
    """
    sentence = first_sentence(caption)
    if not sentence:
        raise SubtleDiffError('the VLM returned an empty caption')
    query = _readable_query(sentence, attribute)
    abstains = says_no_difference(sentence)
    if query is not None and not (abstains and not _CONTRAST.search(sentence)):
        direction = query.direction if query.subject == 1 else -query.direction
        if query.axis == 'hue' and direction < 0:
            # "Image 2 is redder": Image 1 is not thereby greener, and "less reddish" says
            # less than the model did, so the model's sentence stays as it is.
            text = sentence
        else:
            text = comparative_sentence(query.axis, direction, object_name or query.object,
                                        query.part, query.hue)
        return DifferenceDescription(sentence=text, no_difference=False, attribute=attribute,
                                     axis=query.axis, direction=direction, backend=backend,
                                     image_size=image_size)
    if abstains:
        return DifferenceDescription(sentence=no_difference_sentence(attribute),
                                     no_difference=True, attribute=attribute, backend=backend,
                                     image_size=image_size)
    return DifferenceDescription(sentence=sentence, no_difference=False, attribute=attribute,
                                 backend=backend, image_size=image_size)


def read_answer(answer: str) -> Optional[int]:
    """
    Return 0 when ``answer`` picks Image A, 1 for Image B, None when it names neither.

    The first "Image A/B" (or "the first/second image") counts; a bare letter counts only as the
    whole answer or its first word ("B.", "(A)", "B is darker"), so the article "a" is not read
    as an answer.
    """
    text = str(answer)
    named = _NAMED_ANSWER.search(text)
    if named is not None:
        if named.group(1):
            return 0 if named.group(1).lower() == 'a' else 1
        return 0 if named.group(2).lower() == 'first' else 1
    letter = _LETTER_ANSWER.search(text)
    if letter is not None:
        return 0 if letter.group(1).lower() == 'a' else 1
    return None


def query_sentence(query: DifferenceQuery) -> str:
    """Return the query's own text, or for a query built without one a sentence that says it."""
    if query.text.strip():
        return query.text.strip()
    if query.subject == ASKED:
        return f'the {query.positive_text}'
    sentence = comparative_sentence(query.axis, query.direction, query.object, query.part,
                                    query.hue)
    if query.subject == 2:  # the same words about Image 2: swap the image numbers
        sentence = re.sub(r'Image ([12])', lambda m: f'Image {3 - int(m.group(1))}', sentence)
    return sentence


class VlmBackend:
    """
    A DifferenceBackend that asks a VlmCaptioner (or any object with its ``ask``/``caption``).

    crop_padding: the margin kept around a mask's bounding box, as a fraction of the box.
    """

    # A text the parser could not read is asked as it is.
    reads_raw_text = True

    def __init__(self, captioner, name: str = 'vlm', crop_padding: float = 0.1):
        """Ask ``captioner`` every question; see the class docstring for the options."""
        self.captioner = captioner
        self.name = name
        self.model = str(getattr(captioner, 'name', 'vlm'))
        self.device = str(getattr(captioner, 'device', 'cpu'))
        self.crop_padding = float(crop_padding)

    def select(self, images: Sequence[np.ndarray], query: DifferenceQuery,
               method: Optional[str] = None, masks=None) -> SelectionResult:
        """
        Ask which of two images the query's sentence calls Image 1 (or a command asks for).

        The named image scores 1 and the other 0 (confidence 0.73, the softmax of the two
        scores); an answer naming neither image scores both 0, which picks the first image with
        confidence 0.5. More than two candidates raise SubtleDiffError.
        """
        if method not in (None, 'vlm'):
            raise SubtleDiffError(f'the vlm backend has no method {method!r}; use vlm or none')
        if len(images) != 2:
            raise SubtleDiffError(f'the vlm backend compares exactly two images, got '
                                  f'{len(images)}')
        template = COMMAND_QUESTION if query.subject == ASKED else SELECTION_QUESTION
        answer = self.captioner.ask(crop_images(images, masks, self.crop_padding),
                                    SELECTION_LABELS, template.format(text=query_sentence(query)))
        picked = read_answer(answer)
        scores = [0.0, 0.0]
        if picked is not None:
            scores[picked] = 1.0
        choice, margin, confidence = decide(scores, ASKED, rank=query.rank,
                                            excluded=query.excluded, only=query.only)
        return SelectionResult(choice=choice, scores=scores, margin=margin,
                               confidence=confidence, method='vlm', backend=self.name,
                               query=query)

    def describe(self, image_1: np.ndarray, image_2: np.ndarray, attribute: str,
                 object_name: Optional[str] = None, masks=None) -> DifferenceDescription:
        """Ask for one comparative sentence on ``attribute`` and word it about Image 1."""
        require_attribute(attribute)
        first, second = crop_images([image_1, image_2], masks, self.crop_padding)
        caption = self.captioner.caption(first, second, attribute, object_name)
        size = (int(np.shape(image_1)[1]), int(np.shape(image_1)[0]))
        return normalise_caption(caption, attribute, object_name, backend=self.name,
                                 image_size=size)

# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
"""
Read a word the lexicon does not know as one it does, or leave it alone.

Two steps, for a lower-case word that is not a lexicon form:

1. Word forms (lemminflect's English dictionary): an adjective, adverb or verb form whose lemma
   is a lexicon form reads as that lemma ("yellowed" -> "yellow"). Words that can be nouns are
   left alone ("more lights" counts lights, it is not brightness).
2. Spelling (rapidfuzz): a word that the dictionary does not know, that is at least
   ``MIN_LENGTH`` letters long and is no chat word, is corrected to the closest lexicon form
   within an edit distance (optimal string alignment) of 1 for words of up to 5 letters and 2
   for longer ones. Up to 5 letters only letters left out, two letters swapped, one doubled
   or one vowel written for another count ("drker", "smoth", "wdier", "widee", "grean"; "taler"
   reads "taller", not "paler"); longer
   words also allow a wrong letter ("glossyer"). The first letter is never the slip. Among the
   closest forms, one the word misses letters of, or one it doubles a letter of ("shinnier":
   shinier, not skinnier), is preferred; when the closest forms still disagree on their
   meaning the word is left alone. A word of four or more letters with no vowel is read as
   the form with the same consonants ("drkr" -> "darker"), when they agree.
   A word no lexicon form is that close to is read as the lexicon form that all the English
   words it is one slip from inflect ("smalest": smallest, small).

English words (lemminflect's dictionary, pyspellchecker's English word list), short words, words
with digits and chat words are never changed, so an unknown word does not turn into an axis by
accident ("peeler" is not "paler").
"""

from functools import lru_cache
from typing import Optional, Tuple

from .lexicon import ABSENT_WORDS, LEXICON, NOT_SLIPS

# Shorter words are never corrected: too many English words lie one letter away.
MIN_LENGTH = 4
# Parts of speech whose lemma may stand for an inflected form.
_LEMMA_TAGS = ('ADJ', 'ADV', 'VERB')


@lru_cache(maxsize=1)
def _vocabulary() -> Tuple[str, ...]:
    """Return the forms a slip may be corrected to: lexicon forms, part-absence words, "fewer"."""
    forms = {w for w in LEXICON if w.isalpha() and len(w) >= MIN_LENGTH - 1}
    return tuple(sorted(forms | set(ABSENT_WORDS) | {'fewer'}))


def _lemmas(word: str) -> dict:
    from lemminflect import getAllLemmas
    return getAllLemmas(word)


# pyspellchecker's English list holds misspellings too, seen a few times: at its floor of 50
# ("taler", a slip of "taller"); real words as rare as "colander" or "plasterer" are above it.
_ENGLISH_FREQUENCY = 50


@lru_cache(maxsize=1)
def _english_checker():
    from spellchecker import SpellChecker
    return SpellChecker(language='en', distance=1)


def is_english(word: str) -> bool:
    """Return True for a word of lemminflect's dictionary or pyspellchecker's English list."""
    return bool(_lemmas(word)) or _english_checker().word_frequency[word] > _ENGLISH_FREQUENCY


# "-ly" adverbs that mean more to the parser than an amount: alike, about, barely, and times.
_NOT_DEGREE_ADVERBS = frozenset((
    'equally', 'identically', 'similarly', 'comparably', 'evenly', 'uniformly', 'nearly',
    'hardly', 'barely', 'scarcely', 'approximately', 'exactly', 'precisely', 'respectively',
    'originally', 'initially', 'previously', 'formerly', 'currently', 'presently', 'recently',
    'lately', 'finally', 'conversely', 'oppositely', 'inversely', 'reversely'))


@lru_cache(maxsize=4096)
def is_degree_adverb(word: str) -> bool:
    """
    Return True for an adverb the lexicon does not list that can only say how much ("markedly").

    lemminflect's dictionary knows it as an adverb and nothing else ("curly", "family" are not),
    it ends in "-ly", and no adjective it is made from is a lexicon form ("brightly", "roughly"
    keep their own senses).
    """
    if not (word.endswith('ly') and word.isalpha() and len(word) >= 6) or word in LEXICON \
            or word in _NOT_DEGREE_ADVERBS or set(_lemmas(word)) != {'ADV'}:
        return False
    bases = (word[:-2], word[:-2] + 'e', word[:-3] + 'y', word[:-1] + 'e', word[:-4])
    return not any(base in LEXICON for base in bases)


def _is_omission(slip: str, form: str) -> bool:
    """Return True when ``slip`` is ``form`` with some letters left out."""
    letters = iter(form)
    return len(slip) < len(form) and all(ch in letters for ch in slip)


def _is_swap(slip: str, form: str) -> bool:
    """Return True when ``slip`` is ``form`` with two neighbouring letters swapped."""
    return len(slip) == len(form) and sorted(slip) == sorted(form)


def _is_doubling(slip: str, form: str) -> bool:
    """Return True when ``slip`` is ``form`` with one letter doubled ("shinnier": shinier)."""
    return len(slip) == len(form) + 1 and any(
        slip[i] == slip[i + 1] and slip[:i] + slip[i + 1:] == form for i in range(len(slip) - 1))


def _is_vowel_slip(slip: str, form: str) -> bool:
    """Return True when ``slip`` is ``form`` with one vowel written for another ("grean")."""
    return len(slip) == len(form) and [
        (a in 'aeiou' and b in 'aeiou') for a, b in zip(slip, form) if a != b] == [True]


def _meaning(form: str):
    senses = LEXICON.get(form, ())
    return tuple((s.axis, s.direction, s.hue) for s in senses) or (form,)


def _skeleton(word: str) -> str:
    """Return the word without its vowels ("darker" -> "drkr")."""
    return ''.join(ch for ch in word if ch not in 'aeiou')


@lru_cache(maxsize=1)
def _skeletons() -> dict:
    """Return lexicon forms by their skeleton (forms of at least four consonants)."""
    found = {}
    for form in _vocabulary():
        if len(_skeleton(form)) >= MIN_LENGTH:
            found.setdefault(_skeleton(form), []).append(form)
    return found


def correct_spelling(word: str) -> Optional[str]:
    """Return the lexicon form that ``word`` is a slip of, or None (see the module docstring)."""
    if len(word) < MIN_LENGTH or not word.isalpha() or word in NOT_SLIPS or word in LEXICON:
        return None
    if not any(ch in 'aeiou' for ch in word):
        # Chat leaves the vowels out ("drkr", "thckr"): the form with those consonants.
        forms = _skeletons().get(word, [])
        if len({_meaning(form) for form in forms}) == 1 and not _lemmas(word):
            return max(forms, key=lambda form: (len(form), form))
    from rapidfuzz import process
    from rapidfuzz.distance import OSA
    limit = 1 if len(word) <= 5 else 2
    found = process.extract(word, _vocabulary(), scorer=OSA.distance, score_cutoff=limit,
                            limit=None)
    # People rarely slip on a word's first letter ("ruffer" is no slip of "buffed").
    found = [f for f in found if f[0][0] == word[0]]
    if len(word) <= 5:
        found = [f for f in found if _is_omission(word, f[0]) or _is_swap(word, f[0])
                 or _is_doubling(word, f[0]) or _is_vowel_slip(word, f[0])]
    if is_english(word):
        return None  # "peeler" is no slip of "paler"
    slips = english_slips(word)
    if not found:
        # "smalest" is one slip from "smallest" only, an inflection of a lexicon form
        readings = {lemma_form(slip) for slip in slips}
        return readings.pop() if len(readings) == 1 and None not in readings else None
    best = min(f[1] for f in found)
    if best > 1 and slips:
        # "stciker" is one slip from "sticker" (two from "stockier"), "yellwed" from "yellowed"
        readings = {lemma_form(slip) or (slip if slip in LEXICON else None) for slip in slips}
        readings.discard(None)
        return readings.pop() if len(readings) == 1 else None
    closest = [f[0] for f in found if f[1] == best]
    omissions = [form for form in closest if _is_omission(word, form)]
    doublings = [form for form in closest if _is_doubling(word, form)]
    closest = omissions or doublings or closest
    if len({_meaning(form) for form in closest}) != 1:
        return None
    return min(closest, key=lambda form: (-len(form), form))


def comparative_slip(word: str) -> Optional[str]:
    """
    Return the comparative an English word before "than" is a slip of, or None.

    One letter left out, two swapped or one doubled, the first letter kept ("is lager than":
    larger, "a shaper edge than": sharper), when the forms that close agree on their meaning.
    """
    if len(word) < MIN_LENGTH or not word.isalpha() or word in LEXICON:
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import OSA
    close = process.extract(word, _vocabulary(), scorer=OSA.distance, score_cutoff=1,
                            limit=None)
    forms = [form for form, _, _ in close
             if form[0] == word[0] and any(sense.comparative for sense in LEXICON.get(form, ()))
             and (_is_omission(word, form) or _is_swap(word, form)
                  or _is_doubling(word, form))]
    if len({_meaning(form) for form in forms}) != 1:
        return None
    return forms[0]


@lru_cache(maxsize=4096)
def english_slips(word: str) -> Tuple[str, ...]:
    """Return the English words ``word`` is one left-out, swapped or doubled letter from."""
    return tuple(sorted(form for form in _english_checker().candidates(word) or ()
                        if form != word and form[0] == word[0] and (
                            _is_omission(word, form) or _is_swap(word, form)
                            or _is_doubling(word, form))))


def _the_swap(slip: str, forms) -> Optional[str]:
    """Return the one form ``slip`` is two swapped letters of, or None (none, or several)."""
    swapped = [form for form in forms if _is_swap(slip, form)]
    return swapped[0] if len(swapped) == 1 else None


@lru_cache(maxsize=4096)
def part_spelling(word: str) -> str:
    """
    Return a part name as it is spelt ("handel" -> "handle", "buttns" -> "buttons").

    A word no dictionary knows, one slip (two for longer words; the first letter kept) from a
    part noun of the lexicon, reads as that noun, and a part's sound-alike as the part ("soul":
    sole); any other word stays as written.
    """
    from .lexicon import PART_NOUNS, PART_SOUND_ALIKES
    lower = word.lower()
    if lower in PART_SOUND_ALIKES:
        return PART_SOUND_ALIKES[lower]
    # lemminflect's dictionary only: pyspellchecker's list has names ("handel").
    if len(lower) < MIN_LENGTH or not lower.isalpha() or lower in PART_NOUNS or _lemmas(lower):
        return word
    if lower.endswith('s') and 'NOUN' in _lemmas(lower[:-1]):
        from lemminflect import getInflection
        plural = getInflection(lower[:-1], tag='NNS')
        if plural and plural[0] != lower:
            return plural[0]  # "shelfs": shelves, "knifes": knives
    from rapidfuzz import process
    from rapidfuzz.distance import OSA
    found = [f for f in process.extract(lower, sorted(PART_NOUNS), scorer=OSA.distance,
                                        score_cutoff=1 if len(lower) <= 5 else 2, limit=None)
             if f[0][0] == lower[0]]
    if not found:
        # a noun of the dictionary one slip away, when only one is ("stciker": sticker)
        nouns = [form for form in english_slips(lower) if 'NOUN' in _lemmas(form)]
        return nouns[0] if len(nouns) == 1 else _the_swap(lower, nouns) or word
    best = min(f[1] for f in found)
    closest = sorted({f[0] for f in found if f[1] == best})
    swap = _the_swap(lower, closest) if len(closest) > 1 else None
    if swap:
        return swap  # "hoels": holes (two letters swapped), not heels
    if len({noun.rstrip('s') for noun in closest}) != 1:
        return word
    # "lidd" is one slip from "lid" and "lids": the number as written
    plural = [noun for noun in closest if noun.endswith('s') == lower.endswith('s')]
    return (plural or closest)[0]


def _made_with_en(verb: str) -> Optional[str]:
    """Return the lexicon form a verb made with "-en" is made from ("widen": wide), or None."""
    if not verb.endswith('en') or len(verb) < 5:
        return None
    stem = verb[:-2]
    for base in (stem, stem + 'e', stem[:-1] if stem[-1] == stem[-2] else None):
        if base and base in LEXICON:
            return base  # "darken", "widen", "redden", "flatten"
    return None


def lemma_form(word: str) -> Optional[str]:
    """
    Return the lexicon form that is the lemma of an inflected ``word``, or None.

    A verb made with "-en" reads as what it is made from: "has widened" is wider, "reddened"
    redder.
    """
    if word in LEXICON or not word.isalpha():
        return None
    lemmas = _lemmas(word)
    if 'NOUN' in lemmas:
        return None
    for tag in _LEMMA_TAGS:
        for lemma in lemmas.get(tag, ()):
            if lemma != word and lemma in LEXICON:
                return lemma
    for lemma in lemmas.get('VERB', ()):
        base = _made_with_en(lemma)
        if base:
            return base
    return None


@lru_cache(maxsize=4096)
def known_form(word: str) -> Optional[str]:
    """Return the lexicon form a word the lexicon does not know reads as, or None."""
    if word in LEXICON:
        return None
    return lemma_form(word) or correct_spelling(word)

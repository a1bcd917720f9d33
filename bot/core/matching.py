"""Match a runner's free text to the closest theme.

:class:`ThemeMatcher` scores every theme for a piece of text with evidence of
falling strength, all built once from the library:

1. the theme's ``keywords`` (phrases of any length, longest match first);
2. the words of the theme's name and description;
3. the tags of the theme's entries;
4. the words and word pairs of the entries' titles and bodies, weighted by how
   much more often a theme's entries use them than the other themes' do.

Text is lowercased, accents and punctuation dropped, contractions closed up
("don't" -> "dont"), and words cut to a rough stem ("running", "runs" -> "run";
"injuries" -> "injury"). An age ("I'm 58", "58 years old", "turning 60", "in
my 70s") becomes the word ``age``, and a numeric keyword such as ``"50"`` stands
for any age, so "50 miles" is not an age but "I'm 50" is.

Crisis is read separately, before any matching: see :mod:`bot.core.crisis`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.content import Library

__all__ = ["MomentMatcher", "ThemeMatcher", "normalise_words", "stem"]

# How much each kind of evidence is worth. A keyword outweighs everything but
# several pieces of weaker evidence agreeing.
KEYWORD_WEIGHT = 3.0
PHRASE_BONUS = 1.0  # per extra word of a multi-word keyword: phrases are more specific
NAME_WEIGHT = 1.0
TAG_WEIGHT = 1.0
TEXT_WEIGHT = 0.6
TEXT_PAIR_FACTOR = 1.5  # a word pair from the entries counts more than a single word
MIN_SCORE = 0.3  # below this the evidence is noise: no theme matches
MAX_NGRAM = 3

STOPWORDS = frozenset(
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
        "are", "arent", "as", "at", "be", "because", "been", "before", "being", "below", "between",
        "both", "but", "by", "can", "cant", "could", "couldnt", "did", "didnt", "do", "does",
        "doesnt", "doing", "dont", "down", "during", "each", "even", "ever", "every", "few", "for",
        "from", "further", "get", "got", "had", "hadnt", "has", "hasnt", "have", "havent", "having",
        "he", "hed", "hell", "hes", "her", "here", "heres", "hers", "herself", "him", "himself",
        "his", "how", "hows", "i", "id", "ill", "im", "ive", "if", "in", "into", "is", "isnt", "it",
        "its", "itself", "just", "lets", "like", "me", "more", "most", "much", "must", "mustnt",
        "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
        "ought", "our", "ours", "ourselves", "out", "over", "own", "really", "same", "shant", "she",
        "shed", "shell", "shes", "should", "shouldnt", "so", "some", "such", "than", "that",
        "thats", "the", "their", "theirs", "them", "themselves", "then", "there", "theres", "these",
        "they", "theyd", "theyll", "theyre", "theyve", "this", "those", "through", "to", "too",
        "under", "until", "up", "upon", "us", "very", "was", "wasnt", "we", "wed", "well", "were",
        "weve", "werent", "what", "whats", "when", "whens", "where", "wheres", "which", "while",
        "who", "whos", "whom", "why", "whys", "will", "with", "wont", "would", "wouldnt", "you",
        "youd", "youll", "youre", "youve", "your", "yours", "yourself", "yourselves", "one", "two",
        "yet", "still", "ago", "back", "way", "thing", "lot",
        # Every theme is about running: the word itself tells them apart not at all.
        "run", "ran", "runs", "running", "runner", "runners",
    }
)

# ---------------------------------------------------------------- normalising

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_CONTRACTION_RE = re.compile(r"(?<=[a-z])'(?=[a-z])")
_WORD_RE = re.compile(r"[a-z0-9]+")
_AGE_SUFFIX_RE = re.compile(r"^(\d{2,3})(s|yo|yrs?|yos)$")
_TENS = {
    "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_DECADE_WORDS = frozenset(
    {"thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"}
)
_UNITS = frozenset(
    {
        "k", "km", "kms", "mi", "mile", "miles", "m", "metre", "metres", "meter", "meters", "min",
        "mins", "minute", "minutes", "sec", "secs", "second", "seconds", "s", "h", "hr", "hrs",
        "hour", "hours", "day", "days", "week", "weeks", "month", "months", "kg", "kgs", "lb",
        "lbs", "pound", "pounds", "stone", "percent", "pc", "x", "times", "lap", "laps", "rep",
        "reps", "degree", "degrees", "mph", "kph", "bpm", "am", "pm", "marathon", "marathons",
        "race", "races", "run", "runs", "parkrun", "parkruns", "people", "runners", "members",
        "steps", "calories", "st", "nd", "rd", "th",
    }
)
_AGE_BEFORE = frozenset(
    {"im", "am", "aged", "age", "turned", "turning", "turn", "turns", "nearly", "almost",
     "over", "at", "reached", "reaching", "hit", "hitting", "now", "past", "pushing"}
)
_AGE_AFTER = frozenset({"year", "years", "yrs", "yr", "yo", "y"})
MIN_AGE, MAX_AGE = 30, 110
AGE_WORD = "age"


def _fold(text: str) -> str:
    """Lowercase, drop accents, close up contractions ("don't" -> "dont")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _CONTRACTION_RE.sub("", text.lower().translate(_APOSTROPHES))


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _TENS.get(word)


def _is_age(words: Sequence[str], i: int, value: int) -> bool:
    """Whether the number at ``words[i]`` is somebody's age."""
    if not MIN_AGE <= value <= MAX_AGE:
        return False
    following = words[i + 1] if i + 1 < len(words) else ""
    if following in _AGE_AFTER:
        return True
    if following in _UNITS:
        return False
    before = words[max(0, i - 3) : i]
    if before and before[-1] in _AGE_BEFORE:
        return True
    return "age" in before or "aged" in before  # "at the age of 58"


def _mark_ages(words: list[str]) -> list[str]:
    """Replace numbers that are ages, and decades of life, with :data:`AGE_WORD`."""
    marked: list[str] = []
    for i, word in enumerate(words):
        if word in _DECADE_WORDS:
            marked.append(AGE_WORD)
            continue
        suffixed = _AGE_SUFFIX_RE.match(word)
        if suffixed and MIN_AGE <= int(suffixed.group(1)) <= MAX_AGE:
            marked.append(AGE_WORD)
            continue
        value = _number(word)
        if value is not None and _is_age(words, i, value):
            marked.append(AGE_WORD)
            continue
        marked.append(word)
    return marked


def stem(word: str) -> str:
    """A rough, consistent stem: plurals, -ing, -ed and a final -e come off.

    Not a linguist's stemmer; it only has to send the same word family to the
    same key on both sides of the match ("races", "racing", "raced" -> "rac").
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if (word.endswith("ies") and len(word) > 4) or (word.endswith("ied") and len(word) > 4):
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) >= 3 and any(v in base for v in "aeiouy"):
                word = base
            break
    if len(word) > 3 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousy":
        word = word[:-1]  # running -> run, stopped -> stop, marshalling -> marshal
    return word


def normalise_words(text: str) -> list[str]:
    """The stemmed words of ``text``, ages marked, in order (stopwords kept)."""
    words = _WORD_RE.findall(_fold(text))
    return [stem(w) for w in _mark_ages(words)]


_STEMMED_STOPWORDS = frozenset(stem(w) for w in STOPWORDS)


def _content_ngrams(words: Sequence[str], longest: int = MAX_NGRAM) -> Iterator[str]:
    """Runs of 1..``longest`` consecutive non-stopwords, joined by spaces."""
    run: list[str] = []
    for word in [*words, ""]:
        if word and word not in _STEMMED_STOPWORDS and not word.isdigit():
            run.append(word)
            continue
        for size in range(1, longest + 1):
            for start in range(len(run) - size + 1):
                yield " ".join(run[start : start + size])
        run = []


def _keyword_words(keyword: str) -> tuple[str, ...]:
    """A keyword's stemmed words; a keyword that is an age ("50") means any age."""
    if keyword.strip().isdigit() and MIN_AGE <= int(keyword) <= MAX_AGE:
        return (stem(AGE_WORD),)
    return tuple(normalise_words(keyword))


# ---------------------------------------------------------------- the matcher

Weights = tuple[tuple[int, float], ...]


class ThemeMatcher:
    """Scores themes for free text; build once per library with :meth:`from_library`."""

    def __init__(
        self,
        theme_ids: Sequence[str],
        phrases: dict[str, list[tuple[tuple[str, ...], Weights]]],
        features: dict[str, Weights],
    ) -> None:
        self.theme_ids = tuple(theme_ids)
        self._index = {theme_id: i for i, theme_id in enumerate(self.theme_ids)}
        self._phrases = phrases
        self._features = features

    @classmethod
    def from_library(cls, library: Library) -> ThemeMatcher:
        """Index the library's keywords, names, descriptions, tags and entry text."""
        theme_ids = list(library.themes)
        index = {theme_id: i for i, theme_id in enumerate(theme_ids)}
        return cls(
            theme_ids,
            _keyword_phrases(library, index),
            _features(library, index),
        )

    def scores(self, text: str, allowed_theme_ids: Iterable[str] | None = None) -> dict[str, float]:
        """Every allowed theme's score for ``text`` (zero when nothing matched it)."""
        allowed = self._allowed(allowed_theme_ids)
        totals = [0.0] * len(self.theme_ids)
        words = normalise_words(text)
        i = 0
        while i < len(words):
            for phrase, weights in self._phrases.get(words[i], ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    for theme, weight in weights:
                        totals[theme] += weight
                    i += len(phrase)
                    break
            else:
                i += 1
        for term in set(_content_ngrams(words)):
            for theme, weight in self._features.get(term, ()):
                totals[theme] += weight
        return {self.theme_ids[t]: totals[t] for t in sorted(allowed)}

    def match(self, text: str, allowed_theme_ids: Iterable[str] | None = None) -> str | None:
        """The closest allowed theme for ``text``, or None when nothing matches at all.

        Ties go to the theme listed first in the library, so the answer is
        always the same for the same text and library.
        """
        best_id, best = None, MIN_SCORE
        for theme_id, score in self.scores(text, allowed_theme_ids).items():
            if score >= best + 1e-9:
                best_id, best = theme_id, score
        return best_id

    def _allowed(self, allowed_theme_ids: Iterable[str] | None) -> set[int]:
        if allowed_theme_ids is None:
            return set(range(len(self.theme_ids)))
        if isinstance(allowed_theme_ids, str):
            allowed_theme_ids = [allowed_theme_ids]
        return {self._index[t] for t in allowed_theme_ids if t in self._index}


def _keyword_phrases(
    library: Library, index: dict[str, int]
) -> dict[str, list[tuple[tuple[str, ...], Weights]]]:
    """Keyword phrases by first word, longest first; shared keywords split their weight."""
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for theme in library.themes.values():
        for keyword in theme.keywords:
            words = _keyword_words(keyword)
            if words:
                owners[words].add(index[theme.id])
    phrases: dict[str, list[tuple[tuple[str, ...], Weights]]] = defaultdict(list)
    for words, themes in owners.items():
        weight = (KEYWORD_WEIGHT + PHRASE_BONUS * (len(words) - 1)) / len(themes)
        phrases[words[0]].append((words, tuple((t, weight) for t in sorted(themes))))
    for candidates in phrases.values():
        candidates.sort(key=lambda item: (-len(item[0]), item[0]))
    return dict(phrases)


def _features(library: Library, index: dict[str, int]) -> dict[str, Weights]:
    """Weights of every word and word run from names, descriptions, tags and entry text."""
    weights: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    theme_count = len(index)

    # Names and descriptions: each word shared among the themes that use it.
    name_owners: dict[str, set[int]] = defaultdict(set)
    for theme in library.themes.values():
        for term in _content_ngrams(normalise_words(f"{theme.name}. {theme.description}"), 1):
            name_owners[term].add(index[theme.id])
    for term, themes in name_owners.items():
        for t in themes:
            weights[term][t] += NAME_WEIGHT / len(themes)

    # Tags: a tag's weight goes to themes in proportion to how often they use it.
    tag_counts: dict[str, Counter[int]] = defaultdict(Counter)
    # Entry text: in how many of a theme's entries each word or pair appears.
    text_counts: dict[str, Counter[int]] = defaultdict(Counter)
    entries_per_theme: Counter[int] = Counter()
    for entry in library.entries.values():
        position = index.get(entry.theme)
        if position is None:
            continue
        entries_per_theme[position] += 1
        tag_terms: set[str] = set()
        for tag in entry.tags:
            tag_terms.update(_content_ngrams(normalise_words(tag.replace("-", " "))))
        for term in tag_terms:
            tag_counts[term][position] += 1
        for term in set(_content_ngrams(normalise_words(f"{entry.title}. {entry.body}"), 2)):
            text_counts[term][position] += 1

    for term, counts in tag_counts.items():
        total = sum(counts.values())
        for t, count in counts.items():
            weights[term][t] += TAG_WEIGHT * count / total

    spread = math.log(theme_count) if theme_count > 1 else 1.0
    for term, counts in text_counts.items():
        rates = {t: c / entries_per_theme[t] for t, c in counts.items()}
        total_rate = sum(rates.values())
        specificity = math.log(theme_count / len(counts)) / spread if theme_count > 1 else 1.0
        if specificity <= 0:
            continue
        factor = TEXT_WEIGHT * specificity * (TEXT_PAIR_FACTOR if " " in term else 1.0)
        for t, rate in rates.items():
            confidence = min(1.0, counts[t] / 2)
            weights[term][t] += factor * confidence * rate / total_rate

    return {
        term: tuple(sorted((t, w) for t, w in by_theme.items() if w > 0))
        for term, by_theme in weights.items()
    }


# ---------------------------------------------------------------- moments


class MomentMatcher:
    """Finds a race moment (a ``moment`` tag: taper, a PB, a DNF…) in free text.

    Each moment tag's ``keywords`` in ``content/tags.yaml`` are matched as whole
    phrases on the same normalised words as themes ("DNF'd" → "dnf", "tapering" →
    "taper"); the longest phrase found wins, then the tag listed first.
    """

    def __init__(self, phrases: Sequence[tuple[tuple[str, ...], str]]) -> None:
        self._phrases = sorted(phrases, key=lambda item: -len(item[0]))

    @classmethod
    def from_library(cls, library: Library) -> MomentMatcher:
        """The moment tags of the library's vocabulary and their keywords."""
        if library.tags is None:
            return cls([])
        phrases = []
        for name in library.tags.group("moment"):
            for keyword in library.tags.tags[name].keywords:
                words = tuple(normalise_words(keyword))
                if words:
                    phrases.append((words, name))
        return cls(phrases)

    def match(self, text: str) -> str | None:
        """The moment tag ``text`` is about, or None."""
        words = normalise_words(text)
        for phrase, name in self._phrases:
            size = len(phrase)
            if any(tuple(words[i:i + size]) == phrase for i in range(len(words) - size + 1)):
                return name
        return None

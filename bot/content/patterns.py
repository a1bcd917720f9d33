"""Measured patterns of the library: the sameness an editor notices after a month of posts.

Pure functions over entries (no I/O). ``secondwind content stats --patterns`` prints
them (:mod:`bot.content.pattern_table`) and ``tests/content/test_library.py`` pins
the caps defined here, so writers, the command and the test share one definition.

What is measured, and the decisions behind each detector:

- **Contrast construction** (:func:`has_contrast`): the rhetorical turn "it's not X,
  it's Y" in its usual shapes. Detected by sentence-level regexes after apostrophes
  are normalised (straight, curly or missing: ``it's``/``it’s``/``its``,
  ``isn't``/``isnt``). Counted shapes:

  1. a negated copula clause followed, after ``, ; : — -`` or a sentence end, by a
     positive clause with a pronoun or the same subject: "It's not X. It's Y",
     "X isn't Y; it's Z", "It's not about X, it's about Y", "isn't X — it's Y",
     "You're not slow. You're new", "Rest isn't weakness. Rest is training";
  2. corrective "not X, but Y": a bare ``not`` (or ``isn't``/``wasn't``…) then at most
     eight words, then ``but`` and a phrase rather than a clause. "I wasn't fast, but
     I finished" is a concession, not a contrast: ``but`` followed by a pronoun, an
     auxiliary or a past-tense verb within three words starts a clause and is skipped;
  3. "less X than Y" where X is a phrase ("less a race than a reunion", "less about
     pace than patience") or both sides are single words ("less brave than stubborn");
     "less than a mile" and "less time than I hoped" are plain comparisons.

  Not counted: a plain "not", questions, the elliptical "Not X. Y." and the inverted
  "Y, not X" — the brief's cap was set for the shapes above.

- **Imperative ending** (:func:`ends_in_imperative`): the last sentence of the body
  is an order to the reader: it opens (after an optional "just", "so", "now",
  "then", "and", "please", "always") with a verb from :data:`IMPERATIVE_VERBS`, or
  with "don't"/"do not", or "never" + one of those verbs; a leading clause is read
  past ("When it hurts, stop.", "Tomorrow, rest."). Not counted: questions,
  "You can…", "Let's…" (a "we" line, which the brief asks for), dialogue (a last
  sentence that opens with a quotation mark), and a verb-looking word used as a
  subject ("Rest is training.": the next word is a finite verb).

- **Watched words** (:data:`WATCHED_WORDS`): the setting words and props of the
  brief's "Measured patterns", each matched as a whole word with its plural and
  inflected forms (``rain``/``rains``/``rainy``/``raining``, never ``train`` or
  ``brain``), in the title and body; an entry counts once per watched word.
  "bus" does not count a "bus stop" (its own word); "wind" does not count
  "second wind".

- **Units** (:func:`mentions_miles`, :func:`mentions_kilometres`): miles are
  ``mile``/``miles`` (also in "half-mile", "mile-long"; not "milestone") and ``mi``
  after a number; kilometres are ``km``/``kms``, ``kilometre``/``kilometer`` and
  plurals, a number followed by ``k``/``km`` ("5K", "10k", "21.1k", "5 km"), and a
  lone ``k`` after a counting word ("the last k", "two k to go"). Metres (track
  distances) count as neither. An entry may mention both.

- **Voice and level tags**: counts and shares of the tag groups of the vocabulary
  (:mod:`bot.content.vocabulary`); an entry with no voice tag counts under ``(none)``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from bot.content.model import Entry

# --- caps the library test pins (shares of entries) ---------------------------------------
CONTRAST_CAP = 0.12
IMPERATIVE_CAP = 0.35
WATCHED_CAP = 0.02
VOICE_MIN = 0.15
LEVEL_MIN = 0.25
REPEATED_SENTENCE_WORDS = 8
NEAR_DUPLICATE = 0.5

VOICES = ("coach", "clubmate", "veteran", "light")
LEVELS = ("new", "regular", "competitive")
NO_VOICE = "(none)"

# --- text helpers ---------------------------------------------------------------------------
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = str.maketrans({"\u2014": " — ", "\u2013": " — "})
# A sentence ends at . ! ? or … (plus closing quotes and emphasis), or at a line break.
_END, _CLOSE = r"[.!?\u2026]", r"[\"'\u201d*_)\]]"
_SENTENCE_END_RE = re.compile(
    rf"(?:(?<={_END})|(?<={_END}{_CLOSE})|(?<={_END}{_CLOSE}{_CLOSE}))\s+|\n+")
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SHINGLE_WORD_RE = re.compile(r"[a-z']+")


def normalise(text: str) -> str:
    """Lowercase text with one kind of apostrophe and spaced dashes, for the detectors."""
    return text.translate(_APOSTROPHES).translate(_DASHES).lower()


def sentences(text: str) -> list[str]:
    """The sentences of a text, split at ``. ! ? …`` and at line breaks; stripped, non-empty."""
    return [s.strip() for s in _SENTENCE_END_RE.split(text.translate(_APOSTROPHES)) if s.strip()]


def words(text: str) -> list[str]:
    """The lowercase words of a text (apostrophes normalised, punctuation dropped)."""
    return _WORD_RE.findall(normalise(text))


# --- contrast ------------------------------------------------------------------------------
_COPULA_NOT = (
    r"(?:\b(?:is|was|are|were|am)\s+not\b"
    r"|\b(?:it|that|this|he|she|there|what|who|here)'?s\s+not\b"
    r"|\b(?:you|we|they)'?re\s+not\b|\bi'?m\s+not\b"
    r"|\b(?:is|was|are|were|ai)n'?t\b)"
)
# The positive clause of shape 1 opens with a pronoun and a copula, or with the subject of the
# negated clause again ("Rest isn't weakness. Rest is training"). "were" needs its apostrophe
# to read as "we're".
_POSITIVE_CLAUSE = (
    r"(?:(?:it|that|there|what|he|she)'?s|(?:you|they)'?re|we're|i'?m"
    r"|(?:it|that|this|they|he|she|you|we|i|there|what)\s+(?:is|are|was|were|am)"
    r"|(?P<same>[a-z]+)\s+(?:is|are|was|were))\b(?!\s+(?:not|never)\b)"
)
_CLAUSE_SEPARATOR = r"(?:\s*[,;:]\s*|\s+—\s+|\s+-\s+|[.!]\s+)"
# Shape 1: negated copula, X, separator, positive clause.
_NEGATED_THEN_POSITIVE_RE = re.compile(
    rf"(?:\b(?P<subject>[a-z]+)\s+)?{_COPULA_NOT}"
    rf"[^.!?;:—\n]{{1,80}}?{_CLAUSE_SEPARATOR}[\"*_]*{_POSITIVE_CLAUSE}"
)
# Subjects that are pronouns: "it isn't X, it is Y" is matched by the pronoun branch.
_SUBJECT_SKIP = frozenset({"it", "that", "this", "he", "she", "there", "what", "who", "here",
                           "you", "we", "they", "i", "and", "but", "so"})
# Shape 2: corrective "not X, but Y".
_NOT_BUT_RE = re.compile(
    r"(?:\bnot|\b(?:is|was|are|were)n'?t)\b"
    r"(?:,?\s+[\w'-]+){1,8}?,?\s+but\s+(?P<y>[\w' -]+)"
)
_CLAUSE_START = frozenset({
    "i", "you", "he", "she", "we", "they", "it", "there", "this", "that", "these", "those",
    "then", "still", "now", "somehow", "when", "if", "as", "once", "so", "yet", "i'm", "i'd",
    "i've", "i'll", "you're", "you've", "it's", "that's", "there's", "we're", "they're",
    "he's", "she's", "nobody", "nothing", "everyone", "everything", "someone", "something",
})
_FINITE = frozenset({
    "is", "was", "are", "were", "has", "had", "have", "will", "would", "could", "can", "did",
    "does", "do", "got", "kept", "came", "went", "said", "ran", "made", "took", "felt", "knew",
    "saw", "told", "gave", "left", "let", "might", "must", "should", "shall", "may", "'s",
})
# Shape 3: "less X than Y".
_LESS_THAN_RE = re.compile(
    r"\bless\s+(?P<x>(?:a|an|about|of|like|for|to do with|a matter of)\b[^.!?;]{1,60}?"
    r"|[a-z]+)\s+than\s+(?P<y>[a-z']+)(?P<rest>[^.!?;,]*)"
)
_PLAIN_COMPARISON = frozenset({
    "i", "you", "he", "she", "we", "they", "it", "usual", "expected", "before", "ever",
    "last", "planned", "anyone", "everyone", "normal", "hoped", "needed", "that", "this",
})


def _negated_then_positive(text: str) -> bool:
    for match in _NEGATED_THEN_POSITIVE_RE.finditer(text):
        same = match["same"]
        if same is None or (same == match["subject"] and same not in _SUBJECT_SKIP):
            return True
    return False


def _not_but(text: str) -> bool:
    for match in _NOT_BUT_RE.finditer(text):
        after = match["y"].split()[:3]
        if not after or after[0] in _CLAUSE_START:
            continue
        if any(w in _FINITE or (len(w) > 3 and w.endswith("ed")) for w in after):
            continue
        return True
    return False


def _less_than(text: str) -> bool:
    for match in _LESS_THAN_RE.finditer(text):
        y = match["y"]
        if y in _PLAIN_COMPARISON or y.isdigit():
            continue
        # A phrase after "less" ("less a race than…"), or one word on each side
        # ("less brave than stubborn").
        if " " in match["x"] or not match["rest"].strip():
            return True
    return False


def has_contrast(text: str) -> bool:
    """Whether ``text`` turns on a contrast construction (see the module docstring)."""
    parts = sentences(normalise(text))
    # Shape 1 may run over a sentence end, so it reads each sentence with the next.
    return any(
        _negated_then_positive(" ".join(parts[i:i + 2])) or _not_but(part) or _less_than(part)
        for i, part in enumerate(parts)
    )


# --- imperative endings ---------------------------------------------------------------------
IMPERATIVE_VERBS = frozenset({
    "accept", "add", "aim", "allow", "answer", "ask", "back", "be", "begin", "believe", "book",
    "breathe", "bring", "build", "call", "carry", "celebrate", "change", "check", "choose",
    "claim", "close", "come", "count", "cross", "do", "drink", "drop", "ease", "eat", "embrace",
    "enjoy", "fill", "find", "finish", "fix", "follow", "forget", "forgive", "get", "give", "go",
    "hang", "hear", "hold", "honour", "honor", "hug", "ignore", "imagine", "keep", "kick", "know",
    "lace", "lay", "lean", "learn", "leave", "let", "lift", "listen", "look", "love", "make",
    "meet", "mind", "move", "name", "note", "notice", "open", "own", "pack", "pick", "picture",
    "pin", "plan", "play", "practise", "practice", "promise", "pull", "push", "put", "raise",
    "read", "relax", "remember", "repeat", "rest", "return", "run", "save", "savour", "savor",
    "say", "see", "set", "settle", "show", "sign", "sit", "skip", "sleep", "slow", "smile",
    "soften", "spend", "stand", "start", "stay", "step", "stop", "stretch", "swap", "take",
    "talk", "tell", "thank", "think", "tie", "treat", "trust", "try", "turn", "use", "wait",
    "walk", "warm", "watch", "wave", "wear", "welcome", "write"
})
_IMPERATIVE_LEADS = frozenset({"just", "so", "now", "then", "and", "please", "always", "but",
                               "simply", "only", "still"})
# Openers of a leading clause: "When it hurts, stop." is read from "stop".
_LEADING_CLAUSE = frozenset({"when", "whenever", "if", "before", "after", "until", "once",
                             "while", "tomorrow", "today", "tonight", "for", "on", "next",
                             "at", "from", "this", "whatever", "wherever", "however"})
_SUBJECT_FOLLOWERS = frozenset({
    "enough", "is", "was", "are", "were", "has", "had", "will", "would", "can", "could",
    "does", "did", "matters", "counts", "helps", "takes", "makes", "comes", "goes", "isn't",
    "wasn't", "days", "day", "club", "clubs", "stop", "line", "week",
})
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def last_sentence(text: str) -> str:
    """The body's last sentence, without emphasis markers (``*`` and ``_``)."""
    parts = sentences(text)
    return parts[-1].strip("*_ ") if parts else ""


def ends_in_imperative(text: str) -> bool:
    """Whether ``text`` ends on an order to the reader (see the module docstring)."""
    last = last_sentence(text)
    if not last or last.rstrip(_QUOTES + "*_ ").endswith("?") or last[0] in _QUOTES:
        return False
    if _opens_with_imperative(words(last)):
        return True
    lead, comma, main = last.partition(",")
    lead_words = words(lead)
    return bool(comma) and bool(lead_words) and lead_words[0] in _LEADING_CLAUSE and \
        _opens_with_imperative(words(main))


def _opens_with_imperative(tokens: list[str]) -> bool:
    while tokens and tokens[0] in _IMPERATIVE_LEADS:
        tokens = tokens[1:]
    if not tokens:
        return False
    first, rest = tokens[0], tokens[1:]
    if first in ("don't", "dont") or (first == "do" and rest[:1] == ["not"]):
        return True
    if first == "never":
        return bool(rest) and rest[0] in IMPERATIVE_VERBS
    return first in IMPERATIVE_VERBS and not (rest and rest[0] in _SUBJECT_FOLLOWERS)


# --- watched setting words and props --------------------------------------------------------
def _alternatives(*forms: str) -> str:
    return "|".join(f.replace(" ", r"[\s-]?") for f in forms)


WATCHED_WORDS: dict[str, str] = {
    "rain": _alternatives("rain", "rains", "rainy", "raining", "rained", "rainfall"),
    "drizzle": _alternatives("drizzle", "drizzly", "drizzling", "drizzled"),
    "sleet": _alternatives("sleet", "sleety", "sleeting"),
    "snow": _alternatives("snow", "snows", "snowy", "snowing", "snowed", "snowfall"),
    "fog": _alternatives("fog", "fogs", "foggy", "fogged"),
    "frost": _alternatives("frost", "frosts", "frosty", "frosted"),
    "ice": _alternatives("ice", "icy", "iced"),
    "wind": r"(?<!second )(?<!second-)(?:wind|winds|windy|windier|windiest)",
    "mud": _alternatives("mud", "muddy", "muddier", "muddied"),
    "puddle": _alternatives("puddle", "puddles"),
    "bin": _alternatives("bin", "bins", "binned"),
    "lamppost": _alternatives("lamp post", "lamp posts"),
    "streetlight": _alternatives("street light", "street lights", "street lamp", "street lamps"),
    "bus stop": _alternatives("bus stop", "bus stops"),
    "bus": r"(?:bus|buses|busses)(?![\s-]stops?\b)",
    "postbox": _alternatives("post box", "post boxes", "pillar box", "pillar boxes"),
    "towpath": _alternatives("tow path", "tow paths"),
    "canal": _alternatives("canal", "canals"),
    "river": _alternatives("river", "rivers"),
    "bridge": _alternatives("bridge", "bridges"),
    "harbour": _alternatives("harbour", "harbours", "harbor", "harbors"),
    "beach": _alternatives("beach", "beaches"),
    "pier": _alternatives("pier", "piers"),
    "bench": _alternatives("bench", "benches"),
    "kitchen": _alternatives("kitchen", "kitchens"),
    "kettle": _alternatives("kettle", "kettles"),
    "sofa": _alternatives("sofa", "sofas"),
    "car park": _alternatives("car park", "car parks"),
    "roundabout": _alternatives("roundabout", "roundabouts"),
    "pavement": _alternatives("pavement", "pavements"),
    "garden": _alternatives("garden", "gardens", "gardening"),
    "allotment": _alternatives("allotment", "allotments"),
    "buggy": _alternatives("buggy", "buggies"),
    "pram": _alternatives("pram", "prams"),
    "night shift": _alternatives("night shift", "night shifts"),
    "alarm": _alternatives("alarm", "alarms"),
    "headtorch": _alternatives("head torch", "head torches"),
    "hi-vis": _alternatives("hi vis", "hi viz", "high vis", "high viz"),
    "foil blanket": _alternatives("foil blanket", "foil blankets"),
    "banana": _alternatives("banana", "bananas"),
    "gel": _alternatives("gel", "gels"),
    "coffee": _alternatives("coffee", "coffees"),
    "tea": _alternatives("tea", "teas"),
    "biscuit": _alternatives("biscuit", "biscuits"),
    "cake": _alternatives("cake", "cakes"),
    "medal": _alternatives("medal", "medals"),
    "hospital": _alternatives("hospital", "hospitals"),
    "church": _alternatives("church", "churches"),
    "pub": _alternatives("pub", "pubs"),
    "café": _alternatives("café", "cafe", "cafés", "cafes"),
    "school gate": _alternatives("school gate", "school gates"),
    "bakery": _alternatives("bakery", "bakeries"),
    "dog": _alternatives("dog", "dogs"),
}
"""Watched word → regex of its forms. A space in a form also matches a hyphen or nothing
(``lamp post``/``lamp-post``/``lamppost``). Matched case-insensitively as whole words."""

_WATCHED_RES = {word: re.compile(rf"\b(?:{forms})\b")
                for word, forms in WATCHED_WORDS.items()}


def watched_words(text: str) -> set[str]:
    """The watched words (their :data:`WATCHED_WORDS` names) that ``text`` uses."""
    plain = normalise(text)
    return {word for word, pattern in _WATCHED_RES.items() if pattern.search(plain)}


def entry_text(entry: Entry) -> str:
    """Title and body: what a reader sees, and what the word measures read."""
    return f"{entry.title}\n{entry.body}"


# --- miles and kilometres -------------------------------------------------------------------
_COUNTING = ("last|first|final|next|each|every|per|a|one|two|three|four|five|six|seven|eight|"
             "nine|ten|half|few|couple of")
_MILES_RE = re.compile(r"\bmiles?\b|\d\s?mi\b")
_KILOMETRES_RE = re.compile(
    rf"\bkms?\b|\bkilomet(?:re|er)s?\b|\d\s?k(?:m|ms)?\b|\b(?:{_COUNTING})\s+ks?\b"
)


def mentions_miles(text: str) -> bool:
    """Whether ``text`` counts distance in miles (see the module docstring)."""
    return bool(_MILES_RE.search(normalise(text)))


def mentions_kilometres(text: str) -> bool:
    """Whether ``text`` counts distance in kilometres; "5K" counts (module docstring)."""
    return bool(_KILOMETRES_RE.search(normalise(text)))


# --- measures over entries ------------------------------------------------------------------
@dataclass(frozen=True)
class PatternCounts:
    """How many of ``entries`` show each pattern; shares are of ``entries``."""

    entries: int
    contrast: int
    imperative: int
    miles: int
    kilometres: int
    watched: Counter[str] = field(default_factory=Counter)
    voices: Counter[str] = field(default_factory=Counter)
    levels: Counter[str] = field(default_factory=Counter)

    def share(self, count: int) -> float:
        """``count`` as a share of the entries (0 when there are none)."""
        return count / self.entries if self.entries else 0.0


def measure(
    entries: Iterable[Entry], voices: Sequence[str] = VOICES, levels: Sequence[str] = LEVELS
) -> PatternCounts:
    """Count every measured pattern over ``entries``.

    ``voices`` and ``levels`` are the tags of those groups: the vocabulary's when one is
    loaded (``Library.tags``), else the brief's.
    """
    voices_known, levels_known = frozenset(voices), frozenset(levels)
    total = contrast = imperative = miles = kilometres = 0
    watched: Counter[str] = Counter()
    voice_counts: Counter[str] = Counter()
    level_counts: Counter[str] = Counter()
    for entry in entries:
        total += 1
        contrast += has_contrast(entry.body)
        imperative += ends_in_imperative(entry.body)
        text = entry_text(entry)
        miles += mentions_miles(text)
        kilometres += mentions_kilometres(text)
        watched.update(watched_words(text))
        voice_counts.update([t for t in entry.tags if t in voices_known] or [NO_VOICE])
        level_counts.update(t for t in entry.tags if t in levels_known)
    return PatternCounts(total, contrast, imperative, miles, kilometres, watched, voice_counts,
                         level_counts)


def _sentence_key(sentence: str) -> tuple[str, ...]:
    """A sentence's words, for comparing sentences across case, spacing and punctuation."""
    return tuple(words(sentence))


def repeated_sentences(
    entries: Iterable[Entry], min_words: int = REPEATED_SENTENCE_WORDS
) -> dict[str, list[str]]:
    """Sentences of ``min_words`` or more words that occur more than once in ``entries``.

    Keys are the normalised sentence (lowercase words joined by spaces); values are the
    ids of the entries where it occurs, once per occurrence (a refrain repeated inside
    one entry counts too: the brief says "anywhere").
    """
    seen: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for entry in entries:
        for sentence in sentences(entry.body):
            key = _sentence_key(sentence)
            if len(key) >= min_words:
                seen[key].append(entry.id)
    return {" ".join(key): ids for key, ids in seen.items() if len(ids) > 1}


def shingles(text: str) -> set[tuple[str, ...]]:
    """The word 3-grams of a text (the text itself when shorter), for near-duplicates."""
    found = _SHINGLE_WORD_RE.findall(normalise(text))
    if len(found) < 3:
        return {tuple(found)}
    return {tuple(found[i:i + 3]) for i in range(len(found) - 2)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Jaccard similarity of two sets (0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def near_duplicates(
    entries: Sequence[Entry], threshold: float = NEAR_DUPLICATE
) -> list[tuple[str, str, float]]:
    """Pairs of entries whose bodies' 3-gram Jaccard similarity is at least ``threshold``."""
    sets = {e.id: shingles(e.body) for e in entries}
    return [
        (a.id, b.id, round(score, 2))
        for a, b in combinations(entries, 2)
        if (score := jaccard(sets[a.id], sets[b.id])) >= threshold
    ]

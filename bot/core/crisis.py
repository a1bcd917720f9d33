"""Notice when a member's free text says they are in danger.

The first version's patterns, behind the two-level interface the use cases call
(:func:`assess` → :class:`CrisisLevel`). A detector built by category against a
labelled corpus replaces them.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class CrisisLevel(StrEnum):
    """How worried to be about a text."""

    NONE = "none"
    DISTRESS = "distress"
    DANGER = "danger"


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_CONTRACTION_RE = re.compile(r"(?<=[a-z])'(?=[a-z])")

def _fold(text: str) -> str:
    """Lowercase, drop accents, close up contractions ("don't" -> "dont")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _CONTRACTION_RE.sub("", text.lower().translate(_APOSTROPHES))


_LEET = str.maketrans({"1": "i", "!": "i", "3": "e", "0": "o", "4": "a", "@": "a", "$": "s",
                       "5": "s", "7": "t", "|": "l"})
_SPACED_LETTERS_RE = re.compile(r"\b(?:[a-z][ .\-_*]+){2,}[a-z]\b")
_ME = r"(?:my\s*self|myself|me)"
_MYSELF = r"(?:my\s*sel+f+|mysel+f+|meself|myslef|my\s*self)"
_NEG = r"(?:dont|do\s+not|dnt|don|doesnt|no\s+longer|never)"
_WANT = r"(?:want(?:ed)?|wanna|wana|wish|need)"

_CRISIS_PATTERNS = [
    # Suicide, suicidal, and the usual misspellings.
    r"\bs+u+[iy1]?[cs]+[iy1]*d+(?:e|es|al|ality|ing)?\b",
    r"\bsuicid",
    r"\bsewer\s*slide\b",
    r"\bunalive\w*\b",
    # Killing oneself, ending one's life.
    rf"\bk+i+l+(?:s|ed|ing|in)?\s*{_MYSELF}",
    r"\b(?:to|gonna|wanna|will|might|should|i|just|literally|could|gon)\s+kms\b",
    r"\b(?:end|ending|ended|take|taking|took)\s+(?:my|me)\s+(?:own\s+)?(?:life|lyfe)\b",
    r"\b(?:end|ending|ended)\s+it\s+all\b",
    r"\b(?:end|ending)\s+(?:everything|things)\b",
    r"\b(?:want|wanted|wanna|going|gonna|planning|plan|thinking\s+about|think\s+about)\s+"
    r"(?:to\s+)?end\s+it\b",
    r"\bit\s+all\s+to\s+(?:end|stop)\b",
    rf"\b(?:hang|hanging|drown|drowning|shoot|shooting|poison|poisoning|starve)\s*{_MYSELF}",
    r"\boverdos(?:e|ing|ed)\b",
    r"\bjump(?:ing)?\s+(?:off|from)\s+(?:a|the|this|that)\s+(?:bridge|building|roof|cliff)",
    r"\b(?:jump|step|throw\s+myself)\s+in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|car|lorry|truck)",
    # Wanting to die or not to exist.
    rf"\b(?:i\s+)?{_WANT}\s+(?:to\s+)?d+i+e+\b(?!\s+(?:of|from|laughing|happy)\b)",
    r"\b(?:wish|wished)\s+i\s+(?:was|were|had)\s+(?:dead|gone|never\s+been\s+born|not\s+born)",
    r"\b(?:wish|wished)\s+i\s+(?:could|would)\s+(?:just\s+)?(?:die|disappear|not\s+wake)",
    r"\bwish\s+i\s+(?:wasnt|werent)\s+(?:alive|here|born)",
    r"\b(?:better\s+off|rather\s+be)\s+dead\b",
    r"\bbetter\s+off\s+without\s+me\b",
    r"\b(?:ready|deserve)\s+to\s+die\b",
    rf"\b{_NEG}\s+(?:really\s+)?(?:want|wanna|wish)\s+(?:to\s+)?(?:live|be\s+alive|exist)\b"
    r"(?!\s+(?:in|near|there|abroad|somewhere)\b)",
    rf"\b{_NEG}\s+(?:really\s+)?(?:want|wanna)\s+(?:to\s+)?"
    r"(?:wake\s+up|go\s+on|carry\s+on|be\s+around|keep\s+living|keep\s+going)\s*"
    r"(?:[.!?,;]|$|any\s*more|any\s+longer|like\s+this|ever\s+again|tomorrow\s*(?:[.!?,;]|$))",
    rf"\b{_NEG}\s+(?:really\s+)?(?:want|wanna)\s+(?:to\s+)?be\s+here\s+"
    r"(?:any\s*more|any\s+longer|on\s+(?:this\s+)?earth|in\s+this\s+world|alive|ever)\b",
    rf"\b{_NEG}\s+(?:really\s+)?(?:want|wanna)\s+(?:to\s+)?be\s+here\s*(?:[.!?,;]|$)",
    r"\b(?:no|not\s+any|zero)\s+(?:reason|point)\s+(?:to|in|for)\s+"
    r"(?:live|living|being\s+alive|being\s+here|going\s+on|carrying\s+on|existing|me)\b",
    r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b",
    r"\b(?:life|living)\s+(?:is\s+|isnt\s+|is\s+not\s+|aint\s+)?(?:not\s+)?worth\s+(?:it|living)\b",
    r"\bnot\s+worth\s+living\b",
    r"\b(?:tired|sick)\s+of\s+(?:living|being\s+alive|life|existing)\b",
    r"\bcant\s+(?:go\s+on|live|keep\s+living|take\s+(?:it|this|any\s*more)|do\s+(?:this|it))"
    r"\s+(?:any\s*more|any\s+longer|like\s+this)\b",
    r"\bcant\s+go\s+on\s*(?:[.!?,;]|$)",
    r"\bgive(?:n)?\s+up\s+on\s+(?:life|living|everything|myself)\b",
    r"\bgiving\s+up\s+on\s+(?:life|living|everything)\b",
    r"\b(?:sleep|go\s+to\s+sleep)\s+and\s+(?:never|not)\s+wake\s+up\b",
    r"\bhope\s+i\s+(?:dont|never|do\s+not)\s+wake\s+up\b",
    rf"\b{_WANT}\s+(?:to\s+)?be\s+dead\b",
    r"\bdisappear\s+(?:forever|for\s+good|for\s+ever)\b",
    rf"\b{_WANT}\w*\s+(?:to\s+)?(?:go\s+to\s+)?sleep\s+(?:forever|for\s+ever|and\s+not)\b",
    r"\b(?:a|such\s+a)\s+burden\s+(?:to|on)\s+(?:everyone|everybody|my\s+family|them|others)\b",
    # Self-harm.
    r"\bself\s*[-_ ]?\s*harm(?:s|ed|ing|er)?\b",
    r"\bs\s*h\s+(?:again|relapse)\b",
    rf"\b(?:harm|harming|harmed)\s*{_MYSELF}",
    rf"\b(?:cut|cutting|burn|burning|starving)\s*{_MYSELF}\s*(?:again|on\s+purpose|[.!?,;]|$)",
    rf"\b(?:want\w*|wanna|going|gonna|urge|urges|tempted|thinking\s+(?:about|of)|"
    rf"think\s+about|thought\s+about|feel\s+like|might|need|planning|plan)\s+"
    rf"(?:to\s+)?(?:hurt|hurting|harm|harming|cut|cutting|punish|punishing)\s*{_ME}\b",
    rf"\b(?:hurt|hurting)\s*{_MYSELF}\s*(?:again|on\s+purpose|deliberately|[.!?,;]|$)",
    rf"\bkeep\s+(?:hurting|cutting|harming)\s*{_MYSELF}\s*(?:[.!?,;]|$|again|on\s+purpose)",
]
_CRISIS_RE = re.compile("|".join(f"(?:{p})" for p in _CRISIS_PATTERNS))

# Running talk that the patterns above would otherwise catch.
_NOT_CRISIS_RE = re.compile(
    r"\bsuicides?\s+(?:sprints?|drills?|shuttles?|runs?|intervals?|reps?|lines?|hills?)\b"
    r"|\b(?:do|did|doing|done|run|ran|running)\s+suicides\b"
    # Body parts and gadgets wanting to die are tired legs and flat batteries.
    r"|\b(?:legs?|lungs?|calf|calves|quads?|feet|knees?|hamstrings?|body|watch|garmin|phone)"
    r"\s+(?:want|wanted|wanna|wants)\s+to\s+die\b"
)


def _crisis_forms(text: str) -> list[str]:
    """The text as written and with digits read as letters, spaced-out letters joined."""
    folded = _fold(text)
    folded = re.sub(r"[\u200b-\u200d\ufeff]", "", folded)
    folded = re.sub(r"(.)\1{2,}", r"\1\1", folded)  # "diiiie" -> "diie"
    forms = [folded]
    leet = re.sub(r"\S+", lambda m: m.group().translate(_LEET) if re.search("[a-z]", m.group())
                  else m.group(), folded)
    if leet != folded:
        forms.append(leet)
    for form in list(forms):
        joined = _SPACED_LETTERS_RE.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group()), form)
        if joined != form:
            forms.append(joined)
    cleaned = []
    for form in forms:
        form = re.sub(r"[^a-z0-9.!?,;\s]", " ", form)
        cleaned.append(re.sub(r"\s+", " ", form).strip())
    return cleaned


def looks_like_crisis(text: str) -> bool:
    """Whether ``text`` suggests suicidal thoughts, self-harm or a crisis.

    Errs towards care: ambiguous phrasing that could be about a runner's life
    counts; running talk ("this hill is killing me", "dead legs") does not.
    """
    if not text or not text.strip():
        return False
    for form in _crisis_forms(text):
        without_drills = _NOT_CRISIS_RE.sub(" ", form)
        if _CRISIS_RE.search(without_drills):
            return True
    return False


def assess(text: str) -> CrisisLevel:
    """DANGER for what the patterns catch; this first version knows no DISTRESS."""
    return CrisisLevel.DANGER if looks_like_crisis(text) else CrisisLevel.NONE

"""Notice when a member's free text says they are in danger, or in distress.

:func:`assess` reads one text (an ``/encourage about:`` request, a story
submission, a cheer note, a console line) and answers a :class:`CrisisLevel`:

``DANGER``
    The writer may be about to harm themselves or is harming themselves. The
    caller sends the private support answer and nothing else.
``DISTRESS``
    The writer is struggling, with no danger in the words. The caller adds a
    gentle line pointing to support, then answers as usual.
``NONE``
    Everything else, including running talk that borrows the words of danger.

How a text is read
------------------
1. :func:`normalise` folds the spellings a detector must see through: case;
   accents; curly, missing and doubled apostrophes ("don’t", "dont" -> "dont";
   "I'll" -> "i will"); zero-width and other invisible characters; look-alike
   Cyrillic and Greek letters; full-width and "mathematical" letters; letters
   stretched out ("dieeee" -> "die"); letters spaced out, all with spaces or
   all with the same mark between ("s u i c i d e", "k.m.s", but "d i e. I"
   is "die" then a new sentence); dots between letters ("end.my.life");
   digits and symbols for letters inside words ("su1c1d3", "k1ll"), but never
   in distances ("10k", "800s"); chat spellings ("wanna", "gonna", "tonite",
   "rn", "lyf", "mylife", "life's" -> "life is"), a few dialect words (Swiss
   and Bavarian "nümme", "nimma") and common slips ("wnat", "myslef"); the
   emoji that carry the meaning (a gun, a headstone, a skull). The result is
   lower-case ASCII words and punctuation marks, one space apart.
2. One scan finds every place where a rule starts: a single expression shaped
   like a trie of the rules' first letters, so it is one pass over the text
   however many rules there are. At each place the rules that start there are
   tried, danger first. The scan stops at the first danger; after the first
   distress it stops trying distress rules (one is enough) but reads on, since
   danger may come later.
3. Each match is weighed by its rule's guard, which asks what the phrase is
   *about*: a body part, a session, a race, a PB, a gadget, a drill, a unit, an
   accident, an ailment, an occasion. "My legs want to die", "wanted to die on
   rep 8", "killing myself with these double days", "10 kms", "suicide
   sprints", "cut myself shaving", "I'm not safe running on that icy road",
   "how many paracetamol would it take to shift this headache" are not danger.
   A guard never looks for a listed sentence: it looks at the words next to
   the match, and only where they can be about the same thing
   (:meth:`_Reading.running_scope`): the match's sentence up to the end of its
   clause; a later clause only when it points back ("..., these hills are
   killing me"), when the match points ahead with "this" and the next clause
   starts by naming running ("I can't do this anymore, 5am runs are wrecking
   me"), or after a colon.
4. Preparations are weighed together: one strong sign ("I've written my
   goodbye letters", "after I'm gone") is enough, two different weaker ones
   ("my last run" + "thank you all for everything") are, unless the writer's
   own future is spoken of next to the weaker sign: where they will be ("see
   you Sunday", "moving to Leeds", "on holiday") in its sentence or the ones
   either side, or when and for how long ("for a few weeks", "from January") in
   its sentence.
5. A friend who is the writer: when the text says the other person is the
   writer ("asking for a friend ... the friend is me", "It's me", "someone I
   know (me)", "hypothetically", "it's not really a story"), it is read again
   with that person as the writer, for danger only.

Categories
----------
DANGER, any tense and person of the writer ("I tried to kill myself", "I'm
going to end my life", "part of me wants to die"):

- explicit intent: kill/end/take my life, suicide and its misspellings,
  "want to die", "I'm going to kill myself", "top myself", "do myself in";
- passive wishes: better off without me (or "in the ground"), hope I don't
  wake up, wish I'd never been born, hoping a car clips me or my heart gives
  out or the illness takes me, asking God to take me in my sleep, envy of the
  dead, indifference to one's own death ("wouldn't bother me if the plane
  went down", not looking when crossing the road), relief at bad news,
  waiting to die, "to not be here anymore", the fastest or least painful way
  to go;
- hopelessness about life itself: nothing to live for, done with life (even
  "done. with life."), can't go on, no way out, no light at the end, can't
  do this anymore (unless "this" is running), "it gets better ... it never
  has", no future I want to be alive for, can't picture being alive next
  year, won't make it through the week, "I want out";
- method or plan: saving pills, buying or taking them in quantity ("40
  paracetamol", "every pill in the house", "neck all my pills", pills and
  vodka), questions about doses, heights and timings ("how many would it
  take", "which bridge has no fence", "how long before the cold does it", "if
  I stop my insulin"), a rope, a beam that would hold my weight, a bridge, a
  train or a garage with the engine running, a date picked, "I know how I'd do
  it", making it look like an accident, means at hand ("the razor's in my
  hand", "take the pills off me");
- preparations and farewells: goodbye letters and notes for the family (in
  six languages), giving things away and "won't need them", affairs in order,
  a funeral planned, life insurance that pays out, clothes to be found in,
  sparing others ("so nobody's left with my debts", "less for Mum to go
  through"), a future without the writer ("I won't be around much longer",
  "can't promise I'll still be here", "don't expect to be around", "won't be
  coming back", "this is the last time I'll post", "or any after that"),
  quiet farewells (thanks for everything, you've all been lovely, a goodbye
  at the very end, at peace with it, "he doesn't know why yet", "by the time
  anyone reads this"), "if you don't hear from me";
- self-harm past or present: cutting, burning, hitting myself, "the urge to
  hurt myself", hiding it ("long sleeves so nobody sees my arms", "hide fresh
  cuts"), self-punishment ("I deserve the pain", eating nothing as
  punishment), pills on purpose, nails dug in, relapse;
- "not safe": I'm not safe, don't trust myself tonight, scared of what I
  might do, someone stop me, "I'm on the bridge", "I'm a danger to myself",
  "I'm going to do something stupid" (in six languages), "really close to
  doing it", can't hold the urges off much longer;
- shorthand and euphemism: kms, unalive, sewerslide, ctb, catch the bus,
  self-delete, game end, permanently logging off, "si" and "sui" for suicidal
  ideation, a gun or headstone emoji aimed at oneself;
- the same in Spanish, French, German, Dutch and Portuguese, in each
  language's own idioms and word order: leaving this world, throwing oneself
  under a train or off a balcony, taking all the pills, better not to wake,
  wanting everything to stop, "when I'm no longer here", nobody will miss me,
  "I don't see it any more" ("ik zie het niet meer zitten"), a last message.

DISTRESS, with no danger words: a dark place ("head's not in a good place",
"proper low", "in bits", "rough patch"), falling apart ("unravelling",
"everything's on fire"), can't cope ("at the end of my rope", "can't deal",
"tensed"), overwhelmed, alone and lonely ("the only people I talk to",
"spent Christmas on my own", "nobody's texted me in a week"), depressed or
anxious ("upped my sertraline", "stopped showering"), crying, grief, hating
oneself, feeling worthless or a burden ("a drag", "a nuisance", "too much for
people", "holding the group back"), "I need help", and the same basics in the
five other languages.

Decisions
---------
- Care wins. When a text holds running talk and a danger statement, it is
  DANGER ("ran my best 10k and I still want to die"). Words such as "still",
  "anyway", "trotzdem", "aun así", "mesmo assim" tie the wish to the writer,
  not the session; "not joking", "for real", "I mean it", "de verdad" switch
  off every running-talk guard, and so do "not running" and "not the race"
  (the writer has said it is not about running).
- Running talk explains a phrase only when it is about the same thing. Said
  before the phrase in its sentence, or after it in its clause, it is ("that
  hill made me want to die", "rather die than run another hill rep"). Said
  later, it is only when it points back ("..., these hills are killing me"),
  names what a pointing "this" was ("I can't do this anymore, 5am runs are
  wrecking me"), or follows a colon. Anything else that comes later ("I can't
  go on, anyone up for the long run Sunday?", "I've put my affairs in order.
  Saving the killer workout for next week") leaves the danger standing: an
  assessment never turns from danger to none because unrelated running talk
  was added after it. The one kind of later words that does count is the
  writer's own future ("see you Sunday"), which answers a farewell whatever
  it is about.
- "kms lol" after a session is DANGER. The same letters are typed as a joke
  after hill reps, but "kms" names one act only, aimed at oneself, and a
  private support message to a joking runner costs a moment while a missed
  one can cost a life. "kms" after a number or a quantity ("10 kms", "the
  last few kms") is a distance.
- "kys" alone is abuse aimed at someone else, not a statement about the
  writer: NONE. "kys is what I tell myself" is DANGER.
- Any mention of suicide (not the drills, not Suicide Hill) is DANGER, even
  about someone else ("my brother died by suicide"): grief after a suicide is
  a known risk, and asking costs little. Other danger about a third person is
  not the writer's, unless the writer says it is ("... the friend is me").
- A wish to die is running talk only when it is tied to a running thing right
  there: the subject is a body part or a gadget ("my legs want to die"), a
  session made the writer feel it ("the last mile made me want to die"), it is
  pinned to a moment of effort ("wanted to die on rep 8", "me quiero morir con
  estas series"), or it is an idiom ("morir de calor", "die of
  embarrassment"). A bare "I want to die", one with the running elsewhere in
  the text, or "I want to die every time I see the hill" (a standing wish,
  however it is triggered) is DANGER, and so is "i want to die, who put a hill
  at mile 12": the hill is asked about, the wish is not tied to it. In Spanish
  "me quiero morir" is everyday hyperbole, but only the same ties make it
  running talk there too.
- "I can't do this anymore", "there's no way out", "I can't go on" are
  DANGER unless their own sentence names running as what "this" is ("I can't
  do this anymore, 5am runs are wrecking me"); if it, or the next sentence,
  also names life ("not running, life"), it is DANGER again. Running named
  only in the next sentence ("I can't do this anymore! 3 more reps?", "Can't
  go on, can't go on... crossed the line five minutes later") does not count:
  that reading would also excuse "I can't do this anymore. Ran today and still
  feel awful".
- Phrases whose meaning is a bare "it" ("really close to doing it", "soon it
  won't hurt anymore") are DANGER unless their sentence, or the one before,
  names the running thing "it" is ("My knee's agony. Soon it won't hurt
  anymore", "Missed sub-20 by 3 seconds. So close to doing it").
- An act that can kill is a method only with a wish, plan or thought of it
  just before ("thinking about jumping off the bridge"); "jumping off the
  bridge at the swim start" is a swim. Acts aimed at oneself ("throw myself
  in front of", "hang myself", "me jeter sous un train") need no intent.
- Questions about lethal doses, heights without fences, or how long a method
  takes are DANGER even when asked "hypothetically" or "for research": the
  asking is the sign. Questions about a dose for an ailment ("for a
  headache", "for my knee") are not.
- Preparations add up: one strong sign (goodbye letters, "after I'm gone",
  giving my things away, a funeral plan) is DANGER, two different weaker
  ones ("my last run" + "thank you all for everything", "gave my watch to my
  nephew" + "won't be needing it") are, unless the writer speaks of their
  own future next to them. Things given away or cleared out for a reason
  said ("old flats", "upgraded", "moving", "before I clear out the garage",
  "running is free") are not a sign; a running thing given away ("my watch
  and all my medals") is one.
- At a high place ("I'm on the bridge") is DANGER unless the writer is
  meeting people or watching a race ("come say hi", "cheering at mile 3").
- Distress never becomes danger on its own: "I hate myself", "I feel like a
  burden", "it's all too much", "I'm not okay" are DISTRESS; "a burden ...
  there's no way out" is DANGER because of the second half.
- Mood words ("I feel so low", "empty", "numb", "lost") are DISTRESS even in
  a sentence about running, unless what follows is running ("low about my
  race"); words that can describe a body or a session ("awful", "flat",
  "struggling", "falling apart", "overwhelmed") are DISTRESS only when their
  sentence is not about running. Crying is DISTRESS, also during a run ("cried
  the whole way round my run"), but not tears of joy (a finish, a PB, a
  finishing time in the sentence before, the marshals' kindness), of effort
  ("nearly cried on the last hill"), or of a start line.
- A distance, a number of reps or a time is running ("10k", "6 x 800",
  "52:14"); a bare number is not ("I'm 34 and it never has").
- Sleeplessness is nerves when a race is in its sentence, before or after
  ("can't sleep, race tomorrow", "can't eat, can't sleep, Boston in 48
  hours"): the race is what keeps the writer awake.

What it cannot do
-----------------
- It reads one text at a time: no context across messages, no knowledge of
  the writer's history, no memory that yesterday's joke is today's plea; within
  a text, a guard looks at the clause and sentence of the match (and, for life
  words and the writer's future, the sentences either side), not at the whole
  story. It does not resolve pronouns: "this" followed by running is taken to
  be the running, "it" looks back one sentence, and that is all.
- Sarcasm, irony and jokes are not understood; jokes that use danger words
  aimed at oneself are taken as meant (see "kms lol"), and a quoted song lyric,
  film line or book title about suicide is DANGER.
- Only English, Spanish, French, German, Dutch and Portuguese, and in the five
  other languages only the common phrasings, a few regional forms and running
  idioms; dialects beyond those, mixing languages within a phrase, and every
  other language are missed.
- New slang and euphemisms are missed until they are added, and so are
  misspellings beyond the folded ones (one slip in a key word, stretched or
  spaced-out letters, digits and look-alike characters for letters) and words
  run together, except the core phrases ("iwanttodie", "killmyself").
- Danger told only by implication is caught only in the families above. On
  tests/crisis_round3.yaml every danger and distress text is caught, but that
  set was read to write the families; on sets of new wording written after
  them, first-reading danger recall was between about 60% and 70%. Kinds
  still missed: a single ambiguous preparation with nothing else ("I've got it
  all planned for Sunday", "Sunday's the day. I'm ready", "made sure the dog's
  going to my sister after"); things at hand with no state said ("I'm in the
  car and I've got the pills"); vague self-erasure ("I feel like I'm
  disappearing and I want to"); farewells that could be a race-day message
  ("sorry I won't be there to see you finish"); third-person framing without
  a sign that the other person is the writer; third-person re-reading is
  word for word, so a reveal with an unusual subject ("my wee brother") is
  missed.
- Running talk so unusual that no guard knows its words fires, and so does
  running talk that comes after a phrase without pointing back ("so close to
  doing it! 20:03 again", "soon it won't hurt anymore, the physio says two
  weeks"). On tests/crisis_round3.yaml two running texts fire, both by the
  decisions above: "i want to die, who put a hill at mile 12" and "Can't go
  on, can't go on... crossed the line five minutes later".
- Phrases that are danger only when they end their sentence ("I've picked the
  day.", "I cut.", "I have a plan.") are not danger when any clause follows
  them, running or not.
- It is a safety net, not an assessment: it cannot tell how serious a risk is,
  and it will sometimes send support to someone who is fine.

:func:`assess` is pure: no I/O, no state between calls. The patterns are
compiled once, at import (a little over a second, most of it the scanner). After
that the cost is linear in the length of the text, with no backtracking that
grows faster than it: a message costs tens of microseconds, and a 4,000-character
story about a millisecond, two to three times what :func:`normalise` alone costs
on it, most for a story with nothing to find, which must be read to the end. A
hostile text that repeats one phrase a guard must weigh each time ("gave my watch
to " three hundred times) costs about ten milliseconds, and twice that at twice
the length (figures: ``bench/crisis.py``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

__all__ = ["CrisisLevel", "assess", "normalise"]


class CrisisLevel(StrEnum):
    """How worried to be about a text.

    Compare with ``is`` or ``==``, not ``<``: as strings the values do not sort by severity.
    """

    NONE = "none"
    DISTRESS = "distress"
    DANGER = "danger"


# ================================================================ normalising

# Emoji that carry the meaning become words; other emoji drop out with the
# rest of non-ASCII. The skull and the dizzy face are "dead", like the word.
_EMOJI_WORDS = {
    "\U0001f52b": "emojigun",  # pistol
    "\U0001f52a": "emojiknife",  # kitchen knife
    "\U0001f5e1": "emojiknife",  # dagger
    "\U0001faa6": "emojigrave",  # headstone
    "\u26b0": "emojigrave",  # coffin
    "\u26b1": "emojigrave",  # funeral urn
    "\U0001f480": "dead",  # skull
    "\u2620": "dead",  # skull and crossbones
    "\U0001f635": "dead",  # face with crossed-out eyes
    "\U0001f48a": "pills",  # pill
    "\U0001faa2": "rope",  # knot
}
# Other apostrophes become the ASCII one. Invisible characters (zero-width spaces and
# joiners, soft hyphens, direction marks, variation selectors) need nothing: like every
# character with no ASCII form, they drop out when the text is folded to ASCII.
_APOSTROPHES = "\u2018\u201b\u02bc\u02bb\u00b4\u2032\uff07"
# Letters from other scripts that look like Latin ones, as used to dodge filters.
_HOMOGLYPHS = dict(zip("аеорсухіјѕкмтвнԁӏοαικντρεϲ", "aeopcyxijskmtbhdloaikvtpec", strict=True))
_UNICODE_WORDS = {
    **{ch: f" {word} " for ch, word in _EMOJI_WORDS.items()},
    **dict.fromkeys(_APOSTROPHES, "'"),
    **_HOMOGLYPHS,
}
# A character class, so that a text costs a callback only where such a character is.
_UNICODE_WORDS_RE = re.compile("[" + re.escape("".join(_UNICODE_WORDS)) + "]")
# After folding to ASCII: "@" and "$" are the letters they stand for, a line break ends
# a sentence, the sentence marks stay (to be spaced out), every other mark is a space.
_KEPT_MARKS = ".!?,;:/"
_MARKS = bytes(
    {"@": ord("a"), "$": ord("s"), "\n": ord(".")}.get(
        chr(c), c if chr(c).isalnum() or chr(c) in _KEPT_MARKS else ord(" ")
    )
    for c in range(256)
)
_STRETCHED_RE = re.compile(r"([a-z])\1\1+")
# Marks and capitals used for letters inside a word: "su!c!de", "ki||", "kiII". Each
# expression starts with its literal character, so a text without it costs nothing.
_BANG_IN_WORD_RE = re.compile(r"!(?<=[a-z]!)(?=[a-z])")
_BAR_IN_WORD_RE = re.compile(r"\|(?<=[a-z0-9]\|)|\|(?=[a-z])")
_CAPITAL_I_RE = re.compile(r"I(?<=[a-z]I)I*")
# A digit next to a letter: the word may be a letter written as a digit ("k1ll").
_DIGIT_IN_WORD_RE = re.compile("[0-9](?:(?<=[a-z][0-9])|(?=[a-z]))")
# A full stop between two letters is not the end of a sentence: words joined by dots
# ("end.my.life", "k.m.s") are words one space apart.
_DOT_IN_WORD_RE = re.compile(r"\.(?<=[a-z]\.)(?=[a-z])")
# Three or more letters standing alone in a row, with spaces or the same kind of mark
# between each: a word spelt out ("s u i c i d e", "k . m . s"). Two are words of their
# own ("plan b"); a letter after a full stop is the next sentence ("d i e. I ...").
_SPACED_OUT_RE = re.compile(r" [a-z](?: +[a-z](?= )){2,}| [a-z](?: +[./:] +[a-z](?= )){2,}")
_NOT_A_LETTER_RE = re.compile("[^a-z]+")
_UNIT_RE = re.compile(
    r"\d+(?:k|ks|km|kms|m|mi|mile|miles|s|x\d*|min|mins|h|hr|hrs|th|st|nd|rd|am|pm|ml"
    r"|kg|kgs|lb|lbs|ish|yo|ft|mph|kph|bpm|w|d)?"
)
_LEET = str.maketrans("013457895", "oieastbgs")
_LEET_L = str.maketrans("1", "l")  # "ki11": a one can be an l as well as an i


def _one_slip_spellings(word: str) -> set[str]:
    """Spellings one slip away from ``word``.

    Two letters swapped; for words of six letters or more, also one letter wrong, missing
    or added (but not at the end: "suicides" is a word of its own).
    """
    letters = "abcdefghijklmnopqrstuvwxyz"
    slips = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    if len(word) >= 6:
        for i in range(len(word) + 1):
            slips.update(word[:i] + c + word[i:] for c in letters)
        for i in range(len(word)):
            slips.add(word[:i] + word[i + 1 :])
            slips.update(word[:i] + c + word[i + 1 :] for c in letters)
    return {slip for slip in slips if not slip.startswith(word)}


# Key words whose one-slip spellings are not other words anyone would type.
_SLIP_TOLERANT = ("want", "myself", "yourself", "suicide", "suicidal", "anymore", "tonight",
                  "alive", "kill")
_CHAT_SPELLINGS = {
    "wanna": "want to", "wana": "want to", "wanan": "want to", "gonna": "going to",
    "gona": "going to", "gunna": "going to", "finna": "going to", "imma": "im going to",
    "ima": "im going to", "gotta": "got to", "tryna": "trying to", "hafta": "have to",
    "cnt": "cant", "cannot": "cant", "dnt": "dont", "dont": "dont", "wont": "wont",
    "didnt": "didnt", "tonite": "tonight", "tonit": "tonight", "2nite": "tonight",
    "2night": "tonight", "2day": "today", "tmrw": "tomorrow", "tmr": "tomorrow",
    "tmrow": "tomorrow", "tmoro": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
    "tomoz": "tomorrow", "rn": "right now", "atm": "at the moment", "bc": "because",
    "cuz": "because", "coz": "because", "cos": "because", "bcuz": "because",
    "pls": "please", "plz": "please", "plez": "please", "ppl": "people", "u": "you",
    "ur": "your", "r": "are", "every1": "everyone", "some1": "someone", "no1": "no one",
    "noone": "no one", "any1": "anyone", "lyf": "life", "lyfe": "life", "lif": "life",
    "ded": "dead", "kil": "kill", "kilin": "killing", "killin": "killing", "diee": "die",
    "dieing": "dying", "dyin": "dying", "agian": "again", "agen": "again", "al": "all",
    "myslef": "myself", "meself": "myself", "mysefl": "myself", "myselfe": "myself",
    "fr": "for real", "frfr": "for real", "tbh": "to be honest", "ngl": "not going to lie",
    "idk": "i dont know", "idc": "i dont care", "srsly": "seriously", "jk": "joking",
    "b4": "before", "4ever": "forever", "m8": "mate", "gr8": "great",
    "lol": "lol", "lmao": "lol", "lmfao": "lol", "lolol": "lol", "haha": "lol",
    "hahaha": "lol", "jaja": "lol", "jajaja": "lol", "mdr": "lol", "kkkk": "lol",
    "jveux": "je veux", "jsuis": "je suis", "chuis": "je suis", "jpeux": "je peux",
    "wnt": "want", "cutt": "cut", "cuting": "cutting", "cutted": "cut",
    "mylife": "my life", "abt": "about", "thinkin": "thinking",
    "everyoned": "everyone would", "nobodyd": "nobody would", "noonewould": "no one would",
    "lifes": "life is", "everythings": "everything is",
    # Swiss, Austrian and Bavarian German: "nümme", "nimma" are "nicht mehr"
    "numme": "nicht mehr", "nimma": "nicht mehr", "nimmer": "nicht mehr", "nimme": "nicht mehr",
    "eifach": "einfach", "oafach": "einfach",
}
_SPELLINGS = {
    **{slip: word for word in _SLIP_TOLERANT for slip in _one_slip_spellings(word)},
    **_CHAT_SPELLINGS,
}


def _respell(token: str) -> str:
    """One word in its usual spelling; digits inside a word read as letters ("su1c1d3")."""
    respelt = _SPELLINGS.get(token)
    if respelt is not None:
        return respelt
    if token.isalpha() or token.isdigit() or not token.isalnum() or _UNIT_RE.fullmatch(token):
        return token
    as_i = token.translate(_LEET)
    if as_i not in _KEY_WORDS and "1" in token:
        as_l = token.translate(_LEET_L).translate(_LEET)
        if as_l in _KEY_WORDS:
            return as_l
    return _SPELLINGS.get(as_i, as_i)


def _digits_as_letters(text: str) -> str:
    """Words that mix digits and letters, read as letters ("k1ll", "su1c1d3").

    Numbers and distances ("10k", "800s", "5am") stay. ``text`` has a space at each end.
    """
    pieces: list[str] = []
    done = 0
    for digits in _DIGIT_IN_WORD_RE.finditer(text):
        start = text.rfind(" ", 0, digits.start()) + 1
        if start < done:
            continue  # another digit of a word already read
        end = text.find(" ", digits.end())
        word = text[start:end]
        respelt = _respell(word)
        if respelt != word:
            pieces += (text[done:start], respelt)
            done = end
    return "".join(pieces) + text[done:] if pieces else text


def _joined_up(spelt_out: re.Match[str]) -> str:
    """A word spelt out letter by letter, joined up ("s u i c i d e" -> "suicide").

    A leading "i" or "a" that only makes sense as a word of its own stays one ("so did i
    k m s" -> "so did i kms").
    """
    word = _NOT_A_LETTER_RE.sub("", spelt_out.group())
    if word[0] in "ia" and word not in _KEY_WORDS and word[1:] in _KEY_WORDS:
        return f" {word[0]} {word[1:]}"
    return " " + word


def normalise(text: str) -> str:
    """``text`` as the rules read it: lower-case ASCII words and marks one space apart.

    The result starts with " . " and ends with " . ", so every word has a space
    on each side and the first and last sentences are closed like the others.
    """
    if "I" in text:  # a capital I after a small letter is an l in disguise ("kiII")
        text = _CAPITAL_I_RE.sub(lambda capitals: "l" * len(capitals.group()), text)
    text = text.casefold()
    if not text.isascii():
        text = _UNICODE_WORDS_RE.sub(lambda found: _UNICODE_WORDS[found.group()],
                                     text.replace("\u2019", "'"))
        text = unicodedata.normalize("NFKD", text)  # accents, full-width and styled letters
    if "!" in text:
        text = _BANG_IN_WORD_RE.sub("i", text)
    if "|" in text:
        text = _BAR_IN_WORD_RE.sub("l", text)
    if "." in text:
        text = _DOT_IN_WORD_RE.sub(" ", text)
    folded = text.encode("ascii", "ignore").replace(b"'ll", b" will").replace(b"'", b"")
    text = folded.translate(_MARKS).decode("ascii")
    for mark in _KEPT_MARKS:
        if mark in text:
            text = text.replace(mark, f" {mark} ")
    text = _SPACED_OUT_RE.sub(_joined_up, " " + _STRETCHED_RE.sub(r"\1", text) + " ")
    words = _digits_as_letters(text).split()
    return f" . {' '.join(map(_SPELLINGS.get, words, words))} . "


# ================================================================ phrase tries

_BOUNDARY = "(?![a-z0-9])"  # the end of a word

# A letter leads to the node of the letters after it; "" leads to the rests of the rules
# whose lead ends there (a dict, as an ordered set).
_Trie = dict[str, "_Trie"]


def _trie_pattern(entries: Iterable[tuple[str, str]]) -> str:
    """One expression for all (literal lead, rest) pairs, sharing the leads' letters."""
    trie: _Trie = {}
    for lead, rest in entries:
        node = trie
        for ch in lead:
            node = node.setdefault(ch, {})
        node.setdefault("", {})[rest] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            branches.append("(?:" + "|".join(node[""]) + ")")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return " " + emit(trie)


# ================================================================ reading the context
# A guard looks at the words around a match and says whether the match is
# explained away (running talk, a distance, an accident...). The word lists
# are about what a phrase is *about*, never whole sentences.

def _words(*groups: str) -> frozenset[str]:
    """A set of words, written as space-separated groups."""
    return frozenset(word for group in groups for word in group.split())


_RUNNING_WORDS = _words(
    # sessions, races and efforts
    "run runs running ran runner runners jog jogging jogged race races racing raced marathon",
    "marathons half halfs ultra ultras parkrun parkruns mile miles miler km kms lap laps rep",
    "reps repeats interval intervals tempo tempos fartlek fartleks sprint sprints sprinting",
    "strides hill hills climb climbs climbing descent downhill downhills uphill track trail",
    "trails session sessions workout workouts training block taper tapering pace paces pacing",
    "split splits negative pb pbs pr prs strava segment course startline finishline route",
    "routes loop loops",
    "checkpoint mileage speedwork drills drill shuttles treadmill c25k couch dnf dnfd bonk",
    "bonked wall cooldown warmup xc crosscountry 400s 800s 200s 1ks 5k 10k 5ks 10ks 1k",
    "dnfing dnfed halfway ballot ballots entry entries bib bibs season relay",
    # the body
    "legs leg quads quad calf calves hamstring hamstrings knee knees feet foot ankle ankles",
    "shin shins lungs lung toenail toenails toes toe hip hips glutes achilles itb stitch",
    "blisters blister chafing cramp cramps body hr injury injured injuries physio niggle",
    # kit and gadgets
    "watch garmin phone headphones shokz battery strap shoes trainers spikes kit gels gel vest",
    # conditions
    "heat humidity headwind wind rain ice icy 5am alarm road roads path paths towpath street",
    "streets pavement pavements",
    # Spanish, French, German, Dutch, Portuguese
    "correr corri corro carrera carreras serie series cuesta cuestas entreno entrenamiento",
    "entrenar maraton tirada marca piernas rodaje ritmo courir couru course courses fractionne",
    "fractionnes cote cotes montee seance entrainement jambes chrono allure laufen lauf",
    "gelaufen intervalle intervall berg berge beine wettkampf halbmarathon tempolauf strecke",
    "lopen hardlopen heuvel heuvels intervaltraining benen wedstrijd kilometer kilometers",
    "duurloop corrida corridas treino treinos subida subidas longao tiro tiros prova provas",
    "pernas recorde",
)
# A distance, a number of reps or a time ("10k", "4x400", "6 x 100m", "5 miles", "52:14"); a
# bare number is not one ("I'm 34").
_DISTANCE_RE = re.compile(
    r" \d+(?:k|km|kms|mi|m|s|x\d*)(?![a-z0-9])"
    r"| \d+ (?:k|km|kms|mi|mile|miles|m|s|x|metres|meters|mins|min|minutes|secs"
     "|seconds)(?![a-z0-9])"
    r"| \d+ : \d+"
)
_LIFE_WORDS = _words(
    "life living alive exist existing existence lyf vida vivir vivo vie vivre leben leven viver",
)
# Words that tie a wish to the writer whatever the session did.
_STILL_WORDS = _words("still anyway anyways regardless trotzdem igual toch ainda")
_STILL_RE = re.compile(r" (?:aun asi|mesmo assim|quand meme|nog steeds|even so|even after) ")
_ACCIDENT_WORDS = _words(
    "accident accidentally mistake tripped trip tripping fell fall falling slipped slip",
    "shaving shave cooking cook stove oven kitchen bramble brambles shell rock rocks glass",
    "stumbled crashed tumble thorn thorns nettle nettles branch fence pan iron kettle curling",
    "straighteners sun sunburn overdid overdo overdoing overtrained overtraining pushed",
    "pushing strain strained twisted rolled pulled tweaked sprained",
)
_ON_PURPOSE_RE = re.compile(r" (?:on purpose|deliberately|intentionally|de proposito|expres) ")
_JOY_WORDS = _words(
    "happy happiest happiness joy joyful proud pride amazing incredible lol relief",
    "relieved beautiful wonderful grateful thankful finally finish finished finishing",
    "laughing laughed laugh pb pbs pr prs medal record excited thrilled delighted ecstatic",
    "overjoyed chuffed buzzing kindness kind moved touched gratitude",
)
# The writer means it ("not joking", "for real"), or says it is not about running ("not
# the race. me.", "not the running one"). One expression, literal-led like the scanners.
_MEANT_PHRASES = (
    "not joking", "not even joking", "not kidding", "not even kidding", "not a joke",
    "not even a joke", "no joke", "no kidding", "i mean it", "i really mean it", "for real",
    "seriously", "im serious", "i am serious", "like actually", "de verdad", "en serio",
    "no es broma", "serieux", "serieusement", "sans rire", "je rigole pas", "ernsthaft",
    "im ernst", "kein witz", "kein scherz", "echt waar", "serio", "de verdade",
    "nao e brincadeira", "sem brincadeira",
    *(f"{no} {about}{running}"
      for no in ("not", "isnt", "its not", "not about", "nothing to do with")
      for about in ("", "about ", "because of ", "the ", "my ")
      for running in ("running", "race", "run", "runs", "marathon", "training",
                      "running one", "race one", "hills", "pb")),
)
_MEANT_RE = re.compile(_trie_pattern((phrase, _BOUNDARY) for phrase in _MEANT_PHRASES))
# "This heatwave is no joke" is about the heatwave, not the writer.
_PREDICATE_WORDS = _words("is s are was were")
# The writer speaks of a future they will be in: where they will be, when they are back.
# A date alone ("saving it for next week") is not enough: it may be about anything.
_PRESENCE_RE = re.compile(
    r" (?:see you|see yall|see ya|catch you|until next|till next|see everyone|be back"
    r"|(?:im|i am) back|back (?:next|soon)|on holiday|moving to|moving house|moving away"
    r"|emigrating|relocating|new job) "
)
# ... or, in the same sentence, when and how long they will be away, or what comes next.
_CONTINUITY_RE = re.compile(
    r" (?:holiday|vacation|visiting|for a (?:week|few days|few weeks|while|bit|couple)"
    r"|for (?:two|three|four|a couple of|a few|\d+) (?:days|weeks|months)|race day"
    r"|race week|meal prep|off to|training camp|altitude camp"
    r"|(?:from|in|until|till|after) (?:january|february|march|april|may|june|july|august"
    r"|september|october|november|december|the new year|the spring|the summer)"
    r"|new (?:club|colours|colors|kit|vest|category|age group)) "
)
_SENTENCE_MARK_RE = re.compile(" (?=[.!?;] )")  # overlapping: " . . " holds two
_CLAUSE_END_RE = re.compile(" [.!?,;:] ")
# A later clause that starts with one of these points back at the same thing ("..., these
# hills are killing me"); a "this" in the match's clause, as a pronoun, points ahead ("I
# can't do this anymore, 5am runs are wrecking me"). Followed by a noun ("this weekend")
# the word names its thing itself. "It" and "them" mostly point back, at what came before.
_POINTING_WORDS = _words("this it that these those")
_AFTER_A_PRONOUN = _words(
    ". ! ? , ; : anymore any more again now all is s was are and but so too to at for in of",
    "on with tbh lol honestly right just either really please longer no",
)
# Running named in more than one word: a moment of a race, the way round a course.
_RACE_MOMENT_RE = re.compile(
    r" (?:(?:start|finish|starting|finishing) (?:line|pen|funnel|chute|area|corral)"
    r"|crossed the line)(?![a-z])"
)
_RUNNING_PHRASES_RE = re.compile(
    rf"{_RACE_MOMENT_RE.pattern}| the (?:whole|entire) way (?:round|around|home|back)(?![a-z])"
    r"| (?:aid|water|feed) stations?(?![a-z])| sub \d+(?![a-z0-9])"
)
_SENTENCE_REACH = 300
_CLAUSE_MARKS = frozenset(".!?,;:")


@dataclass
class _Reading:
    """A normalised text and what the guards want to know about it, worked out on demand."""

    text: str

    def neighbourhood(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the sentence around the match, with the one before and the one after."""
        left, right = self.sentence(start, end)
        if left > 0:
            left = self.sentence(left - 1, left - 1)[0]
        if right < len(self.text) - 3:
            right = self.sentence(right + 3, right + 3)[1]
        return left, right

    def serious(self, start: int, end: int) -> bool:
        """Whether the writer says, next to the match, that they mean it or it isn't running.

        Next to it: in its sentence, the one before or the one after ("Not joking. I want to
        die.", "I want to end it all. Not the race. Me."), so that a long story does not lose
        its guards over a "seriously" three paragraphs away.
        """
        if not self._serious_at:
            return False
        left, right = self.neighbourhood(start, end)
        return any(left <= at <= right for at in self._serious_at)

    @functools.cached_property
    def _serious_at(self) -> list[int]:
        """Where the writer says they mean it, or that it is not about running."""
        return [
            found.start() for found in _MEANT_RE.finditer(self.text)
            if found.group() != " no joke"
            or _PREDICATE_WORDS.isdisjoint(self.words_before(found.start(), 1))
        ]

    def looks_forward(self, start: int, end: int) -> bool:
        """Whether the writer, next to the match, talks of a future they will be in.

        Where they will be ("see you Sunday", "moving to Leeds", "on holiday"): in the
        sentence of the match, the one before or the one after, as :meth:`serious` reads it.
        When, for how long, what comes next ("for a few weeks", "from January", "new club
        colours"): in the sentence of the match. A date alone ("saving it for next week")
        says nothing about the writer.
        """
        left, right = self.sentence(start, end)
        if _CONTINUITY_RE.search(self.text, left, right + 1) is not None:
            return True
        left, right = self.neighbourhood(start, end)
        return _PRESENCE_RE.search(self.text, left, right + 1) is not None

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the sentence around ``text[start:end]``.

        At most :data:`_SENTENCE_REACH` characters either side: a text with no full stops
        is not one sentence, and the guards stay linear in the length of the text.
        """
        low, high = max(0, start - _SENTENCE_REACH), min(len(self.text), end + _SENTENCE_REACH)
        ends = self._sentence_ends
        before = bisect.bisect_right(ends, start - 2) - 1  # the last mark wholly before start
        left = ends[before] if before >= 0 and ends[before] >= low else low
        after = bisect.bisect_left(ends, max(start + 1, end - 1))
        right = ends[after] if after < len(ends) and ends[after] + 3 <= high else high
        return left, right

    @functools.cached_property
    def _sentence_ends(self) -> list[int]:
        """Where each sentence mark (" . ", " ! ", " ? ", " ; ") starts, in order."""
        return [found.start() for found in _SENTENCE_MARK_RE.finditer(self.text)]

    def words_after(self, end: int, count: int) -> list[str]:
        """Up to ``count`` words after ``end``, stopping at the end of the clause."""
        words: list[str] = []
        high = self.text.rfind(" ", end, end + 16 * count)  # to a word's end
        for word in self.text[end:high].split():
            if word in _CLAUSE_MARKS or len(words) == count:
                break
            words.append(word)
        return words

    def words_before(self, start: int, count: int) -> list[str]:
        """Up to ``count`` words before ``start``, nearest last, within the clause."""
        words: list[str] = []
        low = self.text.find(" ", max(0, start - 16 * count))  # from a word's start
        for word in reversed(self.text[low:start].split()):
            if word in _CLAUSE_MARKS or len(words) == count:
                break
            words.append(word)
        return words[::-1]

    def mentions(self, words: frozenset[str], start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds any of ``words``."""
        return not words.isdisjoint(self.text[start:end].split())

    def about_running(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` names a running thing (a word, a phrase or a distance)."""
        return (
            self.mentions(_RUNNING_WORDS, start, end)
            or _DISTANCE_RE.search(self.text, start, end) is not None
            or _RUNNING_PHRASES_RE.search(self.text, start, end + 1) is not None
        )

    def running_scope(self, start: int, end: int) -> tuple[int, int]:
        """Where running words may explain the match: where they can be about the same thing.

        The sentence of the match up to the end of the match's clause, and:

        - the rest of the sentence when the clause ends in a colon ("I know how I'll do it:
          4:30/km and hang on");
        - the next clause when it starts by pointing back ("..., these hills are killing
          me"), or when the match's clause points ahead with "this" and the next clause
          starts by naming the running thing ("I can't do this anymore, 5am runs are
          wrecking me").

        Running talk that merely comes later ("I can't go on, anyone for parkrun Sunday?",
        "there's no way out of this, anyone for the long run?") explains nothing.
        """
        left, right = self.sentence(start, end)
        clause_end = _CLAUSE_END_RE.search(self.text, max(start + 1, end - 1), right)
        if clause_end is None:
            return left, right
        if clause_end.group() == " : ":
            return left, right
        next_end = _CLAUSE_END_RE.search(self.text, clause_end.end() - 1, right)
        next_right = next_end.start() if next_end else right
        opening = self.text[clause_end.end() - 1 : next_right].split()[:1]
        if opening and opening[0] in _POINTING_WORDS:
            return left, next_right
        clause = self.text[start : clause_end.end()].split()
        points_ahead = any(word == "this" and clause[i + 1] in _AFTER_A_PRONOUN
                           for i, word in enumerate(clause[1:-1], start=1))
        if points_ahead and opening and (
            opening[0] in _RUNNING_WORDS or _UNIT_RE.fullmatch(opening[0])
        ):
            return left, next_right
        return left, clause_end.start()

    def sentence_about_running(self, start: int, end: int) -> bool:
        """Whether the sentence of the match is about running and not about life.

        Its running words must be where :meth:`running_scope` looks. Life words in the next
        sentence count too ("I can't do this anymore. Not running, life.").
        """
        left, right = self.sentence(start, end)
        if not self.about_running(*self.running_scope(start, end)):
            return False
        next_right = self.sentence(right + 3, right + 3)[1] if right < len(self.text) else right
        return not self.mentions(_LIFE_WORDS, left, next_right)


# A guard returns True when the match is explained away.
Guard = Callable[[_Reading, int, int], bool]


def _running_sentence(reading: _Reading, start: int, end: int) -> bool:
    """The phrase sits in a sentence about running ("no way out of this training plan")."""
    return not reading.serious(start, end) and reading.sentence_about_running(start, end)


def _running_after(reading: _Reading, start: int, end: int) -> bool:
    """The words after the phrase, in its clause, say it is about running.

    "Rather die than run another hill rep", "don't trust myself to pace it".
    """
    if reading.serious(start, end):
        return False
    after = reading.words_after(end, 6)
    return (
        not _RUNNING_WORDS.isdisjoint(after)
        or any(_UNIT_RE.fullmatch(w) for w in after)
        or _RUNNING_PHRASES_RE.search(reading.text, end - 1, end + len(" ".join(after)) + 1)
        is not None
    )


def _running_words_after(reading: _Reading, start: int, end: int) -> bool:
    """Running words after the phrase, in its clause; a time of day is not one ("before 2pm")."""
    return not reading.serious(start, end) and not _RUNNING_WORDS.isdisjoint(
        reading.words_after(end, 6))


_EFFORT_WORDS = _RUNNING_WORDS | _words(
    "work job hours shifts overtime revision studying exams deadlines doubles double gym",
    "weights squats burpees reps training plan",
)
_EFFORT_LINKS = _words(
    "with on over doing trying for at in up down during running training de con com avec a mit",
    "met bei op no na en",
)
_INTENT_WORDS = _words(
    "want wanted wanna going gonna plan planning planned ready decided will ll should might",
    "could tonight tomorrow urge tempted",
)


def _exertion(reading: _Reading, start: int, end: int) -> bool:
    """Killing oneself *with* or *on* a session is effort.

    "Killing myself with these double days", "nearly killed myself on that descent"; but
    not after a wish or a plan ("going to kill myself after the race").
    """
    if reading.serious(start, end) or not _INTENT_WORDS.isdisjoint(
        reading.words_before(start, 4)
    ):
        return False
    after = reading.words_after(end, 6)
    return bool(after) and after[0] in _EFFORT_LINKS and not _EFFORT_WORDS.isdisjoint(after[1:])


_INTENT_OR_THOUGHT = _INTENT_WORDS | _words(
    "wants wanting plans need needed trying tried try attempted attempt thinking think thought",
    "thoughts imagine imagining dream dreaming dreamt fantasise fantasize fantasising",
    "fantasizing considering consider contemplating contemplate would must gotta picturing",
    "picture visualising visualizing wondering wonder wondered ill id about urges serious",
)


def _without_intent(reading: _Reading, start: int, end: int) -> bool:
    """An act that can kill, with no wish, plan or thought of it just before.

    "Jumping off the bridge at the swim start" is a swim; "thinking about jumping" is not.
    """
    return _INTENT_OR_THOUGHT.isdisjoint(reading.words_before(start, 5))


def _ended_with_running(reading: _Reading, start: int, end: int) -> bool:
    """"I'll end it all with a sprint finish": the race ends, not the writer."""
    after = reading.words_after(end, 6)
    return (after[:1] == ["with"] and not _RUNNING_WORDS.isdisjoint(after)
            and not reading.serious(start, end))


# "Dying of ..." the heat, laughter, embarrassment: an idiom in every language here.
_IDIOM_CAUSES = _words(
    "heat hot cold laughter laughing embarrassment shame boredom tiredness exhaustion hunger",
    "thirst calor frio risa verguenza cansancio hambre sed aburrimiento ganas chaud froid rire",
    "honte fatigue faim soif ennui hitze kalte lachen scham mudigkeit hunger durst langeweile",
    "hitte kou lachen schaamte vermoeidheid honger dorst verveling calor frio rir vergonha",
    "cansaco fome sede tedio",
)
_SUBJECT_FILLERS = _words("just really literally actually all both so absolutely totally")
_PREPOSITIONS = _words(
    "on at in during with from after by over through con en de durante sur dans pendant avec "
    "bei mit nach op tijdens met na no na nos nas em com",
)


def _wish_about_a_session(reading: _Reading, start: int, end: int) -> bool:
    """A wish to die that is about running, or no wish at all.

    About running: the subject is a body part or a gadget ("my legs want to die"), a
    session caused it ("the last mile made me want to die"), it is pinned to a moment of
    effort ("wanted to die on rep 8"), or it is an idiom ("morir de calor"); and nothing
    ties it to the writer instead ("still", "not joking"). No wish: "I don't want to die".
    """
    if reading.serious(start, end):
        return False
    left, _ = reading.sentence(start, end)
    before = reading.words_before(start, 4)
    if _STILL_RE.search(reading.text, left, end) or reading.mentions(_STILL_WORDS, left, end):
        return False
    if before and before[-1] in {"dont", "didnt", "never", "not", "no", "nao", "nicht", "niet"}:
        return True  # "I don't want to die on that hill": no wish at all
    subject = [w for w in before if w not in _SUBJECT_FILLERS]
    if subject and subject[-1] in _RUNNING_WORDS:
        return True  # "my legs want to die"
    if before[-2:] == ["made", "me"] and reading.about_running(left, start):
        return True  # "the last mile made me want to die"
    after = reading.words_after(end, 5)
    if after[:1] in (["of"], ["de"], ["vor"], ["van"], ["from"]) and after[1:2] and (
        after[1] in _IDIOM_CAUSES
    ):
        return True  # "me quiero morir de calor"
    return bool(after) and after[0] in _PREPOSITIONS and (
        not _RUNNING_WORDS.isdisjoint(after[1:]) or any(w.isdigit() for w in after[1:])
    )


def _deliberate_unless_accident(reading: _Reading, start: int, end: int) -> bool:
    """Cutting, burning or hitting oneself by accident, as the words around say.

    "Cut myself shaving", "cut my leg on a bramble"; never with "on purpose".
    """
    if _ON_PURPOSE_RE.search(reading.text, start, end + 40):
        return False
    after = reading.words_after(end, 6)
    return (after[:1] == ["on"] and after[1:2] != ["purpose"]) or not _ACCIDENT_WORDS.isdisjoint(
        reading.words_before(start, 4) + after
    )


_ASKING_WORDS = _words("if whether ask asked asking")


def _an_accident(reading: _Reading, start: int, end: int) -> bool:
    """The words around name an accident ("hide the cuts from the brambles")."""
    left, right = reading.running_scope(start, end)
    return not _ON_PURPOSE_RE.search(reading.text, left, right + 1) and reading.mentions(
        _ACCIDENT_WORDS | _words("bramble brambles thorns nettles fall crash"), left, right)


def _injury(reading: _Reading, start: int, end: int) -> bool:
    """Hurting oneself while running, or a question about it, is an injury.

    "I hurt myself on the trail", "she asked if I'd hurt myself".
    """
    if not _ASKING_WORDS.isdisjoint(reading.words_before(start, 2)):
        return True
    return _deliberate_unless_accident(reading, start, end) or (
        not _ON_PURPOSE_RE.search(reading.text, start, end + 40)
        and reading.sentence_about_running(start, end)
    )


_QUANTITY_WORDS = _words("the last first few those these more extra many final next some of per")


def _a_distance(reading: _Reading, start: int, end: int) -> bool:
    """"kms" after a number or a quantity is kilometres ("10 kms", "the last few kms")."""
    before = reading.words_before(start, 1)
    return bool(before) and (before[0] in _QUANTITY_WORDS or before[0][:1].isdigit())


_DRILL_WORDS = _words(
    "sprint sprints drill drills shuttle shuttles run runs hill hills interval intervals rep "
    "reps line lines squad set sets workout workouts training runs",
)


def _a_drill(reading: _Reading, start: int, end: int) -> bool:
    """"Suicides" (plural), "suicide sprints", "Suicide Hill" are drills and places."""
    after = reading.words_after(end, 1)
    return reading.text[start:end].split()[-1] == "suicides" or (
        bool(after) and after[0] in _DRILL_WORDS
    )


_SAFE_MEDICINES = _words("pills tablets meds medication paracetamol painkillers insulin")


def _overdose_on_something_else(reading: _Reading, start: int, end: int) -> bool:
    """"Overdosed on gels" is too many gels; an overdose of medicine is not."""
    after = reading.words_after(end, 3)
    return after[:1] == ["on"] and _SAFE_MEDICINES.isdisjoint(after)


_ROPE_USES = _words(
    "skipping jump climbing tow towing swing scramble washing tent boat tug trailer camping",
    "tyre tire drag sled warmup warm",
)


def _rope_for_something(reading: _Reading, start: int, end: int) -> bool:
    """A rope for something said ("for the tow", "a skipping rope"), not "not for climbing"."""
    after = reading.words_after(end, 2)
    left, right = reading.running_scope(start, end)
    return after[:1] == ["for"] or reading.mentions(_ROPE_USES, left, right)


_GRATITUDE_WORDS = _JOY_WORDS | _words("support kindness love thanks thank messages generosity")


_DISTANCE_WORDS = _words("mile miles km kms k halfway lap laps mark marker")


def _at_a_distance(reading: _Reading, start: int, end: int) -> bool:
    """"Broke down at mile 20": legs, not tears (a place in a race follows)."""
    after = reading.words_after(end, 4)
    return any(word.isdigit() or word in _DISTANCE_WORDS or _UNIT_RE.fullmatch(word)
               for word in after)


_NEARLY_WORDS = _words(
    "nearly almost going gonna want wanted wants could might about quiero quero envie kann konnte",
    "konnt wil ga voy vou vais casi quase presque fast bijna",
)


_FINISH_WORDS = _words("pb pbs pr prs finish finished finishing medal record finally sub")
_FINISHING_TIME_RE = re.compile(r" \d+ : \d\d(?: : \d\d)? ")


def _tears_of_joy_or_effort(reading: _Reading, start: int, end: int) -> bool:
    """Tears of joy (a finish line, a PB), or of effort, not of sorrow.

    Effort: "nearly cried on the last hill", "my legs want to cry". Crying during a run is
    still distress ("cried the whole way round my run"). A finish in the sentence before
    counts ("Sub-3 finally. 2:59:41. I'm crying": a finishing time, a PB, a medal), and so
    does a start or finish line in the sentence itself ("is it normal to cry at the start
    line?").
    """
    left, right = reading.sentence(start, end)
    if reading.mentions(_JOY_WORDS, left, right) or _RACE_MOMENT_RE.search(
        reading.text, left, right + 1
    ):
        return True
    if left > 0:
        before_left, before_right = reading.sentence(left - 1, left - 1)
        if reading.mentions(_FINISH_WORDS, before_left, before_right) or _FINISHING_TIME_RE.search(
            reading.text, before_left, before_right + 1
        ):
            return True
    before = reading.words_before(start, 3)
    return (not _NEARLY_WORDS.isdisjoint(before) or bool(before and before[-1] in
            _RUNNING_WORDS)) and reading.sentence_about_running(start, end)


def _moved_or_running(reading: _Reading, start: int, end: int) -> bool:
    """"Overwhelmed by all the support" is gratitude; "overwhelmed at the start line" nerves."""
    left, right = reading.sentence(start, end)
    return reading.mentions(_GRATITUDE_WORDS, left, right) or _running_sentence(
        reading, start, end)


_EVENT_WORDS = _words(
    "race races racing marathon half parkrun ultra tomorrow tonight nerves nervous jitters",
    "excited hours taper tapering start gun champs xc trial trials",
)


def _nerves_before_an_event(reading: _Reading, start: int, end: int) -> bool:
    """Sleepless before a race: "can't sleep, race tomorrow", "can't sleep, Boston in 48 hours".

    The race anywhere in the sentence is what keeps the writer awake.
    """
    left, right = reading.sentence(start, end)
    return not reading.serious(start, end) and (
        reading.mentions(_EVENT_WORDS, left, right) or _running_sentence(reading, start, end))


def _something_named(reading: _Reading, start: int, end: int) -> bool:
    """"Do something daft like enter Comrades": the daft thing is named, and it is running."""
    after = reading.words_after(end, 2)
    return after[:1] in (["like"], ["and"]) or _running_after(reading, start, end)


_GOOD_NEWS = _words(
    "clear clean fine ok okay nothing negative benign not wasnt isnt only just minor strain",
)


def _good_news(reading: _Reading, start: int, end: int) -> bool:
    """Relieved that it was nothing ("... relieved when the scan came back clear")."""
    return not _GOOD_NEWS.isdisjoint(reading.words_after(end, 8)) or _running_sentence(
        reading, start, end)


def _a_wish_denied(reading: _Reading, start: int, end: int) -> bool:
    """"Hoping a car doesn't clip me": the wish is that it does not happen."""
    return not _NEGATIONS.isdisjoint(reading.text[start:end].split())


_DEATH_WORDS = _words(
    "died dead death passed funeral grave buried lost gone killed suicide murio morreu mort",
    "gestorben overleden",
)


def _nobody_died(reading: _Reading, start: int, end: int) -> bool:
    """"I want to go too" joins the dead only next to a death ("she died last year and ...")."""
    left, right = reading.neighbourhood(start, end)
    return not reading.mentions(_DEATH_WORDS, left, right)


def _no_medicine_near(reading: _Reading, start: int, end: int) -> bool:
    """"Stockpiling them" means pills only next to a medicine ("stopped my meds to save them")."""
    left, right = reading.neighbourhood(start, end)
    return reading.mentions(_EVERYDAY_USES, left, right) or not reading.mentions(
        _MEDICINE_WORDS, left, right)


def _a_future_said(reading: _Reading, start: int, end: int) -> bool:
    """A last run next to words about the future the writer will see ("then Perth!")."""
    return reading.looks_forward(start, end)


def _looks_forward(reading: _Reading, start: int, end: int) -> bool:
    """A farewell or a last run next to words about the future the writer will see."""
    return reading.looks_forward(start, end) or _running_sentence(reading, start, end)


_NEGATIONS = _words(
    "no not never dont didnt doesnt wont wouldnt cant isnt nao pas nicht niet nie kein geen ne",
    "ninguna",
)


def _negated(reading: _Reading, start: int, end: int) -> bool:
    """The phrase is denied just before it ("not going to do anything stupid")."""
    return not _NEGATIONS.isdisjoint(reading.words_before(start, 3))


def _negated_or_running(reading: _Reading, start: int, end: int) -> bool:
    """Denied ("no voy a hacer una tontería"), or the foolish thing is a run."""
    return _negated(reading, start, end) or _running_after(reading, start, end)


def _running_nearby(reading: _Reading, start: int, end: int) -> bool:
    """"It" is a running thing: its sentence, or the one before, is about running.

    For phrases whose meaning is a bare "it" ("so close to doing it", "soon it won't hurt
    anymore"): the sentence before may say what "it" is ("My knee's agony. Soon it won't
    hurt anymore", "Missed sub-20 by 3 seconds. So close to doing it"). A later sentence
    does not: running talk after it may be about anything.
    """
    if reading.serious(start, end):
        return False
    left, _ = reading.sentence(start, end)
    return reading.about_running(*reading.running_scope(start, end)) or (
        left > 0 and reading.about_running(*reading.sentence(left - 1, left - 1)))


_AILMENTS = _words(
    "headache headaches migraine migraines pain pains cold colds flu fever period periods",
    "cramps hangover toothache sore back knee knees ankle hip shin tendon injury niggle",
    "inflammation swelling",
)


def _for_an_ailment(reading: _Reading, start: int, end: int) -> bool:
    """Medicine asked about for an ailment ("how many paracetamol would it take for a headache")."""
    left, right = reading.running_scope(start, end)
    return not reading.serious(start, end) and (
        reading.mentions(_AILMENTS, left, right) or _running_sentence(reading, start, end))


def _dose_of_something_else(reading: _Reading, start: int, end: int) -> bool:
    """"A lethal dose of hill reps", "of caffeine": not a medicine."""
    after = reading.words_after(end, 3)
    return after[:1] == ["of"] and _MEDICINE_WORDS.isdisjoint(after)


_MUNDANE_REASONS = _words(
    "because cos since upgraded upgrade new replaced replacing worn outgrown small big fit",
    "retiring retired retire pairs pair",
    "declutter decluttering clear clearing garage loft spring moving move moved",
    "sale sell selling spare spares extra old older too charity",
)


def _a_mundane_reason(reading: _Reading, start: int, end: int) -> bool:
    """Things given away or cleared out for a reason said ("old flats, upgraded", "moving").

    Running before the match or after it in its clause is a reason ("cancelled the gym to
    run outside"); a running thing given away is not ("gave my watch and my medals to my
    nephew").
    """
    left, right = reading.sentence(start, end)
    clause_end = _CLAUSE_END_RE.search(reading.text, end - 1, right)
    right = clause_end.start() if clause_end else right
    return not reading.serious(start, end) and (
        reading.mentions(_MUNDANE_REASONS, left, right) or reading.looks_forward(start, end)
        or reading.about_running(left, start) or reading.about_running(end, right))


_OCCASIONS = _words(
    "birthday anniversary christmas xmas card cards wedding congratulations retirement",
    "retiring retires leaving newsletter younger older self valentines mothers fathers",
    "cumpleanos aniversario navidad boda anniversaire noel mariage geburtstag weihnachten",
    "hochzeit verjaardag kerst bruiloft natal casamento",
)


def _for_an_occasion(reading: _Reading, start: int, end: int) -> bool:
    """Letters or goodbye messages for an occasion: a birthday, a leaving card, a retirement.

    Or next to words about the future the writer will see ("moving to Perth").
    """
    left, right = reading.running_scope(start, end)
    return not reading.serious(start, end) and (
        reading.mentions(_OCCASIONS, left, right) or reading.looks_forward(start, end))


_EVERYDAY_USES = _ROPE_USES | _ACCIDENT_WORDS | _words(
    "cake bread dinner tea lunch veg vegetables onion onions carve carving slice slicing",
    "chop chopping peel peeling sharpen sharpened sharpening whittle whittling parcel box",
    "gels gel blister blisters plaster tape",
)


def _for_everyday_use(reading: _Reading, start: int, end: int) -> bool:
    """A knife for the cake, a rope for the tow: the sentence says what it is for."""
    left, right = reading.running_scope(start, end)
    after = reading.words_after(end, 2)
    return not reading.serious(start, end) and (
        after[:1] == ["for"] or reading.mentions(_EVERYDAY_USES, left, right))


_MEETING_UP_RE = re.compile(
    r" (?:where are you|where r you|wheres everyone|where is everyone|come find|come say"
    r"|meet|meeting|waiting for you|waiting for everyone|see you)(?![a-z])"
)
_SPECTATING = _words("cheering cheer marshal marshalling marshaling watching spectating photos")


def _meeting_up(reading: _Reading, start: int, end: int) -> bool:
    """"I'm on the bridge, where are you lot?", "... cheering": meeting or watching a race.

    The writer says where they are to be found: next to the match. Or running talk.
    """
    if reading.serious(start, end):
        return False
    left, right = reading.neighbourhood(start, end)
    return (
        _MEETING_UP_RE.search(reading.text, left, right + 1) is not None
        or not _SPECTATING.isdisjoint(reading.words_after(end, 4))
        or _running_sentence(reading, start, end)
    )


# ================================================================ rules

# What a rule's match means: danger, distress, or a cue (a weaker sign of preparations,
# two of which make danger).
_Kind = Literal["danger", "distress", "cue"]
DANGER: Final = "danger"
DISTRESS: Final = "distress"
CUE: Final = "cue"


@dataclass(frozen=True)
class _Rule:
    """One pattern: what it means, and the guard that may explain a match away."""

    level: _Kind
    pattern: str
    guard: Guard | None = None


def _gap(count: int) -> str:
    """Up to ``count`` words (never a punctuation mark)."""
    return f"(?:[a-z0-9]+ ){{0,{count}}}"


_END = r"(?= [.!?,;:])"  # the clause ends here
_STOP = r"(?= [.!?])"  # the sentence ends here
_DIE = "die(?! (?:of|for(?! real)|laughing|happy|trying|a little|from embarrassment)(?![a-z]))"
# "Dead" as a word for "very" ("dead fit", "dead easy") or a thing ("dead legs").
_DEAD = (
    "dead(?! (?:fit|good|easy|serious|set|heavy|tired|last|slow|fast|chuffed|proud|nice|lucky"
    "|funny|excited|keen|hard|simple|busy|quiet|cold|hot|right|on|centre|center|ahead|straight"
    "|end|heat|legs|weight|cert|lift|bug|battery)(?![a-z]))"
)
# "Death" but not a place, a race or a band ("Death Valley", "death march", "death metal").
_DEATH = "death(?! (?:valley|march|metal|star|row|trap|zone|grip|wish|rate|toll|by)(?![a-z]))"
# "Live" as in a life, not "live up to", "live in", "live off".
_LIVE = "live(?! (?:up|off|on|in|near|by|at|there|here|together|abroad|with)(?![a-z]))"
_ANYMORE = "(?:anymore|any more|any longer|no more|no longer|ever again|again)"
_ENDISH = (  # the clause ends, perhaps after a word that only adds weight
    rf"(?= (?:[.!?,;:]|{_ANYMORE}|tomorrow|today|tonight|like this|in this world|on this earth"
    r"|alive|right now|honestly|to be honest|lol|please|for real|at all|some days|most days))"
)
_MYSELF = "(?:myself|my self)"
_TO = "(?:to|2)"
_MEDICINE = (
    "(?:pills|tablets|meds|medication|medicines|medicine|paracetamol|painkillers|sleeping pills"
    "|insulin|antidepressants|pillen|tabletten|medikamente|schlaftabletten|medicijnen"
    "|slaappillen|pastillas|comprimes|medicaments|cachets|somniferes|medicamentos|comprimidos"
    "|pilulas|remedios|medocs|medoc|pilules|sleeping tablets|codeine|co codamol|tramadol"
    "|diazepam|valium|xanax|oxycodone|morphine|sertraline|citalopram|amitriptyline)"
)
_MEDICINE_WORDS = frozenset(re.findall("[a-z]+", _MEDICINE))
_THOUGHT_OF_IT = (  # a thought about the act itself, not about the view
    "(?:think|thinking|thought|wonder|wondering|tempted|imagine|imagining) (?:about it|about"
    " jumping|about stepping|of jumping|of stepping|what it would be like|how easy it would be"
    "|about doing it|about ending it|how it would feel)"
)
_HIGH_PLACE = (
    "(?:a |the |this |that |my |our |top of the |the top of the |the top of a )?"
    "(?:bridge|building|roof|rooftop|cliff|cliffs|edge|ledge|balcony|window|tower|car park"
    "|multi storey|multistorey|multi story|overpass|flyover|viaduct|pier|dam)"
)
_VEHICLE = "(?:a |the |an |some )?(?:oncoming )?(?:train|bus|car|lorry|truck|van|traffic|tube|tram)"
_GONE = (  # what "if I ..." says when it means death
    "(?:just |simply |finally |never )?(?:(?:wasnt|werent|was not|were not|was no longer"
    "|were no longer) (?:here|around|alive|born|in the picture|in their lives)|(?:was|were) "
    "(?:gone|dead|not here|not around|not alive)|died|disappeared|didnt exist|did not exist"
    "|stopped existing|never existed|didnt wake up|never woke up|killed myself|ended it"
    "|got hit|got run over|got killed|didnt come back|never came back|didnt come home"
    "|never came home|didnt make it back|passed away|carked it|karked it|kicked the bucket"
    "|croaked|snuffed it|popped my clogs|dies|die|was to die|were to die|vanished"
    "|went missing)"
)
_FAMILY = (
    "(?:family|mum|mom|mam|mother|dad|father|parents|kids|children|son|sons|daughter|daughters"
    "|wife|husband|partner|sister|brother|friends|girlfriend|boyfriend|loved ones|everyone)"
)
_LOVED_ONE = (
    "(?:mum|mom|mam|mother|dad|father|brother|sister|son|daughter|wife|husband|partner"
    "|boyfriend|girlfriend|friend|best friend|baby|child|grandma|grandad|granddad|grandmother"
    "|grandfather|nan|nana|gran|grandpa|granny|aunt|auntie|uncle|cousin|dog|cat|twin|fiance"
    "|fiancee|mate|running buddy)"
)

_EXPLICIT_INTENT = [
    _Rule(DANGER, f"(?:do|doing|did|done) {_MYSELF} in(?![a-z])"),
    _Rule(DANGER, "s(?:u+|ui)[iy]?[csz]+[iy]*d[a-z]*", _a_drill),
    _Rule(DANGER, "(?:selbstmord|zelfmoord|freitod|suizid)[a-z]*"),
    _Rule(DANGER, f"(?:kill|kills|killed|killing|kilt) {_MYSELF}", _exertion),
    _Rule(DANGER, "(?:kill|iwanttokill|wanttokill|gonakill|goingtokill)l?my ?self"),
    _Rule(DANGER, f"(?:to off|should off|might off|could off|will off|gonna off) {_MYSELF}"),
    _Rule(DANGER, f"(?:top|topping|topped) {_MYSELF}(?! (?:up|off)(?![a-z]))", _exertion),
    _Rule(DANGER, "(?:end|ending|ended|ends|take|taking|took|takes|tek|tekkin) (?:my|me|mi) "
                  "(?:own )?life"),
    _Rule(DANGER, "(?:end|ending|ended) it all", _ended_with_running),
    _Rule(
        DANGER,
        "(?:end|ending|ended) it (?:tonight|now|today|soon|tomorrow|this weekend|for good)",
    ),
    _Rule(DANGER, "(?:want to|going to|planning to|plan to|ready to|decided to|about to|need to"
                  "|im|i am|i will|ill|gotta|thinking about|thinking of|think about) (?:just )?"
                  "(?:end|ending) (?:it|everything|things)(?= (?:[.!?,;:]|after|before|on|tonight"
                  "|tomorrow|today|soon|when|once|this|next|now|for good))", _ended_with_running),
    _Rule(DANGER, "(?:i|night i|day i|then i|and i) (?:will |shall )?(?:end|ending) (?:it|it all"
                  "|everything|things|my life)(?= [.!?,;:]| tonight| tomorrow| today| now| soon"
                  "| for good| this)", _running_sentence),
    _Rule(DANGER, "i (?:have |ve )?attempted(?= (?:[.!?,;:]|last|in|before|twice|once|again"
                  "|when|at|a few|years|months))"),
    _Rule(DANGER, "(?:since|after|before) my (?:last |first |second )?attempt"
                  "(?! (?:at|on|to)(?![a-z]))"),
    _Rule(
        DANGER,
        "(?:want|wants|wanted|wanting|wish|wished|wishing|need|needed|ready|deserve|deserved"
        "|hoping|longing|like|love|would love|d love|iwant|iwana) "
        f"{_TO} (?:just |fucking |really )?{_DIE}",
        _wish_about_a_session,
    ),
    _Rule(DANGER, "(?:iwant|want|iwana|wana)(?:to|2)?(?:die|bedead)"),
    _Rule(DANGER, f"(?:want|wants|wanted|wish|need|ready) {_TO} (?:just )?(?:dye|di|dy|dei)"
                  f"{_ENDISH}"),
    _Rule(DANGER, f"(?:should|could|can i|let me|might as well|may as well) (?:just )?{_DIE}",
          _wish_about_a_session),
    _Rule(DANGER, f"(?:want|wanted|wish|need|ready|would like) {_TO} (?:just )?(?:be|b) "
                  f"(?:{_DEAD}|gone|emojigrave|in the ground)", _wish_about_a_session),
    _Rule(DANGER, f"wish i (?:was|were|could be|would be|d be) (?:{_DEAD}|gone)",
          _wish_about_a_session),
    _Rule(DANGER, "(?:attempted|attempt|tried|try|trying) to (?:end it|kill myself|die)"),
    _Rule(DANGER, "(?:killed|hanged|hung|shot|drowned) (?:himself|herself|themselves|themself)"
                  "(?: [^ ]+){0,24}? (?:want|wanted|going|plan|planning|thinking|ready|tempted"
                  "|might|could|will|should) (?:to |about |of )?(?:do|doing) the same"),
    _Rule(DANGER, "(?:took|taken|take) (?:his|her|their) (?:own )?life(?: [^ ]+){0,24}? "
                  "(?:want|wanted|going|plan|planning|thinking|ready|tempted|might|could|will"
                  "|should) (?:to |about |of )?(?:do|doing) the same"),
    # Spanish, French, German, Dutch, Portuguese
    _Rule(
        DANGER,
        "(?:quiero|queria|quisiera|quero|apetece me|vontade de|ganas de|deseo|desejo|preferia"
        "|prefiero|veux|voudrais|envie de|will|mochte|moechte|wil|wou|wens|wilde) "
        "(?:(?!no |niet |nicht |pas |nao |not |mehr |meer |plus |mas |mais )[a-z]+ ){0,2}"
        "(?:morir|morirme|morrer|mourir|crever|sterben|dood|sterven|tot sein)",
        _wish_about_a_session,
    ),
    _Rule(DANGER, "(?:matarme|suicidarme|quitarme la vida|me matar|matar me|me tuer|mich umbringen"
                  "|me suicider|me suicidar)", _exertion),
    _Rule(DANGER, "(?:no|nao) (?:quiero|quero) (?:mas |mais |seguir )?(?:estar aqui|existir"
                  "|seguir aqui|estar viva|estar vivo)", _running_sentence),
    _Rule(DANGER, "me (?:quiero|voy a|vou|vais|quero|va) (?:matar|suicidar|tuer)"),
    _Rule(DANGER, "(?:quiero|queria|voy a|vou|quero|pienso en|penso em|ganas de|vontade de"
                  "|tengo ganas de) acabar (?:con|com) (?:todo|tudo|mi vida|minha vida|esto|isso"
                  "|conmigo|comigo)", _running_sentence),
    _Rule(DANGER, "(?:quiero|queria|quero|quisiera|quisera|preferiria|prefiero|preferia) "
                  "(?:estar|ser) (?:muerta|muerto|morta|morto)"),
    _Rule(DANGER, "(?:dejar de existir|deixar de existir|ne plus exister|nicht mehr existieren"
                  "|niet meer bestaan)"),
    _Rule(DANGER, "me (?:foutre|jeter) en lair"),
    _Rule(DANGER, "(?:pegarme|pegar me|me pegar|me meter) (?:un|um) tiro"),
    _Rule(DANGER, "me tirer une balle"),
    _Rule(DANGER, "(?:mir|mich) (?:eine kugel|erschiessen|erhangen|vergiften)"),
    _Rule(DANGER, "(?:mezelf|me) (?:doodschieten|ophangen|verdrinken|vergiftigen)"),
    _Rule(DANGER, "(?:idees noires|lebensmude|lebensmuede|levensmoe|zelfdoding)"),
    _Rule(DANGER, "(?:cansada|cansado|harta|harto|farta|farto|mamado|mamada) de (?:vivir|viver"
                  "|la vida|estar viva|estar vivo)"),
    _Rule(DANGER, "(?:marre|fatiguee|fatigue|lasse|las) de (?:vivre|la vie|cette vie)"),
    _Rule(DANGER, "(?:moe|klaar) (?:van|met) (?:het leven|leven)"),
    _Rule(DANGER, "(?:mude|muede) (?:zu leben|vom leben)"),
    _Rule(DANGER, "(?:umzubringen|umbringen werde|umbringen will)"),
    _Rule(DANGER, "(?:wunschte|wuenschte|wunsche|wuensche)(?: ,)? (?:[a-z]+ ){0,2}tot"),
    _Rule(DANGER, "(?:wou|wilde|wens) dat ik dood (?:was|ben|zou zijn|ware)"),

    _Rule(DANGER, "(?:bring|bringe) mich um"),
    _Rule(DANGER, "(?:mir|mich) (?:selbst )?das leben (?:nehmen|zu nehmen)"),
    _Rule(DANGER, "schluss (?:machen )?(?:\\. )?mit (?:allem|meinem leben|dem leben|mir)"),
    _Rule(DANGER, "(?:mettre|mets|mis) fin a (?:mes jours|ma vie)"),
    _Rule(DANGER, "(?:en|den) finir(?: avec (?:la vie|tout|ma vie|moi)| ce soir| cette nuit"
                  f"| demain| bientot| maintenant|{_END})"),
    _Rule(DANGER, "(?:van kant maken|van het leven beroven)"),
    _Rule(DANGER, "(?:een einde|een eind) aan (?:te )?(?:maken|mijn leven|het leven)"),
    _Rule(DANGER, "(?:tirar|quitar) (?:a |la )?(?:minha |mi )?(?:propria )?vida"),
    _Rule(DANGER, "acabar com (?:a )?(?:minha )?vida"),
]

_NOT_WANTING_TO_LIVE = [
    _Rule(
        DANGER,
        "(?:dont|do not|doesnt|didnt|never|no longer|not) (?:really |even |actually |just |truly )?"
        f"(?:want|wish|feel like|wanted) {_TO} (?:be alive|b alive|exist|keep living)",
    ),
    _Rule(
        DANGER,
        "(?:dont|do not|doesnt|didnt|never|no longer|not) (?:really |even |actually |just |truly )?"
        f"(?:want|wish|feel like|wanted) {_TO} live"
        "(?! (?:in|near|there|abroad|somewhere|on|at|by|next|close|far|together|alone|anywhere"
        "|here|with (?:my|the|a|him|her|them))(?![a-z]))",
        _exertion,
    ),
    _Rule(DANGER, "(?:dont|do not|doesnt|no longer) deserve to (?:live|be alive|exist|be here)"),
    _Rule(DANGER, "(?:shouldnt|should not|wasnt meant to|was never meant to"
                  "|was not meant to) (?:even )?(?:exist|be alive|be here|have been born|be born"
                  "|live)(?![a-z])"),
    _Rule(
        DANGER,
        "(?:dont|do not|doesnt|didnt|never|no longer|not) (?:really |even |actually |just |truly )?"
        f"(?:want|wish|feel like) {_TO} (?:be here|be around|wake up|go on|carry on|keep going"
        f"|continue|be on this earth) (?:{_ANYMORE}|in this world|on this earth|alive)",
    ),
    _Rule(
        DANGER,
        "(?:dont|do not|doesnt|didnt|never|no longer|not) (?:really |even |actually |just |truly )?"
        f"(?:want|wish|feel like) {_TO} (?:be here|be around|wake up|go on|carry on|keep going"
        f"|continue|be on this earth){_ENDISH}",
        _running_sentence,
    ),
    _Rule(DANGER, f"(?:want|wanted|wish) {_TO} (?:just )?not (?:be here|be alive|exist|wake up"
                  f"|be around)", _running_after),
    _Rule(DANGER, "(?:dont|do not) wanna (?:live|be alive|exist)"),
    # Spanish, French, German, Dutch, Portuguese
    _Rule(DANGER, f"(?:no|nao) (?:quiero|quero|queria) {_gap(2)}(?:vivir|viver|seguir vivendo"
                  "|seguir viviendo|existir)"),
    _Rule(DANGER, "(?:no|nao) (?:aguento|aguanto) (?:mais |mas )?(?:viver|vivir)"),
    _Rule(DANGER, "(?:plus|pas|aucune|jamais) envie de vivre"),
    _Rule(DANGER, "veux (?:plus|pas|pu) vivre"),
    _Rule(DANGER, "(?:jen peux plus|je nen peux plus) de (?:cette vie|vivre|la vie|ma vie)"),
    _Rule(DANGER, "(?:will|mochte|moechte|mochte|wil|kann|kan|mag|wott|wotti|wett) (?:er |einfach "
                  "|gewoon |echt |so )?(?:nicht|niet|nie) (?:mehr|meer) (?:leben|lebe|aufwachen"
                  "|wakker worden|da sein|da si|hier sein|verder|zijn|bestaan|existieren|er zijn)"),
    _Rule(DANGER, f"(?:will|wil|mag|wott) (?:einfach |gewoon |echt |so )?(?:nicht|niet|nie) "
                  f"(?:mehr|meer){_END}", _running_sentence),
    _Rule(DANGER, "(?:niet|nie|nooit) meer (?:wakker (?:worden|word|te worden)|leven)"),
    _Rule(DANGER, "(?:nie|nicht|niemals) (?:wieder|mehr) aufwachen"),
    _Rule(DANGER, "zie het (?:echt |gewoon |allemaal |helemaal |totaal )?(?:niet|nie) meer zitten",
          _running_sentence),
    _Rule(DANGER, "(?:wil|ga|wou) (?:er ?mee|ermee) stoppen(?: \\.)? met (?:alles|leven|het leven"
                  "|mijn leven)"),
    _Rule(DANGER, "zie het leven niet meer zitten"),
]

_PASSIVE_WISH = [
    _Rule(DANGER, "(?:want|wish|need|waiting for) (?:it all|everything|all of it|life|my life"
                  "|this life|it|things|the pain|this pain|the hurt|the hurting) to (?:end|stop"
                  "|be over)", _running_sentence),
    _Rule(DANGER, "(?:want|wanna|need|wanted) (?:out of|off) (?:life|this life|this world"
                  "|this planet|this earth|existence|everything|it all)"),
    _Rule(DANGER, "(?:want|wanna|need|wanted) out(?: \\.)?(?: of (?:everything|it all|life|this)"
                  "(?: \\.)?)? (?:permanently|for good|forever|for ever)"),
    _Rule(DANGER, f"better off (?:without me|{_DEAD}|in the ground|six feet under|underground"
                  "|in a box|in a coffin|not existing|not alive|not here)"),
    _Rule(DANGER, "(?:fine|happier|easier|better|nicer|lighter|calmer|safer) (?:place |world "
                  "|for everyone |for everybody |all round )?without me(?: in it| around| here)?"
                  "(?! (?:on|at|for|slowing|holding)(?![a-z]))", _running_sentence),
    _Rule(DANGER, "(?:better off|better|easier|happier|fine|okay|ok|relieved|miss me|notice|care"
                  "|mind|matter|bother me|find out|know|realise|realize|hear|refund|refunds"
                  f"|memorial|funeral) {_gap(5)}if i {_GONE}"),
    _Rule(DANGER, f"if i {_GONE}(?: [a-z0-9,]+){{0,10}}? (?:memorial|funeral|wake|miss me|remember"
                  " me|notice|care|find out|refund|be better|be happier|be easier|be fine"
                  "|be relieved|look for me|come looking|search for me|(?:have|need) to (?:put up"
                  " with|deal with|worry about|look after|carry) me)"),
    _Rule(
        DANGER,
        f"if (?:a|the|some) (?:car|bus|train|truck|lorry|van|driver|cyclist) {_gap(2)}"
        "(?:hit|hits|killed|kills|took|takes|ran over|runs over|mowed|knocked) (?:me|me out) "
        "(?:[a-z0-9,]+ ){0,8}(?:(?:wouldnt|would not|dont|do not|id not|wont) (?:really |even )?"
        "(?:mind|care)|fine by me|fine with me|so be it|id be fine|id be glad|id be relieved"
        "|(?:that|it) (?:would|d) be (?:fine|a relief|ok|okay))",
    ),
    _Rule(DANGER, "(?:wouldnt|would not|dont|do not|wont) (?:really |even |honestly )?(?:mind|care)"
                  f" if (?:a|the|some) (?:car|bus|train|truck|lorry|van) {_gap(1)}"
                  "(?:hit|hits|killed|kills|took|takes|ran over|runs over)"),
    _Rule(
        DANGER,
        "(?:hope|hoping|hoped|wish|wishing|pray|praying) (?:that )?(?:something|someone|somebody"
        f"|a car|a bus|a truck|a lorry|a train|a van|it) {_gap(2)}(?:takes me out|take me out"
        "|hits me|hit me|kills me|kill me|runs me over|run me over|ends me|finishes me off"
        "|finish me off)(?! (?:for|to|on)(?![a-z]))",
    ),
    _Rule(DANGER, "(?:wish|wishing|wished|hope|hoping|pray|praying) (?:that )?(?:i|id|i would"
                  "|i could|i will|i might) (?:just )?(?:get|got|be|was) (?:hit|run over|killed"
                  "|knocked down)"),
    _Rule(DANGER, f"(?:want|wanna|would love|d love|like|need) {_TO} (?:just )?(?:get|be) (?:hit"
                  "|run over|killed|knocked down|flattened|taken out|mown down) (?:by|with) (?:a"
                  "|the|some) (?:bus|car|train|truck|lorry|van|taxi|tram)"),
    _Rule(DANGER, "(?:hope|hoping|hoped|wish|wishing|wished|pray|praying) (?:that )?(?:i|id"
                  "|i would|i could|i will|ill|i might|i d) (?:just |would |could |might |will )?"
                  "(?:collapse and not|collapse and never|not get up|never get up|not come back"
                  "|never come back|dont come back|not make it|never make it|drop dead"
                  "|stop breathing|just stop)"),
    _Rule(DANGER, "(?:what if|if only) i (?:just )?(?:didnt|did not|never|dont|wouldnt) "
                  "(?:come back|come home|make it back|wake up|exist|have to wake up)"),
    _Rule(DANGER, "(?:easy|easier|simpler|better|nicer|kinder|tempting) (?:for everyone "
                  "|for everybody |for them |all round )?(?:to"
                  "|if i) (?:just |simply )?(?:not be here|not exist|not be around|disappear|die"
                  "|be dead|be gone|wasnt here|wasnt around|didnt exist)"),
    _Rule(DANGER, f"{_TO} (?:just |simply )?(?:not|no longer) (?:be here|be around|be alive|exist"
                  "|wake up)(?: anymore| any more| any longer| ever again)(?![a-z])",
          _running_sentence),
    _Rule(DANGER, "death (?:would be|is|sounds like|seems like|feels like|would feel like) "
                  "(?:a |such a |the )?(?:relief|release|better|easier|welcome|answer|only way"
                  "|mercy|escape|way out)"),
    _Rule(DANGER, f"(?:welcome|welcoming|long for|longing for|ready for) {_DEATH}"),
    _Rule(DANGER, "not (?:afraid|scared) (?:of dying|to die|of death) (?:anymore|any more)"),
    _Rule(DANGER, "(?:hope|hoping|hoped|pray|praying|wish|wishing) (?:that )?i (?:just )?(?:dont"
                  "|do not|wont|will not|never|would not|wouldnt|didnt) (?:ever )?wake up"),
    _Rule(DANGER, f"(?:hope|hoping|hoped|pray|praying) (?:that )?i (?:just )?{_DIE}",
          _wish_about_a_session),
    _Rule(DANGER, "(?:sleep|asleep) and (?:never|not) (?:wake up|woke up)"),
    _Rule(DANGER, "(?:sleep|asleep|off) and (?:just )?(?:stay asleep|stay that way|never wake"
                  "|not wake|never come back|not come back|never get up|not get up)"),
    _Rule(DANGER, f"(?:want|wish|like|wanted) {_TO} (?:just )?(?:go to )?sleep (?:forever"
                  "|for ever|and never|and not)"),
    _Rule(DANGER, "wish i (?:wasnt|werent|was not|were not) (?:alive|here|born|around)"),
    _Rule(DANGER, "wish (?:i |id |i had |i d )?(?:never|not) (?:been born|existed|woken up"
                  "|woke up)"),
    _Rule(DANGER, "(?:wish|wishing|wished) (?:i could|i would|i might|id|i d) (?:just )?(?:die"
                  "|stop existing|disappear|vanish|not exist|cease to exist|not wake up"
                  "|fall asleep and not wake up)"),
    _Rule(DANGER, "(?:stop existing|cease to exist|ceased to exist|stopped existing"
                  "|stop being alive|stop living)(?! (?:in|on|for|like a)(?![a-z]))",
          _running_sentence),
    _Rule(DANGER, "(?:disappear|vanish|desaparecer|disparaitre|verschwinden|verdwijnen|sumir) "
                  "(?:forever|for good|for ever|permanently|para siempre|pour de bon"
                  "|pour toujours|fur immer|voor altijd|para sempre)"),
    _Rule(DANGER, "(?:vanish|disappear|go away|leave) and (?:never|not) come back"),
    _Rule(DANGER, f"(?:want|wanted|wish) {_TO} (?:just )?(?:disappear|vanish){_END}",
          _running_sentence),
    _Rule(DANGER, f"(?:rather|sooner) (?:be {_DEAD}|die|not exist|not be here)", _running_after),
    _Rule(DANGER, f"(?:nobody|no one) (?:would|will|d) (?:even )?(?:miss me|notice|care){_END}",
          _running_sentence),
    _Rule(DANGER, "(?:mejor|mieux|besser|beter|melhor) (?:dran |af |off )?(?:sin|sans|ohne"
                  "|zonder|sem) (?:mi|moi|mich|mij|me|mim)"),
    _Rule(DANGER, "(?:ojala|espero) (?:no )?(?:despertar|despertara|despierte|me muera|me muriera"
                  "|estar muerta|estar muerto|estuviera muerta|estuviera muerto|estuviese muerta"
                  "|estuviese muerto|hubiera nacido|existiera)"),
    _Rule(DANGER, "(?:echaria de menos|extranaria|notaria|importaria|regretterait|remarquerait"
                  "|manquerais|vermissen|merken|missen|merkt|sentiria falta|mejor|mieux"
                  "|besser|beter|melhor) (?:[a-z0-9,]+ ){0,6}(?:si|se|wenn|als) (?:je |ich |ik "
                  "|eu |yo )?(?:me muero|muriera|me muriera|desapareciera|no estuviera"
                  "|ya no estuviera|mourais|disparaissais|netais plus la|netais plus|tot ware"
                  "|tot waere|nicht mehr da ware|nicht mehr da waere|weg ware|sterben wurde"
                  "|dood was|er niet meer was|er niet meer zou zijn|zou sterven|morresse|sumisse"
                  "|nao estivesse aqui|nao existisse|morrer)"),
    _Rule(DANGER, "(?:dormir|slapen|schlafen) (?:para siempre|para sempre|pour toujours"
                  "|voor altijd|fur immer|en nooit meer|und nie mehr|y no despertar"
                  "|e nao acordar|et ne plus)"),
    _Rule(DANGER, "no (?:despertar|despertarme|acordar|acordar mais) (?:nunca|mas|manana|mais)"),
    _Rule(DANGER, "nao acordar (?:mais|nunca)"),
    _Rule(DANGER, "(?:ne pas|ne plus|ne jamais|pas|plus|jamais) me reveiller"),
    _Rule(DANGER, "nicht mehr aufwachen"),
    _Rule(DANGER, "nooit meer wakker"),
]

_HOPELESS_ABOUT_LIFE = [
    _Rule(DANGER, "(?:nothing|no reason|no reasons|no point|no purpose|not a reason"
                  f"|not any reason|no hope|nothing left) (?:left )?(?:to|2|for|in|of) (?:{_LIVE}"
                  "|living|life|being alive|stay alive|staying alive|be alive|exist|existing"
                  "|keep living|carry on living|go on living|keep on living)"),
    _Rule(DANGER, "(?:no|not a|not any|not one|a|any|without a|without any|lost my|zero|no real"
                  f") reason (?:left )?(?:to|2|for) (?:{_LIVE}|living|being alive|be alive|exist"
                  "|existing|carry on living|go on living|keep living|stay alive)"
                  "(?<! a reason to live)(?<! a reason for living)"),
    _Rule(DANGER, "(?:whats the|what is the|what s the|no|dont see the|cant see the) point "
                  "(?:of|in|to) (?:living|life|being alive|me being alive|existing|my life"
                  "|my existence|staying alive)"),
    _Rule(DANGER, "(?:whats the|what is the|what s the|no|dont see the|cant see the) point "
                  f"(?:of|in|to) (?:me|me being here|going on|it all){_ENDISH}"),
    _Rule(DANGER, "(?:tired|sick|done|finished|exhausted|fed up|had enough) (?:of|with) (?:living"
                  "|life|being alive|existing|my life|this life|being me)(?! (?:on|in|with|off)"
                  "(?![a-z]))"),
    _Rule(DANGER, "(?:cant|couldnt|unable to|dont think i can|cant even) (?:do|face|handle|take"
                  "|bear|stand) (?:life|living|being alive|another day|this life|existing)"),
    _Rule(DANGER, "(?:cant|no longer|dont want to|not going to) (?:keep|go on|carry on) "
                  "(?:living|being alive|existing)"),
    _Rule(DANGER, "(?:make it|get|survive|last) through another (?:day|week|night|month) of "
                  "(?:being alive|life|living|existing)"),
    _Rule(DANGER, "(?:given|giving|give|gave) up on (?:life|living|being alive)"),
    _Rule(DANGER, "(?:given|giving|give|gave) up on (?:myself|me|everything|it all)",
          _running_sentence),
    _Rule(DANGER, "(?:life|my life) (?:is |s |feels |seems )?(?:pointless|meaningless"
                  "|hopeless|unbearable|not worth living|not worth it)"),
    _Rule(DANGER, "(?:life|my life|lifes|living|existing|being alive) (?:is |s )?(?:isnt|is not"
                  "|aint|not|no longer) worth (?:it|living|the effort|the bother|the hassle"
                  "|the pain|the fight|the trouble)", _running_after),
    _Rule(DANGER, "(?:whats|what is|what s) (?:even|really|actually|honestly) (?:the )?point (?:of"
                  "|in) (?:me|living|life|being alive|existing|going on|carrying on|it all"
                  f"|any of it|anything){_ENDISH}", _running_sentence),
    _Rule(DANGER, "not worth living"),
    _Rule(DANGER, "no (?:way|escape) out", _running_sentence),
    _Rule(DANGER, "(?:cant|dont|do not|no longer) see (?:a|any|the) (?:way out|future|point"
                  "|reason|light|end to this|way forward)", _running_sentence),
    _Rule(DANGER, "(?:except|but|other than|apart from|besides) (?:not being (?:here|alive"
                  "|around)|dying|death|ending it|killing myself)"),
    _Rule(DANGER, "(?:no|any) future for (?:me|myself)", _running_sentence),
    _Rule(DANGER, "no hope (?:for me|left|anymore|at all)", _running_sentence),
    _Rule(DANGER, f"(?:nothing|no one|nobody) (?:left )?(?:for me|here for me){_ENDISH}",
          _running_sentence),
    _Rule(DANGER, f"cant (?:go on|keep going|carry on){_ENDISH}", _running_sentence),
    _Rule(DANGER, "(?:cant|dont want to|dont wanna|do not want to) (?:do|take|handle|bear) (?:this"
                  "|it|any of this) (?:anymore|any more|any longer)", _running_sentence),
    _Rule(DANGER, f"i cant (?:anymore|any more){_END}", _running_sentence),
    _Rule(DANGER, "(?:no reason|no point|no use|any point) (?:to |in )?(?:keep going|keep trying"
                  "|carry on|carrying on|go on|going on|continue|continuing|keep on|trying)"
                  f"{_ENDISH}", _running_sentence),
    _Rule(DANGER, "no point (?:to|in|of) (?:any of this|any of it|it all|anything|this)",
          _running_sentence),
    _Rule(DANGER, "(?:no tengo|no hay|nao tenho|nao ha|je nai plus|je nai pas|jai plus|plus de"
                  "|keinen|kein|geen) (?:ninguna |ningun |nenhum |nenhuma |aucune )?(?:razones"
                  "|razon|motivos|motivo|raison|raisons|grund|reden|nada) (?:de |para |pour |zum "
                  "|om te )?(?:vivir|viver|vivre|leben|leven)"),
    _Rule(DANGER, "(?:no hay|no veo|no tengo|nao vejo|nao ha|nao tenho|aucune|pas d|pas de|sehe "
                  "keinen|keinen|zie geen|geen) (?:ninguna |otra |nenhuma )?(?:salida|saida|issue"
                  "|sortie|ausweg|uitweg)", _running_sentence),
    _Rule(DANGER, "(?:la vida|vivir|mi vida|a vida|viver|minha vida|la vie|vivre|ma vie|das leben"
                  "|mein leben|het leven|mijn leven) (?:ya |mehr |plus )?(?:no tiene|nao tem"
                  "|nao faz|na plus|na pas|na aucun|hat keinen|heeft geen) (?:ningun |mais |de "
                  "|aucun |plus de )?(?:sentido|sens|sinn|zin)"),
    _Rule(DANGER, "hat (?:alles )?keinen sinn mehr"),
    _Rule(DANGER, "heeft (?:allemaal |het )?geen zin meer"),
    _Rule(DANGER, "no (?:puedo|aguanto) mas con (?:mi vida|esta vida|la vida|vivir)"),
    _Rule(DANGER, "(?:whats|what is|what s) the point (?:anymore|of anything|of it all"
                  f"|of any of this){_ENDISH}", _running_sentence),
]

_METHOD_OR_PLAN = [
    _Rule(DANGER, "(?:saving|saved|save|stockpiling|stockpiled|stockpile|hoarding|hoarded|hoard"
                  "|collecting|collected|storing|stored|stashing|stashed|gathering|gathered"
                  "|counting|counted) (?:up )?(?:all )?(?:of )?(?:my |the |some |enough |of my )?"
                  f"{_MEDICINE}"),
    _Rule(DANGER, f"enough {_MEDICINE} {_gap(2)}(?:to|for)"),
    _Rule(DANGER, f"{_MEDICINE} (?:[a-z0-9,]+ ){{0,4}}enough to (?:do it|end it|kill me|not wake up"
                  "|finish it)"),
    _Rule(DANGER, "(?:look|looking|looked|stare|staring|stared|stand|standing|stood|drive"
                  "|driving|drove|walk|walking|walked|go|going|went|pass|passing|passed|cycle"
                  "|cycling) (?:at|on|by|over|past|across|under|along) (?:the )?(?:train tracks"
                  "|tracks|railway|railway line|rails|bridge|edge|drop|cliff|ledge|river|traffic"
                  f"|trains|platform) (?:[a-z0-9,]+ ){{0,8}}{_THOUGHT_OF_IT}"),
    _Rule(DANGER, "(?:take|taking|took|swallow|swallowing|swallowed|down|downing) (?:all"
                  "|every one of|the whole|a whole|the rest of) (?:of )?(?:my |the |them |these "
                  f"|those |[a-z]+s )?(?:{_MEDICINE}|bottle|box|packet|pack)"),
    _Rule(DANGER, f"{_MEDICINE} (?:are |all |is )?(?:lined up|counted out|laid out|in front of me"
                  "|ready|on the table|in my hand|here|next to me|by my bed)"),
    _Rule(DANGER, "(?:researching|researched|looking up|looked up|googling|googled|reading about"
                  "|searching|searched|look up|finding|found|know|learnt|learned) (?:the best |easy"
                  " |quick |painless )?(?:ways|way|methods|method|how) to (?:die|kill myself|end it"
                  "|end my life|commit suicide|do it|overdose|not wake up)"),
    _Rule(DANGER, "(?:im|i am|standing|sitting|stood|sat) (?:standing |sitting |stood |sat )?"
                  "(?:on the edge of|at the edge of|on the ledge of|on top of) (?:the |a )?"
                  "(?:bridge|roof|building|cliff|car park|multi storey|tower|balcony)",
          _running_sentence),
    _Rule(DANGER, "(?:im|i am|standing|sitting|stood|sat|lying) (?:standing |sitting |lying )?on "
                  "the (?:tracks|railway line|railway tracks|ledge|roof edge|parapet)",
          _running_sentence),
    _Rule(DANGER, "(?:overdos|sobredos|surdos|uberdos)[a-z]*", _overdose_on_something_else),
    _Rule(DANGER, "(?:going to|want to|to|will|might|gonna|about to|ill|i will) od(?= (?:[.!?,;:]"
                  "|tonight|today|on|again|soon|now|right))"),
    _Rule(DANGER, "(?:took|taken|take|taking|had) an (?:od|overdose)"),
    _Rule(DANGER, "(?:took|taken|take|taking|swallowed|swallow|swallowing|downed) (?:too many"
                  "|a handful of|a lot of|loads of|a load of|a bunch of|lots of|a pile of"
                  "|a fistful of|a bottle of|a box of|a packet of|a whole bottle of"
                  f"|a whole box of|a whole packet of|all the) (?:my )?{_MEDICINE}",
          _running_sentence),
    _Rule(DANGER, "noose"),
    _Rule(DANGER, "(?:bought|buying|buy|got|getting|have|found|ordered|order|tied|tying|tie"
                  "|theres|there is|keep|keeping|kept|hid|hidden|hiding|stashed|put|left|hung"
                  ") (?:a |the |some |myself a )?rope", _rope_for_something),
    _Rule(DANGER, "(?:hang|hanging|hanged|hung|drown|drowning|drowned|poison|poisoning|poisoned"
                  "|stab|stabbing|stabbed|gas|gassing|electrocute|electrocuting|suffocate"
                  f"|suffocating|strangle|strangling) {_MYSELF}", _running_after),
    _Rule(DANGER, f"(?:shoot|shooting|shot) {_MYSELF}(?! in the (?:foot|feet))", _running_after),
    _Rule(DANGER, "(?:slit|slitting|slash|slashing|open|opening) (?:my )?(?:wrists|wrist|throat"
                  "|veins)"),
    _Rule(DANGER, "cut (?:my )?(?:wrists|wrist|throat)"),
    # an act that kills, with a wish, a plan or a thought of it just before
    _Rule(DANGER, f"(?:jump|jumping|leap|leaping)(?: off| from)?(?: {_HIGH_PLACE})?(?= (?:[.!?,;:]"
                  "|off|from|and|again|tonight|today|lol))", _without_intent),
    _Rule(DANGER, "(?:jump|jumping|leap|leaping|throw myself|throwing myself|fall|falling|step"
                  f"|stepping) (?:off|from) {_HIGH_PLACE}", _without_intent),
    _Rule(DANGER, "(?:step|stepping|walk|walking|jump|jumping|run|running|throw myself|throwing"
                  " myself|lie|lying|lay down|laying down) (?:out )?(?:in front of|under|onto) "
                  f"{_VEHICLE}", _without_intent),
    _Rule(DANGER, "(?:driving|drive|crash|crashing|swerve|swerving|steer|steering) (?:my car )?"
                  "(?:into|off) (?:a |the |an |some |oncoming )?(?:wall|tree|bridge|lorry|truck"
                  "|traffic|river|cliff|road|barrier|pillar|motorway)", _without_intent),
    _Rule(DANGER, "(?:go|going|went) over (?:the|a) (?:edge|cliff|side|railing|rail|barrier)",
          _without_intent),
    _Rule(DANGER, "(?:walk|walking|wade|wading|swim|swimming) (?:out )?into the (?:sea|ocean"
                  "|river|lake|water|waves)", _without_intent),
    _Rule(DANGER, "(?:walk|walking|walked|swim|swimming|swam|wade|wading|run|running"
                  "|ran) (?:out )?into the (?:sea|ocean|river|lake|water"
                  "|waves) (?:[a-z]+ ){0,3}and (?:just )?(?:keep going|keep walking|keep swimming"
                  "|not come back|never come back|not stop|never stop|not stopping|never stopping"
                  "|not coming back|not come out|never come out)"),
    _Rule(DANGER, f"(?:throw|throwing|threw|yeet|yeeting|yeeted|hurl|hurling|fling|flinging"
                  f"|launch|launching|chuck|chucking) {_MYSELF} (?:off|from|in front of|under)",
          _running_after),
    _Rule(DANGER, f"(?:about|of) (?:dying(?! to)|being dead|{_DEATH}|my death|not being here"
                  "|not waking up|my funeral|my own funeral|ending it|ending things"
                  "|ending my life|taking my life|killing myself)", _without_intent),
    _Rule(DANGER, "(?:picturing|imagining|picture|imagine|planning|planned|visualising"
                  "|visualizing) (?:my own funeral|my funeral|my death|being dead|myself dead)"),
    _Rule(DANGER, "(?:wonder|wondering|wondered|thinking|think|thought) (?:if|whether|about) "
                  "(?:i should |i could |to |i might )?(?:just )?(?:step|jump|walk|go|fall|lean"
                  "|throw myself) (?:off|over|in front)"),
    _Rule(DANGER, "(?:i have|ive got|i got|ive made|i made|ive|i have made|i have got) a plan "
                  "and a (?:date|time|day|method|way)"),
    _Rule(DANGER, "(?:i have|ive got|i got|ive made|i made|i have made) a plan(?: now"
                  f"| already)?{_STOP}",
          _running_sentence),
    _Rule(DANGER, f"(?:picked|chosen|chose|set|decided on|fixed|booked) (?:a|the) (?:day|date"
                  f"|time|night){_STOP}", _running_sentence),
    _Rule(DANGER, f"(?:the|a) (?:day|date) (?:is|s) (?:set|picked|chosen|decided){_STOP}",
          _running_sentence),
    _Rule(DANGER, "(?:know|worked out|work out|planned|plan|written down|wrote down|write down"
                  "|figured out|decided|researched|researching|looked up|looking up|googled"
                  "|googling|searched|searching|thought about|planning|thinking about|thinking of"
                  "|think about|wondering|imagining|picturing) (?:exactly |out )?(?:how"
                  "|when|where|the way) (?:id|i would|i will|ill|i could|i d|i am going to"
                  "|im going to|to) (?:do it|end it|kill myself|die|end my life)",
          _running_sentence),
    _Rule(DANGER, "how to (?:kill myself|end my life|end it all|die painlessly|overdose"
                  "|hang myself|commit suicide|die quickly)"),
    _Rule(DANGER, "painless(?:ly)? (?:way|ways|method|methods|death|to die)"),
    _Rule(DANGER, f"(?:ready|planning|decided|about) to catch the bus{_STOP}", _running_sentence),
    _Rule(DANGER, "(?:guardado|juntado|acumulado|ahorrado|juntando|guardando|acumulando|juntei"
                  "|guardei|acumulei|accumule|stocke|garde|gesammelt|gehortet|gespart|sammle"
                  "|verzameld|verzamel|gespaard|opgespaard) (?:mis |mes |meus |minhas |de |des "
                  f"|los |las |os |as |alle |al )?{_MEDICINE}"),
    _Rule(DANGER, f"{_MEDICINE} (?:[a-z]+ ){{0,2}}(?:gesammelt|gehortet|gespart|verzameld"
                  "|gespaard|opgespaard|guardados|juntados|acumulados|guardadas|juntadas)"),
]

_PREPARATIONS = [
    _Rule(DANGER, "suicide (?:letter|letters|note|notes|video|videos|message|messages)"),
    _Rule(DANGER, "(?:goodbye|farewell) (?:letter|letters|note|notes|video|videos|message"
                  "|messages)", _for_an_occasion),
    _Rule(DANGER, "(?:carta|cartas|lettre|lettres|mensaje|mensagem) (?:de |d )?(?:despedida|adieu"
                  "|dadieu)"),
    _Rule(DANGER, "(?:abschiedsbrief|abschiedsbriefe|afscheidsbrief|afscheidsbrieven)"),
    _Rule(DANGER, "(?:me despido de todos|me despeco de todos|je vous dis adieu|ich verabschiede"
                  " mich von euch|ik neem afscheid van jullie)", _looks_forward),
    _Rule(DANGER, f"(?:note|notes|letter|letters) (?:for|to) (?:my |each of my |all of my "
                  f"|all my )?{_FAMILY}(?: today| tonight| yesterday| last night)?{_STOP}"),
    _Rule(CUE, f"(?:note|notes|letter|letters) (?:for|to) (?:my |each of my |all of my "
               f"|all my ){_FAMILY}"),
    _Rule(DANGER, "(?:after|when|once) (?:im|i am|i m) (?:gone|dead|not here|not around"
                  "|no longer here)(?! (?:to|on|for|away|abroad|out|travelling|shopping)"
                  "(?![a-z]))", _looks_forward),
    _Rule(DANGER, "(?:be|being) (?:around|here|alive) (?:much longer|for much longer|for long)",
          _looks_forward),
    _Rule(DANGER, "(?:said|saying|writing|wrote|written|recording|recorded|making|made|sending"
                  "|sent) my (?:goodbyes|last goodbyes|final goodbyes)", _looks_forward),
    _Rule(DANGER, "(?:this is|this will be|this ll be|its|here is) my (?:last|final|very last) "
                  "(?:message|post|note|words|cheer note|goodbye)", _looks_forward),
    _Rule(DANGER, "(?:my|the) (?:suicide |goodbye |last )?(?:note|notes|letter|letters) (?:is "
                  "|are )?(?:written|done|ready|finished|in the|on the)", _looks_forward),
    _Rule(DANGER, "(?:wont|will not|shant) be (?:around|here|alive) (?:after|much longer"
                  "|for much longer|for long|anymore|any more|any longer|by|beyond)",
          _looks_forward),
    _Rule(DANGER, f"(?:wont|will not) be (?:around|alive){_STOP}", _looks_forward),
    _Rule(DANGER, f"(?:this is|its|it is|consider this|so this is|this will be) (?:my )?"
                  f"(?:goodbye|farewell)(?:{_ENDISH}| to (?:you|everyone|all|you all"
                  "|the club|everybody))", _looks_forward),
    _Rule(DANGER, "affairs in order", _looks_forward),
    _Rule(DANGER, "(?:giving|gave|give|given) (?:away )?(?:all |most |lots |a lot |some )?"
                  "(?:of )?my (?:things|stuff|belongings|possessions|valuables)", _looks_forward),
    _Rule(DANGER, "(?:giving|gave|give|given) (?:away )?(?:everything|it all|all of it|the lot)"
                  "(?: away)?(?= [.!?,;:]| except| but| to)", _looks_forward),
    _Rule(DANGER, "(?:need|needing) (?:it|them|any of it|any of them|this|that|anything"
                  "|any of this|those|these|my [a-z]+) where (?:im|i am) going"),
    _Rule(DANGER, "if you (?:dont|do not|never) hear from me", _looks_forward),
    _Rule(DANGER, "(?:wasnt|was not|isnt|is not|its not|it s not|not) (?:anyones|anybodys"
                  "|nobodys|no ones|your|you guys|yalls) fault", _looks_forward),
    _Rule(DANGER, "(?:nobody|no one) (?:will |would )?(?:has|have|need|needs|will have) to "
                  f"(?:sort|deal with|clean up|worry about|sort out) {_gap(3)}(?:after"
                  "|afterwards|when im gone)"),
    # weaker signs, two of which make danger
    _Rule(CUE, "(?:say|said|saying|to say) (?:goodbye|bye|my goodbyes|farewell) (?:to )?"
               "(?:everyone|you all|all of you|you lot|the club|everybody|yall|you guys)"),
    _Rule(CUE, "(?:thank you|thanks) (?:all |so much |everyone )?for (?:everything|all the)"),
    _Rule(CUE, "(?:thank you|thanks) (?:all |so much |everyone )?for (?:the|every"
               "|all those) (?:runs|memories|laughs|miles|years|good times|friendship|company"
               "|chats)"),
    _Rule(CUE, f"(?:ciao|adios|adieu|cheerio|so long|later) (?:everyone|all|everybody|all of you"
               f"|you all|friends|my friends|guys|yall){_END}"),
    _Rule(CUE, f"this is it for me{_END}"),
    _Rule(CUE, "(?:look after|take care of) (?:each other|yourselves|one another)"),
    _Rule(CUE, "(?:thank you|thanks) (?:all |everyone |so much )?for (?:being|always being) "
               "(?:so )?(?:kind|good|lovely|there|nice|amazing|my friends|a friend)"),
    _Rule(CUE, "if i (?:dont|do not|never|dont ever) (?:show up|turn up|come back|make it)"),
    _Rule(CUE, "know (?:that )?i (?:loved|love|cared about|appreciated) (?:you|every|all|running "
               "with)"),
    _Rule(CUE, "i (?:loved|have loved|really loved|always loved) (?:running with |knowing |being "
               "with )?(?:you all|all of you|every one of you|everyone here|you guys)"),
    _Rule(CUE, f"(?:goodbye|bye|farewell) (?:everyone|all|everybody|all of you|you all|friends"
               f"|my friends){_END}"),
    _Rule(CUE, "(?:its|it has|it s) been (?:a pleasure|an honour|an honor|a privilege|real)"
               "(?= [.!?,;:])"),
    _Rule(CUE, "(?:thank you|thanks) (?:all|everyone|everybody|all of you|you all|so much)"
               "(?= (?:[.!?] )+$)"),
    _Rule(CUE, "(?:made|making) (?:my )?peace(?! with (?:the|my|these|those) (?:[a-z]+ )?"
               "(?:hill|hills|pace|time|race|injury|knee|legs|taper|dnf))"),
    _Rule(CUE, f"(?:im|i am) ready to go(?: now)?{_STOP}", _running_sentence),
    _Rule(CUE, "you were (?:all )?(?:always )?(?:so )?(?:good|kind|lovely|amazing) to me"),
    _Rule(CUE, "(?:i love you all|love you all|sorry for everything|im sorry for everything)"),
    _Rule(CUE, "tell [a-z]+ (?:im|i am) sorry"),
    _Rule(CUE, "(?:my last|my final|my very last) (?:run|parkrun|race|message|post|note"
               "|cheer note|goodbye|time|session|words)(?! (?:before|of|for|until|till|in|this"
               "|with (?!you|everyone|all of you)|at|on|as)(?![a-z]))"),
    _Rule(CUE, f"(?:just the last one|the last one ever|one last time|for the last time){_END}"),
    _Rule(CUE, "(?:deleted|deleting|delete|closed|closing) (?:all )?(?:of )?my (?:accounts"
               "|socials|social media|profiles|everything)"),
    _Rule(CUE, "(?:sorted|sorting|written|wrote|write|writing|made|making|updated|updating"
               "|finished|finalised|finalized|done|did) (?:out )?(?:my|the) will"),
    _Rule(CUE, "(?:leaving|left|leave|giving|gave|give) (?:all )?my [a-z]+ (?:[a-z]+ )?to "
               "[a-z]+"),
    _Rule(CUE, f"(?:passwords|bank details|bank stuff|bank accounts|pin numbers) {_gap(5)}"
               "(?:written down|for my|sorted|in the drawer)"),
    _Rule(CUE, "(?:take care of|look after|feed|adopt|rehome) my (?:dog|dogs|cat|cats|pets|pet"
               "|kids|children|plants|rabbit|horse|fish)"),
    _Rule(CUE, "(?:withdrew|withdrawn|withdrawing|pulled out|cancelled|canceled|cancelling"
               "|deferred) (?:from )?(?:all|every)"),
    _Rule(CUE, "(?:wont|will not) (?:be needing|need) (?:it|them|any of it|any of them|this"
               "|the [a-z]+|my [a-z]+|any [a-z]+)"),
    _Rule(CUE, "(?:researching|researched|looked up|looking up|googled|googling) (?:it|methods"
               "|ways|doses|how many|how much|lethal)"),
    _Rule(CUE, "(?:the plan is|plan is) (?:after|on|tonight|tomorrow|this|next|when)"),
    _Rule(CUE, "(?:do|doing) it (?:tonight|tomorrow|today|this weekend|soon|on sunday"
               "|on saturday)"),
    _Rule(CUE, "(?:finish one thing|finish one last thing|one last thing) (?:first|before)"),
    _Rule(CUE, "(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday|tonight|tomorrow"
               f"|today) is the (?:day|night){_STOP}"),
    _Rule(CUE, "(?:sundays|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|tonights"
               f"|tomorrows|todays) the (?:day|night){_STOP}"),
    _Rule(CUE, "(?:got|have|ive got|had|i got) it all (?:worked out|planned|planned out|sorted"
               "|figured out)"),
    _Rule(CUE, f"(?:not|no longer) (?:scared|afraid|frightened) (?:anymore|any more){_END}"),
    _Rule(CUE, "(?:i cant|cant) (?:anymore|any more)"),
]

_SELF_HARM = [
    _Rule(DANGER, "self ?(?:harm|harms|harmed|harming|harmer|harmers)"),
    _Rule(DANGER, "self (?:injur|mutilat)[a-z]*"),
    _Rule(DANGER, "s / h"),
    _Rule(DANGER, "(?:relapsed|relapse|relapsing) (?:on |with |into )?(?:sh|self harm|cutting)"),
    _Rule(DANGER, "(?:did|do|doing|done) sh (?:again|last night|today|tonight)"),
    _Rule(DANGER, "sh (?:again|urges|relapse|scars|free)"),
    _Rule(DANGER, "(?:urge|urges) (?:to )?(?:sh|cut|self harm|hurt myself|harm myself"
                  "|burn myself)"),
    _Rule(DANGER, f"(?:harm|harming|harmed|harms|mutilate|mutilating|mutilated) {_MYSELF}"),
    _Rule(DANGER, f"(?:want to|wanted to|wants to|wanting to|need to|going to|planning to"
                  f"|tempted to|urge to|urges to|ready to|trying to|want 2|going 2|gotta) "
                  f"(?:hurt|harm|cut|burn|hit|scratch|injure|punish) (?:{_MYSELF}|me)"),
    _Rule(DANGER, f"(?:i will|ill|i might|i could|i may|im going to) (?:hurt|harm|cut|burn) "
                  f"{_MYSELF}", _running_after),
    _Rule(DANGER, f"(?:cut|cutting|cuts|burn|burning|burned|burnt|burns|hit|hitting|hits|punch"
                  "|punching|punched|slap|slapping|slapped|scratch|scratching|scratched|bite"
                  f"|biting|bit|stab|stabbing|stabbed) {_MYSELF}", _deliberate_unless_accident),
    _Rule(DANGER, f"(?:hurt|hurting|hurts|injure|injuring|injured) {_MYSELF}", _injury),
    _Rule(DANGER, f"(?:punish|punishing|punished) {_MYSELF}", _running_sentence),
    _Rule(DANGER, "(?:cut|cutting|cuts) (?:my )?(?:arms|arm|thighs|thigh|skin|stomach|hips"
                  "|legs|wrists)", _deliberate_unless_accident),
    _Rule(DANGER, "i (?:just |have |ve |started |started to )?(?:cut|cutted)(?:"
                  f"{_STOP}| again| last night| tonight| today| yesterday| this morning"
                  "| so bad| so badly| deep| deeper)"),
    _Rule(DANGER, f"(?:cut|cutting) (?:again|so badly|so bad|deep|deeper){_END}"),
    _Rule(DANGER, "(?:cut|burned|burnt|burnt myself|burned myself|cut myself) (?:again|deep|deeper)"
                  " (?:last night|tonight|today|yesterday|this morning|and|on purpose)",
          _running_sentence),
    _Rule(DANGER, f"(?:been|started|keep|kept|am|im|stop|stopped|quit|and|still) cutting"
                  f"(?:{_END}| again)"),
    _Rule(DANGER, f"(?:do|doing|did) (?:something|anything|things) (?:stupid |bad |terrible "
                  f"|drastic )?to {_MYSELF}"),
    _Rule(DANGER, f"(?:want|wanted|need|urge|urges|going|tempted|ready) {_TO} cut(?:{_END}"
                  "| so badly| so bad| again| tonight| right now)"),
    _Rule(DANGER, "used to (?:cut|self harm|selfharm|sh|hurt myself|burn myself)"
                  f"(?:{_END}| and| but)"),
    _Rule(DANGER, "(?:hide|hiding|hid|cover|covering|covered|sees|see|seeing|saw|notice"
                  "|notices|noticed|show|showing) (?:the |my |your |fresh |new |these |those "
                  "|some ){1,3}(?:cuts|scars|marks|burns)", _an_accident),
    _Rule(DANGER, f"(?:scratch|scratching|scratched|pick|picking|picked|bite|biting|hit|hitting"
                  f"|punch|punching|punched|bang|banging|banged|claw|clawing|dig|digging|dug"
                  f") {_gap(5)}(?:till|until|til|untill) {_gap(2)}(?:bleed|bleeds|bled|bleeding"
                  "|split|splits|bruise|bruised|bruises|break|broke|raw|saw stars|see stars"
                  "|opens|opened|open)"),
    _Rule(DANGER, "(?:punch|punching|punched|hit|hitting) (?:the )?walls? (?:[a-z0-9,.]+ ){0,6}"
                  "(?:on purpose|deliberately)"),
    # Spanish, French, German, Dutch, Portuguese
    _Rule(DANGER, "(?:autolesi|autoles|automutil|scarifi|selbstverletz|zelfbeschadig"
                  "|zelfverwond)[a-z]*"),
    _Rule(DANGER, "(?:vuelto a|volvi a|vuelvo a|quiero|voy a|ganas de) cortarme"),
    _Rule(DANGER, "(?:vuelto a cortar|me corto|me cortei|me corto de novo|me cortar)"
                  "(?! (?:el|las|los|la|o|a|os|as|meu|minha)(?![a-z]))"),
    _Rule(DANGER, "(?:hacerme|me hago|me hice|hecho) (?:dano|mal)"),
    _Rule(DANGER, "me (?:lastimo|lastime|machuco|mutilo|mutile|mutiler|scarifie|coupe encore"
                  "|blesse expres)"),
    _Rule(DANGER, "(?:doe|deed|gedaan|doen) mezelf pijn"),
    _Rule(DANGER, "me machuc[a-z]* (?:de proposito|de novo|a proposito)"),
    _Rule(DANGER, "me (?:fais|suis fait|fait) du mal"),
    _Rule(DANGER, "me (?:suis )?(?:coupee|coupe|taillade) (?:encore|expres|les bras|les poignets)"),
    _Rule(DANGER, "(?:geritzt|ritze mich|mich ritzen|mich geritzt)"),
    _Rule(DANGER, "(?:verletze|verletzt|verletzen) mich (?:selbst|absichtlich)"),
    _Rule(DANGER, "(?:mezelf|me) (?:weer |opnieuw |expres )?(?:gesneden|snijden|snij|beschadig"
                  "|beschadigd|beschadigen|pijn gedaan|pijn doen)"),
    _Rule(DANGER, "(?:snij|beschadig|sneed) mezelf"),
]

_NOT_SAFE = [
    _Rule(DANGER, "(?:im not|i am not|i m not|i dont feel|i do not feel|dont feel|i never feel"
                  "|i dont think im|i dont think i am|i wont be|i will not be|i no longer feel"
                  "|not feeling|i feel un|feeling un) (?:really |very |entirely |completely "
                  "|fully |feeling )?safe"
                  f"(?:{_ENDISH}| (?:with|around|from|to be|at home|alone|on my own|by myself"
                  "|here|tonight|right now|please|help|anymore|today|now|in my|inside)(?![a-z]))",
          _running_after),
    _Rule(DANGER, "not safe (?:at home|alone|with myself|from myself|around myself|by myself"
                  "|on my own|with my thoughts|to be alone|in my own)"),
    _Rule(DANGER, "(?:cant|unable to|struggling to|not able to|dont know how to|dont know if i can"
                  "|dont think i can|cant promise i will|cant promise ill|cant promise i can"
                  "|cant promise id|cant guarantee i will|cant say i will) (?:keep|stay|be|keep "
                  "myself) (?:myself )?safe", _running_after),
    _Rule(DANGER, f"(?:dont|do not|cant|no longer|never) trust {_MYSELF}", _running_after),
    _Rule(DANGER, "(?:scared|afraid|frightened|terrified|worried|scares me|frightens me) of what"
                  " i (?:might|could|will|would|may|am going to|m going to|im going to) do"),
    _Rule(DANGER, "(?:scared|afraid|frightened|terrified|worried) (?:that )?(?:i will|ill"
                  "|im going to|i am going to|i might|i could|i may) do something (?:stupid|bad"
                  "|dumb|drastic|i regret|permanent|terrible)", _running_sentence),
    _Rule(DANGER, f"(?:scared|afraid|frightened|terrified) of {_MYSELF}"),
    _Rule(DANGER, f"(?:need|want) (?:someone|somebody|anyone|anybody|you|one of you) {_TO} "
                  "(?:stop me|talk me down|keep me safe)(?= (?:[.!?,;:]|please|tonight|now"
                  "|right now|before|from (?:doing|hurting|killing|cutting|ending|jumping)))"),
    # Spanish, French, German, Dutch, Portuguese
    _Rule(DANGER, "(?:no estoy|no me siento) (?:a salvo|segura|seguro)"),
    _Rule(DANGER, "(?:no confio|nao confio) (?:en|em) (?:mi|mim)"),
    _Rule(DANGER, "(?:suis|sens) (?:pas|plus) en securite"),
    _Rule(DANGER, "me fais (?:pas|plus) confiance"),
    _Rule(DANGER, "nicht sicher vor mir"),
    _Rule(DANGER, f"kann mich {_gap(2)}nicht (?:schutzen|schuetzen)"),
    _Rule(DANGER, f"angst {_gap(2)}(?:, )?was ich mir (?:an)?tue"),
    _Rule(DANGER, "mir (?:etwas|was|selbst etwas) (?:an)?(?:zu )?(?:tun|tue|antue|antun)"),
    _Rule(DANGER, "mezelf (?:iets )?(?:aandoe|aan doe|aan zal doen|zal aandoen|aandoen)"),
    _Rule(DANGER, "miedo (?:de|a) lo que (?:pueda|podria|voy a|puedo) hacer(?:me)?"),
    _Rule(DANGER, "peur de ce que je (?:pourrais|vais|risque de|peux) (?:me )?faire"),
    _Rule(DANGER, "medo do que (?:eu )?(?:posso|possa|vou|poderia) fazer"),
    _Rule(DANGER, "(?:ben|voel me) (?:niet|nergens) veilig"),
    _Rule(DANGER, "vertrouw mezelf niet"),
    _Rule(DANGER, "nao (?:estou|me sinto|to) segur[ao]"),
]

_SHORTHAND = [
    _Rule(DANGER, "(?:kms|kmsl)", _a_distance),
    _Rule(DANGER, f"(?:kys|kill yourself) {_gap(4)}{_MYSELF}"),
    _Rule(DANGER, "(?:tell|telling|told|say|saying|said) (?:myself|me) (?:to )?(?:just )?"
                  "(?:kys|kill yourself|kill myself|die|go die|end it)"),
    _Rule(DANGER, "un ?aliv[a-z]*"),
    _Rule(DANGER, "sewer ?(?:slid[a-z]*|side)"),
    _Rule(DANGER, "self ?delet[a-z]*"),
    _Rule(DANGER, f"(?:delete|deleting|deleted) {_MYSELF}"),
    _Rule(DANGER, "ctb"),
    _Rule(DANGER, "commit (?:sudoku|toaster bath|die)"),
    _Rule(DANGER, "(?:ready for|time for|waiting for|going for) game (?:end|over)",
          _running_sentence),
    _Rule(DANGER, "game (?:end|over) for me", _running_sentence),
    _Rule(DANGER, "(?:permanently|forever) (?:log|logging|logged|sign|signing) (?:off|out)"),
    _Rule(DANGER, "(?:log|logging|logged|sign|signing) (?:off|out) (?:permanently|forever"
                  "|for good|for the last time)"),
    _Rule(DANGER, f"(?:me|myself) {_gap(2)}emojigun", _running_sentence),
    _Rule(DANGER, "(?:emojigun|emojiknife) (?:me|myself|my head|to my head)", _running_sentence),
    _Rule(DANGER, "emojigrave (?:me|myself)", _running_sentence),
]

_DISTRESS = [
    # a dark place
    _Rule(DISTRESS, "(?:in|at|into|through|going through|been in|been through|stuck in|head in)"
                    " (?:a |such a |the |this )?(?:really |very |so |pretty |bit of a )?(?:dark"
                    "|bad|low|rough|horrible|terrible|awful|black|difficult|hard|tough|shit"
                    "|shitty|crap|grim|bleak) (?:place|space|headspace|head space|patch|spot"
                    "|period|time|phase|way)", _running_after),
    _Rule(DISTRESS, "(?:\\. |, |a |been |had a |its been |it s been |such a )(?:really |very "
                    "|pretty )?(?:dark|bleak|grim|horrible|awful|rough|hard|tough|terrible"
                    ") (?:few )?(?:months|weeks|days|year)", _running_after),
    _Rule(DISTRESS, "struggling(?:" + _END + "| a lot| so much| badly| mentally| right now"
                    "| lately| at the moment| recently| with (?:everything|life|my mental health"
                    "|my head|depression|anxiety|grief|it all|things)| to cope| to get out of bed"
                    "| to function| to get through| to keep my head)", _running_after),
    _Rule(DISTRESS, "(?:im|i am|i m|feeling|i feel|really) not (?:ok|okay|alright|all right|fine"
                    f"|good)(?:{_END}| at all| really| right now| mentally| inside| but)",
          _running_sentence),
    _Rule(DISTRESS, "rock bottom", _running_sentence),
    # one's mental health spoken of badly ("in the bin", "has taken a battering")
    _Rule(DISTRESS, "mental health (?:[a-z]+ ){0,4}(?:bin|bad|awful|terrible|shot|poor|suffering"
                    "|not great|struggling|struggles|low|bottom|pieces|rough|tanked|hit|battering"
                    "|beating|knock|nosedive|dive|toll|state|mess|worse|worst|spiralling"
                    "|spiraling|declining|fragile|crisis|issues|problems|dreadful|horrendous)"),
    _Rule(DISTRESS, "(?:everything|life|it all) (?:feels|is|seems|s) (?:so |really |very "
                    "|just )?(?:heavy|hard|too much|pointless|hopeless|dark|grey|gray|wrong"
                    "|awful|shit|overwhelming|a struggle|never going to get better)",
          _running_sentence),
    _Rule(DISTRESS, "(?:feel|feeling|felt) (?:like )?(?:im |i am )?drowning"),
    _Rule(DISTRESS, "drowning in (?:work|debt|everything|life|it all|grief|sadness)"),
    _Rule(DISTRESS, "(?:struggle|struggling|cant|can barely|barely) (?:to )?(?:get|getting) out"
                    " of bed"),
    _Rule(DISTRESS, f"(?:dont|do not|no longer) (?:even )?recogni[sz]e {_MYSELF}"),
    _Rule(DISTRESS, "never going to get better"),
    _Rule(DISTRESS, "not doing (?:so |too |very |that )?(?:well|good|great|ok|okay)",
          _running_after),
    _Rule(DISTRESS, "(?:things|life|everything|it all|my life|this year|home|work|it) (?:have|has"
                    "|s|is|are|feels|seems|ve) (?:been )?(?:really |so |very |pretty |quite "
                    "|incredibly |super |just )?(?:hard|tough|difficult|rough|awful|shit|crap|bad"
                    "|horrible|terrible|grim|heavy|bleak|dark)(?= (?:[.!?,;:]|lately|recently"
                    "|at the moment|right now|for me|for a while|since|this year|these days))",
          _running_sentence),
    _Rule(DISTRESS, "(?:having|had|going through|been having|been through|got) (?:a |such a )?"
                    "(?:really |very |pretty |super |incredibly )?(?:hard|rough|tough|difficult"
                    "|bad|awful|horrible|shit|terrible) (?:time|patch|spell|period|year|few weeks"
                    "|few months|couple of weeks|couple of months)", _running_after),
    # falling apart, can't cope
    _Rule(DISTRESS, "(?:so|really|very|too|super|extremely|constantly) stressed",
          _running_sentence),
    _Rule(DISTRESS, "(?:cant|can never|barely) sleep", _nerves_before_an_event),
    _Rule(DISTRESS, "(?:everything|life|my life|things|i|im|my world|my head|my marriage"
                    "|my family|it all|i am) (?:is |are |feels |keeps |keep |s )?(?:falling"
                    "|coming) apart"),
    _Rule(DISTRESS, "(?:my life|life|everything|things) (?:is|are|feels|s) (?:a mess|a wreck"
                    "|a disaster|shit|hell|crap|chaos|awful|a nightmare|falling apart)"),
    _Rule(DISTRESS, "(?:cant|struggling to|barely|not|can hardly) (?:cope|coping)",
          _running_after),
    _Rule(DISTRESS, "overwhelmed", _moved_or_running),
    _Rule(DISTRESS, f"(?:its|it is|all|everything is|this is|everythings) (?:all )?(?:just )?too "
                    f"much{_END}", _running_sentence),
    _Rule(DISTRESS, "(?:cant|struggling to) (?:handle|deal with|take|manage) (?:everything"
                    "|anything|it all|all of this|life|things|what is going on|whats going on"
                    "|any of it)", _running_sentence),
    _Rule(DISTRESS, "breaking point", _running_sentence),
    _Rule(DISTRESS, "(?:lost my job|been made redundant|made redundant|redundancy|got fired"
                    "|been fired|laid off|evicted|bankrupt|going through a divorce|divorce)"),
    _Rule(DISTRESS, "(?:dont|do not) know what to do", _running_after),
    _Rule(DISTRESS, "(?:holding|hold|keep|keeping) it together", _running_after),
    _Rule(DISTRESS, "(?:running|this|the club|parkrun|the run|running club|my runs|it) (?:is|s)"
                    " (?:about |basically |literally |pretty much )?(?:all|the only thing) "
                    "(?:ive got|i have|i have left|ive got left|i got|keeping me)"),
    _Rule(DISTRESS, "(?:only thing|only reason|only time) (?:that )?(?:gets me|keeping me"
                    "|keeps me|getting me|i get) (?:out of (?:bed|the house)|going|sane|alive"
                    "|afloat|above water)"),
    _Rule(DISTRESS, "head above water"),
    _Rule(DISTRESS, "(?:burnt out|burned out|burnout)", _running_sentence),
    _Rule(DISTRESS, "cant keep up with (?:anything|everything|life)"),
    _Rule(DISTRESS, "wheels (?:are |have |were )?(?:coming|come|came) off", _running_sentence),
    _Rule(DISTRESS, "(?:tired|sick|done|exhausted|fed up|drained) (?:of|with|by) (?:it all"
                    "|everything|people|the world|all of it)"),
    # alone
    _Rule(DISTRESS, "(?:feel|feeling|felt) like (?:nobody|no one) (?:would |will |d )?(?:notice"
                    "|care|miss me|cares|notices)"),
    _Rule(DISTRESS, "(?:feel|feeling|felt|am|im|so|very|really|always|completely|totally) "
                    "(?:so |very |really |completely |totally |incredibly )?(?:alone|lonely"
                    "|isolated)", _running_sentence),
    _Rule(DISTRESS, "(?:lonely|loneliness)", _running_sentence),
    _Rule(DISTRESS, "(?:nobody|no one) (?:really |ever |actually |even )?(?:talks|speaks|talked"
                    "|texts|messages|calls|cares|listens|understands|checks|sees|notices) "
                    "(?:to |on |about )?me"),
    _Rule(DISTRESS, "(?:nobody|no one) (?:really |ever |actually |even )?(?:understands|gets it"
                    "|gets me|knows how i feel|knows what im going through|knows what i am going"
                    " through)"),
    _Rule(DISTRESS, "(?:dont|do not) know (?:anyone|anybody) (?:here|in|round|around|at all"
                    "|outside)"),
    _Rule(DISTRESS, "dont know (?:anyone|anybody)" + _END),
    _Rule(DISTRESS, "only (?:place|time|chance|conversation|contact|social contact"
                    "|human contact|people) (?:where |when |that )?(?:i )?(?:see people"
                    "|see anyone|talk to anyone|talk to people|have all week|i have|i get"
                    "|speak to anyone|feel like myself|feel human|feel normal|feel alive"
                    "|feel okay|feel ok|feel like me|have)"),
    _Rule(DISTRESS, "(?:feel|feeling|felt) (?:so |really |completely )?invisible"),
    _Rule(DISTRESS, "(?:no one|nobody) to (?:talk to|turn to)"),
    _Rule(DISTRESS, "everyone else (?:[a-z]+ ){0,3}(?:has|have|seems to have) (?:their|friends"
                    "|people|someone)"),
    _Rule(DISTRESS, "(?:dont|do not|never) (?:feel like i )?belong (?:anywhere|here|at all)"),
    _Rule(DISTRESS, "(?:have no friends|have no one|got no one|have nobody|got nobody"
                    "|all alone)", _running_sentence),
    _Rule(DISTRESS, "running (?:doesnt|does not|isnt|cant|no longer|wont|is not) (?:even )?"
                    "(?:help|helping|working|work|fix|fixing)"),
    # depressed, anxious
    _Rule(DISTRESS, "(?:havent|hasnt|have not|not|barely|cant|cannot|can barely) (?:left|leave"
                    "|leaving|got out of|get out of) (?:the house|my room|my flat|my bed|bed)"
                    "(?: in| for)? (?:days|weeks|ages|a week|a while)"),
    _Rule(DISTRESS, "nothing (?:helps|is helping|seems to help|makes it better|makes it stop"
                    "|gets better)"),
    _Rule(DISTRESS, "(?:exhausted|tired|drained|knackered|numb|sad|empty) all the time",
          _running_sentence),
    _Rule(DISTRESS, "(?:dont|do not|no longer|never) feel like (?:myself|me|i used to|a person"
                    "|a human)", _running_after),
    _Rule(DISTRESS, "(?:cant|cannot|dont|do not) (?:remember|recall) (?:the last time|when) (?:i )?"
                    "(?:felt|was|last felt) (?:happy|good|ok|okay|myself|normal|alive|anything"
                    "|like myself)"),
    _Rule(DISTRESS, "(?:depressed|depression|depressive|depressions)"),
    _Rule(DISTRESS, "anxiety (?:has been|is|s been|s|was) (?:so |really |very )?(?:bad|awful"
                    "|terrible|horrible|high|crippling|through the roof|off the charts|brutal)"),
    _Rule(DISTRESS, "(?:anxiety attack|panic attack|panic attacks)"),
    _Rule(DISTRESS, "(?:so |really |very |always |constantly )anxious", _running_after),
    _Rule(DISTRESS, "(?:therapist|counsellor|counselor|psychiatrist|psychologist) "
                    f"{_gap(3)}(?:told|said|says|suggested|recommended|thinks|wants)"),
    _Rule(DISTRESS, "(?:on|started|taking|take|increased|upped) (?:anti ?depressants"
                    "|sertraline|citalopram|fluoxetine|prozac|meds for my)"),
    _Rule(DISTRESS, "(?:feel|feeling|felt|been|im|so) (?:so |really |very |pretty |quite |super"
                    " |completely |just |totally )?(?:low|empty|numb|hopeless|worthless|useless"
                    "|broken|miserable|sad|unhappy|dead inside|hollow|blue|down|lost"
                    "|disconnected|detached|cut off|alienated)(?! (?:on|to)(?![a-z]))",
          _running_after),  # not "low on energy", "down to 5k"
    _Rule(DISTRESS, "(?:feel|feeling|felt) (?:so |really |very |pretty |quite |just )?(?:awful"
                    "|terrible|horrible|rubbish|crap|shit|flat|dreadful)", _running_sentence),
    _Rule(DISTRESS, "(?:\\. |, |just |so |completely |emotionally |totally )numb"),
    _Rule(DISTRESS, "cant feel anything", _running_after),
    _Rule(DISTRESS, "(?:blues|baby blues)"),
    _Rule(DISTRESS, "(?:stopped enjoying|dont enjoy|do not enjoy|cant enjoy|no longer enjoy) "
                    "(?:anything|everything|things|life)"),
    _Rule(DISTRESS, "(?:low|down|depressed|struggling) for (?:months|weeks|ages|a while"
                    "|so long|years)"),
    # crying
    _Rule(DISTRESS, "(?:cry|cries|crying|cried|sobbing|sobbed|sob|weeping|wept|in tears"
                    "|bawling|bawled|tears)(?! of joy)", _tears_of_joy_or_effort),
    _Rule(DISTRESS, "(?:dark thoughts|intrusive thoughts|black thoughts)"),
    _Rule(DISTRESS, "(?:\\. |, |i |and |then |just |totally |completely )(?:just )?broke down",
          _at_a_distance),
    # grief
    _Rule(DISTRESS, f"(?:lost|losing|lose|buried|burying) (?:my|our) {_LOVED_ONE}"),
    _Rule(DISTRESS, "(?:funeral|passed away|bereaved|bereavement|grief|grieving|mourning|widowed"
                    "|miscarriage|miscarried|stillborn|lost the baby)", _running_after),
    _Rule(DISTRESS, f"(?:my|our) {_LOVED_ONE} (?:[a-z]+ ){{0,2}}(?:died|passed|is dying|has died"
                    "|was killed|killed himself|killed herself|took (?:his|her) (?:own )?life)"
                    "(?! on me)"),
    _Rule(DISTRESS, "(?:miss|missing) (?:him|her|them|my [a-z]+) so much", _running_sentence),
    # low self-worth
    _Rule(DISTRESS, "failing at (?:everything|life|all of it|being)"),
    _Rule(DISTRESS, "hate (?:who|what) i (?:am|have become|ve become)"),
    _Rule(DISTRESS, "(?:such a|how much of a|what a|a total|a complete|a massive|a huge) "
                    "(?:failure|loser|disappointment|waste of space|burden) (?:i am|im)"),
    _Rule(DISTRESS, f"(?:hate|loathe|despise|hating) {_MYSELF}", _running_after),
    _Rule(DISTRESS, f"disgusted (?:with|by) {_MYSELF}"),
    _Rule(DISTRESS, "(?:im|i am|i m) (?:so |such )?(?:worthless|useless|pathetic|a failure"
                    "|a waste of space|a disappointment|a burden|a mess)", _running_after),
    _Rule(DISTRESS, "(?:feel|feeling|felt) (?:like )?(?:a |such a |so )?(?:failure|burden|fraud"
                    "|waste of space|disappointment|loser|joke|mess|worthless|useless|pathetic"
                    "|nothing)", _running_after),
    _Rule(DISTRESS, "(?:worthless|failure at everything)", _running_after),
    _Rule(DISTRESS, "(?:can barely|cant|can hardly) breathe", _running_sentence),
    _Rule(DISTRESS, "need help(?:" + _END + "| but| and| with (?:my head|my mental health"
                    "|life|everything)| please| badly| desperately| now)", _running_sentence),
    _Rule(DISTRESS, "(?:dont|do not) know who to (?:ask|talk to|turn to)"),
    _Rule(DISTRESS, f"(?:starve|starving|starved) {_MYSELF}"),
    _Rule(DISTRESS, "(?:hate|hating) my life"),
    # Spanish, French, German, Dutch, Portuguese: feeling low, lonely, empty, lost
    _Rule(DISTRESS, "(?:estoy|me siento|ando|me encuentro) (?:muy |tan |bastante |super |fatal"
                    " )?(?:mal|triste|sola|solo|deprimida|deprimido|vacia|vacio|perdida|perdido"
                    "|agobiada|agobiado|hundida|hundido|fatal)"),
    _Rule(DISTRESS, "(?:je me sens|je suis|me sens) (?:tellement |tres |si |trop )?(?:seule|seul"
                    "|vide|perdue|perdu|nulle|nul|triste|epuisee|a bout)"),
    _Rule(DISTRESS, "(?:fuhle|fuehle) mich (?:so |sehr |total |ganz |einfach )?(?:leer|allein"
                    "|einsam|schlecht|wertlos|traurig|hoffnungslos|mies|verloren)"),
    _Rule(DISTRESS, "(?:ben|voel me) (?:zo |heel |erg |echt |zo ontzettend )?(?:verdrietig"
                    "|eenzaam|somber|leeg|waardeloos|depressief|ongelukkig|alleen)"),
    _Rule(DISTRESS, "(?:me sinto|to|estou|sinto me|sentindo|sentido) (?:muito |tao |bem |super )?"
                    "(?:sozinha|sozinho|triste|mal|vazia|vazio|perdida|perdido|pessima|pessimo)"),
    _Rule(DISTRESS, "(?:einsam|eenzaam)[a-z]*", _running_sentence),
    _Rule(DISTRESS, "(?:deprim|depresion|depressie|depressief|depressao|ansiedad)[a-z]*"),
    # ... going through a bad time
    _Rule(DISTRESS, "(?:momento|fase) (?:muy |muito |tan |tao |bastante |bem )?(?:malo|dificil"
                    "|duro|dura|complicado|complicada|ruim)"),
    _Rule(DISTRESS, "(?:mala racha|mal momento|mala epoca|epoca dificil|au fond du trou"
                    "|au plus mal|trop dur en ce moment|dur en ce moment|je vais mal"
                    "|je vais tres mal|je vais trop mal|ca va pas|fertig mit allem"
                    "|mit allem fertig|zware tijd|moeilijke tijd)"),
    _Rule(DISTRESS, f"(?:geht|gehts) (?:es |s )?(?:mir )?{_gap(3)}(?:schlecht|mies|dreckig"
                    "|beschissen)"),
    _Rule(DISTRESS, f"zit er {_gap(2)}doorheen"),
    _Rule(DISTRESS, "gaat (?:echt |heel |niet )?(?:slecht|niet goed) met me"),
    # ... crying, and "I can't any more", unless about a run
    _Rule(DISTRESS, "(?:llorando|lloro|llorar|llore|pleure|pleurer|pleurs|pleurais|weine|weinen"
                    "|heule|heulen|huil|huilen|huilde|chorando|choro|chorar|chorei)",
          _tears_of_joy_or_effort),
    _Rule(DISTRESS, "(?:no aguanto mas|ya no puedo mas|no puedo mas|jen peux plus|je nen peux plus"
                    "|kann nicht mehr|schaffe das nicht mehr|kan het niet meer aan|kan niet meer"
                    "|nao aguento mais|nao consigo mais)", _running_sentence),
]

# ---------------------------------------------------------------- the same, in other words
# Families of wording found by reading hard cases written blind: each rule covers a way of
# saying a category, never one sentence.

_THROW_TARGET_ES = (
    "(?:el |la |un |una |los |las )?(?:balcon|ventana|puente|edificio|azotea|tejado|terraza"
    "|tren|metro|vias|acantilado|camion|coche|autobus)"
)
_THROW_TARGET_PT = (
    "(?:uma |um |a |o )?(?:ponte|predio|janela|varanda|sacada|trem|comboio|metro|penhasco"
    "|viaduto|terraco|telhado|onibus|caminhao)"
)
_THROW_TARGET_FR = (
    "(?:un |une |le |la |l )?(?:train|pont|fenetre|balcon|immeuble|toit|falaise|metro|camion"
    "|voiture|rer)"
)
_HIGH_PLACE_ASKED = (
    "(?:bridge|bridges|building|buildings|multi storey|multi storeys|multistorey|multi story"
    "|car park|car parks|carpark|cliff|cliffs|tower|towers|tower block|roof|rooftop|rooftops"
    "|flats|block of flats|viaduct|overpass|flyover)"
)
_BARRIER = "(?:fence|fences|barrier|barriers|railing|railings|nets|netting|grille)"
_MEANS = "(?:knife|knives|razor|razors|blade|blades|pills|tablets|rope|gun|lighter|noose)"
_HIGH_PLACE_WORDS = (
    "(?:cliff|cliffs|cliff path|cliff top|clifftop|bridge|ledge|roof|rooftop|viaduct|quarry"
    "|reservoir|railway|tracks|train line|tower|car park|multi storey|river|harbour wall|pier"
    "|woods)"
)
_MEANS_AT_HAND = "(?:" + "|".join(
    f"{owner}{means}" for owner in ("the ", "my ", "a ", "")
    for means in ("knife", "knives", "razor", "razors", "blade", "blades", "pills", "tablets",
                  "rope", "gun", "noose")
) + ")"
_SOMEONE_ELSE = (
    "(?:nobody|no one|nobodys|no ones|my family|they|mum|my mum|my mom|my kids|the kids"
    "|my partner|my wife|my husband|my parents|there is less|theres less|there s less)"
)

_WISHES = [
    _Rule(DANGER, "(?:hope|hopes|hoping|hoped|wish|wishing|pray|praying) (?:that )?(?:the |this "
                  "|my |a |some )?[a-z]+ (?:gets|takes|kills|finishes|ends|get|take|kill|finish"
                  "|end) me(?: off| out)?(?= [.!?,;:]| quickly| soon| fast| first| tonight"
                  "| already)",
          _running_sentence),
    _Rule(DANGER, "(?:no light|never any light) at the end of (?:the tunnel|this|it|all this)",
          _running_sentence),
    _Rule(DANGER, "(?:hope|hopes|hoping|hoped|wish|wishing|pray|praying) (?:that )?(?:a|the"
                  "|some) (?:car|bus|truck|lorry|van|train|driver|cyclist"
                  f"|taxi) {_gap(2)}(?:clips|clip|hits|hit|knocks|knock|mows|mow|wipes|wipe"
                  "|flattens|flatten|takes|take|kills|kill|runs|run|smacks|smack|ploughs into"
                  "|plows into|ends|end) (?:me|me out|me over|me down)(?! (?:for|to)(?![a-z]))",
          _a_wish_denied),
    _Rule(DANGER, "(?:hope|hopes|hoping|hoped|wish|wishing|pray|praying"
                  "|prayed) (?:that )?my heart (?:just |would |will )?(?:gives out|give out"
                  "|gave out|stops|stop|packs in|pack in|packs up|fails|gives up|give up|explodes"
                  "|bursts)"),
    _Rule(DANGER, "(?:jealous|envious) of (?:people|those|anyone|everyone|the ones|folk|folks"
                  "|someone|somebody|the people) (?:who|that) (?:just |get to )?(?:die|died|pass"
                  "|passed|dont wake up|never wake up|are dead|go to sleep and)"),
    _Rule(DANGER, "(?:envy|jealous of|envious of) (?:the )?dead(?: people)?(?![a-z])"),
    _Rule(DANGER, "(?:take|takes|taking|took) me in my sleep"),
    _Rule(DANGER, "(?:pray|praying|prayed|beg|begging|begged|hope|hoping|wish"
                  "|wishing) (?:every night |each night |every day "
                  "|every morning )?(?:that )?(?:god|the lord|jesus|allah|the universe) (?:will "
                  "|would |just |could )?(?:take|takes|took) me(?! (?:to|for|with|through|out"
                  "|round|around|on)(?![a-z]))"),
    _Rule(DANGER, "(?:beg|begging|begged|pray|praying|prayed|ask|asking|asked) (?:god|the lord"
                  "|jesus|allah|the universe) (?:every night |each night "
                  "|to )*(?:just )?(?:to )?(?:take me|let me die|let me go|end it|not wake me)"),
    _Rule(DANGER, "(?:wouldnt|would not|wont|doesnt|does not|dont|do not) (?:really |even "
                  "|honestly )?(?:bother me|bother|mind|care|matter) (?:if|when) (?:the|my"
                  "|a) (?:plane|flight|car|bus|train|ferry|boat|taxi|cab) (?:just )?(?:went down"
                  "|goes down|crashed|crashes|sank|sinks|came off|fell)"),
    _Rule(DANGER, "(?:dont|do not|stopped|no longer|never|barely) (?:even )?(?:look|looking|check"
                  "|checking|bother looking|bother to look) (?:both ways |for cars |for traffic "
                  "|left or right )?(?:when|before) (?:i )?(?:cross|crossing) (?:the )?(?:road"
                  "|roads|street|streets|traffic)"),
    _Rule(DANGER, "(?:serious|terminal|fatal|cancer|a tumour|a tumor|dying|bad news"
                  "|something serious)(?: [a-z]+){0,4} (?:i|and i|id) (?:felt|was|got|feel"
                  "|am) (?:almost |kind of |a bit |weirdly |strangely |secretly |actually "
                  "|quietly )?(?:relieved|glad|hopeful|excited)", _good_news),
    _Rule(DANGER, "(?:waiting|wait|waited) (?:to die|for death|for it all to end"
                  "|for it to be over|to not exist|for the end(?! of))", _wish_about_a_session),
    _Rule(DANGER, "(?:fastest|quickest|easiest|simplest|surest|least painful|most painless"
                  "|cleanest|quietest|painless|quick|easy|peaceful|gentlest|best) (?:way|ways"
                  "|method|methods) (?:to die|of dying|to kill myself|to end it|to end my life"
                  "|to end things|to not wake up)(?![a-z])", _wish_about_a_session),
    _Rule(DANGER, "(?:least painful|most painless|painless|peaceful|quietest|gentlest) (?:way"
                  "|ways|method|methods) (?:to go|to do it|out)(?= [.!?,;:])"),
    # Spanish, French, German, Dutch, Portuguese: leaving this world, better not to wake
    _Rule(DANGER, "(?:ir|irme|irse|me ir|salir|partir|sair|deixar|quitter|leave|leaving|left|exit"
                  "|exiting|depart|departing|check out of|checking out of) (?:de |d "
                  "|from )?(?:este|esta|ce|cette|deste|desta|desse|dessa|this|the) (?:mundo|vida"
                  "|monde|vie|world|earth|planet|life)(?! (?:behind|a better|better|of)(?![a-z]))"),
    _Rule(DANGER, "(?:diese|dieser|deze) (?:welt|wereld) (?:zu )?(?:verlassen|verlaten)"),
    _Rule(DANGER, "(?:mejor|melhor|mieux|besser|beter) (?:no|nao|ne pas|ne plus|de ne pas"
                  "|de ne plus|nicht|niet) (?:despertar|despertarme|acordar|me reveiller|existir"
                  "|exister|estar aqui|vivir|viver|vivre|etre la|aufwachen|wakker)"),
    _Rule(DANGER, "(?:veux|voudrais|envie|besoin|quiero|queria|quero|will|mochte|moechte|wil"
                  "|wou) (?:que|dass|dat) (?:tout|todo|tudo|alles|het|es|ca|esto|isso) (?:s |se "
                  "|sa )?(?:arrete|sarrete|finisse|termine|acabe|pare|aufhort|aufhoert|endet"
                  "|vorbei ist|stopt|ophoudt|voorbij is)", _running_sentence),
    _Rule(DANGER, "(?:je vais|voy a|vou|ich werde|ich werd|ik ga|im going to|i am going to"
                  "|going to|gonna|i will|ill) (?:juste |simplemente |simplesmente |einfach "
                  "|gewoon |just )?(?:disparaitre|desaparecer|sumir|verschwinden|verdwijnen"
                  "|disappear|vanish)(?= [.!?,;:]| para siempre| pour de bon| pour toujours"
                  "| fur immer| voor altijd| para sempre| forever| for good| tonight| hoy"
                  "| ce soir| heute| vanavond| hoje)", _looks_forward),
    _Rule(DANGER, "(?:si|se|wenn|als|if) (?:je |ich |ik |eu |yo |i )?(?:disparaissais|mourais"
                  "|desapareciera|desaparezco|muriera|me muriera|sumisse|morresse|desaparecesse"
                  "|verschwinden wurde|verschwande|sterben wurde|stierbe|verdween|dood ging"
                  "|doodging|disappeared|died|vanished|was gone|wasnt here|wasnt around"
                  "|killed myself)(?: [a-z,]+){0,4}? (?:personne|nadie|ninguem|niemand|nobody"
                  "|no one|noone) (?:ne )?(?:le |lo |me |mich |het |would |will |d |zou |wurde "
                  "|even |se )*(?:remarquerait|remarquera|notaria|echaria|extranaria|perceberia"
                  "|merken|merkt|notice|care|miss me|know|daria cuenta|vermissen|missen"
                  "|importaria)"),
    _Rule(DANGER, "(?:nadie|ninguem|personne|niemand) (?:[a-z]+ ){0,3}(?:extranar|extranaria"
                  "|echar de menos|echaria de menos|extranarme|sentir minha falta"
                  "|sentir a minha falta|sentiria minha falta|sentiria a minha falta|remarquerait"
                  "|remarquera|vermissen|missen|notaria)", _running_sentence),
    _Rule(DANGER, "(?:manquerai|manquerait|manquerais) a personne"),
]

_HOPELESS = [
    _Rule(DANGER, "(?:end|ending|stop|put an end to) (?:my|the|this) (?:suffering|misery"
                  "|pain)(?= [.!?,;:]| for good| forever| permanently| once and for all| tonight)",
          _running_sentence),
    _Rule(DANGER, "(?:i want|i just want|i need|i just need|want|just want) out(?= [.!?])",
          _running_sentence),
    _Rule(DANGER, "(?:im not|i am not|im not going to|not going to|wont|will not"
                  "|dont think i will|dont think ill|i wont) (?:going to "
                  "|gonna )?make it (?:through|past) (?:this week|tonight|the night|the weekend"
                  "|another|the week|today|this month|christmas)",
          _running_sentence),
    _Rule(DANGER, "(?:no tiene|ya no tiene|nao tem|ja nao tem|nao faz|no hay) (?:ningun |mais "
                  "|nenhum )?sentido (?:vivir|viver|seguir|la vida|a vida|mi vida|minha vida"
                  "|nada)"),
    _Rule(DANGER, "(?:halte|halt|ertrage|ertrag) (?:das leben|mein leben|dieses leben) nicht mehr"),
    _Rule(DANGER, "(?:im|i am) (?:so |just |completely |totally )?done(?: \\.)? with (?:(?:life"
                  "|living|this life|being alive|existing)(?![a-z])|(?:it all"
                  "|everything)(?= [.!?,;:]| now| honestly| tbh))", _running_sentence),
    _Rule(DANGER, "(?:dont think|not sure|doubt|dont know if) (?:that )?(?:i will|i|id"
                  "|i would) (?:make it|last|survive|see) (?:to |till |until |through "
                  "|past )?(?:the new year|new year|christmas|my birthday|next week|next month"
                  "|next year|the weekend|the end of|the summer|the spring|the winter|the morning"
                  "|tomorrow)", _running_sentence),
    _Rule(DANGER, "(?:dont|do not|cant|can not|cannot) see why i should (?:keep going|carry on"
                  "|go on|bother|be here|stay|keep living|live|keep trying|try)",
          _running_sentence),
    _Rule(DANGER, "(?:cant think of|cannot think of|cant find|can not find|cant come up with"
                  "|struggling to find|struggle to find|dont have|havent got|not got) (?:a |one "
                  "|a single |any |one single )?(?:good )?reason (?:left )?(?:to"
                  "|for) (?:still )?(?:be here|being here|be alive|being alive|live|living|exist"
                  "|existing|keep going|carry on|stick around|stay alive)", _running_after),
    _Rule(DANGER, "(?:says|say|saying|said|told me|tell me|telling me|promised"
                  "|promise) (?:that )?it (?:gets|will get|ll get|is going to get|s going to get"
                  "|would get) better(?: [^ ]+){0,14}? (?:it never|never has|never does|never did"
                  "|it wont|it doesnt|it hasnt|it didnt|a lie|lies|liars|not true|bullshit"
                  "|rubbish|still waiting)",
          _running_sentence),
    _Rule(DANGER, "(?:nothing|no future|no version|no life|no world|no one|nobody"
                  "|no year)(?: [a-z]+){0,6} (?:i )?(?:want|wanna|would want|d want"
                  "|worth) (?:to )?(?:be alive|being alive|live|living|stay alive|staying alive"
                  "|stick around|be around|be here) for"),
    _Rule(DANGER, "(?:cant|cannot|can not|dont|do not|never|struggle to|unable to) (?:picture"
                  "|imagine|see|envision|envisage) (?:myself |me )?(?:being |still being |still "
                  "|ever being )?(?:alive|around next|here next|growing old|getting old"
                  "|living past|living to|making it to)(?![a-z])", _looks_forward),
    # Spanish, French, German, Dutch, Portuguese
    _Rule(DANGER, "(?:no le encuentro|no encuentro|no le veo|no veo|nao vejo|nao encontro"
                  "|ne vois plus|ne trouve plus|ne vois pas|zie geen|sehe keinen) (?:ningun |el "
                  "|nenhum |o |le |de |den |aucun )?(?:sentido|sens|zin|sinn) (?:a nada|a la vida"
                  "|a vivir|a mi vida|em nada|a vida|de viver|a rien|a la vie|de vivre|meer|mehr"
                  "|im leben|in het leven|em viver)"),
    _Rule(DANGER, "(?:sert a rien|sert plus a rien|pas la peine|inutile|no sirve de nada"
                  "|no vale la pena|nao vale a pena|nao adianta|nao serve de nada"
                  "|lohnt sich nicht|heeft geen zin) (?:de |a |zu |om )?(?:continuer a "
                  "|continuer de |seguir |continuar a |continuar |weiter |door te "
                  "|verder te )?(?:vivre|vivir|viver|leben|leven|te leven)"),
    _Rule(DANGER, "(?:acabo|acabare|acabaria|acabe|termino|acabar) (?:con|com) (?:todo|tudo"
                  "|mi vida|esto|conmigo|isto|isso)(?! (?:el|la|los|las|o|a|os|as|de)(?![a-z]))",
          _running_sentence),
    _Rule(DANGER, "(?:dar|por|poner|mettre) (?:un |um )?(?:fim|fin) (?:a|nisso|nisto|a isso"
                  "|a isto|em tudo|a tudo)(?: (?:minha |mi |la |a |ma )?(?:vida|vie))?(?![a-z])",
          _running_sentence),
]

_METHODS = [
    _Rule(DANGER, "how high (?:the |that )?(?:multi storey|car park|bridge|building|tower|roof"
                  "|flats|cliff|viaduct|balcony|top floor) (?:is|was|goes)", _running_sentence),
    _Rule(DANGER, "(?:stockpile|stockpiling|hoard|hoarding|save|saving|store|storing|collect"
                  "|collecting|keep|keeping) (?:up )?(?:them|it|the rest|those|these)(?= [.!?,;:]"
                  "| up| all| for| until| till)", _no_medicine_near),
    _Rule(DANGER, "(?:bought|buying|buy|got|getting|picked up|ordered|ordering) (?:a lot of"
                  "|loads of|lots of|a load of|boxes of|packs of|packets of|several packets of"
                  f"|a stack of|a pile of|enough) {_MEDICINE}", _for_an_ailment),
    _Rule(DANGER, "(?:every|each) (?:pill|tablet|med|medicine|packet of pills) (?:in the house"
                  "|i have|i own|i can find|we have|in the cupboard|in the cabinet|i could find)"),
    _Rule(DANGER, "(?:neck|necking|necked|knock back|knocking back|knocked back|scoff"
                  "|scoffing) (?:all|every|the whole|a whole|a load of|loads of|a handful of"
                  f"|the lot of)? ?(?:of )?(?:my |the |them |these |those )?{_MEDICINE}"),
    _Rule(DANGER, "(?:make sure|making sure|ensure|to be sure) (?:that )?i (?:dont|do not|never"
                  "|wont|will not) (?:wake up|come back|survive|make it)(?![a-z])",
          _running_sentence),
    _Rule(DANGER, "(?:took|take|taking|takes|swallowed|swallow|swallowing|had"
                  "|downed) (?:[1-9]\\d|a hundred|fifty|forty|thirty|twenty)\\d* (?:of )?(?:my "
                  f"|the |these |those )?{_MEDICINE}"),
    _Rule(DANGER, "(?:keep|kept|always|cant stop|been|constantly) (?:thinking about|thinking of"
                  "|think about|think of|obsessing about|obsessing over|looking at|staring at"
                  "|eyeing|looking down at) (?:the )?(?:motorway|bridge|tracks|train tracks"
                  "|railway|cliff|cliffs|edge|ledge|pills|tablets|rope|noose|jumping|river"
                  "|reservoir|blade|razor|overdose|overdosing)(?![a-z])", _running_after),
    _Rule(DANGER, "(?:razor|razors|blade|blades) again", _an_accident),
    _Rule(DANGER, f"{_MEDICINE} and (?:a |some )?(?:bottle of |bottle |load of )?(?:vodka|whisky"
                  "|whiskey|wine|gin|alcohol|booze|rum|tequila|spirits)"),
    _Rule(DANGER, f"how (?:many|much) (?:[a-z]+ ){{0,3}}{_MEDICINE} (?:it takes|it would take"
                  "|to take|you need to take|you have to take)(?= [.!?,;:]| to)", _for_an_ailment),
    _Rule(DANGER, "(?:planning|planned|plan|plotting|plotted) my (?:exit|way out|escape|departure"
                  "|final exit|exit strategy)(?! (?:from|for|of|to)(?![a-z]))", _running_after),
    _Rule(DANGER, "checking out (?:for good|permanently|of life|early for good)(?![a-z])"),
    _Rule(DANGER, "how (?:many"
                  f"|much) (?:[a-z]+ ){{0,3}}{_MEDICINE} (?:[a-z]+ ){{0,3}}(?:would it take"
                  "|does it take|would kill|to kill|kills you|is a lethal|is lethal|is fatal"
                  "|is too many|is an overdose|to die|to not wake up|would i need|do you need"
                  "|before you die|is deadly|would do it|would be enough|is enough)",
          _for_an_ailment),
    _Rule(DANGER, "(?:lethal|fatal|deadly) (?:dose|doses|dosage|amount|quantity|level)",
          _dose_of_something_else),
    _Rule(DANGER, "(?:googling|googled|google|researching|researched|research|reading up on"
                  "|read up on|reading about|read about|looking up|looked up|searching|searched"
                  "|search) (?:[a-z]+ ){0,4}(?:lethal|fatal|deadly|overdose|overdoses|ways to die"
                  "|how to die|suicide methods|(?:bridges|heights|drops|knots|ropes"
                  "|train times) and (?:doses|dosages|pills|tablets|overdoses))(?![a-z])",
          _running_sentence),
    _Rule(DANGER, "(?:stop|stopped|stopping|quit|skip|skipping|skipped|not take"
                  f"|not taking) (?:taking )?(?:my |all my |the )?(?:{_MEDICINE}|heart meds"
                  "|heart medication|blood thinners)(?: [a-z]+){0,5} (?:how long|would it take"
                  "|would i|and die|to die|and not wake|till i die|until i die)"),
    _Rule(DANGER, "(?:which|what|where|wheres|any|is there a|is there any|know a"
                  f"|know any) (?:[a-z]+ )?{_HIGH_PLACE_ASKED}(?: [a-z]+){{0,6}} (?:tallest"
                  "|highest|high enough|tall enough|doesnt have (?:the |a "
                  f"|any )?(?:high )?{_BARRIER}|has no {_BARRIER}|no {_BARRIER}|without (?:a "
                  f"|the |any )?{_BARRIER}|isnt fenced|not fenced|unfenced|biggest drop"
                  "|longest drop)",
          _running_sentence),
    _Rule(DANGER, "(?:the cold|the water|the pills|the tablets|the drop|the fall|the rope"
                  "|the fumes|the gas|the current|hypothermia) (?:would |will |to |does |do "
                  "|just )?(?:do it|does it|kill me|take me|finish me|finish me off"
                  "|did it)(?= [.!?,;:]| for me| quickly| fast)"),
    _Rule(DANGER, "(?:step|jump|walk|throw myself|lie down|lay down|run) (?:out )?(?:in front of"
                  "|under)(?= [.!?,;:])", _without_intent),
    _Rule(DANGER, "(?:beam|beams|rafter|rafters|banister|bannister|banisters|loft hatch|hook|pipe"
                  "|door frame|doorframe|curtain rail|light fitting)(?: [a-z]+){0,5} (?:would"
                  "|will|could|can|should|to) (?:hold|take|bear|support|carry) (?:my|me)(?: full"
                  "| whole)?(?: weight| body)?(?![a-z])", _running_sentence),
    _Rule(DANGER, "(?:look|looks|looked|seem|seems|appear|appears) like an accident(?! waiting)"),
    _Rule(DANGER, "(?:carbon monoxide|exhaust fumes|car fumes|car exhaust|the exhaust|a hosepipe"
                  "|the hosepipe|charcoal burning|helium)(?: [a-z]+){0,4} (?:quick|quicker"
                  "|painless|hurt|hurts|kill|kills|work|works|take|peaceful|enough)(?![a-z])"),
    _Rule(DANGER, "(?:in the|in my|in a) (?:closed |shut "
                  "|locked )?garage (?:[a-z]+ ){0,5}(?:engine|car|motor) (?:running|on|idling)"),
    _Rule(DANGER, "(?:engine|car|motor) (?:running|on|idling) in (?:the|a|my) (?:closed |shut "
                  "|locked )?garage"),
    _Rule(DANGER, "(?:taken|took|swallowed|downed|had) (?:the|my|all the|all my|all of the"
                  f"|all of my) {_MEDICINE}(?: \\.| ,)? (?:all of them|every one|every last one"
                  "|the lot|the whole (?:box|bottle|packet|pack)|all|everything)(?= [.!?,;:])"),
    _Rule(DANGER, "(?:took|taken|take|taking|swallowed|downed"
                  f"|had) (?:[a-z]+ ){{0,3}}{_MEDICINE} (?:[a-z]+ ){{0,3}}(?:on purpose"
                  "|deliberately|to stop feeling|to not feel|to feel nothing|to numb)"),
    _Rule(CUE, f"{_HIGH_PLACE_WORDS}(?: [a-z0-9]+){{0,10}} (?:would be|is|s|looks like"
               "|seems like) (?:the |a )?(?:perfect|ideal|right|best|good) (?:spot|place"
               f"|location){_END}"),
    _Rule(CUE, "(?:nobody|no one|noone) (?:around|about|would see|to see|to stop me|would stop me"
               "|would find me)(?= [.!?,;:]| at| in| until| till| for)"),
    # Spanish, French, German, Dutch, Portuguese
    _Rule(DANGER, "(?:tirarme|tirar me|me tiro|me voy a tirar|me tire|lanzarme|me lanzo"
                  "|me voy a lanzar|aventarme|me avento|arrojarme|me arrojo) (?:por|de|del|desde"
                  f"|a|bajo|delante de|frente a|al) {_THROW_TARGET_ES}"),
    _Rule(DANGER, "(?:me jogar|me atirar|jogar me|atirar me|me jogo|me atiro|vou pular"
                  "|pular) (?:da|do|de|na|no|pela|pelo|debaixo da|debaixo do|na frente da"
                  f"|na frente do|em frente ao|em frente a) {_THROW_TARGET_PT}"),
    _Rule(DANGER, "(?:me jeter|me jette|me lancer|me lance|me balancer) (?:sous|du|de la|d un"
                  f"|d une|dun|dune|par la|par|devant|depuis) {_THROW_TARGET_FR}"),
    _Rule(DANGER, "(?:sauter|je saute|je vais sauter) (?:sous|du|de la|d un|d une|dun|dune"
                  f"|par la|par|devant|depuis) {_THROW_TARGET_FR}", _running_after),
    _Rule(DANGER, "(?:vor den|vor einen|vor die|von der|von einer|aus dem|vom) (?:zug|bus|lkw"
                  "|laster|auto|u bahn|s bahn|bahn|brucke|bruecke|klippe|fenster|dach"
                  "|hochhaus) (?:zu )?(?:werfen|springen|werf|werfe|spring|springe|sturzen|legen)"),
    _Rule(DANGER, "(?:werfe|werf|werfen|sturze|sturzen|lege|legen|schmeisse|schmeiss) mich (?:vor"
                  "|von|aus) (?:den|die|das|der|einen|eine|dem) (?:zug|bus|lkw|auto|brucke"
                  "|bruecke|fenster|dach|hochhaus|klippe|u bahn|s bahn)"),
    _Rule(DANGER, "(?:voor de trein|voor een trein|van de brug|van een brug|van het dak"
                  "|van een flat|uit het raam) (?:te )?(?:springen|spring|springt|gooien|werpen"
                  "|lopen|stappen)"),
    _Rule(DANGER, "spring (?:ik )?(?:voor|van|uit) (?:de|een|het) (?:trein|brug|flat|dak|raam"
                  "|metro)"),
    _Rule(DANGER, "(?:tomo|tome|tomar|tomarme|tomarei|tomei|tomando|avaler|avale|prendre|prends"
                  "|pris|nehmen|nehme|schlucken|schlucke|innemen|slikken|slik|neem) (?:todas"
                  "|todos|tudo|toda|tous|toutes|alle|al|all) (?:las |los |as |os |mis |meus "
                  f"|minhas |mes |les |meine |die |mijn |de )?{_MEDICINE}"),
    _Rule(DANGER, f"(?:alle|al|all) (?:meine |die |mijn |de )?{_MEDICINE} (?:nehmen|schlucken"
                  "|innemen|slikken|geschluckt|genommen|ingenomen)"),
    _Rule(DANGER, f"(?:assez|suffisamment|bastantes|suficientes|genug|genoeg) (?:de )?{_MEDICINE}",
          _for_an_ailment),
    _Rule(DANGER, "(?:pas|ne pas) me (?:rater|louper) (?:cette fois|ce coup ci)"),
    _Rule(DANGER, "(?:tengo pensado|ya se|ya pense|he pensado|ja sei|ja pensei|tenho pensado"
                  "|je sais|jai pense a|jai prevu|ich weiss|weiss schon|ik weet"
                  "|ik weet al) (?:como|comment|wie|hoe) (?:lo voy a hacer|lo hare|lo haria"
                  "|lo hago|vou fazer|faria|farei|je vais le faire|je le ferais|je vais faire"
                  "|ich es mache|ich es machen werde|ich es tun werde|ich es tue|ik het ga doen"
                  "|ik het zou doen|ik het doe)", _running_sentence),
]

_FAREWELLS = [
    _Rule(CUE, "(?:gets|can have|will get|should get|is getting|can keep) my [a-z]+",
          _a_mundane_reason),
    _Rule(CUE, "(?:its|it is) all (?:written down|in writing|in the will|in the drawer"
               f"|in my desk){_END}"),
    _Rule(DANGER, "(?:wont|will not|dont|do not|will never|wont ever) (?:have to"
                  "|need to) (?:worry about|deal with|put up with|look after|carry"
                  "|think about) me (?:soon|much longer|for long|anymore|any more|any longer"
                  "|ever again|after)(?![a-z])",
          _looks_forward),
    _Rule(DANGER, "(?:dont|do not|no need to|wont need to|please dont) worry about me (?:anymore"
                  "|any more|ever again|when im gone|after im gone|soon)(?![a-z])", _looks_forward),
    _Rule(CUE, "(?:dont|do not|no need to|wont need to|please dont) worry about me (?:after today"
               "|after tonight|after this|after tomorrow)(?![a-z])", _looks_forward),
    _Rule(DANGER, "(?:im not going to|i am not going to|im not gonna) be (?:here|around"
                  "|alive) (?:for|at|by|to see)(?![a-z])", _looks_forward),
    _Rule(DANGER, "(?:disappear|vanish|go away|walk away|run away|go somewhere) and (?:nobody"
                  "|no one|noone) (?:will|would|ll|is going to) (?:ever )?(?:find|see"
                  "|hear from) me",
          _running_sentence),
    _Rule(DANGER, f"(?:want|wanna|ready|wish i could|need) {_TO} (?:go|die|join (?:him|her"
                  "|them)) (?:too|as well|with (?:him|her|them))(?= [.!?,;:])", _nobody_died),
    _Rule(DANGER, "(?:this is|this will be|this ll be|that will be|its) the last time (?:i will|i"
                  "|you will|anyone will) (?:post|write|message|hear from me|see me|be here"
                  "|talk to you|speak to you|speak|talk)(?![a-z])", _looks_forward),
    _Rule(CUE, "(?:tomorrow|tonight|by tomorrow|by the morning|next week|soon|by then"
               "|after today) (?:i wont|i will not|i will no longer|i am not going to"
               "|im not going to) be (?:here|around|alive)", _looks_forward),
    _Rule(CUE, "(?:left|leaving|written|wrote|writing) (?:instructions|a list|notes) for (?:my"
               "|the) [a-z]+"),
    _Rule(DANGER, "(?:plan|plans|planning|planned) (?:my|his|her|their) (?:last|final) (?:run"
                  "|race|day|night|parkrun|goodbye|walk)(?! (?:before|of|for|until|till|in|this"
                  "|with|at|on|as)(?![a-z]))", _a_future_said),
    # "not be around / not be here" futures
    _Rule(DANGER, "(?:i will|im going to|i am going to) be (?:dead|at peace|gone for good"
                  "|gone forever|out of everyones way|out of your way)(?= [.!?,;:]| by| before"
                  "| soon| tomorrow| tonight| this| next)", _looks_forward),
    _Rule(CUE, "(?:i will|im going to|i am going to) be gone(?= [.!?,;:]| by| before| soon"
               "| tomorrow| tonight| this| next)", _running_sentence),
    _Rule(DANGER, "(?:i wont|i will not|im not|i am not|wont|will not) (?:be )?(?:coming|swimming"
                  "|walking|getting|making it|running) back(?= [.!?,;:]| this time| from| tonight"
                  "| alive| home)", _looks_forward),
    _Rule(DANGER, "(?:cant promise|no guarantee|cant guarantee|cant say) (?:that )?(?:i will|i|id"
                  "|i would|i can) (?:still )?be (?:here|around|alive)(?= [.!?,;:]"
                  "| in the morning| tomorrow| by| much| for| after| next| when| to| at)",
          _looks_forward),
    _Rule(DANGER, "(?:not sure|dont know if|dont think|doubt|wonder if) (?:that )?(?:i will|i|id"
                  "|i would|i can) still be (?:here|around|alive)", _looks_forward),
    _Rule(DANGER, "(?:dont|do not|didnt|did not|never) (?:expect|plan|intend|think i will"
                  "|see myself|picture myself) (?:to )?(?:still )?be (?:around|here"
                  "|alive)(?= [.!?,;:]| for| by| in| next| much| to| when| after| at)",
          _looks_forward),
    _Rule(DANGER, "(?:wont|will not|shant) (?:still )?be (?:around|here|alive) (?:in the morning"
                  "|for them|for it|for that|next year|to do it|to see|to sort it|to watch"
                  "|to find out|when it|once it)(?![a-z])",
          _looks_forward),
    _Rule(DANGER, "(?:wont|will not|shant|not going to) be (?:a problem|a burden|a bother"
                  "|a nuisance|in anyones way|in the way|a worry|anyones problem|your problem"
                  "|a pain) (?:[a-z]+ ){0,3}(?:much longer|for much longer|for long|soon|anymore"
                  "|any more|any longer)(?= [.!?,;:])", _running_sentence),
    _Rule(DANGER, "(?:soon|tonight|tomorrow|shortly|after tonight|after today) (?:it|nothing"
                  "|none of this|this|the pain) (?:wont|will not|will no longer|isnt going to"
                  "|is not going to|will never) (?:hurt|matter|be a problem)(?: anymore| any more"
                  "| any longer| again)?(?= [.!?,;:])", _running_nearby),
    _Rule(DANGER, "(?:soon|tonight|tomorrow|shortly|after tonight|after today) (?:none of this"
                  "|nothing|none of it) (?:will|is going to|is gonna) matter", _running_nearby),
    _Rule(DANGER, "(?:close to|near to|this close to|so close to"
                  "|on the verge of) (?:just )?(?:doing|do) it(?= [.!?,;:]| tonight| now"
                  "| this time| today| for real)",
          _running_nearby),
    _Rule(DANGER, "(?:the|this) mess (?:i will|i|im going to) (?:leave|leave behind|am leaving"
                  "|m leaving|have left|left behind)(?= [.!?,;:]| behind)"),
    _Rule(DANGER, "(?:sorry|apologies|forgive me) (?:in advance )?(?:for"
                  "|about) (?:what im about to do|what i am about to do|what i will do"
                  "|what im going to do|what i am going to do|what happens next|what comes next"
                  "|leaving you|leaving like this|doing this to you)"),
    _Rule(DANGER, "(?:by the time|when|once|if|after) (?:anyone|you|someone|somebody|you all"
                  "|people|anybody|you guys|yall|everyone|the club|my family) (?:reads|read|sees"
                  "|see|finds|find|gets|get) (?:this|these|my message|my post"
                  "|my note)(?: [a-z,]+){0,3}? (?:it will be|i will be|i will have|i wont"
                  "|i will not|i am|im|it is|its|i will already) (?:done|over|gone|dead|at peace"
                  "|too late|no longer|not here|already gone|already dead|long gone)(?! (?:with"
                  "|to|for|running|racing|the)(?![a-z]))"),
    _Rule(DANGER, "(?:want|wanted|plan|planning|like|hope) to be (?:found|buried|cremated"
                  "|laid to rest)(?= in| by| with| wearing| at| [.!?,;:])"),
    _Rule(DANGER, "(?:who|whoever|the person who|the one who|someone who|somebody who) (?:finds"
                  "|will find|would find|found|is going to find) (?:me|my body)(?= [.!?,;:]"
                  "| first| and| in| when| after)"),
    _Rule(DANGER, "(?:find|finds|found|finding) my body"),
    _Rule(DANGER, "(?:sorted|arranged|arranging|planned|planning|paid for|paying for|bought"
                  "|booked|organised|organized|picked|chosen|chose|written|wrote|set up"
                  "|got) (?:out )?(?:a |my |my own )(?:funeral|funeral plan|burial|cremation"
                  "|burial plot|plot|coffin|headstone|casket|urn)(?! (?:for|of)(?![a-z]))",
          _a_future_said),
    _Rule(DANGER, "(?:picked|chose|chosen|planned|sorted|written|wrote|choosing|picking|planning"
                  "|sorting|writing)(?: [a-z]+){0,3} (?:for|at) my (?:own )?funeral",
          _running_sentence),
    _Rule(DANGER, "life insurance(?: [a-z]+){0,4} (?:pay|pays|paid|pay out|pays out|payout|cover"
                  "|covers|covered|valid) (?:out )?(?:after|for|if|even if|in case of|on) (?:two"
                  "|2|one|1|a|three|3|the first|suicide|self harm|death)"),
    # letters and notes for the people left behind
    _Rule(DANGER, "(?:written|wrote|writing|finished|finishing) (?:the |my )?(?:letters|notes"
                  "|last letter|last letters|final letter|final letters|last note"
                  "|final note) (?:for|to) (?:my |each of my |all of my |all my "
                  f"|both my )?{_FAMILY}",
          _for_an_occasion),
    _Rule(DANGER, "(?:wrote|written|writing|left|leave|leaving) my (?:note|letter|last letter"
                  "|last note|final note|final letter|goodbye)(?= [.!?,;:]| and| on| in| where"
                  "| under| by| next)",
          _for_an_occasion),
    _Rule(DANGER, "(?:prepare|ecrit|ecrite|laisse|laisser|ecrire|escribi|escrito|escribir|deje"
                  "|dejado|escrevi|escrever|deixei|deixar|geschrieben|schreibe|hinterlassen"
                  "|geschreven|schrijf|achtergelaten) (?:une |des |ma |mes |una |la |las |mi "
                  "|mis |a |as |uma |minha |minhas |einen |den |die |meinen |een |de "
                  "|mijn )?(?:lettre|lettres|mot|carta|cartas|nota|notas|bilhete|brief"
                  "|briefe) (?:pour|para|pra|a|an|voor|aan) (?:ma |mon |mes |mi |mis |la |a "
                  "|minha |meu |meus |minhas |meine |meinen |mijn |de )?(?:mere|pere|famille"
                  "|enfants|femme|mari|soeur|frere|fille|fils|parents|madre|padre|familia|hijos"
                  "|hija|hijo|esposa|marido|hermana|hermano|mae|pai|filhos|filha|filho|irma|irmao"
                  "|mutter|vater|familie|kinder|frau|mann|schwester|bruder|tochter|sohn|eltern"
                  "|moeder|vader|kinderen|vrouw|man|zus|broer|dochter|zoon|ouders)",
          _for_an_occasion),
    _Rule(DANGER, "(?:goodbye|goodbyes|despedi|despedido|adieu|adieux|verabschiedet|afscheid"
                  "|despedir|despedirme)(?: [a-z]+){0,5} (?:sin que|without (?:them|her|him"
                  "|anyone|anybody|they|it) (?:knowing|realising|realizing|noticing)|sans qu"
                  "|ohne dass|zonder dat|sem que)"),
    _Rule(DANGER, "(?:me despedi|ya me despedi|me he despedido|despedirme|me despeco"
                  "|ja me despedi|me despedir) de (?:mi |mis |minha |meus |minhas )?(?:familia"
                  "|amigos|madre|padre|hijos|mae|pai|filhos|amigas|todos|todo el mundo"
                  "|toda a gente)",
          _looks_forward),
    _Rule(DANGER, "(?:dit is|dit wordt|este es|este sera|cest|c est|ce sera|das ist|das wird"
                  "|esta e|esta sera|essa e|este e) (?:mijn|mi|mon|meine|minha|a minha|o meu"
                  "|meu) (?:laatste|ultimo|ultima|dernier|derniere|letzte|letzter) (?:bericht"
                  "|berichtje|mensaje|message|post|nachricht|beitrag|mensagem)", _looks_forward),
    # after I'm gone, in the other languages
    _Rule(DANGER, "(?:cuando|quando|quand|wenn|als) (?:ya |eu |je |ich |ik )?(?:no este"
                  "|ya no este|no estare|no exista|ne serai plus la|serai plus la|serai parti"
                  "|serai partie|serai mort|serai morte|nicht mehr da bin|nicht mehr lebe|tot bin"
                  "|er niet meer ben|dood ben|er niet meer zal zijn|partir|morrer|nao estiver"
                  "|ja nao estiver|for embora|muera|me muera|me haya ido|me vaya)(?! (?:para|pra"
                  "|a|de|em|al|en|pour|nach|naar|to|for|op|am|le|el|la|on|at|in|next|deze|diese"
                  "|este|esta|ce|cette)(?![a-z]))",
          _looks_forward),
    # weaker signs, two of which make danger
    _Rule(CUE, "(?:gave|given|giving|give|left|leaving|leave|handed|handing"
               "|hand) (?:away )?(?:all )?(?:of )?my [a-z]+(?: [a-z]+){0,5} to (?:my |the "
               "|a )?[a-z]+",
          _a_mundane_reason),
    _Rule(CUE, "(?:make sure|see that|ensure|see to it that) my [a-z]+ (?:[a-z]+ )?(?:go|goes|get"
               "|gets|end up|ends up) (?:to|with)"),
    _Rule(CUE, "(?:rehomed|rehoming|rehome|found a home for|found a new home for"
               "|finding a new home for|find a new home for) (?:my )?(?:dog|dogs|cat|cats|pets"
               "|pet|rabbit|rabbits|horse|bird|birds|hamster|fish)"),
    _Rule(CUE, "(?:someone|somebody|people|a family|an owner|owners|a home) (?:who|that) (?:will"
               "|can|would) (?:actually |still |always |really )?be (?:around|here|there for)"),
    _Rule(CUE, "instructions for (?:the|my) (?:cat|cats|dog|dogs|pets|pet|kids|plants|fish|rabbit"
               "|house)"),
    _Rule(CUE, "life insurance"),
    _Rule(CUE, "(?:its|it is|everything is|its all|it is all) (?:all )?(?:planned|sorted|arranged"
               "|worked out)(?= [.!?,;:])", _running_sentence),
    _Rule(CUE, "where (?:the|my) (?:passwords|will|keys|spare key|papers|documents|bank details"
               "|pin|pins|pin numbers|policy) (?:are|is)"),
    _Rule(CUE, "where (?:he|she|they|you|someone|somebody|my [a-z]+|mum|dad|the police) (?:will"
               "|can|would|d) (?:see|find) (?:them|it|this|me)"),
    _Rule(CUE, f"(?:so|so that) {_SOMEONE_ELSE}(?: [a-z]+){{0,3}} (?:left with|stuck with"
               "|lumbered with|saddled with|has to deal with|have to deal with|has to sort"
               "|have to sort|has to pay|have to pay|has to go through|have to go through"
               "|to go through|to deal with|to sort|to clear|to clean up|dont have to"
               "|doesnt have to|wont have to)"),
    _Rule(CUE, "(?:paid off|paying off|cleared|settled|settling) (?:all )?(?:the "
               "|my )?(?:credit card|credit cards|debts|debt|loan|loans|car|bills|overdraft"
               "|mortgage)"),
    _Rule(CUE, "(?:cleared|clearing|cleaned|sorted|emptied|emptying"
               "|boxed) (?:out )?(?:all )?(?:of )?my (?:whole )?(?:flat|house|room|bedroom|stuff"
               "|things|belongings|wardrobe|drawers|desk|locker)", _a_mundane_reason),
    _Rule(CUE, "(?:cancelled|canceled|cancelling|cancel|stopped|ended|closed) (?:the |my |all my "
               "|all the )?(?:gym|gym membership|memberships|membership|subscriptions"
               "|subscription|direct debits|phone contract|contracts|standing orders)",
          _a_mundane_reason),
    _Rule(CUE, "(?:everything|everythings|it all|my things|my stuff|my affairs) (?:is |s "
               "|are )?(?:now )?(?:in order|sorted|arranged|taken care of|squared away"
               "|settled)(?= [.!?,;:]| now)", _running_sentence),
    _Rule(CUE, "(?:made up my mind|my mind is made up|mind is made up|ive decided|i have decided"
               "|made my decision|made the decision|its decided|it is decided|decision is made"
               "|decision made)(?:(?: about)? (?:tonight|it|this|everything|tomorrow|what to do"
               "|what im going to do))?(?= [.!?,;:])",
          _running_sentence),
    _Rule(DANGER, "(?:wont|will not|not going to|cant|wont be able to) (?:be at|make it to|make"
                  "|come to|do|run) (?:[a-z0-9]+ ){0,5}(?:\\. |, )?(?:or|nor) (?:any|anything"
                  "|ever|any of them|any others|any other) (?:after that|after this|after it"
                  "|again|ever again|more|after)(?= [.!?,;:])", _a_future_said),
    _Rule(CUE, "(?:or|nor|and not) (?:any|anything|anyone|ever|any of them|any others"
               "|any other) (?:after that|after this|after it|ever again|again|more"
               "|after)(?= [.!?,;:])"),
    _Rule(CUE, "(?:you have|youve|you ve) (?:all )?(?:always )?been (?:so )?(?:good|kind|lovely"
               "|amazing|wonderful) to me"),
    _Rule(CUE, "(?:wanted|want) (?:you all|everyone|you guys|yall|you lot|all of you) to know"),
    _Rule(CUE, "(?:made|make|making) (?:the last|these last|this last|my last|the past|life|it"
               "|everything|things|my life|the years|the last few) (?:[a-z]+ ){0,2}(?:bearable"
               "|worth it|worth living|worthwhile)(?= [.!?,;:])", _running_sentence),
    _Rule(CUE, "(?:goodbye|farewell|goodbye all|goodbye friends|goodbye everyone)"
               "(?= (?:[.!?] )+$)"),
    _Rule(CUE, "(?:wont|will not|never|not going to) (?:get|have) (?:the |a "
               "|another )?chance(?: to [a-z]+)?(?= [.!?,;:])", _running_sentence),
    _Rule(CUE, "tell (?:[a-z]+ ){1,3}(?:that )?(?:she|he|they) (?:was|were) (?:the best|amazing"
               "|brilliant|wonderful|a legend|the greatest|great|so kind|a great)"),
    _Rule(CUE, "(?:doesnt|dont|does not|do not|didnt|did not) know (?:why|what for|what its for"
               "|what it is for|what this is for)(?: yet| till| until)"),
    _Rule(CUE, "(?:will|would) (?:understand|know) (?:why )?(?:soon|later|one day|tomorrow"
               "|eventually|in time|afterwards)"),
    _Rule(CUE, "(?:got|has|have|given|gave|left|leaving|handed|give|giving) (?:him |her "
               "|them )?(?:the |my )?(?:spare key|spare keys|keys to my|my keys|house keys"
               "|dogs lead|passwords|pin numbers)"),
    _Rule(CUE, "at peace (?:with it|with my decision|with the decision|with everything"
               "|with what im doing)(?= [.!?,;:]| now| all)"),
    _Rule(CUE, "(?:finally|at last) (?:get to |be able to |going to |will |can )?(?:rest"
               "|be at peace|be free|be at rest)(?= [.!?,;:]| forever| for good| now)",
          _running_sentence),
    _Rule(CUE, "(?:doesnt|dont|wont|will not|never|not) (?:come|comes|coming|get|gets|make it"
               "|making it) (?:back )?home(?= [.!?,;:]| again| after| from| this)",
          _running_sentence),
    _Rule(CUE, "(?:by the time|when) (?:anyone|you|someone|somebody|you all|people|anybody"
               "|you guys|yall|everyone) (?:reads|read|sees|see|finds|find) this"),
    # ... in the other languages: thanks for everything, you were great, won't need them,
    # my things given away, no longer here
    _Rule(CUE, "(?:danke fur alles|danke fuer alles|merci pour tout|gracias por todo"
               "|obrigado por tudo|obrigada por tudo|bedankt voor alles|dank voor alles)"),
    _Rule(CUE, "(?:no|nao) (?:las|los|lo|la|os|as|o|a|me|les) (?:voy a|vou|vai|van a"
               "|vao) (?:necesitar|precisar|hacer falta|fazer falta)"),
    _Rule(CUE, "(?:no|nao) vou precisar (?:mais|deles|delas|disso|de nada)"),
    _Rule(CUE, "(?:no|ya no) (?:las|los|lo|la) necesitare"),
    _Rule(CUE, "(?:brauch|brauche|brauchen) (?:ich |sie |die |das |es )?(?:ja |eh |sowieso "
               "|dann )*nicht mehr"),
    _Rule(CUE, "(?:heb|hebben) (?:ik |ze |het |die )?(?:toch )?(?:niet meer|nie meer) nodig"),
    _Rule(CUE, "(?:en aurai|nen aurai|aurai) plus besoin"),
    _Rule(CUE, "(?:dejo|deje|regalo|regale|doy|deixo|deixei|dou|dei|doei|laisse|donne|jai donne"
               "|je donne|je laisse|verschenke|vermache|geef|gaf) (?:todas |todos |toutes |tous "
               "|alle )?(?:mis|meus|minhas|mes|meine|meinen|mijn) [a-z]+", _a_mundane_reason),
    _Rule(CUE, "(?:meine|mijn|mes|mis|meus|minhas) [a-z]+ (?:verschenkt|weggegeven|weggedaan"
               "|hergegeben|vermacht)", _a_mundane_reason),
    _Rule(CUE, "(?:bin ich|ich bin) (?:morgen |bald |dann |ab morgen )?nicht mehr da"),
]

_SELF_HARM_AGAIN = [
    _Rule(DANGER, "(?:cutting|self harm|self harming|burning myself|hurting myself) (?:is|s"
                  "|was) (?:the only thing|all that|what|the one thing) (?:that )?(?:helps|works"
                  "|keeps|stops|gets)"),
    _Rule(DANGER, "(?:burnt|burned|burn|burning|cut|cutting|scratched|scratching|hit|hitting|hurt"
                  "|bruised|stabbed) my (?:wrist|wrists|arm|arms|leg|legs|thigh|thighs|skin|hand"
                  "|hands|stomach|face|head) (?:[a-z]+ ){0,4}(?:on purpose|deliberately)"),
    _Rule(DANGER, "(?:so|cause|because|cos|to make sure|making sure) (?:nobody|no one|noone"
                  "|people dont|they dont|nobody can|no one can) (?:sees|see|can see|notices"
                  "|notice|will see|asks about|spots) (?:my )?(?:arms|arm|wrists|wrist|thighs"
                  "|thigh|scars|cuts|marks|burns|bruises)", _an_accident),
    _Rule(DANGER, "long sleeves (?:[a-z0-9]+ ){0,8}(?:to hide|hide|hiding|to cover|cover|covering"
                  "|so nobody|so no one|so people dont)", _an_accident),
    _Rule(DANGER, "(?:deserve|deserved|deserving) (?:the |this |all the |all this )?(?:pain"
                  "|to hurt|to suffer|to be punished|to be in pain|to feel pain|to bleed"
                  "|punishment|to be hurt)(?! (?:cave|of|from)(?![a-z]))", _running_after),
    _Rule(DANGER, "(?:eating nothing|not eating|barely eating|stopped eating|starving myself"
                  "|skipping meals)(?: [a-z0-9]+){0,8} (?:as (?:a )?punishment|to punish myself"
                  "|because i deserve|as penance)"),
    _Rule(DANGER, "(?:dig|digging|dug|digs) (?:my )?(?:nails|fingernails|nail) into (?:my "
                  "|the same |the )?(?:skin|arm|arms|hand|hands|palm|palms|leg|legs|wrist|wrists"
                  "|thigh|thighs|spot|same spot)"),
    _Rule(DANGER, "(?:me corto|me corte|me cortei|me corto|me corta) (?:para|pra|por|de novo"
                  "|otra vez|outra vez)"),
]

_NOT_SAFE_AGAIN = [
    _Rule(DANGER, "(?:im|i am|i feel like im|i might be|i could be) (?:a )?(?:danger|risk"
                  "|threat) to (?:myself|me)"),
    _Rule(DANGER, "(?:take|hide|keep) (?:my |the )?car keys(?= [.!?,;:]| off| away| from)"),
    _Rule(DANGER, "(?:dont|do not) let me (?:do|hurt|harm) (?:something|anything|myself)"),
    _Rule(DANGER, "talk me down(?= [.!?,;:]| please| from| tonight| now)", _running_after),
    _Rule(DANGER, "(?:im|i am) (?:now |standing |sitting |stood |sat |up |right )?(?:on|on top of"
                  "|at the top of|at the edge of|on the edge of) (?:the |a |this )?(?:motorway "
                  "|railway |train |river |road |foot |high )?(?:bridge|roof|rooftop|ledge|cliff"
                  "|cliff edge|edge|tracks|railway|railway line|viaduct|overpass|flyover|parapet"
                  "|top floor)(?: of (?:the |a |this )?(?:car park|multi storey|building|flats"
                  "|tower|block|bridge|cliff|hospital))?(?= [.!?,;:]| right now| now| again"
                  "| tonight| alone)", _meeting_up),
    _Rule(DANGER, "(?:im|i am|standing|sitting|stood|sat) (?:standing |sitting |stood "
                  "|sat )?(?:on the edge of|at the edge of|on the ledge of) (?:the "
                  "|a )?(?:platform|tracks|railway|quarry|reservoir|river|water|harbour wall|pier)",
          _running_sentence),
    _Rule(DANGER, "(?:got|have|holding|took|ive got|i have|taken) (?:the |a "
                  f"|my )?{_MEANS} (?:out|in my hand|in my hands|ready|next to me|here with me"
                  "|with me now|in front of me|on the table|on the bed|on my lap)(?= [.!?,;:]"
                  "| right now| now| again| tonight)", _for_everyday_use),
    _Rule(DANGER, f"{_MEANS_AT_HAND}(?: is| s| are)? (?:in my hand|in my hands|out|next to me"
                  "|in front of me|on my lap)(?= [.!?,;:]| right now| now| again| tonight)",
          _for_everyday_use),
    _Rule(DANGER, "(?:the|a|my) (?:rope|noose) (?:is |s )?(?:in my (?:bag|car|room|pocket"
                  "|rucksack|wardrobe)|in the (?:boot|car|garage|loft|shed)|tied|hung up|ready"
                  "|up)(?= [.!?,;:]| now| again| tonight)", _for_everyday_use),
    _Rule(DANGER, f"(?:take|taking|took|get|keep) (?:the |my |these |those )?(?:{_MEANS}|car keys"
                  "|meds|medication) (?:off|away from) me"),
    _Rule(DANGER, f"(?:take|taking|get|keep) (?:the |my |these |those )?(?:{_MEANS}|meds"
                  "|medication) away(?= [.!?,;:]| please| from me| before)"),
    _Rule(DANGER, "(?:im going to|i am going to|im|i will|i might|i could|im about to"
                  "|i am about to|going to|about to|might|will) do something (?:stupid|drastic"
                  "|silly|daft|bad|i regret|permanent|terrible|dumb|i cant take back"
                  "|final)(?![a-z])",
          _something_named),
    _Rule(DANGER, "(?:hold|keep|fight|fighting|holding|keeping|push|pushing) (?:them|it"
                  "|the thoughts|the urges|these thoughts|the urge) (?:off|back|at bay|away"
                  "|down) (?:much longer|any longer|for much longer|for long|anymore|any more)",
          _running_sentence),
    # Spanish, French, German, Dutch, Portuguese
    _Rule(DANGER, "(?:vou|vai|posso|eu vou) fazer (?:uma |alguma )?(?:asneira|besteira|bobagem"
                  "|loucura|merda)", _running_after),
    _Rule(DANGER, "(?:voy a|puedo|podria|vaya a) hacer (?:una |alguna )?(?:tonteria|locura"
                  "|estupidez|burrada)", _negated_or_running),
    _Rule(DANGER, "(?:je vais|je risque de|jai peur de|je pourrais) faire (?:une "
                  "|des )?(?:connerie|conneries|betise|betises)"),
    _Rule(DANGER, "(?:mach|mache|werde|tu|tue|werd) (?:noch )?(?:eine dummheit|was dummes"
                  "|etwas dummes)", _negated_or_running),
    _Rule(DANGER, "(?:ga|doe|zal) (?:nog )?(?:iets doms|iets stoms) (?:doen)?",
          _negated_or_running),
]

_SHORTHAND_AGAIN = [
    _Rule(DANGER, "si (?:is|s|has been|was|been|has|is getting|getting) (?:really |so |very "
                  "|super |pretty )?(?:bad|worse|loud|strong|intense|back|high|rough|awful"
                  "|terrible|heavy)"),
    _Rule(DANGER, "si (?:urges|thoughts|rn|again(?= [.!?,;:]))"),
    _Rule(DANGER, "(?:passive|active|bad|constant|having|my|the|tw :|cw :|tw|cw|daily"
                  "|with) si(?= [.!?,;:]| again| is| has| thoughts| today| tonight| rn| right)"),
    _Rule(DANGER, "sui (?:thoughts|ideation|urges)"),
    _Rule(DANGER, "(?:about|thinking|of|thoughts|ideation) sui(?= [.!?,;:]| again| thoughts| rn"
                  "| today| tonight| tbh| lately)"),
]

_DISTRESS_AGAIN = [
    _Rule(DISTRESS, "(?:halte|halt|ertrage|ertrag) (?:es|das alles|alles|das) nicht mehr"),
    # low, a dark place, in other words
    _Rule(DISTRESS, "(?:proper|pure|well|hella|mad) (?:low|down|sad|depressed|lonely|miserable"
                    "|rough)(?![a-z])", _running_after),
    _Rule(DISTRESS, "(?:not|isnt|is not|aint|never) in (?:a |the )?(?:good|great|healthy|happy"
                    "|right|nice) (?:place|headspace|space|head space|frame of mind)",
          _running_after),
    _Rule(DISTRESS, "bottom of (?:a|the) (?:well|pit|hole)"),
    _Rule(DISTRESS, "(?:\\.|,|a|bit of a) (?:rough|bad|tough|hard|difficult|dark) (?:patch|period)",
          _running_after),
    _Rule(DISTRESS, "(?:im|i am|been|i was|ive been|feeling) (?:absolutely |totally |completely "
                    "|a bit |all |so )?in (?:bits|pieces|a state|a heap|tatters)", _running_after),
    _Rule(DISTRESS, "(?:head|heads|my head) (?:is |s )?(?:wrecked|fried|a mess|all over the place"
                    "|battered|melted|mashed|done in)", _running_sentence),
    _Rule(DISTRESS, "(?:the|my|these|those|dark|bad|intrusive) thoughts (?:are|have been|s|is"
                    "|were|keep|get|getting|are getting) (?:really |so |very |too "
                    "|getting )?(?:loud|louder|bad|worse|strong|stronger|back|winning|constant"
                    "|relentless|intense|scary|dark)", _running_after),
    _Rule(DISTRESS, "(?:mood|my mood) (?:is |has been |s |been )?(?:so |really |very )?(?:low"
                    "|rubbish|awful|terrible|bad|dark|on the floor|in the gutter)"),
    _Rule(DISTRESS, "low mood"),
    # falling apart
    _Rule(DISTRESS, "(?:im|i am|been|feel like im|feel like i am|i feel like im) (?:slowly "
                    "|completely |totally |just |quietly )?(?:unravelling|unraveling"
                    "|coming undone|cracking up|falling to pieces|crumbling)", _running_after),
    _Rule(DISTRESS, "(?:everything|everythings|it all|things|life|every part of my life) (?:is "
                    "|s |keeps |has been |feels )?(?:going wrong|falling to pieces|crumbling"
                    "|on fire|collapsing)", _running_sentence),
    _Rule(DISTRESS, "(?:a|been a|such a|what a) (?:kak|shit|crap|shitty|awful|horrible|rubbish"
                    "|terrible|hard|rough|tough|brutal|dreadful|grim) (?:year|month|few weeks"
                    "|few months)", _running_sentence),
    _Rule(DISTRESS, "(?:bricht|brach|brechen) (?:[a-z]+ ){0,2}zusammen"),
    _Rule(DISTRESS, "(?:mauvaise passe|passe difficile|moral est a zero|moral a zero|pas le moral"
                    "|plus le moral|moral a plat|moral dans les chaussettes)"),
    _Rule(DISTRESS, "(?:momento|fase|epoca|racha) (?:muy |muito |tan |tao |bastante "
                    "|bem )?(?:oscuro|oscura|sombrio|negro|escuro|horrible|terrible|feo|negra)"),
    _Rule(DISTRESS, "(?:pack|packs|packe|schaff|schaffs|schaffe) (?:es |s "
                    "|das )?(?:einfach )?nicht mehr", _running_sentence),
    _Rule(DISTRESS, "(?:kan|kun) (?:het )?(?:echt |gewoon )?nie meer", _running_sentence),
    _Rule(DISTRESS, "(?:suis|chu|chuis) (?:pu|plus) capable"),
    # lonely
    _Rule(DISTRESS, "only (?:people|person) (?:i|who) (?:talk to|speak to|ever see|ever talk to"
                    "|talks to me|talk to me|ever speak to)"),
    _Rule(DISTRESS, "(?:nobody|no one|nobodys|noones|no ones|not one person"
                    "|not a single person) (?:has |have |had |really |ever |actually "
                    "|even )*(?:talked|spoke|spoken|texted|messaged|called|rang|checked in"
                    "|visited|invited) (?:to |on |in on |up on )?me(?= [.!?,;:]| in | for | since"
                    "| all| today| this| once| at all| lately| anymore)", _running_after),
    _Rule(DISTRESS, "(?:just me and|me and) the (?:four )?walls", _running_after),
    _Rule(DISTRESS, "(?:spent|spend|spending) (?:christmas|my birthday|the weekend"
                    "|another weekend|new year|new years|the holidays|every weekend|every evening"
                    "|another evening|the day|sunday|saturday) (?:on my own|by myself|alone)",
          _running_after),
    _Rule(DISTRESS, "(?:so quiet|so empty|so silent) it (?:hurts|aches)"),
    _Rule(DISTRESS, "the silence (?:[a-z]+ ){0,3}(?:is|s) (?:the worst|deafening|unbearable"
                    "|killing me|too much)"),
    _Rule(DISTRESS, "(?:got|have|had) (?:no one|nobody) to (?:tell|share|celebrate|call|ring|text"
                    "|go home to|come home to|spend)"),
    _Rule(DISTRESS, "(?:everyone|everybody|everyones|everybodys)(?: else)? (?:[a-z]+ ){0,2}(?:has"
                    "|have|got|has got|seems to have) their (?:groups|group|friends|people"
                    "|cliques|own friends|mates|circles|partners|person)", _running_after),
    _Rule(DISTRESS, "(?:i feel|i felt|im|i am|feeling|i always feel|always feel|i always"
                    "|im always|i often feel|i still feel) (?:always )?(?:on the outside|left out"
                    "|like an outsider|on the edge of (?:all of )?(?:them|it|the group"
                    "|everything))"),
    # depressed
    _Rule(DISTRESS, "(?:havent been able to|couldnt|could not|cant|unable to|not able to|hardly"
                    "|barely) get out of bed", _running_words_after),
    _Rule(DISTRESS, "(?:cant|cannot|dont|do not) (?:remember|recall) (?:the last time"
                    "|when) (?:i )?(?:last )?(?:actually |really |genuinely )?(?:enjoyed|laughed"
                    "|smiled|felt good|felt happy|had fun)"),
    _Rule(DISTRESS, "stopped (?:showering|washing|eating|cooking|getting dressed|going out"
                    "|answering|replying|opening)(?= [.!?,;:]| properly| altogether| again)",
          _running_after),
    _Rule(DISTRESS, "(?:on|started|taking|take|increased|upped|doubled|changed) (?:my |me on "
                    "|the )?(?:anti ?depressants|sertraline|citalopram|escitalopram|fluoxetine"
                    "|prozac|mirtazapine|venlafaxine|duloxetine|zoloft|lexapro|paroxetine|ssris"
                    "|ssri)"),
    _Rule(DISTRESS, "everything (?:takes|is|feels like) (?:[a-z]+ ){0,3}(?:effort|an effort"
                    "|a struggle|so hard|too much effort)", _running_sentence),
    # can't cope
    _Rule(DISTRESS, "(?:dont|do not) know how to (?:handle|deal with|cope with"
                    "|manage) (?:any of this|all of this|all this|this|it all|everything|life)",
          _running_sentence),
    _Rule(DISTRESS, "(?:im|i am|i m) (?:just |slowly |completely |absolutely )?drowning",
          _running_after),
    _Rule(DISTRESS, f"(?:cant|can not) deal(?:{_END}| with (?:one more thing|anything|anyone"
                    "|people|this|it|life|everything))", _running_sentence),
    _Rule(DISTRESS, "(?:end of my rope|end of my tether|at my wits end|at wits end)"),
    _Rule(DISTRESS, "(?:not able to|unable to|cant|can not|struggling to) (?:manage|handle|take"
                    "|cope with|bear) (?:all )?(?:this |the |all this |so much )?(?:pressure"
                    "|stress|load|workload)", _running_sentence),
    _Rule(DISTRESS, "(?:feeling|feel|felt|am|im|so|very|really) (?:very |so |really |too )?tensed",
          _running_sentence),
    # a burden
    _Rule(DISTRESS, "(?:im|i am|i m|feel like im|feel like i am|feel like|feeling like|i feel"
                    "|felt like) (?:such |just |always |only |a bit of |a real |a total )?(?:a "
                    "|an )?(?:burden|drag|nuisance|bother|hassle|inconvenience|liability"
                    "|dead weight|drain|pain in the)", _running_after),
    _Rule(DISTRESS, "(?:feel|feeling|felt) (?:like )?(?:im |i am |i m |i was )?(?:always |just "
                    "|only )?(?:holding|slowing|dragging) (?:the group|everyone|everybody|you all"
                    "|you lot|the others|people|the team|the club|them|others|my partner"
                    "|my family) (?:back|down)"),
    _Rule(DISTRESS, "(?:just|only|im just|im only|feel like im) taking up space"),
    _Rule(DISTRESS, "(?:waste of space|waste of oxygen|waste of air)"),
    _Rule(DISTRESS, "(?:always|only ever) the one (?:who|that) (?:needs|asks for|takes)"),
    _Rule(DISTRESS, "(?:im|i am) too much for (?:people|everyone|anyone|them|you)"),
    _Rule(DISTRESS, "(?:exhausting|hard|a nightmare|too much) to be around"),
    _Rule(DISTRESS, "(?:disturbing|bothering|burdening|annoying|troubling) (?:everybody|everyone"
                    "|you all|people|yall|you lot|you guys) (?:[a-z]+ ){0,2}with my",
          _running_after),
    _Rule(DISTRESS, "(?:cost|costing|costs) (?:my parents|my family|everyone|them|my partner"
                    "|my mum|my dad) (?:so much|too much|a fortune|everything)", _running_after),
    _Rule(DISTRESS, "(?:got|have|ive got|i have) nothing to show for (?:it|myself|my life)",
          _running_sentence),
    _Rule(DISTRESS, "without me (?:moaning|complaining|whinging|whining|dragging|holding)"),
    _Rule(DISTRESS, "(?:sorry for|sorry about) (?:always |constantly |all the "
                    "|all my )?(?:moaning|complaining|whinging|being a pain|being negative"
                    "|being so negative|being a downer|being a drag)", _running_after),
    _Rule(DISTRESS, "(?:tiptoe|tip toe|walk on eggshells) around me"),
    _Rule(DISTRESS, "(?:feels like|its|is|thats) (?:all |exactly |just )?what (?:im|i am) worth"),
]

_RULES: tuple[_Rule, ...] = (
    *_EXPLICIT_INTENT, *_NOT_WANTING_TO_LIVE, *_PASSIVE_WISH, *_WISHES, *_HOPELESS_ABOUT_LIFE,
    *_HOPELESS, *_METHOD_OR_PLAN, *_METHODS, *_PREPARATIONS, *_FAREWELLS, *_SELF_HARM,
    *_SELF_HARM_AGAIN, *_NOT_SAFE, *_NOT_SAFE_AGAIN, *_SHORTHAND, *_SHORTHAND_AGAIN, *_DISTRESS,
    *_DISTRESS_AGAIN,
)
# The words the rules are written in: a token with look-alike characters is read as
# whichever of these it can be ("ki11" -> "kill").
_KEY_WORDS = frozenset(re.findall(r"[a-z]{3,}", " ".join(rule.pattern for rule in _RULES)))


# ================================================================ compiling the rules
# Every rule starts with literal words. The scanner is one expression shaped like a
# trie of those first letters, so a rule costs nothing at positions where its first
# letters are absent; a match is then handed to the rules that start there.

_LEAD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 .!?,;:/")
_PLAIN_CHARS = _LEAD_CHARS - {".", "?"}  # the marks that mean themselves unescaped


def _lead_literal(alternative: str) -> str:
    literal = alternative.replace("\\.", ".").replace("\\?", "?")
    if not literal or not set(literal) <= _LEAD_CHARS:
        raise ValueError(f"a rule must start with plain words, not {alternative!r}")
    return literal


def _split_lead(pattern: str) -> tuple[tuple[str, ...], str]:
    """The literal alternatives a pattern starts with, and the rest of the pattern."""
    if pattern.startswith("(?:"):
        depths = itertools.accumulate((ch == "(") - (ch == ")") for ch in pattern)
        close = next(i for i, depth in enumerate(depths) if depth == 0)
        body, rest = pattern[3:close], pattern[close + 1 :]
        if "(" in body or rest[:1] in {"?", "*", "+", "{"}:
            raise ValueError(f"a rule must start with plain words: {pattern!r}")
        return tuple(_lead_literal(alt) for alt in body.split("|")), rest
    i = 0
    while i < len(pattern) and pattern[i] in _PLAIN_CHARS:
        i += 1
    if i < len(pattern) and pattern[i] in "?*+{":
        i -= 1  # the last letter is repeated or optional: it belongs to the rest
    return (_lead_literal(pattern[:i]),), pattern[i:]




class _Scanner:
    """Finds, in text order, the matches of the rules that their guards let stand.

    One expression (a trie of the rules' first letters) finds each place where any rule can
    start; the rules that start with the word found there are then tried in the order they
    were written (danger first), each with its own expression and guard. Rules that start
    with part of a word ("suicid...", "unaliv...") are tried at every word of that letter.
    """

    def __init__(self, rules: Iterable[_Rule]) -> None:
        entries: list[tuple[str, str]] = []
        self._by_word: dict[str, list[tuple[_Rule, re.Pattern[str]]]] = {}
        self._by_letter: dict[str, list[tuple[_Rule, re.Pattern[str]]]] = {}
        for rule in rules:
            leads, rest = _split_lead(rule.pattern)
            compiled = (rule, re.compile(f" {rule.pattern}{_BOUNDARY}"))
            whole_word = not rest or (rest[:1] == " " and rest[1:2] not in {"?", "*", "+", "{"})
            for lead in leads:
                entries.append((lead, rest + _BOUNDARY))
                if " " in lead or whole_word or rest.startswith(("(?=", "(?!")):
                    listed = self._by_word.setdefault(lead.split(" ")[0], [])
                else:
                    listed = self._by_letter.setdefault(lead[0], [])
                if compiled not in listed:
                    listed.append(compiled)
        self._scanner = re.compile(_trie_pattern(entries))
        self.rules_for = functools.lru_cache(maxsize=4096)(self._rules_for)

    def _rules_for(self, word: str) -> tuple[tuple[_Rule, re.Pattern[str]], ...]:
        """The rules that can start at ``word``, in the order they were written."""
        candidates = self._by_word.get(word, []) + self._by_letter.get(word[:1], [])
        return tuple(sorted(candidates, key=lambda compiled: _RULE_ORDER[compiled[0]]))

    def matches(
        self, reading: _Reading, wanted: set[_Kind], done: set[_Rule]
    ) -> Iterator[tuple[_Rule, int, int]]:
        """The rules of the ``wanted`` levels that match and that their guards let stand.

        With where each matched. ``wanted`` and ``done`` are read again at every place: a
        caller that has seen enough of a level takes it out, and one that has counted a
        rule puts it in ``done``; those rules are not tried any more.
        """
        text = reading.text
        found = self._scanner.search(text)
        while found is not None:
            position = found.start()
            for rule, regex in self.rules_for(text[position + 1 : text.find(" ", position + 1)]):
                if rule.level not in wanted or rule in done:
                    continue
                match = regex.match(text, position)
                if match is not None and not (
                    rule.guard is not None and rule.guard(reading, match.start() + 1, match.end())
                ):
                    yield rule, match.start() + 1, match.end()
            found = self._scanner.search(text, position + 1)


_RULE_ORDER = {rule: order for order, rule in enumerate(_RULES)}
_SCANNER = _Scanner(_RULES)


# ================================================================ assessing

_DEATH_EMOJI = frozenset({"emojigun", "emojiknife", "emojigrave"})
_BARE_WORDS = _DEATH_EMOJI | _words(
    "me myself i im rn right now lol just so fr for real tbh honestly literally again today",
    "tonight please pls ok mood same dead this is it . ! ? , ...",
)


# ---------------------------------------------------------------- a friend who is the writer
# "Asking for a friend ... the friend is me", "There's a runner who's thinking about killing
# himself. It's me": when the writer says the other person is them, the text is read again
# with the other person as the writer.
_SELF_REVEAL_RE = re.compile(
    r" (?:(?:the |my )?friend is (?:me|typing this|writing this)"
    r"|(?:its|it is) (?:me|about me)(?= [.!?,;:]| sorry| lol| tbh| btw| honestly| really"
    r"| actually| obviously)"
    r"|(?:that|this|the) (?:guy|girl|person|friend|mate|runner|one|someone|member)s? (?:is )?"
    r"(?:me|typing this|writing this)(?![a-z])"
    r"|(?:im|i am) (?:the friend|that friend|the person|that person|that guy|the runner"
    r"|that runner)(?![a-z])|asking for (?:a friend|reasons|myself)|for research|hypothetically"
    r"|about me(?= [.!?,;:])|not really (?:a story|fiction|hypothetical|for a friend)"
    r"|(?:friend|mate|someone|somebody|person|cousin|sister|brother|colleague|guy|girl|runner"
    r"|member) me|rather not say) "
)
_OTHER_PERSON_RE = re.compile(
    r" (?:a friend of mine|friend of mine|someone in here|somebody in here|someone here"
    r"|one of us|a person|a friend|my friend|my mate|a mate|a guy|a girl|a runner|a member"
    r"|my brother|my sister|my cousin|my colleague|my partner|my flatmate|my teammate"
    r"|the friend|that guy|this guy|your boy|your girl|a man|a woman|someone|somebody|he|she"
    r"|they)(?: me)?(?= )"
)
_AS_THE_WRITER = {
    "someones": "im", "somebodys": "im", "hes": "im", "shes": "im", "theyre": "im",
    "himself": "myself", "herself": "myself", "themselves": "myself", "themself": "myself",
    "his": "my", "her": "my", "their": "my", "him": "me", "them": "me",
}
_AGREEMENT_RE = re.compile(r" i (is|s|has|wants|keeps|plans|needs|hopes|thinks|feels|doesnt|does"
                           r"|hasnt|isnt) ")
_AGREEMENT = {"is": "am", "s": "am", "has": "have", "doesnt": "dont", "does": "do",
              "hasnt": "havent", "isnt": "am not"}


def _as_the_writer(text: str) -> str:
    """``text`` with the other person the writer says is them written as the writer."""
    text = _OTHER_PERSON_RE.sub(" i", text)
    text = " ".join(_AS_THE_WRITER.get(word, word) for word in text.split())
    return _AGREEMENT_RE.sub(
        lambda verb: f" i {_AGREEMENT.get(verb.group(1), verb.group(1).removesuffix('s'))} ",
        f" {text} ")


_DEATH_EMOJI_RE = re.compile(" emoji(?:gun|knife|grave) ")
_DEATH_EMOJI_TRIES = 8  # sentences to look at: a wall of emoji is one answer, not thousands


def _only_death_and_me(reading: _Reading) -> bool:
    """A clause of nothing but a weapon or headstone emoji and the writer ("🔫😵", "🪦 me").

    Unless it answers running talk: the sentence before is about running ("These hills.
    🔫😵"), or the clause is not alone in its sentence and the sentence is about running as
    :meth:`_Reading.running_scope` reads it ("🔫😵, these hills").
    """
    text = reading.text
    for found in itertools.islice(_DEATH_EMOJI_RE.finditer(text), _DEATH_EMOJI_TRIES):
        left, right = reading.sentence(found.start(), found.end())
        clause_left = max(text.rfind(f" {mark} ", left, found.start() + 1) for mark in ",:")
        clause_right = _CLAUSE_END_RE.search(text, found.end() - 1, right)
        words = text[max(left, clause_left) : clause_right.start() if clause_right else right]
        if len(words) > 160 or not set(words.split()) <= _BARE_WORDS:
            continue
        if left > 0 and reading.about_running(*reading.sentence(left - 1, left - 1)):
            continue
        if not reading.about_running(*reading.running_scope(found.start() + 1, found.end())):
            return True
    return False


def _level(reading: _Reading, wanted: set[_Kind]) -> CrisisLevel:
    """What the rules of the ``wanted`` levels find in ``reading``.

    DANGER at the first danger rule, or at the second sign of preparations (a cue that the
    writer's words about their future, next to it, do not explain); DISTRESS if a distress
    rule matched; NONE otherwise.
    """
    cues: set[_Rule] = set()  # the weaker signs of preparations counted
    distress = False
    for rule, start, end in _SCANNER.matches(reading, wanted, cues):
        if rule.level == DANGER:
            return CrisisLevel.DANGER
        if rule.level == DISTRESS:
            distress = True
            wanted.discard(DISTRESS)  # one is enough; danger may still come later
        elif not reading.looks_forward(start, end):
            cues.add(rule)
            if len(cues) >= 2:
                return CrisisLevel.DANGER
    return CrisisLevel.DISTRESS if distress else CrisisLevel.NONE


def assess(text: str) -> CrisisLevel:
    """How worried to be about ``text``: DANGER, DISTRESS or NONE (see the module docstring)."""
    reading = _Reading(normalise(text))
    if _only_death_and_me(reading):
        return CrisisLevel.DANGER
    level = _level(reading, {DANGER, CUE, DISTRESS})
    if level is not CrisisLevel.DANGER and _SELF_REVEAL_RE.search(reading.text):
        as_the_writer = _Reading(_as_the_writer(reading.text))
        if _level(as_the_writer, {DANGER, CUE}) is CrisisLevel.DANGER:
            return CrisisLevel.DANGER
    return level

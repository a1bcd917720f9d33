"""bot.text: member text the bot repeats can neither hide a link nor ping anyone.

Discord renders ``[text](url)`` as a masked link: the reader sees ``text`` and
the click goes to ``url``. The checker here is written from Discord's markdown
(simple-markdown's link rule: link text with one level of nested brackets or
line breaks, a target in optional ``<…>`` with balanced parentheses and an
optional title), independently of how :func:`bot.text.neutralise` parses, and
is backed by the plain property that no ``](`` is left at all: without it no
text can render as a masked link, whatever the renderer.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.text import echo, inline, neutralise, shorten

# simple-markdown's LINK_INSIDE and LINK_HREF_AND_TITLE, searched at every "[".
_LINK_INSIDE = r"(?:\[[^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*"
_HREF_AND_TITLE = r"\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['\"]([\s\S]*?)['\"])?\s*"
DISCORD_LINK = re.compile(r"\[(" + _LINK_INSIDE + r")\]\(" + _HREF_AND_TITLE + r"\)")
LIVE_MENTION = re.compile(r"<@!?\d+>|<@&\d+>|<#\d+>|@everyone|@here")


def masked_links(text: str) -> list[str]:
    """Every substring Discord would render as a masked link (overlapping starts too)."""
    found = []
    for start in (m.start() for m in re.finditer(r"\[", text)):
        match = DISCORD_LINK.match(text, start)
        if match:
            found.append(match[0])
    return found


def assert_harmless(original: str, out: str) -> None:
    assert "](" not in out, (original, out)
    assert masked_links(out) == [], (original, out)
    assert LIVE_MENTION.search(out) is None, (original, out)


def test_the_checker_finds_what_discord_renders() -> None:
    # The checker must itself be able to see each form, or the tests below prove nothing.
    for form in ["[a](https://x)", "[a [b] c](https://x)", "[click\nhere](https://x)",
                 "[w](https://en.wikipedia.org/wiki/Foo_(bar))", "[a](<https://x>)",
                 '[a](https://x "title")', "see [a](https://x) and [b](https://y)"]:
        assert masked_links(form), form
    assert masked_links("[a] (https://x)") == []


HAND_WRITTEN = [
    # (member text, each target that must stay visible)
    ("[a](https://x.example)", ["https://x.example"]),
    ("[a [b] c](https://x.example)", ["https://x.example"]),
    ("[w](https://en.wikipedia.org/wiki/Foo_(bar))", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
    ("[click\nhere](https://x.example)", ["https://x.example"]),
    ("[click\r\nhere](https://x.example)", ["https://x.example"]),
    ("[a](<https://x.example/a b>)", ["https://x.example/a b"]),
    ("[a](<https://x.example>)", ["https://x.example"]),
    ('[a](https://x.example "a title")', ["https://x.example"]),
    ("[a](https://x.example 'a title')", ["https://x.example"]),
    ("[a]( https://x.example )", ["https://x.example"]),
    (r"\[a\](https://x.example)", ["https://x.example"]),
    (r"[a\]](https://x.example)", ["https://x.example"]),
    (r"[a](https://x.example/\))", ["https://x.example/"]),
    ("[one](https://one.example) and [two](https://two.example)", ["https://one.example",
                                                                    "https://two.example"]),
    ("[[inner](https://in.example)](https://out.example)", ["https://in.example",
                                                            "https://out.example"]),
    ("[a](https://x.example](https://y.example)", ["https://x.example", "https://y.example"]),
    ("[a]\n(https://x.example)", ["https://x.example"]),
    ("[a][b](https://x.example)", ["https://x.example"]),
    ("[a](https://x.example", ["https://x.example"]),  # never closed
    ("[a](](https://x.example))", ["https://x.example"]),
    ("]([a](https://x.example)", ["https://x.example"]),
    ("[](https://x.example)", ["https://x.example"]),
    ("[a]()", []),
    ("[" * 50 + "a" + "]" * 50 + "(https://x.example)", ["https://x.example"]),
    ("[a](https://x.example)" * 30, ["https://x.example"]),
]


@pytest.mark.parametrize(("text", "targets"), HAND_WRITTEN)
def test_no_masked_link_survives(text: str, targets: list[str]) -> None:
    out = neutralise(text)
    assert_harmless(text, out)
    for target in targets:
        assert target in out, (text, out)


@pytest.mark.parametrize(("text", "shown"), [
    ("<@1>", "@member"), ("<@!1>", "@member"), ("<@&1>", "@role"), ("<#1>", "#channel"),
    ("@everyone", "@\u200beveryone"), ("@here", "@\u200bhere"),
    ("hey @everyone and <@123456789012345678>!", "hey @\u200beveryone and @member!"),
])
def test_mentions_cannot_ping(text: str, shown: str) -> None:
    out = neutralise(text)
    assert out == shown
    assert LIVE_MENTION.search(out) is None


def test_a_mention_inside_a_masked_link_is_neutralised_too() -> None:
    out = neutralise("[<@&1100> @here](https://x.example/<@1>)")
    assert_harmless("", out)
    assert "https://x.example/" in out


def test_echo_and_inline_stay_one_short_line() -> None:
    text = "[a](https://x.example)\n" + "@everyone " * 1000
    quoted = echo(text)
    assert len(quoted) <= 42 and "\n" not in quoted
    assert_harmless(text, quoted)
    assert len(inline(text, 200)) <= 200
    assert shorten("x" * 5000, 10) == "x" * 9 + "…"


# --- hypothesis: links built from parts, inside text made of link-ish characters ---------

URL_CHARS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/._-?=&%#~", min_size=1,
                    max_size=20)


@st.composite
def urls(draw: st.DrawFn) -> str:
    path = draw(URL_CHARS)
    if draw(st.booleans()):
        path += "(" + draw(URL_CHARS) + ")"  # Wikipedia style
    return f"https://x{draw(st.integers(0, 99))}.example/{path}"


NOISE = st.text(alphabet="ab []()<>\\\n\"'!*_~`|@#&:", max_size=12)


@st.composite
def links(draw: st.DrawFn, depth: int = 0) -> tuple[str, list[str]]:
    """A masked link in one of the forms Discord renders, and the targets in it."""
    url = draw(urls())
    label_parts = [draw(NOISE.filter(lambda s: "[" not in s and "]" not in s))]
    targets = [url]
    if depth < 2 and draw(st.booleans()):
        inner, inner_targets = draw(links(depth + 1))
        label_parts.append(inner)
        targets += inner_targets
    if draw(st.booleans()):
        label_parts.append("[" + draw(st.text(alphabet="ab \n", max_size=5)) + "]")
    if draw(st.booleans()):
        label_parts.append("\n")
    label = "".join(draw(st.permutations(label_parts)))
    target = draw(st.sampled_from([url, f"<{url}>", f"{url} \"t\"", f"<{url}> 't'",
                                   f" {url} "]))
    return f"[{label}]({target})", targets


@st.composite
def member_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    parts: list[str] = []
    targets: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            link, found = draw(links())
            parts.append(link)
            targets += found
        else:
            parts.append(draw(NOISE))
    return "".join(parts), targets


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(member_texts())
def test_generated_links_never_render(case: tuple[str, list[str]]) -> None:
    text, targets = case
    out = neutralise(text)
    assert_harmless(text, out)
    for target in targets:
        assert target in out, (text, out)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]()<>\\ \n\"'ab@&#!:1", max_size=60))
def test_any_text_of_link_characters_is_harmless(text: str) -> None:
    assert_harmless(text, neutralise(text))
    assert_harmless(text, inline(text, 100))

"""Show titles reduced to comparable words plus the sequel markers they carry.

The same reduction runs on AniList's titles and on release names, so "Mairimashita! Iruma-kun
4th Season", "Mairimashita Iruma-kun S4" and "Iruma-kun Season 4" all become the words
"mairimashita iruma kun" with season 4. Our normalisation rules, stated once:

- letters are NFKC-folded and lower-cased, the times sign is "x", "&" is "and", punctuation
  is a space;
- common romanisation variants are folded ("ou"/"oo"/"uu" → "o"/"u", particle "wo" → "o");
- season words are markers, not words: "S2", "Season 2", "2nd Season", "Second Season",
  "Season II", "第二季", a roman numeral II-X closing the title ("Mushoku Tensei III"),
  "Part 2" / "Cour 2" / "2nd Part", and "Final Season";
- a year in parentheses "(2011)" is kept aside, not a word;
- a bare number closing a title ("Yami Shibai 11", "Shingeki no Kyojin 3") is ambiguous: it may
  be part of the name or a season number, so such a title has two readings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_CJK_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}

_NUM = r"(\d{1,2})"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)"
_WORD_ORD = "(" + "|".join(_ORDINAL_WORDS) + ")"
_ROMAN_RE = "(" + "|".join(sorted(_ROMAN, key=len, reverse=True)) + ")"

# Season markers, each with how to read its number; matched case-insensitively on the title.
_SEASON_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_ORD}\s+season\b", re.I), "int"),
    (re.compile(rf"\b{_WORD_ORD}\s+season\b", re.I), "word"),
    (re.compile(rf"\bseason\s+{_NUM}\b", re.I), "int"),
    (re.compile(rf"\bseason\s+{_ROMAN_RE}\b", re.I), "roman"),
    (re.compile(r"\bs(\d{1,2})\b", re.I), "int"),
    (re.compile(r"第([一二三四五六七八九十\d]{1,2})[季期]"), "cjk"),
]
_PART_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(?:part|cour)\s*{_NUM}\b", re.I), "int"),
    (re.compile(rf"\b(?:part|cour)\s+{_ROMAN_RE}\b", re.I), "roman"),
    (re.compile(rf"\b{_ORD}\s+(?:part|cour)\b", re.I), "int"),
    (re.compile(rf"\b{_WORD_ORD}\s+(?:part|cour)\b", re.I), "word"),
]
_FINAL = re.compile(r"\b(?:the\s+)?final\s+season\b", re.I)
_YEAR = re.compile(r"[(\[]((?:19|20)\d\d)[)\]]")
# A roman numeral closing the title or a title segment ("Mushoku Tensei III: Isekai...").
_TRAILING_ROMAN = re.compile(rf"\s{_ROMAN_RE}(?=\s*(?:$|[:~\-\u2013(\[]))", re.I)
_TRAILING_NUMBER = re.compile(r"\s(\d{1,2})\s*$")


# Where a subtitle starts: "Title: Sub", "Title - Sub", "Title -Sub-", "Title ~Sub~", "A | B".
_SUBTITLE = re.compile(r"\s*:\s|\s[-~|\u2013]\s?(?=\S)")


def main_title(title: str) -> str | None:
    """The title before its subtitle ("Kimetsu no Yaiba" of "Kimetsu no Yaiba: ..."), if any."""
    match = _SUBTITLE.search(title)
    if not match or match.start() < 3:
        return None
    return title[: match.start()].strip()


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a title: its words and the sequel markers it states."""

    words: str
    season: int | None = None
    part: int | None = None
    final: bool = False

    @property
    def marked(self) -> bool:
        return self.season is not None or self.part is not None or self.final


def _number(kind: str, raw: str) -> int | None:
    raw = raw.lower()
    if kind == "int":
        return int(raw)
    if kind == "word":
        return _ORDINAL_WORDS.get(raw)
    if kind == "roman":
        return _ROMAN.get(raw)
    if raw.isdigit():
        return int(raw)
    if raw.startswith("十") and len(raw) == 2:
        return 10 + _CJK_DIGITS.get(raw[1], 0)
    return _CJK_DIGITS.get(raw)


def _take(text: str, patterns: list[tuple[re.Pattern[str], str]]) -> tuple[str, int | None]:
    found: int | None = None
    for pattern, kind in patterns:
        match = pattern.search(text)
        if match:
            if found is None:
                found = _number(kind, match.group(1))
            text = pattern.sub(" ", text)
    return text, found


def fold(text: str) -> str:
    """Words only: case, width, punctuation and romanisation variants folded away."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u00d7", " x ").replace("&", " and ")
    text = text.replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^\w]+|_", " ", text)
    words = []
    for word in text.split():
        if word.isascii():
            word = word.replace("ou", "o").replace("oo", "o").replace("uu", "u")
            word = "o" if word == "wo" else word
        words.append(word)
    return " ".join(words)


def readings(title: str) -> list[Reading]:
    """Every sensible reading of a title, the plainest first."""
    text = unicodedata.normalize("NFKC", title)
    text = _YEAR.sub(" ", text)
    final = bool(_FINAL.search(text))
    text = _FINAL.sub(" ", text)
    text, season = _take(text, _SEASON_PATTERNS)
    text, part = _take(text, _PART_PATTERNS)
    if season is None:
        match = _TRAILING_ROMAN.search(text)
        if match:
            season = _ROMAN[match.group(1).lower()]
            text = text[: match.start()] + " " + text[match.end() :]
    words = fold(text)
    found = [Reading(words, season, part, final)]
    if season is None:
        match = _TRAILING_NUMBER.search(words)
        if match and 2 <= int(match.group(1)) <= 30:
            found.append(Reading(words[: match.start()].strip(), int(match.group(1)), part, final))
    return [r for r in found if r.words]

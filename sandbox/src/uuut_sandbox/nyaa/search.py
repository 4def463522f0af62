"""Nyaa's search semantics: Elasticsearch simple_query_string, default operator AND.

Words are matched whole, case-insensitively, after the standard tokenizer's split (letters and
digits; each CJK character is its own token); `-word` excludes, `"a b"` is a phrase, `a | b`
is either.
"""

from __future__ import annotations

import re
import unicodedata

_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_PIECES = re.compile(f"[{_CJK_CHARS}]|[^{_CJK_CHARS}]+")


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    found: list[str] = []
    for word in re.findall(r"[^\W_]+(?:'[^\W_]+)?", text):
        found += _PIECES.findall(word)
    return found


def _contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return True
    width = len(needle)
    return any(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


def matcher(query: str):
    """A predicate on titles for this query."""
    clauses: list[tuple[bool, list[list[str]]]] = []  # (excluded, alternatives)
    parts = re.findall(r'(-?)"([^"]*)"|(\S+)', query)
    pending_or = False
    for minus, phrase, word in parts:
        if word == "|":
            pending_or = True
            continue
        excluded = bool(minus) or word.startswith("-")
        text = phrase if phrase else word.lstrip("-")
        needle = tokens(text)
        if not needle:
            continue
        if pending_or and clauses and not excluded:
            clauses[-1][1].append(needle)
        else:
            clauses.append((excluded, [needle]))
        pending_or = False

    def matches(title: str) -> bool:
        words = tokens(title)
        for excluded, alternatives in clauses:
            hit = any(_contains(words, alt) for alt in alternatives)
            if hit == excluded:
                return False
        return True

    return matches

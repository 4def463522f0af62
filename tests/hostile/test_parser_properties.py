"""Properties of the parsers that read what strangers send: Nyaa's RSS, a user's magnet or
.torrent, a hash in a URL. On any input they answer or raise our domain error, nothing else.

(Release-name parsing has its own properties in services/search/tests/test_release_name.py.)
"""

from __future__ import annotations

import base64
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uuut_gateway.errors import ApiError
from uuut_gateway.routes.torrents import _hash
from uuut_kit.errors import InvalidArgument
from uuut_search.feed import FeedError, parse_feed
from uuut_torrent.sources import Magnet, TorrentUrl, parse_source, torrent_info_hash

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEX40 = re.compile(r"[0-9a-f]{40}")

_ITEM = (
    "<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
    "<pubDate>{date}</pubDate><nyaa:seeders>{seeders}</nyaa:seeders>"
    "<nyaa:infoHash>{hash}</nyaa:infoHash><nyaa:size>{size}</nyaa:size>"
    "<nyaa:trusted>{trusted}</nyaa:trusted></item>"
)
_FEED = (
    '<rss xmlns:nyaa="https://nyaa.si/xmlns/nyaa" version="2.0"><channel>'
    "<title>Nyaa</title>{items}</channel></rss>"
)
xml_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """Nearly Nyaa's RSS: the right shape, anything in the fields, sometimes cut short."""
    items = draw(
        st.lists(
            st.builds(
                _ITEM.format,
                title=xml_text,
                link=xml_text,
                guid=xml_text,
                date=xml_text,
                seeders=st.one_of(xml_text, st.integers().map(str)),
                hash=st.one_of(xml_text, st.from_regex(HEX40, fullmatch=True)),
                size=st.one_of(xml_text, st.from_regex(r"[\d.]{1,8} (GiB|MiB|KiB|Bytes|TB)")),
                trusted=xml_text,
            ),
            max_size=4,
        )
    )
    body = _FEED.format(items="".join(items)).encode()
    cut = draw(st.integers(0, len(body)))
    return body if draw(st.booleans()) else body[:cut]


@PROPERTY
@given(st.one_of(st.binary(max_size=2000), feeds(), st.binary().map(lambda b: b"<rss" + b)))
def test_the_feed_parser_answers_or_raises_feed_error(body: bytes) -> None:
    try:
        items = parse_feed(body)
    except FeedError:
        return
    for item in items:
        assert HEX40.fullmatch(item.info_hash)
        assert item.seeders >= 0 and item.size_bytes >= 0


@PROPERTY
@given(st.one_of(st.text(max_size=300), st.text(max_size=60).map(lambda t: "magnet:?" + t)))
def test_a_source_is_a_magnet_a_url_or_bad_source(source: str) -> None:
    try:
        parsed = parse_source(source)
    except InvalidArgument as error:
        assert error.reason == "BAD_SOURCE"
        return
    assert isinstance(parsed, Magnet | TorrentUrl)
    if isinstance(parsed, Magnet):
        assert HEX40.fullmatch(parsed.info_hash)


@PROPERTY
@given(
    st.one_of(
        st.text(max_size=200).map(lambda t: "http://" + t),
        st.text(max_size=200).map(lambda t: "https://[" + t),
        st.from_regex(r"https?://[\w.\[\]:%@-]{0,40}(:\d{0,7})?/[\w.]{0,10}", fullmatch=True),
    )
)
def test_any_http_url_text_is_a_url_or_bad_source(source: str) -> None:
    try:
        parse_source(source)
    except InvalidArgument as error:
        assert error.reason == "BAD_SOURCE"


@PROPERTY
@given(st.binary(min_size=20, max_size=20), st.booleans(), st.text(max_size=30))
def test_a_magnets_hash_is_read_in_hex_or_base32(digest: bytes, hexadecimal: bool, name: str):
    encoded = digest.hex().upper() if hexadecimal else base64.b32encode(digest).decode().lower()
    parsed = parse_source(f"magnet:?dn={name}&xt=urn:btih:{encoded}&tr=udp://t")
    assert parsed == Magnet(uri=parsed.uri, info_hash=digest.hex())


@PROPERTY
@given(
    st.one_of(
        st.binary(max_size=500),
        st.binary(max_size=200).map(lambda b: b"d4:info" + b),
        st.from_regex(rb"\Ad([0-9]{1,3}:|i-?[0-9]{0,30}e|l|d|e){0,40}", fullmatch=False),
    )
)
def test_a_torrent_file_has_a_hash_or_is_bad_source(data: bytes) -> None:
    try:
        info_hash = torrent_info_hash(data)
    except InvalidArgument as error:
        assert error.reason == "BAD_SOURCE"
        return
    assert HEX40.fullmatch(info_hash)


@PROPERTY
@given(st.one_of(st.text(max_size=80), st.from_regex(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")))
def test_a_hash_in_a_path_is_lowercase_hex_or_404(value: str) -> None:
    try:
        checked = _hash(value)
    except ApiError as error:
        assert error.status == 404
        return
    assert re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", checked)
    assert "/" not in checked and "." not in checked


@pytest.mark.parametrize("depth", [65, 5000])
def test_a_deeply_nested_torrent_is_bad_source_not_a_crash(depth: int) -> None:
    with pytest.raises(InvalidArgument):
        torrent_info_hash(b"d4:info" + b"l" * depth + b"e" * depth + b"e")

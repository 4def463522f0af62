"""Reading Nyaa's real RSS samples (../shared/data/nyaa) and what is not RSS."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from uuut_search.feed import FeedError, magnet_uri, parse_feed, size_to_bytes

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "data" / "nyaa"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not beside repo")


@needs_samples
def test_search_sample_keeps_every_field_verbatim() -> None:
    (item,) = parse_feed((SAMPLES / "search_subsplease_1080p.xml").read_bytes())
    assert item.title == (
        "[SubsPlease] The Prince of Tennis II - U-17 World Cup - 03 (1080p) [4D6884BC].mkv"
    )
    assert item.info_hash == "8b2308090dab1cd8a8bd8059933405946d423273"
    assert item.torrent_url == "https://nyaa.si/download/1554818.torrent"
    assert item.view_url == "https://nyaa.si/view/1554818"
    assert item.published_at == datetime(2022, 7, 20, 16, 1, 38, tzinfo=UTC)
    assert (item.seeders, item.leechers, item.downloads, item.comments) == (188, 28, 379, 0)
    assert (item.trusted, item.remake) == (True, False)
    assert (item.category_id, item.size_text) == ("1_2", "1.3 GiB")
    assert item.size_bytes == int(1.3 * 1024**3)


@needs_samples
@pytest.mark.parametrize(
    ("sample", "count"),
    [
        ("search_cjk_term_4items.xml", 4),
        ("home_feed_2items.xml", 2),
        ("home_feed_sonarr_fixture_reindented.xml", 3),
    ],
)
def test_other_samples(sample: str, count: int) -> None:
    items = parse_feed((SAMPLES / sample).read_bytes())
    assert len(items) == count
    assert all(len(i.info_hash) == 40 and i.info_hash == i.info_hash.lower() for i in items)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1.3 GiB", int(1.3 * 1024**3)),
        ("122.1 MiB", int(122.1 * 1024**2)),
        ("5.7 GiB", int(5.7 * 1024**3)),
        ("12 Bytes", 12),
        ("1.0 TiB", 1024**4),
        ("nonsense", 0),
    ],
)
def test_sizes(text: str, size: int) -> None:
    assert size_to_bytes(text) == size


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>",
        b"",
        b'{"error": "nope"}',
        b"<html><body>429 Too Many Requests</body></html>",
    ],
)
def test_what_is_not_rss_is_refused(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body)


def test_empty_result_is_an_empty_list() -> None:
    body = (
        b'<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:nyaa="https://nyaa.si/xmlns/nyaa"'
        b' version="2.0"><channel><title>Nyaa - &#34;zzz&#34; - Torrent File RSS</title>'
        b"</channel></rss>"
    )
    assert parse_feed(body) == []


def test_magnet_carries_hash_name_and_nyaa_trackers() -> None:
    magnet = magnet_uri("8b2308090dab1cd8a8bd8059933405946d423273", "A & B")
    assert magnet.startswith(
        "magnet:?xt=urn:btih:8b2308090dab1cd8a8bd8059933405946d423273&dn=A%20%26%20B"
    )
    assert "&tr=http%3A%2F%2Fnyaa.tracker.wf%3A7777%2Fannounce" in magnet

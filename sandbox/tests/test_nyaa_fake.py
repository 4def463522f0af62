"""The fake Nyaa answers like nyaa.si (../shared/EXTERNAL-APIS.md §1), over real HTTP."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import httpx
import libtorrent as lt
import pytest

from uuut_sandbox.anilist.server import serve
from uuut_sandbox.nyaa import FakeNyaa, build, seed
from uuut_sandbox.nyaa.rss import filesize

NS = {"nyaa": "https://nyaa.si/xmlns/nyaa"}


@pytest.fixture
async def site() -> AsyncIterator[tuple[FakeNyaa, httpx.AsyncClient]]:
    fake = FakeNyaa(seed(), burst=40, window_s=5)
    async with serve(fake.app) as url, httpx.AsyncClient(base_url=url) as http:
        yield fake, http


def items(body: str) -> list[ElementTree.Element]:
    return ElementTree.fromstring(body).findall("./channel/item")  # noqa: S314 (our own fake)


async def test_rss_looks_like_nyaa(site) -> None:
    _, http = site
    response = await http.get("/", params={"page": "rss", "q": "SubsPlease 1080p"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml"
    assert response.text.startswith("<rss ") and "<?xml" not in response.text
    assert "<title>Nyaa - &#34;SubsPlease 1080p&#34; - Torrent File RSS</title>" in response.text
    found = items(response.text)
    assert found
    for item in found:
        assert "SubsPlease" in item.findtext("title") and "1080p" in item.findtext("title")
        assert item.findtext("pubDate").endswith(" -0000")
        assert re.fullmatch(r"[0-9a-f]{40}", item.findtext("nyaa:infoHash", namespaces=NS))
        assert item.findtext("nyaa:trusted", namespaces=NS) in ("Yes", "No")
    ids = [int(i.findtext("guid").rsplit("/", 1)[1]) for i in found]
    assert ids == sorted(ids, reverse=True)
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in found]
    assert dates == sorted(dates, reverse=True)


async def test_home_feed_has_at_most_75_items_and_uppercase_hashes(site) -> None:
    _, http = site
    response = await http.get("/rss")
    assert "<title>Nyaa - Home - Torrent File RSS</title>" in response.text
    found = items(response.text)
    assert len(found) == 75
    description = found[0].findtext("description")
    assert description.endswith(found[0].findtext("nyaa:infoHash", namespaces=NS).upper())


async def test_search_is_an_and_of_words(site) -> None:
    _, http = site
    both = items((await http.get("/", params={"page": "rss", "q": "Iruma-kun 05"})).text)
    assert both and all("05" in i.findtext("title") for i in both)
    excluded = items((await http.get("/", params={"page": "rss", "q": "Iruma-kun -S2"})).text)
    assert excluded and all(" S2 " not in i.findtext("title") for i in excluded)
    nothing = await http.get("/", params={"page": "rss", "q": "zzqqxx"})
    assert nothing.status_code == 200 and items(nothing.text) == []


@pytest.mark.parametrize(
    "params", [{"f": "9"}, {"c": "anime"}, {"s": "name"}, {"o": "up"}], ids=str
)
async def test_bad_filter_category_or_sort_is_400(site, params) -> None:
    _, http = site
    response = await http.get("/", params={"page": "rss", **params})
    assert response.status_code == 400


async def test_filters_and_categories(site) -> None:
    _, http = site
    trusted = items((await http.get("/", params={"page": "rss", "f": "2"})).text)
    assert trusted and all(i.findtext("nyaa:trusted", namespaces=NS) == "Yes" for i in trusted)
    raws = items((await http.get("/", params={"page": "rss", "c": "1_4"})).text)
    assert raws and all(i.findtext("nyaa:categoryId", namespaces=NS) == "1_4" for i in raws)
    assert (await http.get("/", params={"page": "rss", "u": "nobody"})).status_code == 404


async def test_hammering_gets_429() -> None:
    fake = FakeNyaa(build(["[A] X - 01 (1080p)"]), burst=5, window_s=30)
    async with serve(fake.app) as url, httpx.AsyncClient(base_url=url) as http:
        statuses = [(await http.get("/", params={"page": "rss"})).status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 3


async def test_download_serves_a_real_torrent_with_the_feed_hash(site) -> None:
    _, http = site
    (item, *_) = items((await http.get("/", params={"page": "rss", "q": "One Piece 1143v2"})).text)
    response = await http.get(item.findtext("link").replace(str(http.base_url).rstrip("/"), ""))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-bittorrent"
    assert response.headers["content-disposition"].startswith('inline; filename="')
    info = lt.torrent_info(lt.bdecode(response.content))
    assert str(info.info_hashes().v1) == item.findtext("nyaa:infoHash", namespaces=NS)
    assert info.total_size() > 0 and info.num_pieces() >= 1
    assert (await http.get("/download/1.torrent")).status_code == 404


async def test_magnet_links_on_request(site) -> None:
    _, http = site
    response = await http.get("/", params={"page": "rss", "q": "Frieren", "m": ""})
    assert "Magnet URI RSS" in response.text
    assert items(response.text)[0].findtext("link").startswith("magnet:?xt=urn:btih:")


def test_seed_has_real_titles_and_decoys() -> None:
    releases = seed()
    titles = {r.title for r in releases}
    assert "[SubsPlease] One Piece - 1143v2 (1080p) [0537D5B5].mkv" in titles
    assert "[SubsPlease] One Piece - 1143 (1080p) [0537D5B5].mkv" in titles  # the v1 decoy
    assert "[SubsPlease] One Piece - 1143v2 (720p) [0537D5B5].mkv" in titles
    assert len({r.id for r in releases}) == len(releases)
    assert build(["[A] X - 01 (1080p)"])[0].title == "[A] X - 01 (1080p)"


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (12, "12 Bytes"),
        (1024, "1.0 KiB"),
        (int(1.3 * 1024**3), "1.3 GiB"),
        (591_300_000, "563.9 MiB"),
    ],
)
def test_sizes_are_formatted_like_jinja(size: int, text: str) -> None:
    assert filesize(size) == text

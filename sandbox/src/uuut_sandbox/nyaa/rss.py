"""Nyaa's RSS, rendered as nyaa.si's templates/rss.xml renders it (odd indentation included)."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import formatdate
from html import escape

from uuut_sandbox.nyaa.world import Release


def filesize(value: int) -> str:
    """Jinja's filesizeformat(binary=True): '1.3 GiB', '563.9 MiB', '12 Bytes'."""
    if value < 1024:
        return "1 Byte" if value == 1 else f"{value} Bytes"
    for power, unit in enumerate(("KiB", "MiB", "GiB", "TiB", "PiB"), start=2):
        if value < 1024**power:
            return f"{1024 * value / 1024**power:.1f} {unit}"
    return f"{value / 1024**6:.1f} EiB"


def _esc(text: str) -> str:
    # Jinja's autoescape: & < > " ' as &amp; &lt; &gt; &#34; &#39;
    return escape(text, quote=True).replace("&quot;", "&#34;").replace("&#x27;", "&#39;")


def _item(release: Release, base: str, magnets: bool, searched: bool, magnet: str) -> str:
    view = f"{base}/view/{release.id}"
    link = magnet if magnets else f"{base}/download/{release.id}.torrent"
    shown_hash = release.info_hash if searched else release.info_hash.upper()
    size = filesize(release.size)
    return (
        "\t\t<item>\n"
        f"\t\t\t<title>{_esc(release.title)}</title>\n"
        f"\t\t\t\t<link>{_esc(link)}</link>\n"
        f'\t\t\t\t<guid isPermaLink="true">{view}</guid>\n'
        f"\t\t\t\t<pubDate>{formatdate(release.published)}</pubDate>\n"
        "\n"
        f"\t\t\t\t<nyaa:seeders>{release.seeders}</nyaa:seeders>\n"
        f"\t\t\t\t<nyaa:leechers>{release.leechers}</nyaa:leechers>\n"
        f"\t\t\t\t<nyaa:downloads>{release.downloads}</nyaa:downloads>\n"
        f"\t\t\t\t<nyaa:infoHash>{release.info_hash}</nyaa:infoHash>\n"
        f"\t\t\t<nyaa:categoryId>{release.category_id}</nyaa:categoryId>\n"
        f"\t\t\t<nyaa:category>{_esc(release.category)}</nyaa:category>\n"
        f"\t\t\t<nyaa:size>{size}</nyaa:size>\n"
        f"\t\t\t<nyaa:comments>{release.comments}</nyaa:comments>\n"
        f"\t\t\t<nyaa:trusted>{'Yes' if release.trusted else 'No'}</nyaa:trusted>\n"
        f"\t\t\t<nyaa:remake>{'Yes' if release.remake else 'No'}</nyaa:remake>\n"
        f'\t\t\t<description><![CDATA[<a href="{view}">#{release.id} | {_esc(release.title)}</a>'
        f" | {size} | {release.category} | {shown_hash}]]></description>\n"
        "\t\t</item>\n"
    )


def render(
    releases: Sequence[Release],
    *,
    base: str,
    term: str | None,
    magnets: bool,
    magnet_of: dict[int, str],
) -> str:
    """The RSS body: no XML declaration, channel then items."""
    label = _esc(f'"{term}"') if term else "Home"
    kind = "Magnet URI RSS" if magnets else "Torrent File RSS"
    items = "".join(
        _item(r, base, magnets, term is not None, magnet_of.get(r.id, "")) for r in releases
    )
    return (
        '<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:nyaa="https://nyaa.si/xmlns/nyaa"'
        ' version="2.0">\n'
        "\t<channel>\n"
        f"\t\t<title>Nyaa - {label} - {kind}</title>\n"
        f"\t\t<description>RSS Feed for {label}</description>\n"
        f"\t\t<link>{base}/</link>\n"
        f'\t\t<atom:link href="{base}/?page=rss" rel="self" type="application/rss+xml" />\n'
        f"{items}"
        "\t</channel>\n"
        "</rss>"
    )

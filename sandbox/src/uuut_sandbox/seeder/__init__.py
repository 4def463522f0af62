"""A local BitTorrent swarm for tests and the demo: a tiny HTTP tracker and a libtorrent seeder.

`make_torrent` writes a v1-only .torrent for a generated file (qBittorrent 4.5 refuses
libtorrent 2's default hybrid torrents); `Tracker` answers announces on loopback; `Seeder`
seeds with the `libtorrent` wheel on loopback and announces to the tracker.
"""

from uuut_sandbox.seeder.bulk import phantom_torrents
from uuut_sandbox.seeder.content import TorrentFile, generate_file, make_torrent
from uuut_sandbox.seeder.seeder import Seeder
from uuut_sandbox.seeder.tracker import Tracker

__all__ = [
    "Seeder",
    "TorrentFile",
    "Tracker",
    "generate_file",
    "make_torrent",
    "phantom_torrents",
]

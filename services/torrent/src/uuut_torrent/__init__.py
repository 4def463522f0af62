"""The torrent service: qBittorrent control with per-user ownership."""

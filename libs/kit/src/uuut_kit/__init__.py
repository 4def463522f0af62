"""The platform kit: what every UUUTorrent service shares, and no domain code."""

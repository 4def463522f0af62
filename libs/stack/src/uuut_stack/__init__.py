"""`uuutorrent`, the server-side command: runs the whole stack locally in the foreground."""

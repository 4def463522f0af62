"""`python -m uuut_auth`: run the auth service until SIGTERM."""

from __future__ import annotations

from uuut_kit import lean


def main() -> None:
    # Before the service's modules: what they import decides the process's memory.
    # `cryptography` is left out too (about 8 MB): tokens are signed and TOTP seeds sealed with
    # PyNaCl, and re-sealing seeds sealed with AES-256-GCM before is a child process's job
    # (uuut_auth.totp_upgrade). Our own import of it would fail at start, not go unnoticed.
    lean.skip_unused_imports()
    from uuut_auth.config import SERVICE, AuthSettings
    from uuut_auth.server import build
    from uuut_kit.server import run_service

    settings = AuthSettings()
    run_service(SERVICE, settings, lambda: build(settings))


if __name__ == "__main__":
    main()

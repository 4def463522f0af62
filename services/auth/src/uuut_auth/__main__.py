"""`python -m uuut_auth`: run the auth service until SIGTERM."""

from __future__ import annotations

from uuut_kit import lean


def main() -> None:
    # Before the service's modules: what they import decides the process's memory.
    lean.skip_unused_imports(keep={"cryptography"})  # signs tokens and seals TOTP seeds
    from uuut_auth.config import SERVICE, AuthSettings
    from uuut_auth.server import build
    from uuut_kit.server import run_service

    settings = AuthSettings()
    run_service(SERVICE, settings, lambda: build(settings))


if __name__ == "__main__":
    main()

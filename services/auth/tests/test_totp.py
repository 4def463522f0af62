"""RFC 6238 codes with one step of drift, and sealing secrets at rest."""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.exceptions import InvalidTag

from uuut_auth import totp
from uuut_auth.secretbox import SecretBox

# RFC 6238 appendix B, SHA-1 seed "12345678901234567890", last 6 of the 8 digits.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_VECTORS = [(59, "287082"), (1111111109, "081804"), (1234567890, "005924")]


@pytest.mark.parametrize(("at", "code"), RFC_VECTORS)
def test_rfc_6238_vectors(at: int, code: str) -> None:
    assert totp.code_at(RFC_SECRET, at) == code
    assert totp.matching_step(RFC_SECRET, code, at) == at // 30


def test_one_step_of_drift_either_way_and_no_more() -> None:
    secret = totp.new_secret()
    now = 1_800_000_000.0
    for offset in (-30, 0, 30):
        assert totp.matching_step(secret, totp.code_at(secret, now + offset), now) is not None
    for offset in (-90, 90):
        code = totp.code_at(secret, now + offset)
        nearby = {totp.code_at(secret, now + d) for d in (-30, 0, 30)}
        if code not in nearby:  # a 1-in-a-million collision would make this test meaningless
            assert totp.matching_step(secret, code, now) is None


@pytest.mark.parametrize("garbage", ["", "12345", "1234567", "abcdef", "12 345"])
def test_malformed_codes_never_match(garbage: str) -> None:
    assert totp.matching_step(totp.new_secret(), garbage, 1_800_000_000) is None


def test_provisioning_url_names_the_issuer_and_user() -> None:
    secret = totp.new_secret()
    url = urlsplit(totp.provisioning_url(secret, "ann"))
    assert (url.scheme, url.netloc) == ("otpauth", "totp")
    assert url.path == "/UUUTorrent:ann"
    query = parse_qs(url.query)
    assert query["secret"] == [secret] and query["issuer"] == ["UUUTorrent"]


def test_sealed_secrets_open_only_with_their_context(tmp_path: Path) -> None:
    box = SecretBox.from_key_file(tmp_path / "auth" / "totp.key")
    assert stat.S_IMODE((tmp_path / "auth" / "totp.key").stat().st_mode) == 0o600
    sealed = box.seal("JBSWY3DPEHPK3PXP", "totp:1")
    assert b"JBSWY3DPEHPK3PXP" not in sealed
    assert box.open(sealed, "totp:1") == "JBSWY3DPEHPK3PXP"
    with pytest.raises(InvalidTag):
        box.open(sealed, "totp:2")
    again = SecretBox.from_key_file(tmp_path / "auth" / "totp.key")
    assert again.open(sealed, "totp:1") == "JBSWY3DPEHPK3PXP"

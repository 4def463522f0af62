"""RFC 6238 codes with one step of drift, and sealing secrets at rest."""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from uuut_auth import totp
from uuut_auth.secretbox import SealedSecretUnreadable, SecretBox

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
    with pytest.raises(SealedSecretUnreadable):
        box.open(sealed, "totp:2")
    again = SecretBox.from_key_file(tmp_path / "auth" / "totp.key")
    assert again.open(sealed, "totp:1") == "JBSWY3DPEHPK3PXP"
    assert list((tmp_path / "auth").iterdir()) == [tmp_path / "auth" / "totp.key"]  # no temp


def test_seeds_are_sealed_with_xchacha20_poly1305(tmp_path: Path) -> None:
    """24-byte nonce + ciphertext + 16-byte tag: the cipher libsodium runs without AES-NI."""
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt

    key_path = tmp_path / "totp.key"
    sealed = SecretBox.from_key_file(key_path).seal("JBSWY3DPEHPK3PXP", "totp:1")
    assert len(sealed) == 24 + len("JBSWY3DPEHPK3PXP") + 16
    plain = crypto_aead_xchacha20poly1305_ietf_decrypt(
        sealed[24:], b"totp:1", sealed[:24], key_path.read_bytes()
    )
    assert plain == b"JBSWY3DPEHPK3PXP"


def test_what_the_box_did_not_seal_does_not_open(tmp_path: Path) -> None:
    key_path = tmp_path / "totp.key"
    box = SecretBox.from_key_file(key_path)
    other = SecretBox.from_key_file(tmp_path / "other.key")
    nonce = b"\0" * 12
    aes_gcm = nonce + AESGCM(key_path.read_bytes()).encrypt(nonce, b"JBSWY3DPEHPK3PXP", b"totp:1")
    tampered = bytearray(box.seal("JBSWY3DPEHPK3PXP", "totp:1"))
    tampered[30] ^= 1
    for sealed in (other.seal("JBSWY3DPEHPK3PXP", "totp:1"), aes_gcm, bytes(tampered), b"short"):
        with pytest.raises(SealedSecretUnreadable):
            box.open(sealed, "totp:1")


def test_a_key_file_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    (tmp_path / "totp.key").write_bytes(b"")
    with pytest.raises(ValueError, match=r"totp\.key does not hold a 32-byte key"):
        SecretBox.from_key_file(tmp_path / "totp.key")

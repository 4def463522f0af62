"""Wires the auth domain together from settings: one place for the server and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from uuut_auth.accounts import Accounts
from uuut_auth.config import AuthSettings
from uuut_auth.domain import Clock, utc_now
from uuut_auth.keys import KeyStore
from uuut_auth.maintenance import Maintenance
from uuut_auth.passwords import PasswordHasher
from uuut_auth.preferences import Preferences
from uuut_auth.repository import Store
from uuut_auth.second_factor import SecondFactor
from uuut_auth.secretbox import SecretBox
from uuut_auth.service import AuthService
from uuut_auth.sessions import Sessions
from uuut_auth.throttle import LoginThrottle
from uuut_auth.tokens import MAX_TOKEN_TTL_S, TokenIssuer
from uuut_kit.db import Database

CLOCK_SKEW = timedelta(seconds=60)


def key_store(settings: AuthSettings) -> KeyStore:
    return KeyStore(
        settings.signing_keys_dir,
        settings.jwks_path,
        max_age=timedelta(days=settings.signing_key_max_age_days),
        # A replaced key must verify every token it signed until the last one expires.
        publish_for=timedelta(seconds=MAX_TOKEN_TTL_S) + CLOCK_SKEW,
    )


@dataclass
class Components:
    hasher: PasswordHasher
    keys: KeyStore
    issuer: TokenIssuer
    accounts: Accounts
    sessions: Sessions
    service: AuthService
    maintenance: Maintenance

    async def close(self) -> None:
        await self.maintenance.stop()
        self.hasher.close()


def assemble(settings: AuthSettings, database: Database, clock: Clock = utc_now) -> Components:
    store = Store(database)
    hasher = PasswordHasher(settings.bcrypt_cost, settings.password_hash_workers)
    keys = key_store(settings)
    issuer = TokenIssuer(keys, settings.access_token_ttl_s)
    throttle = LoginThrottle(settings.login_failure_limit, settings.login_failure_window_s)
    second_factor = SecondFactor(store, SecretBox.from_key_file(settings.totp_key_path), clock)
    accounts = Accounts(store, hasher, clock)
    sessions = Sessions(
        store, hasher, issuer, throttle, second_factor, settings.refresh_token_ttl_s, clock
    )
    service = AuthService(
        signup_open=settings.signup == "open",
        accounts=accounts,
        sessions=sessions,
        second_factor=second_factor,
        throttle=throttle,
        preferences=Preferences(store, clock),
    )
    maintenance = Maintenance(
        keys,
        store,
        interval_s=settings.maintenance_interval_s,
        gauge_interval_s=settings.sessions_gauge_interval_s,
        clock=clock,
    )
    return Components(hasher, keys, issuer, accounts, sessions, service, maintenance)

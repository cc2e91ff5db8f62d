"""What the web benchmarks share: a throwaway site, its accounts and sessions, gunicorn, a
small HTTP client with cookies, and the figures they print.

A benchmark builds its site in a temporary folder (a SQLite file there, or the empty
PostgreSQL database it is given), serves it with gunicorn on a free port of 127.0.0.1 in
demo mode, and talks to it over loopback only.
"""

import http.client
import os
import random
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def site_env(workdir: Path, database_url: str = "") -> dict:
    """The environment of the site: demo mode, its own files, its own database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "palabre.config.settings",
        "PALABRE_DEMO": "1",
        "PALABRE_VAR_DIR": str(workdir),
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "EMAIL_URL": "console://",
        "LOG_LEVEL": "ERROR",
        # The code next to this file, whatever checkout the virtual environment points at.
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DEBUG", None)
    return env


def setup_django(env: dict) -> None:
    """Configure Django in this process against the site's database."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def organization_with_admin(name: str):
    """An organization answering at 127.0.0.1, in English, and its administrator."""
    from palabre.core.models import Organization, OrganizationAdmin, User

    organization = Organization.objects.create(
        host=HOST, name=name, default_locale="en", available_locales=["en", "fr"]
    )
    admin = User.objects.create_user(email="admin@bench.test", nickname="admin", password=None)
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    return organization, admin


def users_create(organization, count: int, *, prefix: str, password: str) -> list:
    """`count` accounts with a verified address, created in bulk with one password hash
    (hashing each password would take hours with the production hasher)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from palabre.core.models import User

    hashed = make_password(password)
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{i}@bench.test",
                nickname=f"{prefix}{i}",
                password=hashed,
                organization=organization,
                locale="fr",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    return users


def sessions_open(users) -> list[str]:
    """One signed-in session per person, as if each had signed in before; returns the keys."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = SessionStore()
    expires = timezone.now() + timezone.timedelta(days=1)
    rows = [
        Session(
            session_key=get_random_string(32, TOKEN_CHARS),
            session_data=store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for user in users
    ]
    Session.objects.bulk_create(rows, batch_size=2000)
    return [row.session_key for row in rows]


def csrf_token() -> str:
    """A CSRF cookie value as a browser would hold it after an earlier visit."""
    return "".join(random.choices(TOKEN_CHARS, k=32))


# The server ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_start(env: dict, *, workers: int, threads: int, log, probe: str = "/healthz"):
    """gunicorn on a free port of 127.0.0.1; returns (process, port) once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "palabre.config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=10)
            connection.request("GET", probe, headers={"Host": HOST})
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    sys.exit(f"gunicorn did not answer within 60 s (last status {status}); see {log.name}.")


def worker_pids(master_pid: int) -> list[int]:
    """The processes gunicorn forked (its workers)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            children.append(int(entry.name))
    return sorted(children)


def processor_time_of(name: str) -> float:
    """Processor time used so far by the processes of this machine whose command is `name`
    (a local database server), those that ended included: a server's main process is charged
    with the time of the children it reaped (connections closed during the run)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != name:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        total += sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def cpu_seconds(pid: int) -> float:
    """Processor time a process has used so far (user + system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_kib(pid: int) -> int:
    """The peak resident memory of a process (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


# The clients ---------------------------------------------------------------------------
class Browser:
    """One visitor: a kept-alive connection and their cookies, in their language, from
    their own loopback address if given (the site limits some actions per address)."""

    def __init__(
        self,
        port: int,
        cookies: dict[str, str] | None = None,
        *,
        language: str = "fr",
        source_address: str = "",
    ):
        self.connection = http.client.HTTPConnection(
            HOST, port, timeout=120, source_address=(source_address, 0) if source_address else None
        )
        self.cookies: dict[str, str] = dict(cookies or {})
        self.language = language

    def request(self, method: str, path: str, form: dict | None = None):
        """Returns (status, Location header, body)."""
        headers = {"Host": HOST, "Accept-Language": self.language}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, response.getheader("Location") or "", content

    def close(self) -> None:
        self.connection.close()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

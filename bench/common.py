"""What the benchmarks share: a throwaway copy of the site and a client that acts like a browser.

Not a benchmark itself; the scripts beside it import it. ``arguments``, ``heading`` and
``exit_status`` are the start and the end every script shares. ``django_with_content`` sets Django
up in this process, for the benchmarks that call the project's code directly. ``Site`` makes a
temporary folder with its own database (an SQLite file, or a throwaway PostgreSQL server),
migrates it, loads the content, collects the static files and starts gunicorn with
``gunicorn.conf.py`` and the production settings on 127.0.0.1; used as ``with Site(...) as
site:``, it prints the servers' logs when the script fails. Everything it started is stopped and
deleted when the script ends, also on an exception, Ctrl-C or SIGTERM; gunicorn also gets SIGTERM
if the script itself is killed.

``Browser`` speaks HTTP/1.1 to one server like a browser behind the site's TLS proxy: it sends
``X-Forwarded-Proto: https`` and the public origin (``https://127.0.0.1``) in Host, Origin and
Referer, so Django treats every request as secure, and keeps cookies itself, because the session
and CSRF cookies are Secure and a cookie jar would drop them over plain HTTP.
"""

import argparse
import atexit
import contextlib
import ctypes
import glob
import gzip
import http.client
import importlib.metadata
import math
import os
import random
import re
import runpy
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PUBLIC_HOST = "127.0.0.1"  # the name the proxy would pass on in Host; in DJANGO_ALLOWED_HOSTS
ORIGIN = f"https://{PUBLIC_HOST}"
QUIZZES = ("the-proposals", "the-guarantors", "the-timeline", "what-neutrality-means")


# ---------------------------------------------------------------------------------------------
# Start and end of a script; the machine, numbers and tables


def arguments(doc, *, databases=(), seed=False) -> argparse.ArgumentParser:
    """A parser described by the first paragraph of the script's docstring; ``databases``, the
    choices of --database (the first is the default); ``seed``, a --seed for its random numbers."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    if databases:
        parser.add_argument("--database", choices=databases, default=databases[0])
    if seed:
        parser.add_argument("--seed", type=int, default=1)
    return parser


def repeated_calls(doc, *, calls, rounds) -> argparse.Namespace:
    """--calls and --rounds, parsed and checked, for a script that times small parts in-process;
    ``calls`` and ``rounds`` are each (default, lowest, highest)."""
    parser = arguments(doc)
    parser.add_argument("--calls", type=int, default=calls[0])
    parser.add_argument("--rounds", type=int, default=rounds[0])
    args = parser.parse_args()
    if not calls[1] <= args.calls <= calls[2] or not rounds[1] <= args.rounds <= rounds[2]:
        parser.error(f"--calls takes {calls[1]} to {calls[2]}, --rounds {rounds[1]} to {rounds[2]}")
    return args


def in_turn(parts: dict, *, calls: int, rounds: int) -> dict[str, list[float]]:
    """CPU seconds per call of each of ``parts`` (name: function), one value per round; in each
    round the parts take turns, ``calls`` calls each, so the machine's moves touch them alike."""
    spent = {name: [] for name in parts}
    for _ in range(rounds):
        for name, part in parts.items():
            start = time.process_time()
            for _ in range(calls):
                part()
            spent[name].append((time.process_time() - start) / calls)
    return spent


def heading(name, *details):
    """The first lines of a report: the benchmark and the machine, then what was set up."""
    print(f"{name}: {machine()}")
    if details:
        print("  " + "; ".join(details))


def exit_status(name, problems, *, most=20) -> int:
    """Print the problems found (the first ``most``) to stderr; 1 if there were any, else 0."""
    for problem in problems[:most]:
        print(f"FAILED: {problem}", file=sys.stderr)
    if problems:
        print(f"{name}: {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def machine() -> str:
    """One line for the report: cores, memory, Python, SQLite, load, date."""
    kib = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
    versions = []
    for package in ("Django", "gunicorn"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{package} {importlib.metadata.version(package)}")
    return (
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {os.cpu_count()} cores, "
        f"{kib / 1024 / 1024:.1f} GiB; Python {sys.version.split()[0]} ({interpreter()}); "
        f"SQLite {sqlite3.sqlite_version}; {', '.join(versions)}; load average {load()}"
    )


def interpreter() -> str:
    """Which build of Python runs the benchmark, and the server it starts from the same virtualenv:
    two builds differ in CPU per request (docs/performance.md). Debian's ``python3`` has libpython
    inside the binary; pyenv's default build calls into a shared one."""
    with open("/proc/self/maps") as maps:
        shared = any("libpython" in line for line in maps)
    return f"{os.path.realpath(sys._base_executable)}, {'shared' if shared else 'static'} libpython"


def load() -> str:
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def percentile(values, fraction):
    """Nearest-rank percentile of a list of numbers (``None`` when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ms(seconds) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def table(headers, rows) -> str:
    """A Markdown table, so the output can go into docs/performance.md as it is."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# Django in this process


@contextlib.contextmanager
def django_with_content(name):
    """Django set up in this process with the development settings, on a throwaway SQLite
    database (or the one DATABASE_URL names), migrated and with the content loaded."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as workdir:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ["DJANGO_DEBUG"] = "true"  # development settings: no secrets needed here
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        call_command("load_content", verbosity=0)
        try:
            yield
        finally:
            connections.close_all()


# ---------------------------------------------------------------------------------------------
# The site: database, static files, gunicorn


def die_with_parent():
    """In a child process: get SIGTERM when the benchmark that started it dies, however it dies."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)


def find_pg_ctl() -> str | None:
    """The newest PostgreSQL's pg_ctl, as .ci/run picks it (or the one on PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p)],
    )
    return found[-1] if found else shutil.which("pg_ctl")


class Postgres:
    """A throwaway PostgreSQL server, made the way .ci/run makes one, on a free port."""

    def __init__(self, *, fsync=True):
        pg_ctl = find_pg_ctl()
        if not pg_ctl:
            raise SystemExit("PostgreSQL is not installed here (no pg_ctl found).")
        self.bin = Path(pg_ctl).parent
        self.fsync = fsync
        self.dir = Path(tempfile.mkdtemp(prefix="bench-postgres-"))
        self.port = free_port()
        self.started = False
        # Like .ci/run: as the postgres user when run as root, else as whoever runs this.
        self.user = {"user": "postgres"} if os.geteuid() == 0 else {}
        if self.user:
            shutil.chown(self.dir, user="postgres")

    def _run(self, *args):
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=True,
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
            **self.user,
        )

    @property
    def version(self) -> str:
        out = subprocess.run(
            [str(self.bin / "postgres"), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
        match = re.search(r"\(PostgreSQL\) (\S+)", out)
        return match.group(1) if match else "?"

    def start(self) -> str:
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        if not self.fsync:
            options += " -c fsync=off"
        self.started = True
        self._run(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        self._run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "neutrality"
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/neutrality"

    def stop(self):
        if self.started:
            self.started = False
            try:
                self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
            except (subprocess.SubprocessError, OSError) as error:
                print(f"  (stopping PostgreSQL: {error})", file=sys.stderr)
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """One gunicorn started with gunicorn.conf.py on a free port of 127.0.0.1."""

    def __init__(self, site, app, port=None):
        self.port = port or free_port()
        self.log_path = site.workdir / f"gunicorn-{self.port}.log"
        env = {**site.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [str(site.gunicorn), "--config", "gunicorn.conf.py", app],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent,
            )

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                reply = Browser(self.port, timeout=2).get("/healthz")
                if reply.status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn on port {self.port} did not start:\n{self.log_tail()}")

    def log_tail(self, lines=30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def cpu_seconds(self) -> float:
        """CPU time used by this server so far: master, live workers, and workers that ended."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    data = f.read()
            except OSError:
                continue
            pid = int(data.split(" ", 1)[0])
            fields = data[data.rfind(")") + 2 :].split()
            if pid == self.proc.pid:  # its own time, and the time of the workers it reaped
                total += sum(int(f) for f in fields[11:15])
            elif int(fields[1]) == self.proc.pid:
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()  # gunicorn's graceful stop: workers finish their requests
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


# The benchmark sets these itself; GUNICORN_WORKERS, GUNICORN_THREADS and GUNICORN_TIMEOUT pass
# through, so other sizes can be tried (the docs state which were measured).
DROPPED_VARIABLES = (
    "DJANGO_",
    "DATABASE_URL",
    "GUNICORN_BIND",
    "GUNICORN_ACCESS_LOG",
    "GUNICORN_LOG_LEVEL",
)


def gunicorn_shape() -> str:
    """The workers and threads gunicorn.conf.py gives the servers, with this environment."""
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    extra = os.environ.get("GUNICORN_CMD_ARGS")
    return f"gunicorn.conf.py, {config['workers']} workers x {config['threads']} threads" + (
        f", GUNICORN_CMD_ARGS={extra}" if extra else ""
    )


class Site:
    """A throwaway copy of the site with production settings; see the module docstring."""

    def __init__(self, name, *, database="sqlite", fsync=True):
        self.workdir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self.servers = []
        self.postgres = None
        self.closed = False
        atexit.register(self.close)
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, exit_on_signal)
        self.gunicorn = BIN / "gunicorn"
        if not self.gunicorn.exists():
            self.gunicorn = Path(shutil.which("gunicorn") or "gunicorn")
        if database == "postgres":
            self.postgres = Postgres(fsync=fsync)
            url = self.postgres.start()
        else:
            url = f"sqlite:///{self.workdir}/db.sqlite3"
        self.database = database
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(DROPPED_VARIABLES)},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": PUBLIC_HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(self.workdir / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "GUNICORN_LOG_LEVEL": "warning",
            "DATABASE_URL": url,
        }

    def describe(self) -> str:
        if self.postgres is None:
            return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"
        fsync = "on" if self.postgres.fsync else "off"
        return f"PostgreSQL {self.postgres.version} (fsync {fsync})"

    def setup(self):
        """Configure Django in this process with the site's settings; migrate, load, collect."""
        os.environ.update(self.env)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_content", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        connections.close_all()

    def __enter__(self):
        self.setup()
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, Exception):
            for server in self.servers:
                log = server.log_tail()
                print(f"--- gunicorn log, port {server.port}:\n{log}", file=sys.stderr)
        self.close()

    def serve(self, app="config.wsgi", port=None) -> "Server":
        server = Server(self, app, port)
        # Known before it is ready, so that a benchmark stopped while gunicorn starts stops it too.
        self.servers.append(server)
        server.wait_until_ready()
        return server

    def close(self):
        if self.closed:
            return
        self.closed = True
        # On the way out already: a SIGTERM or a Ctrl-C now (the parent's death, a second stop, an
        # impatient second Ctrl-C) must not cut the clean-up short and leave the folder behind.
        # Each wait below is bounded.
        handlers = {}
        with contextlib.suppress(ValueError):  # only the main thread may set handlers
            for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
                handlers[signum] = signal.signal(signum, signal.SIG_IGN)
        try:
            self._remove()
        finally:
            for signum, handler in handlers.items():
                signal.signal(signum, handler)

    def _remove(self):
        for server in self.servers:
            server.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may never have been set up in this process
            pass
        if self.postgres is not None:
            self.postgres.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The client


class Reply:
    def __init__(self, status, reason, headers, body, elapsed):
        self.status = status
        self.headers = headers  # list of (name, value), as received
        self.body = body  # bytes as received on the wire (still compressed, if it was)
        self.elapsed = elapsed
        self.header_bytes = (
            len(f"HTTP/1.1 {status} {reason}\r\n")
            + sum(len(k) + len(v) + 4 for k, v in headers)
            + 2
        )

    def header(self, name, default=""):
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), default)

    @property
    def wire_bytes(self):
        """Status line, headers and body as sent (no TCP or TLS framing)."""
        return self.header_bytes + len(self.body)

    @property
    def text(self):
        body = self.body
        if self.header("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return urlsplit(self.header("Location")).path


class Browser:
    """One student's browser talking to one server (``cookies`` may be shared between several)."""

    def __init__(self, port, *, cookies=None, timeout=30.0, encoding="gzip"):
        self.port = port
        self.cookies = {} if cookies is None else cookies
        self.timeout = timeout
        self.encoding = encoding
        self.conn = None
        self.idle_since = 0.0
        self.retries = 0

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _headers(self, extra):
        headers = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-Proto": "https",  # what the TLS proxy sets
            "User-Agent": "neutrality-bench",
            "Accept": "text/html,*/*;q=0.8",
        }
        if self.encoding:
            headers["Accept-Encoding"] = self.encoding
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def _keep_cookies(self, headers):
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            pair, _, attributes = value.partition(";")
            key, _, val = pair.strip().partition("=")
            if "max-age=0" in attributes.lower().replace(" ", ""):
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = val

    def request(self, method, path, *, body=None, headers=None, fresh=False) -> Reply:
        """Send one request; a kept-alive connection the server closed meanwhile is retried once,
        as browsers do, and counted in ``retries``."""
        if fresh or (self.conn is not None and time.monotonic() - self.idle_since > 2.0):
            self.close()  # gunicorn closes idle connections after 5 s (keepalive)
        headers = self._headers(headers)
        start = time.perf_counter()
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if not reused or attempt == 2:
                    raise
                self.retries += 1
            except BaseException:
                self.close()
                raise
        elapsed = time.perf_counter() - start
        reply = Reply(response.status, response.reason, response.getheaders(), data, elapsed)
        if response.will_close:
            self.close()
        self.idle_since = time.monotonic()
        self._keep_cookies(reply.headers)
        return reply

    def get(self, path, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, *, referer, htmx=False, **kwargs) -> Reply:
        """POST a form from the page at ``referer``; with ``htmx`` as htmx sends it."""
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": ORIGIN,
            "Referer": ORIGIN + referer,
        }
        if htmx:
            token = dict(fields).get("csrfmiddlewaretoken", "")
            headers |= {
                "HX-Request": "true",
                "HX-Current-URL": ORIGIN + referer,
                "HX-Target": "answer-area",
                "X-CSRFToken": token,
            }
        headers |= kwargs.pop("headers", None) or {}
        return self.request("POST", path, body=urlencode(fields), headers=headers, **kwargs)


class Page(HTMLParser):
    """What a benchmark needs from a page: its CSRF token, answer fields, links and assets."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.csrf = ""
        self.choices = []  # (input type, value) of the inputs named "choice"
        self.positions = {}  # select name ("position-N") -> option values
        self.forms = []  # form actions
        self.buttons = []  # hrefs of links styled as buttons ("Next question", "See your results")
        self.links = []  # every <a href>
        self.assets = []  # stylesheets and scripts
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken" and not self.csrf:
            self.csrf = a.get("value", "")
        elif tag == "input" and a.get("name") == "choice":
            self.choices.append((a.get("type"), a.get("value")))
        elif tag == "select" and (a.get("name") or "").startswith("position-"):
            self._select = a["name"]
            self.positions[self._select] = []
        elif tag == "option" and self._select and a.get("value"):
            self.positions[self._select].append(a["value"])
        elif tag == "form":
            self.forms.append(a.get("action", ""))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if "button" in (a.get("class") or "").split():
                self.buttons.append(a["href"])
        elif tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    @property
    def has_question(self):
        return bool(self.choices or self.positions)

    def answer(self, rng: random.Random) -> list[tuple[str, str]]:
        """A valid answer, right or wrong, as a student's browser would send it."""
        fields = [("csrfmiddlewaretoken", self.csrf)]
        if self.positions:
            names = sorted(self.positions, key=lambda name: int(name.split("-")[1]))
            order = rng.sample(self.positions[names[0]], len(names))
            return fields + list(zip(names, order, strict=True))
        values = [value for _, value in self.choices]
        if any(kind == "checkbox" for kind, _ in self.choices):
            picked = sorted(rng.sample(values, rng.randint(1, len(values))), key=int)
            return fields + [("choice", v) for v in picked]
        return fields + [("choice", rng.choice(values))]


ATTEMPT_URL = re.compile(r"^/attempts/(\d+)/(\d+)/$")


def start_quiz(browser: Browser, slug: str, *, record=None) -> tuple[int, str]:
    """Open a quiz and press Start; returns the attempt id and the first question's path."""
    detail = f"/quizzes/{slug}/"
    reply = browser.get(detail)
    if record:
        record("quiz page", reply)
    expect(reply, 200, detail)
    page = Page(reply.text)
    reply = browser.post(f"{detail}start/", [("csrfmiddlewaretoken", page.csrf)], referer=detail)
    if record:
        record("start", reply)
    expect(reply, 302, "start")
    match = ATTEMPT_URL.match(reply.location)
    if not match:
        raise BenchError(f"start redirected to {reply.location!r}")
    return int(match.group(1)), reply.location


def first_question(browser: Browser, slug: str) -> tuple[int, str, Reply]:
    """Start a quiz and load its first question: the attempt id, the question's path and page."""
    attempt_id, path = start_quiz(browser, slug)
    reply = browser.get(path)
    expect(reply, 200, path)
    if not Page(reply.text).has_question:
        raise BenchError(f"{path} shows no question")
    return attempt_id, path, reply


class BenchError(Exception):
    pass


def expect(reply: Reply, status: int, what: str):
    if reply.status != status:
        raise BenchError(f"{what}: HTTP {reply.status}, expected {status}")


class Stopwatch:
    """A time limit for a loop (each loop also has its own limit on the number of rounds)."""

    def __init__(self, seconds):
        self.deadline = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def sleep(self, seconds):
        time.sleep(max(0.0, min(seconds, self.remaining())))

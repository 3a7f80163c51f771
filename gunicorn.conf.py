"""gunicorn settings for production (`make serve`, or the systemd unit in docs/deploy.md).

Sized for a small machine with 2 cores: two worker processes, one per core, with two threads each
(about 50 MB of memory per process). Each process runs Python on one core at a time; a third
process made every request cost more CPU (the processes take turns on the cores), and a class of
300 answering at once waited longer (docs/performance.md). On a machine with more cores, set
GUNICORN_WORKERS to their number. The second thread serves a request while the first waits on the
database or sends a long page. More threads only take turns on the process's one core: with four,
a class of 300 answering at once waited about a quarter longer on SQLite, and each answer cost
more CPU, with nothing gained on PostgreSQL (docs/performance.md, "Two threads per worker"). Every
value can be changed with the environment variable beside it.
"""

import gc
import os

wsgi_app = "config.wsgi:application"

# The reverse proxy (nginx) talks to this address; keep it on the loopback interface. nginx reads
# each request whole before passing it on; without it, a few clients sending slowly would hold
# every thread (workers x threads) while the rest wait.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

# Load the app once in the master: a missing secret key or host list stops the server at start.
preload_app = True


def pre_fork(server, worker):
    """Leave what the master loaded out of the workers' garbage collection.

    Django, the apps and the settings (about 70,000 objects) live as long as the worker. Python's
    full collections walked every one of them: about ten passes of 0.1 s each in a worker's minute
    of load, each pausing that worker's requests. Frozen before the fork, they are never walked
    (docs/performance.md), and the pages of memory the workers share with the master stay shared.
    """
    gc.freeze()


timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Workers are not recycled by default: a worker that restarts under load drops the connections it
# has accepted but not yet served, and a student pressing "Check answer" at that moment gets an
# error from the proxy. GUNICORN_MAX_REQUESTS turns recycling on (with 10% jitter) if ever needed.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# Errors (gunicorn's and the app's, each app line with its request id) go to stderr: the journal
# under systemd. The access log is off unless GUNICORN_ACCESS_LOG names a file or "-" (stdout);
# nginx keeps one anyway. When on, it records the path without its query string, and no
# client address, referrer or user agent.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'

"""Lighthouse, mobile: the four category scores of the home page, a section, a question and the
results page.

Run: .venv/bin/python bench/lighthouse.py

Needs Node.js 18.16 or newer (npx fetches Lighthouse 12.8.2 on first use, then runs it from
npm's cache) and Chromium (/usr/bin/chromium, or CHROME_PATH). Not a timed test: Lighthouse's
mobile preset simulates a mid-range phone on a slow 4G connection, so the performance score
barely depends on this machine.

The site is a throwaway copy served by gunicorn with gunicorn.conf.py and the production settings
on 127.0.0.1, with its own database; everything is removed at the end. A student's session is
made first (one quiz answered to the end, another started), and Lighthouse sends that session's
cookie, so the question and results pages are the ones that student sees. Lighthouse also sends
X-Forwarded-Proto: https, as the TLS proxy would. Exits 1 if a score is below the target:
100 in accessibility, best practices and SEO, 98 in performance.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import (
    Browser,
    Page,
    Site,
    arguments,
    exit_status,
    expect,
    first_question,
    heading,
    start_quiz,
    table,
)

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


def student_pages(browser: Browser) -> list[tuple[str, str]]:
    """(name, path) of the pages to audit, with the browser's session set up for them."""
    rng = random.Random(1)
    home = browser.get("/")
    expect(home, 200, "/")
    section = next(a for a in Page(home.text).links if a.startswith("/explainer/"))
    # A finished quiz for the results page.
    _, path = start_quiz(browser, "what-neutrality-means")
    while not path.endswith("/results/"):
        shown = browser.get(path)
        answered = browser.post(path, Page(shown.text).answer(rng), referer=path, htmx=True)
        expect(answered, 200, f"answer {path}")
        path = Page(answered.text).buttons[0]
    results = path
    _, question, _ = first_question(browser, "the-proposals")
    return [("home", "/"), ("section", section), ("question", question), ("results", results)]


def lighthouse(url: str, headers: dict, workdir: Path) -> dict:
    report = workdir / "report.json"
    command = [
        shutil.which("npx") or "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless --no-sandbox",
        "--extra-headers=" + json.dumps(headers),
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return json.loads(report.read_text())


def main():
    arguments(__doc__).parse_args()
    if not shutil.which("npx"):
        raise SystemExit("Lighthouse needs Node.js (npx) on the PATH.")
    problems = []
    with Site("lighthouse") as site, tempfile.TemporaryDirectory() as tmp:
        server = site.serve()
        browser = Browser(server.port)
        pages = student_pages(browser)
        heading("lighthouse (mobile)", f"{LIGHTHOUSE}, Chromium at /usr/bin/chromium")
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        }
        rows = []
        for name, path in pages:
            result = lighthouse(f"http://127.0.0.1:{server.port}{path}", headers, Path(tmp))
            scores = {c: round(100 * result["categories"][c]["score"]) for c in CATEGORIES}
            rows.append([name, path, *scores.values()])
            for category, score in scores.items():
                if score < TARGETS[category]:
                    problems.append(f"{name}: {category} {score} < {TARGETS[category]}")
            for category in CATEGORIES:
                for ref in result["categories"][category]["auditRefs"]:
                    audit = result["audits"][ref["id"]]
                    if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                        print(f"  {name}, {category}: {audit['title']} ({audit['score']})")
        print(table(["page", "path", *CATEGORIES], rows))
    return exit_status("lighthouse", problems)


if __name__ == "__main__":
    sys.exit(main())

"""Page weight: bytes transferred and requests for the first load of each kind of page.

Run: .venv/bin/python bench/page_weight.py

Each page is loaded as a browser with an empty cache would load it: the HTML, then every
stylesheet and script it links to, each with Accept-Encoding: gzip, br. Bytes are counted as they
arrive from gunicorn: the status line, the headers and the body as sent (compressed if the server
compressed it); not counted are the request itself and TCP/TLS framing. Whitenoise serves static
files pre-compressed (gzip; brotli too if the brotli package were installed); Django sends HTML
uncompressed, so the "HTML gzip" column shows what the HTML would weigh if the proxy compressed
it (gzip level 6). The htmx fragment is the answer POST with HX-Request: true; "without JS" is the
same answer from a plain form: the POST, its redirect, and the page with the feedback. Later
visits need only the HTML: static files carry a hash in their name and are cached for a year.

The site is a throwaway copy served by gunicorn with gunicorn.conf.py and the production
settings on 127.0.0.1, with its own database; everything is removed at the end.
"""

import gzip
import random
import sys

from common import Browser, Page, Site, expect, first_question, heading, table

QUIZ = "the-proposals"
ENCODING = "gzip, br"


def first_load(browser, reply):
    """The page's stylesheets and scripts, fetched as on an empty cache: [(path, reply)]."""
    fetched = []
    for asset in dict.fromkeys(Page(reply.text).assets):
        fetched.append((asset, Browser(browser.port, encoding=ENCODING).get(asset)))
    return fetched


def kb(n):
    return f"{n / 1024:.1f}"


def main():
    rng = random.Random(1)
    with Site("weight") as site:
        server = site.serve()
        heading("page weight")
        browser = Browser(server.port, encoding=ENCODING)
        loads = []  # (name, [(path, reply)], counts assets)

        home = browser.get("/")
        expect(home, 200, "/")
        loads.append(("home", [("/", home)], True))
        section_path = next(a for a in Page(home.text).links if a.startswith("/explainer/"))
        section = browser.get(section_path)
        expect(section, 200, section_path)
        loads.append(("explainer section", [(section_path, section)], True))
        quizzes = browser.get("/quizzes/")
        loads.append(("quiz list", [("/quizzes/", quizzes)], True))

        _, path, question = first_question(browser, QUIZ)
        loads.append(("question page", [(path, question)], True))
        page = Page(question.text)
        fragment = browser.post(path, page.answer(rng), referer=path, htmx=True)
        expect(fragment, 200, "htmx answer")
        loads.append(("htmx fragment (answer POST)", [(path, fragment)], False))

        next_path = Page(fragment.text).buttons[0]
        second = browser.get(next_path)
        posted = browser.post(next_path, Page(second.text).answer(rng), referer=next_path)
        expect(posted, 302, "plain answer")
        feedback = browser.get(posted.location)
        loads.append(
            (
                "answer without JS (POST, redirect, page)",
                [(next_path, posted), (posted.location, feedback)],
                False,
            )
        )

        path = Page(feedback.text).buttons[0]
        for _ in range(100):
            if path.endswith("/results/"):
                break
            shown = browser.get(path)
            answered = browser.post(path, Page(shown.text).answer(rng), referer=path, htmx=True)
            path = Page(answered.text).buttons[0]
        results = browser.get(path)
        expect(results, 200, path)
        loads.append(("results page (20 questions)", [(path, results)], True))

        rows, details, verdicts = [], [], []
        for name, replies, with_assets in loads:
            html = replies[-1][1]
            assets = first_load(browser, html) if with_assets else []
            for asset, reply in assets:
                expect(reply, 200, asset)
            everything = replies + assets
            total = sum(r.wire_bytes for _, r in everything)
            html_body = gzip.decompress(html.body) if html.header("Content-Encoding") else html.body
            rows.append(
                [
                    name,
                    len(everything),
                    kb(sum(r.wire_bytes for _, r in replies)),
                    kb(sum(r.wire_bytes for _, r in assets)),
                    kb(total),
                    kb(len(html_body)),
                    kb(len(gzip.compress(html_body, 6))),
                ]
            )
            for request_path, reply in everything:
                details.append(
                    [
                        name,
                        request_path,
                        reply.status,
                        reply.header("Content-Encoding") or "none",
                        reply.header_bytes,
                        len(reply.body),
                    ]
                )
            if name == "question page":
                verdicts.append(("first load of a quiz page <= 60 KB", total <= 60 * 1024, total))
            if name.startswith("htmx fragment"):
                verdicts.append(("htmx fragment <= 8 KB", total <= 8 * 1024, total))
        print(
            table(
                [
                    "page",
                    "requests",
                    "HTML KB",
                    "CSS+JS KB",
                    "total KB",
                    "HTML KB raw",
                    "HTML KB gzip",
                ],
                rows,
            )
        )
        print("\nEach response (bytes as received; headers = status line + header lines):")
        print(table(["load", "path", "status", "encoding", "header bytes", "body bytes"], details))
        for label, ok, total in verdicts:
            print(f"target, {label}: {kb(total)} KB, {'met' if ok else 'MISSED'}")
        return 0


if __name__ == "__main__":
    sys.exit(main())

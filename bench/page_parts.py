"""What the small parts of every student page cost, in CPU microseconds per call.

Run: .venv/bin/python bench/page_parts.py [--calls 5000] [--rounds 5]

In-process, production settings, on a throwaway SQLite database (as bench/breakdown.py makes it),
with the Ukrainian translation active. Each part is called --calls times in a row, the parts
taking turns for --rounds rounds so that they share the machine's conditions; printed is the CPU
time per call (time.process_time) of the lowest and the highest round. A template's parts are
timed as a template of that one tag, less an empty template's render, so what is printed is the
tag's own cost. The parts:

- a variable: ``{{ label }}``, what the question page shows its "Question 3 of 12" with now;
- "Question 3 of 12" as a ``{% blocktranslate trimmed with ... %}``, as the page had it three times;
- the page's description as a ``{% blocktranslate %}`` of four values, as the page had it;
- the answer-not-saved notice as a ``{% blocktranslate trimmed %}`` and as a ``{% translate %}``;
- gettext and ``%``: how quizzes/views.py's ``question_labels`` translates each label now;
- reverse(): the address of a question (a page links to the next one);
- the CSRF token masked for a page's form (Django does it once per page that has a form);
- the Content-Security-Policy header of one response: django-csp's middleware, which builds the
  policy each time, and the site's (config/middleware.py), which built it once;
- the language middleware (config/language.py) around one response, for an English address and a
  Ukrainian one, with a browser that prefers English.
"""

import sys

from common import Site, heading, in_turn, repeated_calls, table

NOTICE = (
    "<strong>Your answer was not saved.</strong> The connection to the server failed, or the "
    "server did not reply in time. Your choice is still selected: press “Send again”. Sending "
    "it twice is safe."
)


def main():
    args = repeated_calls(__doc__, calls=(5000, 100, 100_000), rounds=(5, 1, 20))

    with Site("page-parts") as site:
        from csp.middleware import CSPMiddleware
        from django.http import HttpResponse
        from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
        from django.template import engines
        from django.test import RequestFactory
        from django.urls import reverse
        from django.utils import translation
        from django.utils.translation import gettext

        from config.language import LanguageMiddleware
        from config.middleware import ContentSecurityPolicyMiddleware

        translation.activate("uk")
        engine = engines["django"]
        context = {"number": 3, "total": 12, "label": "Питання 3 з 12", "t": "Тест", "d": "Опис"}

        def template(source):
            compiled = engine.from_string("{% load i18n %}" + source)
            return lambda: compiled.render(context)

        templates = {
            "an empty template": template(""),
            "a variable": template("{{ label }}"),
            "“Question 3 of 12”, blocktranslate": template(
                "{% blocktranslate trimmed %}Question {{ number }} of {{ total }}"
                "{% endblocktranslate %}"
            ),
            "the description, blocktranslate of four values": template(
                "{% blocktranslate trimmed with title=t description=d %}Question {{ number }} "
                "of {{ total }} in the quiz “{{ title }}”: {{ description }}"
                "{% endblocktranslate %}"
            ),
            "the notice, blocktranslate trimmed": template(
                "{% blocktranslate trimmed %}" + NOTICE + "{% endblocktranslate %}"
            ),
            "the notice, translate": template('{% translate "' + NOTICE + '" %}'),
        }
        secret = _get_new_csrf_string()
        request = RequestFactory().get("/attempts/1/1/")

        def csp_header(middleware):
            def one_response():
                middleware.process_request(request)
                middleware.process_response(request, HttpResponse())

            return one_response

        def language_middleware(path):
            middleware = LanguageMiddleware(lambda request: HttpResponse())
            request = RequestFactory().get(path, headers={"Accept-Language": "en-GB,en;q=0.9"})

            def one_response():
                middleware(request)
                translation.activate("uk")  # as the other parts have it

            return one_response

        others = {
            "gettext and %, “Question 3 of 12”": lambda: (
                gettext("Question %(number)s of %(total)s") % {"number": 3, "total": 12}
            ),
            "reverse(), a question's address": lambda: reverse("quizzes:question", args=[1, 3]),
            "the CSRF token masked": lambda: _mask_cipher_secret(secret),
            "the CSP header, django-csp's middleware": csp_header(CSPMiddleware(HttpResponse)),
            "the CSP header, the site's middleware": csp_header(
                ContentSecurityPolicyMiddleware(HttpResponse)
            ),
            "the language middleware, an English address": language_middleware("/attempts/1/"),
            "the language middleware, a Ukrainian address": language_middleware("/uk/attempts/1/"),
        }
        spent = {
            name: [seconds * 1e6 for seconds in times]
            for name, times in in_turn(
                {**templates, **others}, calls=args.calls, rounds=args.rounds
            ).items()
        }
        empty = spent.pop(next(iter(templates)))
        for name in templates:
            if name in spent:  # the tag's own cost: less the empty template's, in the same round
                spent[name] = [t - e for t, e in zip(spent[name], empty, strict=True)]

        heading(
            "page parts",
            site.describe(),
            f"in-process, production settings, Ukrainian; {args.calls} calls per round, "
            f"{args.rounds} rounds",
        )
        rows = [[name, f"{min(times):.1f}", f"{max(times):.1f}"] for name, times in spent.items()]
        print(table(["part", "µs per call, lowest round", "highest round"], rows))
        print(f"  an empty template's render, subtracted: {min(empty):.1f}–{max(empty):.1f} µs")
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""Rendered HTML kept in each process's cache (config/settings.py, CACHES), under keys that name
everything it shows.

Three kinds are kept: parts of templates, by their ``{% cache %}`` tags (the header and footer, an
answer's feedback, a question's fields); a results page's review items (``many``); and, whole, with
what differs per request filled in (``whole``), a question page before it is answered (``page``)
and the part of it that htmx swaps in after an answer. Every key names the language and the site's
version, so an edit or an upgrade never waits for an entry to expire.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from config.language import address_in, switcher
from config.version import APP_VERSION

# How long an entry stays. The {% cache %} tags in the templates write the same number
# (tests/test_fragment_cache.py checks it).
SECONDS = 86400

# Where a page kept whole shows what differs per request. Random per process, so that no text a
# teacher writes can hold one, and part of the page's key, so that processes which share a cache
# each keep their own copy.
MARK = secrets.token_hex(8)


def key(name: str, parts: list) -> str:
    return make_template_fragment_key(name, [get_language(), APP_VERSION, *parts])


def many(template: str, contexts: list[dict], parts: list[list | None]) -> list[SafeString]:
    """``template`` rendered with each of ``contexts``. Those whose ``parts`` name everything it
    shows come from the cache, all in one look-up, and the ones it lacks are rendered and kept;
    ``None`` parts are rendered every time."""
    keys = [None if named is None else key(template, named) for named in parts]
    cached = cache.get_many([k for k in keys if k])
    rendered, new = [], {}
    for context, k in zip(contexts, keys, strict=True):
        html = cached.get(k) if k else None
        if html is None:
            html = render_to_string(template, context)
            if k:
                new[k] = html
        rendered.append(mark_safe(html))  # noqa: S308 - rendered by the template engine
    cache.set_many(new, SECONDS)
    return rendered


def hole(name: str) -> str:
    return f"{MARK}:{name};"


def page(request: HttpRequest, template: str, context: dict, parts: list) -> HttpResponse:
    """``template`` rendered for ``request`` and kept whole under ``parts`` (see ``whole``), with
    three things filled in for each request: the CSRF token (one per page, as Django's
    ``csrf_token`` gives), the page's own address (``action``) and its address in each other
    language (the switcher's)."""
    current = get_language()
    return whole(
        request,
        template,
        {**context, "languages": switcher(lambda code: hole(f"address:{code}"))},
        parts,
        {"csrf_token": get_token(request), "action": request.path}
        | {
            f"address:{code}": address_in(request, code)
            for code, _ in settings.LANGUAGES
            if code != current
        },
    )


def whole(
    request: HttpRequest, template: str, context: dict, parts: list, filled: dict[str, str]
) -> HttpResponse:
    """``template`` rendered for ``request``, kept whole under ``parts``: they must name everything
    it shows but the values of ``filled``, which differ per request. It is rendered once with a
    marker for each (``hole``: under its name in the context, or placed by the caller), and each
    request gets it with its own values put in, escaped as the template would escape them."""
    name = key(f"page:{MARK}:{template}", parts)
    html = cache.get(name)
    if html is None:
        marked = {**context, **{hole_name: hole(hole_name) for hole_name in filled}}
        html = render_to_string(template, marked, request)
        cache.set(name, html, SECONDS)
    for hole_name, value in filled.items():
        html = html.replace(hole(hole_name), conditional_escape(value))
    return HttpResponse(html)

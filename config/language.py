"""The site's two languages: which one a request is shown in, and the switcher on every page.

English pages have no prefix and Ukrainian ones live under /uk/ (``i18n_patterns`` in
config/urls.py), so a link carries its language. The admin and /healthz have no prefix and follow
the language cookie that the switcher sets.
"""

from collections.abc import Callable
from contextlib import suppress
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import escape_leading_slashes
from django.views.i18n import set_language


def this_address(request) -> str:
    """The address of this request, path and query, safe to redirect to or to link to.

    A path that starts with two slashes (``//evil.example/``) would read as another site's address
    in a Location header or a link; its second slash is escaped, as Django's own redirects do.
    """
    return escape_leading_slashes(request.get_full_path())


def preferred_language(request) -> str:
    """The language cookie if there is one, else the browser's Accept-Language, else English."""
    return translation.get_language_from_request(request, check_path=False)


class LanguageMiddleware:
    """Which language a request is shown in: the language of its address, with two rules for an
    unprefixed address (which is English, as Django's LocaleMiddleware has it):

    - a page that also exists in another language, asked for by a reader who prefers that language
      (their cookie, or on a first visit their browser's Accept-Language), redirects to it: a
      browser preferring Ukrainian that opens / lands on /uk/;
    - a page without a Ukrainian address (the admin) is shown in the preferred language.

    What Django's LocaleMiddleware does for these addresses (``i18n_patterns`` without a prefix for
    English), with the address's language worked out once a request rather than five times: it
    runs on every request, the floor included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from_path = translation.get_language_from_path(request.path_info)
        response = self.choose(request, from_path) or self.get_response(request)
        if from_path is None:
            # What an unprefixed address shows depends on the language cookie as well.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    def choose(self, request, from_path: str | None):
        """Activate the request's language, or answer with a redirect to its address in it."""
        translation.activate(from_path or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        if from_path is not None:
            return None  # the address says which language
        return preferred_elsewhere(request)


def preferred_elsewhere(request):
    """The two rules for an unprefixed address, shown in English so far: a redirect to the page in
    the reader's preferred language if it has an address there, else the page in that language."""
    preferred = preferred_language(request)
    if preferred == request.LANGUAGE_CODE:
        return None
    here = this_address(request)
    there = translate_url(here, preferred)
    if there == here:
        translation.activate(preferred)
        request.LANGUAGE_CODE = translation.get_language()
    elif request.method in ("GET", "HEAD") and not request.headers.get("HX-Request"):
        return HttpResponseRedirect(there)
    return None


def switch_language(request):
    """The switcher's target: Django's ``set_language``, with a regional or differently written
    code ("uk-UA", "UK") taken as the site's own ("uk"). Django's would keep "uk-UA" in the cookie
    and send the reader to /uk-ua/…, which is not a page."""
    if request.method == "POST" and "language" in request.POST:
        # Any other code is left as it came: Django's view ignores a language the site has not.
        with suppress(LookupError):
            code = translation.get_supported_language_variant(request.POST["language"].lower())
            request.POST = request.POST.copy()
            request.POST["language"] = code
    return set_language(request)


def language_switch(request) -> dict:
    """Each language with this page's address in it, for the switcher in base.html.

    Worked out only when a template shows the switcher: a fragment that htmx swaps into a page
    (an answer's feedback) has none. Resolving the address is the switcher's largest cost, so it is
    done only for the other language.
    """
    return {"languages": SimpleLazyObject(lambda: switcher(lambda code: address_in(request, code)))}


def switcher(address: Callable[[str], str]) -> list[dict]:
    """The switcher's languages; ``address(code)`` gives the page's address in each language but
    the current one, which is shown as text, without a link."""
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": None if code == current else address(code),
        }
        for code, name in settings.LANGUAGES
    ]


def address_in(request, code: str) -> str:
    """This page's address in the language ``code``, with its query.

    What Django's ``translate_url`` gives, without resolving the path again: the route the request
    matched is reversed in that language. An address that matched no route (a 404) stays as it is.
    """
    here = this_address(request)
    match = request.resolver_match
    if match is None:
        return translate_url(here, code)
    with translation.override(code):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return here
    return urlunsplit(urlsplit(here)._replace(path=escape_leading_slashes(path)))

"""Accessibility in a real browser: axe-core at WCAG 2.1 A and AA on every student page.

How feedback is announced (once, by focus) is tested in test_browser_student_path.py."""

import json
from pathlib import Path

import axe_core_python
import pytest

pytestmark = pytest.mark.browser

AXE_SOURCE = (Path(axe_core_python.__file__).parent / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def axe_violations(page):
    """Run axe-core in the page, with the page's CSP on.

    page.evaluate() runs through the DevTools protocol, which the page's script-src does not
    govern, so the strict CSP stays in force for the page itself.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)
    return results["violations"]


def describe(name, path, violations):
    lines = [f"{name} ({path}):"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      at {json.dumps(node['target'])}: {summary}")
            lines.append(f"         {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def test_axe_finds_no_wcag21_aa_violations_on_any_student_page(open_page):
    student = open_page()
    pages = student.student_pages()
    reports = []
    for name, path in pages:
        student.goto(path)
        violations = axe_violations(student.page)
        if violations:
            reports.append(describe(name, path, violations))
        student.check(name)
    assert len(pages) >= 20
    assert not reports, "axe-core found WCAG 2.1 A/AA violations:\n\n" + "\n\n".join(reports)


def test_axe_detects_a_planted_violation(open_page):
    """The check itself works: an image without alt text is reported."""
    student = open_page()
    student.goto("/")
    student.page.evaluate(
        """() => { const img = document.createElement("img");
                   img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
                   document.querySelector("main").append(img); }"""
    )
    assert "image-alt" in [v["id"] for v in axe_violations(student.page)]
    student.check()

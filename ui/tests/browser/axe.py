"""Runs axe-core in a Playwright page and reports WCAG 2.1 A/AA violations readably.

axe-core comes from npm and is copied to `build/static/vendor/axe/axe.min.js` by
`node scripts/build_assets.mjs` (`make assets`). It is injected with `page.evaluate`, which the
page's Content Security Policy does not block; a `<script>` tag would be blocked, as it should.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

AXE_PATH = settings.BASE_DIR / "build" / "static" / "vendor" / "axe" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => String(t)),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}
"""


@cache
def _axe_source() -> str:
    if not AXE_PATH.exists():
        raise RuntimeError(
            f"{AXE_PATH} is missing: build the front-end assets first "
            "(`make assets` or `node scripts/build_assets.mjs`)."
        )
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Injects axe-core (once per document) and returns the WCAG 2.1 A/AA violations."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, WCAG_TAGS)
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    target: {' '.join(node['target'])}")
            lines.append(f"    html:   {node['html'][:200]}")
            summary = " ".join(node["summary"].split()) if node["summary"] else ""
            if summary:
                lines.append(f"    why:    {summary[:300]}")
    return "\n".join(lines)


def assert_no_violations(page: Page, *, what: str = "") -> None:
    """Fails with every violation's rule, help text and target selectors."""
    violations = axe_violations(page)
    where = what or page.url
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {where} "
        f"(lang={page.evaluate('document.documentElement.lang')!r}):\n"
        + format_violations(violations)
    )

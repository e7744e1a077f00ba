"""Check the built docs site in headless Chromium (Debian's package) with all network blocked.

Playwright drives the system Chromium through `executable_path`; it never downloads a browser.
Every request that is not a file:// URL is aborted and counted as a failure, so a CDN script, a web
font or telemetry cannot hide behind a page that still looks fine. The check fails unless every
operation's summary is in the rendered page, the override operation shows a JSON and an XML request
sample, the status table has one row per status, nothing was logged as a console error and no
request failed. It saves screenshots: the start of the page, the status table and the override
operation (showing its XML request sample).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import ConsoleMessage, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
OVERRIDE = "overrideOrderStatuses"
RENDER_TIMEOUT_MS = 10_000
# Once the reference has rendered, a part of it that is not there within this time is missing.
PART_TIMEOUT_MS = 5_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        raise SystemExit("chromium is not installed (apt-get install chromium); `nox -s docs` installs it")
    return path


def expectations(spec_path: Path) -> tuple[list[str], str, list[str]]:
    """Every operation's summary, the override operation's summary, every status name."""
    spec: dict[str, Any] = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    operations = [op for item in spec["paths"].values() for op in item.values() if isinstance(op, dict)]
    summaries = [op["summary"] for op in operations if "summary" in op]
    override = next(op["summary"] for op in operations if op.get("operationId") == OVERRIDE)
    statuses = [s["name"] for s in spec["components"]["schemas"]["Statuses"]["x-storefeeder-statuses"]]
    return summaries, override, statuses


def _status_table_rows(page: Page) -> list[str]:
    """The first cell of each body row of the table whose header has "Overridable"."""
    rows: list[str] = page.evaluate(
        """() => {
            for (const table of document.querySelectorAll('table')) {
                const head = [...table.querySelectorAll('th')]
                    .map(th => th.textContent.replace(/\\u00ad/g, '').trim());
                if (head.includes('Overridable')) {
                    return [...table.querySelectorAll('tbody tr')]
                        .map(tr => tr.querySelector('td') ? tr.querySelector('td').textContent.trim() : '');
                }
            }
            return [];
        }"""
    )
    return rows


def _request_samples(page: Page, section: str) -> dict[str, str]:
    """Each request media type the operation's payload panel offers, with the sample it shows."""
    panels = page.locator(f"[data-section-id='{section}'] [data-testid='right-panel']")
    panel = panels.filter(has_text="Payload").first
    panel.wait_for(timeout=PART_TIMEOUT_MS)
    panel.scroll_into_view_if_needed()
    button = panel.locator("button[aria-label='Payload media type']").first
    menu = page.locator("[data-testid='dropdown-menu']:visible [role='menuitem']")
    button.click()
    menu.first.wait_for(timeout=PART_TIMEOUT_MS)
    media_types = [t.strip() for t in menu.all_inner_texts()]
    page.keyboard.press("Escape")
    samples: dict[str, str] = {}
    for media_type in media_types:
        if not menu.count():
            button.click()
        menu.get_by_text(media_type, exact=True).first.click()
        page.wait_for_timeout(200)
        samples[media_type] = panel.locator("[data-testid='panel-body']").first.inner_text()
    return samples


def _search_problems(page: Page, term: str, expected: str) -> list[str]:
    """The search box must finish loading its index (offline, it once stayed at "Loading...") and
    find `expected` when `term` is typed."""
    try:
        page.get_by_text("Loading...", exact=True).wait_for(state="detached", timeout=PART_TIMEOUT_MS)
    except PlaywrightError:
        return ['the search box is stuck at "Loading..."']
    page.keyboard.press("Control+k")
    page.keyboard.type(term)
    try:
        dialog = page.locator("[data-testid='search-dialog']")
        dialog.get_by_text(expected, exact=True).first.wait_for(timeout=PART_TIMEOUT_MS)
    except PlaywrightError:
        return [f"searching {term!r} does not find {expected!r}"]
    finally:
        page.keyboard.press("Escape")
    return []


def _links(page: Page) -> list[str]:
    hrefs: list[str] = page.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
    )
    return hrefs


def check(site: Path, shots: Path, spec_path: Path = SPEC) -> list[str]:
    """Open site/index.html; return the problems found (empty: the site passed)."""
    summaries, override, statuses = expectations(spec_path)
    problems: list[str] = []
    shots.mkdir(parents=True, exist_ok=True)
    index = (site / "index.html").resolve().as_uri()
    override_section = f"/orders/{OVERRIDE.lower()}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})

            def block(route: Any) -> None:
                if route.request.url.startswith("file://"):
                    route.continue_()
                else:
                    problems.append(f"network request blocked: {route.request.url}")
                    route.abort()

            page.route("**/*", block)

            def console(message: ConsoleMessage) -> None:
                if message.type == "error":
                    problems.append(f"console error: {message.text}")

            page.on("console", console)
            page.on("pageerror", lambda e: problems.append(f"uncaught error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
            page.goto(index, wait_until="load")
            try:
                page.locator("[data-section-id]").first.wait_for(timeout=RENDER_TIMEOUT_MS)
            except PlaywrightError:
                problems.append(f"the reference did not render within {RENDER_TIMEOUT_MS} ms")
            rendered = page.locator("[data-section-id]").count() > 0
            if rendered:
                problems += _search_problems(page, statuses[0], override)
            page.wait_for_timeout(300)
            page.screenshot(path=str(shots / "start.png"))
            if problems and not rendered:
                problems += [f"operation summary not rendered: {s!r}" for s in summaries]
                problems.append("status table rows [] are not the statuses; no override request samples")
                return problems
            links = _links(page)
            problems += [f"site-root link breaks under a sub-path: {h}" for h in links if h[:1] == "/"]
            routes = list(dict.fromkeys(h for h in links if h.startswith("#/")))
            # Redoc 3 renders one route at a time: read every route the page links to.
            text = page.inner_text("body")
            status_rows: list[str] = []
            for route in routes:
                page.goto(index + route, wait_until="load")
                page.wait_for_timeout(300)
                text += "\n" + page.inner_text("body")
                if not status_rows and (status_rows := _status_table_rows(page)):
                    page.locator("table", has_text=statuses[0]).first.scroll_into_view_if_needed()
                    page.screenshot(path=str(shots / "statuses.png"))
            problems += [f"operation summary not rendered: {s!r}" for s in summaries if s not in text]
            if status_rows != statuses:
                problems.append(f"status table rows {status_rows} are not the {len(statuses)} statuses")
            try:
                page.goto(index + "#" + override_section, wait_until="load")
                samples = _request_samples(page, override_section)
            except PlaywrightError as error:
                samples = {}
                problems.append(f"override request samples not found: {error.message.splitlines()[0]}")
            json_sample = samples.get("application/json", "")
            xml_sample = samples.get("application/xml", "")
            if '"OrderStatus"' not in json_sample:
                problems.append(f"override operation shows no JSON request sample: {sorted(samples)}")
            if "\n  <OverrideOrderStatusModel>" not in xml_sample:
                problems.append(f"override operation shows no indented XML request sample: {xml_sample!r}")
            page.screenshot(path=str(shots / "override.png"))
        finally:
            browser.close()
    return problems

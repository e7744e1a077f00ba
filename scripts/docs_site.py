"""Build the published API docs: a static site that needs no network at view time.

build/site/
    index.html            the reference: Redoc's browser bundle from the pinned @redocly/cli in
                          node_modules, inlined, rendering reference-spec.js in the browser
    reference-spec.js     the published copy of the spec: openapi.yaml plus what no renderer shows
    openapi.yaml          the contract, bundled by Redocly (what generators should read)
    openapi.json          the same, as JSON
    fidelity.html         docs/fidelity.md as a page

The published copy is generated from openapi.yaml on every build, never edited: the status table
comes from `Statuses.x-storefeeder-statuses`, XML examples are indented, and the auth flow is spelled
out step by step. Every link between the pages is relative, so the site works from file:// and under
any sub-path of a static host.
"""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from xml.dom import minidom

import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
FIDELITY = ROOT / "docs" / "fidelity.md"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
# The browser bundle @redocly/cli ships for `build-docs` (Redoc 3); package-lock.json pins it.
RENDERER = ROOT / "node_modules" / "@redocly" / "cli" / "lib" / "chunks" / "redoc.standalone.js"
# The bundle is an ES module (it uses import.meta) and Chromium refuses module scripts loaded from
# file://, so index.html carries it inline, unchanged, in a module script that then calls its init.
RENDERER_EXPORT = "export{RedocStandalone,hydrate,init};"
# The bundle's only fetch of its own: the Redocly logo of its "API docs by" footer, from a CDN. The
# site carries a local stand-in (relative URL), so the page makes no request outside itself.
LOGOS = {
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg": ("redocly-logo-full.svg", 86),
    "https://cdn.redoc.ly/redoc/logo-mini.svg": ("redocly-logo.svg", 20),
}
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="16" viewBox="0 0 {width} 16">'
    '<text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044d4">{text}</text></svg>\n'
)

STATUS_COLUMNS = ("name", "id", "overridable", "leavable", "name_source")
# Soft hyphens in the long headers and <wbr> between the words of a name let the table fit beside
# the request samples (<wbr> adds no character: a name copied from the page is the name).
STATUS_HEADERS = ("Name", "Id", "Overrid&shy;able", "Leav&shy;able", "Name is")
LINKS = (
    "**Also in this site:** [openapi.yaml](openapi.yaml) and [openapi.json](openapi.json) (the "
    "contract, bundled, for generators and tools) · [fidelity table](fidelity.html) (every "
    "behaviour relied on, with its source)."
)
AUTH_STEPS = """\
How to authenticate, step by step:

1. Get the account's **API key** from StoreFeeder. It is the OAuth2 `client_id`.
2. `POST` a form body (`application/x-www-form-urlencoded`) to the token URL **`/Token`**
   (`https://rest.storefeeder.com/Token`) with `grant_type=password`, `username` (the API user's
   email), `password` and `client_id` (the API key).
3. The answer is JSON: `{"access_token": "...", "token_type": "bearer", "expires_in": 1209599}`.
   A wrong email, password or API key gets 400 `{"error": "invalid_grant", ...}`.
4. Send `Authorization: Bearer <access_token>` on every other request. A missing, expired or
   unknown token gets 401 with `WWW-Authenticate: Bearer`; get a new token when it expires
   (after `expires_in` seconds).
"""


def status_table(spec: dict[str, Any]) -> str:
    """`Statuses.x-storefeeder-statuses` as Markdown: a table with one row per status, then each
    status's display name and source as a list (sentences: in columns they would not fit beside the
    request samples)."""
    statuses = spec["components"]["schemas"]["Statuses"]["x-storefeeder-statuses"]
    if not statuses:
        raise ValueError("Statuses.x-storefeeder-statuses is empty")

    def cell(status: dict[str, Any], column: str) -> str:
        value = status.get(column, True if column == "leavable" else "")
        text = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        if column == "name":
            text = re.sub(r"(?<=[a-z])(?=[A-Z])", "<wbr>", text)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(STATUS_HEADERS) + " |", "|" + "---|" * len(STATUS_HEADERS)]
    lines += ["| " + " | ".join(cell(s, c) for c in STATUS_COLUMNS) + " |" for s in statuses]
    lines += ["", "Display names and sources:", ""]
    lines += [f"- `{s['name']}` ({s['display']}): {s['source']}" for s in statuses]
    return "\n".join(lines) + "\n"


def pretty_xml(text: str) -> str:
    """An XML example indented by two spaces, namespace declarations kept, no XML declaration."""
    document = minidom.parseString(text.strip())

    def strip_blank(node: Any) -> None:
        for child in list(node.childNodes):
            if child.nodeType == child.TEXT_NODE and not (child.nodeValue or "").strip():
                node.removeChild(child)
            else:
                strip_blank(child)

    strip_blank(document)
    root = document.documentElement
    assert root is not None
    pretty = root.toprettyxml(indent="  ")
    return pretty.strip() + "\n"


def _pretty_xml_examples(node: Any) -> int:
    """Indent every XML example in place (media types whose name contains `xml`); count them."""
    count = 0
    if isinstance(node, dict):
        for media_type, body in (node.get("content") or {}).items():
            if "xml" not in media_type or not isinstance(body, dict):
                continue
            if isinstance(body.get("example"), str):
                body["example"] = pretty_xml(body["example"])
                count += 1
            for example in (body.get("examples") or {}).values():
                if isinstance(example, dict) and isinstance(example.get("value"), str):
                    example["value"] = pretty_xml(example["value"])
                    count += 1
        count += sum(_pretty_xml_examples(value) for value in node.values())
    elif isinstance(node, list):
        count += sum(_pretty_xml_examples(value) for value in node)
    return count


def published_spec(source: dict[str, Any]) -> dict[str, Any]:
    """The copy of the spec the reference renders: the source plus what no renderer shows."""
    spec = copy.deepcopy(source)
    if not spec.get("paths"):
        raise ValueError("the spec has no paths: nothing to publish")
    info = spec["info"]
    info["description"] = (
        info["description"].replace("`docs/fidelity.md`", "the [fidelity table](fidelity.html)")
        + "\n"
        + LINKS
        + "\n"
    )
    table = status_table(spec)
    statuses = spec["components"]["schemas"]["Statuses"]
    statuses["description"] += (
        "\nThe table under **Order statuses** (generated from `x-storefeeder-statuses`) lists them.\n"
    )
    for tag in spec["tags"]:
        if tag["name"] == "Order statuses":
            tag["description"] += (
                "\n\n## Status table\n\nGenerated from `Statuses.x-storefeeder-statuses` in the "
                "contract. *Overridable*: a user may override an order to it. *Leavable*: an order in "
                "it may be overridden to another status. *Name is*: confirmed by a source, or inferred "
                "from a display name (spelling not confirmed).\n\n" + table
            )
        if tag["name"] == "Authentication":
            tag["description"] += "\n\n" + AUTH_STEPS
    oauth2 = spec["components"]["securitySchemes"]["oauth2"]
    token_url = oauth2["flows"]["password"]["tokenUrl"]
    oauth2["description"] += (
        f"\nToken URL: `{token_url}` on the API's server (`https://rest.storefeeder.com{token_url}`); "
        "`client_id` is the account's **API key**.\n\n" + AUTH_STEPS
    )
    if _pretty_xml_examples(spec) == 0:
        raise ValueError("the spec has no XML examples to publish")
    return spec


INDEX = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body {{ margin: 0; padding: 0; }}</style>
</head>
<body>
<noscript>This reference needs JavaScript. The contract itself: <a href="openapi.yaml">openapi.yaml</a>,
<a href="openapi.json">openapi.json</a>; <a href="fidelity.html">fidelity table</a>.</noscript>
<div id="redoc"></div>
<script src="reference-spec.js"></script>
<script type="module">
{renderer}
init(window.PUBLISHED_SPEC, {{
  disableTelemetry: true,
  hideDownloadButtons: true,
  expandResponses: "200",
  jsonSampleExpandLevel: "all"
}}, document.getElementById("redoc"));
</script>
</body>
</html>
"""

FIDELITY_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fidelity: {title}</title>
<style>
  body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 90rem; padding: 0 1rem;
         line-height: 1.45; color: #222; }}
  table {{ border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }}
  th, td {{ border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }}
  th {{ background: #f2f4f7; }}
  code {{ background: #f2f4f7; padding: 0 0.2rem; }}
</style>
</head>
<body>
<p><a href="index.html">&larr; API reference</a> · <a href="openapi.yaml">openapi.yaml</a> ·
<a href="openapi.json">openapi.json</a></p>
{body}
</body>
</html>
"""


def build(site: Path, spec_path: Path = SPEC) -> Path:
    """Write the site into `site` (emptied first); return index.html."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    source = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    published = published_spec(source)
    for name in ("openapi.yaml", "openapi.json"):
        subprocess.run(
            [str(REDOCLY), "bundle", str(spec_path), "-o", str(site / name)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    (site / "reference-spec.js").write_text(
        "window.PUBLISHED_SPEC = " + json.dumps(published, indent=1, ensure_ascii=False) + ";\n",
        encoding="utf-8",
    )
    renderer = RENDERER.read_text(encoding="utf-8").rstrip()
    if not renderer.endswith(RENDERER_EXPORT) or "</script" in renderer.lower():
        raise RuntimeError(f"{RENDERER} cannot be inlined as it is: check the new bundle")
    for url, (name, width) in LOGOS.items():
        if url not in renderer:
            raise RuntimeError(f"{RENDERER} no longer loads {url}: check the new bundle's requests")
        renderer = renderer.replace(url, name)
        text = "Redocly" if width > 20 else "R"
        (site / name).write_text(LOGO_SVG.format(width=width, text=text), encoding="utf-8")
    title = html.escape(published["info"]["title"])
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = markdown.render(FIDELITY.read_text(encoding="utf-8"))
    (site / "fidelity.html").write_text(FIDELITY_PAGE.format(title=title, body=body), encoding="utf-8")
    index = site / "index.html"
    index.write_text(INDEX.format(title=title, renderer=renderer), encoding="utf-8")
    return index

"""The published docs site: its generated content, and the browser check on good and broken sites.

The browser tests run scripts/docs.py as a user would (build, then --check-only) against a site
built into a temporary folder. They need Debian's chromium and node_modules (npm ci), which the
nox `docs` session provides; it sets STOREFEEDER_DOCS_BROWSER=1 to run them (scripts/test runs it
after `tests`). Elsewhere they skip, so the `tests` session does not run them a second time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "scripts" / "docs.py"
sys.path.insert(0, str(ROOT / "scripts"))

import docs_site  # noqa: E402

SOURCE = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
STATUSES = SOURCE["components"]["schemas"]["Statuses"]["x-storefeeder-statuses"]

needs_browser = pytest.mark.skipif(
    os.environ.get("STOREFEEDER_DOCS_BROWSER") != "1",
    reason="browser tests: run by `nox -s docs` (chromium, node_modules)",
)


def test_status_table_has_a_row_per_status_from_the_spec() -> None:
    markdown = docs_site.status_table(SOURCE)
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(STATUSES)
    for line, status in zip(table[2:], STATUSES, strict=True):
        assert line.replace("<wbr>", "").startswith(f"| {status['name']} | {status['id']} |")
        assert line.endswith(f" | {status['name_source']} |")
    leavable = [line.split(" | ")[3] for line in table[2:]]
    assert leavable == ["yes" if s.get("leavable", True) else "no" for s in STATUSES]
    for status in STATUSES:
        assert f"- `{status['name']}` ({status['display']}): {status['source']}" in markdown


def test_published_spec_adds_table_auth_steps_links_and_indented_xml() -> None:
    published = docs_site.published_spec(SOURCE)
    tags = {tag["name"]: tag["description"] for tag in published["tags"]}
    assert docs_site.status_table(SOURCE) in tags["Order statuses"]
    auth = published["components"]["securitySchemes"]["oauth2"]["description"]
    assert "`/Token`" in auth and "client_id" in auth and "API key" in auth and "1. " in auth
    assert "(fidelity.html)" in published["info"]["description"]
    assert "(openapi.yaml)" in published["info"]["description"]
    body = published["paths"]["/orders/override-order-statuses"]["put"]["requestBody"]["content"]
    for media_type in ("application/xml", "text/xml"):
        (sample,) = (example["value"] for example in body[media_type]["examples"].values())
        assert sample.splitlines()[1] == "  <OverrideOrderStatusModel>"
        assert 'xmlns:xsd="http://www.w3.org/2001/XMLSchema"' in sample
    assert SOURCE["info"]["description"] != published["info"]["description"]  # the source is untouched


def test_pretty_xml_keeps_content() -> None:
    assert docs_site.pretty_xml("<a x='1'> <b>t</b> <c/> </a>") == '<a x="1">\n  <b>t</b>\n  <c/>\n</a>\n'


def test_a_spec_without_paths_is_not_published() -> None:
    with pytest.raises(ValueError, match="no paths"):
        docs_site.published_spec({**SOURCE, "paths": {}})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("docs") / "site"
    subprocess.run([sys.executable, str(DOCS), "--no-browser", "--site", str(site)], check=True)
    return site


def check(site: Path, shots: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(DOCS), "--check-only", "--site", str(site), "--shots", str(shots)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def broken_copy(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


@needs_browser
def test_site_is_self_contained_and_linked_relatively(site: Path) -> None:
    names = {path.name for path in site.iterdir()}
    assert {"index.html", "reference-spec.js", "openapi.yaml", "openapi.json", "fidelity.html"} <= names
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "https://cdn.redoc.ly" not in index
    assert "https://" not in index.split('<script type="module">')[0]
    fidelity = (site / "fidelity.html").read_text(encoding="utf-8")
    assert '<a href="index.html">' in fidelity and "<table>" in fidelity


@needs_browser
def test_the_built_site_passes(site: Path, tmp_path: Path) -> None:
    result = check(site, tmp_path / "shots")
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / "shots").iterdir()} >= {"start.png", "override.png"}


@needs_browser
def test_fails_when_the_renderer_script_is_missing(site: Path, tmp_path: Path) -> None:
    broken = broken_copy(site, tmp_path)
    index = broken / "index.html"
    html = index.read_text(encoding="utf-8")
    start = html.index('<script type="module">')
    end = html.index("</script>", start) + len("</script>")
    index.write_text(html[:start] + '<script src="redoc.standalone.js"></script>' + html[end:])
    result = check(broken, tmp_path / "shots")
    assert result.returncode == 1
    assert "request failed" in result.stderr and "operation summary not rendered" in result.stderr


@needs_browser
def test_fails_when_the_spec_is_empty(site: Path, tmp_path: Path) -> None:
    broken = broken_copy(site, tmp_path)
    (broken / "reference-spec.js").write_text("window.PUBLISHED_SPEC = {};\n", encoding="utf-8")
    result = check(broken, tmp_path / "shots")
    assert result.returncode == 1
    assert "operation summary not rendered" in result.stderr
    assert "status table rows" in result.stderr


@needs_browser
def test_fails_on_a_network_request(site: Path, tmp_path: Path) -> None:
    broken = broken_copy(site, tmp_path)
    index = broken / "index.html"
    html = index.read_text(encoding="utf-8")
    cdn = '<script src="https://cdn.redoc.ly/redoc/latest/bundles/redoc.standalone.js"></script>'
    index.write_text(html.replace("</head>", cdn + "\n</head>"), encoding="utf-8")
    result = check(broken, tmp_path / "shots")
    assert result.returncode == 1
    assert "network request blocked: https://cdn.redoc.ly" in result.stderr

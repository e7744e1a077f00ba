"""Every check has a basis (seed, framework or assumption), shown everywhere a check is, and the run
checks only the bases asked for: seed and framework off loopback, all three on the embedded mock
and on loopback. An assumption check names the docs/fidelity.md row it relies on."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from storefeeder_conformance import Basis, all_checks
from storefeeder_conformance.checks import RELIABLE, parse_bases
from storefeeder_conformance.checks.after_run import ORDERS_LEFT_AS_FOUND
from storefeeder_conformance.cli import main
from storefeeder_conformance.config import RunConfig
from storefeeder_conformance.context import CheckSkipped
from storefeeder_conformance.selection import by_basis
from storefeeder_conformance.target import Target, resolve_bases

REPO = Path(__file__).resolve().parents[2]
FRAMEWORK_SOURCE = re.compile(r"FW: .*(\.cs\b|aspnet-webapi-behaviour\.md)")


def _fidelity_rows() -> set[str]:
    """The first cell of every table row of docs/fidelity.md."""
    text = (REPO / "docs" / "fidelity.md").read_text(encoding="utf-8")
    return {line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ")}


def test_every_check_has_a_basis_and_its_source() -> None:
    rows = _fidelity_rows()
    for check in all_checks():
        assert isinstance(check.basis, Basis), check.name
        if check.basis is Basis.ASSUMPTION:
            missing = [row for row in check.assumes if row not in rows]
            assert check.assumes and not missing, f"{check.name}: no docs/fidelity.md row {missing}"
        else:
            assert not check.assumes, check.name
        if check.basis is Basis.FRAMEWORK:
            assert FRAMEWORK_SOURCE.search(check.source), f"{check.name} cites no framework source"


def test_default_bases_follow_the_target() -> None:
    def target(url: str, embedded: bool = False) -> Target:
        return Target(url, None, "t", [], None, embedded)

    default = RunConfig()
    assert resolve_bases(default, target("http://127.0.0.1:1", embedded=True)) == frozenset(Basis)
    assert resolve_bases(default, target("http://localhost:5000")) == frozenset(Basis)
    assert resolve_bases(default, target("https://rest.storefeeder.com")) == RELIABLE
    assert {Basis.SEED, Basis.FRAMEWORK} == RELIABLE
    chosen = RunConfig(basis=frozenset({Basis.ASSUMPTION}))
    assert resolve_bases(chosen, target("https://rest.storefeeder.com")) == {Basis.ASSUMPTION}


def test_parse_bases() -> None:
    assert parse_bases("seed, Framework") == {Basis.SEED, Basis.FRAMEWORK}
    with pytest.raises(ValueError, match="unknown basis guess"):
        parse_bases("seed,guess")
    with pytest.raises(ValueError):
        parse_bases(" , ")


def test_an_unselected_assumption_skips_naming_it() -> None:
    checks = {c.name: c for c in by_basis(all_checks(), RELIABLE, defaulted=True)}
    with pytest.raises(CheckSkipped) as skipped:
        checks["batch-limit-51-rejected"].run(None)  # type: ignore[arg-type]
    reason = str(skipped.value)
    assert "the default off loopback" in reason and "assumes More than 50 items (docs/fidelity.md)" in reason
    assert "--basis seed,framework,assumption" in reason
    original = {c.name: c for c in all_checks()}
    for name, check in checks.items():
        assert (check.run is original[name].run) == (check.basis in RELIABLE), name
    only = {c.name: c for c in by_basis(all_checks(), frozenset({Basis.ASSUMPTION}), defaulted=False)}
    with pytest.raises(CheckSkipped, match=r"basis seed not selected \(--basis assumption\)"):
        only["one-result-per-item"].run(None)  # type: ignore[arg-type]


def test_list_checks_shows_every_basis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-checks"]) == 0
    out = capsys.readouterr().out
    for check in all_checks():
        assert f"{check.name}  [{check.group}] basis: {check.basis.value}" in out
        if check.assumes:
            assert f"assumes: {check.assumption_text()} (docs/fidelity.md)" in out
    assert f"{ORDERS_LEFT_AS_FOUND}  [run] basis: seed" in out


def test_an_unknown_basis_is_a_configuration_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--basis", "seed,hunch"]) == 2
    assert "--basis: unknown basis hunch" in capsys.readouterr().err


def test_basis_in_lines_junit_and_selection(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Against the embedded mock with --basis seed,framework: the assumption check SKIPs naming its
    assumption, the others run; every line and JUnit testcase says its basis."""
    junit = tmp_path / "j.xml"
    code = main(
        [
            "run",
            "--basis",
            "seed,framework",
            "--check",
            "batch-limit-51-rejected",
            "--check",
            "one-result-per-item",
            "--check",
            "json-status-name-any-case-binds",
            "--junit",
            str(junit),
        ]
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert "basis seed,framework" in lines[0]
    assert any(
        line.startswith("SKIP  batch-limit-51-rejected [assumption]: not checked (--basis seed,framework)")
        and "assumes More than 50 items" in line
        for line in lines
    )
    assert "PASS  one-result-per-item [seed]" in lines
    assert "PASS  json-status-name-any-case-binds [framework]" in lines
    assert lines[-1] == "3 passed, 0 failed, 1 skipped"
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert cases["batch-limit-51-rejected"].get("classname") == "conformance.assumption.batch"
    assert cases["one-result-per-item"].get("classname") == "conformance.seed.semantics"
    for name, case in cases.items():
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        assert props.get("basis") in ("seed", "framework", "assumption"), name
        assert props.get("source"), name


def test_failures_are_counted_by_basis(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--mock-mutant", "batch-limit-51", "--check", "batch-limit-51-rejected"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 1
    assert lines[-2:] == ["failed by basis: assumption 1", "1 passed, 1 failed"]

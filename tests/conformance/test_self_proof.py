"""The suite proves itself: the faithful mock passes (several seeds), every mutant is caught by
the check that guards the rule it breaks, in full mode and (all but a listed few, whose guarding
check then skips) in safe mode. Both kill rates are printed at the end of the module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from storefeeder_conformance import EmbeddedOptions, Mode, Outcome, RunConfig, run
from storefeeder_mock import mutants

from .conftest import FAST_EXAMPLES, Captured

SEEDS = (0, 1, 7)
SHORT_TOKENS = 1.0

EXPECTED: dict[str, set[str]] = {
    "batch-limit-51": {"batch-limit-51-rejected"},
    "order-number-zero": {"order-number-zero-rejected"},
    "json-number-string-rejected": {"json-order-number-string-binds"},
    "xml-number-strict": {"xml-order-number-xmlconvert-forms-bind"},
    "status-case-sensitive": {"json-status-name-any-case-binds"},
    "unknown-status-accepted": {"unknown-status-rejected"},
    "success-with-error": {"error-implies-success-false"},
    "error-missing-on-failure": {"failure-carries-error"},
    "results-reversed": {"results-in-request-order"},
    "duplicates-dropped": {"duplicates-each-get-a-result"},
    "foreign-order-oracle": {"foreign-order-same-failure-as-missing"},
    "get-foreign-order": {"get-foreign-order-not-found"},
    "same-status-fails": {"override-to-current-status-succeeds"},
    "lost-write": {"success-visible-through-get"},
    "partial-apply": {"rejected-batch-applies-nothing"},
    "not-overridable-ignored": {"not-overridable-target-fails-per-item"},
    "locked-status-movable": {"locked-status-cannot-be-left"},
    "accept-ignored": {"response-media-type-follows-accept"},
    "content-type-ignored": {"unsupported-content-type-rejected"},
    "text-json-rejected": {"request-media-types-accepted"},
    "xml-wrong-root": {"xml-root-and-item-names"},
    "xml-no-namespaces": {"xml-namespace-declarations"},
    "xml-element-order": {"xml-element-order"},
    "auth-any-bearer": {"wrong-token-rejected"},
    "auth-expired-accepted": {"expired-token-rejected"},
    "auth-no-challenge": {"unauthorized-carries-bearer-challenge"},
    "overflow-500": {"order-number-beyond-int32-rejected"},
    "charset-rejected": {"any-request-charset-accepted"},
    "form-body-415": {"form-body-binds-like-empty-batch"},
    "not-acceptable-406": {"unacceptable-accept-answered-in-request-type"},
    "method-not-allowed-without-allow": {"other-method-gets-405-with-allow"},
    "xml-errors-per-field": {"xml-binding-failure-is-one-model-error"},
    "pattern-text-range": {
        "order-number-zero-rejected",
        "order-number-negative-rejected",
        "item-without-order-number-rejected",
    },
    "malformed-json-500": {"malformed-json-rejected"},
    "malformed-xml-500": {"malformed-xml-rejected"},
    "xml-dtd-expanded": {"xml-dtd-entity-refused"},
    "xml-any-root": {"xml-other-root-rejected"},
    "json-object-as-batch": {"json-object-instead-of-array-rejected"},
    "body-format-sniffed": {"body-in-other-format-rejected"},
}
"""Mutant -> the check(s) that guard the rule it breaks; each must fail when it is switched on."""

SAFE_MODE_SURVIVORS: dict[str, str] = {
    "lost-write": "success-visible-through-get",
    "partial-apply": "rejected-batch-applies-nothing",
    "locked-status-movable": "locked-status-cannot-be-left",
}
"""Mutants safe mode cannot kill, and the guarding check that must then SKIP (never PASS): each
breaks a rule only a real transition shows (docs/conformance.md, "The suite proves itself")."""

KILLED: dict[str, bool] = {}
SAFE_KILLED: dict[str, bool] = {}


def _rate_line(label: str, killed: dict[str, bool]) -> str:
    line = f"{label}: {sum(killed.values())}/{len(killed)}"
    if len(killed) < len(mutants.CATALOGUE):
        line += f" run here, of {len(mutants.CATALOGUE)} in the catalogue"
    survivors = sorted(m for m, k in killed.items() if not k)
    if survivors:
        line += f" (survived: {', '.join(survivors)})"
    return line


@pytest.fixture(scope="module", autouse=True)
def kill_rate(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    lines = [
        _rate_line(label, killed)
        for label, killed in (("mutants killed", KILLED), ("safe-mode mutants killed", SAFE_KILLED))
        if killed
    ]
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if lines and reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            for line in lines:
                reporter.write_line(line)


def _embedded(mutant: str | None, seed: int, mode: Mode | None = None) -> RunConfig:
    return RunConfig(
        seed=seed,
        mode=mode,
        max_examples=FAST_EXAMPLES,
        embedded=EmbeddedOptions(mutant=mutant, token_lifetime=SHORT_TOKENS),
    )


def test_every_mutant_has_an_expected_check() -> None:
    """A mutant in the catalogue without an entry here fails: every rule needs its guard."""
    assert set(mutants.CATALOGUE) == set(EXPECTED), (
        f"missing from EXPECTED: {sorted(set(mutants.CATALOGUE) - set(EXPECTED))}; "
        f"no longer in the catalogue: {sorted(set(EXPECTED) - set(mutants.CATALOGUE))}"
    )


def test_expected_checks_exist() -> None:
    from storefeeder_conformance import all_checks

    names = {c.name for c in all_checks()}
    for mutant, checks in EXPECTED.items():
        assert checks <= names, f"{mutant}: unknown check(s) {sorted(checks - names)}"


@pytest.mark.parametrize("seed", SEEDS)
def test_faithful_mock_passes(seed: int, console: Captured) -> None:
    report = run(_embedded(None, seed), console)
    failed = [r for r in report.results if r.outcome is Outcome.FAIL]
    assert not failed, "\n".join(f"{r.name}: {r.message}\n  {r.curl}" for r in failed)
    assert report.exit_code == 0
    skipped = [f"{r.name}: {r.message}" for r in report.results if r.outcome is Outcome.SKIP]
    assert not skipped, f"the embedded mock gives every check what it needs, yet: {skipped}"
    assert console.text.rstrip().splitlines()[-1] == report.closing_line()


@pytest.mark.parametrize("mutant", sorted(mutants.CATALOGUE))
def test_mutant_is_killed_by_its_check(mutant: str, console: Captured) -> None:
    report = run(_embedded(mutant, 0), console)
    failed = set(report.failed)
    KILLED[mutant] = report.exit_code == 1 and EXPECTED[mutant] <= failed
    assert report.exit_code == 1, f"{mutant} was not noticed: {report.closing_line()}"
    assert EXPECTED[mutant] <= failed, (
        f"{mutant} made {sorted(failed)} fail, not the guarding check(s) {sorted(EXPECTED[mutant] - failed)}"
    )


@pytest.mark.parametrize("mutant", sorted(mutants.CATALOGUE))
def test_mutant_in_safe_mode(mutant: str, console: Captured) -> None:
    """Safe mode kills every mutant but the listed few; for those the guarding check skips, saying
    it needs full mode, so a safe run never passes a rule it could not see."""
    report = run(_embedded(mutant, 0, Mode.SAFE), console)
    assert report.settings["mode"] == "safe"
    failed = set(report.failed)
    SAFE_KILLED[mutant] = report.exit_code == 1 and EXPECTED[mutant] <= failed
    guard = SAFE_MODE_SURVIVORS.get(mutant)
    if guard is None:
        assert report.exit_code == 1, f"{mutant} was not noticed in safe mode: {report.closing_line()}"
        assert EXPECTED[mutant] <= failed, (
            f"{mutant} in safe mode made {sorted(failed)} fail, not {sorted(EXPECTED[mutant] - failed)}"
        )
        return
    result = next(r for r in report.results if r.name == guard)
    assert result.outcome is Outcome.SKIP, f"{guard} under {mutant} in safe mode: {result.outcome}"
    assert result.message.startswith("needs full mode: "), result.message
    assert report.exit_code == 0, (
        f"safe mode now kills {mutant} ({sorted(failed)}): take it off SAFE_MODE_SURVIVORS and the docs"
    )


def test_safe_mode_survivors_are_documented() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "conformance.md").read_text(encoding="utf-8")
    assert set(SAFE_MODE_SURVIVORS) <= set(EXPECTED)
    killed = len(mutants.CATALOGUE) - len(SAFE_MODE_SURVIVORS)
    assert f"safe-mode mutants killed: {killed}/{len(mutants.CATALOGUE)}" in docs
    table = docs.split("| Mutant |", 1)[1].splitlines()
    rows = {m: line for m in EXPECTED for line in table if line.startswith(f"| `{m}` |")}
    assert set(rows) == set(EXPECTED)
    for mutant, row in rows.items():
        guard = SAFE_MODE_SURVIVORS.get(mutant)
        cell = "| killed |" if guard is None else "| SKIP (needs full mode) |"
        assert row.endswith(cell), f"the docs row of {mutant} should end {cell!r}: {row!r}"
        assert guard is None or f"`{guard}`" in row


def test_docs_list_every_check_and_mutant() -> None:
    """docs/conformance.md keeps up: every check in the catalogue table, every mutant in the kill table."""
    from pathlib import Path

    from storefeeder_conformance import all_checks

    docs = (Path(__file__).resolve().parents[2] / "docs" / "conformance.md").read_text(encoding="utf-8")
    for check in all_checks():
        assert f"| `{check.name}` |" in docs, f"{check.name} is not in docs/conformance.md"
    for mutant, checks in EXPECTED.items():
        row = next((line for line in docs.splitlines() if line.startswith(f"| `{mutant}` |")), None)
        assert row is not None, f"{mutant} is not in the kill table of docs/conformance.md"
        assert all(f"`{name}`" in row for name in checks), f"the docs row of {mutant} lacks its checks"

"""Differential test: the mock decides like the real ASP.NET Web API framework (the twin).

Each request goes to both; each answer is reduced to the framework's decision (harness.decide) and
the two must be equal for every framework-decided case. Action-decided cases (StoreFeeder's unknown
action code) compare only what the framework still decides and are listed in the report.

Run it alone: `.nox/tests/bin/pytest tests/differential` (needs ../shared/tools/aspnet-twin).
"""

from __future__ import annotations

import dataclasses
import time

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from .corpus import CASES
from .generated import generated_cases
from .harness import (
    PUT_PATH,
    TOKEN,
    Case,
    Outcome,
    Recorder,
    Server,
    decide,
    grouped,
    run_case,
    twin_action_answer,
)

GENERATED_EXAMPLES = 1000
"""Hypothesis examples per run: ~2 requests each; chosen to keep the module well under 90 s."""

SHOWN = 20


def _explain_all(outcomes: list[Outcome]) -> str:
    """One case of each kind of disagreement (see harness.signature), with the size of its group."""
    groups = grouped(outcomes)
    shown = "\n".join(
        f"[{len(members)} case(s): {key}]\n{members[0].explain()}" for key, members in groups[:SHOWN]
    )
    more = f"\n... and {len(groups) - SHOWN} more kinds" if len(groups) > SHOWN else ""
    return shown + more + "\n(every case: build/differential/report.txt)"


def test_corpus_is_well_formed() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert len(CASES) >= 120, len(CASES)
    for case in CASES:
        assert case.reason.strip(), case.name
        assert case.kind in ("framework", "action"), case.name
        assert (case.compare == "all") == (case.kind == "framework"), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus(case: Case, twin: Server, mock: Server, recorder: Recorder) -> None:
    outcome = run_case(case, twin, mock)
    recorder.add(outcome)
    if case.kind == "framework":
        action = twin_action_answer(case, outcome.twin)
        assert action is None, (
            f"corpus: {case.name} is declared framework-decided, but the twin's answer is {action}"
        )
    if not outcome.agree:
        pytest.fail(f"twin and mock decide differently:\n{outcome.explain()}", pytrace=False)


# Bodies the framework hands to the action as the same thing: model == null with a valid ModelState
# (HttpContentExtensions: an empty body binds null; Json.NET reads white space and `null` as null).
# What the action answers is unknown, but it cannot tell these apart, so it answers them alike (asked
# for JSON, so that negotiation, which falls back to the request's media type, is the same too).
NULL_MODEL_BODIES = (
    ("application/json", b""),
    ("application/json", b"  \r\n\t "),
    ("application/json", b"null"),
    ("text/json", b" null /* nothing */ "),
    ("application/xml", b""),
    (None, b""),
)


def test_null_model_family_is_answered_alike(twin: Server, mock: Server) -> None:
    cases = [
        Case(
            f"null-model {content_type} {body!r}",
            "PUT",
            PUT_PATH,
            (("Authorization", f"Bearer {TOKEN}"), ("Accept", "application/json"))
            + ((("Content-Type", content_type),) if content_type else ()),
            body,
            "action",
            "binds model == null: the action cannot tell these bodies apart",
            "nothing",
        )
        for content_type, body in NULL_MODEL_BODIES
    ]
    twin_answers = {c.name: decide(c, twin.send(c), twin.base_url) for c in cases}
    mock_answers = {c.name: decide(c, mock.send(c), mock.base_url) for c in cases}
    assert len({repr(a) for a in twin_answers.values()}) == 1, (
        f"premise: the twin answers differ: {twin_answers}"
    )
    if len({repr(a) for a in mock_answers.values()}) != 1:
        shown = "\n".join(f"  {name}: {answer}" for name, answer in mock_answers.items())
        pytest.fail(
            "the framework binds each of these bodies as model == null (the twin answers them alike), "
            f"but the mock answers them differently:\n{shown}",
            pytrace=False,
        )


def test_generated(twin: Server, mock: Server, recorder: Recorder) -> None:
    outcomes: list[Outcome] = []
    seen: set[tuple[tuple[tuple[str, str], ...], bytes]] = set()

    @settings(
        max_examples=GENERATED_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=generated_cases())
    def compare(case: Case) -> None:
        if (case.headers, case.body) in seen:
            return  # Hypothesis repeats itself at times; a repeated request tells nothing new
        seen.add((case.headers, case.body))
        named = dataclasses.replace(case, name=f"gen-{len(outcomes) + 1:04d} {case.name}")
        outcome = run_case(named, twin, mock, generated=True)
        outcomes.append(outcome)
        recorder.add(outcome)

    started = time.monotonic()
    compare()
    elapsed = time.monotonic() - started
    assert len(outcomes) >= GENERATED_EXAMPLES // 2, f"only {len(outcomes)} distinct cases generated"
    framework = [o for o in outcomes if o.kind == "framework"]
    differing = [o for o in framework if not o.agree]
    print(f"generated: {len(outcomes)} cases in {elapsed:.1f} s, {len(framework)} framework-decided")
    if differing:
        pytest.fail(
            f"{len(differing)} of {len(framework)} framework-decided generated cases differ:\n"
            + _explain_all(differing),
            pytrace=False,
        )

"""The CI examples (examples/, docs/ci.md): a GitHub Actions workflow that actionlint passes (and a
broken copy it fails), and a GitLab CI job, both running the suite against a URL held in secrets
with a restore journal, restoring from it after a cancel, and uploading JUnit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from . import actionlint

REPO = Path(__file__).resolve().parents[2]
GITHUB = REPO / "examples" / "github-actions" / "storefeeder-conformance.yml"
GITLAB = REPO / "examples" / "gitlab-ci" / "storefeeder-conformance.gitlab-ci.yml"
DOCS = REPO / "docs" / "ci.md"
SECRETS = ("STOREFEEDER_BASE_URL", "STOREFEEDER_USERNAME", "STOREFEEDER_PASSWORD", "STOREFEEDER_CLIENT_ID")
RUN = re.compile(
    r'"\$SUITE" run --base-url "\$STOREFEEDER_BASE_URL" .*--journal "\$JOURNAL" --junit "\$JUNIT"', re.S
)
RESTORE = '"$SUITE" restore --journal "$JOURNAL"'


def _load(path: Path) -> dict[str, Any]:
    value = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


# ----------------------------------------------------------------------------- GitHub Actions


def test_actionlint_passes_the_workflow(actionlint_binary: Path) -> None:
    done = actionlint.lint(actionlint_binary, GITHUB)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


BREAKAGES = {
    "no runs-on": ("    runs-on: ubuntu-24.04\n", "", '"runs-on" section is missing'),
    "restore condition cut short": (
        "        if: always()\n        timeout-minutes: 5\n",
        "        if: always(\n        timeout-minutes: 5\n",
        "always(",
    ),
    "misspelt upload input": (
        "if-no-files-found: warn",
        "if-no-file-found: warn",
        'input "if-no-file-found" is not defined',
    ),
    "runner context in job env": (
        "JOURNAL: build/ci/journal.json",
        "JOURNAL: ${{ runner.temp }}/journal.json",
        'context "runner" is not allowed here',
    ),
    "invalid cron": ('"17 3 * * 1"', '"17 3 * * 9"', "invalid CRON format"),
    "unknown input": (
        "${{ inputs.mode || 'safe' }}",
        "${{ inputs.mood || 'safe' }}",
        'property "mood" is not defined',
    ),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_actionlint_fails_a_broken_workflow(actionlint_binary: Path, tmp_path: Path, breakage: str) -> None:
    old, new, message = BREAKAGES[breakage]
    text = GITHUB.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{breakage}: {old!r} is not once in the workflow"
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace(old, new), encoding="utf-8")
    done = actionlint.lint(actionlint_binary, broken)
    assert done.returncode == 1, f"{breakage}: actionlint passed it\n{done.stdout}{done.stderr}"
    assert message in done.stdout, done.stdout


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    assert isinstance(steps, list)
    return steps


def test_workflow_runs_with_a_journal_restores_always_and_uploads_junit() -> None:
    workflow = _load(GITHUB)
    (job,) = workflow["jobs"].values()
    steps = _steps(workflow)
    runs = [i for i, s in enumerate(steps) if RUN.search(s.get("run", ""))]
    assert len(runs) == 1, "one step runs the suite with --journal and --junit"
    restores = [i for i, s in enumerate(steps) if RESTORE in s.get("run", "")]
    assert len(restores) == 1 and restores[0] > runs[0]
    restore = steps[restores[0]]
    assert "always()" in restore["if"] or "cancelled()" in restore["if"]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(uploads) == 1 and "always()" in uploads[0]["if"]
    assert (
        job["env"]["JUNIT"] in uploads[0]["with"]["path"]
        and job["env"]["JOURNAL"] in uploads[0]["with"]["path"]
    )
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_workflow_keeps_secrets_out_of_scripts() -> None:
    """Secrets reach the suite through the environment, never pasted into a script's text."""
    workflow = _load(GITHUB)
    (job,) = workflow["jobs"].values()
    for name in SECRETS:
        assert job["env"][name] == f"${{{{ secrets.{name} }}}}"
    for step in _steps(workflow):
        assert "secrets." not in step.get("run", "")


# ----------------------------------------------------------------------------- GitLab CI


def _gitlab_job() -> dict[str, Any]:
    config = _load(GITLAB)
    jobs = {
        k: v for k, v in config.items() if not k.startswith(".") and isinstance(v, dict) and "script" in v
    }
    assert list(jobs) == ["storefeeder-conformance"]
    return jobs["storefeeder-conformance"]


def test_gitlab_job_is_well_formed() -> None:
    """What GitLab requires of a job, and the keys used here with the types GitLab takes."""
    job = _gitlab_job()
    allowed = {
        "image", "stage", "rules", "resource_group", "interruptible", "timeout", "variables",
        "before_script", "script", "after_script", "artifacts",
    }  # fmt: skip
    assert set(job) <= allowed, sorted(set(job) - allowed)
    for key in ("before_script", "script", "after_script"):
        assert isinstance(job[key], list) and all(isinstance(line, str) for line in job[key]), key
    assert isinstance(job["image"], str) and isinstance(job["stage"], str)
    assert all(isinstance(rule, dict) and set(rule) <= {"if", "when"} for rule in job["rules"])
    assert isinstance(job["interruptible"], bool) and job["interruptible"] is False
    assert re.fullmatch(r"\d+[hm]( \d+m)?", job["timeout"])
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in job["variables"].items())
    artifacts = job["artifacts"]
    assert set(artifacts) <= {"when", "expire_in", "paths", "reports"}
    assert artifacts["when"] == "always"


def test_gitlab_job_runs_with_a_journal_restores_in_after_script_and_reports_junit() -> None:
    job = _gitlab_job()
    assert any(RUN.search(line) for line in job["script"])
    assert any(RESTORE in line for line in job["after_script"])
    variables = job["variables"]
    assert job["artifacts"]["reports"]["junit"] == variables["JUNIT"]
    assert {variables["JUNIT"], variables["JOURNAL"]} <= set(job["artifacts"]["paths"])
    assert job["resource_group"]
    for name in SECRETS:
        assert name not in variables, f"{name} belongs in the project's CI/CD variables, not the file"


# ----------------------------------------------------------------------------- docs


@pytest.mark.parametrize("example", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_docs_show_each_example_as_it_is(example: Path) -> None:
    """docs/ci.md shows each file verbatim (ready to copy) and names it."""
    docs = DOCS.read_text(encoding="utf-8")
    assert str(example.relative_to(REPO)) in docs
    assert f"```yaml\n{example.read_text(encoding='utf-8')}```" in docs


def test_docs_name_every_variable_the_examples_read() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    text = GITHUB.read_text(encoding="utf-8") + GITLAB.read_text(encoding="utf-8")
    for name in sorted(set(re.findall(r"\bSTOREFEEDER_[A-Z_]+", text))):
        assert f"`{name}`" in docs, name

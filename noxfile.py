"""Project tasks. `nox -s lint tests docs` is what CI runs (scripts/test); `nox -s conformance` is the
main job.

Every session installs what it needs from pinned versions (constraints.txt, package-lock.json),
so a fresh machine with Python and Node.js is enough.
"""

from __future__ import annotations

import shutil

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
# A missing Python must fail the run: skipped sessions would let CI pass having tested nothing.
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"
CONSTRAINTS = ("-c", "constraints.txt")
GENERATOR = ("openapi-python-client==0.29.1", "ruff==0.17.6", "pyyaml")  # pyyaml: scripts/spec_variants.py
KIT_PACKAGES = ("storefeeder", "storefeeder_mock", "storefeeder_conformance")


def install_project(session: nox.Session, *extras: str) -> None:
    """The generated client, then the kit itself (mock, conformance suite), editable."""
    session.install(*CONSTRAINTS, "-e", "generated/python")
    target = f".[{','.join(extras)}]" if extras else "."
    session.install(*CONSTRAINTS, "-e", target, "--config-settings", "editable_mode=strict")


def install_npm_tools(session: nox.Session) -> None:
    session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Regenerate generated/python from openapi.yaml and codegen/."""
    session.install(*CONSTRAINTS, *GENERATOR)
    session.run("python", "scripts/generate.py")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff, mypy --strict, and the spec linters (each project rule proven to fire)."""
    install_project(session, "dev")
    install_npm_tools(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "--strict", "generated/python/storefeeder_client")
    session.run("mypy", *(f"--package={package}" for package in KIT_PACKAGES))
    session.run("mypy", "scripts", "tests")
    session.run("python", "scripts/lint_spec.py")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole test suite, including the generated-client drift check."""
    install_project(session, "dev")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the docs site (build/site/) and check it in headless Chromium with the network blocked
    (screenshots in build/site-check/), then the tests proving the check fails on a broken site."""
    session.install(*CONSTRAINTS, "pyyaml", "markdown-it-py", "playwright", "pytest")
    install_npm_tools(session)
    if shutil.which("chromium") is None:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "chromium", external=True)
    session.run("python", "scripts/docs.py")
    session.run("pytest", "tests/docs", "-p", "no:cacheprovider", env={"STOREFEEDER_DOCS_BROWSER": "1"})


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """The mock against Prism with wrk on 127.0.0.1 (posargs go to scripts/bench_mock.py, e.g. --strict)."""
    install_project(session)
    install_npm_tools(session)  # Prism, pinned in package-lock.json
    if shutil.which("wrk") is None:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "wrk", external=True)
    session.run("python", "scripts/bench_mock.py", *session.posargs)


@nox.session(python=PYTHON)
def bench_facade(session: nox.Session) -> None:
    """The façade against raw httpx on one mock, and bulk rates beside the mock's saturated rate
    (posargs go to scripts/bench_facade.py)."""
    install_project(session)
    if shutil.which("wrk") is None:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "wrk", external=True)
    session.run("python", "scripts/bench_facade.py", *session.posargs)


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """The main job: `storefeeder-conformance run` (posargs go to it; without --base-url it
    starts the embedded mock). Exit 0 all passed, 1 a check failed, 2 bad config/unreachable/auth."""
    install_project(session, "conformance")
    session.run("storefeeder-conformance", "run", *session.posargs)


@nox.session(python=PYTHON)
def bench_conformance(session: nox.Session) -> None:
    """Our default conformance run next to a plain `schemathesis run` on the same spec and mock:
    seconds and requests sent (posargs go to scripts/bench_conformance.py)."""
    install_project(session, "conformance")
    session.run("python", "scripts/bench_conformance.py", *session.posargs)


@nox.session(python=PYTHON)
def clients(session: nox.Session) -> None:
    """TypeScript, Go (two generators) and Java clients: generate each from openapi.yaml, build it
    with its own toolchain, run its smoke program against the embedded mock; print the matrix."""
    install_project(session)
    if shutil.which("mvn") is None or shutil.which("javac") is None:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "maven", "openjdk-17-jdk-headless", external=True)
    session.run("python", "scripts/clients.py", *session.posargs)

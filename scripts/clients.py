"""Clients for other languages: generate each from openapi.yaml, build it with its own toolchain,
and run its smoke program against the embedded mock (`nox -s clients`).

Usage: python scripts/clients.py [--only NAME ...]

Each client is assembled in build/clients/NAME from clients/NAME (generator config, build files,
smoke program: committed) and the generated code (not committed). The mock serves one status the
spec does not list (`extra_status`), and every smoke program must decode an order holding it.
Prints a matrix client x generate / build / smoke with seconds, and the generator's warnings;
exits 1 if anything failed or a generator warned.

Tools: Java 17 and Maven (the openapi-generator jar comes from Maven Central by version, into
~/.m2 once, then build/tools), Go (oapi-codegen is a tool pinned in clients/go-oapi/go.mod),
Node.js and npm (TypeScript pinned in clients/typescript/package-lock.json). Maven, Go and npm
keep their downloads in their default caches, so a second run downloads nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spec_variants import load, oapi_codegen_variant, render

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CLIENTS = ROOT / "clients"
BUILD = ROOT / "build" / "clients"
TOOLS = ROOT / "build" / "tools"
OPENAPI_GENERATOR = "7.17.0"
OPENAPI_GENERATOR_JAR = TOOLS / f"openapi-generator-cli-{OPENAPI_GENERATOR}.jar"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
NEW_STATUS = "BrandNewStatus"
"""The status name the mock adds and the spec does not list."""
SKIP_EXTRAS = "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false"
WARNING = re.compile(r"\bWARN(ING)?\b", re.IGNORECASE)


class StepFailed(Exception):
    """A command failed; the message holds its output."""


def run(*command: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise StepFailed(
            f"$ {' '.join(str(c) for c in command)}  (in {cwd}, exit {result.returncode})\n{output}"
        )
    return output


def warnings_in(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if WARNING.search(line)]


def generator_jar() -> Path:
    """openapi-generator-cli by version from Maven Central (resolved into ~/.m2 once)."""
    if not OPENAPI_GENERATOR_JAR.is_file():
        run(
            "mvn",
            "-q",
            "-B",
            f"{DEPENDENCY_PLUGIN}:copy",
            f"-Dartifact=org.openapitools:openapi-generator-cli:{OPENAPI_GENERATOR}",
            f"-DoutputDirectory={TOOLS}",
        )
    return OPENAPI_GENERATOR_JAR


def openapi_generator(generator: str, name: str, output: Path) -> list[str]:
    out = run(
        "java",
        "-jar",
        generator_jar(),
        "generate",
        "-g",
        generator,
        "-i",
        SPEC,
        "-c",
        CLIENTS / name / "openapi-generator.yaml",
        "-o",
        output,
        "--global-property",
        SKIP_EXTRAS,
    )
    return warnings_in(out)


def assemble(name: str, *files: str) -> Path:
    """A fresh build/clients/NAME holding the committed files of clients/NAME."""
    target = BUILD / name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for file in files:
        shutil.copy2(CLIENTS / name / file, target / file)
    return target


# -- the clients: generate (returns the generator's warnings), build, smoke (returns its output)


def typescript_generate() -> list[str]:
    target = assemble("typescript", "package.json", "package-lock.json", "tsconfig.json", "smoke.ts")
    return openapi_generator("typescript-fetch", "typescript", target / "generated")


def typescript_build() -> None:
    target = BUILD / "typescript"
    run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=target)
    run(target / "node_modules" / ".bin" / "tsc", "--strict", "-p", ".", cwd=target)


def typescript_smoke(env: dict[str, str]) -> str:
    return run("node", "dist/smoke.js", cwd=BUILD / "typescript", env=env)


def go_generate() -> list[str]:
    target = assemble("go", "go.mod", "go.sum", "main.go")
    return openapi_generator("go", "go", target / "storefeeder")


def go_build(name: str) -> None:
    target = BUILD / name
    run("go", "vet", "./...", cwd=target)
    run("go", "build", "-o", "smoke", ".", cwd=target)


def go_smoke(name: str, env: dict[str, str]) -> str:
    return run(BUILD / name / "smoke", cwd=BUILD / name, env=env)


def oapi_codegen_generate() -> list[str]:
    committed = (CLIENTS / "go-oapi" / "openapi.yaml").read_text(encoding="utf-8")
    if committed != render(oapi_codegen_variant(load(SPEC))):
        raise StepFailed(
            "clients/go-oapi/openapi.yaml has drifted from openapi.yaml: "
            "python scripts/spec_variants.py oapi-codegen clients/go-oapi/openapi.yaml"
        )
    target = assemble("go-oapi", "go.mod", "go.sum", "main.go", "oapi-codegen.yaml", "openapi.yaml")
    (target / "storefeeder").mkdir()
    return warnings_in(
        run("go", "tool", "oapi-codegen", "-config", "oapi-codegen.yaml", "openapi.yaml", cwd=target)
    )


def java_generate() -> list[str]:
    target = BUILD / "java"
    if target.exists():
        shutil.rmtree(target)
    warnings = openapi_generator("java", "java", target)
    shutil.copy2(CLIENTS / "java" / "pom.xml", target / "pom.xml")  # pinned, no test framework
    smoke = target / "src" / "main" / "java" / "smoke"
    smoke.mkdir(parents=True)
    shutil.copy2(CLIENTS / "java" / "Smoke.java", smoke / "Smoke.java")
    return warnings


def java_build() -> None:
    run("mvn", "-q", "-B", "package", "-Dmaven.test.skip=true", cwd=BUILD / "java")


def java_smoke(env: dict[str, str]) -> str:
    target = BUILD / "java"
    classpath = os.pathsep.join(
        [str(target / "target" / "classes"), (target / "target" / "classpath.txt").read_text().strip()]
    )
    return run("java", "-cp", classpath, "smoke.Smoke", cwd=target, env=env)


@dataclass(frozen=True)
class Client:
    name: str
    generator: str
    generate: Callable[[], list[str]]
    build: Callable[[], None]
    smoke: Callable[[dict[str, str]], str]


CLIENT_LIST = (
    Client(
        "typescript",
        "openapi-generator typescript-fetch",
        typescript_generate,
        typescript_build,
        typescript_smoke,
    ),
    Client("go", "openapi-generator go", go_generate, lambda: go_build("go"), lambda e: go_smoke("go", e)),
    Client(
        "go-oapi",
        "oapi-codegen (variant: no text/*)",
        oapi_codegen_generate,
        lambda: go_build("go-oapi"),
        lambda e: go_smoke("go-oapi", e),
    ),
    Client("java", "openapi-generator java native", java_generate, java_build, java_smoke),
)


@dataclass
class Row:
    client: Client
    cells: dict[str, tuple[bool, float] | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    failure: str = ""
    output: str = ""

    @property
    def ok(self) -> bool:
        return (
            not self.failure
            and not self.warnings
            and all(c is not None and c[0] for c in self.cells.values())
        )


@contextmanager
def timed(row: Row, step: str) -> Iterator[None]:
    start = time.monotonic()
    try:
        yield
    except StepFailed as exc:
        row.cells[step] = (False, time.monotonic() - start)
        row.failure = f"{step}: {exc}"
        raise
    row.cells[step] = (True, time.monotonic() - start)


def run_client(client: Client, envs: dict[str, str]) -> Row:
    row = Row(client, {"generate": None, "build": None, "smoke": None})
    try:
        with timed(row, "generate"):
            row.warnings = client.generate()
        with timed(row, "build"):
            client.build()
        with timed(row, "smoke"):
            row.output = client.smoke(envs)
    except StepFailed:
        pass
    return row


def smoke_inputs(client_index: int) -> Iterator[dict[str, str]]:
    """Serve the mock with the extra status; yield the smoke programs' variables for one client:
    a leavable order not OnHold (its own, so its read-back proves its write), a missing order,
    and an order in the status the spec does not list."""
    from storefeeder_mock import running_mock
    from storefeeder_mock.spec import load_contract

    locked = {s.name for s in load_contract().statuses if not s.leavable}
    with running_mock(extra_status=NEW_STATUS) as mock:
        account = mock.fixtures["accounts"][0]
        usable = [
            o["OrderNumber"]
            for o in account["orders"]
            if o["OrderStatus"] not in {"OnHold", NEW_STATUS, *locked}
        ]
        carrying = [o["OrderNumber"] for o in account["orders"] if o["OrderStatus"] == NEW_STATUS]
        creds = mock.account(0)
        yield {
            "SF_BASE_URL": mock.base_url,
            "SF_USERNAME": creds.username,
            "SF_PASSWORD": creds.password,
            "SF_CLIENT_ID": creds.client_id,
            "SF_ORDER": str(usable[client_index]),
            "SF_MISSING_ORDER": str(mock.fixtures["free_order_numbers"]["min"] + client_index),
            "SF_NEW_STATUS": NEW_STATUS,
            "SF_NEW_STATUS_ORDER": str(carrying[client_index % len(carrying)]),
        }


def matrix(rows: list[Row]) -> str:
    def cell(value: tuple[bool, float] | None) -> str:
        if value is None:
            return "-"
        return f"{'ok' if value[0] else 'FAIL'} {value[1]:6.1f}s"

    lines = [f"{'client':<10} {'generator':<36} {'generate':<12} {'build':<12} {'smoke':<12} warnings"]
    for row in rows:
        c = row.cells
        lines.append(
            f"{row.client.name:<10} {row.client.generator:<36} {cell(c['generate']):<12} "
            f"{cell(c['build']):<12} {cell(c['smoke']):<12} {len(row.warnings)}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=[c.name for c in CLIENT_LIST], help="some clients only")
    args = parser.parse_args()
    chosen = [c for c in CLIENT_LIST if not args.only or c.name in args.only]
    start = time.monotonic()
    try:
        generator_jar()
    except StepFailed as exc:
        print(f"cannot fetch openapi-generator {OPENAPI_GENERATOR}:\n{exc}", file=sys.stderr)
        return 1
    rows = []
    for index, client in enumerate(chosen):
        print(f"== {client.name}: {client.generator}", flush=True)
        for envs in smoke_inputs(index):
            row = run_client(client, envs)
        rows.append(row)
        for warning in row.warnings:
            print(f"   generator warning: {warning}")
        if row.output:
            print("   " + row.output.strip().replace("\n", "\n   "))
        if row.failure:
            print(f"   FAILED {row.failure}")
    print()
    print(matrix(rows))
    print(f"total {time.monotonic() - start:.1f}s")
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    from closed_output import tolerate_closed_output

    tolerate_closed_output()  # `scripts/x.py | head` ends quietly
    sys.exit(main())

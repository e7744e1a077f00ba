"""The restore journal: what full mode must put back, on disk before the run's first write.

A run in full mode changes real orders and restores them as it goes. If the process is killed
(kill -9, a lost CI runner), the journal is what remains: the base URL and every order the run may
touch with its original status. `storefeeder-conformance restore --journal PATH` reads it back.

The file is replaced atomically (written to a temporary file, fsynced, renamed, the folder
fsynced), so at any moment it is either the previous complete version or the new one.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

VERSION = 1
STATE_ENV = "XDG_STATE_HOME"


class JournalError(RuntimeError):
    """The journal cannot be read or written."""


@dataclass(slots=True)
class Journal:
    path: Path
    base_url: str
    originals: dict[int, str]  # order number -> status before the run
    restored: dict[int, bool] = field(default_factory=dict)  # verified with GET after a restore
    finished: bool = False  # every order verified in its original status at the end
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "tool": "storefeeder-conformance",
            "base_url": self.base_url,
            "finished": self.finished,
            "note": self.note,
            "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "orders": [
                {"OrderNumber": n, "OriginalStatus": s, "restored": self.restored.get(n, False)}
                for n, s in self.originals.items()
            ],
        }

    def save(self) -> None:
        write_atomically(self.path, json.dumps(self.to_json(), indent=2) + "\n")

    def mark(self, restored: Mapping[int, bool], *, finished: bool, note: str = "") -> None:
        self.restored.update(restored)
        self.finished = finished
        self.note = note
        self.save()


def default_path(base_url: str) -> Path:
    """One journal per target under $XDG_STATE_HOME (~/.local/state), so a second run against the
    same server finds an unfinished one."""
    parts = urlsplit(base_url)
    name = f"{parts.hostname or 'server'}_{parts.port or (443 if parts.scheme == 'https' else 80)}"
    state = Path(os.environ.get(STATE_ENV) or Path.home() / ".local" / "state")
    return state / "storefeeder-conformance" / f"{name}.journal.json"


def load(path: Path) -> Journal:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
        orders = data["orders"]
        originals = {int(o["OrderNumber"]): str(o["OriginalStatus"]) for o in orders}
        restored = {int(o["OrderNumber"]): bool(o.get("restored")) for o in orders}
        return Journal(
            path,
            str(data["base_url"]),
            originals,
            restored,
            bool(data.get("finished")),
            str(data.get("note", "")),
        )
    except OSError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise JournalError(f"{path} is not a journal of this tool: {exc}") from None


def unfinished(path: Path) -> Journal | None:
    """The journal at `path` when a run left it unfinished (its orders may still be changed)."""
    if not path.exists():
        return None
    journal = load(path)
    return None if journal.finished else journal


def write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with temporary.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as exc:
        raise JournalError(f"cannot write the journal {path}: {exc.strerror or exc}") from None

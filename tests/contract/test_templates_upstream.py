"""codegen/templates stays a thin layer over openapi-python-client's templates, and says where.

An override of an upstream template may differ from it only by the lines recorded in
codegen/upstream-changes.diff (imports, includes, call sites); everything else lives in the
project's own files. Upgrading the generator makes the first test fail with the lines to re-apply.
"""

from __future__ import annotations

import inspect
import shutil
import sys
from pathlib import Path

from storefeeder_client import models
from storefeeder_client.api.authentication import create_token
from storefeeder_client.api.orders import override_order_statuses

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import template_diff  # noqa: E402


def test_overrides_differ_from_upstream_only_as_recorded() -> None:
    recorded = template_diff.RECORD.read_text(encoding="utf-8")
    hint = "run `python scripts/template_diff.py` to see what moved"
    assert template_diff.template_changes() == recorded, hint


def test_an_unrecorded_change_to_an_override_is_caught(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(template_diff.TEMPLATES, templates)
    model = templates / "model.py.jinja"
    source = model.read_text(encoding="utf-8")
    model.write_text(source.replace("\nreturn field_dict", "\nreturn dict(field_dict)"), encoding="utf-8")
    changes = template_diff.template_changes(templates)
    assert changes != template_diff.RECORD.read_text(encoding="utf-8")
    assert "+return dict(field_dict)" in changes


def test_only_models_that_travel_as_xml_have_xml_code() -> None:
    xml_models = {name for name in models.__all__ if hasattr(getattr(models, name), "XML_FIELDS")}
    assert xml_models == {
        "HttpError",
        "HttpErrorModelState",
        "OrderModel",
        "OrderStatusModel",
        "OrderStatusesResponse",
        "OverrideOrderStatusModel",
        "OverrideOrderStatusResponse",
    }
    assert not hasattr(models.TokenResponse, "to_xml")
    assert "load_body" not in inspect.getsource(create_token)  # /Token answers JSON only
    assert "xml_write" in inspect.getsource(override_order_statuses)

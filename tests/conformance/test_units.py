"""Unit tests of the suite's own parts: contract reading, hardened XML, bodies, masking, JUnit,
the per-item model and the steering of generated requests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from storefeeder_conformance import contract as contract_module
from storefeeder_conformance import model, strategies, xmlread
from storefeeder_conformance.bodies import BodyError, override_body, results
from storefeeder_conformance.checks.semantics import mixed_batch
from storefeeder_conformance.context import Context, Mode
from storefeeder_conformance.report import CheckResult, Outcome, RunReport, Scrubber, write_junit
from storefeeder_conformance.schemathesis_bridge import Steering, xml_to_value
from storefeeder_conformance.wire import Bearer, Exchange

SPEC = contract_module.default_spec_path()


@pytest.fixture(scope="module")
def c() -> contract_module.Contract:
    return contract_module.load()


def _raw() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_contract_values_come_from_the_yaml(c: contract_module.Contract) -> None:
    raw = _raw()
    schemas = raw["components"]["schemas"]
    assert c.batch_max == schemas["ArrayOfOverrideOrderStatusModel"]["maxItems"]
    assert c.number_max == schemas["OrderNumber"]["maximum"]
    assert c.number_pattern == schemas["OrderNumber"]["x-text-pattern"]
    assert c.not_found_text == schemas["Statuses"]["x-storefeeder-item-errors"]["order-not-found-or-foreign"]
    assert c.status_names == tuple(schemas["Statuses"]["enum"])
    assert c.result_shape.fields == tuple(schemas["OverrideOrderStatusResponse"]["properties"])
    assert c.request_shape.root == schemas["ArrayOfOverrideOrderStatusModel"]["xml"]["name"]
    assert set(c.namespaces) == {"xsd", "xsi"}
    assert (c.status_invalid, c.status_unauthorized, c.status_unsupported, c.status_not_found) == (
        400,
        401,
        415,
        404,
    )


def test_a_spec_without_what_the_suite_reads_is_a_contract_error(tmp_path: Path) -> None:
    raw = _raw()
    del raw["components"]["schemas"]["ArrayOfOverrideOrderStatusModel"]["maxItems"]
    broken = tmp_path / "openapi.yaml"
    broken.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(contract_module.ContractError, match="maxItems"):
        contract_module.load(broken)


def test_xml_reader_keeps_names_order_and_declarations() -> None:
    root = xmlread.parse(
        b'<A xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b"<B><Z>1</Z><Y> 2 </Y></B></A>"
    )
    assert root.tag == "A" and root.namespaces["xsi"].endswith("XMLSchema-instance")
    assert root.children[0].child_tags == ["Z", "Y"] and root.children[0].children[1].text == " 2 "
    assert not root.in_namespace


@pytest.mark.parametrize(
    "hostile",
    [
        b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
        b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        b"<a><b></a>",
        b"",
    ],
)
def test_xml_reader_refuses_hostile_or_broken_input(hostile: bytes) -> None:
    with pytest.raises(xmlread.XmlError):
        xmlread.parse(hostile)


def _exchange(content: bytes, media: str, status: int = 200) -> Exchange:
    return Exchange("PUT", "http://x/o", (), b"", status, (("Content-Type", media),), content)


def test_results_are_read_strictly(c: contract_module.Contract) -> None:
    ok = _exchange(b'[{"OrderNumber":1,"OrderStatus":"OnHold","Success":true}]', "application/json")
    assert [r.key() for r in results(c, ok)] == [(1, "OnHold", True, None)]
    for bad in (
        b'[{"OrderNumber":"1","OrderStatus":"OnHold","Success":true}]',
        b'[{"OrderNumber":1}]',
        b"{}",
    ):
        with pytest.raises(BodyError):
            results(c, _exchange(bad, "application/json"))
    xml = (
        b"<ArrayOfOverrideOrderStatusResponse><OverrideOrderStatusResponse><Success>false</Success>"
        b"<Error>E</Error><OrderNumber>2</OrderNumber><OrderStatus>Draft</OrderStatus>"
        b"</OverrideOrderStatusResponse></ArrayOfOverrideOrderStatusResponse>"
    )
    assert [r.key() for r in results(c, _exchange(xml, "text/xml; charset=utf-8"))] == [
        (2, "Draft", False, "E")
    ]
    with pytest.raises(BodyError, match="neither JSON nor XML"):
        results(c, _exchange(b"[]", "text/plain"))


def test_xml_request_body_uses_the_contract_names(c: contract_module.Contract) -> None:
    root = xmlread.parse(override_body(c, "application/xml", [(7, "OnHold")]))
    assert root.tag == c.request_shape.root and root.child_tags == [c.request_shape.item]
    assert root.children[0].child_tags == [c.number_field, c.status_field]
    assert root.namespaces == dict(c.namespaces)


def test_curl_shows_a_placeholder_never_the_token() -> None:
    from storefeeder_conformance.wire import Wire

    wire = Wire("http://127.0.0.1:1")
    try:
        with pytest.raises(Exception, match="ConnectError"):
            wire.send("GET", "/x", bearer=Bearer("s3cret-token-value"))
    finally:
        wire.close()
    exchange = Exchange(
        "PUT",
        "http://h/p",
        (("Authorization", "Bearer $STOREFEEDER_TOKEN"), ("Content-Type", "a/b")),
        b"[1]",
        400,
        (),
        b"",
    )
    curl = exchange.curl()
    assert '"Authorization: Bearer $STOREFEEDER_TOKEN"' in curl and "--data-binary '[1]'" in curl


def test_scrubber_and_junit(tmp_path: Path) -> None:
    secrets = {"tok-123456", "pw-abcdef"}
    scrub = Scrubber(lambda: secrets)
    assert scrub("a tok-123456 b pw-abcdef") == "a *** b ***"
    report = RunReport(
        results=[
            CheckResult("a-rule", "semantics", "s", Outcome.PASS),
            CheckResult("b-rule", "semantics", "s", Outcome.FAIL, "broke with tok-123456", "curl x"),
            CheckResult("c-rule", "auth", "s", Outcome.SKIP, "needs more"),
        ],
        settings={"base_url": "http://h", "password": "pw-abcdef"},
    )
    path = tmp_path / "j.xml"
    write_junit(report, path, scrub)
    text = path.read_text(encoding="utf-8")
    assert "tok-123456" not in text and "pw-abcdef" not in text
    assert 'failures="1"' in text and 'skipped="1"' in text and "curl x" in text
    assert report.closing_line() == "1 passed, 1 failed, 1 skipped" and report.exit_code == 1


def test_model_follows_the_per_item_rules(c: contract_module.Contract) -> None:
    catalogue = {"OnHold": True, "Despatched": True, "Assigned": False}
    outcomes, after = model.apply(
        c, catalogue, {1: "OnHold"}, [(1, "Despatched"), (1, "Assigned"), (2, "OnHold")]
    )
    assert [(o.success, o.error) for o in outcomes] == [
        (True, None),
        (False, c.not_overridable_text),
        (False, c.not_found_text),
    ]
    assert after == {1: "Despatched"}


def test_steering_rewrites_only_valid_numbers(c: contract_module.Contract) -> None:
    steering = Steering(c, (2_000_000_001, 2_000_000_002), frozenset(c.status_names))
    body = [{"OrderNumber": 5, "OrderStatus": "OnHold"}, {"OrderNumber": 0}, {"OrderNumber": "7"}, "x"]
    steering.rewrite(body)
    assert body[0] == {"OrderNumber": 2_000_000_002, "OrderStatus": "OnHold"}
    assert body[1:] == [{"OrderNumber": 0}, {"OrderNumber": "7"}, "x"]
    valid = override_body(c, "application/xml", [(1, "OnHold")])
    assert steering.wire_valid(valid)
    assert steering.wire_valid(override_body(c, "application/xml", []))
    assert not steering.wire_valid(valid.replace(b">1<", b">01<"))
    assert not steering.wire_valid(valid.replace(b"OnHold", b"Nope"))


def test_xml_answers_are_converted_for_schema_validation(c: contract_module.Contract) -> None:
    doc = dict(c.document)
    schema = doc["components"]["schemas"]["ArrayOfOverrideOrderStatusResponse"]
    root = xmlread.parse(
        b"<R><I><Success>true</Success><OrderNumber>3</OrderNumber><OrderStatus>OnHold</OrderStatus></I></R>"
    )
    assert xml_to_value(doc, schema, root) == [{"Success": True, "OrderNumber": 3, "OrderStatus": "OnHold"}]


FOREIGN = 1_500_000_000


def _context(c: contract_module.Contract, mode: Mode, catalogue: dict[str, bool]) -> Context:
    """A Context for what needs no server: strategies and batches built from the run's fixtures."""
    refused = [s for s, ok in catalogue.items() if not ok]
    own = {11: "OnHold", 12: "Despatched", **({13: refused[0]} if refused else {})}
    return Context(
        contract=c,
        wire=None,  # type: ignore[arg-type]
        tokens=None,  # type: ignore[arg-type]
        mode=mode,
        seed=0,
        max_examples=10,
        catalogue=catalogue,
        own=own,
        foreign=FOREIGN,
        absent=[2_000_000_001, 2_000_000_002, 2_000_000_003],
    )


CATALOGUES = {
    "with-refused": {"OnHold": True, "Despatched": True, "Assigned": False},
    "all-overridable": {"OnHold": True, "Despatched": True},
}


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("catalogue", list(CATALOGUES))
def test_foreign_order_only_ever_gets_refused_targets(
    c: contract_module.Contract, mode: Mode, catalogue: str
) -> None:
    """In both modes: a server that wrongly applies what the foreign order is sent changes nothing."""
    ctx = _context(c, mode, CATALOGUES[catalogue])
    sent: list[tuple[int, str]] = []

    @settings(max_examples=200, database=None, derandomize=True)
    @given(batch=strategies.batches(ctx))
    def collect(batch: list[tuple[int, str]]) -> None:
        sent.extend(batch)

    collect()
    sent.extend(mixed_batch(ctx))
    foreign_targets = {s for n, s in sent if n == FOREIGN}
    assert all(not ctx.catalogue[s] for s in foreign_targets), foreign_targets
    assert bool(foreign_targets) == bool(ctx.not_overridable)


def test_invalid_json_items_are_only_what_the_framework_refuses(c: contract_module.Contract) -> None:
    """No generated "invalid" JSON item is one ASP.NET binds: no number string (Json.NET reads
    "1001"), no status name in another case or a numeric id, no item without OrderStatus (bound as
    0, it reaches the action)."""
    ctx = _context(c, Mode.FULL, CATALOGUES["with-refused"])
    items: list[dict[str, object]] = []

    @settings(max_examples=400, database=None, derandomize=True)
    @given(item=strategies.invalid_json_items(ctx))
    def collect(item: dict[str, object]) -> None:
        items.append(item)

    collect()
    known = {s.lower() for s in (*ctx.catalogue, *c.status_names)}
    for item in items:
        number, status = item.get(c.number_field), item.get(c.status_field)
        assert c.status_field in item, item
        assert not isinstance(number, str), item
        assert isinstance(status, str), item
        bad_number = c.number_field not in item or not (
            type(number) is int and c.number_min <= number <= c.number_max
        )
        bad_status = status.strip().lower() not in known and not status[:1].isdigit()
        assert bad_number or bad_status, item


XML_BINDS = re.compile(r"[\t\n\r ]*\+?0*([1-9][0-9]*)[\t\n\r ]*")
"""OrderNumber text XmlConvert.ToInt32 reads as a number of 1 or more."""


def test_invalid_xml_items_are_only_what_the_framework_refuses(c: contract_module.Contract) -> None:
    """No generated "invalid" XML item is one XmlSerializer binds and the pattern passes: leading
    zeros, a '+' sign and white space around the number bind, so they are never sent as invalid."""
    ctx = _context(c, Mode.FULL, CATALOGUES["with-refused"])
    items: list[list[tuple[str, str]]] = []

    @settings(max_examples=400, database=None, derandomize=True)
    @given(item=strategies.invalid_xml_items(ctx))
    def collect(item: list[tuple[str, str]]) -> None:
        items.append(list(item))

    collect()
    names = set(ctx.catalogue) | set(c.status_names)
    for item in items:
        fields = dict(item)
        match = XML_BINDS.fullmatch(fields.get(c.number_field, ""))
        number_binds = match is not None and int(match.group(1)) <= c.number_max
        assert not (number_binds and fields.get(c.status_field) in names), item

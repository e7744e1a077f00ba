"""The hand-written corpus: odd but plausible requests, each (name, method, path, headers, body, kind).

Written for this test (not the examples of ../shared/reference/aspnet-webapi-behaviour.md). Every
case says who decides its answer and why: "framework" (ASP.NET Web API 5.2.9 / Json.NET 6 /
XmlSerializer decide: the mock must answer as the twin does) or "action" (StoreFeeder's unknown
action code decides: only `compare` is checked, and the case is listed in the report).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .harness import PUT_PATH, TOKEN, Case, Compare, Kind

JSON = "application/json"
XML = "application/xml"
BEARER = f"Bearer {TOKEN}"

CASES: list[Case] = []


def _add(
    name: str,
    body: str | bytes,
    reason: str,
    *,
    method: str = "PUT",
    path: str = PUT_PATH,
    content_type: str | None = JSON,
    accept: str | None = None,
    auth: str | None = BEARER,
    extra: Sequence[tuple[str, str]] = (),
    kind: Kind = "framework",
    compare: Compare | None = None,
) -> None:
    headers: list[tuple[str, str]] = []
    if auth is not None:
        headers.append(("Authorization", auth))
    if content_type is not None:
        headers.append(("Content-Type", content_type))
    if accept is not None:
        headers.append(("Accept", accept))
    headers.extend(extra)
    raw = body.encode("utf-8") if isinstance(body, str) else body
    chosen: Compare = compare if compare is not None else ("all" if kind == "framework" else "nothing")
    CASES.append(Case(name, method, path, tuple(headers), raw, kind, reason, chosen))


def json_body(number: str = "1001", status: str = '"OnHold"') -> str:
    """A one-item JSON batch with the values written as given (raw JSON fragments)."""
    return f'[{{"OrderNumber":{number},"OrderStatus":{status}}}]'


def xml_body(number: str | None = "1001", status: str | None = "OnHold", *, root: str = "") -> str:
    """A one-item XML batch; None leaves the element out."""
    inner = ""
    if number is not None:
        inner += f"<OrderNumber>{number}</OrderNumber>"
    if status is not None:
        inner += f"<OrderStatus>{status}</OrderStatus>"
    return xml_doc(f"<OverrideOrderStatusModel>{inner}</OverrideOrderStatusModel>", root=root)


def xml_doc(items: str, *, root: str = "") -> str:
    return f"<ArrayOfOverrideOrderStatusModel{root}>{items}</ArrayOfOverrideOrderStatusModel>"


def many_json(count: int, first: int = 1001) -> str:
    return json.dumps([{"OrderNumber": first + i, "OrderStatus": "OnHold"} for i in range(count)])


def many_xml(count: int, first: int = 1001) -> str:
    return xml_doc(
        "".join(
            f"<OverrideOrderStatusModel><OrderNumber>{first + i}</OrderNumber>"
            "<OrderStatus>Despatched</OrderStatus></OverrideOrderStatusModel>"
            for i in range(count)
        )
    )


NS = ' xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'

# ------------------------------------------------------------------------------ JSON numbers
_add("json-ok", json_body(), "a canonical item: Json.NET binds, the echo is the framework's serialisation")
_add("json-number-string", json_body('"1002"'), "Json.NET reads a number string into an int")
_add(
    "json-number-string-zero-led", json_body('"0001003"'), 'Json.NET converts "0001003" with int.Parse rules'
)
_add(
    "json-number-string-padded",
    json_body('"  1004  "'),
    "Json.NET's string-to-int conversion allows white space",
)
_add(
    "json-number-string-plus",
    json_body('"+1005"'),
    "a leading + in a number string: Json.NET/int.Parse decide",
)
_add("json-number-string-minus", json_body('"-1006"'), "a negative number string binds, then the regex fails")
_add(
    "json-number-string-float",
    json_body('"1007.0"'),
    '"1007.0" is not an int string: conversion error + regex',
)
_add(
    "json-number-string-exponent",
    json_body('"1e3"'),
    "an exponent in a number string: Json.NET's conversion decides",
)
_add("json-number-string-hex", json_body('"0x3EF"'), "a hex number string: Json.NET's conversion decides")
_add(
    "json-number-string-empty",
    json_body('""'),
    "an empty string for an int: Json.NET decides (null-ish) then regex",
)
_add(
    "json-number-string-letters",
    json_body('"12ab"'),
    "a non-numeric string: conversion error under the field's key",
)
_add(
    "json-number-null",
    json_body("null"),
    "null for a non-nullable int: Json.NET's error or default, then regex",
)
_add(
    "json-number-missing", '[{"OrderStatus":"OnHold"}]', "a missing int binds 0 (no [Required]), regex fails"
)
_add("json-number-zero", json_body("0"), "0 binds and fails the regex on the bound value")
_add("json-number-negative", json_body("-15"), "a negative number binds and fails the regex")
_add("json-number-negative-zero", json_body("-0"), "-0 is 0 for an int: the regex fails")
_add("json-number-float-whole", json_body("1010.0"), "a float token for an int: Json.NET's reader decides")
_add(
    "json-number-fraction", json_body("1010.25"), "a fractional number for an int: reader error, remote text"
)
_add("json-number-exponent", json_body("1.011e3"), "an exponent number for an int: Json.NET's reader decides")
_add("json-number-int32-max", json_body("2147483647"), "int.MaxValue binds and passes the regex")
_add("json-number-int32-overflow", json_body("2147483648"), "int.MaxValue + 1: Json.NET overflow error")
_add("json-number-int32-min", json_body("-2147483648"), "int.MinValue binds and fails the regex")
_add(
    "json-number-huge",
    json_body("123456789012345678901234567890"),
    "a BigInteger token for an int: reader error",
)
_add("json-number-false", json_body("false"), "a boolean for an int: Json.NET error")
_add("json-number-array", json_body("[1012]"), "an array for an int: Json.NET error (the reader may desync)")
_add("json-number-object", json_body('{"v":1012}'), "an object for an int: Json.NET error")
_add("json-number-octal-literal", json_body("01013"), "Json.NET 6 reads a 0-led number literal as octal")
_add("json-number-hex-literal", json_body("0x3F5"), "Json.NET 6 reads a 0x number literal as hex")
_add("json-number-nan", json_body("NaN"), "Json.NET reads NaN as a float: error for an int")
_add("json-number-infinity", json_body("-Infinity"), "Json.NET reads -Infinity as a float: error for an int")
_add("json-number-undefined", json_body("undefined"), "Json.NET reads `undefined` like null")
_add(
    "json-two-items-second-zero",
    '[{"OrderNumber":1014,"OrderStatus":"OnHold"},{"OrderNumber":0,"OrderStatus":"Despatched"}]',
    "the ModelState key carries the item's index: model[1].OrderNumber",
)
_add(
    "json-three-items-mixed",
    '[{"OrderNumber":-1,"OrderStatus":"OnHold"},{"OrderNumber":1015,"OrderStatus":"Nope"},'
    '{"OrderNumber":"x","OrderStatus":"OnHold"}]',
    "errors of several items and fields, each under its own key",
)

# ------------------------------------------------------------------------------ JSON statuses
_add(
    "json-status-lower",
    json_body("1016", '"despatched"'),
    "StringEnumConverter parses names case-insensitively",
)
_add(
    "json-status-upper",
    json_body("1017", '"COURIERCLAIM"'),
    "StringEnumConverter parses names case-insensitively",
)
_add("json-status-padded", json_body("1018", '"  Returned "'), "Enum.Parse trims white space around a name")
_add(
    "json-status-numeric-string",
    json_body("1019", '"7"'),
    "Enum.Parse accepts a numeric string (7 = Despatched)",
)
_add("json-status-numeric", json_body("1020", "13"), "an integer for an enum: StringEnumConverter allows it")
_add(
    "json-status-numeric-padded-string",
    json_body("1021", '" 16 "'),
    "Enum.Parse trims a padded numeric string",
)
_add(
    "json-status-flags-defined",
    json_body("1022", '"AwaitingPayment, CompleteReadyToPick"'),
    "flags: 2|3 = 3 is a name",
)
_add(
    "json-status-flags-same",
    json_body("1023", '"OnHold,OnHold"'),
    "flags of one name twice: 16|16 = 16 (OnHold)",
)
_add("json-status-unknown", json_body("1024", '"Shipped"'), "an unknown name: converter error, remote text")
_add("json-status-display-name", json_body("1025", '"On Hold"'), "a display name is not an enum name: error")
_add("json-status-empty", json_body("1026", '""'), "an empty string for a non-nullable enum: converter error")
_add("json-status-bool", json_body("1027", "false"), "a boolean for an enum: converter error")
_add("json-status-float", json_body("1028", "16.5"), "a float for an enum: converter error")
_add("json-status-object", json_body("1029", '{"Name":"OnHold"}'), "an object for an enum: converter error")
_add(
    "json-status-and-number-bad",
    json_body('"abc"', '"Nope"'),
    "two bad fields in one item: two keys, texts in the framework's order",
)
_add(
    "json-status-zero",
    json_body("1030", "0"),
    "0 binds (no [Required]); an undefined status reaching the action is its business",
    kind="action",
)
_add(
    "json-status-undefined-int",
    json_body("1031", "999"),
    "999 binds as an undefined enum value; what the action does with it is unknown",
    kind="action",
)
_add(
    "json-status-null",
    json_body("1032", "null"),
    "null binds the enum's default 0; the action decides what an undefined status gets",
    kind="action",
)
_add(
    "json-status-missing",
    '[{"OrderNumber":1033}]',
    "a missing OrderStatus binds 0 (no [Required]); the action decides",
    kind="action",
)
_add(
    "json-status-flags-undefined",
    json_body("1034", '"OnHold, Despatched"'),
    "flags 16|7 = 23, not a defined name; the action decides",
    kind="action",
)
_add(
    "json-status-negative-string",
    json_body("1035", '"-1"'),
    '"-1" parses to the undefined value -1; the action decides',
    kind="action",
)

# ------------------------------------------------------------------------------ JSON documents
_add("json-single-quotes", "[{'OrderNumber':1040,'OrderStatus':'OnHold'}]", "Json.NET accepts single quotes")
_add("json-unquoted-names", '[{OrderNumber:1041,OrderStatus:"OnHold"}]', "Json.NET accepts unquoted names")
_add(
    "json-unquoted-value",
    "[{OrderNumber:1042,OrderStatus:OnHold}]",
    "an unquoted value: Json.NET's reader decides",
)
_add(
    "json-comments",
    '/* lead */[{"OrderNumber":1043, // n\n"OrderStatus":"OnHold" /* s */}]',
    "Json.NET skips comments",
)
_add(
    "json-trailing-comma-object",
    '[{"OrderNumber":1044,"OrderStatus":"OnHold",}]',
    "trailing comma in an object",
)
_add(
    "json-trailing-comma-array",
    '[{"OrderNumber":1045,"OrderStatus":"OnHold"},]',
    "trailing comma in the array",
)
_add("json-trailing-garbage", json_body("1046") + " trailing words", "Json.NET stops after the array")
_add(
    "json-trailing-second-array",
    json_body("1047") + '[{"OrderNumber":0}]',
    "a second document after the array",
)
_add(
    "json-duplicate-keys-last-good",
    '[{"OrderNumber":0,"OrderNumber":1048,"OrderStatus":"OnHold"}]',
    "last wins",
)
_add(
    "json-duplicate-then-null",
    '[{"OrderNumber":1039,"OrderNumber":null,"OrderStatus":"OnHold"}]',
    "NullValueHandling.Ignore also skips a null when reading: the earlier value stays",
)
_add(
    "json-duplicate-status-then-null",
    '[{"OrderNumber":1038,"OrderStatus":"Returned","OrderStatus":null}]',
    "NullValueHandling.Ignore: a later null OrderStatus is skipped, the earlier name stays",
)
_add(
    "json-duplicate-keys-last-bad",
    '[{"OrderNumber":1049,"OrderNumber":-3,"OrderStatus":"OnHold"}]',
    "last wins",
)
_add(
    "json-duplicate-status-keys",
    '[{"OrderNumber":1050,"OrderStatus":"Nope","OrderStatus":"OnHold"}]',
    "an invalid value then a valid one under the same key: the framework's error bookkeeping decides",
)
_add(
    "json-unknown-properties",
    '[{"OrderNumber":1051,"OrderStatus":"OnHold","Extra":1,"Notes":{"a":[1,2,{"b":null}]}}]',
    "unknown properties (with nested junk) are ignored",
)
_add(
    "json-case-insensitive-names",
    '[{"orderNUMBER":1052,"orderstatus":"OnHold"}]',
    "Json.NET matches property names case-insensitively",
)
_add(
    "json-reordered-fields", '[{"OrderStatus":"OnHold","OrderNumber":1053}]', "property order does not matter"
)
_add(
    "json-unicode-escaped-name",
    '[{"\\u004FrderNumber":1054,"OrderStatus":"OnHold"}]',
    "escaped property name",
)
_add(
    "json-object-not-array",
    '{"OrderNumber":1055,"OrderStatus":"OnHold"}',
    "an object for a list: key `model`",
)
_add("json-empty-object", "{}", "an empty object for a list: key `model`")
_add("json-empty-array", "[]", "an empty list binds; the framework serialises []")
_add("json-nested-array", '[[{"OrderNumber":1056}]]', "an array for an item: key model[0]")
_add("json-array-of-numbers", "[1057]", "a number for an item: key model[0]")
_add("json-array-of-strings", '["1058"]', "a string for an item: key model[0]")
_add("json-string-document", '"orders"', "a string for a list: key `model`")
_add("json-number-document", "42", "a number for a list: key `model`")
_add("json-true-document", "true", "a boolean for a list: key `model`")
_add("json-unterminated", '[{"OrderNumber":1059,"OrderStatus":"OnHold"', "an unterminated document")
_add("json-unterminated-string", '[{"OrderNumber":1060,"OrderStatus":"OnH', "an unterminated string")
_add("json-garbage-document", "<html>", "not JSON at all with a JSON Content-Type")
_add("json-bom", "\ufeff" + json_body("1061"), "a UTF-8 BOM before the JSON")
_add(
    "json-pretty",
    '\n[\n  {\n    "OrderNumber" : 1062 ,\n    "OrderStatus" : "OnHold"\n  }\n]\n',
    "whitespace",
)
_add(
    "json-empty-name-property", '[{"":1,"OrderNumber":1063,"OrderStatus":"OnHold"}]', "an empty property name"
)
_add(
    "json-null-item-with-error",
    '[null,{"OrderNumber":0,"OrderStatus":"OnHold"}]',
    "a null item and an invalid one: ModelState decides (400)",
)
_add(
    "json-exactly-50", many_json(50), "50 items bind; the framework echoes them (the 50-limit is not crossed)"
)
_add("json-array-of-null", "[null]", "[null] binds a null item; the action decides its answer", kind="action")
_add(
    "json-51-items",
    many_json(51, 1100),
    "more than 50 items: the limit is StoreFeeder's action code (status and text unknown)",
    kind="action",
)
_add(
    "json-51-items-one-invalid",
    many_json(50, 1100)[:-1] + ',{"OrderNumber":0,"OrderStatus":"OnHold"}]',
    "51 items with a ModelState error: which check runs first is action code",
    kind="action",
)
_add("json-empty-body", b"", "an empty body binds null; the action decides", kind="action")
_add("json-null-document", "null", "`null` binds null; the action decides", kind="action")
_add("json-whitespace-body", "  \r\n ", "white space only binds null; the action decides", kind="action")

# ------------------------------------------------------------------------------ XML
_add("xml-ok", xml_body("1070"), "a canonical XML item", content_type=XML)
_add(
    "xml-ok-namespaces",
    xml_body("1071", root=NS),
    "the xsd/xsi declarations the Help sample shows",
    content_type=XML,
)
_add(
    "xml-declaration",
    '<?xml version="1.0" encoding="utf-8"?>' + xml_body("1072"),
    "an XML declaration",
    content_type=XML,
)
_add("xml-text-xml", xml_body("1073"), "text/xml is the XML formatter's too", content_type="text/xml")
_add(
    "xml-wrong-root",
    xml_body("1074").replace("ArrayOfOverrideOrderStatusModel", "Orders"),
    "XmlSerializer rejects another root: one key `model`",
    content_type=XML,
)
_add(
    "xml-default-namespace",
    xml_body("1075", root=' xmlns="http://schemas.datacontract.org/2004/07/StoreFeeder"'),
    "a default namespace: XmlSerializer expects none",
    content_type=XML,
)
_add(
    "xml-doctype",
    '<!DOCTYPE ArrayOfOverrideOrderStatusModel [<!ENTITY n "1076">]>' + xml_body("&n;"),
    "a DOCTYPE: the formatter's reader prohibits DTDs",
    content_type=XML,
)
_add("xml-number-zero-led", xml_body("0001077"), "XmlConvert.ToInt32 accepts leading zeros", content_type=XML)
_add("xml-number-padded", xml_body("  1078 "), "XmlConvert trims white space", content_type=XML)
_add("xml-number-newlines", xml_body("\n\t1079\r\n"), "XmlConvert trims XML white space", content_type=XML)
_add("xml-number-plus", xml_body("+1080"), "XmlConvert accepts a + sign", content_type=XML)
_add("xml-number-minus", xml_body("-1081"), "a negative number binds, the regex fails", content_type=XML)
_add("xml-number-zero", xml_body("0"), "0 binds, the regex fails", content_type=XML)
_add(
    "xml-number-empty",
    xml_body(""),
    "an empty int element: XmlSerializer error, key `model`",
    content_type=XML,
)
_add(
    "xml-number-self-closing",
    xml_doc(
        "<OverrideOrderStatusModel><OrderNumber/><OrderStatus>OnHold</OrderStatus></OverrideOrderStatusModel>"
    ),
    "a self-closing int element: XmlSerializer decides",
    content_type=XML,
)
_add(
    "xml-number-overflow",
    xml_body("2147483648"),
    "beyond int32: XmlSerializer error, key `model`",
    content_type=XML,
)
_add("xml-number-max", xml_body("2147483647"), "int.MaxValue binds", content_type=XML)
_add("xml-number-exponent", xml_body("1e3"), "an exponent is not an XML int", content_type=XML)
_add("xml-number-decimal", xml_body("1082.0"), "a decimal is not an XML int", content_type=XML)
_add(
    "xml-number-arabic-digits",
    xml_body("\u0661\u0660\u0668\u0663"),
    "non-ASCII digits: XmlConvert decides",
    content_type=XML,
)
_add("xml-number-letters", xml_body("12ab"), "letters: XmlSerializer error", content_type=XML)
_add("xml-number-cdata", xml_body("<![CDATA[1084]]>"), "a CDATA section holding the number", content_type=XML)
_add("xml-number-char-ref", xml_body("&#49;085"), "a character reference inside the number", content_type=XML)
_add(
    "xml-number-comment-inside",
    xml_body("10<!-- c -->86"),
    "a comment splitting the number",
    content_type=XML,
)
_add(
    "xml-number-child-element",
    xml_doc(
        "<OverrideOrderStatusModel><OrderStatus>OnHold</OrderStatus><OrderNumber><n>1113</n></OrderNumber>"
        "</OverrideOrderStatusModel>"
    ),
    "ReadElementString reads the text of a child element (XmlReader.ReadString descends into it)",
    content_type=XML,
)
_add(
    "xml-number-text-then-element",
    xml_body("1114<n>5</n>"),
    "text followed by an element: ReadElementString throws, one key `model`",
    content_type=XML,
)
_add(
    "xml-number-missing",
    xml_body(None, "OnHold"),
    "a missing OrderNumber binds 0, the regex fails",
    content_type=XML,
)
_add(
    "xml-status-lower",
    xml_body("1087", "onhold"),
    "XmlSerializer enum names are case-sensitive",
    content_type=XML,
)
_add(
    "xml-status-padded",
    xml_body("1088", " OnHold "),
    "XmlSerializer does not trim enum names",
    content_type=XML,
)
_add("xml-status-numeric", xml_body("1089", "16"), "XmlSerializer does not read enum ids", content_type=XML)
_add("xml-status-blank", xml_body("1090", ""), "an empty enum element: XmlSerializer error", content_type=XML)
_add(
    "xml-status-unknown",
    xml_body("1091", "Shipped"),
    "an unknown name: XmlSerializer error",
    content_type=XML,
)
_add(
    "xml-status-flags",
    xml_body("1092", "OnHold Despatched"),
    "a list of names for a non-flags enum",
    content_type=XML,
)
_add(
    "xml-reordered-children",
    xml_doc(
        "<OverrideOrderStatusModel><OrderStatus>Returned</OrderStatus><OrderNumber>1093</OrderNumber>"
        "</OverrideOrderStatusModel>"
    ),
    "element order does not matter to XmlSerializer",
    content_type=XML,
)
_add(
    "xml-duplicate-number-first-good",
    xml_doc(
        "<OverrideOrderStatusModel><OrderNumber>1094</OrderNumber><OrderNumber>0</OrderNumber>"
        "<OrderStatus>OnHold</OrderStatus></OverrideOrderStatusModel>"
    ),
    "a duplicated child: XmlSerializer keeps the first",
    content_type=XML,
)
_add(
    "xml-duplicate-number-first-bad",
    xml_doc(
        "<OverrideOrderStatusModel><OrderNumber>0</OrderNumber><OrderNumber>1095</OrderNumber>"
        "<OrderStatus>OnHold</OrderStatus></OverrideOrderStatusModel>"
    ),
    "a duplicated child: XmlSerializer keeps the first (0: regex fails)",
    content_type=XML,
)
_add(
    "xml-duplicate-status-second-bad",
    xml_doc(
        "<OverrideOrderStatusModel><OrderNumber>1096</OrderNumber><OrderStatus>OnHold</OrderStatus>"
        "<OrderStatus>Nope</OrderStatus></OverrideOrderStatusModel>"
    ),
    "a second, invalid duplicate: is it read at all?",
    content_type=XML,
)
_add(
    "xml-unknown-children",
    xml_doc(
        "<OverrideOrderStatusModel><Note>x<b>y</b></Note><OrderNumber>1097</OrderNumber>"
        "<OrderStatus>OnHold</OrderStatus><Success>maybe</Success></OverrideOrderStatusModel>"
    ),
    "unknown child elements are skipped",
    content_type=XML,
)
_add(
    "xml-other-item-name",
    xml_doc("<Order><OrderNumber>1098</OrderNumber><OrderStatus>OnHold</OrderStatus></Order>"),
    "an item element of another name is skipped: an empty list",
    content_type=XML,
)
_add(
    "xml-mixed-item-names",
    xml_doc(
        "<Order><OrderNumber>1</OrderNumber></Order><OverrideOrderStatusModel><OrderNumber>1099</OrderNumber>"
        "<OrderStatus>OnHold</OrderStatus></OverrideOrderStatusModel>"
    ),
    "only the known item element binds",
    content_type=XML,
)
_add("xml-empty-root", "<ArrayOfOverrideOrderStatusModel/>", "an empty list", content_type=XML)
_add(
    "xml-lowercase-children",
    xml_doc(
        "<OverrideOrderStatusModel><orderNumber>1100</orderNumber><OrderStatus>OnHold</OrderStatus>"
        "</OverrideOrderStatusModel>"
    ),
    "XML names are case-sensitive: orderNumber is unknown, OrderNumber binds 0",
    content_type=XML,
)
_add(
    "xml-attributes-not-elements",
    xml_doc('<OverrideOrderStatusModel OrderNumber="1101" OrderStatus="OnHold"/>'),
    "attributes are not the elements XmlSerializer reads: number 0 fails the regex",
    content_type=XML,
)
_add(
    "xml-two-items-second-zero",
    xml_doc(
        "<OverrideOrderStatusModel><OrderNumber>1102</OrderNumber><OrderStatus>OnHold</OrderStatus>"
        "</OverrideOrderStatusModel><OverrideOrderStatusModel><OrderNumber>0</OrderNumber>"
        "<OrderStatus>OnHold</OrderStatus></OverrideOrderStatusModel>"
    ),
    "the ModelState key is XmlConvert-encoded in XML: model_x005B_1_x005D_.OrderNumber",
    content_type=XML,
    accept=XML,
)
_add(
    "xml-pretty-printed",
    '<?xml version="1.0"?>\n<ArrayOfOverrideOrderStatusModel>\n  <OverrideOrderStatusModel>\n'
    "    <OrderNumber>1103</OrderNumber>\n    <OrderStatus>OnHold</OrderStatus>\n"
    "  </OverrideOrderStatusModel>\n</ArrayOfOverrideOrderStatusModel>\n",
    "indentation white space",
    content_type=XML,
)
_add("xml-unclosed", xml_body("1104")[:-10], "malformed XML: one key `model`", content_type=XML)
_add("xml-trailing-garbage", xml_body("1105") + "<x/>", "a second root element: malformed", content_type=XML)
_add(
    "xml-processing-instruction",
    xml_body("1106").replace("<OrderNumber>", "<?pi x?><OrderNumber>"),
    "a PI",
    content_type=XML,
)
_add(
    "xml-xsi-nil",
    xml_doc(
        '<OverrideOrderStatusModel><OrderNumber xsi:nil="true"/><OrderStatus>OnHold</OrderStatus>'
        "</OverrideOrderStatusModel>",
        root=NS,
    ),
    "xsi:nil on a non-nullable int: XmlSerializer decides",
    content_type=XML,
)
_add(
    "xml-error-answered-json",
    xml_body("0"),
    "an XML request's 400 answered in JSON: the key is not XmlConvert-encoded there",
    content_type=XML,
    accept=JSON,
)
_add(
    "xml-error-text-xml", xml_body("12ab"), "a text/xml request's 400 without Accept", content_type="text/xml"
)
_add(
    "xml-text-xml-both",
    xml_body("1112"),
    "text/xml in, text/xml out",
    content_type="text/xml",
    accept="text/xml",
)
_add("xml-json-body", json_body("1108"), "a JSON body declared as XML: XmlSerializer error", content_type=XML)
_add("json-xml-body", xml_body("1109"), "an XML body declared as JSON: Json.NET error", content_type=JSON)
_add("xml-exactly-50", many_xml(50, 1120), "50 XML items bind and are echoed", content_type=XML, accept=XML)
_add(
    "xml-status-missing-xml-answer",
    xml_body("1110", None),
    "a missing OrderStatus binds 0; echoing it as XML is a 500 in the twin: action code decides",
    content_type=XML,
    accept=XML,
    kind="action",
)
_add(
    "xml-status-missing-json-answer",
    xml_body("1111", None),
    "a missing OrderStatus binds 0 and reaches the action",
    content_type=XML,
    accept=JSON,
    kind="action",
)
_add("xml-51-items", many_xml(51, 1130), "more than 50 items: action code", content_type=XML, kind="action")
_add("xml-empty-body", b"", "an empty XML body binds null: action code", content_type=XML, kind="action")

# ------------------------------------------------------------------------------ media types
_add("ct-text-json", json_body("1140"), "text/json is the JSON formatter's", content_type="text/json")
_add("ct-upper-case", json_body("1141"), "media types are case-insensitive", content_type="Application/JSON")
_add(
    "ct-charset-utf8", json_body("1142"), "the usual charset", content_type="application/json; charset=utf-8"
)
_add(
    "ct-charset-quoted",
    json_body("1143"),
    "a quoted charset",
    content_type='application/json; charset="UTF-8"',
)
_add(
    "ct-charset-latin1",
    json_body("1144"),
    "charset=iso-8859-1: the formatter's encoding choice",
    content_type=f"{JSON}; charset=iso-8859-1",
)
_add(
    "ct-charset-latin1-non-ascii",
    json_body("1145").replace('"OnHold"', '"OnHold","Note":"caf\xe9"').encode("latin-1"),
    "a Latin-1 byte in a body declared iso-8859-1: read as UTF-8 or Latin-1?",
    content_type=f"{JSON}; charset=iso-8859-1",
)
_add("ct-charset-unknown", json_body("1146"), "an unknown charset", content_type=f"{JSON}; charset=klingon")
_add(
    "ct-charset-utf16",
    json_body("1147").encode("utf-16"),
    "a UTF-16 body declared utf-16; the answer's charset follows the request's",
    content_type=f"{JSON}; charset=utf-16",
)
_add(
    "ct-charset-utf16-mismatch",
    json_body("1148"),
    "a UTF-8 body declared utf-16",
    content_type=f"{JSON}; charset=utf-16",
)
_add(
    "ct-utf16-body-no-charset",
    json_body("1149").encode("utf-16"),
    "a UTF-16 body with a BOM and no charset",
    content_type=JSON,
)
_add(
    "ct-charset-utf16-no-bom",
    json_body("1135").encode("utf-16-le"),
    "a UTF-16LE body without a BOM declared utf-16",
    content_type=f"{JSON}; charset=utf-16",
)
_add(
    "ct-charset-utf8-utf16-body",
    json_body("1136").encode("utf-16"),
    "a UTF-16 body (BOM) declared utf-8: does the BOM win?",
    content_type=f"{JSON}; charset=utf-8",
)
_add(
    "ct-xml-charset-utf16",
    xml_body("1150").encode("utf-16"),
    "an XML UTF-16 body declared utf-16",
    content_type=f"{XML}; charset=utf-16",
    accept=XML,
)
_add(
    "ct-other-parameter",
    json_body("1151"),
    "an unknown media type parameter",
    content_type=f"{JSON}; version=2",
)
_add("ct-text-plain", json_body("1152"), "no formatter reads text/plain: 415", content_type="text/plain")
_add(
    "ct-none",
    json_body("1153"),
    "a body without Content-Type: 415 with the inferred octet-stream",
    content_type=None,
)
_add(
    "ct-octet-stream",
    json_body("1154"),
    "application/octet-stream: 415",
    content_type="application/octet-stream",
)
_add(
    "ct-problem-json",
    json_body("1155"),
    "a +json suffix type is not JSON to Web API: 415",
    content_type="application/problem+json",
)
_add("ct-multipart", json_body("1156"), "multipart: 415", content_type="multipart/form-data; boundary=xyz")
_add("ct-wildcard", json_body("1157"), "a media range as Content-Type", content_type="application/*")
_add(
    "ct-malformed",
    json_body("1158"),
    "an unparsable Content-Type counts as none",
    content_type="application/json;;",
)
_add("ct-no-subtype", json_body("1159"), "a Content-Type without a subtype", content_type="json")
_add(
    "ct-form",
    "OrderNumber=1160&OrderStatus=OnHold",
    "the form formatter binds an empty list",
    content_type="application/x-www-form-urlencoded",
)
_add(
    "ct-form-accept-xml",
    "a=b",
    "a form body answered in XML: an empty list",
    content_type="application/x-www-form-urlencoded",
    accept=XML,
)
_add(
    "ct-text-plain-accept-xml",
    json_body("1161"),
    "the 415 is negotiated too",
    content_type="text/plain",
    accept=XML,
)
_add("accept-none", json_body("1162"), "no Accept: JSON (the first formatter)")
_add("accept-any", json_body("1163"), "*/*", accept="*/*")
_add(
    "accept-text-range", json_body("1164"), "text/*: the first text type a formatter writes", accept="text/*"
)
_add("accept-application-range", json_body("1165"), "application/*", accept="application/*")
_add(
    "accept-unsupported",
    json_body("1166"),
    "an Accept no formatter writes: fallback, never 406",
    accept="application/pdf",
)
_add(
    "accept-q-json-wins",
    json_body("1167"),
    "q values rank",
    accept="application/xml;q=0.5, application/json;q=0.9",
)
_add("accept-q-zero-json", json_body("1168"), "q=0 excludes", accept="application/json;q=0, application/xml")
_add(
    "accept-browser",
    json_body("1169"),
    "a browser's Accept",
    accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
)
_add("accept-upper-case", json_body("1170"), "media types are case-insensitive", accept="APPLICATION/XML")
_add("accept-text-json", json_body("1171"), "the answer echoes the alias asked for", accept="text/json")
_add("accept-text-xml", json_body("1172"), "the answer echoes the alias asked for", accept="text/xml")
_add(
    "accept-tie",
    json_body("1173"),
    "equal q: which formatter wins",
    accept="application/xml, application/json",
)
_add("accept-malformed", json_body("1174"), "an unparsable Accept", accept="garbage;;")
_add("accept-empty", json_body("1175"), "an empty Accept header", accept="")
_add(
    "accept-xml-request-no-accept", xml_body("1176"), "an XML request without Accept", content_type="text/xml"
)
_add(
    "accept-xml-request-unsupported-accept",
    xml_body("1177"),
    "an XML request with an unsupported Accept (image/webp)",
    content_type=XML,
    accept="image/webp",
)
_add(
    "accept-charset-utf16",
    json_body("1178"),
    "Accept-Charset picks the answer's encoding",
    accept=JSON,
    extra=[("Accept-Charset", "utf-16")],
)
_add(
    "accept-charset-unsupported",
    json_body("1179"),
    "an Accept-Charset no formatter supports",
    extra=[("Accept-Charset", "iso-8859-1")],
)
_add("accept-error-xml", json_body("0"), "a 400 is negotiated like a 200", accept="text/xml")
_add("accept-error-text-json", json_body('"x"'), "a 400 in text/json", accept="text/json")

# ------------------------------------------------------------------------------ methods and paths
for verb in ("DELETE", "POST", "PATCH", "OPTIONS"):
    _add(
        f"method-{verb.lower()}",
        json_body("1180"),
        "another method on the PUT route: 405 with Allow",
        method=verb,
    )
_add(
    "method-delete-xml", b"", "a 405 negotiated as XML", method="DELETE", content_type=None, accept="text/xml"
)
_add(
    "method-get-on-put-route",
    b"",
    "GET may match GET orders/{ordernumber}: StoreFeeder's route constraints decide",
    method="GET",
    content_type=None,
    kind="action",
)
_add("path-upper-case", json_body("1181"), "routing is case-insensitive", path=PUT_PATH.upper())
_add("path-trailing-slash", json_body("1182"), "a trailing slash is routed", path=PUT_PATH + "/")
_add(
    "path-query", json_body("1183"), "a query string does not affect routing", path=PUT_PATH + "?dryRun=true"
)
_add(
    "path-unknown",
    json_body("1184"),
    "a path no template matches: 404 with the URI",
    path="/order/override-order-statuses",
)
_add("path-prefix", json_body("1185"), "an unknown prefix: 404", path="/api" + PUT_PATH)
_add("path-deeper", json_body("1186"), "one segment more than any template: 404", path=PUT_PATH + "/1")
_ONE_SEGMENT = (
    "matches the template orders/{ordernumber} unless StoreFeeder constrains it (:int in the twin, 404; "
    "without, 405 Allow: GET): its route table decides"
)
_add(
    "path-one-segment-typo",
    json_body("1187"),
    _ONE_SEGMENT,
    path="/orders/override-order-status",
    kind="action",
)
_add("path-one-segment-extension", json_body("1188"), _ONE_SEGMENT, path=PUT_PATH + ".json", kind="action")
_add("path-root", b"", "the root: 404", method="GET", path="/", content_type=None)
_add(
    "path-unknown-query",
    b"",
    "the 404 text carries the query",
    method="GET",
    path="/nope?a=1",
    content_type=None,
)
_add(
    "path-unknown-xml",
    b"",
    "a 404 negotiated as XML",
    method="GET",
    path="/nope",
    content_type=None,
    accept=XML,
)
_add(
    "path-order-status-put",
    json_body("1189"),
    "PUT on GET order-status: 405 Allow: GET",
    path="/order-status",
)
_add(
    "path-order-status-get",
    b"",
    "GET order-status routes (case-insensitive)",
    method="GET",
    path="/Order-Status",
    content_type=None,
)
_add(
    "path-order-status-xml",
    b"",
    "GET order-status in XML",
    method="GET",
    path="/order-status",
    content_type=None,
    accept="text/xml",
)
_add("path-order-put", json_body("1190"), "PUT on GET orders/{n}: 405 Allow: GET", path="/orders/1188")

# ------------------------------------------------------------------------------ GET orders/{n}
_ROUTE = "StoreFeeder's route template and its constraint (Help page: orders/{ordernumber}) decide"
for segment, why in (
    ("1000000007", "an order that exists in neither server: the action's 404"),
    ("01000000007", "leading zeros: " + _ROUTE),
    ("+1000000007", "a sign: " + _ROUTE),
    ("%201000000007", "an encoded space: " + _ROUTE),
    ("0", "0 reaches the action, or not: " + _ROUTE),
    ("-5", "a negative number: " + _ROUTE),
    ("2147483648", "beyond int32: " + _ROUTE),
    ("1e3", "an exponent: " + _ROUTE),
    ("abc", "not a number: " + _ROUTE),
):
    _add(
        f"get-order-{segment}",
        b"",
        why,
        method="GET",
        path=f"/orders/{segment}",
        content_type=None,
        kind="action",
    )

# ------------------------------------------------------------------------------ 401
_add("auth-none", json_body("1190"), "AuthorizeAttribute: 401 with the challenge", auth=None)
_add("auth-none-xml", json_body("1190"), "the 401 is negotiated", auth=None, accept=XML)
_add("auth-unknown-token", json_body("1190"), "an unknown bearer token", auth="Bearer not-a-token")
_add("auth-scheme-only", json_body("1190"), "the scheme without a token", auth="Bearer")
_add("auth-basic", json_body("1190"), "another scheme", auth="Basic YWxpY2U6YWxpY2UtcHc=")
_add("auth-token-no-scheme", json_body("1190"), "a token without its scheme", auth=TOKEN)
_add("auth-token-altered", json_body("1190"), "a token with one more character", auth=BEARER + "x")
_add(
    "auth-scheme-lower-case", "[]", "the bearer scheme is matched case-insensitively", auth=f"bearer {TOKEN}"
)
_add("auth-extra-space", "[]", "white space before the token is trimmed", auth=f"Bearer   {TOKEN}")
_add(
    "auth-before-media-type", json_body("1190"), "401 comes before 415", auth=None, content_type="text/plain"
)
_add("auth-before-binding", json_body("0"), "401 comes before model binding", auth=None)
_add(
    "auth-after-routing-404",
    b"",
    "routing (404) comes before authorization",
    method="GET",
    path="/nope",
    auth=None,
    content_type=None,
)
_add(
    "auth-after-routing-405",
    b"",
    "routing (405) comes before authorization",
    method="DELETE",
    auth=None,
    content_type=None,
)
_add(
    "auth-get-order-status",
    b"",
    "GET order-status needs a token",
    method="GET",
    path="/order-status",
    auth=None,
    content_type=None,
)
_add(
    "auth-get-order",
    b"",
    "GET orders/{n} needs a token",
    method="GET",
    path="/orders/1001",
    auth=None,
    content_type=None,
)

# ------------------------------------------------------------------------------ the suite's malformed bodies
# The bodies the conformance checks of issue 7 send (conformance/checks/malformed.py), so the mock
# keeps answering them as the framework does.
_ITEM = (
    "<OverrideOrderStatusModel><OrderNumber>{n}</OrderNumber><OrderStatus>OnHold</OrderStatus>"
    "</OverrideOrderStatusModel>"
)
_add("malformed-json-extra-brace", '[{"OrderNumber":1115,"OrderStatus":"OnHold"}}', "unbalanced: key model")
_add("malformed-json-open-second-item", '[{"OrderNumber":1116,"OrderStatus":"OnHold"},{', "key model[1]")
_add("malformed-json-no-comma", '[{"OrderNumber":1117 "OrderStatus":"OnHold"}]', "key model[0].OrderNumber")
_add("malformed-json-stray-bracket", ']{"OrderNumber":1118,"OrderStatus":"OnHold"}]', "first token: model")
_add(
    "json-object-wrapping-array",
    '{"Orders":[{"OrderNumber":1119,"OrderStatus":"OnHold"}]}',
    "key model.Orders",
)
_add("xml-sent-as-json", xml_body("1121"), "the JSON formatter reads '<': key model")
_add("json-sent-as-xml", json_body("1122"), "XmlSerializer reads '[': key model", content_type=XML)
_add(
    "xml-doctype-nested-entities",
    '<!DOCTYPE ArrayOfOverrideOrderStatusModel [<!ENTITY a "On"><!ENTITY b "&a;Hold">]>'
    + xml_body("1123", "&b;"),
    "a DOCTYPE with nested internal entities: refused, never expanded",
    content_type=XML,
)
_add(
    "xml-doctype-alone",
    "<!DOCTYPE ArrayOfOverrideOrderStatusModel>" + xml_body("1124"),
    "a DOCTYPE without an internal subset: refused too",
    content_type=XML,
)
for _name, _root in (
    ("xml-root-lower-case", "arrayofoverrideorderstatusmodel"),
    ("xml-root-response-name", "ArrayOfOverrideOrderStatusResponse"),
    ("xml-root-other-name", "Orders"),
):
    _add(
        _name,
        f"<{_root}>{_ITEM.format(n=1125)}</{_root}>",
        "XmlSerializer checks the root: key model",
        content_type=XML,
    )
_add("xml-root-bare-item", _ITEM.format(n=1126), "one item as the root: key model", content_type=XML)
_add(
    "xml-bare-ampersand",
    xml_body("1126", "OnHold & "),
    "not well-formed: key model",
    content_type=XML,
)

# ------------------------------------------------------------------------------ token endpoint
_TOKEN_FORM = "application/x-www-form-urlencoded"
_OWIN = "OWIN's OAuthAuthorizationServer (not Web API) answers /Token; the twin stands in"
for name, form in (
    ("token-ok", "grant_type=password&username=@USERNAME@&password=@PASSWORD@&client_id=@CLIENT_ID@"),
    ("token-wrong-password", "grant_type=password&username=@USERNAME@&password=nope&client_id=@CLIENT_ID@"),
    ("token-unknown-grant", "grant_type=client_credentials&client_id=@CLIENT_ID@"),
    ("token-no-grant", "username=@USERNAME@&password=@PASSWORD@"),
    ("token-empty", ""),
):
    _add(
        name,
        form,
        _OWIN,
        method="POST",
        path="/Token",
        auth=None,
        content_type=_TOKEN_FORM,
        kind="action",
        compare="status-class",
    )

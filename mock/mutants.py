"""The mutant catalogue: named, small deviations from the contract, switched on at start.

Each mutant changes exactly one behaviour; the conformance suite must notice every one of them.
This module is the one place where they are listed and described. The code that deviates checks
`mutant is Mutant.X` where the faithful behaviour lives (binding, rules, codec, http), so a search
for the member name finds the deviation.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType


class Mutant(enum.StrEnum):
    BATCH_LIMIT_51 = "batch-limit-51"
    ORDER_NUMBER_ZERO = "order-number-zero"
    JSON_NUMBER_STRING_REJECTED = "json-number-string-rejected"
    XML_NUMBER_STRICT = "xml-number-strict"
    STATUS_CASE_SENSITIVE = "status-case-sensitive"
    UNKNOWN_STATUS_ACCEPTED = "unknown-status-accepted"
    SUCCESS_WITH_ERROR = "success-with-error"
    ERROR_MISSING_ON_FAILURE = "error-missing-on-failure"
    RESULTS_REVERSED = "results-reversed"
    DUPLICATES_DROPPED = "duplicates-dropped"
    FOREIGN_ORDER_ORACLE = "foreign-order-oracle"
    GET_FOREIGN_ORDER = "get-foreign-order"
    SAME_STATUS_FAILS = "same-status-fails"
    LOST_WRITE = "lost-write"
    PARTIAL_APPLY = "partial-apply"
    NOT_OVERRIDABLE_IGNORED = "not-overridable-ignored"
    LOCKED_STATUS_MOVABLE = "locked-status-movable"
    ACCEPT_IGNORED = "accept-ignored"
    CONTENT_TYPE_IGNORED = "content-type-ignored"
    TEXT_JSON_REJECTED = "text-json-rejected"
    XML_WRONG_ROOT = "xml-wrong-root"
    XML_NO_NAMESPACES = "xml-no-namespaces"
    XML_ELEMENT_ORDER = "xml-element-order"
    AUTH_ANY_BEARER = "auth-any-bearer"
    AUTH_EXPIRED_ACCEPTED = "auth-expired-accepted"
    AUTH_NO_CHALLENGE = "auth-no-challenge"
    OVERFLOW_500 = "overflow-500"
    CHARSET_REJECTED = "charset-rejected"
    FORM_BODY_415 = "form-body-415"
    NOT_ACCEPTABLE_406 = "not-acceptable-406"
    METHOD_NOT_ALLOWED_WITHOUT_ALLOW = "method-not-allowed-without-allow"
    XML_ERRORS_PER_FIELD = "xml-errors-per-field"
    PATTERN_TEXT_RANGE = "pattern-text-range"
    MALFORMED_JSON_500 = "malformed-json-500"
    MALFORMED_XML_500 = "malformed-xml-500"
    XML_DTD_EXPANDED = "xml-dtd-expanded"
    XML_ANY_ROOT = "xml-any-root"
    JSON_OBJECT_AS_BATCH = "json-object-as-batch"
    BODY_FORMAT_SNIFFED = "body-format-sniffed"


_DESCRIPTIONS: dict[Mutant, str] = {
    Mutant.BATCH_LIMIT_51: (
        "Accepts 51 items in one override request, breaking the 50-item batch limit (maxItems)."
    ),
    Mutant.ORDER_NUMBER_ZERO: (
        "Accepts OrderNumber 0 (then reports it as a missing order), breaking the 1..2147483647 range."
    ),
    Mutant.JSON_NUMBER_STRING_REJECTED: (
        'Refuses a JSON OrderNumber written as a string ("7") with 400, where Json.NET binds it.'
    ),
    Mutant.XML_NUMBER_STRICT: (
        "Refuses XML OrderNumber text that XmlConvert reads ('007', ' 7 ', '+7') with 400."
    ),
    Mutant.STATUS_CASE_SENSITIVE: (
        'Refuses a JSON OrderStatus name in another case or padded ("onhold"), where Json.NET\'s '
        "enum reading binds it."
    ),
    Mutant.UNKNOWN_STATUS_ACCEPTED: (
        "Lets an unknown status name through validation and fails that item per item, instead of "
        "rejecting the whole request with 400."
    ),
    Mutant.SUCCESS_WITH_ERROR: (
        "Reports a not-overridable failure with Success true and the Error text, breaking "
        "'Success will always be false if an error is returned'."
    ),
    Mutant.ERROR_MISSING_ON_FAILURE: (
        "Leaves the Error property out of failed results, breaking 'a failure always carries an Error'."
    ),
    Mutant.RESULTS_REVERSED: "Returns the per-item results in reverse request order.",
    Mutant.DUPLICATES_DROPPED: (
        "Returns one result per distinct order number, dropping repeated items, breaking "
        "'one result per request item'."
    ),
    Mutant.FOREIGN_ORDER_ORACLE: (
        "Gives another account's order a different per-item error text than a missing order, "
        "breaking the no-oracle rule."
    ),
    Mutant.GET_FOREIGN_ORDER: (
        "GET /orders/{n} returns another account's order instead of 404, breaking the no-oracle rule."
    ),
    Mutant.SAME_STATUS_FAILS: (
        "Fails an override to the order's current status with the not-overridable text, breaking idempotency."
    ),
    Mutant.LOST_WRITE: ("Reports Success true for an override but never stores it, breaking persistence."),
    Mutant.PARTIAL_APPLY: (
        "When a batch fails validation, applies the valid items before the first invalid one and "
        "still answers 400, breaking 'nothing in a rejected batch is applied'."
    ),
    Mutant.NOT_OVERRIDABLE_IGNORED: (
        "Applies targets whose UserCanOverrideToStatus is false and reports Success true."
    ),
    Mutant.LOCKED_STATUS_MOVABLE: (
        "Lets orders in a status that cannot be left (AwaitingPayment) be overridden."
    ),
    Mutant.ACCEPT_IGNORED: "Ignores the Accept header and always answers JSON.",
    Mutant.CONTENT_TYPE_IGNORED: (
        "Ignores the request Content-Type and sniffs the body (XML if it starts with '<'), so "
        "unsupported media types get no 415."
    ),
    Mutant.TEXT_JSON_REJECTED: (
        "Answers 415 to a text/json request body, one of the four supported media types."
    ),
    Mutant.XML_WRONG_ROOT: (
        "Names the XML root of collections without the ArrayOf prefix "
        "(OverrideOrderStatusResponses), breaking the XmlSerializer names."
    ),
    Mutant.XML_NO_NAMESPACES: ("Omits the xmlns:xsd and xmlns:xsi declarations on XML response roots."),
    Mutant.XML_ELEMENT_ORDER: (
        "Writes the children of XML response items in alphabetical order instead of schema order."
    ),
    Mutant.AUTH_ANY_BEARER: (
        "Accepts any bearer token (as the first account's user), breaking 401 for unknown tokens."
    ),
    Mutant.AUTH_EXPIRED_ACCEPTED: "Accepts expired bearer tokens, breaking token expiry.",
    Mutant.AUTH_NO_CHALLENGE: "Answers 401 without the WWW-Authenticate: Bearer header.",
    Mutant.OVERFLOW_500: (
        "Answers 500 instead of 400 to an OrderNumber beyond 2147483647 (an unhandled overflow)."
    ),
    Mutant.CHARSET_REJECTED: (
        "Answers 415 to a request charset other than utf-8 or utf-16, where the framework reads it as UTF-8."
    ),
    Mutant.FORM_BODY_415: (
        "Answers 415 to an application/x-www-form-urlencoded body, which the framework's form "
        "formatters bind as an empty list."
    ),
    Mutant.NOT_ACCEPTABLE_406: (
        "Answers 406 when nothing in the Accept header can be served, where the framework falls back "
        "to the request's media type or JSON."
    ),
    Mutant.METHOD_NOT_ALLOWED_WITHOUT_ALLOW: "Answers 405 without the Allow header.",
    Mutant.XML_ERRORS_PER_FIELD: (
        "Keys an unreadable XML item per field (model[1].OrderNumber) instead of the one key `model` "
        "XmlMediaTypeFormatter logs."
    ),
    Mutant.PATTERN_TEXT_RANGE: (
        "Gives a range text ('must be between 1 and 2147483647') for an OrderNumber below 1, instead "
        "of the [RegularExpression] text the framework gives."
    ),
    Mutant.MALFORMED_JSON_500: (
        "Answers 500 to a JSON body that is not well-formed (an unhandled parse error), where the "
        "JSON formatter's error becomes a 400 with ModelState."
    ),
    Mutant.MALFORMED_XML_500: (
        "Answers 500 to an XML body that is not well-formed, where XmlMediaTypeFormatter's error "
        "becomes a 400 with the one key `model`."
    ),
    Mutant.XML_DTD_EXPANDED: (
        "Reads an XML body with a DOCTYPE and expands its internal entities, where the framework's "
        "XML reader refuses any DTD (400, nothing applied)."
    ),
    Mutant.XML_ANY_ROOT: (
        "Reads an XML body whatever its root element is called, where XmlSerializer refuses any "
        "root but ArrayOfOverrideOrderStatusModel (400)."
    ),
    Mutant.JSON_OBJECT_AS_BATCH: (
        "Reads a JSON object where the array belongs as a batch of that one item, where Json.NET "
        "cannot deserialise an object into the list (400)."
    ),
    Mutant.BODY_FORMAT_SNIFFED: (
        "Reads a JSON body sent as XML as JSON, and an XML body sent as JSON as XML (sniffing the "
        "first byte), where the formatter the Content-Type names reads it and fails (400)."
    ),
}

CATALOGUE: Mapping[str, str] = MappingProxyType({m.value: _DESCRIPTIONS[m] for m in Mutant})
"""Mutant name -> one sentence: the deviation and the rule it breaks."""


def parse(name: str | None) -> Mutant | None:
    """The Mutant named `name` (None for none); ValueError listing the names if unknown."""
    if name is None or name == "":
        return None
    try:
        return Mutant(name)
    except ValueError:
        raise ValueError(f"unknown mutant {name!r}; known: {', '.join(CATALOGUE)}") from None

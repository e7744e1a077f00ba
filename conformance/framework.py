"""What ASP.NET Web API itself guarantees: the texts and key shapes of its own answers.

Each constant names the framework source that produces it (aspnet/AspNetWebStack v3.2.9 unless
said otherwise) and was seen on the real framework (shared/tools/aspnet-twin, remote view: what a
caller over the network sees under the default error-detail policy). Nothing here is StoreFeeder's
own: the service's action code never runs before these answers are made.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

REFERENCE = "shared/reference/aspnet-webapi-behaviour.md"

INVALID_MESSAGE = "The request is invalid."
"""Message of an HttpError made from ModelState (src/System.Web.Http/HttpError.cs)."""

REMOTE_ERROR = "An error has occurred."
"""What a remote caller sees for any deserialisation error: HttpError replaces the exception's
message (src/System.Web.Http/HttpError.cs, IncludeErrorDetailPolicy.Default/LocalOnly)."""

PATTERN_REASON = "The field {field} must match the regular expression '{pattern}'."
"""RegularExpressionAttribute's default message (dotnet System.ComponentModel.DataAnnotations,
RegularExpressionAttribute.cs); it validates Convert.ToString() of the BOUND int."""

UNSUPPORTED_MEDIA = "The request entity's media type '{media}' is not supported for this resource."
NO_CONTENT_TYPE = (
    "The request contains an entity body but no Content-Type header. The inferred media type "
    "'application/octet-stream' is not supported for this resource."
)
"""415 texts (src/System.Web.Http/ModelBinding/FormatterParameterBinding.cs: UnsupportedMediaType,
UnsupportedMediaTypeNoContentType)."""

METHOD_NOT_ALLOWED = "The requested resource does not support http method '{method}'."
"""405 text, with an Allow header (src/System.Web.Http/Controllers/ApiControllerActionSelector.cs,
Create405Response)."""

_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?=$|[\[.])")
PARAMETER = "model"
"""How keys are written here: the action parameter's name as ModelState prefix. The Help page does
not show StoreFeeder's parameter name, so a key is compared with its prefix, whatever it is, read
as this one (`orders[1].OrderNumber` is `model[1].OrderNumber`)."""

_XML_NAME_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_xml_name(name: str) -> str:
    """XmlConvert.DecodeName: `model_x005B_1_x005D_.OrderNumber` -> `model[1].OrderNumber`."""
    return _XML_NAME_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name)


def pattern_reason(field: str, pattern: str) -> str:
    return PATTERN_REASON.format(field=field, pattern=pattern)


def normalise_keys(model_state: Mapping[str, list[str]]) -> tuple[dict[str, list[str]], set[str]]:
    """ModelState with every key's parameter prefix written as `model`, and the prefixes seen."""
    out: dict[str, list[str]] = {}
    prefixes: set[str] = set()
    for key, reasons in model_state.items():
        match = _PREFIX.match(key)
        if match is None:
            out[key] = list(reasons)
            continue
        prefixes.add(match.group(0))
        out[PARAMETER + key[match.end() :]] = list(reasons)
    return out, prefixes

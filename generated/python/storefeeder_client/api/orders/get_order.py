from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ... import types as _types
from ...client import AuthenticatedClient, Client
from ...models.http_error import HttpError
from ...models.order_model import OrderModel
from ...types import MediaType, Response


def _get_kwargs(
    ordernumber: int,
    *,
    accept: MediaType = "application/json",
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/orders/{ordernumber}".format(
            ordernumber=quote(str(ordernumber), safe=""),
        ),
    }

    headers: dict[str, Any] = {}
    headers["Accept"] = accept

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HttpError | OrderModel | None:
    if response.status_code == 200:
        _body = _types.load_body(response, OrderModel)
        response_200 = OrderModel.from_dict(_body)

        return response_200

    if response.status_code == 400:
        _body = _types.load_body(response, HttpError)
        response_400 = HttpError.from_dict(_body)

        return response_400

    if response.status_code == 401:
        _body = _types.load_body(response, HttpError)
        response_401 = HttpError.from_dict(_body)

        return response_401

    if response.status_code == 404:
        _body = _types.load_body(response, HttpError)
        response_404 = HttpError.from_dict(_body)

        return response_404

    if response.status_code == 429:
        _body = _types.load_body(response, HttpError)
        response_429 = HttpError.from_dict(_body)

        return response_429

    if response.status_code == 503:
        _body = _types.load_body(response, HttpError)
        response_503 = HttpError.from_dict(_body)

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HttpError | OrderModel]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    ordernumber: int,
    *,
    client: AuthenticatedClient,
    accept: MediaType = "application/json",
) -> Response[HttpError | OrderModel]:
    """Get one order

     One order of the caller's account. The schema is deliberately partial: it names the
    properties this project relies on (to verify and restore statuses) and allows the rest.
    An order that does not exist or belongs to another account is 404 (assumption: the
    override endpoint gives one message for both, so this one must not tell them apart either).
    Source: https://rest.storefeeder.com/Help/Api/GET-orders-ordernumber

    Args:
        ordernumber (int): A StoreFeeder order number: a positive 32-bit integer. The Help page's
            pattern
            `^[1-9]\\d*$` is a `[RegularExpression]` on the model's `int`: ASP.NET checks it against
            the bound number's decimal text, so it means "1 or more", never a rule on the request
            text (`007`, ` 7 ` and `+7` in XML, and `"7"` in JSON, bind as 7). Clients should still
            send plain decimal digits.
             Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HttpError | OrderModel]
    """

    kwargs = _get_kwargs(
        ordernumber=ordernumber,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    ordernumber: int,
    *,
    client: AuthenticatedClient,
    accept: MediaType = "application/json",
) -> HttpError | OrderModel | None:
    """Get one order

     One order of the caller's account. The schema is deliberately partial: it names the
    properties this project relies on (to verify and restore statuses) and allows the rest.
    An order that does not exist or belongs to another account is 404 (assumption: the
    override endpoint gives one message for both, so this one must not tell them apart either).
    Source: https://rest.storefeeder.com/Help/Api/GET-orders-ordernumber

    Args:
        ordernumber (int): A StoreFeeder order number: a positive 32-bit integer. The Help page's
            pattern
            `^[1-9]\\d*$` is a `[RegularExpression]` on the model's `int`: ASP.NET checks it against
            the bound number's decimal text, so it means "1 or more", never a rule on the request
            text (`007`, ` 7 ` and `+7` in XML, and `"7"` in JSON, bind as 7). Clients should still
            send plain decimal digits.
             Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HttpError | OrderModel
    """

    return sync_detailed(
        ordernumber=ordernumber,
        client=client,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    ordernumber: int,
    *,
    client: AuthenticatedClient,
    accept: MediaType = "application/json",
) -> Response[HttpError | OrderModel]:
    """Get one order

     One order of the caller's account. The schema is deliberately partial: it names the
    properties this project relies on (to verify and restore statuses) and allows the rest.
    An order that does not exist or belongs to another account is 404 (assumption: the
    override endpoint gives one message for both, so this one must not tell them apart either).
    Source: https://rest.storefeeder.com/Help/Api/GET-orders-ordernumber

    Args:
        ordernumber (int): A StoreFeeder order number: a positive 32-bit integer. The Help page's
            pattern
            `^[1-9]\\d*$` is a `[RegularExpression]` on the model's `int`: ASP.NET checks it against
            the bound number's decimal text, so it means "1 or more", never a rule on the request
            text (`007`, ` 7 ` and `+7` in XML, and `"7"` in JSON, bind as 7). Clients should still
            send plain decimal digits.
             Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HttpError | OrderModel]
    """

    kwargs = _get_kwargs(
        ordernumber=ordernumber,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ordernumber: int,
    *,
    client: AuthenticatedClient,
    accept: MediaType = "application/json",
) -> HttpError | OrderModel | None:
    """Get one order

     One order of the caller's account. The schema is deliberately partial: it names the
    properties this project relies on (to verify and restore statuses) and allows the rest.
    An order that does not exist or belongs to another account is 404 (assumption: the
    override endpoint gives one message for both, so this one must not tell them apart either).
    Source: https://rest.storefeeder.com/Help/Api/GET-orders-ordernumber

    Args:
        ordernumber (int): A StoreFeeder order number: a positive 32-bit integer. The Help page's
            pattern
            `^[1-9]\\d*$` is a `[RegularExpression]` on the model's `int`: ASP.NET checks it against
            the bound number's decimal text, so it means "1 or more", never a rule on the request
            text (`007`, ` 7 ` and `+7` in XML, and `"7"` in JSON, bind as 7). Clients should still
            send plain decimal digits.
             Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HttpError | OrderModel
    """

    return (
        await asyncio_detailed(
            ordernumber=ordernumber,
            client=client,
            accept=accept,
        )
    ).parsed

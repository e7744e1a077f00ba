from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ... import types as _types
from ...client import AuthenticatedClient, Client
from ...models.http_error import HttpError
from ...models.order_statuses_response import OrderStatusesResponse
from ...types import MediaType, Response


def _get_kwargs(
    *,
    accept: MediaType = "application/json",
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/order-status",
    }

    headers: dict[str, Any] = {}
    headers["Accept"] = accept

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HttpError | list[OrderStatusesResponse] | None:
    if response.status_code == 200:
        _body = _types.load_body(response, OrderStatusesResponse, many=True)
        response_200 = []
        _response_200 = _body
        for componentsschemas_array_of_order_statuses_response_item_data in _response_200:
            componentsschemas_array_of_order_statuses_response_item = OrderStatusesResponse.from_dict(
                componentsschemas_array_of_order_statuses_response_item_data
            )

            response_200.append(componentsschemas_array_of_order_statuses_response_item)

        return response_200

    if response.status_code == 401:
        _body = _types.load_body(response, HttpError)
        response_401 = HttpError.from_dict(_body)

        return response_401

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
) -> Response[HttpError | list[OrderStatusesResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    accept: MediaType = "application/json",
) -> Response[HttpError | list[OrderStatusesResponse]]:
    """List order statuses

     The status catalogue ("the OrderStatus endpoint" of the override Help page). Each item
    wraps its status in an `OrderStatus` property. `UserCanOverrideToStatus` says whether
    `PUT orders/override-order-statuses` accepts the status as a target.
    Source: https://rest.storefeeder.com/Help/Api/GET-order-status

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HttpError | list[OrderStatusesResponse]]
    """

    kwargs = _get_kwargs(
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    accept: MediaType = "application/json",
) -> HttpError | list[OrderStatusesResponse] | None:
    """List order statuses

     The status catalogue ("the OrderStatus endpoint" of the override Help page). Each item
    wraps its status in an `OrderStatus` property. `UserCanOverrideToStatus` says whether
    `PUT orders/override-order-statuses` accepts the status as a target.
    Source: https://rest.storefeeder.com/Help/Api/GET-order-status

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HttpError | list[OrderStatusesResponse]
    """

    return sync_detailed(
        client=client,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    accept: MediaType = "application/json",
) -> Response[HttpError | list[OrderStatusesResponse]]:
    """List order statuses

     The status catalogue ("the OrderStatus endpoint" of the override Help page). Each item
    wraps its status in an `OrderStatus` property. `UserCanOverrideToStatus` says whether
    `PUT orders/override-order-statuses` accepts the status as a target.
    Source: https://rest.storefeeder.com/Help/Api/GET-order-status

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HttpError | list[OrderStatusesResponse]]
    """

    kwargs = _get_kwargs(
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    accept: MediaType = "application/json",
) -> HttpError | list[OrderStatusesResponse] | None:
    """List order statuses

     The status catalogue ("the OrderStatus endpoint" of the override Help page). Each item
    wraps its status in an `OrderStatus` property. `UserCanOverrideToStatus` says whether
    `PUT orders/override-order-statuses` accepts the status as a target.
    Source: https://rest.storefeeder.com/Help/Api/GET-order-status

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HttpError | list[OrderStatusesResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            accept=accept,
        )
    ).parsed

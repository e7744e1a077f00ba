from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ... import types as _types
from ...client import AuthenticatedClient, Client
from ...models.http_error import HttpError
from ...models.override_order_status_model import OverrideOrderStatusModel
from ...models.override_order_status_response import OverrideOrderStatusResponse
from ...types import MediaType, Response


def _get_kwargs(
    *,
    body: list[OverrideOrderStatusModel],
    content_type: MediaType = "application/json",
    accept: MediaType = "application/json",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/orders/override-order-statuses",
    }

    _kwargs["json"] = []
    for componentsschemas_array_of_override_order_status_model_item_data in body:
        componentsschemas_array_of_override_order_status_model_item = (
            componentsschemas_array_of_override_order_status_model_item_data.to_dict()
        )
        _kwargs["json"].append(componentsschemas_array_of_override_order_status_model_item)

    if _types.is_xml_media_type(content_type):
        _items = [
            _types.xml_write(OverrideOrderStatusModel, _item, OverrideOrderStatusModel.XML_NAME)
            for _item in _kwargs.pop("json")
        ]
        _kwargs["content"] = _types.xml_document(_types.xml_list("ArrayOf" + OverrideOrderStatusModel.XML_NAME, _items))
    headers["Content-Type"] = content_type

    headers["Accept"] = accept

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HttpError | list[OverrideOrderStatusResponse] | None:
    if response.status_code == 200:
        _body = _types.load_body(response, OverrideOrderStatusResponse, many=True)
        response_200 = []
        _response_200 = _body
        for componentsschemas_array_of_override_order_status_response_item_data in _response_200:
            componentsschemas_array_of_override_order_status_response_item = OverrideOrderStatusResponse.from_dict(
                componentsschemas_array_of_override_order_status_response_item_data
            )

            response_200.append(componentsschemas_array_of_override_order_status_response_item)

        return response_200

    if response.status_code == 400:
        _body = _types.load_body(response, HttpError)
        response_400 = HttpError.from_dict(_body)

        return response_400

    if response.status_code == 401:
        _body = _types.load_body(response, HttpError)
        response_401 = HttpError.from_dict(_body)

        return response_401

    if response.status_code == 413:
        _body = _types.load_body(response, HttpError)
        response_413 = HttpError.from_dict(_body)

        return response_413

    if response.status_code == 415:
        _body = _types.load_body(response, HttpError)
        response_415 = HttpError.from_dict(_body)

        return response_415

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
) -> Response[HttpError | list[OverrideOrderStatusResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: list[OverrideOrderStatusModel],
    content_type: MediaType = "application/json",
    accept: MediaType = "application/json",
) -> Response[HttpError | list[OverrideOrderStatusResponse]]:
    """Override order statuses

     This method allows you override order statuses. You can get a list of statuses that you
    are allowed to override to by going the OrderStatus endpoint and checking the
    UserCanOverrideToStatus flag. You can only update up to 50 orders at once.
    (Help page text, verbatim.)

    The body is bound and validated first by ASP.NET Web API (see `x-aspnet-binding` on
    OverrideOrderStatusModel for what binds beyond the canonical form sent here): a body that
    cannot be bound to a collection, an OrderNumber the framework cannot read (1.5, "abc",
    beyond Int32) or that binds below 1 (0, negative, null or missing all fail the pattern),
    or a status name the enum does not have gets 400 with ModelState, and nothing in the batch
    is applied. More than 50 items gets 400 `You can only update up to 50 orders at once.`
    (the Help page's sentence; the status is an assumption). Otherwise every item gets one result, in
    request order: `Success: false` with the Error `Order doesnt exist or you do not have
    permission to access it.` when the order is missing or belongs to another account (one
    text for both), `Success: false` with `Order cannot be overrriden to the given status.`
    when the target's `UserCanOverrideToStatus` is false or the order's current status cannot
    be left (`leavable: false` in `Statuses.x-storefeeder-statuses`), else the status is stored
    and `Success: true`. The first rule that applies decides, in that order. Overriding an
    order to the status it already has succeeds (the call is idempotent), and an order named
    twice gets two results. The typos are the service's own.

    Args:
        body (list[OverrideOrderStatusModel]): The orders to override, at most 50 (Help page).
            Example: [{'OrderNumber': 1, 'OrderStatus': 'OnHold'}, {'OrderNumber': 2, 'OrderStatus':
            'CancelledByClient'}, {'OrderNumber': 3, 'OrderStatus': 'CourierClaim'}].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HttpError | list[OverrideOrderStatusResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
        content_type=content_type,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: list[OverrideOrderStatusModel],
    content_type: MediaType = "application/json",
    accept: MediaType = "application/json",
) -> HttpError | list[OverrideOrderStatusResponse] | None:
    """Override order statuses

     This method allows you override order statuses. You can get a list of statuses that you
    are allowed to override to by going the OrderStatus endpoint and checking the
    UserCanOverrideToStatus flag. You can only update up to 50 orders at once.
    (Help page text, verbatim.)

    The body is bound and validated first by ASP.NET Web API (see `x-aspnet-binding` on
    OverrideOrderStatusModel for what binds beyond the canonical form sent here): a body that
    cannot be bound to a collection, an OrderNumber the framework cannot read (1.5, "abc",
    beyond Int32) or that binds below 1 (0, negative, null or missing all fail the pattern),
    or a status name the enum does not have gets 400 with ModelState, and nothing in the batch
    is applied. More than 50 items gets 400 `You can only update up to 50 orders at once.`
    (the Help page's sentence; the status is an assumption). Otherwise every item gets one result, in
    request order: `Success: false` with the Error `Order doesnt exist or you do not have
    permission to access it.` when the order is missing or belongs to another account (one
    text for both), `Success: false` with `Order cannot be overrriden to the given status.`
    when the target's `UserCanOverrideToStatus` is false or the order's current status cannot
    be left (`leavable: false` in `Statuses.x-storefeeder-statuses`), else the status is stored
    and `Success: true`. The first rule that applies decides, in that order. Overriding an
    order to the status it already has succeeds (the call is idempotent), and an order named
    twice gets two results. The typos are the service's own.

    Args:
        body (list[OverrideOrderStatusModel]): The orders to override, at most 50 (Help page).
            Example: [{'OrderNumber': 1, 'OrderStatus': 'OnHold'}, {'OrderNumber': 2, 'OrderStatus':
            'CancelledByClient'}, {'OrderNumber': 3, 'OrderStatus': 'CourierClaim'}].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HttpError | list[OverrideOrderStatusResponse]
    """

    return sync_detailed(
        client=client,
        body=body,
        content_type=content_type,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: list[OverrideOrderStatusModel],
    content_type: MediaType = "application/json",
    accept: MediaType = "application/json",
) -> Response[HttpError | list[OverrideOrderStatusResponse]]:
    """Override order statuses

     This method allows you override order statuses. You can get a list of statuses that you
    are allowed to override to by going the OrderStatus endpoint and checking the
    UserCanOverrideToStatus flag. You can only update up to 50 orders at once.
    (Help page text, verbatim.)

    The body is bound and validated first by ASP.NET Web API (see `x-aspnet-binding` on
    OverrideOrderStatusModel for what binds beyond the canonical form sent here): a body that
    cannot be bound to a collection, an OrderNumber the framework cannot read (1.5, "abc",
    beyond Int32) or that binds below 1 (0, negative, null or missing all fail the pattern),
    or a status name the enum does not have gets 400 with ModelState, and nothing in the batch
    is applied. More than 50 items gets 400 `You can only update up to 50 orders at once.`
    (the Help page's sentence; the status is an assumption). Otherwise every item gets one result, in
    request order: `Success: false` with the Error `Order doesnt exist or you do not have
    permission to access it.` when the order is missing or belongs to another account (one
    text for both), `Success: false` with `Order cannot be overrriden to the given status.`
    when the target's `UserCanOverrideToStatus` is false or the order's current status cannot
    be left (`leavable: false` in `Statuses.x-storefeeder-statuses`), else the status is stored
    and `Success: true`. The first rule that applies decides, in that order. Overriding an
    order to the status it already has succeeds (the call is idempotent), and an order named
    twice gets two results. The typos are the service's own.

    Args:
        body (list[OverrideOrderStatusModel]): The orders to override, at most 50 (Help page).
            Example: [{'OrderNumber': 1, 'OrderStatus': 'OnHold'}, {'OrderNumber': 2, 'OrderStatus':
            'CancelledByClient'}, {'OrderNumber': 3, 'OrderStatus': 'CourierClaim'}].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HttpError | list[OverrideOrderStatusResponse]]
    """

    kwargs = _get_kwargs(
        body=body,
        content_type=content_type,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: list[OverrideOrderStatusModel],
    content_type: MediaType = "application/json",
    accept: MediaType = "application/json",
) -> HttpError | list[OverrideOrderStatusResponse] | None:
    """Override order statuses

     This method allows you override order statuses. You can get a list of statuses that you
    are allowed to override to by going the OrderStatus endpoint and checking the
    UserCanOverrideToStatus flag. You can only update up to 50 orders at once.
    (Help page text, verbatim.)

    The body is bound and validated first by ASP.NET Web API (see `x-aspnet-binding` on
    OverrideOrderStatusModel for what binds beyond the canonical form sent here): a body that
    cannot be bound to a collection, an OrderNumber the framework cannot read (1.5, "abc",
    beyond Int32) or that binds below 1 (0, negative, null or missing all fail the pattern),
    or a status name the enum does not have gets 400 with ModelState, and nothing in the batch
    is applied. More than 50 items gets 400 `You can only update up to 50 orders at once.`
    (the Help page's sentence; the status is an assumption). Otherwise every item gets one result, in
    request order: `Success: false` with the Error `Order doesnt exist or you do not have
    permission to access it.` when the order is missing or belongs to another account (one
    text for both), `Success: false` with `Order cannot be overrriden to the given status.`
    when the target's `UserCanOverrideToStatus` is false or the order's current status cannot
    be left (`leavable: false` in `Statuses.x-storefeeder-statuses`), else the status is stored
    and `Success: true`. The first rule that applies decides, in that order. Overriding an
    order to the status it already has succeeds (the call is idempotent), and an order named
    twice gets two results. The typos are the service's own.

    Args:
        body (list[OverrideOrderStatusModel]): The orders to override, at most 50 (Help page).
            Example: [{'OrderNumber': 1, 'OrderStatus': 'OnHold'}, {'OrderNumber': 2, 'OrderStatus':
            'CancelledByClient'}, {'OrderNumber': 3, 'OrderStatus': 'CourierClaim'}].

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HttpError | list[OverrideOrderStatusResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            content_type=content_type,
            accept=accept,
        )
    ).parsed

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.token_error import TokenError
from ...models.token_request import TokenRequest
from ...models.token_response import TokenResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/Token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> TokenError | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = TokenError.from_dict(response.json())

        return response_400

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[TokenError | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[TokenError | TokenResponse]:
    """Get a bearer token

     OWIN OAuth2 password grant. Send the API user's email and password and the account's API
    key as `client_id`; use the returned `access_token` as `Authorization: Bearer <token>`.
    Bad credentials or an unsupported grant type get 400 `invalid_grant` (OWIN default).
    Source: third-party integrator's page (form fields), OWIN defaults (response shape).

    Args:
        body (TokenRequest): OAuth2 password grant form.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TokenError | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> TokenError | TokenResponse | None:
    """Get a bearer token

     OWIN OAuth2 password grant. Send the API user's email and password and the account's API
    key as `client_id`; use the returned `access_token` as `Authorization: Bearer <token>`.
    Bad credentials or an unsupported grant type get 400 `invalid_grant` (OWIN default).
    Source: third-party integrator's page (form fields), OWIN defaults (response shape).

    Args:
        body (TokenRequest): OAuth2 password grant form.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TokenError | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[TokenError | TokenResponse]:
    """Get a bearer token

     OWIN OAuth2 password grant. Send the API user's email and password and the account's API
    key as `client_id`; use the returned `access_token` as `Authorization: Bearer <token>`.
    Bad credentials or an unsupported grant type get 400 `invalid_grant` (OWIN default).
    Source: third-party integrator's page (form fields), OWIN defaults (response shape).

    Args:
        body (TokenRequest): OAuth2 password grant form.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TokenError | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> TokenError | TokenResponse | None:
    """Get a bearer token

     OWIN OAuth2 password grant. Send the API user's email and password and the account's API
    key as `client_id`; use the returned `access_token` as `Authorization: Bearer <token>`.
    Bad credentials or an unsupported grant type get 400 `invalid_grant` (OWIN default).
    Source: third-party integrator's page (form fields), OWIN defaults (response shape).

    Args:
        body (TokenRequest): OAuth2 password grant form.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TokenError | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

"""The hand-written layer over the generated client: auth, batching, retries, typed errors."""

from .client import BATCH_LIMIT, StoreFeeder
from .errors import (
    ApiError,
    AuthenticationFailed,
    BatchFailed,
    InvalidRequest,
    ResponseUnreadable,
    StoreFeederError,
    TransportFailed,
)
from .retry import RetryPolicy, RetryTransport

__all__ = [
    "BATCH_LIMIT",
    "ApiError",
    "AuthenticationFailed",
    "BatchFailed",
    "InvalidRequest",
    "ResponseUnreadable",
    "RetryPolicy",
    "RetryTransport",
    "StoreFeeder",
    "StoreFeederError",
    "TransportFailed",
]

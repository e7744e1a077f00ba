"""The hand-written layer over the generated client: auth, batching, retries, typed errors,
sync (`StoreFeeder`) and async (`AsyncStoreFeeder`) on one shared core."""

from .aio import AsyncStoreFeeder
from .client import StoreFeeder
from .errors import (
    ApiError,
    AuthenticationFailed,
    BatchFailed,
    InvalidRequest,
    ResponseUnreadable,
    StoreFeederError,
    TransportFailed,
)
from .results import BATCH_LIMIT, BatchReport, Outcome, OverrideResult
from .retry import AsyncRetryTransport, RetryPolicy, RetryTransport

__all__ = [
    "BATCH_LIMIT",
    "ApiError",
    "AsyncRetryTransport",
    "AsyncStoreFeeder",
    "AuthenticationFailed",
    "BatchFailed",
    "BatchReport",
    "InvalidRequest",
    "Outcome",
    "OverrideResult",
    "ResponseUnreadable",
    "RetryPolicy",
    "RetryTransport",
    "StoreFeeder",
    "StoreFeederError",
    "TransportFailed",
]

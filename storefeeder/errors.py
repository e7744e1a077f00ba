"""Errors the façade raises: one class per way a call can fail, all under StoreFeederError."""

from __future__ import annotations


class StoreFeederError(Exception):
    """Base class of every error this package raises."""


class InvalidRequest(StoreFeederError, ValueError):
    """The input was refused before anything was sent (so nothing was changed)."""


class AuthenticationFailed(StoreFeederError):
    """POST /Token refused the credentials, or a fresh token was still refused."""


class TransportFailed(StoreFeederError):
    """The API could not be reached or stopped answering, after any retries."""


class ResponseUnreadable(StoreFeederError):
    """The API's answer could not be read (malformed, or hostile XML that was refused)."""


class ApiError(StoreFeederError):
    """The API answered with an error status (after any retries)."""

    def __init__(
        self, status_code: int, message: str, model_state: dict[str, list[str]] | None = None
    ) -> None:
        self.status_code = status_code
        self.message = message
        self.model_state = model_state or {}
        details = "; ".join(f"{key}: {', '.join(reasons)}" for key, reasons in self.model_state.items())
        super().__init__(f"HTTP {status_code}: {message}" + (f" ({details})" if details else ""))


class BatchFailed(StoreFeederError):
    """A batch after the first failed (for any reason above); `completed` holds the results of the
    batches before it, which were applied."""

    def __init__(self, cause: StoreFeederError, completed: list[object], batch_number: int) -> None:
        self.cause = cause
        self.completed = completed
        super().__init__(f"batch {batch_number} failed after {len(completed)} results: {cause}")

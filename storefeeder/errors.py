"""Errors the façade raises: one class per way a call can fail, all under StoreFeederError."""

from __future__ import annotations

from collections import Counter
from typing import Any


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
    """A batch failed (for any reason above) after other items had, or may have, been applied.

    `results` has one result per change, in input order, each with its `outcome`: `succeeded`
    or `failed` (the API answered for it), `unknown` (its batch was sent but got no usable
    answer: the service may or may not have applied it; sending it again is harmless, since an
    override sets an absolute status), `rejected` (its batch was refused whole: not applied) or
    `not_sent` (no batch was started after the failure). `completed` is the answered ones.
    """

    def __init__(self, cause: StoreFeederError, results: list[Any], batch_number: int, batches: int) -> None:
        self.cause = cause
        self.results = results
        self.batch_number = batch_number
        counts = Counter(str(result.outcome) for result in results)
        self.completed = [r for r in results if str(r.outcome) in ("succeeded", "failed")]
        self.unknown = [r for r in results if str(r.outcome) == "unknown"]
        tally = ", ".join(
            f"{counts[name]} {name.replace('_', ' ')}" for name in OUTCOME_NAMES if counts[name]
        )
        super().__init__(
            f"batch {batch_number} of {batches} failed: {type(cause).__name__}: {cause}. Results: {tally}. "
            + (
                f"The {len(self.unknown)} unknown items may or may not have been applied; "
                "sending them again is safe (an override sets an absolute status)."
                if self.unknown
                else "Nothing is unknown: every item not answered was not applied."
            )
        )


OUTCOME_NAMES = ("succeeded", "failed", "unknown", "rejected", "not_sent")  # results.Outcome, in order

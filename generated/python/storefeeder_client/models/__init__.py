"""Contains all the data models used in inputs/outputs"""

from .http_error import HttpError
from .http_error_model_state import HttpErrorModelState
from .order_model import OrderModel
from .order_status_model import OrderStatusModel
from .order_statuses_response import OrderStatusesResponse
from .override_order_status_model import OverrideOrderStatusModel
from .override_order_status_response import OverrideOrderStatusResponse
from .statuses import Statuses
from .token_error import TokenError
from .token_request import TokenRequest
from .token_request_grant_type import TokenRequestGrantType
from .token_response import TokenResponse

__all__ = (
    "HttpError",
    "HttpErrorModelState",
    "OrderModel",
    "OrderStatusesResponse",
    "OrderStatusModel",
    "OverrideOrderStatusModel",
    "OverrideOrderStatusResponse",
    "Statuses",
    "TokenError",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
)

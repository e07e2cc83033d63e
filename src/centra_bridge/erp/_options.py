"""What ERP fulfilment does: how shipments get paid, which stock policy returns take, whether
Centra mails the buyer, where its ledger lives. Validated before any request; every message
names the setting (``erp.<name>``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from centra_bridge import state
from centra_bridge.errors import CentraBridgeError

__all__ = ["CAPTURE_MODES", "STOCK_POLICIES", "ErpError", "ErpOptions", "open_store"]

CAPTURE_MODES = ("capture", "mark-paid", "none")
# The returns file's stock_policy -> Centra's returnStockActionPolicy field.
STOCK_POLICIES = {"release": "releaseItemsBackToWarehouse", "remove": "removeItemsFromStock"}


class ErpError(CentraBridgeError):
    """A file cannot be read as a whole (missing, unknown format, columns missing)."""

    default_hint = "See docs/erp.md for the files' columns, with examples in examples/erp/."


class ErpOptions(BaseModel):
    """The ``[erp]`` section (``CENTRA_BRIDGE_ERP__CAPTURE=mark-paid`` in the environment)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    capture: Literal["capture", "mark-paid", "none"] = Field(
        "capture",
        description="What a shipment import does about payment: capture the shipment's amount "
        "(capture), mark it paid without capturing (mark-paid: paid outside Centra), or neither",
    )
    stock_policy: Literal["release", "remove"] = Field(
        "release",
        description="Returns' default stock policy: release the items back to the warehouse "
        "they shipped from, or remove them from stock",
    )
    send_email: bool = Field(
        False, description="Let Centra mail the buyer on completed shipments and returns"
    )
    lock_batch: int = Field(100, ge=1, le=200, description="Orders locked per setOrdersLock")
    claim_ttl: float = Field(
        600.0,
        gt=0,
        description="Seconds an export's claim on an order lasts if the export dies before "
        "locking it; another export may take the order after that",
    )
    state: str = Field(
        str(Path(".centra-bridge") / "erp.sqlite"),
        description="State store: a SQLite file, or postgresql://... shared by every machine "
        "that exports or imports for this shop (the catalog push keeps only its price "
        "alterations' ids there)",
    )


def open_store(options: ErpOptions) -> state.StateStore:
    location = options.state
    return state.StateStore(location if "://" in location else Path(location))

"""The ERP side of Centra's guide (seed 002), as a client: fulfilment from files or Python.

>>> options = ErpOptions(capture="capture")
>>> export_orders(client, options, Path("orders.jsonl")).orders    # ready orders, locked
>>> report = import_shipments(client, options, Path("shipments.csv"))
>>> report.applied, report.skipped, report.refused                   # once per ERP id
>>> import_returns(client, options, Path("returns.csv"))
>>> import_cancels(client, options, Path("cancels.csv"))

On the integration's shared consumer: ``sync(settings, client, handlers=[ErpOrders(options,
client, open_store(options))])``, then ``export_orders(..., from_view=True)``.

The catalog push, from a directory of ERP files (one per entity, CSV, JSON Lines or Parquet):

>>> plan = plan_catalog(client, options, Path("catalog/"))    # reads Centra, changes nothing
>>> plan.entity("products").update                           # [Change(key, where, fields)]
>>> report = apply_catalog(client, options, Path("catalog/")) # in dependency order
"""

from pathlib import Path
from typing import TYPE_CHECKING

from centra_bridge._lazy import lazy_names
from centra_bridge.client import register_operations

if TYPE_CHECKING:
    from centra_bridge.erp._cancels import CANCEL_COLUMNS, import_cancels
    from centra_bridge.erp._catalog import CATALOG_ENTITIES, apply_catalog, plan_catalog
    from centra_bridge.erp._catalog_files import CATALOG_FILES, Invalid
    from centra_bridge.erp._catalog_model import (
        ApplyReport,
        Change,
        EntityPlan,
        EntityReport,
        FieldChange,
        Plan,
    )
    from centra_bridge.erp._catalog_sample import write_sample_catalog
    from centra_bridge.erp._export import LINE_COLUMNS, ORDER_COLUMNS, ExportResult, export_orders
    from centra_bridge.erp._files import FORMATS, Refusal
    from centra_bridge.erp._handler import ErpOrders, export_from_events
    from centra_bridge.erp._imports import Applied, ImportReport
    from centra_bridge.erp._options import CAPTURE_MODES, ErpError, ErpOptions, open_store
    from centra_bridge.erp._returns import RETURN_COLUMNS, import_returns
    from centra_bridge.erp._shipments import SHIPMENT_COLUMNS, import_shipments

# Loaded on first use (centra_bridge._lazy): every command imports the options (``config``),
# few need the rest.
__getattr__ = lazy_names(
    __name__,
    {
        "_cancels": ("CANCEL_COLUMNS", "import_cancels"),
        "_catalog": ("CATALOG_ENTITIES", "apply_catalog", "plan_catalog"),
        "_catalog_files": ("CATALOG_FILES", "Invalid"),
        "_catalog_model": (
            "ApplyReport",
            "Change",
            "EntityPlan",
            "EntityReport",
            "FieldChange",
            "Plan",
        ),
        "_catalog_sample": ("write_sample_catalog",),
        "_export": ("LINE_COLUMNS", "ORDER_COLUMNS", "ExportResult", "export_orders"),
        "_files": ("FORMATS", "Refusal"),
        "_handler": ("ErpOrders", "export_from_events"),
        "_imports": ("Applied", "ImportReport"),
        "_options": ("CAPTURE_MODES", "ErpError", "ErpOptions", "open_store"),
        "_returns": ("RETURN_COLUMNS", "import_returns"),
        "_shipments": ("SHIPMENT_COLUMNS", "import_shipments"),
    },
)

register_operations(Path(__file__).parent / "operations")

# The operations fulfilment sends (readiness names their permissions).
OPERATIONS = (
    "ErpOrders",
    "ErpLockOrders",
    "ErpCreateShipment",
    "ErpCaptureShipment",
    "ErpMarkShipmentPaid",
    "ErpCompleteShipment",
    "ErpCreateReturn",
    "ErpCompleteReturn",
    "ErpCancelLines",
    "ErpIdConversions",
    "ErpSetIdConversions",
)

# The operations the catalog push sends.
CATALOG_OPERATIONS = (
    "ErpCatalogIdConversions",
    "ErpCatalogReference",
    "ErpCatalogPricelists",
    "ErpCatalogPrices",
    "ErpCatalogProducts",
    "ErpStockDeliveries",
    "ErpSetIdConversions",
    "ErpCreateSizeChart",
    "ErpCreateWarehouse",
    "ErpUpdateWarehouse",
    "ErpCreatePricelist",
    "ErpUpdatePricelist",
    "ErpCreateProduct",
    "ErpUpdateProduct",
    "ErpCreateVariant",
    "ErpUpdateVariant",
    "ErpCreateSize",
    "ErpUpdateSize",
    "ErpCreateDisplay",
    "ErpUpdateDisplay",
    "ErpSetPrices",
    "ErpSetStock",
    "ErpChangeStock",
    "ErpPriceAlteration",
    "ErpCreatePriceAlteration",
    "ErpUpdatePriceAlteration",
    "ErpSetAlteredPrices",
    "ErpCatalogAccounts",
    "ErpCatalogBuyers",
    "ErpCatalogDeliveryWindows",
    "ErpCreateAccount",
    "ErpUpdateAccount",
    "ErpCreateBuyer",
    "ErpCreateDeliveryWindow",
    "ErpSetDeliveryWindowVariants",
)

__all__ = [
    "CANCEL_COLUMNS",
    "CAPTURE_MODES",
    "CATALOG_ENTITIES",
    "CATALOG_FILES",
    "CATALOG_OPERATIONS",
    "FORMATS",
    "LINE_COLUMNS",
    "OPERATIONS",
    "ORDER_COLUMNS",
    "RETURN_COLUMNS",
    "SHIPMENT_COLUMNS",
    "Applied",
    "ApplyReport",
    "Change",
    "EntityPlan",
    "EntityReport",
    "ErpError",
    "ErpOptions",
    "ErpOrders",
    "ExportResult",
    "FieldChange",
    "ImportReport",
    "Invalid",
    "Plan",
    "Refusal",
    "apply_catalog",
    "export_from_events",
    "export_orders",
    "import_cancels",
    "import_returns",
    "import_shipments",
    "open_store",
    "plan_catalog",
    "write_sample_catalog",
]

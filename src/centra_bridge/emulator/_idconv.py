"""ID conversion: per integration name, a two-way table of (object type, external id, internal id).

Upserts overwrite colliding entries, as the API does (AMS would validate instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field

OBJECT_TYPES = (
    "Account",
    "AddressBookEntry",
    "AdminUser",
    "Brand",
    "Buyer",
    "Collection",
    "Customer",
    "Currency",
    "DeliveryWindow",
    "DeliveryWindowGroup",
    "Folder",
    "Invoice",
    "Market",
    "Order",
    "OrderLine",
    "PaymentHistoryEntry",
    "PaymentTerms",
    "Pricelist",
    "Product",
    "ProductVariant",
    "PurchaseOrder",
    "Return",
    "SalesRepresentative",
    "Shipment",
    "StorePlugin",
    "ShippingTerms",
    "Size",
    "SizeChart",
    "Voucher",
    "Warehouse",
    "Unknown",
)


@dataclass(slots=True)
class IdConversionEntry:
    id: int
    integration_name: str
    object_type: str
    external_id: str
    internal_id: int


@dataclass
class IdConversions:
    entries: dict[int, IdConversionEntry] = field(default_factory=dict)
    _next_id: int = 1

    def _find(self, integration: str, object_type: str) -> list[IdConversionEntry]:
        return [
            e
            for e in self.entries.values()
            if e.integration_name == integration and e.object_type == object_type
        ]

    def put(
        self, integration: str, object_type: str, external_id: str, internal_id: int
    ) -> IdConversionEntry:
        for entry in self._find(integration, object_type):
            if entry.internal_id == internal_id or entry.external_id == external_id:
                del self.entries[entry.id]  # the API overwrites colliding entries
        entry = IdConversionEntry(self._next_id, integration, object_type, external_id, internal_id)
        self._next_id += 1
        self.entries[entry.id] = entry
        return entry

    def set_everywhere(
        self, integrations: set[str], object_type: str, external_id: str, internal_id: int
    ) -> None:
        for integration in integrations:
            self.put(integration, object_type, external_id, internal_id)

    def internal(self, integration: str, object_type: str, external_id: str) -> int | None:
        for entry in self._find(integration, object_type):
            if entry.external_id == external_id:
                return entry.internal_id
        return None

    def unset(self, entry_id: int) -> IdConversionEntry | None:
        return self.entries.pop(entry_id, None)

    def remove_internal(self, object_type: str, internal_id: int) -> None:
        for entry in [
            e
            for e in self.entries.values()
            if e.object_type == object_type and e.internal_id == internal_id
        ]:
            del self.entries[entry.id]

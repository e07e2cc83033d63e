"""A local Centra Integration API: a seeded shop served over real HTTP.

>>> from centra_bridge.emulator import Emulator, EmulatorServer, seed_shop
>>> emulator = Emulator(tier="unlimited")
>>> seed_shop(emulator.shop, orders=100)
>>> token = emulator.add_token(permissions={"Order:read"})
>>> with EmulatorServer(emulator) as server:
...     ...  # POST to server.url with "Authorization: Bearer <token>"

It ships as an extra (``pip install 'centra-bridge[emulator]'``): the client and the sync do not
need ariadne and uvicorn.
"""

from centra_bridge.errors import ExtraMissingError

try:
    import ariadne
    import uvicorn
except ImportError as exc:
    msg = f"The local Centra emulator needs its extra, which is not installed ({exc})"
    raise ExtraMissingError(
        msg, hint="pip install 'centra-bridge[emulator]' (in a clone: pip install '.[emulator]')"
    ) from None
del ariadne, uvicorn

from centra_bridge.emulator._activity import place_random_orders, simulate_activity
from centra_bridge.emulator._app import APP_VERSION, Emulator, RequestHook, TokenGrant
from centra_bridge.emulator._drift import Drift
from centra_bridge.emulator._faults import Faults
from centra_bridge.emulator._fulfilment import delete_return
from centra_bridge.emulator._persist import ShopFileError, load_shop, save_shop, seed_tag
from centra_bridge.emulator._ratelimit import TIERS, Tier
from centra_bridge.emulator._scenarios import SCENARIOS, apply_scenario
from centra_bridge.emulator._schema import all_permissions, build_schema, check_schema_coverage
from centra_bridge.emulator._seed import seed_shop
from centra_bridge.emulator._server import EmulatorServer
from centra_bridge.emulator._shop import Clock, Shop
from centra_bridge.emulator._stock import put_stock, record_change
from centra_bridge.emulator._storefront import place_order

__all__ = [
    "APP_VERSION",
    "SCENARIOS",
    "TIERS",
    "Clock",
    "Drift",
    "Emulator",
    "EmulatorServer",
    "Faults",
    "RequestHook",
    "Shop",
    "ShopFileError",
    "Tier",
    "TokenGrant",
    "all_permissions",
    "apply_scenario",
    "build_schema",
    "check_schema_coverage",
    "delete_return",
    "load_shop",
    "place_order",
    "place_random_orders",
    "put_stock",
    "record_change",
    "save_shop",
    "seed_shop",
    "seed_tag",
    "simulate_activity",
]

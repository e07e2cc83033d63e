"""A local Centra Integration API: a seeded shop served over real HTTP.

>>> from centra_bridge.emulator import Emulator, EmulatorServer, seed_shop
>>> emulator = Emulator(tier="unlimited")
>>> seed_shop(emulator.shop, orders=100)
>>> token = emulator.add_token(permissions={"Order:read"})
>>> with EmulatorServer(emulator) as server:
...     ...  # POST to server.url with "Authorization: Bearer <token>"
"""

from centra_bridge.emulator._activity import simulate_activity
from centra_bridge.emulator._app import APP_VERSION, Emulator, RequestHook, TokenGrant
from centra_bridge.emulator._drift import Drift
from centra_bridge.emulator._faults import Faults
from centra_bridge.emulator._persist import ShopFileError, load_shop, save_shop
from centra_bridge.emulator._ratelimit import TIERS, Tier
from centra_bridge.emulator._scenarios import SCENARIOS, apply_scenario
from centra_bridge.emulator._schema import all_permissions, build_schema, sdl
from centra_bridge.emulator._seed import seed_shop
from centra_bridge.emulator._server import EmulatorServer
from centra_bridge.emulator._shop import Clock, Shop

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
    "load_shop",
    "save_shop",
    "sdl",
    "seed_shop",
    "simulate_activity",
]

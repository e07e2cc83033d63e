"""centra-bridge: an integration hub for Centra's Integration GraphQL API."""

from importlib.metadata import PackageNotFoundError, version

from centra_bridge.errors import CentraBridgeError

try:
    __version__ = version("centra-bridge")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

__all__ = ["CentraBridgeError", "__version__"]

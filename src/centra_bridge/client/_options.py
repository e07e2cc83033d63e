"""How to reach Centra: the endpoint, the token, timeouts and the share of the rate limits."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from centra_bridge.centra import TIERS
from centra_bridge.client._budget import RateBudget
from centra_bridge.client._client import CentraClient

__all__ = ["ClientOptions"]


class ClientOptions(BaseModel):
    """The client's settings; ``client()`` builds a paced ``CentraClient`` from them."""

    model_config = ConfigDict(frozen=True)

    endpoint: str = Field(
        description="Centra Integration API URL, https://<shop>.centra.com/graphql"
    )
    token: SecretStr = Field(description="Integration API token (a secret: never logged)")
    timeout: float = Field(30.0, gt=0, description="Seconds to wait for one HTTP answer")
    rate_tier: str = Field(
        "growth",
        description="Centra rate-limit tier (growth, enhanced, high-volume, enterprise) to pace "
        "by until Centra's rateLimits answer gives the real quotas",
    )
    rate_share: float = Field(
        0.8,
        gt=0,
        le=1,
        description="Share of the shop's rate limits this tool may use; the rest is left for "
        "other integrations on the same Centra environment",
    )

    @field_validator("endpoint")
    @classmethod
    def _endpoint_is_http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            msg = f"must be an http(s) URL such as https://<shop>.centra.com/graphql, got {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("rate_tier")
    @classmethod
    def _known_tier(cls, value: str) -> str:
        if value not in TIERS:
            msg = f"unknown tier {value!r}; use one of {', '.join(TIERS)}"
            raise ValueError(msg)
        return value

    def client(self) -> CentraClient:
        """A client for the endpoint that paces itself within ``rate_share`` of the limits."""
        budget = RateBudget(self.rate_tier, share=self.rate_share)
        return CentraClient(self.endpoint, self.token, timeout=self.timeout, budget=budget)

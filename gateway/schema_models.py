"""Every table of the gateway, imported in one place so migrations see the whole schema."""

from gateway.models import metadata
from gateway.registry import models as registry_models

__all__ = ["metadata", "registry_models"]

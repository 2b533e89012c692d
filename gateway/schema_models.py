"""Every table of the gateway, imported in one place so migrations see the whole schema."""

from gateway.auth import models as auth_models
from gateway.consent import models as consent_models
from gateway.models import metadata
from gateway.registry import models as registry_models

__all__ = ["auth_models", "consent_models", "metadata", "registry_models"]

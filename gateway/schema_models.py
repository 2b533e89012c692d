"""Every table of the gateway, imported in one place so migrations see the whole schema."""

from gateway.audit import models as audit_models
from gateway.auth import models as auth_models
from gateway.consent import models as consent_models
from gateway.delivery import models as delivery_models
from gateway.inbound import models as inbound_models
from gateway.models import metadata
from gateway.referrals import models as referral_models
from gateway.registry import models as registry_models

__all__ = [
    "audit_models",
    "auth_models",
    "consent_models",
    "delivery_models",
    "inbound_models",
    "metadata",
    "referral_models",
    "registry_models",
]

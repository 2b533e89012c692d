"""Webhook subscriptions: an agency's callback URL for its referrals' status changes.

The URL must pass ``callbacks.check_callback_target`` for the caller's agency. The gateway makes
the signing secret, shows it once, and keeps it sealed (``sealing``). An agency sees and
removes only its own subscriptions; a removed subscription's pending notifications stop.
"""

import uuid

from sqlmodel import Session, col, select

from gateway.audit.actions import record_action
from gateway.auth.caller import Caller
from gateway.config import Environment, Settings
from gateway.delivery.callbacks import CallbackRefused, check_callback_target, parse_callback_hosts
from gateway.delivery.models import ReferralSubscription
from gateway.delivery.schemas import SubscriptionCreate, SubscriptionCreated, SubscriptionPublic
from gateway.delivery.sealing import new_secret, seal
from gateway.delivery.settings import DeliverySettings
from gateway.errors import FieldProblem, InvalidRequest, NotFound
from gateway.models import new_id, utcnow


def create_subscription(
    session: Session,
    *,
    body: SubscriptionCreate,
    caller: Caller,
    settings: Settings,
    delivery: DeliverySettings,
) -> SubscriptionCreated:
    """Subscribe the caller's agency; the answer carries the secret, once."""
    url = _checked(body.callback_url, caller.agency, settings, delivery)
    subscription_id, secret = new_id(), new_secret()
    kek = settings.key_encryption_key.get_secret_value()
    subscription = ReferralSubscription(
        id=subscription_id,
        agency=caller.agency,
        callback_url=url,
        sealed_secret=seal(secret, kek=kek, subscription_id=subscription_id),
        created_by_client=caller.client_id,
    )
    session.add(subscription)
    session.flush()
    _audit(session, caller, "referral_subscription.created", subscription)
    return SubscriptionCreated.model_validate(
        _public(subscription).model_dump() | {"secret": secret}
    )


def list_subscriptions(session: Session, *, caller: Caller) -> list[SubscriptionPublic]:
    """The caller's agency's active subscriptions."""
    query = select(ReferralSubscription).where(
        col(ReferralSubscription.agency) == caller.agency,
        col(ReferralSubscription.status) == "active",
    )
    return [_public(row) for row in session.exec(query.order_by(col(ReferralSubscription.id)))]


def remove_subscription(session: Session, *, subscription_id: uuid.UUID, caller: Caller) -> None:
    """Remove one of the caller's agency's subscriptions."""
    subscription = session.get(ReferralSubscription, subscription_id)
    if (
        subscription is None
        or subscription.agency != caller.agency
        or subscription.status != "active"
    ):
        raise NotFound(f"There is no subscription with id {subscription_id}.")
    subscription.status, subscription.removed_at = "removed", utcnow()
    session.add(subscription)
    session.flush()
    _audit(session, caller, "referral_subscription.removed", subscription)


def _checked(url: str, agency: str, settings: Settings, delivery: DeliverySettings) -> str:
    try:
        target = check_callback_target(
            url,
            agency=agency,
            allowed_hosts=parse_callback_hosts(delivery.callback_hosts),
            production=settings.environment is Environment.production,
        )
    except CallbackRefused as refused:
        problem = FieldProblem(location="body.callback_url", message=str(refused))
        raise InvalidRequest("The callback URL cannot be used.", errors=[problem]) from None
    return target.url


def _public(subscription: ReferralSubscription) -> SubscriptionPublic:
    return SubscriptionPublic.model_validate(
        subscription.model_dump(include=set(SubscriptionPublic.model_fields))
    )


def _audit(
    session: Session, caller: Caller, action: str, subscription: ReferralSubscription
) -> None:
    detail = {"subscription": str(subscription.id), "callback_url": subscription.callback_url}
    record_action(session, caller, action, detail=detail)

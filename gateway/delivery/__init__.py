"""Delivery: the transactional outbox, its workers, retries, dead letters and webhooks."""

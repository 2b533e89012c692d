"""Referrals: the service catalogue, routing rules, referrals and their lifecycle."""

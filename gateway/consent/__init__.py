"""Consents, legal bases and the one policy decision every access to personal data goes through."""

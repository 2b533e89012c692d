"""The audit trail: who did what to whose data, for what purpose, on what basis."""

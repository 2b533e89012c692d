"""The federated read: what each agency holds about a returnee, fetched live through adapters."""

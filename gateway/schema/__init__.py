"""The common schema v1: the only types that cross between the API, the core and the adapters."""

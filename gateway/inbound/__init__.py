"""Events agencies push to the gateway: translated by their adapter, applied once, kept."""

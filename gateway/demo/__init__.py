"""The gateway's demo: seeding the synthetic population (``population``) into the registry, the
demo clients and consents, and the agency simulators started beside it."""

"""A deterministic synthetic population of returnee households, and seeding it into the registry."""

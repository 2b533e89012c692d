"""The returnee interoperability gateway."""

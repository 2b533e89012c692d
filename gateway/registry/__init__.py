"""The registry: persons, households, return events and needs assessments."""

"""Reference data: the code lists clients validate against."""

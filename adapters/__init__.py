"""Agency adapters: one package per agency system behind the interface in ``adapters.base``."""

"""A stand-in for the CSW central case-file API: case files, search, referrals, in CSW's format.

``app.create_simulator`` builds the app; ``python -m adapters.csw.simulator`` serves it on the
demo port. Nothing here is imported by the adapter.
"""

"""What the four agency adapters share, written once and tested against all of them.

- ``codes``: ``CodeMap``, an agency's code list and its total map to one of our lists;
- ``http``: one HTTP exchange under a deadline, and ``error_for_status``, the one meaning of
  each HTTP status for the gateway (documented in ``adapters.base``);
- ``native``: the base of the agencies' JSON models and the reading of a reply into one;
- ``translate``: a reply that does not translate into the common schema is a malformed reply;
- ``events``: the common event a push becomes, and its media type.

A shape that appears a second time in ``adapters/`` moves here. Nothing here knows an agency.
"""

"""The stand-in for KIRS's readmission service: SOAP at ``/soap``, its own store and account.

``app`` builds it, ``service`` answers the SOAP operations, ``receptions`` and ``referrals``
keep its state, ``seed`` writes the demo people as reception records, ``admin`` adds the
loopback tools. Nothing here is used by the adapter itself.
"""

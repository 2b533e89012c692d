"""The synthetic population of returnee households that the demo and the simulators share.

One seed, one household count and one day give the same households, byte for byte: the gateway's
demo seeds them into the registry and each agency simulator serves the ones its agency knows
(``adapters.simulation.agency_people``), so both describe the same families.
Every value is synthetic; identifiers follow the shapes of ``identifiers``, not any agency's
official numbering.

May import the common schema (``gateway.schema``) and the shared domain helpers
(``gateway.identity``, ``gateway.codelists``); never the gateway's demo, its database or an
adapter.
"""

from population.households import DemoHousehold, DemoMember, generate_population
from population.returns import DemoReturn

__all__ = ["DemoHousehold", "DemoMember", "DemoReturn", "generate_population"]

"""The population package stands apart: the demo and the simulators import it, never the reverse."""

import ast
from pathlib import Path

import population

PACKAGE = Path(population.__file__).parent
ALLOWED_GATEWAY = ("gateway.schema", "gateway.identity", "gateway.codelists")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_population_imports_only_the_shared_domain_of_the_gateway() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert modules
    for module in modules:
        for name in imported_modules(module):
            if name.startswith(("gateway", "adapters")):
                assert name.startswith(ALLOWED_GATEWAY), (module.name, name)


def test_the_generator_is_what_the_package_offers() -> None:
    assert set(population.__all__) == {
        "DemoHousehold",
        "DemoMember",
        "DemoReturn",
        "generate_population",
    }

"""Issue 20: the house's rules, checked on the code itself, and the README's picture of it checked against
the code (datasette checks its docs with tests the same way).

- no module under dashboard/ is longer than MAX_LINES, except the translation catalogue;
- no function takes more than MAX_PARAMETERS parameters, except the few listed here with why;
- no pickle (or any loader that runs code) under dashboard/; one parser of dates from outside;
- the parts of dashboard/ import each other without cycles, exactly as the README's table says;
- every third-party import is declared in pyproject.toml, and the lock files pin it with hashes.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from collections import defaultdict
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"
MAX_LINES = 450
LONG_ALLOWED = {"i18n.py": "the translation catalogue: every word of the page in both languages"}
MAX_PARAMETERS = 6
MANY_PARAMETERS_ALLOWED = {
    "slides/symbols.py:_ring_patch": "matplotlib's legend handler calls it with this signature",
}
CODE_RUNNING_LOADERS = {"pickle", "cPickle", "dill", "shelve", "marshal", "joblib", "cloudpickle"}
DATE_PARSER = "dates.py"


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def name_of(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


@functools.cache
def trees() -> dict[str, ast.Module]:
    return {name_of(p): ast.parse(p.read_text(encoding="utf-8")) for p in modules()}


def _type_checking_blocks(tree: ast.Module) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:`: annotations only, never run."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            inside |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return inside


def imported_modules(name: str, tree: ast.Module) -> set[str]:
    """Absolute names of every module `name` imports when it runs (relative imports resolved)."""
    package = ["dashboard", *name.split("/")[:-1]]
    skip = _type_checking_blocks(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            parts = node.module.split(".") if node.module else []
            if node.level:
                parts = package[: len(package) - node.level + 1] + parts
            module = ".".join(parts)
            found.add(module)
            if module == "dashboard":  # `from dashboard import clock` imports dashboard.clock
                found |= {f"dashboard.{alias.name}" for alias in node.names}
    return found


def part_of(module: str) -> str | None:
    """The part of the house a dashboard module belongs to: `engine/` for a package, `cli.py` for a module."""
    bits = module.split(".")
    if bits[0] != "dashboard" or len(bits) < 2:
        return None
    return f"{bits[1]}/" if (PACKAGE / bits[1]).is_dir() else f"{bits[1]}.py"


@functools.cache
def _imports_of_every_module() -> dict[str, frozenset[str]]:
    return {name: frozenset(imported_modules(name, tree)) for name, tree in trees().items()}


def house_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, tree in trees().items():
        part = name.split("/")[0] + ("/" if "/" in name else "")
        if part == "__init__.py":
            continue
        graph[part]
        for module in imported_modules(name, tree):
            other = part_of(module)
            if other and other not in (part, "__init__.py"):
                graph[part].add(other)
    return dict(graph)


def readme_house() -> dict[str, set[str]]:
    """The README's table under "How it is built": part -> the parts it imports."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## How it is built", 1)[1].split("\n## ", 1)[0]
    table: dict[str, set[str]] = {}
    for row in re.findall(r"^\| `([^`]+)` \|[^|]*\|([^|]*)\|$", section, flags=re.M):
        part, imports = row
        table[part] = set(re.findall(r"`([^`]+)`", imports))
    return table


def test_the_readmes_table_of_the_house_is_the_code():
    code, readme = house_graph(), readme_house()
    assert sorted(readme) == sorted(code), "parts missing from or extra in the README's table"
    wrong = {part: (sorted(readme[part]), sorted(code[part])) for part in code if readme[part] != code[part]}
    assert wrong == {}, "README says (first) vs code imports (second)"


def test_the_parts_of_the_house_import_each_other_without_cycles():
    graph = house_graph()

    def reaches(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert [part for part in graph if part in reaches(part)] == []


def test_only_the_page_imports_streamlit():
    page = {"app.py", "launch.py"}
    importers = {
        name
        for name, tree in trees().items()
        if any(m.split(".")[0] in ("streamlit", "streamlit_folium") for m in imported_modules(name, tree))
    }
    assert importers and {n for n in importers if not n.startswith("page/") and n not in page} == set()


def test_no_module_is_longer_than_the_limit():
    long = {name_of(p): n for p in modules() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert set(long) <= set(LONG_ALLOWED), long


def test_no_function_takes_more_than_the_limit_of_parameters():
    many = {}
    for name, tree in trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args
                names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
                names = [n for n in names if n not in ("self", "cls")]
                if len(names) > MAX_PARAMETERS:
                    many[f"{name}:{node.name}"] = len(names)
    assert set(many) <= set(MANY_PARAMETERS_ALLOWED), many


def test_nothing_under_dashboard_loads_data_by_running_code():
    found = {
        name: sorted(m for m in imported_modules(name, tree) if m.split(".")[0] in CODE_RUNNING_LOADERS)
        for name, tree in trees().items()
    }
    assert {k: v for k, v in found.items() if v} == {}
    for path in modules():
        assert not re.search(r"\b(pd\.read_pickle|np\.load\(.*allow_pickle=True)", path.read_text()), name_of(path)


def test_one_parser_reads_dates_from_outside():
    calls = defaultdict(list)
    for name, tree in trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("fromisoformat", "strptime"):
                calls[name].append(node.lineno)
    assert list(calls) == [DATE_PARSER], dict(calls)


def _third_party_imports() -> set[str]:
    stdlib = set(sys.stdlib_module_names)
    tops = {m.split(".")[0] for name, tree in trees().items() for m in imported_modules(name, tree)}
    return {t for t in tops if t and t not in stdlib and t not in ("dashboard", "__future__")}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_import_is_declared_in_pyproject():
    declared = {_canonical(Requirement(r).name) for r in _pyproject()["project"]["dependencies"]}
    distributions = packages_distributions()
    undeclared = {}
    for module in sorted(_third_party_imports()):
        names = {_canonical(d) for d in distributions.get(module, [module])}
        if not names & declared:
            undeclared[module] = sorted(names)
    assert undeclared == {}


def test_streamlit_and_streamlit_folium_have_upper_bounds():
    """The workarounds of page/compat.py were written against these; an upgrade is a decision."""
    requirements = {_canonical(Requirement(r).name): Requirement(r) for r in _pyproject()["project"]["dependencies"]}
    for name in ("streamlit", "streamlit-folium"):
        assert any(spec.operator in ("<", "<=", "==", "~=") for spec in requirements[name].specifier), name


def _lock(file: str) -> dict[str, tuple[str, int]]:
    """name -> (pinned version, number of hashes), from a pip-compile lock."""
    text = (ROOT / file).read_text()
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        if match := re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block):
            pins[_canonical(match[1])] = (match[2], block.count("--hash=sha256:"))
    return pins


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.txt", ()), ("requirements-test.txt", ("test",))], ids=["runtime", "test"]
)
def test_the_lock_pins_every_requirement_with_hashes(lock, extras):
    project = _pyproject()["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in project["optional-dependencies"][extra]]
    pins = _lock(lock)
    assert pins and all(hashes > 0 for _, hashes in pins.values()), "a pin without hashes"
    for requirement in wanted:
        name = _canonical(requirement.name)
        assert name in pins, f"{lock} does not pin {name}"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (lock, name, pins[name][0])


def test_the_test_lock_pins_what_the_runtime_lock_pins_at_the_same_versions():
    runtime, test = _lock("requirements.txt"), _lock("requirements-test.txt")
    assert {n: v for n, (v, _) in runtime.items()} == {n: test[n][0] for n in runtime if n in test}
    assert set(runtime) <= set(test)


def test_make_lint_runs_the_import_contracts_and_the_browser_codes_linter():
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "lint-imports" in lint and "eslint" in lint
    contracts = _pyproject()["tool"]["importlinter"]
    assert contracts["root_package"] == "dashboard"

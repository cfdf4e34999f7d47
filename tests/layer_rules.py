"""The layer rules of the design (domain, store, services, ui...), read from the code.

Why an AST walk and not import-linter: the rules are few and the walk is
short, needs no new dependency, and reads every kind of import a newcomer
might write — at the top of a module, inside a function (the lazy imports
that keep start-up fast) and under ``if TYPE_CHECKING:``. All three count,
for the layer rules and for cycles alike: a lazy import still ties two
modules together (change one, the other breaks at run time instead of at
start), and a type-only import still means one module must know the other.

The rules (each applies to every module under its prefix):

- ``companion.domain`` imports nothing of the project but itself.
- ``companion.store`` imports only ``store``, ``domain`` and ``atomic_write``
  (and the standard library, sqlite3 included). ``atomic_write`` imports
  nothing of the project: it is the one way any layer replaces a file. It needs neither i18n nor paths today: the
  words a user reads are chosen above it, and every location is handed in,
  so the rule stays this narrow until a real need says otherwise.
- ``companion.services`` import no PySide6 (nor shiboken6), and nothing of the layers above
  them (``ui``, ``commands``, ``desktop``, ``cli``).
- ``companion.ui`` imports neither ``companion.store`` nor ``sqlite3``: what it
  shows comes from services (read models included), and every write goes
  through them.
  Nor does it import ``companion.commands``: what a window and a command
  share is a use case, and lives in services.
- ``companion.commands`` import no ``companion.store``: a headless command is
  a use case told on a terminal, and goes through services like the window.
- ``companion.desktop`` (OS notifications and schedulers) imports neither
  ``companion.ui`` nor ``PySide6.QtWidgets``.
- The shared base (``i18n``, ``paths``, ``guide``, ``zip_safety``,
  ``atomic_write``, ``tz_environment``) imports none of ``store``, ``services``,
  ``ui``, ``commands``, ``desktop``, ``cli``.
- No two modules import each other, directly or round a longer loop.
- No module imports a private name (``_like_this``) of another project
  module: what another room may use is made public, or moved to where both
  can reach it.

Imports by string (``importlib.import_module``) are not seen: today the
window's page table (ui to ui), the Qt-free modules the shell preloads (ui
to services and guide) and the commands' SPECS (cli and commands to
commands), all downward or within a layer.

An import of a package's name (``from companion.services import reminders``)
is resolved to the module it names when there is one; the package's own
``__init__`` is not counted as imported by each of its modules.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int


@dataclass(frozen=True)
class Rule:
    """``layer`` may not import any name starting with one of ``banned``
    (or, when ``only`` is set, any project module outside ``only``)."""

    layer: str
    why: str
    banned: tuple[str, ...] = ()
    only: tuple[str, ...] | None = None

    def applies_to(self, module: str) -> bool:
        return _within(module, self.layer)

    def breaks(self, imported: str) -> bool:
        if any(_within(imported, b) for b in self.banned):
            return True
        if self.only is not None and _within(imported, "companion"):
            return not any(_within(imported, allowed) for allowed in self.only)
        return False


_UPPER = ("companion.ui", "companion.commands", "companion.desktop", "companion.cli")
_BASE = (
    "companion.i18n",
    "companion.paths",
    "companion.guide",
    "companion.zip_safety",
    "companion.atomic_write",
    "companion.tz_environment",
)

RULES: tuple[Rule, ...] = (
    Rule("companion.domain", "domain imports nothing of the project", only=("companion.domain",)),
    Rule(
        "companion.store",
        "store imports only store, domain and atomic_write",
        only=("companion.store", "companion.domain", "companion.atomic_write"),
    ),
    Rule(
        "companion.atomic_write",
        "atomic_write imports nothing of the project",
        only=("companion.atomic_write",),
    ),
    Rule("companion.services", "services import no Qt", banned=("PySide6", "shiboken6")),
    Rule("companion.services", "services import no layer above them", banned=_UPPER),
    Rule("companion.ui", "ui never touches the store or SQL", banned=("companion.store", "sqlite3")),
    Rule("companion.ui", "ui asks services, not the headless commands", banned=("companion.commands",)),
    Rule("companion.commands", "commands go through services, not the store", banned=("companion.store",)),
    Rule(
        "companion.desktop",
        "desktop holds no widgets and imports no ui",
        banned=("companion.ui", "PySide6.QtWidgets"),
    ),
    *(
        Rule(
            base,
            "the shared base imports no layer",
            banned=("companion.store", "companion.services", *_UPPER),
        )
        for base in _BASE
    ),
)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def module_names(root: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module under ``root`` (the folder
    holding the ``companion`` package)."""
    found: dict[str, Path] = {}
    for path in sorted((root / "companion").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, modules: Iterable[str]) -> Iterator[Edge]:
    """Every import in the file, wherever it stands (top level, function,
    ``if TYPE_CHECKING:``), as the most precise module name it reaches."""
    known = set(modules)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Edge(name, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                whole = f"{source}.{alias.name}"
                yield Edge(name, whole if whole in known else source, node.lineno)


def all_edges(root: Path) -> list[Edge]:
    modules = module_names(root)
    edges: list[Edge] = []
    for name, path in modules.items():
        edges.extend(e for e in imports_of(name, path, modules) if e.imported != name)
    return edges


def layer_violations(edges: Iterable[Edge], rules: Iterable[Rule] = RULES) -> list[str]:
    rules = tuple(rules)
    found: list[str] = []
    for edge in edges:
        for rule in rules:
            if rule.applies_to(edge.importer) and rule.breaks(edge.imported):
                message = (
                    f"{edge.importer} (line {edge.line}) imports {edge.imported}: "
                    f"breaks the rule '{rule.why}'"
                )
                if message not in found:  # ``from m import a, b`` is one import
                    found.append(message)
    return found


def cycle_violations(edges: Iterable[Edge], modules: Iterable[str]) -> list[str]:
    """One message per loop of imports between project modules, naming each step."""
    known = set(modules)
    graph: dict[str, dict[str, int]] = {m: {} for m in known}
    for edge in edges:
        if edge.imported in known and edge.imported != edge.importer:
            graph[edge.importer].setdefault(edge.imported, edge.line)
    found: list[str] = []
    for component in _strong_components(graph):
        loop = _loop_through(component, graph)
        steps = " -> ".join(
            f"{a} (line {graph[a][b]}) imports {b}" for a, b in itertools.pairwise(loop)
        )
        found.append(f"import cycle: {steps}: breaks the rule 'no two modules import each other'")
    return found


def _strong_components(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; only components of two or more modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _loop_through(component: list[str], graph: dict[str, dict[str, int]]) -> list[str]:
    """A shortest loop from the component's first module back to itself."""
    members = set(component)
    start = component[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for nxt in sorted(graph[node]):
                if nxt not in members:
                    continue
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no loop in the component {component}")


def private_imports(root: Path) -> list[str]:
    """``from companion.x import _name`` (gettext's ``_`` and dunders aside)."""
    found: list[str] = []
    for name, path in module_names(root).items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            source = node.module or ""
            if not (node.level or _within(source, "companion")):
                continue
            for alias in node.names:
                private = alias.name.startswith("_") and alias.name != "_"
                if private and not alias.name.startswith("__"):
                    found.append(
                        f"{name} (line {node.lineno}) imports {alias.name} from "
                        f"{'.' * node.level}{source}: breaks the rule "
                        "'no module imports a private name of another'"
                    )
    return found


def check(root: Path) -> list[str]:
    """Every broken rule under ``root``, as messages naming both modules."""
    edges = all_edges(root)
    return (
        layer_violations(edges)
        + cycle_violations(edges, module_names(root))
        + private_imports(root)
    )

"""The start-up rule, checked by name: no ``Qt.<Enum>`` in a start-up module.

Why (see ``companion/ui/qt_runtime/qt_keys.py`` and docs/performance.md):
PySide6 builds the Python enums of the ``Qt`` namespace (94 enums, some
1,200 members) the first time ``Qt`` is touched, 13 ms of a start spent
before the first frame. The modules a start imports set such values by key
(``qt_keys.set_key``) and pass roles as ints; a function that runs only
later may import ``Qt`` itself, inside the function.

tests/test_startup_work.py sees that a start built ``Qt``; this test says
which module broke the rule and on which line. The list of start-up modules
is not typed here: a child process runs ``companion --smoke`` (a first start,
which also parses the guide, and a second) and reports every project module
loaded by the time the first frame is painted.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from process_helpers import run_python

_PROBE = """
import json, sys
from companion.ui.shell.main_window import MainWindow

loaded = {}
quit_app = MainWindow.quit_app

def first_frame_then_quit(self, *args, **kwargs):
    # --smoke quits right after the first painted frame: what is loaded now
    # is what the start loaded, before the teardown imports anything.
    if not loaded:
        for name, module in list(sys.modules.items()):
            if name == "companion" or name.startswith("companion."):
                loaded[name] = getattr(module, "__file__", None)
    return quit_app(self, *args, **kwargs)

MainWindow.quit_app = first_frame_then_quit
from companion.cli import main
rc = main(["--smoke", "--data-dir", sys.argv[1]])
print(json.dumps({"rc": rc, "modules": loaded}))
"""


def _startup_modules(data: Path) -> dict[str, Path]:
    result = run_python("-c", _PROBE, str(data), timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["rc"] == 0 and report["modules"], report
    return {name: Path(file) for name, file in report["modules"].items() if file}


def _imports_qt(node: ast.ImportFrom) -> str | None:
    """The name ``Qt`` is bound to by ``from PySide6.QtCore import Qt``, if any."""
    if node.module != "PySide6.QtCore":
        return None
    for alias in node.names:
        if alias.name == "Qt":
            return alias.asname or "Qt"
    return None


class _QtUses(ast.NodeVisitor):
    """Module-level imports of ``Qt`` and uses of ``Qt.X`` outside a function
    that imports ``Qt`` for itself."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self._local: list[set[str]] = []  # names bound to Qt in each enclosing function

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        own: set[str] = set()
        body = node.body if isinstance(node.body, list) else [node.body]
        stack: list[ast.AST] = list(body)
        while stack:  # this function's own statements, not those of nested functions
            item = stack.pop()
            if isinstance(item, ast.ImportFrom) and (name := _imports_qt(item)):
                own.add(name)
            if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                stack.extend(ast.iter_child_nodes(item))
        self._local.append(own)
        self.generic_visit(node)
        self._local.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def _is_local(self, name: str) -> bool:
        return any(name in scope for scope in self._local)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if _imports_qt(node) and not self._local:
            self.problems.append(f"line {node.lineno}: imports Qt when the module is imported")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        value = node.value
        if isinstance(value, ast.Name) and value.id == "Qt" and not self._is_local("Qt"):
            self.problems.append(f"line {node.lineno}: Qt.{node.attr}")
        elif isinstance(value, ast.Attribute) and value.attr == "Qt":
            self.problems.append(f"line {node.lineno}: {ast.unparse(node)}")
        self.generic_visit(node)


def qt_problems(source: str) -> list[str]:
    uses = _QtUses()
    uses.visit(ast.parse(source))
    return uses.problems


def test_the_check_sees_each_way_of_breaking_the_rule() -> None:
    assert qt_problems(
        "from PySide6.QtCore import Qt\n"
        "ALIGN = Qt.AlignmentFlag.AlignLeft\n"
        "def later():\n"
        "    return Qt.Key.Key_A\n"
        "import PySide6.QtCore as QtCore\n"
        "x = QtCore.Qt.TextFormat\n"
    ) == [
        "line 1: imports Qt when the module is imported",
        "line 2: Qt.AlignmentFlag",
        "line 4: Qt.Key",
        "line 6: QtCore.Qt.TextFormat",
    ]
    # The allowed way: a function that runs after the first frame imports Qt itself.
    assert qt_problems(
        "def later():\n"
        "    from PySide6.QtCore import Qt  # not at import: see qt_keys.py\n"
        "    return [Qt.Key.Key_A for _ in range(1)]\n"
        "def nested_import_does_not_cover_the_outer():\n"
        "    def inner():\n"
        "        from PySide6.QtCore import Qt\n"
        "    return Qt.Key.Key_B\n"
    ) == ["line 7: Qt.Key"]


@pytest.mark.slow
def test_no_startup_module_uses_the_qt_namespace(tmp_path: Path) -> None:
    data = tmp_path / "data"
    modules = _startup_modules(data)  # the first start: the guide is parsed too
    modules.update(_startup_modules(data))  # a second start, from the caches
    # The probe saw the real start: the window and its first page are there.
    assert {"companion.cli", "companion.ui.shell.main_window", "companion.ui.guide.guide_page"} <= set(modules)
    broken = {
        name: problems
        for name, path in sorted(modules.items())
        if (problems := qt_problems(path.read_text(encoding="utf-8")))
    }
    assert broken == {}, "start-up modules that touch Qt's enum namespace (see qt_keys.py): " + "; ".join(
        f"{name} ({', '.join(problems)})" for name, problems in broken.items()
    )

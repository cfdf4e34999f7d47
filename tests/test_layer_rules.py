"""The layers hold and no two modules import each other (see layer_rules).

Why the fake trees: a checker that finds nothing in the real code proves
nothing by itself; each rule is shown failing on a small tree that breaks it,
with a message naming the importing module, the imported one and the rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from layer_rules import check

ROOT = Path(__file__).resolve().parent.parent


def test_the_project_keeps_its_layers_and_has_no_import_cycles() -> None:
    problems = check(ROOT)
    assert problems == [], "\n".join(problems)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"companion/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(tmp_path).parents:
            init = tmp_path / parent / "__init__.py"
            if parent != Path(".") and not init.exists():
                init.write_text("")
        path.write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"companion/domain/card.py": "from companion.i18n import _\n"},
            "companion.domain.card (line 1) imports companion.i18n: "
            "breaks the rule 'domain imports nothing of the project'",
        ),
        (
            {
                "companion/store/repo.py": "def f():\n    from companion.paths import data_paths\n",
                "companion/paths.py": "",
            },
            "companion.store.repo (line 2) imports companion.paths: "
            "breaks the rule 'store imports only store, domain and atomic_write'",
        ),
        (
            {"companion/services/jobs.py": "from PySide6.QtCore import QObject\n"},
            "companion.services.jobs (line 1) imports PySide6.QtCore: "
            "breaks the rule 'services import no Qt'",
        ),
        (
            {"companion/services/jobs.py": "import companion.ui.page\n", "companion/ui/page.py": ""},
            "companion.services.jobs (line 1) imports companion.ui.page: "
            "breaks the rule 'services import no layer above them'",
        ),
        (
            {
                "companion/ui/page.py": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from companion.store import repo\n",
                "companion/store/repo.py": "",
            },
            "companion.ui.page (line 3) imports companion.store.repo: "
            "breaks the rule 'ui never touches the store or SQL'",
        ),
        (
            {"companion/ui/page.py": "import sqlite3\n"},
            "companion.ui.page (line 1) imports sqlite3: "
            "breaks the rule 'ui never touches the store or SQL'",
        ),
        (
            {
                "companion/commands/export.py": "from ..store.repo import Repo\n",
                "companion/store/repo.py": "",
            },
            "companion.commands.export (line 1) imports companion.store.repo: "
            "breaks the rule 'commands go through services, not the store'",
        ),
        (
            {
                "companion/ui/group.py": "from companion.commands.data import name\n",
                "companion/commands/data.py": "",
            },
            "companion.ui.group (line 1) imports companion.commands.data: "
            "breaks the rule 'ui asks services, not the headless commands'",
        ),
        (
            {"companion/desktop/notify.py": "def f():\n    from PySide6.QtWidgets import QWidget\n"},
            "companion.desktop.notify (line 2) imports PySide6.QtWidgets: "
            "breaks the rule 'desktop holds no widgets and imports no ui'",
        ),
        (
            {
                "companion/desktop/notify.py": "from companion.ui import icons\n",
                "companion/ui/icons.py": "",
            },
            "companion.desktop.notify (line 1) imports companion.ui.icons: "
            "breaks the rule 'desktop holds no widgets and imports no ui'",
        ),
        (
            {
                "companion/i18n/__init__.py": "from companion.services import zones\n",
                "companion/services/zones.py": "",
            },
            "companion.i18n (line 1) imports companion.services.zones: "
            "breaks the rule 'the shared base imports no layer'",
        ),
        (
            {
                "companion/ui/a.py": "from companion.ui.b import B\n",
                "companion/ui/b.py": "def f():\n    from companion.ui import a\n",
            },
            "import cycle: companion.ui.a (line 1) imports companion.ui.b -> "
            "companion.ui.b (line 2) imports companion.ui.a: "
            "breaks the rule 'no two modules import each other'",
        ),
        (
            {
                "companion/x.py": "import companion.y\n",
                "companion/y.py": "import companion.z\n",
                "companion/z.py": "from . import x\n",
            },
            "import cycle: companion.x (line 1) imports companion.y -> "
            "companion.y (line 1) imports companion.z -> "
            "companion.z (line 1) imports companion.x: "
            "breaks the rule 'no two modules import each other'",
        ),
        (
            {
                "companion/services/ics.py": "from companion.services.reminders import _timer_for\n",
                "companion/services/reminders.py": "def _timer_for(): ...\n",
            },
            "companion.services.ics (line 1) imports _timer_for from companion.services.reminders: "
            "breaks the rule 'no module imports a private name of another'",
        ),
    ],
    ids=[
        "domain-imports-i18n",
        "store-imports-paths-lazily",
        "services-import-qt",
        "services-import-ui",
        "ui-imports-store-for-types",
        "ui-imports-sqlite3",
        "ui-imports-commands",
        "commands-import-store-relative",
        "desktop-imports-widgets",
        "desktop-imports-ui",
        "base-imports-services",
        "two-module-cycle-through-a-lazy-import",
        "three-module-cycle",
        "private-name-imported",
    ],
)
def test_each_rule_fails_on_a_tree_that_breaks_it(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    assert check(_tree(tmp_path, files)) == [expected]


def test_allowed_imports_are_not_reported(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "companion/domain/card.py": "from companion.domain import money\nimport datetime\n",
            "companion/domain/money.py": "",
            "companion/store/repo.py": "import sqlite3\nfrom companion.domain.card import Card\n",
            "companion/services/cards.py": "from companion.store.repo import Repo\n",
            "companion/ui/page.py": "from PySide6.QtWidgets import QWidget\n"
            "from companion.services import cards\nfrom companion.i18n import _, __version__\n",
            "companion/i18n/__init__.py": "",
            "companion/commands/run.py": "from companion.services.cards import x\n",
            "companion/desktop/timer.py": "from PySide6.QtCore import QTimer\n",
        },
    )
    assert check(root) == []

"""PyInstaller's entry script: the same ``main`` as the ``companion`` command.

Why a separate file: PyInstaller needs a script path, and running
``companion/cli.py`` directly would import the package twice (as ``__main__``
and as ``companion.cli``), which splits the start-up timer and the state.
"""

from companion.cli import main

raise SystemExit(main())

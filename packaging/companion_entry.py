"""PyInstaller's entry script: the same ``run`` as the ``companion`` command.

Why a separate file: PyInstaller needs a script path, and running
``companion/cli.py`` directly would import the package twice (as ``__main__``
and as ``companion.cli``), which splits the start-up timer and the state.
"""

from companion.cli import run

run()

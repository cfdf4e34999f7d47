"""Zone names from fields and files are checked against the tz list, never opened as paths."""

from __future__ import annotations

import pytest

from companion.domain.zone_names import is_known_zone, zone_or_none


@pytest.mark.parametrize("name", ["Europe/Moscow", "Asia/Vladivostok", "Etc/UTC", "UTC"])
def test_real_zones_are_accepted(name: str) -> None:
    assert is_known_zone(name)
    zone = zone_or_none(name)
    assert zone is not None and zone.key == name


@pytest.mark.parametrize(
    "name",
    ["", "Europe", "America/", "Europe/Moscow ", "../x", "/etc/passwd", "a" * 300, "Europe/../Europe/Moscow", "europe/moscow"],
)
def test_anything_else_is_refused_without_an_error(name: str) -> None:
    assert not is_known_zone(name)
    assert zone_or_none(name) is None

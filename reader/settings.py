"""Limits a person can change: ``reader.toml`` in the library folder.

Each section sets fields of one limits class, by the field's own name::

    [fetch]                  # reader.fetcher.FetchLimits
    total_timeout = 120.0
    [images]                 # reader.images.ImageLimits
    max_side = 2400
    [save]                   # reader.library.SaveLimits
    max_images = 100
    [backup]                 # reader.backup.BackupSettings
    keep = 14

A missing file means the defaults.  A broken one is a ``UsageError`` naming the file
and the setting, raised when the library is opened, before anything is saved.
"""

from __future__ import annotations

import dataclasses
import importlib
import tomllib
from pathlib import Path
from typing import Any

from reader.errors import UsageError

CONFIG_NAME = "reader.toml"

#: section -> (module, class).  Imported only when the file sets that section, so a
#: library without settings costs no start-up time.
SECTIONS: dict[str, tuple[str, str]] = {
    "fetch": ("reader.fetcher", "FetchLimits"),
    "images": ("reader.images", "ImageLimits"),
    "save": ("reader.library", "SaveLimits"),
    "backup": ("reader.backup", "BackupSettings"),
}


def read_limits(folder: Path) -> dict[str, Any]:
    """The limits ``folder/reader.toml`` sets, by section; {} when there is no file."""
    return read_limits_file(folder / CONFIG_NAME)


def read_limits_file(path: Path) -> dict[str, Any]:
    """The limits a settings file sets, by section; {} when there is no file."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path} is not valid TOML: {exc}") from None
    limits: dict[str, Any] = {}
    for section, values in data.items():
        if section not in SECTIONS or not isinstance(values, dict):
            known = ", ".join(f"[{s}]" for s in SECTIONS)
            raise UsageError(f"{path}: unknown section [{section}] (known: {known})")
        module, name = SECTIONS[section]
        cls = getattr(importlib.import_module(module), name)
        limits[section] = cls(**_checked(path, section, cls, values))
    return limits


def _checked(path: Path, section: str, cls: type, values: dict[str, Any]) -> dict[str, Any]:
    defaults = cls()
    names = {f.name for f in dataclasses.fields(cls)}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in names:
            raise UsageError(
                f"{path}: unknown setting {section}.{key} (known: {', '.join(sorted(names))})"
            )
        default = getattr(defaults, key)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise UsageError(f"{path}: {section}.{key} must be true or false")
        elif isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise UsageError(f"{path}: {section}.{key} must be a number above 0")
        elif isinstance(default, int) and not isinstance(value, int):
            raise UsageError(f"{path}: {section}.{key} must be a whole number")
        out[key] = float(value) if isinstance(default, float) else value
    return out


def limit_defaults() -> dict[str, dict[str, Any]]:
    """Every limit ``reader.toml`` may set, by section, with its default value."""
    out: dict[str, dict[str, Any]] = {}
    for section, (module, name) in SECTIONS.items():
        cls = getattr(importlib.import_module(module), name)
        out[section] = {f.name: getattr(cls(), f.name) for f in dataclasses.fields(cls)}
    return out


def write_limits(folder: Path, values: dict[str, dict[str, Any]]) -> Path:
    """Write ``folder/reader.toml`` with the values that differ from the defaults.

    The file is checked as ``read_limits`` reads it before it replaces the old one, so a
    bad value is a ``UsageError`` and the old file stays.
    """
    defaults = limit_defaults()
    lines: list[str] = []
    for section, items in values.items():
        changed = {k: v for k, v in items.items() if defaults.get(section, {}).get(k) != v}
        if not changed:
            continue
        lines.append(f"[{section}]")
        for key, value in changed.items():
            text = ("true" if value else "false") if isinstance(value, bool) else repr(value)
            lines.append(f"{key} = {text}")
        lines.append("")
    path = folder / CONFIG_NAME
    draft = folder / (CONFIG_NAME + ".new")
    try:
        draft.write_text("\n".join(lines), "utf-8")
        try:
            read_limits_file(draft)
        except UsageError:
            draft.unlink()
            raise
        draft.replace(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    return path

"""Where the library lives: ``--library DIR``, else ``$READER_LIBRARY``, else the data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Reader"
ENV_LIBRARY = "READER_LIBRARY"


def library_dir(option: str | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_LIBRARY)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "library"


def log_dir() -> Path:
    return platformdirs.user_log_path(APP_NAME, appauthor=False)

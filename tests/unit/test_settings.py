"""reader.toml: limits a person can change, checked when the library opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.errors import UsageError
from reader.library import Library


def _write(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reader.toml").write_text(text, "utf-8")


def test_limits_come_from_the_library_folder(library_dir: Path) -> None:
    _write(
        library_dir,
        "[fetch]\ntotal_timeout = 120\nblock_local_images = false\n"
        "[images]\nmax_side = 2400\n[save]\nmax_images = 5\n",
    )
    with Library.open(library_dir) as library:
        assert library.fetcher.limits.total_timeout == 120.0
        assert library.fetcher.limits.block_local_images is False
        assert library.image_limits.max_side == 2400
        assert library.save_limits.max_images == 5
        assert library.fetcher.limits.max_redirects == 10  # untouched: the default


def test_no_file_means_the_defaults(library_dir: Path) -> None:
    with Library.open(library_dir) as library:
        assert library.save_limits.max_images == 60
        assert library.image_limits.max_side == 1600


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[fetch]\ntotal_timeout = -1\n", "fetch.total_timeout must be a number above 0"),
        ("[fetch]\ntotal_timout = 5\n", "unknown setting fetch.total_timout"),
        ("[network]\nx = 1\n", "unknown section [network]"),
        ("[save]\nmax_images = 2.5\n", "save.max_images must be a whole number"),
        ("[fetch]\nblock_local_images = 1\n", "must be true or false"),
        ("[fetch\n", "is not valid TOML"),
    ],
)
def test_a_broken_file_is_a_clear_error(library_dir: Path, text: str, words: str) -> None:
    _write(library_dir, text)
    with pytest.raises(UsageError, match=words.replace("[", r"\[").replace(".", r"\.")):
        Library.open(library_dir)


def test_the_command_line_reports_a_broken_file_in_one_line(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(library_dir, "[save]\nmax_images = 0\n")
    assert main(["--library", str(library_dir), "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: usage: ") and "save.max_images" in err
    assert len(err.strip().splitlines()) == 1

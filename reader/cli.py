"""The command line: ``reader`` with no arguments opens the app; subcommands script it.

Output is one line per item; errors are ``error: CATEGORY: detail`` on stderr and a
non-zero exit status, never a traceback (unexpected ones go to the log file).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from reader import __version__, cli_articles, cli_export, cli_highlights
from reader.cli_feeds import add_feed_commands, cmd_feed
from reader.cli_import import add_parser as add_import_parser
from reader.cli_import import cmd_import
from reader.config import library_dir, log_dir
from reader.errors import ReaderError, UsageError
from reader.library import Library

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # as a process killed by SIGPIPE


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reader",
        description="Save news articles by URL and read them offline. "
        "With no command, opens the app.",
    )
    p.add_argument("--version", action="version", version=f"reader {__version__}")
    p.add_argument(
        "--library",
        metavar="DIR",
        help="library folder (default: $READER_LIBRARY, else your data folder)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    cli_articles.add_parsers(sub)
    add_import_parser(sub)

    op = sub.add_parser("open", help="open the app on an article")
    op.add_argument("id", type=int)
    add_feed_commands(sub)
    cli_export.add_parsers(sub)
    cli_highlights.add_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    given, links = _links_for_app(list(sys.argv[1:] if argv is None else argv))
    args = _parser().parse_args(given)
    _setup_logging()
    if args.command in (None, "open"):
        return _run_gui(args, links)
    try:
        if args.command == "restore":  # checks the backup before touching the library
            return cli_export.cmd_restore(library_dir(args.library), args)
        with Library.open(library_dir(args.library)) as library:
            handler = _COMMANDS[args.command]
            return handler(library, args)
    except ReaderError as exc:
        _error(exc.one_line())
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`reader show 6 --json | head -c 300`): end
        # quietly, as Unix tools do, and keep the interpreter from complaining at exit.
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug: say so in one line, keep the traceback in the log
        logging.getLogger("reader").error("unexpected error\n%s", traceback.format_exc())
        _error(f"internal_error: {type(exc).__name__}: {exc} (details in {_log_file()})")
        return EXIT_FAILED


def _links_for_app(argv: list[str]) -> tuple[list[str], list[str]]:
    """``reader URL...``: the app opens (or the running one is asked) and saves them."""
    rest, links, i = [], [], 0
    while i < len(argv):
        token = argv[i]
        if token == "--library" and i + 1 < len(argv):
            rest += argv[i : i + 2]
            i += 2
            continue
        if token.startswith("-"):
            rest.append(token)
        elif token.startswith(("http://", "https://")):
            links.append(token)
        else:
            return argv, []  # a command: its own arguments
        i += 1
    return rest, links


def _run_gui(args: argparse.Namespace, links: Sequence[str] = ()) -> int:
    from reader.qt_check import describe_import_error, why_qt_cannot_start

    problem = why_qt_cannot_start()
    if problem is not None:
        _error(f"gui_unavailable: {problem}")
        return EXIT_FAILED
    try:
        from reader.ui.app import main as gui_main
    except ImportError as exc:
        _error(f"gui_unavailable: {describe_import_error(exc)}")
        return EXIT_FAILED
    article = getattr(args, "id", None)
    return gui_main(library_dir(args.library), open_article=article, save=list(links))


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


_error = cli_articles.error


def _log_file() -> str:
    return str(log_dir() / "reader.log")


def _setup_logging() -> None:
    root = logging.getLogger("reader")
    if root.handlers:
        return
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(_log_file(), encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False


_COMMANDS = {
    **cli_articles.COMMANDS,
    "feed": cmd_feed,
    "import": cmd_import,
    **cli_export.COMMANDS,
    **cli_highlights.COMMANDS,
}

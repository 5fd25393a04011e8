"""The desktop app (Qt): the only package that imports PySide6.  It talks to reader.library only."""

from reader.ui.refcounts import keep_singletons_alive

keep_singletons_alive()

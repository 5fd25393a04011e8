"""The desktop app (Qt): the only package that imports PySide6.  It talks to reader.library only."""

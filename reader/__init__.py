"""Reader: a desktop offline news reader."""

__version__ = "0.1.0"

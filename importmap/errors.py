"""Errors the core raises for the CLI to turn into exit code 2 with one line."""


class ImportmapError(Exception):
    """A problem with what the user asked for: a bad path, a bad setting."""

"""The imports-only path: where a file's imports are, without parsing the whole file.

grimp's Rust scanner locates every import statement's first line (`locate`); the lines around
each are then read as text: a plain import from its own lines (`plain_imports`), an indented one
from the `def` or top-level statement that holds it (`blocks`), once that header is shown to
begin in code rather than inside a string (`string_state`). Only the small pieces that text does
not settle are parsed, with the whole-file path's collector. Whatever cannot be read for sure
declines (None), and the caller parses the whole file.
"""

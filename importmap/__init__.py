"""importmap: map a Python codebase's imports and hold it to import-consistency criteria."""

__version__ = "0.1.0"

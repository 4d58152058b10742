"""importmap's version, in a module of its own: any module may read it without importing the
package's `__init__` (which lazily offers the whole API)."""

__version__ = "0.1.0"

"""Python's import machinery, played symbolically: which import-time cycles raise, and where.

The simulator runs the top-level statements of the modules in a cycle in the order CPython
would, tracking only which names each module has bound so far; it never runs analysed code.
"""

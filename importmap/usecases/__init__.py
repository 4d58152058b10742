"""One use case per command: a frozen request in, a result dataclass out.

A use case never prints, never exits and never reads `sys.argv`: the CLI (`importmap/cli/`),
the Python API (`importmap/api.py`) and the pytest plugin build its request, hand it the
adapters it needs (file readers, the outcome cache, git, a progress bar) and present its result.
"""

"""Hypothesis settings for the hardening suite: no example database left in the worktree."""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("hardening", database=None, deadline=None, print_blob=True)
settings.load_profile("hardening")

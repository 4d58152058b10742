"""Adapters to the outside world (subprocesses, tools) that the core receives as ports."""

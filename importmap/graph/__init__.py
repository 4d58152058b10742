"""The import graph and the questions asked of it."""

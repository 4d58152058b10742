"""The whole-file path: the file parsed by `ast`, every import with its context, and its facts.

`collect` walks the tree for import statements and the context each runs in (module, function,
class, conditional, type-checking, lazy); `fact_walk` does the same walk for what the lint and
heavy-import rules need (`walk_contexts`, `heavy_facts`, `facts`). A file that does not parse
has its imports salvaged line by line (`salvage`).
"""

"""From files on disk to import records.

`codebase.scan_codebase` is the entry: `discovery` finds the modules under the roots, each file is
scanned once (`scanner`; unchanged files come from `cache`), and `resolve` turns the imports as
written into absolute module names. A file is read by one of two paths:

- `imports_only/`: grimp's Rust scanner locates the import lines, and only the text around them
  is read (the cycle gate, and every rule that needs imports alone);
- `whole_file/`: `ast` parses the file, for its imports and the facts the lint and heavy-import
  rules need (`analyze`); a file that does not parse has its imports salvaged line by line.

Both read text through `source` (decoding, parsing) and `lexer`, the one hand lexer of strings,
comments, line joints and brackets. After the scan: `called` adds the imports that calls at import
time run (its text filters in `called_text`), `banned_calls` finds configured calls, and `target`
reads the files only a newer Python's grammar accepts.
"""

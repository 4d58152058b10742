"""One rule, one module, one code."""

"""Safe rewriting of import statements: rewriters over text, one atomic writer."""

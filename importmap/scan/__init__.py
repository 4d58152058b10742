"""From files on disk to import records."""

"""Heavy eager imports: which modules are heavy, where they load at import time, what they cost."""

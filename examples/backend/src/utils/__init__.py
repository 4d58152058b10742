from .lazy_imports import lazy
from .security_utils import hash_password

__all__ = ["lazy", "hash_password"]

import hashlib

from .database_helpers import db


def hash_password(password: str) -> str:
    db.touch()
    return hashlib.sha256(password.encode()).hexdigest()

from .job import Job
from .user import User

__all__ = ["Job", "User"]

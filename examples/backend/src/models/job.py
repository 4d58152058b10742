from dataclasses import dataclass, field

from ..services.job_service import JobService
from .user import User


@dataclass
class Job:
    id: int
    owner: User
    status: str = "pending"
    tags: list = field(default_factory=list)

    def service(self) -> JobService:
        return JobService()

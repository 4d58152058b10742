import functools

from src.services.file_management_service import FileManagementService
from src.services.job_service import JobService


class ServiceRegistry:
    _instance = None

    @classmethod
    def instance(cls) -> "ServiceRegistry":
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    @functools.cache
    def job_service(self) -> JobService:
        return JobService()

    @functools.cache
    def file_management_service(self) -> FileManagementService:
        return FileManagementService()

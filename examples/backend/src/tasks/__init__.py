from .utils import process_job

__all__ = ["process_job"]

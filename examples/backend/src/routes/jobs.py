from src.models import *
from src.services.registry import ServiceRegistry
from src.tasks import process_job
from src.reports.summary import weekly_summary
import json


def register_routes(app: dict) -> None:
    app["routes"]["/jobs"] = list_jobs
    app["routes"]["/summary"] = weekly_summary


def list_jobs() -> str:
    return json.dumps([])


def notify(job: "Job") -> None:  # noqa: F405
    ServiceRegistry.instance().job_service()
    process_job

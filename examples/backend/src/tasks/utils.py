from ..services.job_service import JobService
from ..utils.database_helpers import db


def process_job(job):
    from src.routes.jobs import notify

    JobService().mark_done(job)
    db.session.commit()
    notify(job)


def retry_job(job):
    job.status = "pending"
    db.session.commit()

from src.models.job import Job
from src.utils.database_helpers import db


class JobService:
    def mark_done(self, job: Job) -> Job:
        job.status = "done"
        db.session.commit()
        return job

    def archive(self, job: Job) -> Job:
        job.status = "archived"
        session = db.session
        session.commit()
        return job

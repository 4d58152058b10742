import sys

from src.routes import register_routes
from src.services.registry import ServiceRegistry
from src.utils.database_helpers import db


def create_app() -> dict:
    app = {"routes": {}}
    register_routes(app)
    ServiceRegistry.instance().job_service()
    db.session.commit()
    return app


if __name__ == "__main__":
    create_app()
    sys.exit(0)

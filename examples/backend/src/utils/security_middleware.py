from . import security_utils


def check(request: dict) -> bool:
    return security_utils.hash_password(request.get("token", "")) != ""

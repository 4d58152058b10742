import os
from typing import TYPE_CHECKING

from src.utils.lazy_imports import lazy

if TYPE_CHECKING:
    import boto3

s3 = lazy("boto3")


class FileManagementService:
    def upload(self, path: str) -> str:
        client: "boto3.client" = s3.client("s3")
        client.upload_file(path, "bucket", os.path.basename(path))
        return path

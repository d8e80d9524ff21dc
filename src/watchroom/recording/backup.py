"""A second copy of every sealed segment (R-REC-5): a folder, or S3-compatible storage.

Each copy is verified by hash after it is written; `check` reports, per camera and
day, what the second store lacks or holds altered.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from watchroom.core import files


class FolderStore:
    def __init__(self, path: str):
        self.base = Path(path).expanduser().resolve()
        self.label = str(self.base)

    def put(self, relpath: str, source: Path) -> str:
        target = self.base / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(target.name + ".part")
        with open(source, "rb") as src, open(temp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        files.durable_move(temp, target, replace=True)
        return self.digest(relpath)

    def digest(self, relpath: str) -> str | None:
        try:
            return files.sha256_file(self.base / relpath)[0]
        except FileNotFoundError:
            return None

    def fetch(self, relpath: str, target: Path) -> None:
        shutil.copyfile(self.base / relpath, target)

    def sizes(self, prefix: str) -> dict[str, int]:
        base = self.base / prefix
        found = {}
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                path = Path(dirpath, name)
                found[path.relative_to(self.base).as_posix()] = path.stat().st_size
        return found


class S3Store:
    def __init__(self, url: str, endpoint: str = ""):
        import boto3  # lazy: heavy, and only an S3 backup target needs it

        parts = urlsplit(url)
        self.bucket = parts.netloc
        self.prefix = parts.path.strip("/")
        self.label = url
        self.client = boto3.client("s3", endpoint_url=endpoint or None)

    def _key(self, relpath: str) -> str:
        return f"{self.prefix}/{relpath}" if self.prefix else relpath

    def put(self, relpath: str, source: Path) -> str:
        with open(source, "rb") as handle:
            self.client.upload_fileobj(handle, self.bucket, self._key(relpath))
        return self.digest(relpath)

    def digest(self, relpath: str) -> str | None:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(relpath))["Body"]
        except self.client.exceptions.NoSuchKey:
            return None
        return files.sha256_chunks(body.iter_chunks(1 << 20))

    def fetch(self, relpath: str, target: Path) -> None:
        self.client.download_file(self.bucket, self._key(relpath), str(target))

    def sizes(self, prefix: str) -> dict[str, int]:
        found = {}
        strip = len(self.prefix) + 1 if self.prefix else 0
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix)):
            for item in page.get("Contents", []):
                found[item["Key"][strip:]] = item["Size"]
        return found


def store(target: str | None = None):
    target = target if target is not None else settings.WATCHROOM["BACKUP_TARGET"]
    if not target:
        return None
    if target.startswith("s3://"):
        return S3Store(target, settings.WATCHROOM["BACKUP_S3_ENDPOINT"])
    return FolderStore(target)

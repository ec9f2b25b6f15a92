"""The peer of Benchmarks/remote.sh: what huggingface_hub.get_safetensors_metadata does, against S3
with boto3 (the listing, config.json, the index, then per shard the first 100,000 bytes and a second
range when the header is longer; shards 16 at a time). Prints JSON: seconds (its reads, in process),
requests, bytes_fetched, tensors.

    python remote_peer.py PREFIX      (SYNAP_TEST_S3_* from scripts/with-s3-test-server.sh)
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import sys
import time

import boto3
from botocore.config import Config

BUCKET = os.environ["SYNAP_TEST_S3_BUCKET"]
ENDPOINT = os.environ["SYNAP_TEST_S3_ENDPOINT"]


class Counted:
    """A boto3 S3 client that counts its requests and the body bytes it read."""

    def __init__(self):
        self.client = boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1",
                                   aws_access_key_id=os.environ["SYNAP_TEST_S3_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["SYNAP_TEST_S3_SECRET_ACCESS_KEY"],
                                   config=Config(s3={"addressing_style": "path"}, max_pool_connections=16))
        self.requests = 0
        self.bytes = 0
        self.client.meta.events.register("before-send.s3", self._count)

    def _count(self, **_):
        self.requests += 1

    def get(self, key: str, first: int | None = None, last: int | None = None) -> bytes:
        extra = {"Range": f"bytes={first}-{last}"} if first is not None else {}
        body = self.client.get_object(Bucket=BUCKET, Key=key, **extra)["Body"].read()
        self.bytes += len(body)
        return body


def huggingface_hub_style(prefix: str) -> tuple[float, int, int, int]:
    """What huggingface_hub.get_safetensors_metadata does, against S3: (seconds, requests, bytes, tensors)."""
    started = time.perf_counter()
    s3 = Counted()
    keys = [o["Key"] for o in s3.client.list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/").get("Contents", [])]
    json.loads(s3.get(f"{prefix}/config.json"))
    index = json.loads(s3.get(f"{prefix}/model.safetensors.index.json"))
    shards = sorted(set(index["weight_map"].values()))
    assert all(f"{prefix}/{shard}" in keys for shard in shards)

    def header(shard: str) -> int:
        first = s3.get(f"{prefix}/{shard}", 0, 99_999)  # huggingface_hub's first read: 100,000 bytes
        length = int.from_bytes(first[:8], "little")
        if 8 + length > len(first):
            first += s3.get(f"{prefix}/{shard}", len(first), 8 + length - 1)
        return len(json.loads(first[8:8 + length])) - 1

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        tensors = sum(pool.map(header, shards))
    return time.perf_counter() - started, s3.requests, s3.bytes, tensors




if __name__ == "__main__":
    seconds, requests, fetched, tensors = huggingface_hub_style(sys.argv[1])
    print(json.dumps({"seconds": seconds, "requests": requests, "bytes_fetched": fetched, "tensors": tensors}))

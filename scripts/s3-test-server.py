#!/usr/bin/env python3
"""A real S3 API on loopback for the remote tests: moto's server (moto[server], pinned in
scripts/s3-test-requirements.txt) with signature checking on.

    s3-test-server.py PORT ENV_FILE [LOCAL_DIR]

INITIAL_NO_AUTH_ACTION_COUNT=3: the first three actions go unchecked (create an IAM user, give it
an s3:* policy, make its access key); every request after those must be signed with that key, so
a wrong signature fails. The key, the endpoint and the bucket are written to ENV_FILE as shell
assignments. With LOCAL_DIR, every file below it is uploaded to the bucket under its relative
path, and again under the prefix `with space/` (a prefix holding '/' and ' ').

moto 5.2 quirks met here (see issue 16): it keeps objects in memory, so only small files are
uploaded; and it checks a signature against the path as it arrived only when the WSGI server
hands it RAW_URI (werkzeug's does), so the server is run through werkzeug, not another WSGI host.
"""
import os
import sys

os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
os.environ.setdefault("MOTO_ALLOW_NONEXISTENT_REGION", "false")

import hashlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import time  # noqa: E402

import boto3  # noqa: E402
from boto3.s3.transfer import TransferConfig  # noqa: E402
from botocore.config import Config  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

BUCKET = "synap-models"


def main():
    port, env_file = int(sys.argv[1]), sys.argv[2]
    local = sys.argv[3] if len(sys.argv) > 3 else None
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    anonymous = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bootstrap",
                     aws_secret_access_key="bootstrap")
    iam = boto3.client("iam", **anonymous)
    iam.create_user(UserName="synap-tests")  # unchecked action 1
    iam.put_user_policy(UserName="synap-tests", PolicyName="s3", PolicyDocument=json.dumps(  # 2
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="synap-tests")["AccessKey"]  # 3: from here on, every request is checked
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                      aws_secret_access_key=key["SecretAccessKey"], config=Config(s3={"addressing_style": "path"}))
    s3.create_bucket(Bucket=BUCKET)
    uploaded = 0
    if local:
        for folder, _, files in os.walk(local):
            for name in sorted(files):
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, local)
                for prefix in ("", "with space/"):
                    s3.upload_file(path, BUCKET, prefix + relative)
                uploaded += 1
    # What `checksum` compares with: an object uploaded in 3 parts of 5 MiB with SHA-256 checksums
    # (a multipart ETag "-3" and a composite x-amz-checksum-sha256; moto 5.2 leaves out the
    # composite's "-3" suffix that S3 adds), and one put whole with its SHA-256. Their bytes are
    # written beside the env file, for the tests to compare local files with.
    scratch = os.path.dirname(os.path.abspath(env_file))
    blob = b"".join(hashlib.sha256(i.to_bytes(4, "little")).digest() for i in range((12 << 20) // 32 + 385))
    multipart = os.path.join(scratch, "multipart.bin")
    with open(multipart, "wb") as out:
        out.write(blob)
    s3.upload_file(multipart, BUCKET, "checksums/multipart.bin", ExtraArgs={"ChecksumAlgorithm": "SHA256"},
                   Config=TransferConfig(multipart_threshold=5 << 20, multipart_chunksize=5 << 20))
    s3.put_object(Bucket=BUCKET, Key="checksums/whole.bin", Body=blob[:100_000], ChecksumAlgorithm="SHA256")
    with open(env_file + ".part", "w") as f:  # renamed whole: the launcher never reads half of it
        f.write(f"export SYNAP_TEST_S3_MULTIPART_FILE={multipart}\n")
        f.write(f"export SYNAP_TEST_S3_ENDPOINT={endpoint}\n")
        f.write(f"export SYNAP_TEST_S3_BUCKET={BUCKET}\n")
        f.write(f"export SYNAP_TEST_S3_ACCESS_KEY_ID={key['AccessKeyId']}\n")
        f.write(f"export SYNAP_TEST_S3_SECRET_ACCESS_KEY={key['SecretAccessKey']}\n")
    os.replace(env_file + ".part", env_file)
    print(f"s3-test-server: {endpoint}, bucket {BUCKET}, {uploaded} files uploaded, signatures checked", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()

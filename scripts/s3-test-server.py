#!/usr/bin/env python3
"""A real S3 API on loopback for the remote tests: moto's server (moto[server], pinned in
scripts/s3-test-requirements.txt) with signature checking on.

    s3-test-server.py PORT ENV_FILE [LOCAL_DIR [CORPUS_DIR]]

INITIAL_NO_AUTH_ACTION_COUNT=3: the first three actions go unchecked (create an IAM user, give it
an s3:* policy, make its access key); every request after those must be signed with that key, so
a wrong signature fails. The key, the endpoint and the bucket are written to ENV_FILE as shell
assignments. With LOCAL_DIR, every file below it is uploaded to the bucket under its relative
path, and again under the prefix `with space/` (a prefix holding '/' and ' '); with CORPUS_DIR,
its model files are uploaded under `corpus/`.

moto 5.2 quirks met here (see issue 16): it keeps objects in memory and reads a whole object for
every ranged GET, so only small files are uploaded, and multi-GB sparse checkpoints cannot be; and
it checks a signature against the path as it arrived only when the WSGI server hands it RAW_URI
(werkzeug's does), so the server is run through werkzeug, not another WSGI host.

With SPARSE_DIR set (the launcher's SYNAP_S3_SPARSE_DIR), the files below it are served as the
objects under `sparse/` in the bucket, straight from disk: HEAD, ranged GET (206, Content-Range,
If-Match) and ListObjectsV2, so that full-size sparse checkpoints (Llama-3.1-8B, gpt-oss-120b) can
be read remotely. Those requests are answered here, before moto, and their signatures are not
checked; every other request goes to moto.
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
from moto.server import DomainDispatcherApplication, create_backend_app  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402
import threading  # noqa: E402
from urllib.parse import parse_qs, quote, unquote  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402

BUCKET = "synap-models"


class SparseObjects:
    """Serves the files below `root` as the objects `sparse/…` of the bucket (see the docstring)."""

    def __init__(self, app, root):
        self.app, self.root, self.prefix = app, os.path.abspath(root), f"/{BUCKET}/sparse/"

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        raw = environ.get("RAW_URI") or environ.get("PATH_INFO", "")
        path, _, query = raw.partition("?")
        if method in ("GET", "HEAD") and path.startswith(self.prefix) and not query:
            return self.object(unquote(path[len(self.prefix):]), environ, start_response, method)
        params = parse_qs(query)
        if method == "GET" and path.rstrip("/") == f"/{BUCKET}" and params.get("list-type") == ["2"] \
                and params.get("prefix", [""])[0].startswith("sparse/"):
            return self.listing(params["prefix"][0], start_response)
        return self.app(environ, start_response)

    def local(self, name):
        path = os.path.abspath(os.path.join(self.root, name))
        return path if path.startswith(self.root + os.sep) and os.path.isfile(path) else None

    @staticmethod
    def etag(path):
        status = os.stat(path)
        return hashlib.md5(f"{status.st_size}:{status.st_mtime_ns}".encode()).hexdigest()

    def object(self, name, environ, start_response, method):
        path = self.local(name)
        if path is None:
            start_response("404 Not Found", [("Content-Type", "application/xml")])
            return [b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"]
        size, etag = os.path.getsize(path), self.etag(path)
        if environ.get("HTTP_IF_MATCH", etag).strip('"') != etag:
            start_response("412 Precondition Failed", [("Content-Type", "application/xml")])
            return [b"<Error><Code>PreconditionFailed</Code></Error>"]
        headers = [("ETag", f'"{etag}"'), ("Accept-Ranges", "bytes"), ("Content-Type", "binary/octet-stream")]
        wanted = environ.get("HTTP_RANGE", "")
        if method == "GET" and wanted.startswith("bytes="):
            first, _, last = wanted[6:].partition("-")
            first, last = int(first), min(int(last) if last else size - 1, size - 1)
            with open(path, "rb") as f:
                f.seek(first)
                body = f.read(last - first + 1)
            start_response("206 Partial Content", headers + [("Content-Length", str(len(body))),
                                                             ("Content-Range", f"bytes {first}-{last}/{size}")])
            return [body]
        start_response("200 OK", headers + [("Content-Length", str(size))])
        return self.stream(path) if method == "GET" else [b""]

    @staticmethod
    def stream(path):
        with open(path, "rb") as f:
            while chunk := f.read(8 << 20):
                yield chunk

    def listing(self, prefix, start_response):
        below = prefix[len("sparse/"):]
        items = []
        for folder, _, files in os.walk(self.root):
            for name in files:
                relative = os.path.relpath(os.path.join(folder, name), self.root).replace(os.sep, "/")
                if relative.startswith(below):
                    path = os.path.join(folder, name)
                    items.append((f"sparse/{relative}", os.path.getsize(path), self.etag(path)))
        contents = "".join(f"<Contents><Key>{escape(quote(key))}</Key><Size>{size}</Size><ETag>&quot;{etag}&quot;</ETag></Contents>"
                           for key, size, etag in sorted(items))
        body = (f'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>{BUCKET}</Name>'
                f"<Prefix>{escape(prefix)}</Prefix><KeyCount>{len(items)}</KeyCount><IsTruncated>false</IsTruncated>"
                f"<EncodingType>url</EncodingType>{contents}</ListBucketResult>").encode()
        start_response("200 OK", [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))])
        return [body]


def main():
    port, env_file = int(sys.argv[1]), sys.argv[2]
    local = sys.argv[3] if len(sys.argv) > 3 else None
    corpus = sys.argv[4] if len(sys.argv) > 4 and os.path.isdir(sys.argv[4]) else None
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    moto = DomainDispatcherApplication(create_backend_app)
    sparse = os.environ.get("SYNAP_S3_SPARSE_DIR")
    app = SparseObjects(moto, sparse) if sparse else moto
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=WSGIRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
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
    if corpus:  # the public corpus's model files (not its expected answers), under corpus/
        for folder, _, files in os.walk(corpus):
            for name in sorted(files):
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, corpus)
                if not relative.startswith("expected" + os.sep):
                    s3.upload_file(path, BUCKET, "corpus/" + relative)
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
        server.shutdown()


if __name__ == "__main__":
    main()

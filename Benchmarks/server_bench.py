"""The client side of Benchmarks/server.sh: multipart uploads over loopback, streamed from disk.

    python server_bench.py upload URL TOKEN FILE            -> seconds, status, MB/s
    python server_bench.py rejected URL TOKEN FILE PID      -> status, seconds to the answer, bytes the server read
    python server_bench.py concurrent URL TOKEN FILE N      -> uploads/s, p50, p99 (N uploads at once)

Bytes the server read come from /proc/PID/io (rchar) before and after the request: every byte its
read() calls returned, sockets included.
"""

import concurrent.futures
import http.client
import os
import socket
import sys
import time
import urllib.parse

BOUNDARY = "synapbenchboundary7d93"


def parts(name, path):
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{name}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"model_file\"; filename=\"{os.path.basename(path)}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return head, tail


def upload(url, token, path, stop_early=False):
    """POSTs the file; returns (status, seconds). With stop_early, stops sending once an answer arrives."""
    u = urllib.parse.urlsplit(url)
    head, tail = parts("bench", path)
    length = len(head) + os.path.getsize(path) + len(tail)
    sock = socket.create_connection((u.hostname, u.port))
    start = time.perf_counter()
    request = (f"POST {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nAuthorization: Bearer {token}\r\n"
               f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {length}\r\n\r\n").encode()
    status = None
    try:
        sock.sendall(request + head)
        # sendfile: the file goes from the page cache to the socket without passing through this
        # process, so on a small machine the client is not what is measured.
        with open(path, "rb") as f:
            sock.setblocking(True)
            offset, size = 0, os.fstat(f.fileno()).st_size
            while offset < size:
                if stop_early:
                    sock.settimeout(0)
                    try:
                        first = sock.recv(64)
                        if first:
                            status = int(first.split(b" ")[1])
                            break
                    except (BlockingIOError, socket.timeout):
                        pass
                    sock.settimeout(None)
                offset += os.sendfile(sock.fileno(), f.fileno(), offset, min(1 << 20, size - offset))
            else:
                sock.sendall(tail)
    except (BrokenPipeError, ConnectionResetError):
        pass
    if status is None:
        sock.settimeout(600)
        try:
            first = sock.recv(64)
            status = int(first.split(b" ")[1]) if first else None
        except (ConnectionResetError, socket.timeout):
            status = None
    seconds = time.perf_counter() - start
    sock.close()
    return status, seconds


def rchar(pid):
    with open(f"/proc/{pid}/io") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("rchar"))


def main():
    mode, url, token, path = sys.argv[1:5]
    if mode == "upload":
        status, seconds = upload(url, token, path)
        mb = os.path.getsize(path) / 1e6
        print(f"status {status} seconds {seconds:.3f} MB/s {mb / seconds:.0f}")
    elif mode == "rejected":
        pid = int(sys.argv[5])
        before = rchar(pid)
        status, seconds = upload(url, token, path, stop_early=True)
        time.sleep(0.2)
        print(f"status {status} seconds {seconds:.4f} server_read_bytes {rchar(pid) - before}")
    elif mode == "concurrent":
        n = int(sys.argv[5])
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(n) as pool:
            results = list(pool.map(lambda _: upload(url, token, path), range(n)))
        total = time.perf_counter() - start
        times = sorted(s for _, s in results)
        ok = sum(1 for st, _ in results if st in (200, 201))
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        print(f"ok {ok}/{n} uploads_per_s {ok / total:.1f} p50 {p(0.5) * 1000:.0f} ms p99 {p(0.99) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

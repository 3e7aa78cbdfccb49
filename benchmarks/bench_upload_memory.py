"""The server's memory under signed-out uploads to Streamlit's own upload endpoint.

python benchmarks/bench_upload_memory.py [--uploads 4] [--mb 150] [--under-mb 45]

Starts the app as `make run` serves it (`python -m vmo_app`), with sign-in on (a provider is
named but never asked: nobody signs in), on a free port. A visitor who never signs in opens a
session (the page's XSRF cookie, then the websocket Streamlit's own page opens) and PUTs bodies
to `/_stcore/upload_file/SESSION/FILE`, as the issue's trial did: `--uploads` bodies of `--mb`
MB with their length declared, the same again sent chunked (no length to refuse them by), then
`--uploads` of `--under-mb` MB (just under the server's limit). Prints the server's resident
memory (VmRSS, children included) before and after each round, and what the server answered.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

from vmo_app.serving import command

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """The process's resident memory and its children's, in MB (VmRSS from /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled(pid: int, *, quiet: float = 3.0, most: float = 300.0) -> None:
    """Wait until the server has used no CPU for `quiet` seconds (its warm-up done), at most `most`."""
    started, last, since = time.monotonic(), cpu_seconds(pid), time.monotonic()
    while time.monotonic() - started < most:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - last > 0.05:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def serve(scratch: Path, port: int) -> subprocess.Popen:
    """The app with sign-in on: a provider named in secrets.toml (never asked), no one in a role."""
    secrets = scratch / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "a-secret-only-this-benchmark-uses-0123456789"\n'
        'client_id = "vmo"\nclient_secret = "vmo-secret"\n'
        'server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "VMO_DB": str(scratch / "vmo.duckdb"),
        "VMO_SIGN_IN": "on",
        "VMO_ROLES": str(scratch / "roles.toml"),
        "STREAMLIT_SECRETS_FILES": str(secrets),
    }
    log = (scratch / "streamlit.log").open("w")
    process = subprocess.Popen(command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            if requests.get(f"http://localhost:{port}/_stcore/health", timeout=1).ok:
                return process
        except requests.RequestException:
            time.sleep(0.25)
    process.terminate()
    raise SystemExit(f"the app did not start; its log: {scratch / 'streamlit.log'}")


def xsrf_cookie(port: int) -> str:
    """The XSRF cookie any visitor gets from the page's first call."""
    xsrf = requests.get(f"http://localhost:{port}/_stcore/health", timeout=30).cookies.get("_streamlit_xsrf")
    if not xsrf:
        raise SystemExit("the server set no XSRF cookie")
    return xsrf


def signed_out_session(port: int, xsrf: str):
    """(the websocket, its session id): a visitor who opened the page and never signed in."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    ws = connect(
        f"ws://localhost:{port}/_stcore/stream",
        subprotocols=["streamlit", xsrf],
        additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}", "Origin": f"http://localhost:{port}"},
        max_size=None,
    )
    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    ws.send(rerun.SerializeToString())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        message = ForwardMsg()
        message.ParseFromString(ws.recv(timeout=60))
        if message.WhichOneof("type") == "new_session":
            return ws, message.new_session.initialize.session_id
    raise SystemExit("the server sent no new session")


def body(boundary: str) -> tuple[bytes, bytes]:
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="projects.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    return head, f"\r\n--{boundary}--\r\n".encode()


class Body:
    """A multipart body of `size` bytes made as it is sent; with `declared`, its length is sent first."""

    def __init__(self, head: bytes, size: int, tail: bytes, *, declared: bool):
        self.head, self.size, self.tail, self.declared = head, size, tail, declared

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        block = b"x" * MB
        for _ in range(self.size // MB):
            yield block
        yield self.tail

    def __len__(self) -> int:  # requests sends Content-Length when this is not 0, else the body chunked
        return len(self.head) + self.size + len(self.tail) if self.declared else 0

    def __bool__(self) -> bool:  # a body, whatever its declared length
        return True


def upload(port: int, session: str, xsrf: str, size: int, *, chunked: bool) -> str:
    """One PUT of `size` bytes to the upload endpoint: what the server answered."""
    boundary = uuid.uuid4().hex
    head, tail = body(boundary)
    headers = {"X-Xsrftoken": xsrf, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    url = f"http://localhost:{port}/_stcore/upload_file/{session}/{uuid.uuid4()}"
    try:
        answer = requests.put(
            url,
            data=Body(head, size, tail, declared=not chunked),
            headers=headers,
            cookies={"_streamlit_xsrf": xsrf},
            timeout=300,
        )
    except requests.RequestException as exc:  # the server may close the connection on an oversized body
        return f"closed ({type(exc).__name__})"
    return str(answer.status_code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=4, help="bodies in each round")
    parser.add_argument("--mb", type=int, default=150, help="size of each body of the first two rounds, in MB")
    parser.add_argument("--under-mb", type=int, default=45, help="size of each body of the last round, in MB")
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch_dir:
        process = serve(Path(scratch_dir), port)
        try:
            xsrf = xsrf_cookie(port)
            ws, session = signed_out_session(port, xsrf)
            settled(process.pid)
            rows = [("the server, one signed-out session open", rss_mb(process.pid), "")]
            rounds = [
                (f"{args.uploads} x {args.mb} MB, length declared", args.mb, False),
                (f"{args.uploads} x {args.mb} MB, chunked", args.mb, True),
                (f"{args.uploads} x {args.under_mb} MB, length declared", args.under_mb, False),
            ]
            for label, size, chunked in rounds:
                answers = [upload(port, session, xsrf, size * MB, chunked=chunked) for _ in range(args.uploads)]
                settled(process.pid)
                rows.append((f"after {label}", rss_mb(process.pid), ", ".join(answers)))
                print(f"  {rows[-1][0]}: {rows[-1][1]:,.0f} MB ({rows[-1][2]})", file=sys.stderr, flush=True)
            ws.close()
            settled(process.pid, quiet=5.0)
            rows.append(("the session closed", rss_mb(process.pid), ""))
        finally:
            process.terminate()
            process.wait(timeout=30)
    print("\n| moment | server MB (VmRSS) | the server answered |")
    print("| --- | ---: | --- |")
    for label, mb, answers in rows:
        print(f"| {label} | {mb:,.0f} | {answers} |")


if __name__ == "__main__":
    main()

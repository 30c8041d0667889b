"""The import preview's memory: a 49 MiB file posted to one gunicorn worker, its RSS measured.

Run by bench/run.py against the 100k database with the production settings. The file is the
register's export with a flag flipped in every row (120,245 updates) and renamed copies of its
rows (new cameras) up to 49 MiB, the largest upload the page takes being 50 MiB. The worker's
peak RSS (VmHWM, reset just before the upload) and its RSS after the answer are read from
/proc. Prints one JSON object.
"""

import csv
import http.client
import io
import json
import re
import time
import uuid
from pathlib import Path

from load import session_cookie, start_server

from cameras.exports import camera_csv
from cameras.models import Camera, ImportJob

PORT = 8766
FILE_BYTES = 49 * 2**20


def upload_file() -> tuple[bytes, int]:
    """Return the file and its number of rows."""
    exported = b"".join(camera_csv(Camera.objects.order_by("asset_tag", "pk")))
    reader = csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline=""))
    header = next(reader)
    at = {name: i for i, name in enumerate(header)}
    rows = list(reader)
    lines = [b"\xef\xbb\xbf" + encoded(header)]
    size = len(lines[0])

    def add(row) -> bool:
        nonlocal size
        line = encoded(row)
        if size + len(line) > FILE_BYTES:
            return False
        lines.append(line)
        size += len(line)
        return True

    for row in rows:  # every camera of the register, updated
        flag = row[at["has_trajectory"]]
        add([*row[: at["has_trajectory"]], "false" if flag == "true" else "true",
             *row[at["has_trajectory"]+1:]])  # fmt: skip
    copy = 0
    while True:  # then new cameras, copies of them, to the size
        for row in rows:
            tag = f"M{copy}-{row[at['asset_tag']]}"
            new = [tag if i == at["asset_tag"] else "" if i in (at["replaces"], at["version"])
                   else cell for i, cell in enumerate(row)]  # fmt: skip
            if not add(new):
                return b"".join(lines), len(lines) - 1
        copy += 1


def encoded(row: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(row)
    return out.getvalue().encode()


def worker_pid(server) -> int:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return int(children[0])


def memory(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return 0.0


def post_file(cookie: str, data: bytes) -> tuple[int, str]:
    page = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    page.request("GET", "/cameras/import/", headers={"Cookie": cookie})
    answer = page.getresponse()
    html = answer.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    csrf = re.search(r"csrftoken=([^;]+)", answer.getheader("Set-Cookie", "")).group(1)
    boundary = uuid.uuid4().hex
    body = b"".join([
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{token}\r\n".encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="encoding"\r\n\r\nauto\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode(), data, f"\r\n--{boundary}--\r\n".encode(),
    ])  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    connection.request("POST", "/cameras/import/", body=body, headers={
        "Cookie": f"{cookie}; csrftoken={csrf}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    })  # fmt: skip
    answer = connection.getresponse()
    return answer.status, answer.read().decode()


def main():
    data, rows = upload_file()
    cookie = session_cookie()
    server = start_server(PORT, workers=1)
    try:
        pid = worker_pid(server)
        post_file(cookie, b"asset_tag\r\n")  # a first request: the worker has loaded the app
        before = memory(pid, "VmRSS:")
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := the current RSS
        started = time.perf_counter()
        status, html = post_file(cookie, data)
        seconds = time.perf_counter() - started
        peak, after = memory(pid, "VmHWM:"), memory(pid, "VmRSS:")
    finally:
        server.terminate()
        server.wait(timeout=30)
        # a file this large is queued for the worker: the data set keeps no job of the bench
        from django_tasks_db.models import DBTaskResult  # once load has set Django up

        DBTaskResult.objects.all().delete()
        ImportJob.objects.all().delete()
    counts = [int(n.replace(",", "")) for n in re.findall(r'id="count-[a-z]+">([\d,]+)<', html)[:2]]
    print(json.dumps({
        "file_mib": round(len(data) / 2**20, 1), "rows": rows, "status": status,
        "seconds": round(seconds, 1), "counts": counts, "rss_before_mib": round(before),
        "rss_peak_mib": round(peak), "rss_after_mib": round(after),
    }))  # fmt: skip


if __name__ == "__main__":
    main()

"""gunicorn for the register: `gunicorn -c gunicorn.conf.py skynet.wsgi` (README, Deployment).

Threaded workers (gthread): a CSV download streams to a slow client from one thread while the
worker's other threads go on serving pages, and the worker's heartbeat runs apart from any
request, so `timeout` stops a stuck worker but never cuts a long download short. With sync
workers a client reading at 40 KB/s held a whole worker and was cut off after 30 s.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30  # a worker that stops answering its heartbeat for this long is restarted
graceful_timeout = 60  # downloads under way may finish when workers are restarted
keepalive = 5
accesslog = "-"

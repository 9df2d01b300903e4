#!/usr/bin/env python3
"""Notification delivery at issue 21's size: 10,000 notifications queued in the outbox of
`icopilot serve --demo`, delivered by its dispatcher to a local receiver (nginx answering
204) against the 10 s target, beside the ceiling: the same receiver's rate for one client
posting the same body one request after another on one connection (wrk -c1), which is the
order a channel's notifications must keep.

The notifications are written straight into the outbox (as the events of 10,000 runs
would write them; one SQLite transaction), then the dispatcher is woken by its poll.
"""
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from portal import Client, start_demo, stop_demo  # noqa: E402

ICOPILOT = os.environ.get("ICOPILOT", "build/release/src/cli/icopilot")
COUNT = int(os.environ.get("NOTIFICATIONS", "10000"))
TARGET_S = 10
CACHE = os.path.abspath("bench/.cache/notifications")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_nginx(port):
    os.makedirs(CACHE + "/logs", exist_ok=True)
    conf = f"""worker_processes 1;
daemon off;
pid {CACHE}/nginx.pid;
error_log {CACHE}/logs/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {CACHE}/body;
  proxy_temp_path {CACHE}/proxy;
  fastcgi_temp_path {CACHE}/fastcgi;
  uwsgi_temp_path {CACHE}/uwsgi;
  scgi_temp_path {CACHE}/scgi;
  server {{ listen 127.0.0.1:{port}; location / {{ return 204; }} }}
}}
"""
    with open(CACHE + "/nginx.conf", "w") as f:
        f.write(conf)
    proc = subprocess.Popen(["nginx", "-p", CACHE, "-c", CACHE + "/nginx.conf"], stderr=subprocess.DEVNULL)
    for _ in range(500):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.01)
    sys.exit("nginx did not start")


def ceiling(port, body):
    script = CACHE + "/post.lua"
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = {json.dumps(body)}\n")
    out = subprocess.run(["wrk", "-t1", "-c1", "-d5s", "-s", script, f"http://127.0.0.1:{port}/hook"],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main():
    receiver_port = free_port()
    nginx = start_nginx(receiver_port)
    server, data, _, url, owner_key = start_demo("icopilot-notify-", ["--allow-private-targets"])
    try:
        owner = Client(url, owner_key)
        project = owner.call("GET", "/api/v1/projects")["items"][0]
        channel = owner.call("POST", f"/api/v1/projects/{project['id']}/notification-channels", json.dumps({
            "kind": "webhook", "name": "bench", "url": f"http://127.0.0.1:{receiver_port}/hook", "events": []}))
        body = json.dumps({"id": "evt_bench", "type": "run.failed", "occurred_at": "2026-12-05T10:00:00.000Z",
                           "project": {"id": project["id"], "name": project["name"]},
                           "partner": {"id": "org_bench", "name": "Globex Checkout"},
                           "environment": {"id": "env_bench", "name": "Sandbox"},
                           "title": "Globex Checkout's golden run in Sandbox failed (2 failed, 0 errors, 40 passed)",
                           "link": "/projects/x/runs/run_bench", "data": {"run_id": "run_bench", "passed": False}})
        now = int(time.time() * 1000)
        db = sqlite3.connect(os.path.join(data, "icopilot.db"), timeout=60)
        db.executemany(
            "INSERT INTO notifications (id, channel_id, org_id, project_id, seq, event_id, event_type, payload, "
            "status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'run.failed', ?, 'pending', 0, ?, 0, '', ?, NULL)",
            [(f"ntf_bench{i:08d}", channel["id"], project["org_id"], project["id"], i + 1, f"evt_bench{i:08d}",
              body, now, now) for i in range(COUNT)])
        db.commit()
        started = time.perf_counter()
        while True:
            delivered = db.execute("SELECT COUNT(*) FROM notifications WHERE channel_id = ? AND status = 'delivered'",
                                   (channel["id"],)).fetchone()[0]
            if delivered >= COUNT or time.perf_counter() - started > 120:
                break
            time.sleep(0.05)
        took = time.perf_counter() - started
        db.close()
        peak_rss_kb = int(re.search(r"VmHWM:\s+(\d+)", open(f"/proc/{server.pid}/status").read()).group(1))
        ceiling_rps = ceiling(receiver_port, body)
    finally:
        stop_demo(server, data)
        nginx.terminate()
        nginx.wait()

    rate = delivered / took
    print(f"\nnotifications: {delivered} of {COUNT} delivered in order to nginx in {took:.2f} s "
          f"(incl. up to 1 s until the dispatcher's poll), {os.cpu_count()} cores, peak RSS {peak_rss_kb / 1024:.0f} MiB")
    print(f"{'sender':44} {'per s':>9} {'/ ceiling':>10}")
    print(f"{'wrk -c1, same body, one connection (ceiling)':44} {ceiling_rps:9,.0f} {1:9.2f}x")
    print(f"{'icopilot dispatcher (signed, marked one by one)':44} {rate:9,.0f} {rate / ceiling_rps:9.2f}x")
    print(f"{COUNT} notifications in {took:.2f} s against the {TARGET_S} s target: "
          f"{'met' if delivered >= COUNT and took < TARGET_S else 'NOT met'}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Trace ingest: signed batches of small traces into `icopilot serve`, each checked
against tests/golden/specs/orders.yaml, redacted and durably stored (SQLite, WAL), over
HTTP from two client threads; against a ceiling: plain SQLite inserts of the very rows
the server stored, into a fresh database with the same table, pragmas and batch size.

Target: at least 10,000 traces per second on this machine.
"""
import hashlib
import hmac
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ICOPILOT = os.environ.get("ICOPILOT", "build/release/src/cli/icopilot")
SPEC = "tests/golden/specs/orders.yaml"
BATCH = int(os.environ.get("INGEST_BATCH", "1000"))
BATCHES = int(os.environ.get("INGEST_BATCHES", "60"))
THREADS = 2


def call(url, method, path, key=None, body=None, headers=None):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    h = dict(headers or {})
    if key:
        h["authorization"] = "Bearer " + key
    if body is not None and "content-type" not in h:
        h["content-type"] = "application/json"
    conn.request(method, path, body=body, headers=h)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status >= 300:
        sys.exit(f"{method} {path}: {response.status} {data[:300]!r}")
    return json.loads(data) if data else None


def trace(i):
    quantity = 1 + i % 120  # a few out of range: violations too
    return json.dumps({
        "started_at": "2026-11-26T10:%02d:%02dZ" % (i // 60 % 60, i % 60),
        "duration_ms": 3 + i % 7,
        "request": {"method": "POST", "url": "https://api.example.com/v1/orders",
                    "headers": [["content-type", "application/json"], ["idempotency-key", f"k-{i}"],
                                ["authorization", "Bearer sk_live_%08d" % i]],
                    "body": json.dumps({"item": f"gift for ana{i}@shop.example", "quantity": quantity})},
        "response": {"status": 201,
                     "headers": [["content-type", "application/json"], ["location", f"/v1/orders/o-{i}"]],
                     "body": json.dumps({"id": f"o-{i}", "item": "gift", "quantity": quantity, "status": "open"})},
    }, separators=(",", ":"))


def main():
    data = tempfile.mkdtemp(prefix="icopilot-ingest-")
    org = json.loads(subprocess.run(
        [ICOPILOT, "admin", "create-org", "--data", data, "--name", "Bench", "--owner-email",
         "owner@bench.test", "--format", "json"], check=True, capture_output=True, text=True).stdout)
    key = org["api_key"]
    server = subprocess.Popen([ICOPILOT, "serve", "--listen", "127.0.0.1:0", "--data", data,
                               "--access-log", "off", "--rate-limit", "address=off,api=off"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().split()[-1]
        project = call(url, "POST", "/api/v1/projects", key, json.dumps({"name": "Ingest"}))["id"]
        base = f"/api/v1/projects/{project}"
        call(url, "POST", base + "/specs", key,
             json.dumps({"label": "v1", "document": open(SPEC).read()}))
        env = call(url, "POST", base + "/environments", key,
                   json.dumps({"name": "Gateway", "base_url": "https://api.example.com/v1"}))["id"]
        secret = call(url, "POST", f"{base}/environments/{env}/trace-secrets", key, "{}")["secret"]

        bodies = ["\n".join(trace(b * BATCH + i) for i in range(BATCH)).encode() for b in range(BATCHES)]
        payload_bytes = sum(len(b) for b in bodies)
        parts = urllib.parse.urlsplit(url)
        failures = []

        def send(mine):
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            for body in mine:
                t = str(int(time.time()))
                signature = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
                conn.request("POST", f"/api/v1/environments/{env}/traces", body=body,
                             headers={"content-type": "application/x-ndjson",
                                      "x-copilot-signature": f"t={t},v1={signature}"})
                response = conn.getresponse()
                answer = response.read()
                if response.status != 200 or json.loads(answer)["accepted"] != BATCH:
                    failures.append((response.status, answer[:300]))
            conn.close()

        # One warm-up batch compiles the spec; it is not counted.
        send(bodies[:1])
        threads = [threading.Thread(target=send, args=(bodies[1 + i::THREADS],)) for i in range(THREADS)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        if failures:
            sys.exit(f"ingest failed: {failures[:3]}")
        counted = (BATCHES - 1) * BATCH
        rate = counted / elapsed
    finally:
        server.terminate()
        server.wait()

    # The ceiling: the same rows, inserted by plain SQLite in batches of the same size.
    source = sqlite3.connect(os.path.join(data, "icopilot.db"))
    schema = source.execute("SELECT sql FROM sqlite_master WHERE name = 'traces'").fetchone()[0]
    rows = source.execute("SELECT * FROM traces").fetchall()
    source.close()
    stored_bytes = sum(len(r[-1]) for r in rows)
    plain_path = os.path.join(data, "plain.db")
    plain = sqlite3.connect(plain_path, isolation_level=None)
    plain.execute("PRAGMA journal_mode=WAL")
    plain.execute("PRAGMA synchronous=NORMAL")
    plain.execute(schema.replace("REFERENCES orgs(id) ON DELETE CASCADE", "")
                        .replace("REFERENCES projects(id) ON DELETE CASCADE", ""))
    plain.execute("CREATE INDEX traces_project ON traces(project_id, created_at, id)")
    plain.execute("CREATE INDEX traces_activity ON traces(project_id, created_at, partner_org_id, "
                  "operation_id, status, violation_count)")
    plain.execute("CREATE INDEX traces_partner_firsts ON traces(project_id, partner_org_id, created_at, status)")
    marks = ",".join("?" * len(rows[0]))
    start = time.perf_counter()
    for b in range(0, len(rows), BATCH):
        plain.execute("BEGIN")
        plain.executemany(f"INSERT INTO traces VALUES ({marks})", rows[b:b + BATCH])
        plain.execute("COMMIT")
    plain_rate = len(rows) / (time.perf_counter() - start)
    plain.close()
    subprocess.run(["rm", "-rf", data])

    print(f"\ntrace ingest, {counted} traces in signed batches of {BATCH} over HTTP, {THREADS} clients "
          f"({payload_bytes / len(bodies) / BATCH:.0f} B sent, {stored_bytes / len(rows):.0f} B stored per trace)")
    print(f"  icopilot: {rate:,.0f} traces/s (signature, contract check, redaction, durable storage); "
          f"target >= 10,000: {rate / 10000:.2f}x")
    print(f"  plain SQLite inserts of the same {len(rows)} rows: {plain_rate:,.0f} rows/s; "
          f"icopilot takes {plain_rate / rate:.1f}x their time")


if __name__ == "__main__":
    main()

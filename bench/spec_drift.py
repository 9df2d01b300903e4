#!/usr/bin/env python3
"""Spec drift at issue 21's size: `icopilot serve --demo` grown to 500 partners and
1,000,000 traces over 28 days spread over the six operations of the demo's Payments API,
then the impact of a breaking change to createPayment computed 20 times in a row (POST
.../specs/impact: the diff of two versions of the spec, and for each breaking change the
partners whose traces, saved cases and certified runs use the operation) against the 1 s
target, beside the same server's cheapest answer (GET /healthz, the ceiling) and the
project's whole operation usage (what `icopilot spec diff --partners-from` reads).

The traces are written straight into the database (the impact reads them; how they came
does not change its cost; bench/trace_ingest.py and bench/plan_overview.py time ingest).
"""
import json
import os
import random
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from portal import Client, percentiles, start_demo, stop_demo  # noqa: E402

ICOPILOT = os.environ.get("ICOPILOT", "build/release/src/cli/icopilot")
PARTNERS = 500
TRACES = int(os.environ.get("DRIFT_TRACES", "1000000"))
SAMPLES = 20
TARGET_MS = 1000
OPERATIONS = ["listPayments", "createPayment", "getPayment", "capturePayment", "refundPayment", "getRefund"]


def insert_traces(db_path, project, org, environment, partners):
    db = sqlite3.connect(db_path, timeout=60)
    now = int(time.time() * 1000)
    rng = random.Random(21)
    batch = []
    for i in range(TRACES):
        at = now - rng.randrange(28 * 86400 * 1000)
        op = OPERATIONS[i % len(OPERATIONS)]
        batch.append((f"trc_bench{i:09d}", org, project, environment, partners[rng.randrange(len(partners))],
                      "ingest", op, "POST" if op == "createPayment" else "GET", 200, 0, "", at, at, "{}"))
        if len(batch) == 50000:
            db.executemany("INSERT INTO traces (id, org_id, project_id, environment_id, partner_org_id, source, "
                           "operation_id, method, status, violation_count, violation_keywords, created_at, "
                           "received_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch = []
    if batch:
        db.executemany("INSERT INTO traces VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    db.commit()
    db.close()


def main():
    server, data, printed, url, owner_key = start_demo("icopilot-drift-")
    try:
        owner = Client(url, owner_key)
        project_json = owner.call("GET", "/api/v1/projects")["items"][0]
        project, org = project_json["id"], project_json["org_id"]
        base = f"/api/v1/projects/{project}"
        sandbox = [e for e in owner.call("GET", base + "/environments")["items"] if e["name"] == "Sandbox"][0]["id"]
        started = time.perf_counter()
        existing = len(owner.call("GET", base + "/partners?limit=200")["items"])
        for n in range(PARTNERS - existing):
            owner.call("POST", base + "/partners",
                       json.dumps({"name": f"Partner {n:03}", "admin_email": f"dev{n}@drift{n}.example"}))
        partners, cursor = [], ""
        while True:
            page = owner.call("GET", base + "/partners?limit=200" + (f"&cursor={cursor}" if cursor else ""))
            partners += [p["partner_org_id"] for p in page["items"]]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        insert_traces(os.path.join(data, "icopilot.db"), project, org, sandbox, partners)
        seeded_s = time.perf_counter() - started

        with open("examples/payments-api.yaml") as f:
            demo = f.read()
        breaking = demo.replace("required: [amount, currency, card_token]",
                                "required: [amount, currency, card_token, statement_descriptor]")
        body = json.dumps({"document": breaking})
        reader = Client(url, owner_key)
        results = []
        for name, method, path, payload in [
                ("GET /healthz (ceiling)", "GET", "/healthz", None),
                ("Impact of a breaking change", "POST", base + "/specs/impact", body),
                ("Operation usage (CI's --partners-from)", "GET", base + "/operation-usage", None)]:
            answer = reader.call(method, path, payload)  # warm: the newest version loaded once
            samples = []
            for _ in range(SAMPLES):
                t0 = time.perf_counter()
                answer = reader.call(method, path, payload)
                samples.append((time.perf_counter() - t0) * 1000)
            results.append((name, *percentiles(samples)))
            if name.startswith("Impact"):
                impact = answer
    finally:
        stop_demo(server, data)

    touched = len(impact["partners_affected"])
    print(f"\nspec drift: {len(partners)} partners, {TRACES} traces over 28 days (seeded in {seeded_s:.0f} s), "
          f"{os.cpu_count()} cores; the breaking change touches {touched} partners")
    print(f"{'API call, ' + str(SAMPLES) + ' in a row':42} {'p50 ms':>8} {'p99 ms':>8} {'p99 / ' + str(TARGET_MS) + ' ms':>13}")
    for name, p50, p99 in results:
        print(f"{name:42} {p50:8.2f} {p99:8.2f} {p99 / TARGET_MS:12.3f}x")
    p99 = results[1][2]
    print(f"impact p99 {p99:.0f} ms against the {TARGET_MS} ms target: {'met' if p99 < TARGET_MS else 'NOT met'}")


if __name__ == "__main__":
    main()

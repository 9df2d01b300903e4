#!/usr/bin/env python3
"""Past one machine (issue 22): the same load against `icopilot serve` on SQLite (one
instance), on PostgreSQL (one instance) and on PostgreSQL with three instances behind
HAProxy (examples/haproxy.cfg, the file the tests run), printed side by side:

- trace ingest: 150 signed NDJSON batches of 1,000 traces from two clients, traces/s
  (long enough to be what the install sustains: a burst of 40 varied by a third run to run);
- hosted mocks: `wrk -t2 -c64` GETs over six hosted mocks of the Orders spec in turn
  (their simulated rate limit raised out of the way), requests/s and p99;
- the API calls behind the vendor's Overview (project, partners, runs, trace activity),
  200 each in a row from one keep-alive client, p99.

PostgreSQL is a throwaway cluster (scripts/postgres-throwaway) with its durable defaults
(fsync on), on the same two cores as everything else. Then the soak, on the three
instances: SOAK_SECONDS (600) of ingest paced at 80 % of the rate measured above, with
Overview calls and mock requests beside it; the resident memory of every icopilot and
HAProxy process and the sum of PostgreSQL's sampled every 10 s; one instance killed with
-9 halfway. At the end: growth of each process's memory after the first minute, p99 of the
Overview calls per minute, errors, and every acknowledged trace counted in the database.
"""
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from portal import percentiles, trace  # noqa: E402

ICOPILOT = os.path.abspath(os.environ.get("ICOPILOT", "build/release/src/cli/icopilot"))
ORDERS = "tests/golden/specs/orders.yaml"
HAPROXY_CONFIG = "examples/haproxy.cfg"
BATCH = 1000
INGEST_BATCHES = int(os.environ.get("INSTANCES_INGEST_BATCHES", "150"))
SAMPLES = 200
MOCKS = 6
SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
DURATION = os.environ.get("DURATION", "10s")
IN_ORDER_OF = 3_000_000  # more traces than a run sends: their times stay within four weeks


class Client:
    """One keep-alive connection; a broken one is opened again on the next call."""

    def __init__(self, url, key=None):
        self.parts = urllib.parse.urlsplit(url)
        self.key = key
        self.conn = None

    def send(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.key:
            h["authorization"] = "Bearer " + self.key
        if body is not None and "content-type" not in h:
            h["content-type"] = "application/json"
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.parts.hostname, self.parts.port, timeout=120)
            self.conn.request(method, path, body=body, headers=h)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException) as error:
            self.conn = None
            return 0, str(error).encode()

    def call(self, method, path, body=None, headers=None):
        status, data = self.send(method, path, body, headers)
        if status >= 300 or status == 0:
            sys.exit(f"{method} {path}: {status} {data[:300]!r}")
        return json.loads(data) if data else None


def wait_for(predicate, what, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    sys.exit(f"gave up waiting for {what}")


class Install:
    """N `icopilot serve` on one database (SQLite when database is None), the first with
    the demo, behind HAProxy when N > 1."""

    def __init__(self, name, database, instances):
        self.name = name
        self.folder = tempfile.mkdtemp(prefix="icopilot-instances-")
        self.env = dict(os.environ)
        if database:
            self.env["ICOPILOT_DATABASE"] = database
        self.processes = {}
        self.urls = {}
        for i in range(instances):
            label = "abc"[i]
            data = os.path.join(self.folder, label)
            os.makedirs(data)
            if i > 0:  # every instance seals with the same key
                shutil.copy(os.path.join(self.folder, "a", "secret.key"), data)
            args = [ICOPILOT, "serve", "--listen", "127.0.0.1:0", "--data", data, "--access-log", "off",
                    "--rate-limit", "address=off,api=off", "--trusted-proxies", "127.0.0.1/32"]
            if i == 0:
                args.append("--demo")
            process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                       text=True, env=self.env)
            printed = ""
            while not re.search(r"^listening on (\S+)", printed, re.M) or (i == 0 and "Partner key" not in printed):
                line = process.stdout.readline()
                if not line:
                    sys.exit(f"{name}: instance {label} stopped: {printed}")
                printed += line
            if i == 0:
                self.owner_key = re.search(r"Owner API key\s+(\S+)", printed).group(1)
            self.processes[label] = process
            self.urls[label] = re.search(r"^listening on (\S+)", printed, re.M).group(1)
            # Nobody reads the rest of what it prints.
            threading.Thread(target=process.stdout.read, daemon=True).start()
        self.url = self.urls["a"]
        self.balancer = None
        if instances > 1:
            port = free_port()
            env = dict(os.environ, ICOPILOT_BALANCER=f"127.0.0.1:{port}")
            for label, url in self.urls.items():
                env[f"ICOPILOT_{label.upper()}"] = url.split("//")[1]
            self.balancer = subprocess.Popen(["haproxy", "-db", "-f", HAPROXY_CONFIG], env=env,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.url = f"http://127.0.0.1:{port}"
            wait_for(lambda: Client(self.url).send("GET", "/readyz")[0] == 200, "the balancer")

    def stop(self):
        for process in list(self.processes.values()) + ([self.balancer] if self.balancer else []):
            if process.poll() is None:
                process.terminate()
                process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Workload:
    """The demo's project (Overview), a gateway environment with a trace secret, and six
    hosted mocks of the Orders spec."""

    def __init__(self, install):
        owner = Client(install.url, install.owner_key)
        self.url = install.url
        self.key = install.owner_key
        project = owner.call("GET", "/api/v1/projects")["items"][0]["id"]
        self.base = f"/api/v1/projects/{project}"
        # Traces as in bench/portal.py: the demo's payments, spread over its partners.
        self.env = owner.call("POST", self.base + "/environments", json.dumps(
            {"name": "Gateway", "base_url": "https://gateway.acme-payments.example/v1"}))["id"]
        self.partners = [p["partner_org_id"] for p in owner.call("GET", self.base + "/partners")["items"]]
        # Keep every trace the soak sends: the default retention keeps the newest 100,000.
        settings = owner.call("GET", self.base + "/trace-settings")
        settings["retention"]["max_count"] = 100_000_000
        owner.call("PUT", self.base + "/trace-settings", json.dumps(settings))
        self.now_ms = int(time.time() * 1000)
        self.secret = owner.call("POST", f"{self.base}/environments/{self.env}/trace-secrets", "{}")["secret"]
        orders = owner.call("POST", "/api/v1/projects", json.dumps({"name": "Orders"}))["id"]
        version = owner.call("POST", f"/api/v1/projects/{orders}/specs", json.dumps(
            {"label": "v1", "document": open(ORDERS).read()}))["id"]
        self.mocks = []
        for i in range(MOCKS):
            # The limit the spec states is raised: throughput is measured, not the limit.
            mock = owner.call("POST", f"/api/v1/projects/{orders}/mocks", json.dumps(
                {"name": f"Orders {i}", "spec_version_id": version, "config": {"rate_limit": "1000000/s"}}))
            self.mocks.append((f"/mocks/{mock['id']}/v1/orders", mock["credentials"]["api_key"]))
        self.overview = [self.base, self.base + "/partners?limit=200", self.base + "/runs?limit=200",
                         self.base + "/trace-activity?days=30"]
        self.next_trace = 0
        self.lock = threading.Lock()

    def batch(self):
        with self.lock:
            first = self.next_trace
            self.next_trace += BATCH
        # In time order, as a gateway sends live traffic (bench/README.md: spread at random
        # over four weeks, as a backfill would be, PostgreSQL's inserts slow down as the
        # indexes outgrow its buffers).
        return "\n".join(trace(first + i, self.partners, self.now_ms, in_order_of=IN_ORDER_OF)
                         for i in range(BATCH)).encode()

    def send_batch(self, client, body):
        """Sends one signed batch; True when all of it was acknowledged."""
        t = str(int(time.time()))
        signature = hmac.new(self.secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
        status, answer = client.send("POST", f"/api/v1/environments/{self.env}/traces", body,
                                     {"content-type": "application/x-ndjson",
                                      "x-copilot-signature": f"t={t},v1={signature}"})
        return status == 200 and json.loads(answer)["accepted"] == BATCH


def measure_ingest(work):
    bodies = [work.batch() for _ in range(INGEST_BATCHES)]
    work.send_batch(Client(work.url), bodies[0])  # compiles the spec; not counted
    failures = []

    def send(mine):
        client = Client(work.url)
        for body in mine:
            if not work.send_batch(client, body):
                failures.append(1)

    threads = [threading.Thread(target=send, args=(bodies[1 + i::2],)) for i in range(2)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if failures:
        sys.exit(f"ingest: {len(failures)} batches refused")
    return (INGEST_BATCHES - 1) * BATCH / elapsed


def measure_mocks(work):
    script = os.path.join(tempfile.mkdtemp(prefix="icopilot-wrk-"), "mocks.lua")
    with open(script, "w") as f:
        f.write("local targets = {\n")
        for path, key in work.mocks:
            f.write(f'  {{"{path}", "Bearer {key}"}},\n')
        f.write("}\nlocal i = 0\nrequest = function()\n  i = i % #targets + 1\n"
                "  return wrk.format('GET', targets[i][1], {Authorization = targets[i][2]})\nend\n")
    out = subprocess.run(["wrk", "-t2", "-c64", "-d" + DURATION, "--latency", "-s", script, work.url],
                         capture_output=True, text=True).stdout
    shutil.rmtree(os.path.dirname(script), ignore_errors=True)
    rps = float(re.search(r"Requests/sec:\s+(\S+)", out).group(1))
    value = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    unit = re.search(r"[a-z]+$", value).group(0)
    p99 = float(value[:-len(unit)]) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99, int(errors.group(1)) if errors else 0


def measure_overview(work):
    client = Client(work.url, work.key)
    samples = []
    for _ in range(SAMPLES):
        for path in work.overview:
            start = time.perf_counter()
            client.call("GET", path)
            samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)[1]


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
    except (OSError, AttributeError):
        return None


def postgres_rss_kb():
    total = 0
    for pid in subprocess.run(["pgrep", "-u", "postgres"], capture_output=True, text=True).stdout.split():
        total += rss_kb(pid) or 0
    return total


def soak(install, work, database, ingest_rate, ingested_before):
    """SOAK_SECONDS at 80 % of ingest_rate, one instance killed halfway."""
    target = 0.8 * ingest_rate
    # Made before the clock starts, as the measurement's were: building a batch in Python
    # takes the load generator's CPU (and the GIL) from sending it, on the same two cores.
    ready = [work.batch() for _ in range(int(target * SOAK_SECONDS / BATCH) + 10)]
    ready.reverse()
    stop = threading.Event()
    acknowledged = [0]
    resent = [0]
    errors = {"overview": 0, "mock": 0}
    overview_by_minute = {}
    ingested_by_minute = {}
    started = time.time()

    counter = threading.Lock()

    def ingest():
        """One of two clients, as the rate was measured with, each sending half the target."""
        client = Client(work.url)
        sent = 0
        while not stop.is_set():
            with counter:
                body = ready.pop() if ready else None
            body = body or work.batch()
            while not work.send_batch(client, body):  # a gateway sends a refused batch again
                with counter:
                    resent[0] += 1
                time.sleep(0.1)
            with counter:
                acknowledged[0] += BATCH
                minute = int((time.time() - started) // 60)
                ingested_by_minute[minute] = ingested_by_minute.get(minute, 0) + BATCH
            sent += BATCH
            ahead = sent / (target / 2) - (time.time() - started)
            if ahead > 0:
                time.sleep(ahead)

    def overview():
        client = Client(work.url, work.key)
        while not stop.is_set():
            for path in work.overview:
                t = time.perf_counter()
                status, _ = client.send("GET", path)
                if status != 200:
                    errors["overview"] += 1
                minute = int((time.time() - started) // 60)
                overview_by_minute.setdefault(minute, []).append((time.perf_counter() - t) * 1000)
            time.sleep(0.25)

    def mocks():
        client = Client(work.url)
        i = 0
        while not stop.is_set():
            path, key = work.mocks[i % len(work.mocks)]
            status, _ = client.send("GET", path, headers={"authorization": "Bearer " + key})
            if status != 200:
                errors["mock"] += 1
            i += 1
            time.sleep(0.01)

    threads = [threading.Thread(target=f) for f in (ingest, ingest, overview, mocks)]
    for t in threads:
        t.start()
    samples = []  # (seconds, {process: rss_kb})
    killed = None
    while time.time() - started < SOAK_SECONDS:
        time.sleep(10)
        elapsed = time.time() - started
        sample = {label: rss_kb(p.pid) for label, p in install.processes.items() if p.poll() is None}
        sample["haproxy"] = rss_kb(install.balancer.pid)
        sample["postgres (sum)"] = postgres_rss_kb()
        samples.append((elapsed, sample))
        if killed is None and elapsed >= SOAK_SECONDS / 2:
            killed = "b"
            install.processes["b"].send_signal(signal.SIGKILL)
            install.processes["b"].wait()
            print(f"  {elapsed:.0f} s: instance b killed with -9", flush=True)
    stop.set()
    for t in threads:
        t.join()
    soaked = acknowledged[0] / (time.time() - started)

    stored = int(subprocess.run(["psql", database, "-Atc",
                                 f"SELECT COUNT(*) FROM traces WHERE environment_id = '{work.env}'"],
                                capture_output=True, text=True, check=True).stdout)
    acknowledged[0] += ingested_before
    print(f"\nsoak: {SOAK_SECONDS} s on three instances, ingest paced at {target:,.0f} traces/s "
          f"(80 % of {ingest_rate:,.0f}) from two clients, reached {soaked:,.0f}; Overview calls "
          f"4 per 0.25 s, mock calls every 10 ms")
    warm = next((s for t, s in samples if t >= 60), samples[0][1])
    last = samples[-1][1]
    for process in last:
        if warm.get(process) and last.get(process):
            growth = (last[process] - warm[process]) / warm[process] * 100
            print(f"  memory {process:15s} after warm-up {warm[process] / 1024:7.1f} MB, "
                  f"at the end {last[process] / 1024:7.1f} MB: {growth:+.1f} % (target < 10 %)")
    print(f"  ingest traces/s per minute: " + ", ".join(
        f"{n / 60:,.0f}" for _, n in sorted(ingested_by_minute.items())))
    print(f"  Overview p99 per minute: " + ", ".join(
        f"{percentiles(v)[1]:.1f}" for _, v in sorted(overview_by_minute.items())) + " ms")
    print(f"  errors: Overview {errors['overview']}, mock {errors['mock']}; "
          f"ingest batches sent again after a refusal: {resent[0]}")
    print(f"  traces acknowledged {acknowledged[0]:,} (the measurement's and the soak's), stored "
          f"{stored:,}: {'none lost' if stored >= acknowledged[0] else 'LOST ' + str(acknowledged[0] - stored)}"
          f"{' (' + str(stored - acknowledged[0]) + ' stored twice: sent again after an answer was lost)' if stored > acknowledged[0] else ''}")


def main():
    for tool in ("wrk", "haproxy", "psql"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} missing: run scripts/install-deps --bench")
    state = tempfile.mkdtemp(prefix="icopilot-bench-pg-")
    subprocess.run(["scripts/postgres-throwaway", "start", state], check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, POSTGRES_DURABLE="1"))
    server_url = open(os.path.join(state, "url")).read().strip()
    rows = []
    try:
        configurations = [("SQLite, 1 instance", None, 1), ("PostgreSQL, 1 instance", "one", 1),
                          ("PostgreSQL, 3 instances + HAProxy", "three", 3)]
        # INSTANCES_ONLY=three: that configuration and the soak, to look into one quickly.
        only = os.environ.get("INSTANCES_ONLY")
        if only:
            configurations = [c for c in configurations if c[1] == only or (only == "sqlite" and not c[1])]
        three = None
        for name, database, instances in configurations:
            url = None
            if database:
                subprocess.run(["psql", server_url, "-qc", f"CREATE DATABASE bench_{database}"], check=True)
                url = server_url.rsplit("/", 1)[0] + f"/bench_{database}"
            install = Install(name, url, instances)
            work = Workload(install)
            ingest = measure_ingest(work)
            mock_rps, mock_p99, mock_errors = measure_mocks(work)
            overview_p99 = measure_overview(work)
            rows.append((name, ingest, mock_rps, mock_p99, mock_errors, overview_p99))
            print(f"  {name}: done", flush=True)
            if instances == 3:
                three = (install, work, url, ingest)
            else:
                install.stop()
        print(f"\nseveral instances (two cores; PostgreSQL durable, same machine)")
        print(f"  {'':36s} {'ingest traces/s':>16s} {'mock req/s':>11s} {'mock p99':>9s} {'Overview p99':>13s}")
        base = rows[0]
        for name, ingest, mock_rps, mock_p99, mock_errors, overview_p99 in rows:
            print(f"  {name:36s} {ingest:16,.0f} {mock_rps:11,.0f} {mock_p99:7.1f}ms {overview_p99:11.1f}ms"
                  f"   ({ingest / base[1]:.2f}x, {mock_rps / base[2]:.2f}x of {base[0]}"
                  f"{'; ' + str(mock_errors) + ' mock errors' if mock_errors else ''})")
        if SOAK_SECONDS > 0:
            install, work, url, ingest = three
            soak(install, work, url, ingest, INGEST_BATCHES * BATCH)
            install.stop()
    finally:
        subprocess.run(["scripts/postgres-throwaway", "stop", state], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()

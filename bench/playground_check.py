#!/usr/bin/env python3
"""Validation while typing: the playground's check (POST .../operations/{id}/check) of a
10 KB body against the request schema of GitHub's REST API description with the most
properties, 300 times from one keep-alive client, as the playground calls it after each
pause in typing: p50 and p99 against issue 18's 20 ms target, beside the same server's
cheapest answer on the same connection (GET /healthz, the ceiling).

The body is the schema's example from the API reference (the document's own, else one the
schema engine makes), its longest string lengthened until the body is 10 KB: a value past
a maxLength is reported, which is work the check does for a typo too.
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ICOPILOT = os.environ.get("ICOPILOT", "build/release/src/cli/icopilot")
GITHUB = ".cache/npm/openapi/generated/api.github.com.json"
SAMPLES = 300
TARGET_MS = 20.0


def call(conn, key, method, path, body=None):
    headers = {"authorization": "Bearer " + key}
    if body is not None:
        headers["content-type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        sys.exit(f"{method} {path}: {response.status} {data[:300]!r}")
    return json.loads(data) if data else None


def largest_request_operation(document):
    schemas = document.get("components", {}).get("schemas", {})

    def resolve(schema):
        while isinstance(schema, dict) and "$ref" in schema:
            schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
        return schema

    best, best_size = None, -1
    for path, item in document["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            content = resolve(op["requestBody"]).get("content", {})
            schema = resolve(content.get("application/json", {}).get("schema", {}))
            size = len(schema.get("properties", {})) if isinstance(schema, dict) else 0
            if size > best_size and "operationId" in op:
                best, best_size = op["operationId"], size
    return best, best_size


def ten_kb(example):
    """The example with its longest string lengthened until the whole is 10 KB."""
    body = example if isinstance(example, dict) else {"value": example}
    text = json.dumps(body)
    longest = None
    def walk(node):
        nonlocal longest
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (longest is None or len(value) >= len(longest[0][longest[1]])):
                    longest = (node, key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(body)
    if longest is None:
        body["padding"] = ""
        longest = (body, "padding")
    holder, key = longest
    holder[key] = holder[key] + "x" * max(0, 10240 - len(text))
    return json.dumps(body)


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    if not os.path.exists(GITHUB):
        sys.exit(f"{GITHUB} missing: run scripts/install-deps --bench")
    with open(GITHUB) as f:
        document = json.load(f)
    operation, properties = largest_request_operation(document)
    data = tempfile.mkdtemp(prefix="icopilot-playground-bench-")
    # Access log off: nothing reads the server's output after its first lines, and a full pipe
    # would stop it. Rate limits off: 600 calls in a row are the point. The body limit
    # raised for the 13 MB document (the default is 10 MiB).
    server = subprocess.Popen([ICOPILOT, "serve", "--demo", "--listen", "127.0.0.1:0", "--data", data,
                               "--access-log", "off", "--rate-limit", "address=off,api=off",
                               "--body-limit", str(64 << 20)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        printed = ""
        while "Owner API key" not in printed:
            line = server.stdout.readline()
            if not line:
                sys.exit("icopilot serve --demo stopped: " + printed)
            printed += line
        url = re.search(r"^listening on (\S+)", printed, re.M).group(1)
        key = re.search(r"Owner API key\s+(\S+)", printed).group(1)
        parts = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
        project = call(conn, key, "GET", "/api/v1/projects")["items"][0]["id"]
        base = f"/api/v1/projects/{project}"
        print("uploading GitHub's description (13 MB)...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        with open(GITHUB) as f:
            version = call(conn, key, "POST", base + "/specs",
                           json.dumps({"label": "github", "document": f.read()}))["id"]
        print(f"stored in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        quoted = urllib.parse.quote(operation, safe="")  # GitHub's ids hold slashes
        reference = call(conn, key, "GET", f"{base}/specs/{version}/reference/{quoted}")
        media = next(m for m in reference["request_body"]["content"] if "json" in m["media_type"])
        body = ten_kb(media["example"]["value"] if media.get("example") else {})
        path_values = {}
        for parameter in reference["parameters"]:
            if parameter["in"] == "path":
                example = parameter.get("example")
                path_values[parameter["name"]] = str(example["value"]) if example else "x"
        request = json.dumps({"path": path_values, "body": body})
        check_path = f"{base}/specs/{version}/operations/{quoted}/check"
        call(conn, key, "POST", check_path, request)  # loads the version once
        checks, ceiling = [], []
        problems = 0
        for _ in range(SAMPLES):
            started = time.perf_counter()
            verdict = call(conn, key, "POST", check_path, request)
            checks.append((time.perf_counter() - started) * 1000)
            problems = len(verdict["problems"])
            started = time.perf_counter()
            call(conn, key, "GET", "/healthz")
            ceiling.append((time.perf_counter() - started) * 1000)
        p50, p99 = statistics.median(checks), percentile(checks, 99)
        c50, c99 = statistics.median(ceiling), percentile(ceiling, 99)
        print(f"\nPlayground check: {operation} of GitHub's description ({properties} properties), "
              f"a {len(body) / 1024:.1f} KB body ({problems} problems reported), {SAMPLES} checks")
        print(f"{'check while typing':<46} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  "
              f"(target p99 < {TARGET_MS:.0f} ms: {TARGET_MS / p99:.1f}x under)")
        print(f"{'ceiling: GET /healthz on the same connection':<46} p50 {c50:7.2f} ms  p99 {c99:7.2f} ms")
        print(f"{'ratio of p50s (check / ceiling)':<46} {p50 / c50:7.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

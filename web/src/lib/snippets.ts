// The playground's request as code a developer pastes: curl (lib/curl.ts), Python
// `requests`, JavaScript `fetch`, Go `net/http`, Java `java.net.http` and C# `HttpClient`.
// A credential is never written out: it is read from the TOKEN environment variable.
import { curlCommand, type SentRequest } from "./curl";

export const snippetLanguages = ["curl", "Python", "JavaScript", "Go", "Java", "C#"] as const;
export type SnippetLanguage = (typeof snippetLanguages)[number];

// The headers as code writes them; "Bearer $TOKEN" stands for the caller's token.
function headersOf(request: SentRequest): [string, string][] {
  return (request.request_headers ?? []).filter(([name]) => name.toLowerCase() !== "content-length");
}

// A header value as code: "Bearer $TOKEN" and "$TOKEN" read the TOKEN variable.
function value(v: string, env: string, concat: (prefix: string, env: string) => string): string {
  if (v === "Bearer $TOKEN") return concat("Bearer ", env);
  if (v === "$TOKEN") return env;
  return quoted(v);
}
const quoted = (text: string) => JSON.stringify(text);  // a double-quoted string in every language here

function python(request: SentRequest): string {
  const headers = headersOf(request)
    .map(([n, v]) => `    ${quoted(n)}: ${value(v, "os.environ['TOKEN']", (p, e) => `f"${p}{${e}}"`)},`)
    .join("\n");
  const lines = ["import os", "", "import requests", "", "response = requests.request(", `    ${quoted(request.method)},`, `    ${quoted(request.url)},`];
  if (headers) lines.push(`    headers={\n${headers}\n    },`);
  if (request.request_body) lines.push(`    data=${quoted(request.request_body)},`);
  lines.push(")", "print(response.status_code, response.text)");
  return lines.join("\n");
}

function javascript(request: SentRequest): string {
  const headers = headersOf(request)
    .map(([n, v]) => `    ${quoted(n)}: ${value(v, "process.env.TOKEN", (p, e) => `\`${p}\${${e}}\``)},`)
    .join("\n");
  const options = [`  method: ${quoted(request.method)},`];
  if (headers) options.push(`  headers: {\n${headers}\n  },`);
  if (request.request_body) options.push(`  body: ${quoted(request.request_body)},`);
  return [`const response = await fetch(${quoted(request.url)}, {`, ...options, "});", "console.log(response.status, await response.text());"].join("\n");
}

function go(request: SentRequest): string {
  const body = request.request_body ? `strings.NewReader(${quoted(request.request_body)})` : "nil";
  const lines = [
    "package main",
    "",
    "import (",
    '\t"fmt"',
    '\t"io"',
    '\t"net/http"',
    '\t"os"',
    '\t"strings"',
    ")",
    "",
    "func main() {",
    `\treq, err := http.NewRequest(${quoted(request.method)}, ${quoted(request.url)}, ${body})`,
    "\tif err != nil {",
    "\t\tpanic(err)",
    "\t}",
  ];
  for (const [n, v] of headersOf(request))
    lines.push(`\treq.Header.Set(${quoted(n)}, ${value(v, 'os.Getenv("TOKEN")', (p, e) => `${quoted(p)} + ${e}`)})`);
  lines.push(
    "\tresp, err := http.DefaultClient.Do(req)",
    "\tif err != nil {",
    "\t\tpanic(err)",
    "\t}",
    "\tdefer resp.Body.Close()",
    "\tdata, _ := io.ReadAll(resp.Body)",
    "\tfmt.Println(resp.StatusCode, string(data))",
    "}",
  );
  if (!request.request_body) lines.splice(lines.indexOf('\t"strings"'), 1);
  return lines.join("\n");
}

function java(request: SentRequest): string {
  const publisher = request.request_body
    ? `HttpRequest.BodyPublishers.ofString(${quoted(request.request_body)})`
    : "HttpRequest.BodyPublishers.noBody()";
  const lines = [
    "import java.net.URI;",
    "import java.net.http.HttpClient;",
    "import java.net.http.HttpRequest;",
    "import java.net.http.HttpResponse;",
    "",
    "public class Call {",
    "  public static void main(String[] args) throws Exception {",
    "    HttpRequest request = HttpRequest.newBuilder()",
    `        .uri(URI.create(${quoted(request.url)}))`,
    `        .method(${quoted(request.method)}, ${publisher})`,
  ];
  for (const [n, v] of headersOf(request))
    lines.push(`        .header(${quoted(n)}, ${value(v, 'System.getenv("TOKEN")', (p, e) => `${quoted(p)} + ${e}`)})`);
  lines.push(
    "        .build();",
    "    HttpResponse<String> response =",
    "        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());",
    "    System.out.println(response.statusCode() + \" \" + response.body());",
    "  }",
    "}",
  );
  return lines.join("\n");
}

function csharp(request: SentRequest): string {
  const lines = [
    "using System.Net.Http;",
    "",
    "using var client = new HttpClient();",
    `using var request = new HttpRequestMessage(new HttpMethod(${quoted(request.method)}), ${quoted(request.url)});`,
  ];
  let contentType = "application/json";
  for (const [n, v] of headersOf(request)) {
    if (n.toLowerCase() === "content-type") {
      contentType = v;
      continue;
    }
    lines.push(
      `request.Headers.TryAddWithoutValidation(${quoted(n)}, ${value(v, 'Environment.GetEnvironmentVariable("TOKEN")', (p, e) => `${quoted(p)} + ${e}`)});`,
    );
  }
  if (request.request_body)
    lines.push(`request.Content = new StringContent(${quoted(request.request_body)}, System.Text.Encoding.UTF8, ${quoted(contentType.split(";")[0]!.trim())});`);
  lines.push("var response = await client.SendAsync(request);", "Console.WriteLine($\"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\");");
  return lines.join("\n");
}

export function snippet(language: SnippetLanguage, request: SentRequest): string {
  switch (language) {
    case "curl":
      return curlCommand(request);
    case "Python":
      return python(request);
    case "JavaScript":
      return javascript(request);
    case "Go":
      return go(request);
    case "Java":
      return java(request);
    case "C#":
      return csharp(request);
  }
}

-- wrk script: each connection creates an item (POST /items), then reads it back by the
-- Location the mock answered with, and again. Counts creates that did not answer 201.
local created = nil
local failed = 0
local body = '{"name": "box", "price": 9.5, "tags": ["small"]}'

request = function()
  if created then
    local path = created
    created = nil
    return wrk.format("GET", path)
  end
  return wrk.format("POST", "/items", {["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, _)
  if status == 201 then
    created = headers["location"] or headers["Location"]
  elseif status ~= 200 then
    failed = failed + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end

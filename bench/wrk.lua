-- Why this exists: wrk counts every 2xx and 3xx answer as a success and prints no 95th
-- percentile. bench/run.py needs both: this script tallies the status codes of every thread and
-- prints one line, "WRK_JSON {...}", with them, the error count and p50/p95 in microseconds.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"p50_us": %d, "p95_us": %d, "requests": %d, "duration_us": %d, ' ..
    '"socket_errors": %d, "statuses": {%s}}\n',
    latency:percentile(50), latency:percentile(95), summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, table.concat(parts, ", ")))
end

-- Why this exists: wrk counts every 2xx and 3xx answer as a success and prints no 95th
-- percentile. bench/run.py needs both: this script tallies the status codes of every thread and
-- prints one line, "WRK_JSON {...}", with them, the error count and p50/p95 in microseconds.
-- Given a file of paths (wrk ... -- FILE), it sends them in turn, one a request, so that every
-- request is a distinct one (a new answer) rather than the one URL again.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local paths, sent = nil, 0

function init(args)
  statuses = {}
  if args[1] then
    paths = {}
    for line in io.lines(args[1]) do
      if line ~= "" then table.insert(paths, line) end
    end
  end
end

function request()
  if paths == nil or #paths == 0 then
    return wrk.request()
  end
  sent = sent + 1
  return wrk.format(nil, paths[(sent - 1) % #paths + 1])
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

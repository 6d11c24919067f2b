-- wrk script: the three journeys of the reference app's api, in fixed proportions.
-- Set ORDER_ID in the environment to an existing order (the e2e script places one first).
--   product-discovery: 70% (list 35%, product page 35%)
--   order-lookup:      15%
--   checkout:          15% (a one-item card order; the e2e script restocks between runs)
local order_id = os.getenv("ORDER_ID") or "00000000-0000-0000-0000-000000000000"
local checkout = '{"customerId":"bench-1","items":[{"productId":%d,"quantity":1}],' ..
                 '"paymentMethod":"card","paymentToken":"tok_ok"}'
local json = { ["Content-Type"] = "application/json" }
local plan = {}
for i = 1, 7 do plan[#plan + 1] = "list" end
for i = 1, 7 do plan[#plan + 1] = "product" end
for i = 1, 3 do plan[#plan + 1] = "lookup" end
for i = 1, 3 do plan[#plan + 1] = "checkout" end
local n = 0

request = function()
  n = n + 1
  local kind = plan[(n % #plan) + 1]
  local product = (n % 7) + 1   -- products 1..7 (8 is the limited edition)
  if kind == "list" then
    return wrk.format("GET", "/api/products")
  elseif kind == "product" then
    return wrk.format("GET", "/api/products/" .. product)
  elseif kind == "lookup" then
    return wrk.format("GET", "/api/orders/" .. order_id)
  else
    return wrk.format("POST", "/api/orders", json, string.format(checkout, product))
  end
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx/3xx responses: %d\n", summary.errors.status))
end

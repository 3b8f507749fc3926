-- wrk: POST a new generated article every time (new words, so the vocabulary would
-- grow without spaCy's memory zones).
local letters = "abcdefghijklmnopqrstuvwxyz"

local function word()
  local t = {}
  for i = 1, math.random(3, 10) do
    local k = math.random(1, 26)
    t[i] = letters:sub(k, k)
  end
  return table.concat(t)
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

function request()
  local words = {}
  for i = 1, 60 do words[i] = word() end
  local name = word():gsub("^%l", string.upper) .. " " .. word():gsub("^%l", string.upper)
  local body = "\226\128\156" .. table.concat(words, " ", 1, 30) .. ",\226\128\157 " .. name ..
    " said. " .. name .. " added that " .. table.concat(words, " ", 31, 60) .. "."
  return wrk.format("POST", "/v1/attributions", {["Content-Type"] = "text/plain; charset=utf-8"}, body)
end

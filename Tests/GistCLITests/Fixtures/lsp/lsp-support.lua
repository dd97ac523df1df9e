-- What the end-to-end tests of `gist lsp` with Neovim's built-in client share (lsp-client.lua,
-- lsp-modules.lua): the environment, the report, requests and buffers. Loaded with dofile;
-- returns a table of helpers.
local gist = assert(os.getenv('GIST_BIN'), 'GIST_BIN not set')
local dir = assert(os.getenv('GIST_LSP_DIR'), 'GIST_LSP_DIR not set')
local report = assert(io.open(assert(os.getenv('GIST_LSP_REPORT'), 'GIST_LSP_REPORT not set'), 'w'))
local failures = 0
local timeout = 20000

local function check(step, ok, why)
  if ok then
    report:write('ok ' .. step .. '\n')
  else
    failures = failures + 1
    report:write('FAIL ' .. step .. ': ' .. tostring(why) .. '\n')
  end
  report:flush()
end

local function finish()
  report:write(failures == 0 and 'all passed\n' or (failures .. ' failed\n'))
  report:close()
  vim.cmd(failures == 0 and 'qall!' or 'cquit!')
end

-- Any Lua error counts as a failure, and Neovim still exits.
local function guarded(f)
  local ok, err = pcall(f)
  if not ok then check('no Lua error', false, err) end
  finish()
end

local function open(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/' .. name))
  return vim.api.nvim_get_current_buf()
end

local function lines(buf) return vim.api.nvim_buf_get_lines(buf, 0, -1, false) end

local function diagnostics(buf, code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code == nil or d.code == code then table.insert(out, d) end
  end
  return out
end

-- A diagnostic's range as the protocol writes it.
local function range_of(d)
  return { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
end

local function errors(buf)
  return #vim.tbl_filter(function(d) return d.severity == vim.diagnostic.severity.ERROR end, vim.diagnostic.get(buf))
end

local function wait_for(what, f)
  local ok = vim.wait(timeout, f, 50)
  if not ok then check('wait for ' .. what, false, 'timed out') end
  return ok
end

local function request(buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, timeout)
  if not responses then return nil, err end
  for _, r in pairs(responses) do
    if r.error then return nil, r.error.message end
    return r.result
  end
  return nil, 'no response'
end

local function at(buf, line, character)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
end

local function find_line(buf, pattern)
  for i, l in ipairs(lines(buf)) do
    if l:find(pattern) then return i - 1 end
  end
  return nil
end

-- Starts `gist lsp` (analyses after 0.1 s) and checks that it started; its client id.
local function start()
  local client = vim.lsp.start_client({ name = 'gist', cmd = { gist, 'lsp', '--delay', '0.1' }, root_dir = dir,
                                        flags = { debounce_text_changes = 20 } })
  check('start the server', client ~= nil, 'start_client returned nil')
  return client
end

-- Opens a file of GIST_LSP_DIR and attaches the client to it; its buffer.
local function attach(name, client)
  local buf = open(name)
  vim.lsp.buf_attach_client(buf, client)
  return buf
end

local function stop(client)
  vim.lsp.stop_client(client)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(client) end, 50)
  check('server stopped', vim.lsp.client_is_stopped(client), 'still running')
end

return { start = start, attach = attach, stop = stop, gist = gist, dir = dir, check = check, guarded = guarded, open = open, lines = lines, diagnostics = diagnostics,
         range_of = range_of, errors = errors, wait_for = wait_for, request = request, at = at, find_line = find_line }

-- End-to-end test of `gist lsp` across the files a guideline uses, with Neovim's built-in LSP
-- client, run headless by LanguageServerClientTests (as lsp-client.lua, whose helpers it shares).
-- GIST_LSP_DIR holds copies of first.gist (a guideline with a sub-pathway), first-test.gist
-- (its script), second.gist (another guideline, never opened) and common/record.gist (the
-- module both use). Every step writes "ok STEP" or "FAIL STEP: why" to GIST_LSP_REPORT.

local S = dofile(assert(os.getenv('GIST_LSP_SUPPORT'), 'GIST_LSP_SUPPORT not set'))
local dir, check, guarded, lines = S.dir, S.check, S.guarded, S.lines
local errors, wait_for, request, at, find_line = S.errors, S.wait_for, S.request, S.at, S.find_line

-- The column where `word` starts on a line (0-based), after `after` when given.
local function column(buf, line, word, after)
  local text = lines(buf)[line + 1]
  local from = after and (text:find(after, 1, true) + #after) or 1
  return text:find(word, from, true) - 1
end

local function count(locations, uri)
  local n = 0
  for _, l in ipairs(locations or {}) do if l.uri == uri then n = n + 1 end end
  return n
end

guarded(function()
  local client = S.start()
  local first = S.attach('first.gist', client)
  local script = S.attach('first-test.gist', client)
  local module_uri = vim.uri_from_fname(dir .. '/common/record.gist')
  local second_uri = vim.uri_from_fname(dir .. '/second.gist')
  wait_for('the server initialized', function() local c = vim.lsp.get_client_by_id(client); return c and c.initialized end)

  -- Go to definition: a let declared in the module, and a sub-pathway.
  local follow_line = find_line(first, 'follow large')
  local big_line_first = find_line(first, '^  when big')
  local def = request(first, 'textDocument/definition', at(first, big_line_first, column(first, big_line_first, 'big')))
  check('definition into a module', def and def.uri == module_uri and def.range.start.line == 7
    and def.range.start.character == 4, vim.inspect(def))
  local sub_line = find_line(first, '^pathway large')
  def = request(first, 'textDocument/definition', at(first, follow_line, column(first, follow_line, 'large')))
  check('definition of a sub-pathway', def and def.uri == vim.uri_from_bufnr(first) and def.range.start.line == sub_line
    and def.range.start.character == 8, vim.inspect(def))
  local refs = request(first, 'textDocument/references', {
    textDocument = { uri = vim.uri_from_bufnr(first) }, position = { line = sub_line, character = 9 },
    context = { includeDeclaration = true } })
  check('references of a sub-pathway', refs and #refs == 2 and count(refs, vim.uri_from_bufnr(first)) == 2, vim.inspect(refs))

  -- Hover on a name the module declares, from the guideline.
  local when_line = find_line(first, 'size > 10 cm')
  local hover = request(first, 'textDocument/hover', at(first, when_line, column(first, when_line, 'size')))
  local text = hover and hover.contents and hover.contents.value or ''
  check('hover on a module input', text:find('input size: length in cm where 0 cm < size <= 50 cm', 1, true)
    and text:find('Greatest dimension of the tumour.', 1, true), text)

  local recommend_line = find_line(first, 'recommend operate')
  hover = request(first, 'textDocument/hover', at(first, recommend_line, column(first, recommend_line, 'operate')))
  text = hover and hover.contents and hover.contents.value or ''
  check('hover on a code shows its evidence', text:find('**operate** (recommend): Remove the tumour.', 1, true)
    and text:find('evidence: grading [high]', 1, true), text)

  -- From the module: references in it, in both guidelines (the second not open) and the script.
  local module = S.attach('common/record.gist', client)
  local size_line = find_line(module, '^input size')
  refs = request(module, 'textDocument/references', {
    textDocument = { uri = module_uri }, position = { line = size_line, character = 7 }, context = { includeDeclaration = true } })
  check('references from a module into the guidelines using it', refs and #refs == 6 and count(refs, module_uri) == 3
    and count(refs, vim.uri_from_bufnr(first)) == 1 and count(refs, second_uri) == 1 and count(refs, vim.uri_from_bufnr(script)) == 1,
    vim.inspect(refs))

  -- Rename refused when the new name is taken in any file it would touch.
  local big_line = find_line(module, '^let big')
  local _, refused = request(module, 'textDocument/rename', {
    textDocument = { uri = module_uri }, position = { line = big_line, character = 5 }, newName = 'huge' })
  check('rename clashing in a guideline not open refused', refused ~= nil and refused:find("'huge' is already declared as a value at", 1, true)
    and refused:find('second.gist:9', 1, true), tostring(refused))
  _, refused = request(first, 'textDocument/rename', {
    textDocument = { uri = vim.uri_from_bufnr(first) }, position = { line = big_line_first, character = column(first, big_line_first, 'big') },
    newName = 'operate' })
  check('rename clashing with a code refused', refused ~= nil
    and refused:find("'operate' is already declared as a recommendation at", 1, true), tostring(refused))

  -- Rename an input of the module from the guideline: every file that writes it.
  local edit = request(first, 'textDocument/rename', {
    textDocument = { uri = vim.uri_from_bufnr(first) }, position = { line = when_line, character = column(first, when_line, 'size') },
    newName = 'diameter' })
  local changes = edit and edit.changes or {}
  check('rename returns edits in every file', changes[module_uri] and #changes[module_uri] == 3
    and changes[vim.uri_from_bufnr(first)] and #changes[vim.uri_from_bufnr(first)] == 1
    and changes[second_uri] and #changes[second_uri] == 1
    and changes[vim.uri_from_bufnr(script)] and #changes[vim.uri_from_bufnr(script)] == 1, vim.inspect(edit))
  if edit then vim.lsp.util.apply_workspace_edit(edit, 'utf-16') end
  check('renamed in the module', lines(module)[size_line + 1] == 'input diameter: length in cm where 0 cm < diameter <= 50 cm'
    and lines(module)[big_line + 1] == 'let big = diameter > 5 cm', table.concat(lines(module), '\n'))
  check('renamed in the guideline and its script', lines(first)[when_line + 1]:find('diameter > 10 cm', 1, true)
    and lines(script)[find_line(script, '^case') + 1] == 'case large_one { diameter: 8 cm, organ: stomach }',
    lines(first)[when_line + 1] .. ' / ' .. table.concat(lines(script), '\n'))

  -- Rename a sub-pathway: its declaration and every follow.
  edit = request(first, 'textDocument/rename', {
    textDocument = { uri = vim.uri_from_bufnr(first) }, position = { line = sub_line, character = 9 }, newName = 'large_tumour' })
  if edit then vim.lsp.util.apply_workspace_edit(edit, 'utf-16') end
  check('sub-pathway renamed', lines(first)[sub_line + 1] == 'pathway large_tumour {'
    and lines(first)[follow_line + 1] == '    follow large_tumour', table.concat(lines(first), '\n'))

  -- The renamed files check, the guideline against the module as edited.
  wait_for('the renamed files checked', function()
    local any = false
    for _, b in ipairs({ first, module, script }) do if #vim.diagnostic.get(b) > 0 then any = true end end
    return not any
  end)
  check('no errors after the renames', errors(first) == 0 and errors(module) == 0 and errors(script) == 0,
    vim.inspect(vim.diagnostic.get()))
  -- The server reads the module as edited: the new name leads there.
  def = request(first, 'textDocument/definition', at(first, when_line, column(first, when_line, 'diameter')))
  check('definition of the renamed input', def and def.uri == module_uri and def.range.start.line == size_line
    and def.range.start.character == 6, vim.inspect(def))

  -- Editing only the module checks the open guideline that uses it again.
  vim.api.nvim_buf_set_lines(module, big_line, big_line + 1, false, {})
  wait_for('the guideline checked again', function() return #S.diagnostics(first, 'unknown-name') > 0 end)
  local unknown = S.diagnostics(first, 'unknown-name')[1]
  check('a module edit checks the guideline using it', unknown and unknown.message == "unknown name 'big'"
    and unknown.lnum == big_line_first, vim.inspect(vim.diagnostic.get(first)))

  S.stop(client)
end)

-- End-to-end test of `gist lsp` with Neovim's built-in LSP client (Neovim 0.7 or later),
-- run headless by LanguageServerClientTests:
--   GIST_BIN=… GIST_LSP_DIR=… GIST_LSP_REPORT=… GIST_LSP_SUPPORT=…/lsp-support.lua nvim --headless --clean -u NONE -c 'luafile lsp-client.lua'
-- GIST_LSP_DIR holds copies of tumour.gist, tumour-test.gist and tumour-more.gist (never
-- opened). Every step writes a line "ok STEP" or "FAIL STEP: why" to GIST_LSP_REPORT; Neovim
-- exits 0 only when all passed.

local S = dofile(assert(os.getenv('GIST_LSP_SUPPORT'), 'GIST_LSP_SUPPORT not set'))
local dir, check, guarded, lines = S.dir, S.check, S.guarded, S.lines
local diagnostics, range_of, errors, wait_for, request, at, find_line =
  S.diagnostics, S.range_of, S.errors, S.wait_for, S.request, S.at, S.find_line

guarded(function()
  local client = S.start()
  local guideline = S.attach('tumour.gist', client)
  local script = S.attach('tumour-test.gist', client)

  -- Diagnostics: the analysis finds the table's gap, with its witness as related information.
  wait_for('the table-gap finding', function() return #diagnostics(guideline, 'table-gap') > 0 end)
  local gap = diagnostics(guideline, 'table-gap')[1]
  local related = gap and gap.user_data and gap.user_data.lsp and gap.user_data.lsp.relatedInformation or {}
  local witness = false
  for _, r in ipairs(related) do
    if r.message == 'witness: case gap_level { size: 5.5 cm }' then witness = true end
  end
  check('table-gap with witness as related information', witness, vim.inspect(related))

  -- Quick fix: the witness goes into the script that uses the guideline.
  local actions = request(guideline, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(guideline) }, range = range_of(gap), context = { diagnostics = {} } }) or {}
  local titles = {}
  for _, a in ipairs(actions) do table.insert(titles, a.title) end
  check('witness and pragma quick fixes offered',
    vim.tbl_contains(titles, 'Add the witness as a case to tumour-test.gist')
    and vim.tbl_contains(titles, "Silence 'table-gap' on this line with gist:ignore"), vim.inspect(titles))

  -- Type an error: an unknown name, reported at once with its suggestion.
  local after_big = find_line(guideline, '^let big')
  vim.api.nvim_buf_set_lines(guideline, after_big + 1, after_big + 1, false, { 'let huge = sise > 20 cm' })
  wait_for('the unknown-name error', function() return #diagnostics(guideline, 'unknown-name') > 0 end)
  local unknown = diagnostics(guideline, 'unknown-name')[1]
  check('unknown-name error at the typo', unknown and unknown.lnum == after_big + 1 and unknown.col == 11
    and unknown.message == "unknown name 'sise'", vim.inspect(unknown))

  -- Quick fix: apply the "did you mean".
  actions = request(guideline, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(guideline) }, range = range_of(unknown), context = { diagnostics = {} } }) or {}
  local fix
  for _, a in ipairs(actions) do if a.title == "Change to 'size'" then fix = a end end
  check('did-you-mean quick fix offered', fix ~= nil, vim.inspect(actions))
  if fix then vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16') end
  check('did-you-mean applied', lines(guideline)[after_big + 2] == 'let huge = size > 20 cm', lines(guideline)[after_big + 2])
  wait_for('the error to go', function() return #diagnostics(guideline, 'unknown-name') == 0 end)

  -- Hover: an input's declaration and doc comment; a code's text and citation.
  local big = find_line(guideline, '^let big')
  local hover = request(guideline, 'textDocument/hover', at(guideline, big, 11))
  local text = hover and hover.contents and hover.contents.value or ''
  check('hover on an input', text:find('input size: length in cm where 0 cm < size <= 50 cm', 1, true)
    and text:find('Greatest dimension of the tumour.', 1, true) and text:find('input of type `length`', 1, true), text)
  local when_line = find_line(guideline, 'recommend operate')
  local col = lines(guideline)[when_line + 1]:find('operate', 1, true)
  hover = request(guideline, 'textDocument/hover', at(guideline, when_line, col))
  text = hover and hover.contents and hover.contents.value or ''
  check('hover on a recommendation code', text:find('**operate** (recommend): Remove the tumour.', 1, true)
    and text:find('cited: Fixture / surgery', 1, true), text)

  -- Go to definition: a table used in the pathway, and from the script into the guideline.
  local def = request(guideline, 'textDocument/definition', at(guideline, when_line, 8))
  local table_line = find_line(guideline, '^table level')
  check('definition of a table', def and def.range and def.range.start.line == table_line and def.range.start.character == 6, vim.inspect(def))
  hover = request(guideline, 'textDocument/hover', at(guideline, when_line, 8))
  text = hover and hover.contents and hover.contents.value or ''
  check('hover on a table shows its rows', text:find('| <= 5 cm | => low', 1, true) and text:find('| > 6 cm  | => high', 1, true)
    and text:find('of type `grade`', 1, true), text)
  local case_line = find_line(script, '^case small')
  def = request(script, 'textDocument/definition', at(script, case_line, 14))
  check('definition across use', def and def.uri == vim.uri_from_bufnr(guideline)
    and def.range.start.line == find_line(guideline, '^input size'), vim.inspect(def))

  -- Find references: the input in the guideline and in the script.
  local refs = request(guideline, 'textDocument/references', {
    textDocument = { uri = vim.uri_from_bufnr(guideline) }, position = { line = big, character = 11 },
    context = { includeDeclaration = true } }) or {}
  local in_script = 0
  for _, r in ipairs(refs) do if r.uri == vim.uri_from_bufnr(script) then in_script = in_script + 1 end end
  local in_closed = 0
  for _, r in ipairs(refs) do if r.uri == vim.uri_from_fname(dir .. '/tumour-more.gist') then in_closed = in_closed + 1 end end
  check('references in the guideline and its scripts', #refs == 7 and in_script == 1 and in_closed == 1, vim.inspect(refs))

  -- Completion: names of the guideline while typing an expression.
  vim.api.nvim_buf_set_lines(guideline, big + 1, big + 1, false, { 'let y = sy' })
  local completion = request(guideline, 'textDocument/completion', at(guideline, big + 1, 10))
  local labels = {}
  for _, item in ipairs(completion and completion.items or completion or {}) do table.insert(labels, item.label) end
  check('completion offers names', vim.tbl_contains(labels, 'symptomatic') and vim.tbl_contains(labels, 'size')
    and vim.tbl_contains(labels, 'big'), vim.inspect(labels))
  -- The built-in functions and today are offered too, as functions (kind 3) where they are.
  local kinds = {}
  for _, item in ipairs(completion and completion.items or completion or {}) do kinds[item.label] = item.kind end
  check('completion offers functions', kinds['known'] == 3 and kinds['count'] == 3 and kinds['min'] == 3
    and kinds['max'] == 3 and kinds['abs'] == 3 and kinds['today'] ~= nil, vim.inspect(kinds))
  vim.api.nvim_buf_set_lines(guideline, big + 1, big + 2, false, {})

  -- Formatting: gist fmt's layout.
  vim.api.nvim_buf_set_lines(guideline, big, big + 1, false, { 'let   big=size>5 cm    or symptomatic' })
  local edits = request(guideline, 'textDocument/formatting', {
    textDocument = { uri = vim.uri_from_bufnr(guideline) }, options = { tabSize = 2, insertSpaces = true } })
  check('formatting returns an edit', edits and #edits == 1, vim.inspect(edits))
  if edits then vim.lsp.util.apply_text_edits(edits, guideline, 'utf-16') end
  check('formatted', lines(guideline)[big + 1] == 'let big = size > 5 cm or symptomatic', lines(guideline)[big + 1])

  -- Rename: the input, in the guideline and in the script that uses it.
  local edit = request(guideline, 'textDocument/rename', {
    textDocument = { uri = vim.uri_from_bufnr(guideline) }, position = { line = big, character = 11 }, newName = 'diameter' })
  check('rename returns edits', edit and edit.changes, vim.inspect(edit))
  if edit then vim.lsp.util.apply_workspace_edit(edit, 'utf-16') end
  check('renamed in the guideline', lines(guideline)[find_line(guideline, '^input ') + 1]
    == 'input diameter: length in cm where 0 cm < diameter <= 50 cm' and find_line(guideline, 'size') == nil,
    table.concat(lines(guideline), '\n'))
  check('renamed in the script', lines(script)[case_line + 1] == 'case small { diameter: 2 cm }', lines(script)[case_line + 1])
  local closed = vim.uri_from_fname(dir .. '/tumour-more.gist')
  local closed_edits = edit and edit.changes and edit.changes[closed] or {}
  check('rename reaches a script not open', #closed_edits == 1 and closed_edits[1].range.start.line == 2
    and closed_edits[1].range.start.character == 13, vim.inspect(edit and edit.changes))
  local _, refused = request(guideline, 'textDocument/rename', {
    textDocument = { uri = vim.uri_from_bufnr(guideline) }, position = { line = big, character = 11 }, newName = 'when' })
  check('rename to a keyword refused', refused ~= nil and refused:find('not a name', 1, true), tostring(refused))

  -- A script: a failing expectation is an error at its line, after the renamed guideline.
  local expect_line = find_line(script, '^expect small')
  vim.api.nvim_buf_set_lines(script, expect_line, expect_line + 1, false, { 'expect small recommends operate' })
  wait_for('the failed expectation', function() return #diagnostics(script, 'expectation-failed') > 0 end)
  local failed = diagnostics(script, 'expectation-failed')[1]
  check('failed expectation reported', failed and failed.lnum == expect_line, vim.inspect(failed))
  check('no other errors', errors(guideline) == 0 and errors(script) == 1,
    vim.inspect(vim.diagnostic.get()))

  S.stop(client)
end)

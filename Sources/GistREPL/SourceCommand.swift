import Gist

/// `:source FILE` (and `gist repl FILE` for a script): a saved session or test script run in
/// the session, so an exploration can be resumed.
extension REPL {
    func sourceCommand(_ call: CommandCall) {
        guard call.expect(1...1, self), let (path, text) = readFile(call.args[0], call) else { return }
        source(path, text: text)
    }

    /// Runs a script's statements quietly (failures and a summary are printed); its `use` and
    /// `cases` paths are relative to its folder, as in `gist test`.
    func source(_ path: String, text: String) {
        let file = SourceFile(name: path, text: text)
        let (unit, diagnostics) = Parser.parse(file)
        for d in diagnostics { output(style.diagnostic(d)) }
        if diagnostics.contains(where: { $0.severity == .error }) {
            ownFailures += 1
            return
        }
        guard !unit.isGuideline else {
            fail(.notAScript, "\(path) is a guideline, not a script: load it with :load \(path)", file, nil)
            return
        }
        let (passed, failed, cases) = (session.passed, session.failed, Set(session.caseOrder))
        quiet = true
        for item in unit.items {
            guard case .script(let s) = item else {
                fail(.declarationInScript, "declarations belong in a guideline; a script can 'use' one", file, item.span)
                continue
            }
            run(s, file)
        }
        quiet = false
        let added = session.caseOrder.filter { !cases.contains($0) }.count
        let (p, f) = (session.passed - passed, session.failed - failed)
        output("sourced \(path): \(added) case\(added == 1 ? "" : "s") defined, \(p) expectation\(p == 1 ? "" : "s") passed, \(f) failed\n")
    }
}

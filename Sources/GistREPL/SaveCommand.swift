import Gist
import GistIO

/// `:save FILE`: the session as a test script, written atomically.
extension REPL {
    func save(_ call: CommandCall) {
        guard call.expect(1...1, self), let l = requireGuideline(call) else { return }
        let arg = call.args[0]
        let target = absolute(arg.text)
        let guideline = absolute(l.path)
        let writer = ScriptWriter(program: l.program, usePath: relativePath(guideline, from: Paths.directory(of: target)))
        var cases: [ScriptWriter.Case] = []
        for name in session.caseOrder {
            guard let inputs = session.inputs(of: name), let given = session.givenInputs(of: name, emit: emit) else {
                output("note: case \(name) is left out: it does not fit the loaded guideline\n")
                continue
            }
            // As saved, an input with a default cannot be unknown: it takes its default.
            var saved = inputs
            for (i, g) in given.enumerated() where g?.isUnknown == true {
                if let d = l.program.inputs[i].defaultValue { saved[i] = d }
            }
            let typed = typedExpectations.filter { $0.caseName == name }.map(\.text)
            cases.append(ScriptWriter.Case(name: name, given: given, outcome: l.evaluator.evaluate(saved), typed: typed))
        }
        let text = holding(writer.script(cases), at: target, typed: Set(cases.flatMap(\.typed).map(ScriptWriter.oneLine)))
        do {
            try AtomicWrite.write(text, to: target, inputs: [guideline])
        } catch {
            fail(.unwritable, "\(error)", call.file, arg.span)
            return
        }
        output("saved \(cases.count) case\(cases.count == 1 ? "" : "s") to \(arg.text); run it with: gist test \(arg.text)\n")
    }

    /// The script without the typed expectations that do not hold for the cases as saved
    /// (each left out with a note): it is run as `gist test` would run it, from `path`.
    func holding(_ script: String, at path: String, typed: Set<String>) -> String {
        let file = SourceFile(name: path, text: script)
        let (unit, _) = Parser.parse(file)
        var failing: [Int: String] = [:]
        Session(host: host).run(unit) { event in
            switch event {
            case .expectation(let r) where !r.passed: failing[r.range.line] = "actual: \(r.actual)"
            case .diagnostic(let d) where d.severity == .error:
                if let r = d.range, r.file === file { failing[r.line] = d.message }
            default: break
            }
        }
        var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let dropped = failing.keys.sorted().filter { $0 <= lines.count && typed.contains(lines[$0 - 1]) }
        for line in dropped {
            output("note: left out '\(lines[line - 1])': it does not hold for the case as saved (\(failing[line] ?? ""))\n")
        }
        for line in dropped.reversed() { lines.remove(at: line - 1) }
        return lines.joined(separator: "\n")
    }

    /// A path made absolute against the REPL's folder, tidied.
    func absolute(_ path: String) -> String {
        Paths.join(directory.hasPrefix("/") ? directory : "/" + directory, path)
    }

    /// `target` as seen from folder `from` (both absolute): `../guidelines/acs-2017.gist`.
    func relativePath(_ target: String, from: String) -> String {
        let t = target.split(separator: "/"), f = from.split(separator: "/")
        var common = 0
        while common < t.count - 1, common < f.count, t[common] == f[common] { common += 1 }
        let up = Array(repeating: "..", count: f.count - common)
        return (up + t[common...].map(String.init)).joined(separator: "/")
    }
}

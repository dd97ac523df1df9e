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
            guard let (_, o) = session.outcome(Name(name, .none), file: call.file, emit),
                  let given = session.givenInputs(of: name, emit: emit) else {
                output("note: case \(name) is left out: it does not fit the loaded guideline\n")
                continue
            }
            let typed = typedExpectations.filter { $0.caseName == name }.map(\.text)
            cases.append(ScriptWriter.Case(name: name, given: given, outcome: o.outcome, typed: typed))
        }
        do {
            try AtomicWrite.write(writer.script(cases), to: target, inputs: [guideline])
        } catch {
            fail(.unwritable, "\(error)", call.file, arg.span)
            return
        }
        output("saved \(cases.count) case\(cases.count == 1 ? "" : "s") to \(arg.text); run it with: gist test \(arg.text)\n")
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

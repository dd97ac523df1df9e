import Gist

/// `:diff OTHER.gist`: the loaded guideline against another revision, on the session's
/// cases. Each case's given inputs are carried over by name and evaluated on both; the
/// codes added and removed are listed per case. (`gist diff` compares all inputs exactly.)
extension REPL {
    func diff(_ call: CommandCall) {
        guard call.expect(1...1, self), let l = requireGuideline(call) else { return }
        let arg = call.args[0]
        guard let (path, text) = readFile(arg, call) else { return }
        let compilation = Compilation(SourceFile(name: path, text: text))
        guard let other = compilation.program else {
            for d in compilation.errors { output(style.diagnostic(d)) }
            fail(.guidelineHasErrors, "\(path) has errors; nothing was compared", call.file, arg.span)
            return
        }
        let otherEvaluator = Evaluator(program: other)
        var out = "\(l.path) -> \(path) on \(session.caseOrder.count) case\(session.caseOrder.count == 1 ? "" : "s")\n"
        var changed = 0
        for name in session.caseOrder {
            guard let (_, base) = session.outcome(Name(name, .none), file: call.file, emit),
                  let given = session.givenInputs(of: name, emit: emit) else { continue }
            var carried = [Value?](repeating: nil, count: other.inputs.count)
            var notes: [String] = []
            for (i, v) in given.enumerated() {
                guard let v else { continue }
                let input = l.program.inputs[i]
                guard let j = other.inputs.firstIndex(where: { $0.name == input.name }) else {
                    notes.append("\(input.name) is not an input of \(path): ignored")
                    continue
                }
                switch ValueTransfer.convert(v, from: input, l.program, to: other.inputs[j], other) {
                case .success(let w): carried[j] = w
                case .failure(.noMember(let m)):
                    notes.append("\(input.name): \(path) has no '\(m)': taken as unknown")
                    carried[j] = .unknown
                case .failure(.typeChanged(let a, let b)):
                    notes.append("\(input.name) is \(a) here but \(b) in \(path): taken as unknown")
                    carried[j] = .unknown
                }
            }
            let result = otherEvaluator.evaluate(otherEvaluator.withDefaults(carried))
            let lines = OutcomeChange.lines(from: base.outcome, l.program, to: result, other)
            if !lines.isEmpty { changed += 1 }
            out += "\(style.apply(name, .bold)):" + (lines.isEmpty ? " no change\n" : "\n" + lines.map { "  \($0)\n" }.joined())
            for n in notes { out += style.apply("  note: \(n)", .dim) + "\n" }
        }
        out += "\(changed) of \(session.caseOrder.count) case\(session.caseOrder.count == 1 ? "" : "s") change\n"
        output(out)
    }
}

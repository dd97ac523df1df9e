import Gist
import GistReview

/// `:diff OTHER.gist`: the loaded guideline against another revision — the review `gist
/// diff` prints (declarations, edits, per code where it changes), with the session's cases
/// counted per code — then each case: its given inputs are carried over by name and
/// evaluated on both, and the codes added and removed are listed.
extension REPL {
    func diff(_ call: CommandCall) {
        guard call.expect(1...1, self), let l = requireGuideline(call) else { return }
        let arg = call.args[0]
        guard let (path, text) = readFile(arg, call) else { return }
        let host = self.host
        let compilation = Compilation(SourceFile(name: path, text: text), read: { try host.readSource(path: $0) })
        // Both revisions evaluate on the session's evaluation date, as the loaded one does.
        guard let other = compilation.program.map({ p in session.evaluationDate.map { p.evaluated(asOf: $0) } ?? p }) else {
            for d in compilation.errors { output(style.diagnostic(d)) }
            fail(.guidelineHasErrors, "\(path) has errors; nothing was compared", call.file, arg.span)
            return
        }
        let otherEvaluator = Evaluator(program: other)
        var out = "\(l.path) -> \(path) on \(session.caseOrder.count) case\(session.caseOrder.count == 1 ? "" : "s")\n"
        var changed = 0
        var tally = CaseTally()
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
            tally.add(name, CaseTally.kinds(Self.statuses(base.outcome, l.program), Self.statuses(result, other), l.program, other),
                      complete: !base.outcome.values.prefix(l.program.inputs.count).contains(.unknown)
                          && !result.values.prefix(other.inputs.count).contains(.unknown),
                      placements: [])
            if !lines.isEmpty { changed += 1 }
            out += "\(style.apply(name, .bold)):" + (lines.isEmpty ? " no change\n" : "\n" + lines.map { "  \($0)\n" }.joined())
            for n in notes { out += style.apply("  note: \(n)", .dim) + "\n" }
        }
        out += "\(changed) of \(session.caseOrder.count) case\(session.caseOrder.count == 1 ? "" : "s") change\n"
        let review = GuidelineReview(old: l.program, new: other)
        if review.exceeded {
            out += "(no review: the exact comparison stopped at \(review.store.sizeReached))\n"
        } else {
            out += "\nreview:\n" + ReviewText.render(review, old: l.path, new: path, cases: session.caseOrder.isEmpty ? nil : tally)
        }
        output(out)
    }

    /// Each code's status in an outcome: 1 undetermined, 2 made (absent: not made).
    static func statuses(_ o: Evaluator.Outcome, _ p: Program) -> [String: UInt8] {
        var s: [String: UInt8] = [:]
        for u in o.undetermined { s[p.recommendations[u.code].code] = 1 }
        for r in o.recommended { s[p.recommendations[r].code] = 2 }
        return s
    }
}

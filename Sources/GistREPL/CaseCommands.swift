import Gist

/// `:cases`, `:show` and `:why`: looking at the session's cases.
extension REPL {
    func listCases(_ call: CommandCall) {
        guard call.expect(0...0, self) else { return }
        guard session.loaded != nil else { _ = requireGuideline(call); return }
        if session.caseOrder.isEmpty {
            output("no cases yet: case NAME { INPUT: VALUE, … } or cases \"FILE\"\n")
            return
        }
        let width = session.caseOrder.map(\.count).max() ?? 0
        for name in session.caseOrder {
            guard let (l, o) = session.outcome(Name(name, .none), file: call.file, emit) else { continue }
            output("\(style.apply(name.padding(to: width), .bold))  \(CaseText.summary(o.outcome, l.program))\n")
        }
    }

    func show(_ call: CommandCall) {
        guard call.expect(1...1, self) else { return }
        let arg = call.args[0]
        guard let (l, o) = session.outcome(Name(arg.text, arg.span), file: call.file, emit) else { return }
        let p = l.program
        let given = session.givenInputs(of: arg.text, emit: emit) ?? []
        let changed = Set(session.cases[arg.text]?.overrides.map(\.0) ?? [])
        let width = (p.inputs.map(\.name.count) + p.derived.map(\.name.count)).max() ?? 0
        var out = "inputs:\n"
        for (i, input) in p.inputs.enumerated() {
            let value = p.formatSlot(i, o.inputs[i])
            var note = ""
            if changed.contains(input.name) { note = o.inputs[i].isUnknown ? "  (unset)" : "  (set)" }
            else if i >= given.count || given[i] == nil { note = o.inputs[i].isUnknown ? "" : "  (default)" }
            out += "  \(input.name.padding(to: width))  \(value)\(style.apply(note, .dim))\n"
        }
        if !p.derived.isEmpty {
            out += "derived:\n"
            for (k, d) in p.derived.enumerated() {
                let slot = p.inputs.count + k
                out += "  \(d.name.padding(to: width))  \(p.formatSlot(slot, o.outcome.values[slot]))\n"
            }
        }
        out += CaseText.render(arg.text, o.outcome, p)
        output(out)
    }

    func why(_ call: CommandCall) {
        guard call.expect(1...2, self) else { return }
        let arg = call.args[0]
        guard let (l, o) = session.outcome(Name(arg.text, arg.span), file: call.file, emit) else { return }
        let p = l.program
        let (outcome, paths) = l.evaluator.explain(o.inputs)
        let reasons = l.evaluator.reasons(o.inputs)
        var codes: [Int]
        if call.args.count == 2 {
            let codeWord = call.args[1]
            guard let i = p.recommendation(code: codeWord.text) else {
                let note = Suggest.didYouMean(codeWord.text, among: p.recommendations.map(\.code))
                fail(.unknownCode, "unknown recommendation code '\(codeWord.text)'", call.file, codeWord.span, notes: note)
                return
            }
            codes = [i]
        } else {
            codes = outcome.recommended + outcome.undetermined.map(\.code)
            if codes.isEmpty { output("\(arg.text): no recommendation\n"); return }
        }
        var out = ""
        for i in codes {
            let r = p.recommendations[i]
            if outcome.recommended.contains(i) {
                out += "\(style.apply(r.code, .bold)) (\(r.strength.rawValue)) because:\n" + CaseText.steps(paths[i] ?? [], p)
                // The branches' reasons stand at their steps; the `recommend` statement's comes last.
                let shown = (paths[i] ?? []).filter { !$0.negated && $0.branch.because != nil }.count
                for reason in (reasons[i] ?? []).dropFirst(shown) { out += "  reason: \(reason)\n" }
            } else if let u = outcome.undetermined.first(where: { $0.code == i }) {
                // Nothing missing: say which value could not be computed, and why.
                let needs = u.needs.isEmpty ? l.evaluator.undeterminedCauses(outcome.values).joined(separator: "; ")
                                            : "needs " + u.needs.map { p.inputs[$0].name }.joined(separator: ", ")
                out += "\(style.apply(r.code, .bold)) is undetermined (\(needs)) because:\n" + CaseText.steps(paths[i] ?? [], p)
            } else {
                out += "\(style.apply(r.code, .bold)) is not recommended for \(arg.text):\n"
                out += WhyNot.lines(code: i, values: outcome.values, l.evaluator)
            }
        }
        output(out)
    }

    func whyNot(_ call: CommandCall) {
        guard call.expect(2...2, self) else { return }
        let arg = call.args[0], codeWord = call.args[1]
        guard let (l, o) = session.outcome(Name(arg.text, arg.span), file: call.file, emit) else { return }
        let p = l.program
        guard let code = p.recommendation(code: codeWord.text) else {
            let note = Suggest.didYouMean(codeWord.text, among: p.recommendations.map(\.code))
            fail(.unknownCode, "unknown recommendation code '\(codeWord.text)'", call.file, codeWord.span, notes: note)
            return
        }
        if o.outcome.recommended.contains(code) {
            output("\(arg.text) already gets \(codeWord.text); see :why \(arg.text) \(codeWord.text)\n")
            return
        }
        var out = "\(style.apply(codeWord.text, .bold)) is not recommended for \(arg.text):\n"
        out += WhyNot.lines(code: code, values: o.outcome.values, l.evaluator)
        let answer = Gist.WhyNot(program: p).answer(inputs: o.inputs, code: code)
        if answer.unreachable { out += "  no case can get it\n" }
        for (k, s) in answer.suggestions.enumerated() {
            let change = s.changes.map { "\($0.condition) (now \($0.now))" }.joined(separator: " and ")
            out += (k == 0 ? "  would recommend it if " : "                     or ") + change + "\n"
        }
        output(out)
    }
}

/// `expect` and `what if`: comparing a case's outcome with what the script says.
extension Session {
    func expect(_ name: Name, _ e: Expectation, _ range: SourceRange, file: SourceFile, emit: (SessionEvent) -> Void) {
        guard let (l, o) = outcome(name, file: file, emit) else { return }
        let p = l.program
        let made = Set(o.outcome.recommended.map { p.recommendations[$0].code })
        let und = Dictionary(uniqueKeysWithValues: o.outcome.undetermined.map { (p.recommendations[$0.code].code, $0.needs.map { p.inputs[$0].name }) })

        func codes(_ names: [Name]) -> [String]? {
            var ok = true
            for n in names where p.recommendation(code: n.text) == nil {
                let note = Suggest.didYouMean(n.text, among: p.recommendations.map(\.code))
                report(Diagnostic(.unknownCode, "unknown recommendation code '\(n.text)'", at: SourceRange(file, n.span), notes: note), emit)
                ok = false
            }
            return ok ? names.map(\.text) : nil
        }

        var passed: Bool
        var expected: String
        var focus: [String] = []
        switch e {
        case .recommends(let names, let exactly):
            guard let cs = codes(names) else { failed += 1; return }
            if exactly {
                passed = Set(cs) == made && und.isEmpty
                expected = "recommends exactly {\(cs.joined(separator: ", "))}"
            } else {
                passed = cs.allSatisfy(made.contains)
                expected = "recommends \(cs.joined(separator: ", "))"
            }
            focus = cs.filter { !made.contains($0) } + made.filter { !cs.contains($0) }.sorted()
        case .notRecommends(let names):
            guard let cs = codes(names) else { failed += 1; return }
            // Undetermined is not "not recommended": it might be.
            passed = cs.allSatisfy { !made.contains($0) && und[$0] == nil }
            expected = "does not recommend \(cs.joined(separator: ", "))"
            focus = cs.filter { made.contains($0) || und[$0] != nil }
        case .undetermined(let names):
            guard let cs = codes(names) else { failed += 1; return }
            passed = cs.allSatisfy { und[$0] != nil }
            expected = "undetermined on \(cs.joined(separator: ", "))"
            focus = cs
        case .holds(let expr):
            var checker = Checker(file: file, program: p)
            let (ir, _, ds) = checker.checkExpression(expr, expected: .bool)
            for d in ds { report(d, emit) }
            if ds.contains(where: { $0.severity == .error }) { failed += 1; return }
            let v = l.evaluator.value(of: ir, in: o.outcome.values)
            passed = v == .bool(true)
            expected = file.text(of: expr.span)
            if !passed {
                var slots = Set<Int>()
                ir.slots(into: &slots)
                let values = slots.sorted().map { "\(p.slotName($0)) = \(p.formatSlot($0, o.outcome.values[$0]))" }
                let result = ExpectationResult(passed: false, range: range, statement: file.text(of: range.span),
                                               expected: expected, actual: (v.isUnknown ? "unknown" : "false") + " (" + values.joined(separator: ", ") + ")",
                                               explanation: "")
                failed += 1
                emit(.expectation(result))
                return
            }
        }
        if passed { self.passed += 1 } else { failed += 1 }
        let actual = CaseText.summary(o.outcome, p)
        var explanation = ""
        if !passed {
            let (explained, paths) = l.evaluator.explain(o.inputs)
            for code in focus {
                guard let i = p.recommendation(code: code) else { continue }
                if let steps = paths[i] {
                    explanation += "\(code) \(made.contains(code) ? "recommended" : "undetermined") because:\n"
                    explanation += CaseText.steps(steps, p, values: explained.values)
                } else {
                    explanation += "\(code) was not recommended:\n" + whyNotText(l, o.inputs, i)
                }
            }
        }
        emit(.expectation(ExpectationResult(passed: passed, range: range, statement: file.text(of: range.span),
                                            expected: expected, actual: actual, explanation: explanation)))
    }

    /// The failed conditions on the way to a code and the smallest changes that would give it.
    func whyNotText(_ l: Loaded, _ inputs: [Value], _ code: Int) -> String {
        let why: WhyNot
        if let w = whyNotCache[l.path], w.program.branchCount == l.program.branchCount { why = w } else {
            why = WhyNot(program: l.program)
            whyNotCache[l.path] = why
        }
        let a = why.answer(inputs: inputs, code: code, limit: 3)
        var out = ""
        for path in a.blocked {
            var explained = Set<String>()
            for b in path {
                out += "  \(b.location): \(b.shown) is \(b.holds)\n"
                for c in b.computed where explained.insert(c.name).inserted { out += "    where \(c.text)\n" }
            }
        }
        out += WhyNot.suggestionLines(a, indent: "  ")
        return out
    }

    func whatIf(_ name: Name, _ fields: [FieldAssignment], _ range: SourceRange, file: SourceFile, emit: (SessionEvent) -> Void) {
        guard let (l, base) = outcome(name, file: file, emit) else { return }
        var inputs = base.inputs
        var changes: [String] = []
        for f in fields {
            guard let (slot, v) = fieldValue(f, file: file, l.program, emit) else { return }
            changes.append("\(f.name.text): \(l.program.formatSlot(slot, inputs[slot])) -> \(l.program.formatSlot(slot, v))")
            inputs[slot] = v
        }
        let o = evaluate(inputs, l)
        var out = "what if \(name.text) { \(fields.map { "\($0.name.text): \(file.text(of: $0.value.span))" }.joined(separator: ", ")) }\n"
        for c in changes { out += "  \(c)\n" }
        out += CaseText.difference(base.outcome, o, l.program)
        emit(.text(out))
    }
}

/// Plain text for case outcomes in scripts and the REPL.
public enum CaseText {
    public static func summary(_ o: Evaluator.Outcome, _ p: Program) -> String {
        let made = o.recommended.map { p.recommendations[$0].code }
        let und = o.undetermined.map { "\(p.recommendations[$0.code].code) (\(o.waitsFor($0, p)))" }
        var s = "recommends {\(made.joined(separator: ", "))}"
        if !und.isEmpty { s += "; undetermined: \(und.joined(separator: ", "))" }
        return s
    }

    public static func render(_ name: String, _ o: Evaluator.Outcome, _ p: Program) -> String {
        var out = "\(name):\n"
        if o.recommended.isEmpty && o.undetermined.isEmpty { out += "  no recommendation\n" }
        for i in o.recommended {
            let r = p.recommendations[i]
            out += "  \(r.strength.rawValue.padded(12)) \(r.code) — \(r.text)\n"
            if !r.evidence.isEmpty { out += "  \("".padded(12)) evidence: \(r.evidence.text)\n" }
        }
        for u in o.undetermined {
            out += "  \("undetermined".padded(12)) \(p.recommendations[u.code].code) — \(o.waitsFor(u, p))\n"
        }
        return out
    }

    /// The conditions on a path, each with the values it read; `values` are the case's slot
    /// values, for the computed values the conditions read.
    public static func steps(_ steps: [Evaluator.Step], _ p: Program, values: [Value]) -> String {
        if steps.isEmpty { return "  (at the top of the pathway)\n" }
        var out = ""
        var explained = Set<String>()
        for s in steps {
            let read = Set(s.values.map(\.slot))
            let cond = ConditionText.shown(s.branch.source, negated: s.negated, values: p.shownValues(read, values))
            let holds = s.truth == .yes ? "" : s.truth == .no ? " [false]" : " [unknown]"
            out += "  \(s.branch.range)\(s.branch.viaDescription): \(cond)\(holds)\n"
            for c in p.computedValues(read: read, in: values) where explained.insert(c.name).inserted { out += "    where \(c.text)\n" }
            if !s.negated, let b = s.branch.because { out += "    (\(b))\n" }
        }
        return out
    }

    /// What changes between two outcomes: codes added and removed, strength and
    /// undetermined changes, derived values that differ.
    public static func difference(_ a: Evaluator.Outcome, _ b: Evaluator.Outcome, _ p: Program) -> String {
        var out = ""
        let ma = Set(a.recommended), mb = Set(b.recommended)
        let ua = Dictionary(uniqueKeysWithValues: a.undetermined.map { ($0.code, $0.needs) })
        let ub = Dictionary(uniqueKeysWithValues: b.undetermined.map { ($0.code, $0.needs) })
        for i in p.recommendations.indices {
            let code = p.recommendations[i].code
            if mb.contains(i) && !ma.contains(i) { out += "  + \(code)\(ua[i] != nil ? " (was undetermined)" : "")\n" }
            if ma.contains(i) && !mb.contains(i) { out += "  - \(code)\(ub[i] != nil ? " (now undetermined)" : "")\n" }
            if ub[i] != nil && ua[i] == nil && !ma.contains(i) { out += "  ? \(code) now undetermined (needs \((ub[i] ?? []).map { p.inputs[$0].name }.joined(separator: ", ")))\n" }
            if ua[i] != nil && ub[i] == nil && !mb.contains(i) { out += "  - \(code) (was undetermined)\n" }
        }
        for (k, d) in p.derived.enumerated() {
            let s = p.inputs.count + k
            if a.values[s] != b.values[s] {
                out += "  ~ \(d.name): \(p.formatSlot(s, a.values[s])) -> \(p.formatSlot(s, b.values[s]))\n"
            }
        }
        if out.isEmpty { out = "  no change in recommendations\n" }
        return out
    }
}

extension String {
    func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

import CZ3

/// `division-by-zero`: a let that divides by something zero for some cases within the
/// inputs' ranges. Evaluation then leaves the let undetermined; the finding gives a case.
extension Findings {
    static func divisionsByZero(_ p: Program, store: DiagramStore) -> [Diagnostic] {
        let space = store.space
        let translator = AtomTranslator(program: p, binding: space.bindings[0])
        var out: [Diagnostic] = []
        var encoding: SpaceEncoding? = store.encoding
        for (k, d) in p.derived.enumerated() {
            guard case .letValue(let ir) = d.kind else { continue }
            for case .arith(.div, _, let divisor) in ir.nodes {
                guard let term = translator.term(divisor, depth: 0), term.hasVariable else { continue }
                if encoding == nil { encoding = SpaceEncoding(space: space) }
                guard let enc = encoding else { return out }
                enc.solver.push()
                defer { enc.solver.pop() }
                var defined: [Z3_ast] = []
                let zero = enc.term(term, &defined)
                enc.solver.assert(enc.solver.and(defined + [enc.solver.eq(zero, enc.solver.number(0))]))
                guard enc.solver.check() == .sat else { continue }
                var values = Regions.witness(space.fullBox, space: space, programIndex: 0)
                enc.assignModel(enc.variables(of: term).sorted(), precision: 12, to: &values, programIndex: 0)
                // Shown only if evaluation agrees: the let has no value for this case.
                let evaluator = Evaluator(program: p, compile: false)
                var coverage: Evaluator.Coverage? = nil
                let all = evaluator.computeValues(values, coverage: &coverage)
                guard p.inputs.count + k < all.count, all[p.inputs.count + k] == .unknown else { continue }
                out.append(Diagnostic(.divisionByZero,
                                      "'\(d.name)' divides by \(translator.text(divisor)), which is zero for some cases; '\(d.name)' is then undetermined",
                                      at: d.range, notes: [.witness(caseText("division_by_zero_\(d.name)", values, p))]))
                break
            }
        }
        return out
    }
}

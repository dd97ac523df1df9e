import Testing
@testable import Gist

/// `gist check`'s findings against the tree evaluator, on cases that may lack inputs that
/// `known(…)` reads (KnownPropertyTests, DatePropertyTests): a branch some case surely enters
/// is never reported unreachable, a case with nothing made and nothing pending lies in a
/// no-recommendation finding, and the finding's witnesses, evaluated, get nothing.
struct FindingsAgainstEvaluation {
    var nothingCases = 0
    var witnesses = 0

    /// Checks guideline `g` (compiled: `p`) on `cases` of `space`; `witness` sees each
    /// witness's values for checks of its own. False when a check failed: the caller stops.
    mutating func check(seed: UInt64, _ g: GenGuideline, _ p: Program, cases: [[Value]], space cs: GenCaseSpace,
                        witness: ([Value], String) -> Void = { _, _ in }) -> Bool {
        let findings = Findings.analyse(p)
        let unreachable = Set(findings.filter {
            [.unreachableBranch, .unreachableAlternative, .unreachableOtherwise].contains($0.kind)
        }.compactMap { $0.range?.span.start })
        let nothing = findings.first { $0.kind == .noRecommendation }
        let e = Evaluator(program: p, compile: false)
        var branches: [Branch] = []
        p.pathway.forEachBranch { branches.append($0) }
        for c in cases {
            let values = cs.values(c, for: p)
            var cov = Evaluator.Coverage(program: p)
            let o = e.evaluate(values, coverage: &cov)
            for b in branches where cov.branchTaken[b.id] > 0 && unreachable.contains(b.range.span.start) {
                Issue.record("seed \(seed): a branch at line \(b.range.line) is reported unreachable, but { \(cs.describe(c)) } takes it\n\(g.text)")
                return false
            }
            if o.recommended.isEmpty, o.undetermined.isEmpty {
                nothingCases += 1
                if nothing == nil {
                    Issue.record("seed \(seed): { \(cs.describe(c)) } gets nothing, but no no-recommendation is reported\n\(g.text)")
                    return false
                }
            }
        }
        for case .witness(let w) in nothing?.notes ?? [] {
            // `case … { … }  # missing: failed`: an input with a default that the case lacks.
            let parts = w.components(separatedBy: "  # missing: ")
            guard var values = FindingsPropertyTests.witnessValues(parts[0], guideline: g.text) else {
                Issue.record("seed \(seed): the witness \(w) does not read back\n\(g.text)")
                continue
            }
            for name in parts.dropFirst().flatMap({ $0.components(separatedBy: ", ") }) {
                if let s = p.inputs.firstIndex(where: { $0.name == name }) { values[s] = .unknown }
            }
            witnesses += 1
            witness(values, w)
            let o = e.evaluate(e.withDefaults(values.map { $0 }))
            #expect(o.recommended.isEmpty, "seed \(seed): the no-recommendation witness \(w) gets \(p.codes(o.recommended))\n\(g.text)")
            // A complete case may leave a code pending for another cause (two rows of a
            // unique table); a missing input may not leave one pending.
            if values.contains(.unknown) { #expect(o.undetermined.isEmpty, "seed \(seed): the witness \(w) leaves codes pending\n\(g.text)") }
        }
        return true
    }
}

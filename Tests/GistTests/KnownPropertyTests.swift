import Foundation
import Testing
@testable import Gist

/// Property tests of `known(x)` in the analyses (issue 16, item 3): random small guidelines
/// whose conditions ask `known(x)` (alone, or as `not (known(x) and ATOM)`), and cases that
/// leave such inputs out as well as give every value. Against the tree evaluator:
///
/// - each code's status diagram gives every case its status (recommended, undetermined, not
///   made), and the compiled evaluator agrees, on complete and incomplete cases alike;
/// - the exact diff of a guideline and a random revision holds a case in a region exactly when
///   its outcome changes, with that change;
/// - `gist check`'s findings: a branch some case surely enters is never reported unreachable,
///   a case with nothing made and nothing pending lies in a no-recommendation finding, and the
///   finding's witness, evaluated, gets nothing.
@Suite struct KnownPropertyTests {
    static let guidelines = 200
    static let randomCases = 100
    static let exhaustiveLimit = 600

    static func generator(_ seed: UInt64) -> GuidelineGenerator {
        var gen = GuidelineGenerator(seed: seed)
        gen.knownChance = 0.3
        return gen
    }

    static func cases(_ space: GenCaseSpace, seed: UInt64) -> [[Value]] {
        var rng = GenRandom(seed: seed ^ 0x6B6E_6F77)
        var out = space.cellCount <= exhaustiveLimit ? space.allCells : []
        for _ in 0..<randomCases { out.append(space.random(&rng)) }
        return out
    }

    /// Each generated guideline that asks `known(…)`, compiled, with the case space that leaves
    /// those inputs out now and then; `body` returns false to stop.
    static func eachGuideline(_ body: (UInt64, GenGuideline, Program, GenCaseSpace) -> Bool) {
        for seed in 0..<UInt64(guidelines) {
            var gen = generator(seed)
            let g = gen.guideline()
            guard !g.knownInputs.isEmpty, let p = Checker.compile(SourceFile(name: "g.gist", text: g.text)).0 else { continue }
            var cs = GenCaseSpace(inputs: g.inputs.sorted(), thresholds: g.thresholds)
            cs.missing = g.knownInputs
            if !body(seed, g, p, cs) { return }
        }
    }

    static func status(_ o: Evaluator.Outcome, _ code: Int) -> UInt8 {
        if o.recommended.contains(code) { return 2 }
        return o.undetermined.contains { $0.code == code } ? 1 : 0
    }

    /// Program `p`'s status diagrams, expected exact (no condition left undecided).
    static func statusDiagrams(_ p: Program, seed: UInt64, _ g: GenGuideline) -> (DiagramStore, [Int]) {
        let space = Space([p])
        let store = DiagramStore(space: space, order: space.analysisOrder())
        let d = DiagramCompiler.compile(store: store, program: 0)
        #expect(!store.approximate, "seed \(seed): \(store.undecided) left undecided\n\(g.text)")
        return (store, d.status)
    }

    /// Whether each code's status diagram gives a case (`values`, described as `described`) the
    /// status evaluation gave it (`o`); records an issue when not.
    static func statusesAgree(seed: UInt64, _ g: GenGuideline, _ p: Program, _ diagrams: (DiagramStore, [Int]),
                              values: [Value], outcome o: Evaluator.Outcome, described: String) -> Bool {
        let (store, status) = diagrams
        for code in p.recommendations.indices {
            let leaf = store.term(status[code], at: values, programIndex: 0)
            guard leaf == .status(Self.status(o, code)) else {
                Issue.record("seed \(seed): \(p.recommendations[code].code) is \(Self.status(o, code)) on { \(described) }, the diagram says \(String(describing: leaf))\n\(g.text)")
                return false
            }
        }
        return true
    }

    @Test func diagramsAreExactOnIncompleteCases() {
        var checked = 0, incomplete = 0
        Self.eachGuideline { seed, g, p, cs in
            let diagrams = Self.statusDiagrams(p, seed: seed, g)
            let tree = Evaluator(program: p, compile: false), compiled = Evaluator(program: p)
            for c in Self.cases(cs, seed: seed) {
                let values = cs.values(c, for: p)
                let o = tree.evaluate(values)
                if values.contains(.unknown) { incomplete += 1 }
                let oc = compiled.evaluate(values)
                #expect(oc.recommended == o.recommended && oc.undetermined.map(\.code) == o.undetermined.map(\.code),
                        "seed \(seed): the compiled evaluator disagrees on { \(cs.describe(c)) }\n\(g.text)")
                guard Self.statusesAgree(seed: seed, g, p, diagrams, values: values, outcome: o, described: cs.describe(c)) else { return false }
                checked += 1
            }
            return true
        }
        #expect(checked > 5_000 && incomplete > 1_000, "too few cases: \(checked), \(incomplete) incomplete")
    }

    @Test func diffIsExactOnIncompleteCases() {
        var pairs = 0, changedIncomplete = 0
        for seed in 0..<UInt64(Self.guidelines) {
            var gen = Self.generator(seed)
            let g = gen.guideline()
            let (h, _) = gen.mutate(g)
            guard !g.knownInputs.union(h.knownInputs).isEmpty,
                  let a = Checker.compile(SourceFile(name: "old.gist", text: g.text)).0,
                  let b = Checker.compile(SourceFile(name: "new.gist", text: h.text)).0 else { continue }
            pairs += 1
            let diff = GuidelineDiff(old: a, new: b)
            #expect(!diff.approximate)
            var thresholds = g.thresholds
            for (i, t) in h.thresholds { thresholds[i, default: []].formUnion(t) }
            var cs = GenCaseSpace(inputs: Array(Set(g.inputs).union(h.inputs)).sorted(), thresholds: thresholds)
            cs.sizeMax = min(g.sizeMax, h.sizeMax)
            cs.missing = g.knownInputs.union(h.knownInputs)
            let ea = Evaluator(program: a, compile: false), eb = Evaluator(program: b, compile: false)
            for c in Self.cases(cs, seed: seed) {
                let va = cs.values(c, for: a), vb = cs.values(c, for: b)
                // An input only one revision has is not compared while it is missing: the other
                // revision cannot tell (the joint space has it given).
                let before = DiffPropertyTests.outcome(ea, va), after = DiffPropertyTests.outcome(eb, vb)
                let region = diff.region(ofNewCase: vb)
                let changed = before != after
                if changed, c.contains(.unknown) { changedIncomplete += 1 }
                guard changed == (region != nil) else {
                    Issue.record("seed \(seed): { \(cs.describe(c)) } changes \(changed), region \(String(describing: region))\n--- old\n\(g.text)--- new\n\(h.text)")
                    return
                }
                if let r = region {
                    let ch = diff.regions[r].change
                    #expect(ch.removed == before.subtracting(after).sorted() && ch.added == after.subtracting(before).sorted(),
                            "seed \(seed): region \(r + 1) has the wrong change for { \(cs.describe(c)) }")
                }
            }
        }
        #expect(pairs > 40 && changedIncomplete > 50, "too few pairs or changes: \(pairs), \(changedIncomplete)")
    }

    @Test func findingsCountIncompleteCases() {
        var tally = FindingsAgainstEvaluation()
        Self.eachGuideline { seed, g, p, cs in
            tally.check(seed: seed, g, p, cases: Self.cases(cs, seed: seed), space: cs)
        }
        #expect(tally.nothingCases > 100 && tally.witnesses > 10, "too few: \(tally.nothingCases) cases with nothing, \(tally.witnesses) witnesses")
    }
}

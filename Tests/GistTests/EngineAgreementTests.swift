import Testing
@testable import Gist

/// Random guidelines beyond the analyses' exact fragment — arithmetic on inputs, comparisons
/// of two inputs, `collect` tables (`GuidelineGenerator.extended`) — run through every engine:
/// the compiled machine (with and without its decision tree) must equal the tree evaluator on
/// random cases, and the decision diagrams must be sound on complete cases (what they decide is
/// the evaluator's outcome; only where they are exact, everything).
@Suite struct EngineAgreementTests {
    static let guidelines = 150

    @Test func extendedRandomGuidelinesAgreeAcrossEngines() {
        var compiled = 0, arithmetic = 0, inputPairs = 0, collect = 0, exact = 0
        for seed in 0..<UInt64(Self.guidelines) {
            var gen = GuidelineGenerator(seed: 0xA11CE + seed)
            gen.extended = true
            let g = gen.guideline()
            let text = g.text
            let (program, diagnostics) = Checker.compile(SourceFile(name: "random.gist", text: text))
            guard let p = program else {
                let errors = diagnostics.filter { $0.severity == .error }.map { $0.rendered() }
                Issue.record("seed \(seed): the generated guideline does not compile: \(errors.joined())\n\(text)")
                continue
            }
            compiled += 1
            if text.contains(" / ") || text.contains(" * ") || text.contains(" + ") || text.contains(" - ") { arithmetic += 1 }
            if text.contains("n < m") || text.contains("n > m") || text.contains("n <= m") || text.contains("n >= m")
                || text.contains("n == m") || text.contains("n != m") { inputPairs += 1 }
            if g.table?.collect == true { collect += 1 }

            #expect(expectCompiledEqualsTree(p, cases: 300, seed: seed) == 0, "seed \(seed)\n\(text)")

            let diagrams = ConformanceTests.Diagrams(p)
            if !diagrams.store.approximate { exact += 1 }
            let space = GenCaseSpace(inputs: g.inputs.sorted(), thresholds: g.thresholds)
            var rng = GenRandom(seed: seed)
            let tree = Evaluator(program: p, compile: false)
            var reported = 0
            for _ in 0..<100 where reported < 3 {
                let values = space.values(space.random(&rng), for: p)
                let problems = diagrams.disagreements(tree.treeEvaluate(values), values)
                if !problems.isEmpty {
                    reported += 1
                    Issue.record("seed \(seed), case \(values): \(problems.joined(separator: "; "))\n\(text)")
                }
            }
        }
        // The generator draws what it is meant to, so the agreement above is not vacuous.
        #expect(compiled == Self.guidelines)
        #expect(arithmetic >= Self.guidelines / 4, "\(arithmetic) guidelines with arithmetic")
        #expect(inputPairs >= 5, "\(inputPairs) guidelines comparing two inputs")
        #expect(collect >= 10, "\(collect) guidelines with a collect table")
        #expect(exact >= 10, "\(exact) guidelines in the diagrams' exact fragment")
    }
}

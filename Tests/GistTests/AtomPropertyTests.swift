import Foundation
import Testing
@testable import Gist

/// Property tests of the analyses beyond the band fragment: random guidelines whose conditions
/// use arithmetic, divisions and inputs compared with each other (atoms, decided by Z3). The
/// analyses are checked against evaluation of every case of a grid and of every witness.
@Suite struct AtomPropertyTests {
    /// Inputs: two counts and a number; the grid takes every count and the number in halves.
    static let declarations = """
    input a: count where a <= 6
    input b: count where b <= 6
    input x: number where -3 <= x <= 3
    recommendation q: option "Q." cite "S"
    recommendation s: option "S." cite "S"
    """

    static let conditions = [
        "a > b", "a + b >= 6", "a * 2 <= b", "x < -1", "x >= -(1)", "x * 2 > a - 3", "x / (a - 3) >= 1",
        "(a - b) / (b + 1) * 100 <= -30", "a - b == x", "x * x >= 2", "b / 2 < x", "a != b",
    ]

    static func randomGuideline(_ rng: inout GenRandom) -> String {
        func cond() -> String {
            let c = rng.pick(conditions)
            return rng.chance(0.25) ? "\(c) and \(rng.pick(conditions))" : c
        }
        func code() -> String { rng.pick(["r", "q", "s"]) }
        var statements: [String] = []
        for _ in 0..<rng.int(1...3) {
            if rng.chance(0.5) {
                statements.append("when \(cond()) { recommend \(code()) }")
            } else {
                let alternatives = (0..<rng.int(1...3)).map { _ in "when \(cond()) { recommend \(code()) }" }
                let otherwise = rng.chance(0.5) ? " otherwise { recommend \(code()) }" : ""
                statements.append("first { \(alternatives.joined(separator: " "))\(otherwise) }")
            }
        }
        return guideline(declarations, pathway: statements.joined(separator: "\n  "))
    }

    static let grid: [[Value]] = {
        var out: [[Value]] = []
        for a in 0...6 { for b in 0...6 { for x in -6...6 { out.append([.number(Rational(a)), .number(Rational(b)), .number(Rational(Int64(x), 2) ?? .zero)]) } } }
        return out
    }()

    static func witness(_ note: String, _ p: Program) -> [Value]? {
        var values = [Value](repeating: .unknown, count: p.inputs.count)
        for (k, input) in p.inputs.enumerated() {
            guard let r = note.range(of: "\(input.name): ") else { return nil }
            let rest = note[r.upperBound...].prefix { $0 != "," && $0 != " " && $0 != "}" }
            guard let x = Rational(decimal: rest) else { return nil }
            values[k] = .number(x)
        }
        return values
    }

    /// Findings agree with evaluation: a finding's witness shows it, and a finding not
    /// reported is shown by no case of the grid.
    @Test func findingsAgreeWithEvaluation() throws {
        var rng = GenRandom(seed: 15)
        for _ in 0..<60 {
            let text = Self.randomGuideline(&rng)
            let p = try program(text)
            let findings = Findings.analyse(p)
            #expect(!findings.contains { $0.id == "approximate-analysis" }, "\(text)")
            let evaluator = Evaluator(program: p)
            let outcomes = Self.grid.map { evaluator.evaluate($0) }
            let nothing = findings.first { $0.id == "no-recommendation" }
            if nothing == nil {
                for (k, o) in outcomes.enumerated() {
                    #expect(!o.recommended.isEmpty, "no finding, but \(Self.grid[k]) gets nothing in\n\(text)")
                }
            }
            for d in findings {
                for note in d.notes.compactMap(\.witness) {
                    let values = try #require(Self.witness(note, p), "\(note)")
                    let o = evaluator.evaluate(values)
                    if d.id == "no-recommendation" { #expect(o.recommended.isEmpty, "\(note) gets \(p.codes(o.recommended)) in\n\(text)") }
                }
                if d.id.hasPrefix("unreachable-recommendation"), let code = d.message.split(separator: "'").dropFirst().first {
                    for o in outcomes { #expect(!p.codes(o.recommended).contains(String(code)), "\(d.message) but a case gets it in\n\(text)") }
                }
            }
        }
    }

    /// The diff agrees with evaluation: a grid case whose outcome changes lies in a region,
    /// and a guideline diffed with itself has no region.
    @Test func diffAgreesWithEvaluation() throws {
        var rng = GenRandom(seed: 1515)
        for _ in 0..<40 {
            let oldText = Self.randomGuideline(&rng), newText = Self.randomGuideline(&rng)
            let old = try program(oldText), new = try program(newText)
            #expect(GuidelineDiff(old: old, new: old).regions.isEmpty)
            let diff = GuidelineDiff(old: old, new: new)
            #expect(!diff.approximate)
            let eo = Evaluator(program: old), en = Evaluator(program: new)
            for values in Self.grid {
                let a = eo.evaluate(values), b = en.evaluate(values)
                let before = Set(old.codes(a.recommended)), after = Set(new.codes(b.recommended))
                let undeterminedBefore = Set(old.codes(a.undetermined.map(\.code))), undeterminedAfter = Set(new.codes(b.undetermined.map(\.code)))
                if before != after || undeterminedBefore != undeterminedAfter {
                    #expect(diff.region(ofNewCase: values) != nil, "\(values) changes but lies in no region:\n\(oldText)\n\(newText)")
                } else {
                    #expect(diff.region(ofNewCase: values) == nil, "\(values) does not change but lies in a region:\n\(oldText)\n\(newText)")
                }
            }
        }
    }
}

extension AtomPropertyTests {
    /// The shipped guidelines are inside the band fragment: no atoms, so their analyses never
    /// start the solver and keep their speed; and the examples of computed values are analysed
    /// exactly, with no findings.
    @Test func shippedGuidelinesHaveNoAtomsAndExamplesAreExact() throws {
        let a = try ShippedDiffTests.load("acs-2017.gist"), b = try ShippedDiffTests.load("gist-2025.gist")
        let space = Space([a, b])
        #expect(space.atoms.isEmpty)
        let store = DiagramStore(space: space, order: space.analysisOrder())
        #expect(store.feasible == store.yes && store.encoding == nil)
        let examples = ShippedDiffTests.guidelines.deletingLastPathComponent().appendingPathComponent("examples/computed")
        for name in ["bmi.gist", "bmi-35.gist", "dose-per-kg.gist", "percent-change.gist"] {
            let text = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
            let p = try #require(Checker.compile(SourceFile(name: name, text: text)).program)
            #expect(!Space([p]).atoms.isEmpty, "\(name) has no computed condition")
            #expect(Findings.analyse(p).isEmpty, "\(name): \(Findings.analyse(p).map { $0.rendered() })")
        }
    }
}

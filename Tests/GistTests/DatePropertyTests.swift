import Foundation
import Testing
@testable import Gist

/// Property tests of dates in the analyses (issue 16, item 7): random small guidelines with
/// one or two `date` inputs and conditions on them (`today - surgery_date >= 6 months`,
/// `surgery_date < diagnosis_date`, `today < surgery_date + 1 year`, `surgery_date -
/// diagnosis_date > 30 days`), some asking `known(…)` of a date; cases drawn at a duration's
/// day count from `today` or from the other date, and leaving out the dates `known` reads.
/// Against the tree evaluator:
///
/// - the compiled machine agrees on every case, also with any input (and `today`) missing;
/// - each code's status diagram gives every case its status, with a date missing too;
/// - `gist check`'s findings hold for evaluated cases (`FindingsAgainstEvaluation`), and
///   their witnesses are on whole calendar days;
/// - the diff of a guideline and a random revision holds a case — with a date missing too —
///   in a region exactly when its outcome changes, with that change; each region's witness
///   is on whole days and has the region's change.
///
/// Every analysis here must be exact: a date condition is linear in whole days, which the
/// solver decides (`WholeNumberComparison`).
@Suite struct DatePropertyTests {
    static let guidelines = 40
    static let randomCases = 100

    static func generator(_ seed: UInt64) -> GuidelineGenerator {
        var gen = GuidelineGenerator(seed: seed)
        gen.inputPool = [.surgery_date, .diagnosis_date, .n, .flag, .k]
        gen.knownChance = 0.2
        return gen
    }

    static func space(_ g: GenGuideline) -> GenCaseSpace {
        var cs = GenCaseSpace(inputs: g.inputs.sorted(), thresholds: g.thresholds)
        cs.missing = g.knownInputs
        return cs
    }

    static func cases(_ space: GenCaseSpace, seed: UInt64) -> [[Value]] {
        var rng = GenRandom(seed: seed ^ 0x6461_7465)
        return (0..<randomCases).map { _ in space.random(&rng) }
    }

    /// Each generated guideline that reads a date, compiled; `body` returns false to stop.
    static func eachGuideline(_ body: (UInt64, GenGuideline, Program) -> Bool) {
        for seed in 0..<UInt64(guidelines) {
            var gen = generator(seed)
            let g = gen.guideline()
            guard g.text.contains("_date "), let p = Checker.compile(SourceFile(name: "g.gist", text: g.text)).0 else { continue }
            if !body(seed, g, p) { return }
        }
    }

    /// The dates of a case read back from a witness are whole days.
    static func wholeDays(_ values: [Value], _ p: Program) -> Bool {
        zip(p.inputs, values).allSatisfy { input, v in
            guard input.type == .quantity(.date), case .number(let x) = v else { return true }
            return x.isInteger
        }
    }

    @Test func generatorDrawsDateConditions() {
        var guidelines = 0, sinceToday = 0, twoDates = 0, knownDates = 0
        Self.eachGuideline { _, g, p in
            guidelines += 1
            if g.text.contains("today") && p.todaySlot != nil { sinceToday += 1 }
            if g.text.range(of: #"surgery_date [<>=!]+ diagnosis_date|diagnosis_date [<>=!]+ surgery_date|_date - \w+_date"#, options: .regularExpression) != nil { twoDates += 1 }
            if g.knownInputs.contains(where: \.isDate) { knownDates += 1 }
            return true
        }
        #expect(guidelines > 25 && sinceToday > 20 && twoDates > 5 && knownDates > 15,
                "\(guidelines) guidelines, \(sinceToday) read today, \(twoDates) compare two dates, \(knownDates) ask known(date)")
    }

    @Test func compiledMachineAgreesWithTheTreeOnDates() {
        var checked = 0, incomplete = 0
        Self.eachGuideline { seed, g, p in
            let cs = Self.space(g)
            let tree = Evaluator(program: p, compile: false), compiled = Evaluator(program: p)
            var rng = GenRandom(seed: seed ^ 0x6D61_6368)
            for c in Self.cases(cs, seed: seed) {
                var values = cs.values(c, for: p)
                // Any input may be missing here, `today` too: the engines must still agree.
                for k in values.indices where rng.chance(0.15) { values[k] = .unknown }
                if values.contains(.unknown) { incomplete += 1 }
                for _ in 0..<2 {  // twice: the second run may be answered by the learned tree
                    let o = tree.evaluate(values), oc = compiled.evaluate(values)
                    guard oc.recommended == o.recommended, oc.undetermined.map(\.code) == o.undetermined.map(\.code),
                          oc.undetermined.map(\.needs) == o.undetermined.map(\.needs) else {
                        Issue.record("seed \(seed): the compiled machine disagrees on \(values)\n\(g.text)")
                        return false
                    }
                }
                checked += 1
            }
            return true
        }
        #expect(checked > 2_500 && incomplete > 1_500, "too few cases: \(checked), \(incomplete) incomplete")
    }

    @Test func diagramsAgreeWithEvaluationOnDates() {
        var checked = 0, incomplete = 0
        Self.eachGuideline { seed, g, p in
            let cs = Self.space(g)
            let diagrams = KnownPropertyTests.statusDiagrams(p, seed: seed, g)
            let tree = Evaluator(program: p, compile: false)
            for c in Self.cases(cs, seed: seed) {
                let values = cs.values(c, for: p)
                if values.contains(.unknown) { incomplete += 1 }
                let o = tree.evaluate(values)
                guard KnownPropertyTests.statusesAgree(seed: seed, g, p, diagrams, values: values, outcome: o, described: cs.describe(c)) else { return false }
                checked += 1
            }
            return true
        }
        #expect(checked > 3_000 && incomplete > 1_000, "too few cases: \(checked), \(incomplete) incomplete")
    }

    @Test func findingsOnDatesHoldForEvaluatedCases() {
        var tally = FindingsAgainstEvaluation()
        Self.eachGuideline { seed, g, p in
            let cs = Self.space(g)
            return tally.check(seed: seed, g, p, cases: Self.cases(cs, seed: seed), space: cs) { values, w in
                #expect(Self.wholeDays(values, p), "seed \(seed): the witness \(w) is not on whole days")
            }
        }
        #expect(tally.nothingCases > 400 && tally.witnesses > 8, "too few: \(tally.nothingCases) cases with nothing, \(tally.witnesses) witnesses")
    }

    @Test func diffOfDateGuidelinesIsExact() {
        var pairs = 0, changed = 0, changedIncomplete = 0, witnesses = 0
        for seed in 0..<UInt64(Self.guidelines) {
            var gen = Self.generator(seed)
            let g = gen.guideline()
            let (h, _) = gen.mutate(g)
            guard g.text.contains("_date "),
                  let a = Checker.compile(SourceFile(name: "old.gist", text: g.text)).0,
                  let b = Checker.compile(SourceFile(name: "new.gist", text: h.text)).0 else { continue }
            let diff = GuidelineDiff(old: a, new: b)
            #expect(!diff.approximate, "seed \(seed): the solver left \(diff.undecided.count) conditions undecided")
            pairs += 1
            var cs = GenCaseSpace(inputs: Array(Set(g.inputs).union(h.inputs)).sorted(), thresholds: g.thresholds.merging(h.thresholds) { $0.union($1) })
            cs.missing = g.knownInputs.union(h.knownInputs)
            let ea = Evaluator(program: a, compile: false), eb = Evaluator(program: b, compile: false)
            func fail(_ what: String) { Issue.record("seed \(seed): \(what)\n--- old\n\(g.text)--- new\n\(h.text)") }
            // Each region's witness: whole days, in its region, with the region's change.
            for (r, region) in diff.regions.enumerated() {
                guard let w = diff.witness(region) else { continue }
                guard let vb = FindingsPropertyTests.witnessValues(w, guideline: h.text) else { fail("region \(r + 1)'s witness \(w) does not read back"); continue }
                witnesses += 1
                if !Self.wholeDays(vb, b) { fail("region \(r + 1)'s witness \(w) is not on whole days") }
                let va = a.inputs.map { input in b.inputs.firstIndex { $0.name == input.name }.map { vb[$0] } ?? .unknown }
                let before = DiffPropertyTests.outcome(ea, ea.withDefaults(va.map { $0 })), after = DiffPropertyTests.outcome(eb, vb)
                let ch = region.change
                if ch.removed != before.subtracting(after).sorted() || ch.added != after.subtracting(before).sorted() {
                    fail("region \(r + 1)'s witness \(w) changes -\(before.subtracting(after).sorted()) +\(after.subtracting(before).sorted()), the region says -\(ch.removed) +\(ch.added)")
                }
            }
            for c in Self.cases(cs, seed: seed) {
                let va = cs.values(c, for: a), vb = cs.values(c, for: b)
                let before = DiffPropertyTests.outcome(ea, va), after = DiffPropertyTests.outcome(eb, vb)
                let region = diff.region(ofNewCase: vb)
                if before != after { changed += 1 }
                if before != after, vb.contains(.unknown) { changedIncomplete += 1 }
                guard (before != after) == (region != nil) else {
                    fail("{ \(cs.describe(c)) } changes \(before != after), region \(String(describing: region))")
                    break
                }
                if let r = region {
                    let ch = diff.regions[r].change
                    #expect(ch.removed == before.subtracting(after).sorted() && ch.added == after.subtracting(before).sorted(),
                            "seed \(seed): region \(r + 1) has the wrong change for { \(cs.describe(c)) }")
                }
            }
        }
        #expect(pairs > 25 && changed > 800 && changedIncomplete > 300 && witnesses > 350,
                "too few: \(pairs) pairs, \(changed) changed cases (\(changedIncomplete) incomplete), \(witnesses) witnesses")
    }
}

import Foundation
import GistTestSupport
import Testing
@testable import Gist

/// Property tests of the exact diff (issue 5, item 5): for random small guideline pairs — a
/// random guideline and a random revision of it (moved thresholds, changed comparisons, swapped
/// branches, changed codes or strengths, an added input, edited tables) — the exact diff
/// predicts exactly which complete cases change, and how.
///
/// Cases are drawn by `GenCaseSpace` from the thresholds the generator wrote, not from the
/// analysis: every threshold exactly, and values between them. When the joint space is small,
/// every elementary cell is tried (one value per band of every input), which also checks the
/// cell counts; otherwise random cases are drawn.
@Suite struct DiffPropertyTests {
    static let pairs = 300
    static let randomCasesPerPair = 120
    /// Pairs whose joint space has at most this many cells are checked on every cell.
    static let exhaustiveLimit = 600
    static let maxReportedPairs = 5

    /// A case's outcome as the diff speaks of it: recommended codes with their strength, and
    /// undetermined codes. The oracle is the tree evaluator (the reference semantics).
    static func outcome(_ e: Evaluator, _ values: [Value]) -> Set<GuidelineDiff.Item> {
        let p = e.program
        let o = e.evaluate(values)
        var s = Set<GuidelineDiff.Item>()
        for r in o.recommended { s.insert(GuidelineDiff.Item(code: p.recommendations[r].code, status: p.recommendations[r].strength.rawValue)) }
        for u in o.undetermined { s.insert(GuidelineDiff.Item(code: p.recommendations[u.code].code, status: "undetermined")) }
        return s
    }

    struct Tally {
        var pairs = 0, skipped = 0, exhaustive = 0, cases = 0, changedCases = 0, pairsWithChanges = 0
        var undeterminedCases = 0, identical = 0, withAddedInput = 0
        var failures = 0
    }

    /// Checks one pair; returns a description of the first discrepancy, if any.
    static func check(seed: UInt64, tally: inout Tally) -> String? {
        var gen = GuidelineGenerator(seed: seed)
        let g = gen.guideline()
        let (h, edits) = gen.mutate(g)
        let oldText = g.text, newText = h.text
        let (pa, _) = Checker.compile(SourceFile(name: "old.gist", text: oldText))
        let (pb, _) = Checker.compile(SourceFile(name: "new.gist", text: newText))
        guard let a = pa, let b = pb else { tally.skipped += 1; return nil }
        tally.pairs += 1
        if oldText == newText { tally.identical += 1 }
        if h.inputs.contains(.rupture) { tally.withAddedInput += 1 }

        let diff = GuidelineDiff(old: a, new: b)
        let ea = Evaluator(program: a, compile: false), eb = Evaluator(program: b, compile: false)
        // The compiled evaluator (what `gist run` uses) must agree with the tree evaluator.
        let compiledB = Evaluator(program: b)
        func failure(_ what: String, _ c: [Value]? = nil, _ space: GenCaseSpace? = nil) -> String {
            var s = "seed \(seed), edits \(edits): \(what)\n"
            if let c, let space { s += "case: { \(space.describe(c)) }\n" }
            s += "regions:\n" + diff.regions.enumerated().map { k, r in
                "  \(k + 1). \(r.conditions.joined(separator: " ∧ ")): -\(r.change.removed.map(\.description)) +\(r.change.added.map(\.description))\n"
            }.joined()
            return s + "--- old\n\(oldText)--- new\n\(newText)"
        }
        if diff.approximate { return failure("the diff is approximate, but every generated condition is analysable") }

        var thresholds = g.thresholds
        for (i, t) in h.thresholds { thresholds[i, default: []].formUnion(t) }
        var space = GenCaseSpace(inputs: Array(Set(g.inputs).union(h.inputs)).sorted(), thresholds: thresholds)
        space.sizeMax = min(g.sizeMax, h.sizeMax)
        if diff.totalCells != Double(space.cellCount) {
            return failure("totalCells \(diff.totalCells), but the inputs have \(space.cellCount) cells")
        }
        if diff.changedCells != diff.regions.reduce(0, { $0 + $1.cells }) {
            return failure("changedCells \(diff.changedCells) is not the sum of the regions' cells")
        }

        // The same pair focused on one code (--code), and with the table's value shown (--show).
        let codes = Array(Set(a.recommendations.map(\.code) + b.recommendations.map(\.code))).sorted()
        let focus = codes[Int(seed % UInt64(codes.count))]
        let focused = GuidelineDiff(old: a, new: b, only: [focus])
        let showName: String? = a.slot(named: "risk") != nil && b.slot(named: "risk") != nil ? "risk" : nil
        let shown = showName.map { GuidelineDiff(old: a, new: b, show: [$0]) }
        if focused.approximate || shown?.approximate == true { return failure("a focused or --show diff is approximate") }

        var rng = GenRandom(seed: seed ^ 0xC0FF_EE00)
        let exhaustive = space.cellCount <= exhaustiveLimit
        var cases = exhaustive ? space.allCells : []
        if exhaustive { tally.exhaustive += 1 }
        let cellCases = cases.count
        for _ in 0..<randomCasesPerPair { cases.append(space.random(&rng)) }

        var changedCells = 0
        var cellsInRegion = [Int](repeating: 0, count: diff.regions.count)
        var anyChange = false
        for (n, c) in cases.enumerated() {
            let va = space.values(c, for: a), vb = space.values(c, for: b)
            let before = outcome(ea, va), after = outcome(eb, vb)
            if outcome(compiledB, vb) != after {
                return failure("the compiled evaluator gives \(outcome(compiledB, vb).sorted().map(\.description)), the tree evaluator \(after.sorted().map(\.description))", c, space)
            }
            let changed = before != after
            tally.cases += 1
            if changed { tally.changedCases += 1; anyChange = true }
            if before.contains(where: { $0.status == "undetermined" }) || after.contains(where: { $0.status == "undetermined" }) {
                tally.undeterminedCases += 1
            }
            let containing = diff.regions.indices.filter {
                Regions.contains(diff.regions[$0].box, values: vb, space: diff.space, programIndex: 1)
            }
            if containing.count > 1 {
                return failure("the case lies in regions \(containing.map { $0 + 1 }): regions must be disjoint", c, space)
            }
            let region = diff.region(ofNewCase: vb)
            if region != containing.first { return failure("region(ofNewCase:) disagrees with Regions.contains", c, space) }
            if changed != (region != nil) {
                return failure(changed
                    ? "the case changes (-\(before.subtracting(after).sorted().map(\.description)) +\(after.subtracting(before).sorted().map(\.description))) but lies in no region"
                    : "the case does not change but lies in region \(region! + 1)", c, space)
            }
            if let r = region {
                let change = diff.regions[r].change
                let removed = before.subtracting(after).sorted(), added = after.subtracting(before).sorted()
                if change.removed != removed || change.added != added {
                    return failure("region \(r + 1) says -\(change.removed.map(\.description)) +\(change.added.map(\.description)), the case has -\(removed.map(\.description)) +\(added.map(\.description))", c, space)
                }
                if n < cellCases { cellsInRegion[r] += 1 }
            }
            if n < cellCases, changed { changedCells += 1 }
            // --code: only the focused code's items count.
            let fBefore = before.filter { $0.code == focus }, fAfter = after.filter { $0.code == focus }
            let fRegion = focused.region(ofNewCase: vb)
            if (fBefore != fAfter) != (fRegion != nil) {
                return failure("focused on \(focus): the case changes \(fBefore != fAfter), region \(fRegion.map { "\($0 + 1)" } ?? "none")", c, space)
            }
            if let r = fRegion, focused.regions[r].change.removed != fBefore.subtracting(fAfter).sorted() || focused.regions[r].change.added != fAfter.subtracting(fBefore).sorted() {
                return failure("focused on \(focus): region \(r + 1) has the wrong change", c, space)
            }
            // --show risk: the same changed cases, each region with the table's values.
            if let shown, let name = showName {
                let sRegion = shown.region(ofNewCase: vb)
                if changed != (sRegion != nil) { return failure("with --show: the case changes \(changed), region \(sRegion.map { "\($0 + 1)" } ?? "none")", c, space) }
                if let r = sRegion {
                    let sa = a.slot(named: name)!, sb = b.slot(named: name)!
                    let x = a.formatSlot(sa, ea.evaluate(va).values[sa]), y = b.formatSlot(sb, eb.evaluate(vb).values[sb])
                    let expected = x == y ? "\(name) = \(x)" : "\(name): \(x) → \(y)"
                    let change = shown.regions[r].change
                    if change.shown != [expected] || change.removed != before.subtracting(after).sorted() || change.added != after.subtracting(before).sorted() {
                        return failure("with --show: region \(r + 1) shows \(change.shown), the case has \(expected)", c, space)
                    }
                }
            }
            // Without an added input both guidelines read the same inputs: the old case lies
            // in the same region.
            if g.inputs.sorted() == h.inputs.sorted(), diff.region(ofOldCase: va) != region {
                return failure("region(ofOldCase:) \(diff.region(ofOldCase: va).map { $0 + 1 } ?? 0) differs from region(ofNewCase:) \(region.map { $0 + 1 } ?? 0)", c, space)
            }
        }
        if anyChange { tally.pairsWithChanges += 1 }
        if exhaustive {
            if Double(changedCells) != diff.changedCells {
                return failure("\(changedCells) of the \(cellCases) cells change, but changedCells is \(diff.changedCells)")
            }
            for (k, r) in diff.regions.enumerated() where Double(cellsInRegion[k]) != r.cells {
                return failure("region \(k + 1) counts \(r.cells) cells but holds \(cellsInRegion[k]) of the cells")
            }
        }
        return nil
    }

    @Test func exactDiffPredictsWhichCasesChange() {
        var tally = Tally()
        for seed in 1...UInt64(Self.pairs) {
            if let problem = Self.check(seed: seed, tally: &tally) {
                tally.failures += 1
                if tally.failures <= Self.maxReportedPairs { Issue.record(Comment(rawValue: problem)) }
            }
        }
        #expect(tally.failures == 0, "\(tally.failures) of \(tally.pairs) pairs disagree with the evaluator")
        // The generator must produce a meaningful sample: most pairs check, most revisions
        // change some cases, some cases are undetermined (table gaps or overlaps), some pairs
        // add an input and many are checked on every cell.
        #expect(tally.pairs >= Self.pairs * 9 / 10, "only \(tally.pairs) of \(Self.pairs) pairs compiled")
        #expect(tally.pairsWithChanges >= tally.pairs / 2, "\(tally)")
        #expect(tally.changedCases >= tally.cases / 10, "\(tally)")
        #expect(tally.undeterminedCases > 0, "\(tally)")
        #expect(tally.withAddedInput >= 10, "\(tally)")
        #expect(tally.exhaustive >= Self.pairs / 4, "\(tally)")
    }

    /// The generator itself: deterministic, and its output compiles.
    @Test func generatorIsDeterministic() {
        var x = GuidelineGenerator(seed: 42), y = GuidelineGenerator(seed: 42)
        let gx = x.guideline(), gy = y.guideline()
        #expect(gx.text == gy.text)
        #expect(x.mutate(gx).0.text == y.mutate(gy).0.text)
        var compiled = 0
        for seed in 1...50 {
            var gen = GuidelineGenerator(seed: UInt64(seed))
            if Checker.compile(SourceFile(name: "g.gist", text: gen.guideline().text)).program != nil { compiled += 1 }
        }
        #expect(compiled == 50)
        // Whole-set comparisons (`failed == {…}`) are part of the sample.
        let withSetComparison = (1...300).filter { seed in
            var gen = GuidelineGenerator(seed: UInt64(seed))
            let text = gen.guideline().text
            return text.contains("failed == {") || text.contains("failed != {")
        }
        #expect(withSetComparison.count >= 10, "\(withSetComparison.count) of 300 guidelines compare the whole set")
    }
}

/// The exact diff of the two shipped guidelines against the evaluator: random complete cases
/// drawn cell by cell from the joint input space (each input a random band between thresholds,
/// valued by `Regions.witness`), in full and focused on the codes the README shows.
@Suite struct ShippedDiffTests {
    static let guidelines = Repository.url("guidelines")

    static func load(_ name: String) throws -> Program {
        try #require(Repository.compile("guidelines/" + name).program)
    }

    /// Focused on the codes the README shows, on the drugs for advanced disease, and on the
    /// first decisions. (The full diff has tens of thousands of regions; it is too slow for a
    /// debug-build test.)
    @Test(arguments: [["adjuvant_imatinib_1y", "adjuvant_imatinib_3y", "no_further_treatment"],
                      ["imatinib", "sunitinib", "regorafenib"], ["surveillance_endoscopy", "surgery"]])
    func diffOfTheShippedGuidelinesAgreesWithTheEvaluator(only: [String]) throws {
        let a = try Self.load("acs-2017.gist"), b = try Self.load("gist-2025.gist")
        let diff = GuidelineDiff(old: a, new: b, only: only)
        #expect(!diff.regions.isEmpty)
        let ea = Evaluator(program: a, compile: false), eb = Evaluator(program: b, compile: false)
        let space = diff.space
        var rng = GenRandom(seed: UInt64(only.joined().utf8.count))
        func outcome(_ e: Evaluator, _ values: [Value]) -> Set<GuidelineDiff.Item> {
            DiffPropertyTests.outcome(e, values).filter { only.isEmpty || only.contains($0.code) }
        }
        var changed = 0
        let draws = 800
        for n in 0..<(draws + diff.regions.count) {
            // First one case per region (its witness), then random cells.
            let box: Box
            if n < diff.regions.count {
                box = diff.regions[n].box
            } else {
                box = Box(domains: space.vars.indices.map { v in
                    let bands = space.bands(v)
                    let k = rng.int(bands.count)
                    if case .interval = space.vars[v].full { return .interval(bands[k]) }
                    return .mask(1 << UInt64(k))
                })
            }
            let va = Regions.witness(box, space: space, programIndex: 0)
            let vb = Regions.witness(box, space: space, programIndex: 1)
            let before = outcome(ea, va), after = outcome(eb, vb)
            let region = diff.region(ofNewCase: vb)
            if n < diff.regions.count, region != n {
                Issue.record("the witness of region \(n + 1) lies in region \(region.map { "\($0 + 1)" } ?? "none")")
                continue
            }
            if before != after { changed += 1 }
            guard (before != after) == (region != nil) else {
                Issue.record("case \(n): changes \(before != after) (-\(before.subtracting(after).map(\.description).sorted()) +\(after.subtracting(before).map(\.description).sorted())), region \(region.map { "\($0 + 1)" } ?? "none"): \(Regions.describe(box, space: space))")
                continue
            }
            if let r = region {
                #expect(diff.regions[r].change.removed == before.subtracting(after).sorted(), "case \(n), region \(r + 1)")
                #expect(diff.regions[r].change.added == after.subtracting(before).sorted(), "case \(n), region \(r + 1)")
            }
        }
        #expect(changed >= diff.regions.count)
    }
}

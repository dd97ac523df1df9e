import Foundation
import Testing
@testable import Gist

/// Property tests of `gist check`'s input-space findings (issue 6, item 6): for random small
/// guidelines with a decision table (first or unique; 1–3 columns over a length, a count and an
/// enum; 2–6 rows of comparison, interval, set and `any` cells) and a random pathway,
///
/// - every witness, pasted into a script as a `case` statement and evaluated, shows its finding
///   (a gap witness matches no row, an overlap witness matches both rows, a no-recommendation
///   witness gets nothing, a conflict witness gets both codes);
/// - a case that matches no row always lies in a reported gap — and, when the finding lists
///   all its regions, in one of the printed regions (parsed back from their text); a case in a
///   printed gap region matches no row;
/// - a branch some case reaches (or may reach) is never reported unreachable; a code some case
///   gets (or may get) is never reported unreachable; a case with no recommendation, or with
///   two exclusive codes, is always reported;
/// - on guidelines small enough to try every elementary cell, each of those findings is
///   reported exactly when some cell shows it (and shadowed / never-matching rows too).
@Suite struct FindingsPropertyTests {
    static let guidelines = 250
    static let randomCases = 120
    static let exhaustiveLimit = 600
    static let maxReported = 5

    struct Tally {
        var programs = 0, skipped = 0, exhaustive = 0, cases = 0
        var gapFindings = 0, overlapFindings = 0, shadowFindings = 0, neverFindings = 0
        var branchFindings = 0, codeFindings = 0, nothingFindings = 0, conflictFindings = 0
        var witnesses = 0, gapCases = 0, parsedRegionChecks = 0, durationNotes = 0
        var failures = 0
    }

    /// Reads a script `case` statement back through a session, as a user pasting it would.
    struct TextHost: SessionHost {
        let text: String
        func readSource(path: String) throws -> String { text }
        func readRecords(path: String, displayPath: String) throws -> [Result<RawRecord, RecordError>] { [] }
    }

    static func witnessValues(_ statement: String, guideline text: String) -> [Value]? {
        guard statement.hasPrefix("case "), let name = statement.dropFirst(5).split(separator: " ").first else { return nil }
        let script = Parser.parse(SourceFile(name: "witness.gist", text: "use \"g.gist\"\n" + statement + "\n"))
        guard script.diagnostics.isEmpty else { return nil }
        let session = Session(host: TextHost(text: text))
        var failed = false
        session.run(script.unit) { event in
            if case .diagnostic(let d) = event, d.severity == .error { failed = true }
        }
        return failed ? nil : session.inputs(of: String(name))
    }

    // MARK: regions as printed

    /// A printed region (`size <= 2 cm ∧ k ∈ {a, b}`) as a predicate on a case.
    static func regionPredicate(_ text: String) -> (([GenInput: Value]) -> Bool)? {
        if text == "any case" { return { _ in true } }
        var tests: [([GenInput: Value]) -> Bool] = []
        for part in text.components(separatedBy: " ∧ ") {
            guard let t = constraint(part) else { return nil }
            tests.append(t)
        }
        return { c in tests.allSatisfy { $0(c) } }
    }

    static func number(_ tokens: ArraySlice<String>) -> Rational? {
        guard let x = tokens.first.flatMap({ Rational(decimal: $0) }) else { return nil }
        guard let unit = tokens.dropFirst().first else { return x }
        return Units.lookup(unit).flatMap { Units.toBase(x, $0) }
    }

    static func holds(_ x: Rational, _ op: String, _ y: Rational) -> Bool { compare(x, op, y) }

    static func members(_ s: String) -> [Int] {
        s.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).components(separatedBy: ", ").compactMap { GenInput.kinds.firstIndex(of: $0) }
    }

    static func constraint(_ part: String) -> (([GenInput: Value]) -> Bool)? {
        let tokens = part.split(separator: " ").map(String.init)
        if tokens.count == 1, let b = GenInput(rawValue: tokens[0]) { return { $0[b] == .bool(true) } }
        if tokens.count == 2, tokens[0] == "not", let b = GenInput(rawValue: tokens[1]) { return { $0[b] == .bool(false) } }
        if tokens.count == 3, tokens[2] == "failed", let m = GenInput.drugs.firstIndex(of: tokens[0]) {
            let inSet = tokens[1] == "∈"
            return { c in
                guard case .set(let mask)? = c[.failed] else { return false }
                return (mask & (1 << UInt64(m)) != 0) == inSet
            }
        }
        if tokens.first == "k", tokens.count >= 3 {
            let rest = tokens[2...].joined(separator: " ")
            let ms: [Int]
            let negated: Bool
            switch tokens[1] {
            case "=": ms = members(rest); negated = false
            case "≠": ms = members(rest); negated = true
            case "∈": ms = members(rest); negated = false
            case "∉": ms = members(rest); negated = true
            default: return nil
            }
            return { c in
                guard case .member(let m)? = c[.k] else { return false }
                return ms.contains(m) != negated
            }
        }
        guard let i = tokens.firstIndex(where: { $0 == "size" || $0 == "n" || $0 == "t" }), let input = GenInput(rawValue: tokens[i]) else { return nil }
        var tests: [(Rational) -> Bool] = []
        if i > 0 {
            guard i >= 2, let v = number(tokens[0..<(i - 1)]) else { return nil }
            let op = tokens[i - 1]
            tests.append { holds(v, op, $0) }
        }
        if i + 1 < tokens.count {
            let op = tokens[i + 1]
            guard let v = number(tokens[(i + 2)...]) else { return nil }
            tests.append { holds($0, op, v) }
        }
        return { c in
            guard case .number(let x)? = c[input] else { return false }
            return tests.allSatisfy { $0(x) }
        }
    }

    /// A finding's printed regions as predicates, and whether the list is complete.
    static func regions(_ d: Diagnostic) -> (predicates: [([GenInput: Value]) -> Bool], complete: Bool)? {
        var out: [([GenInput: Value]) -> Bool] = []
        var complete = true
        for n in d.notes {
            if n.text.hasPrefix("… and ") { complete = false }
            guard let region = n.region else { continue }
            guard let p = regionPredicate(region) else { return nil }
            out.append(p)
        }
        return (out, complete)
    }

    // MARK: the evaluator's view

    static func rank(_ t: Truth) -> Int { t == .yes ? 2 : t == .unknown ? 1 : 0 }

    /// Per branch, the best reach over the pathway walk (yes > unknown > no).
    static func reach(_ ev: Evaluator, _ values: [Value], into best: inout [Truth]) {
        let p = ev.program
        func truth(_ b: Branch) -> Truth { b.condition.map { Truth(ev.value(of: $0, in: values)) } ?? .yes }
        func note(_ b: Branch, _ t: Truth) { if rank(t) > rank(best[b.id]) { best[b.id] = t } }
        func walk(_ nodes: [PathNode], _ r: Truth) {
            for n in nodes {
                switch n {
                case .when(let b, let body):
                    let rr = r && truth(b)
                    note(b, rr)
                    if rr != .no { walk(body, rr) }
                case .first(let alts, let other):
                    var prior = Truth.yes
                    for (b, body) in alts {
                        let t = truth(b)
                        let rr = r && prior && t
                        note(b, rr)
                        if rr != .no { walk(body, rr) }
                        prior = prior && !t
                    }
                    if let (b, body) = other {
                        let rr = r && prior
                        note(b, rr)
                        if rr != .no { walk(body, rr) }
                    }
                case .recommend: break
                }
            }
        }
        walk(p.pathway, .yes)
    }

    /// Whether each row of table `t` matches (complete cases: yes or no).
    static func rowTruths(_ ev: Evaluator, _ t: Int, _ values: [Value]) -> [Truth] {
        let table = ev.program.tables[t]
        let cols = table.columns.map { ev.value(of: $0, in: values) }
        return table.rows.map { row in
            var truth = Truth.yes
            for (k, cell) in row.cells.enumerated() { truth = truth && Operators.cellTest(cell, cols[k]) }
            return truth
        }
    }

    static func allBranches(_ nodes: [PathNode], into out: inout [Branch]) {
        for n in nodes {
            switch n {
            case .when(let b, let body): out.append(b); allBranches(body, into: &out)
            case .first(let alts, let other):
                for (b, body) in alts { out.append(b); allBranches(body, into: &out) }
                if let (b, body) = other { out.append(b); allBranches(body, into: &out) }
            case .recommend: break
            }
        }
    }

    /// For each branch id, the branch it is nested in (none at the top of the pathway).
    static func enclosing(_ nodes: [PathNode], in parent: Int?, into out: inout [Int: Int]) {
        func visit(_ b: Branch, _ body: [PathNode]) {
            if let parent { out[b.id] = parent }
            enclosing(body, in: b.id, into: &out)
        }
        for n in nodes {
            switch n {
            case .when(let b, let body): visit(b, body)
            case .first(let alts, let other):
                for (b, body) in alts { visit(b, body) }
                if let (b, body) = other { visit(b, body) }
            case .recommend: break
            }
        }
    }

    /// The rows (0-based) a table finding is about, by where it points: its own place, and the
    /// place of the earlier row an overlap names (its related note).
    static func rows(_ d: Diagnostic, _ table: TableInfo) -> [Int] {
        var ranges = d.notes.compactMap { if case .related(_, let r) = $0 { r } else { nil } }
        if let r = d.range { ranges.append(r) }
        return ranges.compactMap { r in table.rows.firstIndex { $0.range == r } }
    }

    // MARK: one guideline

    static func check(seed: UInt64, tally: inout Tally) -> String? {
        var gen = GuidelineGenerator(seed: seed)
        gen.tableChance = 1
        gen.tableRows = 2...6
        gen.exclusiveChance = 0.4
        gen.inputPool = [.size, .n, .k, .t, .flag, .failed]
        var g = gen.guideline()
        // Every table column is an input: make sure the table has one.
        if !g.inputs.contains(where: gen.tableColumns.contains) { g.inputs.append(.size) }
        for _ in 0..<20 where g.table == nil { g.table = gen.table(g) }
        guard g.table != nil else { tally.skipped += 1; return nil }
        let text = g.text
        guard let p = Checker.compile(SourceFile(name: "g.gist", text: text)).program else { tally.skipped += 1; return nil }
        tally.programs += 1
        let findings = Findings.analyse(p)
        let ev = Evaluator(program: p, compile: false)
        func failure(_ what: String, _ c: [Value]? = nil, _ space: GenCaseSpace? = nil) -> String {
            var s = "seed \(seed): \(what)\n"
            if let c, let space { s += "case: { \(space.describe(c)) }\n" }
            s += "findings:\n" + findings.map { $0.rendered() }.joined()
            return s + "--- guideline\n\(text)"
        }
        func named(_ id: String) -> [Diagnostic] { findings.filter { $0.id == id } }
        if !named("approximate-analysis").isEmpty { return failure("approximate analysis of an analysable guideline") }

        let gaps = named("table-gap"), overlaps = named("table-overlap")
        let shadowed = named("table-shadowed-row"), never = named("table-row-never-matches")
        let nothing = named("no-recommendation").first, conflicts = named("exclusive-conflict")
        let unreachableCodes = named("unreachable-recommendation"), unusedCodes = named("unused-recommendation")
        let branchIDs: Set<String> = ["unreachable-branch", "unreachable-alternative", "unreachable-otherwise"]
        let branchFindings = findings.filter { branchIDs.contains($0.id) }
        tally.gapFindings += gaps.count; tally.overlapFindings += overlaps.count
        tally.shadowFindings += shadowed.count; tally.neverFindings += never.count
        tally.branchFindings += branchFindings.count; tally.codeFindings += unreachableCodes.count
        tally.nothingFindings += nothing == nil ? 0 : 1; tally.conflictFindings += conflicts.count
        tally.durationNotes += findings.flatMap(\.notes).filter { $0.text.contains(" day") || $0.text.contains(" month") }.count

        let table = p.tables[0]
        func overlapReported(_ j: Int, _ i: Int) -> Bool { overlaps.contains { rows($0, table) == [j, i] } }
        func conflictReported(_ a: String, _ b: String) -> Bool {
            conflicts.contains { $0.message.hasPrefix("'\(a)' and '\(b)'") || $0.message.hasPrefix("'\(b)' and '\(a)'") }
        }
        let exclusive = p.exclusive.first ?? []
        var branches: [Branch] = []
        allBranches(p.pathway, into: &branches)
        func branchReported(_ b: Branch) -> Bool { branchFindings.contains { $0.range == b.range } }

        // Witnesses.
        for d in findings {
            for note in d.notes.compactMap(\.witness) {
                tally.witnesses += 1
                guard let values = witnessValues(note, guideline: text) else { return failure("\(d.id): the witness does not read back as a case: \(note)") }
                if values.contains(where: \.isUnknown) { return failure("\(d.id): the witness leaves an input unknown: \(note)") }
                let o = ev.evaluate(values)
                let rows = rowTruths(ev, 0, o.values)
                switch d.id {
                case "table-gap":
                    if rows.contains(where: { $0 != .no }) { return failure("gap witness matches row(s) \(rows.indices.filter { rows[$0] != .no }.map { $0 + 1 }): \(note)") }
                case "table-overlap":
                    let ij = Self.rows(d, p.tables[0])
                    if ij.count != 2 || ij.contains(where: { rows[$0] != .yes }) { return failure("overlap witness does not match both rows \(ij.map { $0 + 1 }): \(note)") }
                case "no-recommendation":
                    if !o.recommended.isEmpty { return failure("no-recommendation witness gets \(p.codes(o.recommended)): \(note)") }
                case "exclusive-conflict":
                    let got = Set(p.codes(o.recommended))
                    let names = d.message.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
                    if !names.allSatisfy(got.contains) { return failure("conflict witness gets only \(got.sorted()), not \(names): \(note)") }
                default: return failure("unexpected witness on \(d.id)")
                }
            }
        }
        // Findings that must carry a witness.
        for d in gaps + overlaps + conflicts + [nothing].compactMap({ $0 }) where !d.notes.contains(where: { $0.witness != nil }) {
            return failure("\(d.id) without a witness")
        }

        guard let gapRegions = gaps.first.map(regions) ?? ([], true),
              let nothingRegions = nothing.map(regions) ?? ([], true) else {
            return failure("a printed region does not parse")
        }

        // Cases.
        let space = GenCaseSpace(inputs: g.inputs, thresholds: g.thresholds)
        let exhaustive = space.cellCount <= exhaustiveLimit
        if exhaustive { tally.exhaustive += 1 }
        var rng = GenRandom(seed: seed ^ 0xF1_4D14_6500)
        var cases = exhaustive ? space.allCells : []
        for _ in 0..<randomCases { cases.append(space.random(&rng)) }

        var sawGap = false, sawNothing = false
        var sawOverlap = Set<[Int]>(), sawConflict = Set<[Int]>()
        var matched = [Bool](repeating: false, count: table.rows.count)
        var won = [Bool](repeating: false, count: table.rows.count)
        var bestReach = [Truth](repeating: .no, count: p.branchCount)
        var gotCode = [Bool](repeating: false, count: p.recommendations.count)
        for c in cases {
            tally.cases += 1
            let values = space.values(c, for: p)
            let named = Dictionary(uniqueKeysWithValues: zip(space.inputs, c))
            let o = ev.evaluate(values)
            let rows = rowTruths(ev, 0, o.values)
            if rows.contains(.unknown) { return failure("a row's match is unknown on a complete case", c, space) }

            // Gaps.
            let noRow = rows.allSatisfy { $0 == .no }
            if noRow {
                sawGap = true
                tally.gapCases += 1
                if gaps.isEmpty { return failure("the case matches no row, but no gap is reported", c, space) }
            }
            if !gaps.isEmpty {
                let inPrinted = gapRegions.predicates.contains { $0(named) }
                tally.parsedRegionChecks += 1
                if inPrinted && !noRow { return failure("the case lies in a printed gap region but matches row(s) \(rows.indices.filter { rows[$0] == .yes }.map { $0 + 1 })", c, space) }
                if noRow && gapRegions.complete && !inPrinted { return failure("the case matches no row but lies in none of the printed gap regions", c, space) }
            }
            // Rows.
            for (i, r) in rows.enumerated() where r == .yes {
                matched[i] = true
                if !rows[..<i].contains(.yes) { won[i] = true }
                if !table.policyIsFirst {
                    for j in 0..<i where rows[j] == .yes {
                        sawOverlap.insert([j, i])
                        if !overlapReported(j, i) { return failure("rows \(j + 1) and \(i + 1) both match, but no overlap is reported", c, space) }
                    }
                }
            }
            // Branches.
            var reach = [Truth](repeating: .no, count: p.branchCount)
            Self.reach(ev, o.values, into: &reach)
            // The evaluator's coverage counts a branch as taken exactly where this walk reaches
            // it for certain.
            var coverage = Evaluator.Coverage(program: p)
            _ = ev.evaluate(values, coverage: &coverage)
            for b in branches where (coverage.branchTaken[b.id] > 0) != (reach[b.id] == .yes) {
                return failure("coverage says branch \(b.id) at line \(b.range.line) taken \(coverage.branchTaken[b.id]) times, the walk reaches it \(reach[b.id])", c, space)
            }
            for b in branches where reach[b.id] != .no {
                if rank(reach[b.id]) > rank(bestReach[b.id]) { bestReach[b.id] = reach[b.id] }
                if branchReported(b) { return failure("the branch at line \(b.range.line) '\(b.source)' is reported unreachable, but the case reaches it (\(reach[b.id]))", c, space) }
            }
            // Codes.
            for r in o.recommended { gotCode[r] = true }
            for u in o.undetermined { gotCode[u.code] = true }
            for (k, r) in p.recommendations.enumerated() where gotCode[k] {
                if unreachableCodes.contains(where: { $0.range == r.range }) { return failure("'\(r.code)' is reported unreachable, but the case gets it", c, space) }
            }
            if o.recommended.isEmpty {
                sawNothing = true
                if nothing == nil { return failure("the case gets no recommendation, but no-recommendation is not reported", c, space) }
            }
            if nothing != nil {
                let inPrinted = nothingRegions.predicates.contains { $0(named) }
                tally.parsedRegionChecks += 1
                if inPrinted && !o.recommended.isEmpty { return failure("the case lies in a printed no-recommendation region but gets \(p.codes(o.recommended))", c, space) }
                if o.recommended.isEmpty && nothingRegions.complete && !inPrinted { return failure("the case gets nothing but lies in no printed no-recommendation region", c, space) }
            }
            for (x, a) in exclusive.enumerated() {
                for b in exclusive[(x + 1)...] where o.recommended.contains(a) && o.recommended.contains(b) {
                    sawConflict.insert([a, b])
                    if !conflictReported(p.recommendations[a].code, p.recommendations[b].code) {
                        return failure("the case gets both exclusive codes \(p.recommendations[a].code) and \(p.recommendations[b].code), but no conflict is reported", c, space)
                    }
                }
            }
        }

        // Every cell tried: each finding is reported exactly when some cell shows it.
        guard exhaustive else { return nil }
        if sawGap != !gaps.isEmpty { return failure("a gap is reported: \(!gaps.isEmpty), but a cell matches no row: \(sawGap)") }
        if sawNothing != (nothing != nil) { return failure("no-recommendation is reported: \(nothing != nil), but a cell gets nothing: \(sawNothing)") }
        for d in overlaps {
            let ij = rows(d, table)
            if !sawOverlap.contains(ij) { return failure("rows \(ij.map { $0 + 1 }) are reported overlapping, but no cell matches both") }
        }
        for d in conflicts {
            let names = d.message.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            let ks = names.compactMap { p.recommendation(code: $0) }
            if !(sawConflict.contains(ks) || sawConflict.contains(ks.reversed())) { return failure("\(names) are reported in conflict, but no cell gets both") }
        }
        for i in table.rows.indices {
            let neverReported = never.contains { rows($0, table) == [i] }
            if neverReported == matched[i] { return failure("row \(i + 1): never-matches reported \(neverReported), matched by a cell \(matched[i])") }
            if table.policyIsFirst, matched[i] {
                let shadowReported = shadowed.contains { rows($0, table) == [i] }
                if shadowReported == won[i] { return failure("row \(i + 1): shadowed reported \(shadowReported), first match for a cell \(won[i])") }
            }
        }
        // Unreachable branches are reported, except inside an unreachable branch (only the
        // outermost is).
        var parents: [Int: Int] = [:]
        enclosing(p.pathway, in: nil, into: &parents)
        for b in branches where branchReported(b) != (bestReach[b.id] == .no && parents[b.id].map { bestReach[$0] != .no } ?? true) {
            return failure("the branch at line \(b.range.line) '\(b.source)': reported unreachable \(branchReported(b)), best reach over the cells \(bestReach[b.id])")
        }
        for (k, r) in p.recommendations.enumerated() {
            let reported = unreachableCodes.contains { $0.range == r.range }
            let unused = unusedCodes.contains { $0.range == r.range }
            if !unused && reported == gotCode[k] { return failure("'\(r.code)': unreachable reported \(reported), some cell gets it \(gotCode[k])") }
        }
        return nil
    }

    @Test func findingsAgreeWithTheEvaluator() {
        var tally = Tally()
        for seed in 1...UInt64(Self.guidelines) {
            if let problem = Self.check(seed: seed, tally: &tally) {
                tally.failures += 1
                if tally.failures <= Self.maxReported { Issue.record(Testing.Comment(rawValue: problem)) }
            }
        }
        #expect(tally.failures == 0, "\(tally.failures) of \(tally.programs) guidelines disagree with the evaluator")
        // A meaningful sample: every kind of finding occurs, with witnesses, and most
        // guidelines are checked on every cell.
        #expect(tally.programs >= Self.guidelines * 9 / 10, "\(tally)")
        #expect(tally.gapFindings >= 20 && tally.overlapFindings >= 20 && tally.shadowFindings >= 5 && tally.neverFindings >= 2, "\(tally)")
        #expect(tally.branchFindings >= 10 && tally.codeFindings >= 3 && tally.nothingFindings >= 20 && tally.conflictFindings >= 5, "\(tally)")
        #expect(tally.gapCases >= 100 && tally.witnesses >= 100, "\(tally)")
        #expect(tally.exhaustive >= Self.guidelines / 4, "\(tally)")
        // Durations in days and weeks on an input in months: regions and witnesses in both.
        #expect(tally.durationNotes >= 20, "\(tally)")
    }
}

extension TableInfo {
    var policyIsFirst: Bool { policy == .first }
}

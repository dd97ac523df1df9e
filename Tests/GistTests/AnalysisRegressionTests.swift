import Testing
@testable import Gist

/// Bugs found by the analysis property tests and the findings corpus: fixed ones stay fixed;
/// open ones are known issues that fail (asking for the marker to go) once fixed.
@Suite struct AnalysisRegressionTests {
    static func findings(_ text: String) throws -> (Program, [Diagnostic]) {
        let p = try program(text)
        return (p, Findings.analyse(p))
    }

    /// The values of a finding's witness, read back as a script would.
    static func witness(_ d: Diagnostic, _ text: String) -> [Value]? {
        guard let note = d.notes.lazy.compactMap(\.witness).first else { return nil }
        return FindingsPropertyTests.witnessValues(note, guideline: text)
    }

    // MARK: fixed

    /// A date is a whole day: 6 months is 182.625 days, so `today == surgery_date + 6 months`
    /// never holds. The solver used to take dates for reals and report the branch reachable
    /// (and the diff gave regions whose witness, printed as a date, fell outside them).
    /// Found by DatePropertyTests.
    @Test func datesAreWholeDaysInTheAnalyses() throws {
        let text = guideline("input surgery_date: date",
                             pathway: "when today == surgery_date + 6 months { recommend r }")
        let (_, ds) = try Self.findings(text)
        #expect(ds.filter { $0.id == "unreachable-branch" }.count == 1, "\(ds.map(\.id))")
    }

    /// A case without surgery_date (which `known` reads) has no value for the atoms on it:
    /// `today - surgery_date < 30 days` and `> 1 year` are both unknown, and q undetermined.
    /// The atoms' feasibility used to be worked out as if the date were given, so where it is
    /// missing the diagrams still split on them ("both hold" is impossible, and q was "not
    /// made" there): the status diagram gave such a case no single status, and the diff cut the
    /// missing cases into regions by conditions on the missing date. Found by
    /// DatePropertyTests (seed 0).
    @Test func atomsOnAMissingInputDoNotSplitTheDiagrams() throws {
        let declarations = "input surgery_date: date\nrecommendation q: option \"Q.\" cite \"S\""
        let body = "when today - surgery_date < 30 days { recommend q } when today - surgery_date > 1 year { recommend q }"
        let old = try program(guideline(declarations, pathway: body))
        let new = try program(guideline(declarations, pathway: body + " when not known(surgery_date) { recommend r }"))
        let missing = new.inputs(["today": .number(20089)])
        let q = try #require(new.recommendation(code: "q"))
        #expect(new.outcome(["today": .number(20089)]).undetermined.map(\.code) == [q])
        let space = Space([new])
        let store = DiagramStore(space: space, order: space.analysisOrder())
        let d = DiagramCompiler.compile(store: store, program: 0)
        #expect(store.term(d.status[q], at: missing, programIndex: 0) == .status(1))
        let diff = GuidelineDiff(old: old, new: new)
        #expect(!diff.approximate)
        #expect(diff.regions.map(\.text) == ["not known(surgery_date)"])
        #expect(diff.region(ofNewCase: missing) == 0)
    }

    /// A region's atom constraint is dropped where the others imply it — but constraints on
    /// an input the region allows to be missing imply nothing for the cases without it:
    /// `today - surgery_date < 182 days ∧ diagnosis_date - surgery_date > 91 days` implies
    /// `diagnosis_date > today - 182 days` only where surgery_date is given. The diff used to
    /// drop it anyway, so a case without surgery_date and with an old diagnosis lay in a region
    /// with another case's change; the review's terms too. Found by DatePropertyTests (seeds 13
    /// and 17).
    @Test func impliedAtomsKeepWhatAMissingInputCannotImply() throws {
        let p = try program(guideline("input surgery_date: date\ninput diagnosis_date: date", pathway: """
            when not known(surgery_date) { recommend r }
            when today - surgery_date < 182 days and diagnosis_date - surgery_date > 91 days and diagnosis_date > today - 182 days { recommend r }
            """))
        let space = Space([p])
        let store = DiagramStore(space: space, order: space.analysisOrder())
        let atoms = space.vars.indices.filter { space.atom($0) != nil }
        let onDiagnosisOnly = try #require(atoms.first { !space.vars[$0].name.contains("surgery_date") })
        let presence = try #require(space.variable(named: "known(surgery_date)"))
        var words = space.vars.indices.map(store.fullWord)
        for v in atoms { words[v] = 0b10 }  // each atom holds
        #expect(atoms.count == 3)
        // Given or missing: the constraint on the diagnosis date stays.
        #expect(store.withoutImpliedAtoms(words)[onDiagnosisOnly] == 0b10)
        // Given only: the other two imply it.
        words[presence] = 0b10
        #expect(store.withoutImpliedAtoms(words)[onDiagnosisOnly] == store.fullWord(onDiagnosisOnly))
        // The review's terms likewise: a term silent on known(surgery_date) allows it missing.
        let holds = atoms.map { (variable: $0, allowed: [false, true]) }
        #expect(store.impliedAtoms(holds).isEmpty)
        #expect(store.impliedAtoms(holds + [(variable: presence, allowed: [false, true])]) == [onDiagnosisOnly])
    }

    /// Whole days compared through a fraction: `182 days < today - surgery_date < 183 days`
    /// holds for no whole day, but over the reals the solver found no end to the cases to try
    /// (nothing bounds a date) and ran into its time limit, so the analysis was approximate.
    /// A comparison linear in whole numbers is now one of integers (`x - y <= 182`). Found by
    /// DatePropertyTests (a minute a guideline in a debug build).
    @Test func wholeDaysBetweenTwoDaysAreDecided() throws {
        let text = guideline("input surgery_date: date",
                             pathway: "when today - surgery_date > 182 days and today < surgery_date + 183 days { recommend r }")
        let p = try program(text)
        let space = Space([p])
        let store = DiagramStore(space: space, order: space.analysisOrder())
        _ = DiagramCompiler.compile(store: store, program: 0)
        #expect(!store.approximate, "\(store.undecided)")
        let (_, ds) = try Self.findings(text)
        #expect(ds.filter { $0.id == "unreachable-branch" }.count == 1, "\(ds.map(\.id))")
    }

    /// A record never gives a negative mass (CaseBinder rejects it), so the analyses must not
    /// either: `when weight >= 0 kg` covers every case; a declared range may allow negatives.
    /// Found in a user trial (a witness `weight: -1 kg` no record can give).
    @Test func quantitiesAreNotNegativeInTheAnalyses() throws {
        let (_, ds) = try Self.findings(guideline("input weight: mass in kg", pathway: "when weight >= 0 kg { recommend r }"))
        #expect(!ds.contains { $0.id == "no-recommendation" }, "\(ds.map(\.id))")
        let ranged = guideline("input change: mass in kg where change >= -5 kg", pathway: "when change >= 0 kg { recommend r }")
        #expect(try Self.findings(ranged).1.contains { $0.id == "no-recommendation" })
    }

    /// A duration threshold in days on an input in years: the witness and the region used to
    /// print `0.082135524 year`, which reads back as a little more than 30 days — on the other
    /// side of the threshold, so the witness got a recommendation.
    @Test func quantityWitnessesReadBackExactly() throws {
        let text = guideline("input t: duration in years where t <= 10 years\nrecommendation q: option \"Q.\" cite \"S\"",
                             pathway: "when t < 30 days { recommend r } when t > 30 days { recommend q }", recommendation: true)
        let (p, ds) = try Self.findings(text)
        let d = try #require(ds.first { $0.id == "no-recommendation" })
        #expect(d.notes.contains(.region("t = 30 days")))
        let values = try #require(Self.witness(d, text))
        #expect(p.outcome(Dictionary(uniqueKeysWithValues: zip(p.inputs.map(\.name), values))).recommended.isEmpty)
        // A value the input's unit prints exactly stays in that unit.
        #expect(Regions.exactQuantity(182.625, unit: Units.lookup("year"), dimension: .duration) == "0.5 years")
        #expect(Regions.exactQuantity(25, unit: Units.lookup("cm"), dimension: .length) == "2.5 cm")
        #expect(Regions.exactQuantity(30, unit: Units.lookup("year"), dimension: .duration) == "30 days")
    }

    /// `next in failed` and `next == last` tell every member of `next` apart; they used to be
    /// reported as indistinct.
    @Test func membershipInASetInputDistinguishesMembers() throws {
        let declarations = """
        enum drug = imatinib | sunitinib | regorafenib
        input next: drug
        input last: drug
        input failed: set of drug = {}
        recommendation q: option "Q." cite "S"
        """
        let (_, a) = try Self.findings(guideline(declarations, pathway: "when next in failed { recommend r } when next == last { recommend q }"))
        #expect(!a.contains { $0.id == "indistinct-members" }, "\(a.map { $0.rendered() })")
        // Constant members still count one by one: here sunitinib and regorafenib are alike.
        let (_, b) = try Self.findings(guideline(declarations, pathway: "when next == imatinib { recommend r } when imatinib in failed { recommend q }"))
        #expect(b.filter { $0.id == "indistinct-members" && $0.message.hasSuffix("of 'next' apart") }.map(\.message)
                == ["no condition tells 'sunitinib', 'regorafenib' of 'next' apart"])
    }

    /// A collect table with no matching row has the empty set as its value, not unknown.
    @Test func collectTableGapSaysEmptySet() throws {
        let text = guideline("""
        enum drug = x | y
        input size: length in cm where 0 cm < size <= 30 cm
        table picks: set of drug collect {
          | size |
          | <= 2 cm | => x
          | > 5 cm | => y
        }
        """, pathway: "when x in picks { recommend r }")
        let (p, ds) = try Self.findings(text)
        let gap = try #require(ds.first { $0.id == "table-gap" })
        #expect(gap.message == "table 'picks' has no row for some inputs (its value is then the empty set)")
        let values = try #require(Self.witness(gap, text))
        #expect(p.outcome(["size": values[0]]).values[p.slot(named: "picks")!] == .set(0))
    }

    /// A let that renames an input (`let sz = size`) is analysed exactly; it used to leave the
    /// threshold out of the input's cells and make the analysis approximate.
    @Test func letAliasOfAnInputIsAnalysable() throws {
        let text = guideline("""
        input size: length in cm where 0 cm < size <= 30 cm
        let sz = size
        let sz2 = sz
        recommendation q: option "Q." cite "S"
        table band: bool first {
          | sz2 |
          | <= 2 cm | => true
          | any | => false
        }
        """, pathway: "when sz > 5 cm { recommend r } when band { recommend q }")
        let (p, ds) = try Self.findings(text)
        #expect(!ds.contains { $0.id == "approximate-analysis" })
        let d = try #require(ds.first { $0.id == "no-recommendation" })
        #expect(d.notes.first == .region("2 cm < size <= 5 cm"))
        let diff = GuidelineDiff(old: p, new: try program(text.replacingOccurrences(of: "sz > 5 cm", with: "sz > 4 cm")))
        #expect(!diff.approximate)
        #expect(diff.regions.map(\.conditions) == [["4 cm < size <= 5 cm"]])
    }

    /// A number with more than 64 bands (here 139, from 69 thresholds): band sets were 64-bit
    /// masks, so bands past the 64th were dropped — the diff reported an empty region and
    /// `gist check` a gap that was not there.
    @Test func numbersWithMoreThan64BandsAreAnalysedExactly() throws {
        func text(flipping flip: Int?) -> String {
            let branches = (1..<70).map { i -> String in
                var a = i % 2 == 1
                if i == flip { a.toggle() }
                return "when x <= \(i * 3) { recommend \(a ? "r" : "q") }"
            }
            return guideline("input x: count where x <= 1000\nrecommendation q: option \"Q.\" cite \"S\"",
                             pathway: "first {\n" + branches.joined(separator: "\n") + "\n}")
        }
        let old = try program(text(flipping: nil)), new = try program(text(flipping: 65))
        let diff = GuidelineDiff(old: old, new: new)
        #expect(diff.regions.map(\.conditions) == [["193 <= x <= 195"]])
        #expect(diff.regions.map(\.cells) == [2])
        #expect(diff.totalCells == 139)
        // Above the last threshold nothing is recommended: the only gap.
        let gaps = Findings.analyse(old).filter { $0.id == "no-recommendation" }
        #expect(gaps.flatMap(\.notes).compactMap(\.region) == ["x >= 208"])
    }

    /// `failed == {}` compares a whole set input with a constant: it used to be outside the
    /// fragment, so check reported a false "no recommendation" (with a witness that got one)
    /// and diff missed changes behind it. Now it is exact: each member is in or out.
    @Test func setInputComparedWithAConstantSetIsAnalysable() throws {
        let declarations = "enum drug = x | y\ninput failed: set of drug = {}\nrecommendation q: option \"Q.\" cite \"S\""
        let text = guideline(declarations, pathway: "when failed == {} { recommend r } when x in failed { recommend r } when failed == {y} { recommend r }")
        let (_, ds) = try Self.findings(text)
        #expect(!ds.contains { $0.id == "approximate-analysis" || $0.id == "no-recommendation" }, "\(ds.map { $0.rendered() })")
        let old = try program(guideline(declarations, pathway: "when failed == {} { recommend r } when failed != {} { recommend q }"))
        let new = try program(guideline(declarations, pathway: "when failed != {x} { recommend r } when failed == {x} { recommend q }"))
        let diff = GuidelineDiff(old: old, new: new)
        #expect(!diff.approximate)
        // Old: {} -> r, else q. New: {x} -> q, else r. They differ on {y} and {x, y} (q -> r).
        #expect(diff.changedCells == 2, "\(diff.regions.map(\.conditions))")
        #expect(diff.regions.allSatisfy { $0.change.removed.map(\.code) == ["q"] && $0.change.added.map(\.code) == ["r"] })
        #expect(diff.regions.map(\.conditions) == [["y ∈ failed"]])
    }

    // MARK: open

    /// Two inputs compared with each other used to be outside the fragment: treated as
    /// undetermined, they gave a false no-recommendation with a witness that did not show it.
    /// They are atoms now, decided by the SMT solver: no finding, no approximate note.
    @Test func inputsComparedWithEachOtherAreExact() throws {
        let text = guideline("""
        input a: count where a <= 10
        input b: count where b <= 10
        """, pathway: "when a < b { recommend r } when a >= b { recommend r }")
        let (_, ds) = try Self.findings(text)
        #expect(ds.isEmpty, "\(ds.map { $0.rendered() })")
    }

    /// A negative constant (`-2`) is folded into a threshold: it used to leave the fragment
    /// and give a false no-recommendation for `a < -2` / `a >= -2`.
    @Test func negativeConstantsAreThresholds() throws {
        let text = guideline("input a: number", pathway: "when a < -2 { recommend r } when a >= -(2) { recommend r }")
        let (_, ds) = try Self.findings(text)
        #expect(ds.isEmpty, "\(ds.map { $0.rendered() })")
    }

    /// A changed threshold on a computed value is a region over the computed value in the
    /// diff; identical revisions have no region and are not approximate.
    @Test func thresholdEditOnAComputedValueIsARegion() throws {
        let decls = "input weight: number where 20 <= weight <= 300\ninput height: number where 0.5 <= height <= 2.5\nlet bmi = weight / (height * height)\nrecommendation q: option \"Q.\" cite \"S\""
        let old = try program(guideline(decls, pathway: "first { when bmi >= 30 { recommend r } otherwise { recommend q } }"))
        let new = try program(guideline(decls, pathway: "first { when bmi >= 35 { recommend r } otherwise { recommend q } }"))
        let diff = GuidelineDiff(old: old, new: new)
        #expect(!diff.approximate)
        #expect(diff.regions.map(\.conditions) == [["bmi >= 30", "bmi < 35"]])
        let same = GuidelineDiff(old: old, new: old)
        #expect(same.regions.isEmpty && !same.approximate)
    }

    /// An input whose type changes between revisions (bool → enum) is compared as two
    /// variables, one per side, and the declarations name the type change.
    @Test func inputTypeChangeBetweenRevisions() throws {
        let old = try program(guideline("input x: bool\nrecommendation q: option \"Q.\" cite \"S\"",
                                         pathway: "when x { recommend r } when not x { recommend q }"))
        let new = try program(guideline("input x: a | b | c\nrecommendation q: option \"Q.\" cite \"S\"",
                                        pathway: "when x == a { recommend r } when x != a { recommend q }"))
        let forward = GuidelineDiff(old: old, new: new), backward = GuidelineDiff(old: new, new: old)
        // Cases exist in both directions, and the declarations name the type change.
        #expect(backward.totalCells > 0)
        #expect(forward.declarationChanges.contains { $0.contains("type") }, "\(forward.declarationChanges)")
    }
}

extension AnalysisRegressionTests {
    /// A threshold chosen by a let (`let limit = if gastric then 10 cm else 5 cm`) used to be
    /// outside the fragment: the analysis was approximate, check reported "no recommendation"
    /// for every case with a witness that got one, and diff missed every change (0 regions).
    @Test func constantValuedLetThresholdsAreAnalysable() throws {
        func text(_ gastricLimit: String) -> String {
            guideline("""
            input size: length in cm where 0 cm < size <= 30 cm
            input gastric: bool
            let limit = if gastric then \(gastricLimit) else 5 cm
            let bound = limit
            recommendation q: option "Q." cite "S"
            """, pathway: "when size > bound { recommend r } when size <= limit { recommend q }")
        }
        let (p, ds) = try Self.findings(text("10 cm"))
        #expect(ds.isEmpty, "\(ds.map { $0.rendered() })")
        let diff = GuidelineDiff(old: p, new: try program(text("12 cm")))
        #expect(!diff.approximate)
        #expect(diff.regions.map(\.conditions) == [["10 cm < size <= 12 cm", "gastric"]])
        #expect(diff.regions.first.map { $0.change.removed.map(\.code) + $0.change.added.map(\.code) } == ["r", "q"])
    }
}

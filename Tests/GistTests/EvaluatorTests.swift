import Testing
@testable import Gist

private let T = Value.bool(true), F = Value.bool(false), U = Value.unknown

@Suite struct EvaluatorTests {
    // MARK: three-valued logic

    static let logic = """
    input a: bool
    input b: bool
    let both = a and b
    let either = a or b
    let neither = not a
    let chain = a and b or not a
    """

    /// Kleene's tables, written out rather than computed.
    static let kleene: [(Value, Value, and: Value, or: Value)] = [
        (T, T, and: T, or: T), (T, F, and: F, or: T), (T, U, and: U, or: T),
        (F, T, and: F, or: T), (F, F, and: F, or: F), (F, U, and: F, or: U),
        (U, T, and: U, or: T), (U, F, and: F, or: U), (U, U, and: U, or: U),
    ]

    @Test func kleeneAndOrNot() throws {
        let p = try program(guideline(Self.logic))
        for row in Self.kleene {
            var given: [String: Value] = [:]
            if !row.0.isUnknown { given["a"] = row.0 }
            if !row.1.isUnknown { given["b"] = row.1 }
            let o = p.outcome(given)
            #expect(o.values[p.slot(named: "both")!] == row.and, "\(row.0) and \(row.1)")
            #expect(o.values[p.slot(named: "either")!] == row.or, "\(row.0) or \(row.1)")
        }
        #expect(p.value("neither", ["a": T]) == F)
        #expect(p.value("neither", ["a": F]) == T)
        #expect(p.value("neither", [:]) == U)
        // a and b or not a: with a false, `not a` is true whatever b is.
        #expect(p.value("chain", ["a": F]) == T)
        #expect(p.value("chain", ["a": T]) == U)
        #expect(p.value("chain", [:]) == U)
    }

    @Test func truthOperators() {
        let values: [Truth] = [.yes, .no, .unknown]
        for a in values {
            for b in values {
                let and: Truth = (a == .no || b == .no) ? .no : (a == .yes && b == .yes ? .yes : .unknown)
                let or: Truth = (a == .yes || b == .yes) ? .yes : (a == .no && b == .no ? .no : .unknown)
                #expect((a && b) == and)
                #expect((a || b) == or)
                // De Morgan holds in Kleene logic.
                #expect(!(a && b) == (!a || !b))
            }
        }
        #expect(!Truth.unknown == .unknown)
        #expect(Truth(.number(1)) == .unknown)
        #expect(Truth.yes.value == T)
    }

    @Test func unknownPropagatesThroughEveryOperator() throws {
        let p = try program(guideline("""
        input n: count
        input size: length in cm
        input s: set of drug
        enum drug = x | y
        input d: drug
        let sum = n + 1
        let neg = -n
        let cmp = size > 2 cm
        let eq = n == 3
        let member = d in s
        let literal_member = d in {x}
        let div0 = 4 / (n - n)
        """))
        for name in ["sum", "neg", "cmp", "eq", "member", "literal_member", "div0"] {
            #expect(p.value(name, [:]) == U, "\(name)")
        }
        #expect(p.value("sum", ["n": .number(2)]) == .number(3))
        // Division by zero has no value.
        #expect(p.value("div0", ["n": .number(2)]) == U)
    }

    // MARK: comparisons and membership

    @Test(arguments: [(15.0, F), (20.0, F), (20.5, T), (50.0, T), (50.5, F)])
    func chainedRange(sizeMM: Double, expected: Value) throws {
        let p = try program(guideline("input size: length in cm\nlet mid = 2 cm < size <= 5 cm"))
        #expect(p.value("mid", ["size": mm(sizeMM)]) == expected)
    }

    @Test func chainedRangeWithUnknowns() throws {
        let p = try program(guideline("input size: length in cm\ninput n: count\nlet mid = 2 cm < size <= 5 cm\nlet never = 5 < 3 < n\nlet three = 1 < n < 5 < 10"))
        #expect(p.value("mid", [:]) == U)
        // One false link makes the whole chain false, even with an unknown operand.
        #expect(p.value("never", [:]) == F)
        #expect(p.value("three", ["n": .number(3)]) == T)
        #expect(p.value("three", ["n": .number(5)]) == F)
        #expect(p.value("three", [:]) == U)
    }

    @Test func membership() throws {
        let p = try program(guideline("""
        enum drug = imatinib | sunitinib | regorafenib
        input failed: set of drug = {}
        input site: stomach | duodenum | colorectum
        let tried = imatinib in failed
        let untried = sunitinib not in failed
        let upper = site in {stomach, duodenum}
        let lower = site not in {stomach, duodenum}
        """))
        let both = p.set(["imatinib", "regorafenib"], of: "failed")
        #expect(p.value("tried", ["failed": both]) == T)
        #expect(p.value("untried", ["failed": both]) == T)
        #expect(p.value("tried", [:]) == F)   // the default {} applies
        #expect(p.value("untried", ["failed": p.set(["sunitinib"], of: "failed")]) == F)
        let colorectum = p.member("colorectum", of: "site")
        #expect(p.value("upper", ["site": colorectum]) == F)
        #expect(p.value("lower", ["site": colorectum]) == T)
        #expect(p.value("upper", ["site": p.member("duodenum", of: "site")]) == T)
        #expect(p.value("upper", [:]) == U)
        #expect(p.value("lower", [:]) == U)
    }

    // MARK: conditional expression

    @Test func conditionalExpression() throws {
        let p = try program(guideline("""
        enum band = small | large
        input size: length in cm
        input x: bool
        let b = if size <= 5 cm then small else large
        let same = if x then 1 else 1
        let differ = if x then 1 else 2
        """))
        #expect(p.value("b", ["size": cm(3)]) == .member(0))
        #expect(p.value("b", ["size": cm(5)]) == .member(0))
        #expect(p.value("b", ["size": cm(6)]) == .member(1))
        #expect(p.value("b", [:]) == U)
        // An unknown condition with equal branches still has a value.
        #expect(p.value("same", [:]) == .number(1))
        #expect(p.value("differ", [:]) == U)
        #expect(p.value("differ", ["x": F]) == .number(2))
    }

    // MARK: tables

    static let tables = """
    enum band = low | mid | high
    enum flag = big | many | gastric
    input size: length in cm
    input n: count
    input site: stomach | bowel

    table first_hit: band first {
      | size    | n    |
      | <= 2 cm | <= 5 | => low
      | <= 5 cm | any  | => mid
      | any     | any  | => high
    }
    table flags: set of flag collect {
      | size   | n     | site    |
      | > 5 cm | any   | any     | => big
      | any    | > 5   | any     | => many
      | any    | > 10  | any     | => many
      | any    | any   | stomach | => gastric
    }
    table partial: band first {
      | size    |
      | <= 2 cm | => low
    }
    table agree: band first {
      | size    | n   |
      | <= 2 cm | any | => low
      | any     | < 3 | => low
      | any     | any | => high
    }
    """

    @Test func firstHitPolicy() throws {
        let p = try program(guideline(Self.tables))
        #expect(p.value("first_hit", ["size": cm(1), "n": .number(1)]) == .member(0))
        #expect(p.value("first_hit", ["size": cm(1), "n": .number(9)]) == .member(1))
        #expect(p.value("first_hit", ["size": cm(9), "n": .number(1)]) == .member(2))
        // Unknown n: row 1 may match (low), row 2 surely matches (mid): they disagree.
        #expect(p.value("first_hit", ["size": cm(1)]) == U)
        // Unknown n but row 1 surely fails on size: row 2 is the first certain match.
        #expect(p.value("first_hit", ["size": cm(4)]) == .member(1))
        // Unknown size: rows 1-3 are candidates with different outputs.
        #expect(p.value("first_hit", ["n": .number(1)]) == U)
    }

    @Test func firstHitWithAgreeingCandidates() throws {
        let p = try program(guideline(Self.tables))
        // Size unknown, n = 1: row 1 may match (low) and row 2 surely matches (low): low.
        #expect(p.value("agree", ["n": .number(1)]) == .member(0))
        // Size unknown, n = 5: row 1 may match (low), row 3 surely matches (high).
        #expect(p.value("agree", ["n": .number(5)]) == U)
    }

    /// Rows 2 and 5 overlap on purpose (4 cm < size <= 5 cm, n > 100), to show what the
    /// evaluator does when more than one row matches.
    static let uniqueTable = """
    enum band = low | mid | high
    input size: length in cm
    input n: count

    table unique_hit: band unique {
      | size          | n    |
      | <= 2 cm       | <= 5 | => low
      | (2 cm..5 cm]  | any  | => mid
      | <= 2 cm       | > 5  | => mid
      | > 5 cm        | any  | => high
      | > 4 cm        | > 100 | => low
    }
    """

    @Test func uniqueHitPolicy() throws {
        let p = try program(guideline(Self.uniqueTable))
        #expect(p.value("unique_hit", ["size": cm(1), "n": .number(2)]) == .member(0))
        #expect(p.value("unique_hit", ["size": cm(1), "n": .number(8)]) == .member(1))
        #expect(p.value("unique_hit", ["size": cm(3), "n": .number(8)]) == .member(1))
        #expect(p.value("unique_hit", ["size": cm(8), "n": .number(8)]) == .member(2))
        // Two rows surely match (size 4.5 cm, n 200: mid and low): no single value.
        #expect(p.value("unique_hit", ["size": cm(4.5), "n": .number(200)]) == U)
        // Size 1 cm, n unknown: rows 1 and 3 may match with different outputs.
        #expect(p.value("unique_hit", ["size": cm(1)]) == U)
        // Size 3 cm, n unknown: row 2 surely matches; row 5 surely fails (size): mid.
        #expect(p.value("unique_hit", ["size": cm(3)]) == .member(1))
        // Size 4.5 cm, n unknown: row 2 surely matches (mid), row 5 may match (low).
        #expect(p.value("unique_hit", ["size": cm(4.5)]) == U)
    }

    @Test func collectHitPolicy() throws {
        let p = try program(guideline(Self.tables))
        let stomach = p.member("stomach", of: "site"), bowel = p.member("bowel", of: "site")
        // Bits: big = 1, many = 2, gastric = 4.
        #expect(p.value("flags", ["size": cm(8), "n": .number(20), "site": stomach]) == .set(0b111))
        #expect(p.value("flags", ["size": cm(1), "n": .number(0), "site": bowel]) == .set(0))
        #expect(p.value("flags", ["size": cm(1), "n": .number(7), "site": bowel]) == .set(0b010))
        // n unknown: 'many' may or may not be in the set.
        #expect(p.value("flags", ["size": cm(1), "site": bowel]) == U)
        // n = 7 makes 'many' certain; row 3 (n > 10) is false, so nothing is in doubt.
        #expect(p.value("flags", ["size": cm(8), "n": .number(7), "site": bowel]) == .set(0b011))
    }

    @Test func collectWithAPossibleRowWhoseOutputIsAlreadyCertain() throws {
        let p = try program(guideline("""
        enum flag = big | many
        input n: count
        input m: count
        table flags: set of flag collect {
          | n   | m   |
          | > 5 | any | => many
          | any | > 5 | => many
        }
        """))
        // Row 1 surely matches; row 2 may match but adds nothing new.
        #expect(p.value("flags", ["n": .number(9)]) == .set(0b10))
        #expect(p.value("flags", ["n": .number(1)]) == U)
        #expect(p.value("flags", ["n": .number(1), "m": .number(1)]) == .set(0))
    }

    @Test func noMatchingRowIsUnknown() throws {
        let p = try program(guideline(Self.tables))
        #expect(p.value("partial", ["size": cm(1)]) == .member(0))
        #expect(p.value("partial", ["size": cm(3)]) == U)
    }

    @Test func cellTestsAreThreeValued() throws {
        let p = try program(guideline("""
        enum band = low | high
        input size: length in cm
        input site: stomach | bowel
        input flag: bool
        table t: band first {
          | size          | site     | flag |
          | [1 cm..2 cm)  | any      | any  | => low
          | any           | {bowel}  | any  | => low
          | any           | any      | true | => low
          | any           | any      | any  | => high
        }
        """))
        let stomach = p.member("stomach", of: "site")
        #expect(p.value("t", ["size": cm(1), "site": stomach, "flag": F]) == .member(0))
        #expect(p.value("t", ["size": cm(2), "site": stomach, "flag": F]) == .member(1))
        #expect(p.value("t", ["site": stomach, "flag": F]) == U)   // interval on unknown
        #expect(p.value("t", ["size": cm(5), "flag": F]) == U)      // set on unknown
        #expect(p.value("t", ["size": cm(5), "site": stomach]) == U) // equality on unknown
        #expect(p.value("t", ["size": cm(5), "site": stomach, "flag": F]) == .member(1))
    }

    // MARK: pathway

    static let drugs = """
    enum drug = alpha | beta
    input failed: set of drug
    input spread: localized | metastatic
    recommendation give_alpha: recommend "Alpha." cite "S"
    recommendation give_beta: recommend "Beta." cite "S"
    recommendation trial: consider "Trial." cite "S"
    """

    static let drugPathway = """
    when spread == metastatic {
        first {
          when alpha not in failed { recommend give_alpha }
          when beta not in failed  { recommend give_beta }
          otherwise                { recommend trial }
        }
      }
    """

    @Test func firstAndOtherwise() throws {
        let p = try program(guideline(Self.drugs, pathway: Self.drugPathway, recommendation: false))
        let met = p.member("metastatic", of: "spread")
        #expect(p.recommended(["spread": met, "failed": p.set([], of: "failed")]) == ["give_alpha"])
        #expect(p.recommended(["spread": met, "failed": p.set(["alpha"], of: "failed")]) == ["give_beta"])
        #expect(p.recommended(["spread": met, "failed": p.set(["beta"], of: "failed")]) == ["give_alpha"])
        #expect(p.recommended(["spread": met, "failed": p.set(["alpha", "beta"], of: "failed")]) == ["trial"])
        #expect(p.recommended(["spread": p.member("localized", of: "spread"), "failed": .set(0)]) == [])
        #expect(p.outcome(["spread": p.member("localized", of: "spread")]).undetermined.isEmpty)
    }

    @Test func firstWithUnknownConditions() throws {
        let p = try program(guideline(Self.drugs, pathway: Self.drugPathway, recommendation: false))
        let met = p.member("metastatic", of: "spread")
        // Failed unknown: every alternative is undetermined, none recommended.
        #expect(p.recommended(["spread": met]) == [])
        #expect(p.undetermined(["spread": met]) == ["give_alpha": ["failed"], "give_beta": ["failed"], "trial": ["failed"]])
        // Spread unknown, failed known: only the outer condition is in doubt.
        #expect(p.undetermined(["failed": p.set(["alpha"], of: "failed")]) == ["give_beta": ["spread"]])
        #expect(p.undetermined([:]) == ["give_alpha": ["failed", "spread"], "give_beta": ["failed", "spread"], "trial": ["failed", "spread"]])
    }

    @Test func firstStopsAtACertainAlternative() throws {
        let p = try program(guideline("input a: bool\ninput b: bool\nrecommendation x: recommend \"X.\" cite \"S\"\nrecommendation y: recommend \"Y.\" cite \"S\"\nrecommendation z: recommend \"Z.\" cite \"S\"", pathway: """
        first {
          when a { recommend x }
          when b { recommend y }
          otherwise { recommend z }
        }
        """, recommendation: false))
        // a true: b is never asked.
        #expect(p.recommended(["a": T]) == ["x"])
        #expect(p.outcome(["a": T]).undetermined.isEmpty)
        // a unknown, b true: x undetermined (needs a); y holds only if a fails: undetermined too.
        #expect(p.recommended(["b": T]) == [])
        #expect(p.undetermined(["b": T]) == ["x": ["a"], "y": ["a"]])
        // a false, b unknown: y and z are undetermined on b.
        #expect(p.undetermined(["a": F]) == ["y": ["b"], "z": ["b"]])
        #expect(p.recommended(["a": F, "b": F]) == ["z"])
    }

    @Test func recommendationOnTwoPathsIsMadeWhenOneHolds() throws {
        let p = try program(guideline("input a: bool\ninput b: bool", pathway: """
        when a { recommend r }
          when b { recommend r }
        """))
        #expect(p.recommended(["a": T]) == ["r"])
        #expect(p.outcome(["a": T]).undetermined.isEmpty)
        #expect(p.recommended(["b": T]) == ["r"])
        #expect(p.undetermined(["a": F]) == ["r": ["b"]])
        #expect(p.undetermined([:]) == ["r": ["a", "b"]])
        #expect(p.recommended(["a": F, "b": F]) == [])
    }

    @Test func needsGoThroughLetsAndTables() throws {
        let p = try program(guideline("""
        enum band = low | high
        input size: length in cm
        input n: count
        input other: bool
        let big = size > 5 cm or other
        table risk: band first {
          | n   |
          | < 5 | => low
          | any | => high
        }
        recommendation operate: recommend "Operate." cite "S"
        recommendation adjuvant: recommend "Adjuvant." cite "S"
        """, pathway: """
        when big { recommend operate }
          when big and risk == high { recommend adjuvant }
        """, recommendation: false))
        #expect(p.undetermined([:]) == ["operate": ["size", "other"], "adjuvant": ["size", "n", "other"]])
        #expect(p.undetermined(["other": F, "n": .number(9)]) == ["operate": ["size"], "adjuvant": ["size"]])
        // `big` is true: operate is made; adjuvant waits for n (the table's column).
        #expect(p.recommended(["size": cm(9)]) == ["operate"])
        #expect(p.undetermined(["size": cm(9)]) == ["adjuvant": ["n"]])
        #expect(p.undetermined(["size": cm(9), "n": .number(1)]) == [:])
    }

    @Test func undeterminedBecauseOfAGapInATable() throws {
        let p = try program(guideline("""
        enum band = low | high
        input n: count
        table risk: band first {
          | n   |
          | < 5 | => low
        }
        """, pathway: "when risk == low { recommend r }"))
        // Every input is known; the table has no row for n = 9, so the value is unknown.
        let o = p.outcome(["n": .number(9)])
        #expect(o.recommended.isEmpty)
        #expect(o.undetermined.map { $0.code } == [0])
        #expect(o.undetermined.first?.needs == [])
    }

    @Test func defaultsApplyToMissingInputs() throws {
        let p = try program(guideline("input sym: bool = false\ninput n: count = 2", pathway: "when not sym and n == 2 { recommend r }"))
        #expect(p.recommended([:]) == ["r"])
        #expect(p.recommended(["sym": T]) == [])
        #expect(Evaluator(program: p).withDefaults([nil, .number(3)]) == [F, .number(3)])
    }

    // MARK: explanations

    @Test func explanationStepsWithNegatedEarlierAlternatives() throws {
        let p = try program(guideline(Self.drugs, pathway: Self.drugPathway, recommendation: false))
        let ev = Evaluator(program: p)
        let inputs = p.inputs(["spread": p.member("metastatic", of: "spread"), "failed": p.set(["alpha", "beta"], of: "failed")])
        let (o, paths) = ev.explain(inputs)
        #expect(p.codes(o.recommended) == ["trial"])
        let steps = try #require(paths[p.recommendation(code: "trial")!])
        #expect(steps.map(\.branch.source) == ["spread == metastatic", "alpha not in failed", "beta not in failed", "otherwise"])
        #expect(steps.map(\.negated) == [false, true, true, false])
        #expect(steps.map(\.truth) == [.yes, .yes, .yes, .yes])
        #expect(steps[1].values.map { p.slotName($0.slot) } == ["failed"])
        #expect(steps[0].branch.range.line == 12)

        let report = ev.report(id: "c1", inputs: inputs, explain: true)
        let reasons = try #require(report.explanation?["trial"])
        #expect(reasons.map(\.condition) == ["spread == metastatic", "alpha not in failed", "beta not in failed", "otherwise"])
        #expect(reasons.map(\.negated) == [false, true, true, false])
        #expect(reasons.map(\.holds) == ["true", "true", "true", "true"])
        #expect(reasons[1].values.map(\.name) == ["failed"])
        #expect(reasons[1].values.map(\.value) == ["{alpha, beta}"])
        #expect(reasons[0].values.map(\.value) == ["metastatic"])
        #expect(reasons[3].values.isEmpty)
    }

    @Test func explanationOfASecondAlternative() throws {
        let p = try program(guideline(Self.drugs, pathway: Self.drugPathway, recommendation: false))
        let inputs = p.inputs(["spread": p.member("metastatic", of: "spread"), "failed": p.set(["alpha"], of: "failed")])
        let report = Evaluator(program: p).report(id: "c", inputs: inputs, explain: true)
        #expect(report.recommendedCodes == ["give_beta"])
        let reasons = try #require(report.explanation?["give_beta"])
        #expect(reasons.map { ($0.negated ? "not " : "") + $0.condition } == ["spread == metastatic", "not alpha not in failed", "beta not in failed"])
        // Codes not made have no explanation.
        #expect(report.explanation?["give_alpha"] == nil)
    }

    @Test func explanationOfAnUndeterminedCode() throws {
        let p = try program(guideline("input size: length in cm\ninput sym: bool = false", pathway: "when size < 2 cm and not sym { recommend r }"))
        let report = Evaluator(program: p).report(id: "c", inputs: p.inputs([:]), explain: true)
        #expect(report.recommendations.isEmpty)
        #expect(report.undetermined == [CaseReport.Undetermined(code: "r", needs: ["size"])])
        let reasons = try #require(report.explanation?["r"])
        #expect(reasons.map(\.holds) == ["unknown"])
        #expect(reasons.first?.values.map(\.name) == ["size", "sym"])
        #expect(reasons.first?.values.map(\.value) == ["unknown", "false"])
    }

    @Test func explanationAtTheTopOfThePathwayIsEmpty() throws {
        let p = try program(guideline("", pathway: "recommend r"))
        let report = Evaluator(program: p).report(id: "c", inputs: [], explain: true)
        #expect(report.recommendedCodes == ["r"])
        #expect(report.explanation?["r"] == [])
    }

    @Test func reportCarriesTextsAndCitations() throws {
        let p = try program(guideline("recommendation q: avoid \"Do not.\" cite \"Sec 2\" source \"Other\"", pathway: "recommend r, q"))
        let report = Evaluator(program: p).report(id: "c", inputs: [])
        #expect(report.explanation == nil)
        #expect(report.recommendations == [
            CaseReport.Made(code: "q", strength: .avoid, text: "Do not.", citation: "Sec 2", source: "Other"),
            CaseReport.Made(code: "r", strength: .recommend, text: "R.", citation: "Section", source: "Test source"),
        ])
    }

    @Test func coverageCountsBranchesRowsAndRecommendations() throws {
        let p = try program(guideline("""
        enum band = low | high
        input n: count
        table risk: band first {
          | n   |
          | < 5 | => low
          | any | => high
        }
        """, pathway: "when risk == high { recommend r }"))
        let ev = Evaluator(program: p)
        var cov = Evaluator.Coverage(program: p)
        for n: Rational in [1.0, 7, 9] { _ = ev.evaluate(p.inputs(["n": .number(n)]), coverage: &cov) }
        _ = ev.evaluate(p.inputs([:]), coverage: &cov)
        #expect(cov.rowsMatched == [[1, 3]])
        #expect(cov.branchTaken == [2])
        #expect(cov.branchNotTaken == [1])
        #expect(cov.recommended == [2])
    }
}

import Testing
@testable import Gist

/// A code undetermined although no input is missing says why: a division by zero, or a table
/// with no row for the case or several (issue 15: never an empty `needs` with nothing else).
@Suite struct UndeterminedCauseTests {
    static let bmi = guideline("""
        input weight: number where 20 <= weight <= 300
        input height: number where 0 <= height <= 2.5
        let bmi = weight / (height * height)
        """, pathway: "when bmi >= 30 { recommend r }")

    static let risk = guideline("""
        input size: number where 0 <= size <= 30
        table risk: number unique {
          | size     |
          | <= 5     | => 1
          | (10..30] | => 2
          | >= 20    | => 3
        }
        """, pathway: "when risk == 2 { recommend r }")

    func report(_ text: String, _ given: [String: Value]) throws -> CaseReport {
        let p = try program(text)
        return Evaluator(program: p).report(id: "c", location: nil, inputs: p.inputs(given), explain: false)
    }

    @Test func divisionByZeroNamesTheLetAndTheDivisor() throws {
        let r = try report(Self.bmi, ["weight": .number(80), "height": .number(0)])
        let u = try #require(r.undetermined.first)
        #expect(u.needs.isEmpty)
        #expect(u.causes == ["bmi: division by zero (height = 0)"])
    }

    @Test func aMissingInputIsANeedNotACause() throws {
        let r = try report(Self.bmi, ["weight": .number(80)])
        let u = try #require(r.undetermined.first)
        #expect(u.needs == ["height"])
        #expect(u.causes.isEmpty)
    }

    @Test func tableGapsAndOverlapsNameTheTable() throws {
        let gap = try report(Self.risk, ["size": .number(7)])
        #expect(gap.undetermined.first?.causes == ["table risk has no row for this case"])
        let overlap = try report(Self.risk, ["size": .number(25)])
        #expect(overlap.undetermined.first?.causes == ["table risk: rows 2 and 3 both match this case"])
    }

    /// Scripts and the REPL print the cause where `needs:` would be empty.
    @Test func scriptOutputGivesTheCause() throws {
        let p = try program(Self.bmi)
        let o = Evaluator(program: p).evaluate(p.inputs(["weight": .number(80), "height": .number(0)]))
        #expect(CaseText.render("c", o, p).contains("undetermined r — bmi: division by zero (height = 0)"))
        let ir = IR.slot(try #require(p.slot(named: "bmi")))
        #expect(Evaluator(program: p).whyUndetermined(ir, o.values) == "bmi: division by zero (height = 0)")
    }
}

import Testing
@testable import Gist

/// Tables of more than 64 rows are decided over the rows their index leaves (TableIndex): the
/// compiled machine still agrees with the tree evaluator, for every hit policy, with unknown
/// values and with cells of every kind.
@Suite struct TableIndexTests {
    /// A grid of `side` × `side` rows over a count (`== i`), a number (intervals) and an enum
    /// column that is sometimes `any`, so several rows may match.
    static func guideline(policy: String, side: Int) -> String {
        var text = """
        guideline "Index" {
          version "1"
          source  "Test"
        }
        enum level = low | mid | high
        enum colour = red | green
        input a: count
        input b: number
        input c: colour
        recommendation r: recommend "R." cite "S"
        recommendation s: recommend "S." cite "S"

        table t: \(policy == "collect" ? "set of level" : "level") \(policy) {
          | a | b | c |

        """
        let levels = ["low", "mid", "high"]
        for i in 0..<side {
            for j in 0..<side {
                let colour = (i * side + j) % 3 == 0 ? "any" : (j % 2 == 0 ? "red" : "green")
                let interval = (i + j) % 5 == 0 ? ">= \(j)" : "[\(j) .. \(j + 1))"
                text += "  | == \(i) | \(interval) | \(colour) | => \(levels[(i + 2 * j) % 3])\n"
            }
        }
        let condition = policy == "collect" ? "high in t" : "t == high"
        let other = policy == "collect" ? "low in t" : "t == low"
        return text + "}\n\npathway {\n  when \(condition) { recommend r }\n  when \(other) { recommend s }\n}\n"
    }

    @Test(arguments: ["first", "unique", "collect"])
    func compiledAgreesWithTheTreeOnABigTable(_ policy: String) throws {
        let (program, diagnostics) = Checker.compile(SourceFile(name: "index.gist", text: Self.guideline(policy: policy, side: 12)))
        let p = try #require(program, "\(diagnostics.map { $0.rendered() })")
        #expect(p.tables[0].rows.count == 144)
        #expect(expectCompiledEqualsTree(p, cases: 3_000, seed: 18) == 0)
    }

    @Test func candidatesAreTheRowsOfTheNarrowestColumn() throws {
        let (program, _) = Checker.compile(SourceFile(name: "index.gist", text: Self.guideline(policy: "first", side: 12)))
        let p = try #require(program)
        let index = TableIndex(p.tables[0])
        // a == 3 keeps row 3·12 … 3·12+11; b = 5.5 keeps [5 .. 6) and the `>= j` cells with j <= 5.
        let rows = try #require(index.candidates { k in k == 0 ? .number(3) : k == 1 ? .number(5.5) : .unknown })
        #expect(rows == (36..<48).map { Int32($0) })
        #expect(index.candidates { _ in .unknown } == nil)
    }
}

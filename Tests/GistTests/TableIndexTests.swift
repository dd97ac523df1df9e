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
        // a == 3 keeps rows 3·12 … 3·12+11; of those, b = 5.5 keeps j = 5 ([5 .. 6)) and j = 2
        // (`>= 2`, since (3 + 2) % 5 == 0); `>= 7` (j = 7) does not match.
        let rows = try #require(index.candidates { k in k == 0 ? .number(3) : k == 1 ? .number(5.5) : .unknown })
        #expect(rows == [38, 41])
        #expect(index.candidates { _ in .unknown } == nil)
    }

    /// The index leaves exactly the rows whose cell in every known column may match (by the
    /// shared cell test), for random cells of every kind: comparisons, nested and open
    /// intervals, `!=`, infinities, members, `any`, strings; and for a column of so many nested
    /// comparisons that its band lookup is over the size bound (the scan path).
    @Test(arguments: [40, 3_000])
    func candidatesAreExactlyTheRowsThatMayMatch(_ rowCount: Int) {
        var rng = GenRandom(seed: UInt64(rowCount))
        let points: [Rational] = [-.infinity, -3, 0, 0.5, 1, 2, 7.25, 10, Rational(Int64.max - 1, 1) ?? 0, .infinity]
        func number() -> Rational { points[Int(rng.next() % UInt64(points.count))] }
        func cell(_ k: Int, _ r: Int) -> CellTest {
            if k == 2 { return .compare(.gt, .number(Rational(r))) }  // nested: 3,000 of them overflow the lookup
            let ops: [CompareOp] = [.lt, .le, .gt, .ge, .eq, .ne]
            switch rng.next() % 7 {
            case 0: return .any
            case 1, 2: return .compare(ops[Int(rng.next() % 6)], .number(number()))
            case 3, 4:
                let (a, b) = (number(), number())
                return .interval(low: min(a, b), lowOpen: rng.next() % 2 == 0, high: max(a, b), highOpen: rng.next() % 2 == 0)
            case 5: return .oneOf(rng.next() % 16, negated: rng.next() % 2 == 0)
            default: return .compare(.eq, rng.next() % 2 == 0 ? .string("x") : .member(Int(rng.next() % 4)))
            }
        }
        let rows = (0..<rowCount).map { r in (0..<3).map { k in cell(k, r) } }
        let index = TableIndex(rows: rows, columnCount: 3)
        #expect((index.columns[2].bandCells == nil) == (rowCount > 1_000))
        let values: [Value] = points.map(Value.number) + [.number(0.25), .number(5), .number(Rational(Int64.min + 1, 1) ?? 0), .number(Rational(1, Int64.max) ?? 0),
                                                         .member(0), .member(3), .member(70), .string("x"), .bool(true), .unknown]
        for _ in 0..<400 {
            let v = (0..<3).map { _ in values[Int(rng.next() % UInt64(values.count))] }
            let expected = rows.indices.filter { r in
                (0..<3).allSatisfy { k in v[k].isUnknown || Operators.cellTest(rows[r][k], v[k]) != .no }
            }
            let got = index.candidates { v[$0] }
            if v.allSatisfy(\.isUnknown) {
                #expect(got == nil)
            } else {
                #expect(got?.map(Int.init) == expected, "values \(v)")
            }
        }
    }

    @Test func bandsAreFoundByBisection() {
        let cuts: [Rational] = [-1, 0, 5]
        #expect(([-2.0, -1, -0.5, 0, 3, 5, 6] as [Rational]).map { TableIndex.band(of: $0, cuts) } == [0, 1, 2, 3, 4, 5, 6])
        #expect((0...6).map { TableIndex.representative(ofBand: $0, cuts).map { TableIndex.band(of: $0, cuts) } } == Array(0...6))
    }
}

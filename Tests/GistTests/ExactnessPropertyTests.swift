import Testing
@testable import Gist

/// Property tests of exact numbers (issue 16, item 6: "all conversions exact"), seeded so a
/// failure names the seed that reproduces it:
///
/// - a decimal in any unit converts to the base unit and back to the same decimal, and to any
///   other unit of its dimension and back;
/// - a comparison of two quantities written in different units, as a guideline evaluates it
///   (both engines), agrees with the same comparison done by hand on whole numbers (decimal
///   mantissas and the units' factors as fractions, cross-multiplied in 128 bits);
/// - `today - d OP N unit` on random dates agrees with a reference that counts calendar days
///   year by year and month by month, and compares whole numbers.
@Suite struct ExactnessPropertyTests {
    /// Each simple unit with its factor in base units as a fraction of whole numbers, written
    /// out here (not read from `Units`) so the reference does not share the code under test.
    static let units: [(name: String, dimension: String, n: Int128, d: Int128)] = [
        ("mm", "length", 1, 1), ("cm", "length", 10, 1), ("m", "length", 1000, 1),
        ("mm2", "area", 1, 1), ("cm2", "area", 100, 1), ("m2", "area", 1_000_000, 1),
        ("mL", "volume", 1000, 1), ("dL", "volume", 100_000, 1), ("L", "volume", 1_000_000, 1),
        ("min", "duration", 1, 1440), ("h", "duration", 1, 24), ("day", "duration", 1, 1), ("week", "duration", 7, 1),
        ("month", "duration", 1461, 48), ("year", "duration", 1461, 4),
        ("mcg", "mass", 1, 1000), ("mg", "mass", 1, 1), ("g", "mass", 1000, 1), ("kg", "mass", 1_000_000, 1),
        ("mg/dL", "concentration", 1, 100_000), ("g/L", "concentration", 1000, 1_000_000), ("mg/L", "concentration", 1, 1_000_000),
        ("mmol/L", "molar", 1, 1_000_000), ("umol/L", "molar", 1, 1_000_000_000),
        ("mg/kg", "ratio", 1, 1_000_000), ("mcg/kg", "ratio", 1, 1_000_000_000), ("%", "ratio", 1, 100),
    ]

    /// A random decimal: up to 7 significant digits and up to 4 decimals, either sign.
    static func decimal(_ rng: inout GenRandom) -> (text: String, mantissa: Int128, scale: Int) {
        let scale = rng.int(5)
        let mantissa = Int128(rng.int(0...9_999_999)) * (rng.chance(0.2) ? -1 : 1)
        var digits = String(mantissa.magnitude)
        if scale > 0 {
            digits = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return ((mantissa < 0 ? "-" : "") + digits, mantissa, scale)
    }

    static func pow10(_ k: Int) -> Int128 { (0..<k).reduce(1) { r, _ in r * 10 } }

    @Test func conversionsRoundTripExactly() throws {
        var rng = GenRandom(seed: 16_001)
        for _ in 0..<5_000 {
            let a = Self.units[rng.int(Self.units.count)]
            let others = Self.units.filter { $0.dimension == a.dimension }
            let b = others[rng.int(others.count)]
            let x = Self.decimal(&rng)
            let ua = try #require(Units.lookup(a.name)), ub = try #require(Units.lookup(b.name))
            let v = try #require(Rational(decimal: x.text))
            let base = try #require(Units.toBase(v, ua))
            #expect(Units.fromBase(base, ua) == v, "\(x.text) \(a.name) -> base -> \(a.name)")
            let inB = try #require(Units.fromBase(base, ub))
            #expect(Units.toBase(inB, ub) == base, "\(x.text) \(a.name) -> \(b.name) -> base")
            #expect(Units.fromBase(try #require(Units.toBase(inB, ub)), ua) == v, "\(x.text) \(a.name) -> \(b.name) -> \(a.name)")
            // The base value is the reference fraction mantissa·n / (10^scale·d), exactly.
            #expect(Int128(base.numerator) * Self.pow10(x.scale) * a.d == x.mantissa * a.n * Int128(base.denominator))
        }
    }

    /// `a OP b` with `a` in one unit and `b` in another of its dimension, evaluated by a
    /// guideline, against cross-multiplied whole numbers.
    @Test func comparisonsAcrossUnitsAgreeWithTheBaseUnit() throws {
        var rng = GenRandom(seed: 16_002)
        let ops = ["<", "<=", ">", ">=", "==", "!="]
        var equalities = 0
        for round in 0..<400 {
            let a = Self.units[rng.int(Self.units.count)]
            let others = Self.units.filter { $0.dimension == a.dimension }
            let b = others[rng.int(others.count)]
            let op = ops[rng.int(ops.count)]
            let y = Self.decimal(&rng)
            let type = a.dimension == "length" || a.dimension == "duration" || a.dimension == "mass" || a.dimension == "area"
                || a.dimension == "volume" ? "\(a.dimension) in \(a.name)" : "quantity in \(a.name)"
            // A record's quantity is never negative unless its input's range allows it: this
            // range does (|x| < 10^7), so negative values are compared too.
            let text = """
                guideline "exact \(round)" { version "1" source "property test" }
                input x: \(type) where x > -10000000 \(a.name)
                recommendation r: recommend "x \(op) \(y.text) \(b.name)." cite "Test"
                pathway { when x \(op) \(y.text) \(b.name) { recommend r } }
                """
            let program = try #require(Checker.compile(SourceFile(name: "exact.gist", text: text)).0, "\(text)")
            let tree = Evaluator(program: program, compile: false), compiled = Evaluator(program: program)
            for _ in 0..<10 {
                // Half the time, x is y converted into x's unit, when that is a short decimal.
                var x = Self.decimal(&rng)
                if rng.chance(0.5), let yb = Rational(decimal: y.text).flatMap({ Units.toBase($0, Units.lookup(b.name)!) }),
                   let inA = Units.fromBase(yb, Units.lookup(a.name)!), let s = Self.shortDecimal(inA) {
                    x = s
                    equalities += 1
                }
                let values = try Self.bound(program, "x", "\(x.text) \(a.name)")
                // x·na/(10^sx·da) OP y·nb/(10^sy·db), cross-multiplied (denominators positive).
                let lhs = x.mantissa * a.n * Self.pow10(y.scale) * b.d
                let rhs = y.mantissa * b.n * Self.pow10(x.scale) * a.d
                let expected = Self.holds(lhs, op, rhs)
                let got = tree.evaluate(values).recommended == [0]
                #expect(got == expected, "\(x.text) \(a.name) \(op) \(y.text) \(b.name)")
                #expect(compiled.evaluate(values).recommended == tree.evaluate(values).recommended, "\(x.text) \(a.name) \(op) \(y.text) \(b.name)")
            }
        }
        #expect(equalities > 500, "too few exact conversions tried: \(equalities)")
    }

    /// `lhs op rhs` on whole numbers: the reference comparison.
    static func holds(_ lhs: Int128, _ op: String, _ rhs: Int128) -> Bool { compare(lhs, op, rhs) }

    /// The input values of a record with one field, as a run binds them.
    static func bound(_ p: Program, _ field: String, _ text: String) throws -> [Value] {
        let record = RawRecord(fields: [(name: field, value: .string(text))], location: RecordLocation(file: "t", record: 1, line: 1))
        guard case .success(let c) = CaseBinder(program: p).bind(record) else {
            Issue.record("\(field): \(text) is not bound")
            throw BindingFailed()
        }
        return c.inputs
    }
    struct BindingFailed: Error {}

    /// A rational as a decimal of at most 7 significant digits and 4 decimals, if it is one.
    static func shortDecimal(_ r: Rational) -> (text: String, mantissa: Int128, scale: Int)? {
        for scale in 0...4 {
            guard let m = r.multiplied(by: Rational(Int(pow10(scale)))), m.isInteger, m.numerator.magnitude < 10_000_000 else { continue }
            let text = r.description
            return (text, Int128(m.numerator), scale)
        }
        return nil
    }

    // MARK: dates

    /// Days since 1970-01-01, by counting whole years and months: the reference.
    static func referenceDays(_ y: Int, _ m: Int, _ d: Int) -> Int {
        func leap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }
        var days = 0
        if y >= 1970 { for k in 1970..<y { days += leap(k) ? 366 : 365 } } else { for k in y..<1970 { days -= leap(k) ? 366 : 365 } }
        let lengths = [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for k in 0..<(m - 1) { days += lengths[k] }
        return days + d - 1
    }

    static func randomDate(_ rng: inout GenRandom) -> (text: String, days: Int) {
        let y = 1900 + rng.int(250), m = 1 + rng.int(12)
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let d = 1 + rng.int([31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
        func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
        return ("\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))", referenceDays(y, m, d))
    }

    @Test func calendarDaysAgreeWithCounting() {
        var rng = GenRandom(seed: 16_003)
        for _ in 0..<3_000 {
            let (text, days) = Self.randomDate(&rng)
            #expect(CalendarDate.parse(text) == days, "\(text)")
            #expect(CalendarDate.format(Rational(days)) == text)
        }
    }

    /// `today - d OP N unit` evaluated as of a random day, against whole-number arithmetic on
    /// counted days: a month is 1461/48 days, a year 1461/4, a week 7.
    @Test func durationsBetweenDatesAgreeWithTheReference() throws {
        var rng = GenRandom(seed: 16_004)
        let ops = ["<", "<=", ">", ">=", "=="]
        let lengths: [(String, Int128, Int128)] = [("days", 1, 1), ("weeks", 7, 1), ("months", 1461, 48), ("years", 1461, 4)]
        for round in 0..<150 {
            let op = ops[rng.int(ops.count)]
            let (unit, n, d) = lengths[rng.int(lengths.count)]
            let count = rng.int(0...40)
            let text = """
                guideline "dates \(round)" { version "1" source "property test" }
                input start: date
                recommendation r: recommend "today - start \(op) \(count) \(unit)." cite "Test"
                pathway { when today - start \(op) \(count) \(unit) { recommend r } }
                """
            let program = try #require(Checker.compile(SourceFile(name: "dates.gist", text: text)).0, "\(text)")
            for _ in 0..<20 {
                let start = Self.randomDate(&rng)
                // Near the threshold as often as not: today = start + about count units.
                let near = Int((Int128(count) * n) / d) + rng.int(-2...2)
                let today = rng.chance(0.5) ? start.days + near : Self.randomDate(&rng).days
                let p = program.evaluated(asOf: today)
                let values = try Self.bound(p, "start", start.text)
                let elapsed = Int128(today - start.days)
                // elapsed OP count·n/d  ⇔  elapsed·d OP count·n
                let (lhs, rhs) = (elapsed * d, Int128(count) * n)
                let expected = Self.holds(lhs, op, rhs)
                let tree = Evaluator(program: p, compile: false), compiled = Evaluator(program: p)
                #expect((tree.evaluate(values).recommended == [0]) == expected, "start \(start.text), today \(CalendarDate.format(Rational(today))), \(op) \(count) \(unit)")
                #expect(compiled.evaluate(values).recommended == tree.evaluate(values).recommended)
            }
        }
    }
}

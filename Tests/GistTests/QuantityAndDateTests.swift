import Testing
@testable import Gist

/// Clinical quantities (derived dimensions, compound units, exact conversions) and dates
/// (date inputs, `today`, date arithmetic) through the checker, the binder and evaluation.
@Suite struct QuantityAndDateTests {
    static let inputs = """
    input weight: mass in kg
    input height: length in cm
    input bsa: area in m2
    input creatinine: quantity in mg/dL
    input ef: quantity in %
    input surgery_date: date
    """

    /// The program with `let t = expression` (and the inputs above), or its errors.
    func check(_ expression: String) -> (Program?, [Diagnostic]) {
        let (p, ds) = compile(guideline(Self.inputs + "\nlet t = \(expression)"))
        return (p, ds.filter { $0.severity == .error })
    }

    func type(_ expression: String) throws -> String {
        let (p, errs) = check(expression)
        #expect(errs.isEmpty, "\(errs.map { $0.message })")
        let program = try #require(p)
        return program.typeName(program.slotType(try #require(program.slot(named: "t"))))
    }

    @Test(arguments: [
        ("height * height", "area"), ("weight / (height * height)", "mass per area"), ("weight / bsa", "mass per area"),
        ("400 mg / bsa", "mass per area"), ("bsa * height", "volume"), ("weight / 1 kg", "number"),
        ("today - surgery_date", "duration"), ("surgery_date + 6 months", "date"), ("surgery_date - 1 week", "date"),
        ("1 year + surgery_date", "date"), ("creatinine * 2", "concentration"), ("ef * weight", "mass"),
        ("1 / 1 day", "frequency"), ("height / 1 day", "quantity of length per time"),
    ])
    func derivedTypes(_ expression: String, _ expected: String) throws {
        #expect(try type(expression) == expected)
    }

    @Test(arguments: [
        ("weight / (height * height) >= 30 kg", "unit-mismatch", "cannot compare a mass per area with a mass"),
        ("today + surgery_date", "unit-mismatch", "cannot add a date and a date"),
        ("surgery_date * 2", "unit-mismatch", "cannot multiply a date and a number"),
        ("surgery_date > 6 months", "unit-mismatch", "cannot compare a date with a duration"),
        ("ef < 40", "missing-unit", "a plain number cannot be compared with a ratio written with a unit; give it a unit (e.g. 50 %)"),
        ("creatinine > 5 mmol/L", "unit-mismatch", "cannot compare a concentration with a molar concentration"),
        ("height * height > 5 cm", "unit-mismatch", "cannot compare an area with a length"),
    ])
    func mismatches(_ expression: String, _ id: String, _ message: String) {
        let (_, errs) = check(expression)
        #expect(errs.map(\.id) == [id])
        #expect(errs.first?.message == message)
    }

    /// Conversions through exact ratios: equalities of decimal values hold at any magnitude.
    @Test(arguments: [
        "1.2 mg/dL == 12 mg/L", "1 L == 1000 mL", "1 m2 == 10000 cm2", "1 m² == 1 m2", "400 mcg/kg == 0.4 mg/kg",
        "1 µg == 1 mcg", "1 ug == 0.001 mg", "5.5 mmol/L == 5500 umol/L", "34 µmol/L == 0.034 mmol/L",
        "60 mL/min == 86.4 L/day", "1 h == 60 min", "1 day == 1440 min", "50 % == 1 / 2", "1 kg/m2 == 1 mg/mm2",
        "0.7 cm == 7 mm", "1 mg/kg/day == 1 g/kg/day / 1000", "3 cm * 2 cm == 6 cm2", "12 months == 1 year",
    ])
    func exactConversions(_ equality: String) throws {
        let (p, errs) = check(equality)
        #expect(errs.isEmpty, "\(errs.map(\.message))")
        let program = try #require(p)
        let slot = try #require(program.slot(named: "t"))
        #expect(Evaluator(program: program).evaluate(Array(repeating: .unknown, count: program.inputs.count)).values[slot] == .bool(true), "\(equality)")
    }

    @Test func compoundUnitsAreLookedUpFromTheirParts() throws {
        let u = try #require(Units.lookup("mg/kg/day"))
        #expect(u.dimension == Dimension(time: -1))
        #expect(Units.lookup("kg/m2")?.dimension == Dimension(length: -2, mass: 1))
        #expect(Units.lookup("mL/min")?.dimension == Dimension(length: 3, time: -1))
        #expect(Units.lookup("mg/%") == nil)
        #expect(Units.lookup("mg/cms") == nil)
        #expect(Units.lookup("a/b/c/d") == nil)
        #expect(Units.toBase(1.2, try #require(Units.lookup("mg/dL"))) == Units.toBase(12, try #require(Units.lookup("mg/L"))))
    }

    @Test func roundingKeepsTwelveSignificantDigits() {
        #expect(Units.roundBase(7.000000000000001) == 7)
        #expect(Units.roundBase(1.23e-5 * (1 + 1e-15)) == 1.23e-5)
        #expect(Units.roundBase(123_456_789.123_456) == 123_456_789.123)
        #expect(Units.roundBase(-0.1 - 0.2) == -0.3)
        #expect(Units.roundBase(1e-300) == 1e-300)
        #expect(Units.roundBase(.infinity) == .infinity)
        #expect(Units.decimalExponent(1000) == 3)
        #expect(Units.decimalExponent(999.999) == 2)
        #expect(Units.decimalExponent(0.001) == -3)
    }

    // MARK: dates

    @Test func calendarDates() {
        #expect(CalendarDate.parse("1970-01-01") == 0)
        #expect(CalendarDate.parse("2000-03-01") == 11_017)
        #expect(CalendarDate.parse("2024-02-29") != nil)
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024-01-01T10:00", "", "2024/01/01", "１９７０-01-01"] {
            #expect(CalendarDate.parse(bad) == nil, "\(bad)")
        }
        for day in [-700_000, -1, 0, 59, 11_016, 19_782, 2_932_896] {
            #expect(CalendarDate.parse(CalendarDate.format(Rational(day))) == day)
        }
        #expect(CalendarDate.format(Rational(CalendarDate.parse("2024-02-29") ?? 0).adding(365.25) ?? 0) == "2025-02-28")
    }

    static let dated = guideline("""
    input surgery_date: date
    recommendation late: recommend "Late." cite "S"
    """, pathway: "when today - surgery_date >= 6 months { recommend late }")

    @Test func todayIsAHiddenInputFilledWithTheEvaluationDate() throws {
        let p = try program(Self.dated)
        let slot = try #require(p.todaySlot)
        #expect(p.inputs[slot].name == "today")
        #expect(p.inputs[slot].type == .quantity(.date))
        #expect(p.evaluationDate == nil)
        let asOf = try #require(CalendarDate.parse("2025-07-03"))
        let dated = p.evaluated(asOf: asOf)
        #expect(dated.evaluationDate == "2025-07-03")
        let binder = CaseBinder(program: dated)
        let record = RawRecord(fields: [("surgery_date", .string("2025-01-01"))], location: RecordLocation(file: "r", record: 1, line: 1))
        let bound = try binder.bind(record).get()
        #expect(Evaluator(program: dated).report(id: "c", inputs: bound.inputs).recommendedCodes == ["late"])
        #expect(Evaluator(program: dated).report(id: "c", inputs: bound.inputs).asOf == "2025-07-03")
        // A day earlier it is 181 days: not yet six months (182.625 days).
        let earlier = p.evaluated(asOf: asOf - 1)
        let bound2 = try CaseBinder(program: earlier).bind(record).get()
        #expect(Evaluator(program: earlier).report(id: "c", inputs: bound2.inputs).recommendedCodes == [])
    }

    @Test func aGuidelineWithoutTodayHasNoEvaluationDate() throws {
        let p = try program(guideline("input d: date", pathway: "when d < d + 1 day { recommend r }"))
        #expect(p.todaySlot == nil)
        #expect(p.evaluated(asOf: 100).evaluationDate == nil)
        #expect(p.inputs.map(\.name) == ["d"])
    }

    @Test func aDeclaredTodayIsTheGuidelinesOwn() throws {
        let p = try program(guideline("input today: date", pathway: "when today < today + 1 day { recommend r }"))
        #expect(p.todaySlot == nil)
        #expect(p.inputs.map(\.name) == ["today"])
    }

    @Test func badDatesAndTodayInRecordsAreRejected() throws {
        let p = try program(Self.dated).evaluated(asOf: 20_000)
        let binder = CaseBinder(program: p)
        func errors(_ fields: [(String, RawValue)]) -> [String] {
            switch binder.bind(RawRecord(fields: fields, location: RecordLocation(file: "r", record: 1, line: 1))) {
            case .success: return []
            case .failure(let e): return e.errors.map(\.message)
            }
        }
        #expect(errors([("surgery_date", .string("2024-02-30"))]) == ["'surgery_date': \"2024-02-30\" is not a date (YYYY-MM-DD, a real calendar day)"])
        #expect(errors([("surgery_date", .number(20240101))]) == ["'surgery_date' must be a date written YYYY-MM-DD, found 20240101"])
        #expect(errors([("today", .string("2024-01-01"))]) == ["'today' is the evaluation date: it is set for the whole run (gist run --as-of YYYY-MM-DD), not per record"])
        #expect(errors([("surgery_date", .string(" 2024-02-29 "))]) == [])
    }

    @Test func quantityInputsTakeTheirDimensionFromTheirUnit() throws {
        let p = try program(guideline("input c: quantity in mg/dL\ninput f: quantity in %", pathway: "when c > 1 mg/dL and f < 50 % { recommend r }"))
        #expect(p.inputs[0].type == .quantity(Dimension(length: -3, mass: 1)))
        #expect(p.inputs[1].type == .quantity(.ratio))
        let binder = CaseBinder(program: p)
        let record = RawRecord(fields: [("c", .string("12 mg/L")), ("f", .number(40))], location: RecordLocation(file: "r", record: 1, line: 1))
        let bound = try binder.bind(record).get()
        #expect(p.format(bound.inputs[0], type: p.inputs[0].type, unit: p.inputs[0].unit) == "1.2 mg/dL")
        #expect(p.format(bound.inputs[1], type: p.inputs[1].type, unit: p.inputs[1].unit) == "40 %")
        #expect(Evaluator(program: p).report(id: "x", inputs: bound.inputs).recommendedCodes == ["r"])
        #expect(errorIDs(guideline("input c: quantity", pathway: "when c > 1 mg/dL { recommend r }")) == ["missing-input-unit"])
        #expect(errorIDs(guideline("let x: quantity = 1 mg", pathway: "when x > 1 mg { recommend r }")) == ["unknown-type"])
    }

    @Test func unitsParseAndFormat() throws {
        let text = guideline("input ef: quantity in %\ninput w: mass in µg", pathway: "when ef < 40 % and w > 2 mg/kg/day * 1 kg * 1 day { recommend r }")
        #expect(errorIDs(text) == [])
        let formatted = try #require(SourceFormatter.format(text))
        #expect(formatted.contains("ef < 40 %"))
        #expect(formatted.contains("2 mg/kg/day * 1 kg * 1 day"))
        #expect(formatted.contains("input w: mass in µg"))
    }
}

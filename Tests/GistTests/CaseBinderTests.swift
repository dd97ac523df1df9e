import Testing
@testable import Gist

private let declarations = """
enum drug = imatinib | sunitinib | regorafenib
input size: length in cm where 0 cm < size <= 100 cm
input age: duration in years
input dose: dose in mg/day
input mitoses: count where mitoses <= 1000
input ratio: number
input site: stomach | duodenum | colorectum
input failed: set of drug = {}
input symptomatic: bool = false
"""

private let binderProgram: Program = {
    let (p, _) = compile(guideline(declarations))
    return p!
}()

private let location = RecordLocation(file: "cases.jsonl", record: 3, line: 7)

private func bind(_ fields: [(String, RawValue)]) -> Result<CaseBinder.BoundCase, CaseBinder.RecordErrors> {
    CaseBinder(program: binderProgram).bind(RawRecord(fields: fields.map { (name: $0.0, value: $0.1) }, location: location))
}

/// The bound value of one field.
private func value(_ name: String, _ raw: RawValue, sourceLocation: SourceLocation = #_sourceLocation) -> Value? {
    switch bind([(name, raw)]) {
    case .success(let c): return c.inputs[binderProgram.slot(named: name)!]
    case .failure(let e):
        Issue.record("rejected: \(e.errors.map(\.message))", sourceLocation: sourceLocation)
        return nil
    }
}

/// The error messages for a record (empty when it binds).
private func messages(_ fields: [(String, RawValue)]) -> [String] {
    switch bind(fields) {
    case .success: return []
    case .failure(let e): return e.errors.map(\.message)
    }
}

private func messages(_ name: String, _ raw: RawValue) -> [String] { messages([(name, raw)]) }

@Suite struct CaseBinderTests {
    @Test func programCompiles() {
        #expect(binderProgram.inputs.count == 8)
    }

    // MARK: quantities

    @Test func bareNumbersAreInTheDeclaredUnit() {
        #expect(value("size", .number(4.5)) == .number(45))
        #expect(value("size", .number(0.7)) == .number(7))
        #expect(value("age", .number(2)) == .number(730.5))
        #expect(value("dose", .number(400)) == .number(400))
        // A bare number in a string is in the declared unit too (CSV cells).
        #expect(value("size", .string(" 4.5 ")) == .number(45))
    }

    @Test func quantityStringsWithUnits() {
        #expect(value("size", .string("45 mm")) == .number(45))
        #expect(value("size", .string("4.5cm")) == .number(45))
        #expect(value("size", .string("100 cm")) == .number(1000))
        #expect(value("age", .string("6 months")) == .number(182.625))
        #expect(value("age", .string("1 year")) == .number(365.25))
        #expect(value("age", .string("3 weeks")) == .number(21))
        #expect(value("dose", .string("0.8 g/day")) == .number(800))
        #expect(value("dose", .string("800 mg / day")) == .number(800))
        #expect(value("dose", .string("400000 mcg/day")) == .number(400))
        #expect(value("size", .string("0.045 m")) == .number(45))
    }

    @Test func wrongDimensionUnit() {
        #expect(messages("size", .string("3 days")) == ["'size': 'days' is a duration unit, not a length unit"])
        #expect(messages("dose", .string("400 mg")) == ["'dose': 'mg' is a mass unit, not a dose unit"])
    }

    @Test func unknownUnit() {
        #expect(messages("size", .string("4 cms")) == ["'size': unknown unit 'cms' (did you mean 'cm'?)"])
        #expect(messages("size", .string("4 furlongs")) == ["'size': unknown unit 'furlongs'"])
    }

    @Test func notAQuantity() {
        #expect(messages("size", .string("big")) == ["'size': \"big\" is not a length (e.g. \"45 mm\")"])
        #expect(messages("size", .bool(true)) == ["'size' must be a length (a number in cm, or a string like \"45 mm\"), found true"])
        #expect(messages("size", .array([])) == ["'size' must be a length (a number in cm, or a string like \"45 mm\"), found a list"])
        #expect(messages("size", .object([("v", .number(1))])) == ["'size' must be a length (a number in cm, or a string like \"45 mm\"), found an object"])
    }

    // MARK: ranges

    @Test func outOfRange() {
        #expect(messages("size", .number(0)) == ["'size' is 0 cm, below its range (> 0 cm)"])
        #expect(messages("size", .number(-3)) == ["'size' is -3 cm, below its range (> 0 cm)"])
        #expect(messages("size", .number(100.5)) == ["'size' is 100.5 cm, above its range (<= 100 cm)"])
        #expect(messages("size", .string("1001 mm")) == ["'size' is 100.1 cm, above its range (<= 100 cm)"])
        #expect(messages("mitoses", .number(1001)) == ["'mitoses' is 1001, above its range (<= 1000)"])
        // The bounds themselves.
        #expect(value("size", .number(100)) == .number(1000))
        #expect(value("size", .string("0.1 mm")) == .number(0.1))
        #expect(value("mitoses", .number(1000)) == .number(1000))
    }

    @Test func nanAndInfinityAreRejected() {
        #expect(messages("size", .number(.nan)) == ["'size' must be a finite number"])
        #expect(messages("size", .number(.infinity)) == ["'size' must be a finite number"])
        #expect(messages("mitoses", .number(-.infinity)) == ["'mitoses' must be a finite number"])
        #expect(messages("ratio", .number(.nan)) == ["'ratio' must be a finite number"])
        #expect(messages("ratio", .string("NaN")) == ["'ratio' must be a finite number"])
        #expect(messages("ratio", .string("inf")) == ["'ratio' must be a finite number"])
        #expect(messages("size", .string("1e999 mm")) == ["'size': \"1e999 mm\" is not a length (e.g. \"45 mm\")"])
        #expect(messages("size", .string("nan")) == ["'size': \"nan\" is not a length (e.g. \"45 mm\")"])
    }

    // MARK: counts and numbers

    @Test func countsMustBeWhole() {
        #expect(value("mitoses", .number(12)) == .number(12))
        #expect(value("mitoses", .string("12")) == .number(12))
        #expect(value("mitoses", .number(0)) == .number(0))
        #expect(messages("mitoses", .number(2.5)) == ["'mitoses' is a count: it must be a whole number >= 0, found 2.5"])
        #expect(messages("mitoses", .number(-1)) == ["'mitoses' is a count: it must be a whole number >= 0, found -1"])
        #expect(messages("mitoses", .string("many")) == ["'mitoses' must be a number, found \"many\""])
        #expect(messages("mitoses", .bool(false)) == ["'mitoses' must be a number, found false"])
    }

    @Test func numbersMayBeFractionalAndNegative() {
        #expect(value("ratio", .number(-2.5)) == .number(-2.5))
        #expect(value("ratio", .string("0.25")) == .number(0.25))
    }

    // MARK: booleans

    @Test func booleans() {
        #expect(value("symptomatic", .bool(true)) == .bool(true))
        #expect(value("symptomatic", .string("yes")) == .bool(true))
        #expect(value("symptomatic", .string("TRUE")) == .bool(true))
        #expect(value("symptomatic", .string("No")) == .bool(false))
        #expect(messages("symptomatic", .string("maybe")) == ["'symptomatic' must be true or false, found \"maybe\""])
        #expect(messages("symptomatic", .number(1)) == ["'symptomatic' must be true or false, found 1"])
    }

    // MARK: enums and sets

    @Test func enumValues() {
        #expect(value("site", .string("duodenum")) == .member(1))
        #expect(value("site", .string(" colorectum ")) == .member(2))
    }

    @Test func unknownEnumValueSuggestsTheClosest() {
        #expect(messages("site", .string("stomache")) == ["'site': unknown value 'stomache' (did you mean 'stomach'?)"])
        #expect(messages("site", .string("liver")) == ["'site': unknown value 'liver' (expected one of stomach, duodenum, colorectum)"])
        #expect(messages("site", .number(1)) == ["'site' must be one of stomach, duodenum, colorectum, found 1"])
        // Case matters: names are case-sensitive.
        #expect(messages("site", .string("Stomach")) == ["'site': unknown value 'Stomach' (did you mean 'stomach'?)"])
    }

    @Test func setsFromArrays() {
        #expect(value("failed", .array([.string("imatinib"), .string("regorafenib")])) == .set(0b101))
        #expect(value("failed", .array([])) == .set(0))
        #expect(messages("failed", .array([.string("imatinib"), .number(2)])) == ["'failed' must list members of drug, found 2"])
        #expect(messages("failed", .array([.string("imatinb")])) == ["'failed': unknown value 'imatinb' (did you mean 'imatinib'?)"])
        #expect(messages("failed", .bool(true)) == ["'failed' must be a list of drug members, found true"])
    }

    @Test func setsFromSeparatedStrings() {
        #expect(value("failed", .string("imatinib;sunitinib")) == .set(0b011))
        #expect(value("failed", .string(" imatinib ; regorafenib ;")) == .set(0b101))
        #expect(value("failed", .string("sunitinib")) == .set(0b010))
        // An empty cell is the empty set, and it counts as given.
        #expect(value("failed", .string("")) == .set(0))
        #expect(messages("failed", .string("imatinib;nope")) == ["'failed': unknown value 'nope' (expected one of imatinib, sunitinib, regorafenib)"])
    }

    // MARK: fields

    @Test func unknownFieldSuggestsTheClosest() {
        #expect(messages("siez", .number(3)) == ["unknown field 'siez' (did you mean 'size'?)"])
        #expect(messages("tumour_volume", .number(3)) == ["unknown field 'tumour_volume'"])
        #expect(messages("ID", .string("x")) == ["unknown field 'ID' (did you mean 'id'?)"])
    }

    @Test func duplicateFields() {
        #expect(messages([("size", .number(3)), ("site", .string("stomach")), ("size", .number(4))]) == ["field 'size' is given twice"])
        #expect(messages([("id", .string("a")), ("id", .string("b"))]) == ["field 'id' is given twice"])
    }

    @Test func everyProblemOfARecordIsReported() {
        let m = messages([("size", .number(-1)), ("site", .string("stomache")), ("mitoses", .number(2.5)), ("nope", .null)])
        #expect(m == [
            "'size' is -1 cm, below its range (> 0 cm)",
            "'site': unknown value 'stomache' (did you mean 'stomach'?)",
            "'mitoses' is a count: it must be a whole number >= 0, found 2.5",
            "unknown field 'nope'",
        ])
        guard case .failure(let e) = bind([("size", .number(-1))]) else { Issue.record("bound"); return }
        #expect(e.errors.first?.location == location)
        #expect(e.errors.first?.description == "cases.jsonl:7: record 3: 'size' is -1 cm, below its range (> 0 cm)")
    }

    // MARK: ids, defaults and missing values

    @Test func idFromStringNumberOrAbsent() throws {
        #expect(try bind([("id", .string("A-01"))]).get().id == "A-01")
        #expect(try bind([("id", .number(17))]).get().id == "17")
        #expect(try bind([("id", .number(1.5))]).get().id == "1.5")
        #expect(try bind([("size", .number(3))]).get().id == "cases.jsonl#3")
        #expect(try bind([("id", .null)]).get().id == "cases.jsonl#3")
        #expect(messages("id", .bool(true)) == ["'id' must be a string or a number"])
        #expect(messages("id", .array([])) == ["'id' must be a string or a number"])
        #expect(messages("id", .string("")) == ["'id' must not be empty"])
        #expect(messages("id", .string("  ")) == ["'id' must not be empty"])
    }

    @Test func missingAndNullValuesAreUnknownOrDefault() throws {
        let c = try bind([("size", .null), ("site", .string("")), ("mitoses", .string("  "))]).get()
        #expect(c.inputs == [.unknown, .unknown, .unknown, .unknown, .unknown, .unknown, .set(0), .bool(false)])
        #expect(c.given == Array(repeating: false, count: 8))
        #expect(c.location == location)
        let d = try bind([("symptomatic", .bool(true)), ("failed", .array([.string("sunitinib")])), ("size", .number(2))]).get()
        #expect(d.inputs[binderProgram.slot(named: "symptomatic")!] == .bool(true))
        #expect(d.given == [true, false, false, false, false, false, true, true])
    }

    @Test func parseQuantityDirectly() throws {
        let cmUnit = Units.lookup("cm")
        #expect(try CaseBinder.parseQuantity("2.5e1 mm", default: cmUnit, dimension: .length).get() == 25)
        #expect(try CaseBinder.parseQuantity("3", default: cmUnit, dimension: .length).get() == 30)
        #expect(try CaseBinder.parseQuantity("-2 cm", default: cmUnit, dimension: .length).get() == -20)
        guard case .failure(let e) = CaseBinder.parseQuantity("3", default: nil, dimension: .length) else {
            Issue.record("accepted a bare number without a unit"); return
        }
        #expect(e.message == "\"3\" needs a unit")
    }
}

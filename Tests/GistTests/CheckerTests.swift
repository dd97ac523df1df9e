import Testing
@testable import Gist

/// The IR of `let NAME` in a program.
private func letIR(_ p: Program, _ name: String) -> IR? {
    guard let d = p.derived.first(where: { $0.name == name }), case .letValue(let ir) = d.kind else { return nil }
    return ir
}

/// Compiles `let t = EXPR` next to some inputs and returns the constant value of `t`.
private func constantLet(_ expression: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Value {
    let p = try program(guideline("let t = \(expression)"), sourceLocation: sourceLocation)
    let ir = try #require(letIR(p, "t"), sourceLocation: sourceLocation)
    #expect(ir.slots.isEmpty, "a constant expression reads no slot", sourceLocation: sourceLocation)
    return Evaluator.evaluateConstant(ir)
}

private let inputs = """
enum drug = imatinib | sunitinib
input size: length in cm where 0 cm < size <= 100 cm
input age: duration in years
input mitoses: count where mitoses <= 1000
input ratio: number
input site: stomach | duodenum | colorectum
input failed: set of drug = {}
input symptomatic: bool = false
"""

/// The errors of `let t = EXPR` checked next to `inputs`.
private func letErrors(_ expression: String) -> [Diagnostic] {
    errors(guideline(inputs + "\nlet t = \(expression)"))
}

@Suite struct CheckerTests {
    // MARK: units

    @Test(arguments: [
        "2 cm == 20 mm", "0.7 cm == 7 mm", "1 week == 7 days", "1 year == 365.25 days", "2 months == 60.875 days",
        "1 g == 1000 mg", "1 g/day == 1000 mg/day", "2 cm + 5 mm == 25 mm", "10 cm / 2 == 5 cm", "10 cm / 2 cm == 5",
        "3 cm * 2 == 60 mm", "2 cm < 21 mm <= 2.1 cm", "-(2 cm) == -20 mm", "1 day != 1 week", "3 years == 36 months",
        "0.1 cm + 0.2 cm == 3 mm", "1.5 m == 150 cm", "1 kg == 1000 g", "250 mcg == 0.25 mg", "70 kg == 70000000 mg",
        "0.1 mcg + 0.2 mcg == 0.3 mcg", "500 mcg/day == 0.5 mg/day", "1.75 m == 1750 mm",
    ])
    func quantityConstantsCompareExactly(_ expression: String) throws {
        #expect(try constantLet(expression) == .bool(true))
    }

    @Test func quantitiesAreHeldInBaseUnits() throws {
        #expect(try constantLet("4.5 cm") == .number(45))
        #expect(try constantLet("2 weeks") == .number(14))
        #expect(try constantLet("0.4 g") == .number(400))
        let p = try program(guideline(inputs + "\nlet t = 2 cm"))
        #expect(p.derived.first { $0.name == "t" }?.type == .quantity(.length))
        let size = try #require(p.inputs.first { $0.name == "size" })
        #expect(size.unit?.name == "cm")
        #expect(size.lower == Bound(value: 0, inclusive: false))
        #expect(size.upper == Bound(value: 1000, inclusive: true))
        #expect(p.inputs.first { $0.name == "age" }?.unit?.factor == 365.25)
    }

    /// A count is a number of things, without dimension: against a length the dimensions
    /// differ, a unit mismatch as docs/language.md says ("a length with a count").
    @Test func lengthAgainstCountIsAUnitMismatch() {
        let e = letErrors("size < mitoses")
        #expect(e.map(\.id) == ["unit-mismatch"])
        #expect(e.first?.message == "cannot compare a length with a count")
        #expect(letErrors("mitoses == 5 cm").map(\.id) == ["unit-mismatch"])
        #expect(letErrors("size + mitoses > 2 cm").first?.message == "cannot add a length with a count")
    }

    @Test func lengthAgainstDurationIsAUnitMismatch() {
        let e = letErrors("size > age")
        #expect(e.map(\.id) == ["unit-mismatch"])
        #expect(e.first?.message == "cannot compare a length with a duration")
        #expect(letErrors("size > 3 days").map(\.id) == ["unit-mismatch"])
        #expect(letErrors("size + age").first?.message == "cannot add a length with a duration")
        #expect(letErrors("size - 2 mg").first?.message == "cannot subtract a length with a mass")
        // `*` and `/` make derived dimensions; comparing one with another dimension is a mismatch.
        #expect(letErrors("size * size > 5 cm").first?.message == "cannot compare an area with a length")
        #expect(letErrors("size / age > 2 mg").first?.message == "cannot compare a quantity of length per time with a mass")
    }

    @Test func plainNumberAgainstQuantityIsMissingUnit() {
        let e = letErrors("size < 5")
        #expect(e.map(\.id) == ["missing-unit"])
        #expect(e.first?.message == "a plain number cannot be compared with a length; give it a unit (e.g. 5 cm)")
        #expect(letErrors("age >= 2").first?.message == "a plain number cannot be compared with a duration; give it a unit (e.g. 1 year)")
        #expect(letErrors("size + 1").first?.message == "a plain number cannot be combined with a length; give it a unit (e.g. 5 cm)")
        #expect(letErrors("size < 5 cm").isEmpty)
        #expect(letErrors("mitoses < 5").isEmpty)
        #expect(letErrors("ratio < 0.5 and mitoses > ratio").isEmpty)
    }

    @Test func arithmeticTypes() throws {
        let p = try program(guideline(inputs + """

        let a = size * 2
        let b = size / 2 cm
        let c = mitoses + mitoses
        let d = mitoses - 1
        let e = mitoses / 2
        let f = -mitoses
        let g = age + 1 week
        """))
        func type(_ n: String) -> GType? { p.derived.first { $0.name == n }?.type }
        #expect(type("a") == .quantity(.length))
        #expect(type("b") == .number)
        #expect(type("c") == .count)
        #expect(type("d") == .number)
        #expect(type("e") == .number)
        #expect(type("f") == .number)
        #expect(type("g") == .quantity(.duration))
    }

    @Test func unknownUnitsAreReportedWithASuggestion() {
        let e = errors(guideline("input size: length in cms"))
        #expect(e.map(\.id) == ["unknown-unit"])
        #expect(e.first?.notes == ["did you mean 'cm'?"])
    }

    @Test func unknownUnitAfterANumber() throws {
        // `5 cms` is a typo for a unit: reported as an unknown unit, with a suggestion.
        let e = errors(guideline(inputs, pathway: "when size < 5 cms { recommend r }"))
        #expect(e.map(\.id) == ["unknown-unit"])
        #expect(e.first?.message == "unknown unit 'cms'")
        #expect(e.first?.notes == ["did you mean 'cm'?"])
        let range = try #require(e.first?.range)
        #expect(range.file.text(of: range.span) == "cms")
        #expect(letErrors("2 mg/dya").map(\.message) == ["unknown unit 'mg/dya'"])
        #expect(letErrors("2 mg/dya").first?.notes == ["did you mean 'mg/day'?"])
        #expect(letErrors("3 weeksx").first?.notes == ["did you mean 'weeks'?"])
        #expect(letErrors("3 zork").map(\.message) == ["unknown unit 'zork'"])
    }

    @Test func namesAfterANumberThatAreNotUnits() throws {
        // Keywords, a name on the next line and a division are not units.
        #expect(letErrors("mitoses <= 5 and symptomatic").isEmpty)
        #expect(letErrors("if mitoses > 5 then 1 else 2").isEmpty)
        let p = try program(guideline(inputs + "\nlet t = 10 cm / size\nlet u = 5\nlet v = 800 mg/day"))
        #expect(p.derived.map(\.type) == [.number, .number, .quantity(.dose)])
    }

    @Test func inputUnits() {
        let missing = errors(guideline("input size: length"))
        #expect(missing.map(\.id) == ["missing-input-unit"])
        #expect(missing.first?.message == "input 'size' is a length: say the unit of bare numbers in records, e.g. 'in cm'")
        #expect(errors(guideline("input d: duration")).first?.message
                == "input 'd' is a duration: say the unit of bare numbers in records, e.g. 'in day'")
        let nonQuantity = errors(guideline("input n: count in mm"))
        #expect(nonQuantity.map(\.id) == ["unit-on-non-quantity"])
        #expect(nonQuantity.first?.message == "'n' is not a quantity, so it takes no unit")
        let wrong = errors(guideline("input size: length in mg"))
        #expect(wrong.map(\.id) == ["unit-mismatch"])
        #expect(wrong.first?.message == "unit 'mg' is a mass unit, but 'size' is a length")
        #expect(errors(guideline("input dose: dose in mg/day\ninput m: mass in g\ninput t: duration in weeks")).isEmpty)
    }

    // MARK: names

    @Test func unknownNameSuggestsTheClosest() {
        let e = letErrors("mitose > 5")
        #expect(e.map(\.id) == ["unknown-name"])
        #expect(e.first?.message == "unknown name 'mitose'")
        #expect(e.first?.notes == ["did you mean 'mitoses'?"])
        #expect(letErrors("sympotmatic").first?.notes == ["did you mean 'symptomatic'?"])
        #expect(letErrors("zzzzzz").first?.notes == [])
        // Enum members are candidates too.
        #expect(letErrors("site == duodenun").first?.notes == ["did you mean 'duodenum'?", "the members of 'site' are: stomach, duodenum, colorectum"])
    }

    @Test func unknownNameSpan() throws {
        let e = try #require(letErrors("mitose > 5").first?.range)
        #expect(e.file.text(of: e.span) == "mitose")
    }

    @Test func unknownTypeSuggestsTheClosest() {
        let e = errors(guideline("input n: cuont"))
        #expect(e.map(\.id) == ["unknown-type"])
        #expect(e.first?.message == "unknown type 'cuont'")
        #expect(e.first?.notes == ["did you mean 'count'?"])
        let s = errors(guideline("enum drug = a | b\ninput f: set of drgu"))
        #expect(s.map(\.id) == ["unknown-type"])
        #expect(s.first?.message == "unknown enum 'drgu' in 'set of'")
        #expect(s.first?.notes == ["did you mean 'drug'?"])
    }

    @Test func duplicateDeclarations() {
        #expect(errors(guideline("input a: bool\nlet a = true")).map(\.message) == ["'a' is already declared at line 5"])
        #expect(errorIDs(guideline("input a: bool\ninput a: count")) == ["duplicate-declaration"])
        #expect(errorIDs(guideline("let a = true\ntable a: bool first {\n | true |\n | any | => true\n}")) == ["duplicate-declaration"])
        #expect(errors(guideline("enum count = a | b")).map(\.message) == ["'count' is a built-in type; choose another name"])
        // An input of listed members names its enum after itself: the one error, its members still known.
        #expect(errorIDs(guideline("input dose: d400 | d800", pathway: "when dose == d800 { recommend r }")) == ["builtin-type-name"])
        #expect(errorIDs(guideline("enum e = a | b\nenum e = c")) == ["duplicate-declaration"])
        #expect(errors(guideline("enum e = a | b | a")).map(\.message) == ["'a' is listed twice in enum 'e'"])
    }

    @Test func declarationsMayComeInAnyOrder() throws {
        let p = try program(guideline("let b = a and c\nlet c = not x\ninput x: bool\nlet a = x", pathway: "when b { recommend r }"))
        // Derived values are ordered by dependency.
        #expect(p.derived.map(\.name) == ["a", "c", "b"])
    }

    @Test func cyclesBetweenLets() {
        let e = errors(guideline("input x: bool\nlet a = x and c\nlet b = a\nlet c = not b", pathway: "when a { recommend r }"))
        #expect(e.map(\.id) == ["cycle"])
        #expect(e.first?.message == "'a' depends on itself: a -> c -> b -> a")
        let selfCycle = errors(guideline("let a = not a", pathway: "when a { recommend r }"))
        #expect(selfCycle.map(\.message) == ["'a' depends on itself: a -> a"])
    }

    @Test func cycleThroughATable() {
        let e = errors(guideline("""
        enum band = low | high
        let big = t == high
        table t: band first {
          | big  |
          | true | => high
          | any  | => low
        }
        """, pathway: "when big { recommend r }"))
        #expect(e.map(\.id) == ["cycle"])
    }

    // MARK: enums

    @Test func enumMembersTakeTheirTypeFromContext() throws {
        let p = try program(guideline("""
        enum risk = low | high
        enum grade = low | high | very_high
        input r: risk
        input g: grade
        let a = r == low
        let b = low == g
        let c = g == very_high
        let d = r == risk.high
        let e = if c then very_high else g
        let f = g in {low, very_high}
        """))
        #expect(p.derived.map(\.type) == [.bool, .bool, .bool, .bool, .enumeration(1), .bool])
        // Bare members compile to the member index of the right enum.
        #expect(p.value("b", ["g": .member(0)]) == .bool(true))
        #expect(p.value("e", ["g": .member(2)]) == .member(2))
        #expect(p.value("e", ["g": .member(1)]) == .member(1))
        #expect(p.value("f", ["g": .member(1)]) == .bool(false))
    }

    @Test func ambiguousMemberNeedsQualification() {
        let e = errors(guideline("enum risk = low | high\nenum grade = low | high\ninput x: bool\nlet t = if x then low else risk.high"))
        #expect(e.map(\.id) == ["ambiguous-member"])
        #expect(e.first?.message == "'low' is a member of several enums (risk, grade); write it qualified, e.g. risk.low")
    }

    @Test func ambiguousMemberInASetLiteral() throws {
        let e = errors(guideline("enum risk = low | high\nenum grade = low | high | very_high\nlet t = {low}"))
        #expect(e.map(\.id) == ["ambiguous-member"])
        #expect(e.first?.message == "'low' is a member of several enums (risk, grade), so the type of this set is not clear; declare it, e.g. 'let name: set of risk = …'")
        let range = try #require(e.first?.range)
        #expect(range.file.text(of: range.span) == "low")
        #expect(errorIDs(guideline("enum risk = low | high\nenum grade = low | high\nlet t = {low, zzz}")) == ["ambiguous-member"])
        // The one enum holding every member gives the type; so does a declared type.
        let p = try program(guideline("enum risk = low | high\nenum grade = low | high | very_high\nlet t = {low, very_high}\nlet u: set of risk = {low}"))
        #expect(p.derived.map(\.type) == [.set(1), .set(0)])
        // A member of one enum only, with a member of no enum: the other is reported.
        #expect(errors(guideline("enum risk = low | high\nlet t = {low, zzz}")).map(\.message) == ["'zzz' is not a member of enum 'risk'"])
    }

    /// yes/no, which case records accept for a bool, get a hint (and a did-you-mean an editor
    /// can apply) where the language expects a bool.
    @Test func yesAndNoHintAtTrueAndFalse() {
        #expect(letErrors("symptomatic == yes").first?.notes == ["did you mean 'true'?", "a bool is written true or false (case records also accept yes and no)"])
        #expect(letErrors("symptomatic and No").first?.notes.first == "did you mean 'false'?")
    }

    @Test func memberOfTheWrongEnum() {
        let e = letErrors("site == stomac")
        #expect(e.map(\.id) == ["not-a-member"])
        #expect(e.first?.message == "'stomac' is not a member of enum 'site'")
        #expect(e.first?.notes == ["did you mean 'stomach'?", "the members of 'site' are: stomach, duodenum, colorectum"])
        // A member of another enum.
        #expect(letErrors("site == imatinib").map(\.message) == ["'imatinib' is not a member of enum 'site'"])
        #expect(letErrors("site.stomak").first?.notes == ["did you mean 'stomach'?", "the members of 'site' are: stomach, duodenum, colorectum"])
        #expect(letErrors("sit.stomach").map(\.message) == ["unknown enum 'sit'"])
    }

    @Test func enumsAreNotOrdered() {
        let e = letErrors("site < duodenum")
        #expect(e.map(\.id) == ["not-ordered"])
        #expect(e.first?.message == "'<' needs numbers or quantities, found site")
        #expect(letErrors("symptomatic >= false").map(\.id) == ["not-ordered"])
        #expect(letErrors("site != duodenum").isEmpty)
    }

    @Test func membershipTyping() {
        #expect(letErrors("imatinib in failed").isEmpty)
        #expect(letErrors("site not in {stomach, duodenum}").isEmpty)
        #expect(letErrors("site in failed").map(\.message) == ["cannot look for site in set of drug"])
        #expect(letErrors("site in site").map(\.message) == ["'in' needs a set on its right, found site"])
        #expect(letErrors("site in {stomach, imatinib}").map(\.id) == ["not-a-member"])
    }

    @Test func tooManyMembers() {
        let members = (0..<65).map { "m\($0)" }.joined(separator: " | ")
        #expect(errors(guideline("enum e = \(members)")).map(\.message) == ["enum 'e' has 65 members; at most 64 are supported"])
        let ok = (0..<64).map { "m\($0)" }.joined(separator: " | ")
        #expect(errors(guideline("enum e = \(ok)")).isEmpty)
    }

    // MARK: conditions and conditionals

    @Test func conditionsMustBeBool() {
        let e = errors(guideline(inputs, pathway: "when size { recommend r }"))
        #expect(e.map(\.message) == ["a condition must be bool, found length"])
        #expect(letErrors("not size").map(\.message) == ["expected a condition (bool), found length"])
        #expect(letErrors("symptomatic and mitoses").map(\.id) == ["type-mismatch"])
        #expect(letErrors("-symptomatic").map(\.message) == ["cannot negate bool"])
    }

    @Test func conditionalBranchesHaveOneType() throws {
        #expect(letErrors("if symptomatic then size else 3").map(\.message)
                == ["both branches of 'if' must have one type, found length and number"])
        #expect(letErrors("if symptomatic then 1 cm else 3 mm").isEmpty)
        #expect(letErrors("if size then 1 else 2").map(\.id) == ["type-mismatch"])
        let p = try program(guideline(inputs + "\nlet t = if symptomatic then mitoses else 2.5\nlet u: length = if symptomatic then 1 cm else size"))
        #expect(p.derived.map(\.type) == [.number, .quantity(.length)])
    }

    @Test func declaredLetType() {
        #expect(letErrors("1").isEmpty)
        #expect(errors(guideline(inputs + "\nlet t: bool = size")).map(\.message) == ["'t' is declared bool but its value is length"])
    }

    // MARK: tables

    @Test func tableArity() {
        let e = errors(guideline(inputs + """

        enum band = low | high
        table t: band first {
          | size    | mitoses |
          | <= 5 cm | <= 5    | => low
          | any               | => high
          | any | any | any   | => high
        }
        """))
        #expect(e.map(\.message) == ["row has 1 cell, the table has 2 columns", "row has 3 cells, the table has 2 columns"])
        #expect(e.map(\.id) == ["table-arity", "table-arity"])
    }

    @Test func collectNeedsASetType() {
        let e = errors(guideline(inputs + """

        enum flag = big | many
        table t: flag collect {
          | size   |
          | > 5 cm | => big
        }
        """))
        #expect(e.map(\.id) == ["collect-needs-set"])
        let s = errors(guideline(inputs + """

        enum flag = big | many
        table t: set of flag first {
          | size   |
          | > 5 cm | => {big}
        }
        """))
        #expect(s.map(\.id) == ["set-needs-collect"])
        #expect(s.first?.message == "a table of type 'set of flag' must use the 'collect' hit policy")
    }

    @Test func collectTableChecksItsRows() throws {
        let p = try program(guideline(inputs + """

        enum flag = big | many
        table t: set of flag collect {
          | size   | mitoses |
          | > 5 cm | any     | => big
          | any    | > 5     | => many
        }
        """))
        #expect(p.derived.first?.type == .set(p.enums.firstIndex { $0.name == "flag" }!))
        #expect(p.tables.first?.outputType == .enumeration(p.enums.firstIndex { $0.name == "flag" }!))
        let bad = errors(guideline(inputs + """

        enum flag = big | many
        table t: set of flag collect {
          | size   |
          | > 5 cm | => {big}
        }
        """))
        #expect(bad.map(\.message) == ["output must be flag, found set of flag"])
    }

    @Test func collectWithWrongTypeStillChecksColumns() {
        let ids = errorIDs(guideline(inputs + """

        enum flag = big | many
        table t: flag collect {
          | sise   |
          | > 5 cm | => big
        }
        """))
        #expect(ids == ["collect-needs-set", "unknown-name"])
        // Rows are checked too, and a use of the table is not a second error.
        let rows = errorIDs(guideline(inputs + """

        enum flag = big | many
        table t: flag collect {
          | size   |
          | > 5 cm | => bigg
        }
        """, pathway: "when big in t { recommend r }"))
        #expect(rows == ["collect-needs-set", "not-a-member"])
    }

    @Test func tableCells() throws {
        let p = try program(guideline(inputs + """

        enum band = low | mid | high
        table t: band first {
          | size          | site                 | mitoses | symptomatic |
          | <= 2 cm       | any                  | -       | true        | => low
          | (2 cm..5 cm]  | stomach              | < 5     | any         | => mid
          | [5 cm..10 cm) | {duodenum, stomach}  | == 5    | false       | => mid
          | any           | not {stomach}        | >= 6    | any         | => high
        }
        """))
        let t = try #require(p.tables.first)
        #expect(t.rows.map(\.cells) == [
            [.compare(.le, .number(20)), .any, .any, .compare(.eq, .bool(true))],
            [.interval(low: 20, lowOpen: true, high: 50, highOpen: false), .oneOf(1, negated: false), .compare(.lt, .number(5)), .any],
            [.interval(low: 50, lowOpen: false, high: 100, highOpen: true), .oneOf(0b011, negated: false), .compare(.eq, .number(5)), .compare(.eq, .bool(false))],
            [.any, .oneOf(1, negated: true), .compare(.ge, .number(6)), .any],
        ])
        #expect(t.rows.map(\.output) == [.member(0), .member(1), .member(1), .member(2)])
        #expect(t.columnSources == ["size", "site", "mitoses", "symptomatic"])
    }

    @Test func cellErrors() {
        func tableErrors(_ cell: String, column: String = "size") -> [Diagnostic] {
            errors(guideline(inputs + "\nenum band = low | high\ntable t: band first {\n  | \(column) |\n  | \(cell) | => low\n}"))
        }
        #expect(tableErrors("(5 cm..2 cm]").map(\.message) == ["this interval contains no value"])
        #expect(tableErrors("(2 cm..2 cm]").map(\.id) == ["empty-interval"])
        #expect(tableErrors("[2 cm..2 cm]").isEmpty)
        #expect(tableErrors("<= 5").map(\.id) == ["missing-unit"])
        #expect(tableErrors("<= 5 days").map(\.id) == ["unit-mismatch"])
        #expect(tableErrors("<= mitoses * 1 cm").map(\.message) == ["a table cell must be a constant"])
        #expect(tableErrors("< stomach", column: "site").map(\.message) == ["'<' needs a number or quantity column, but this column is site"])
        #expect(tableErrors("[1..2]", column: "site").map(\.message) == ["an interval needs a number or quantity column, but this column is site"])
        #expect(tableErrors("{stomach}", column: "size").map(\.message) == ["a set of members needs an enum column, but this column is length"])
        #expect(tableErrors("{stomak}", column: "site").map(\.id) == ["not-a-member"])
        #expect(tableErrors("stomak", column: "site").map(\.id) == ["not-a-member"])
        #expect(errors(guideline(inputs + "\nenum band = low | high\ntable t: band first {\n  | size |\n  | any | => lo\n}")).map(\.id) == ["not-a-member"])
        #expect(errors(guideline(inputs + "\nenum band = low | high\ntable t: band first {\n  | size |\n  | any | => size\n}")).map(\.id) == ["type-mismatch"])
    }

    @Test func emptyTable() {
        let e = errors(guideline(inputs + "\nenum band = low | high\ntable t: band first {\n  | size |\n}"))
        #expect(e.map(\.message) == ["table 't' has no rows"])
    }

    // MARK: ranges and defaults

    @Test func ranges() throws {
        let p = try program(guideline("""
        input a: count where a <= 10
        input b: length in cm where b >= 1 cm and b < 5 cm
        input c: number where 100 >= c
        input d: duration in days where (1 week < d)
        """))
        #expect(p.inputs.map(\.lower) == [nil, Bound(value: 10, inclusive: true), nil, Bound(value: 7, inclusive: false)])
        #expect(p.inputs.map(\.upper) == [Bound(value: 10, inclusive: true), Bound(value: 50, inclusive: false), Bound(value: 100, inclusive: true), nil])
    }

    @Test func invalidRanges() {
        for range in ["a != 3", "a or a > 3", "1 < 2", "a == 3"] {
            let e = errors(guideline("input a: count where \(range)"))
            #expect(e.map(\.id) == ["invalid-range"], "\(range)")
            #expect(e.first?.message.hasPrefix("a range compares 'a' with constants, e.g. 'where ") == true, "\(range)")
        }
        #expect(errors(guideline("input a: length in cm where a != 3 cm")).map(\.message)
                == ["a range compares 'a' with constants, e.g. 'where 0 cm < a <= 50 cm'"])
        #expect(errors(guideline("input a: bool where a")).map(\.message) == ["only numbers, counts and quantities can have a range"])
        #expect(errors(guideline("input a: count\ninput b: count where b < a")).map(\.id) == ["not-constant"])
        #expect(errors(guideline("input a: length in cm where a < 5")).map(\.id) == ["missing-unit"])
        #expect(errors(guideline("input a: count where 5 < a < 2")).map(\.message) == ["the range of 'a' contains no value"])
        #expect(errors(guideline("input a: count where 2 < a < 2")).map(\.id) == ["empty-range"])
        #expect(errors(guideline("input a: count where 2 <= a <= 2")).isEmpty)
    }

    @Test func countDefaultsMustBeWholeAndNonNegative() {
        // Records must give counts as whole numbers >= 0 (CaseBinder); a default should too.
        #expect(errors(guideline("input a: count = 2.5")).map(\.message)
                == ["default of 'a' must be a count (a whole number >= 0), found 2.5"])
        #expect(errors(guideline("input a: count = -1")).map(\.message)
                == ["default of 'a' must be a count (a whole number >= 0), found -1"])
        #expect(errorIDs(guideline("input a: count = 2 - 3")) == ["not-a-count"])
        #expect(errors(guideline("input a: count = 0")).isEmpty)
        #expect(errors(guideline("input a: number = -2.5")).isEmpty)
        // A let declared count, and a count table's outputs, when they are constants.
        #expect(errors(guideline("let t: count = 2.5")).map(\.message)
                == ["'t' is declared count (a whole number >= 0), but its value is 2.5"])
        #expect(errors(guideline("let t: count = 2")).isEmpty)
        #expect(errorIDs(guideline("input x: bool\ntable t: count first {\n  | x |\n  | true | => 1.5\n  | any | => 1\n}")) == ["not-a-count"])
    }

    @Test func invalidRangeHintFitsTheInputType() {
        func message(_ declaration: String) -> String { errors(guideline(declaration)).first?.message ?? "" }
        #expect(message("input a: count where a != 3") == "a range compares 'a' with constants, e.g. 'where 0 <= a <= 50'")
        #expect(message("input a: number where a != 3") == "a range compares 'a' with constants, e.g. 'where 0 <= a <= 50'")
        #expect(message("input a: duration in years where a != 3 years") == "a range compares 'a' with constants, e.g. 'where 0 years < a <= 50 years'")
        #expect(message("input a: mass in g where a != 3 mg").contains("'where 0 g < a <= 50 g'"))
    }

    @Test func defaults() throws {
        let p = try program(guideline("""
        enum drug = imatinib | sunitinib
        input a: bool = false
        input b: set of drug = {}
        input c: set of drug = {sunitinib}
        input d: length in cm = 2 cm
        input e: count = 3 where e <= 3
        input f: low | high = high
        input g: count
        """))
        #expect(p.inputs.map(\.defaultValue) == [.bool(false), .set(0), .set(2), .number(20), .number(3), .member(1), nil])
    }

    @Test func defaultErrors() {
        #expect(errors(guideline("input a: count = 2000 where a <= 1000")).map(\.message) == ["default of 'a' is outside its range"])
        #expect(errors(guideline("input a: length in cm = 0 cm where 0 cm < a")).map(\.id) == ["default-out-of-range"])
        #expect(errors(guideline("input a: bool = 3")).map(\.message) == ["default of 'a' must be bool, found number"])
        #expect(errors(guideline("input a: length in cm = 3")).map(\.id) == ["type-mismatch"])
        #expect(errors(guideline("input x: bool\ninput a: bool = x")).map(\.message) == ["a default must be a constant"])
        #expect(errors(guideline("input a: low | high = mid")).map(\.id) == ["not-a-member"])
    }

    // MARK: header, recommendations and pathway

    @Test func header() {
        #expect(errorIDs("input a: bool\npathway { }") == ["missing-header"])
        #expect(errorIDs("") == ["missing-header"])
        #expect(errors("guideline \"G\" {\n version \"1\"\n}\nrecommendation r: recommend \"R.\" cite \"S\"\npathway { recommend r }").map(\.message)
                == ["the guideline header needs 'source \"…\"'"])
        #expect(errorIDs("guideline \"G\" { }\nrecommendation r: recommend \"R.\" cite \"S\"\npathway { recommend r }")
                == ["missing-header-field", "missing-header-field"])
        func dateErrors(_ d: String) -> [String] {
            errorIDs("guideline \"G\" {\n version \"1\"\n date \"\(d)\"\n source \"S\"\n}\nrecommendation r: recommend \"R.\" cite \"S\"\npathway { recommend r }")
        }
        #expect(dateErrors("2017-05-17") == [])
        #expect(dateErrors("2017-13-01") == ["bad-date"])
        #expect(dateErrors("2017-5-17") == ["bad-date"])
        #expect(dateErrors("17 May 2017") == ["bad-date"])
        #expect(dateErrors("2017-00-10") == ["bad-date"])
    }

    @Test func impossibleCalendarDate() {
        func dateErrors(_ d: String) -> [String] {
            errorIDs("guideline \"G\" {\n version \"1\"\n date \"\(d)\"\n source \"S\"\n}\nrecommendation r: recommend \"R.\" cite \"S\"\npathway { recommend r }")
        }
        for bad in ["2017-02-30", "2017-02-29", "1900-02-29", "2017-04-31", "2017-06-31", "2017-01-00", "2017-12-32", "+017-01-01", "2017-+1-01"] {
            #expect(dateErrors(bad) == ["bad-date"], "\(bad)")
        }
        for good in ["2016-02-29", "2000-02-29", "2017-02-28", "2017-01-31", "2017-12-31", "2017-04-30"] {
            #expect(dateErrors(good) == [], "\(good)")
        }
    }

    @Test func headerMetadataReachesTheProgram() throws {
        let p = try program("guideline \"G\" {\n version \"v2\"\n date \"2020-01-31\"\n source \"Src\"\n}\nrecommendation r: recommend \"R.\" cite \"S\"\nrecommendation q: avoid \"Q.\" cite \"T\" source \"Other\"\npathway { recommend r, q }")
        #expect(p.name == "G")
        #expect(p.version == "v2")
        #expect(p.date == "2020-01-31")
        #expect(p.source == "Src")
        #expect(p.recommendations.map(\.source) == ["Src", "Other"])
        #expect(p.recommendations.map(\.strength) == [.recommend, .avoid])
        #expect(p.recommendations.map(\.citation) == ["S", "T"])
    }

    @Test func recommendationCodes() {
        let unknown = errors(guideline("input a: bool", pathway: "when a { recommend rr }"))
        #expect(unknown.map(\.message) == ["unknown recommendation code 'rr'"])
        #expect(unknown.first?.notes == ["did you mean 'r'?"])
        #expect(errors(guideline("recommendation r: avoid \"Again.\" cite \"S\"")).map(\.message)
                == ["recommendation 'r' is already declared at line 5"])
        #expect(errorIDs(guideline("exclusive r, nope")) == ["unknown-code"])
        let twice = errors(guideline("recommendation q: avoid \"Q.\" cite \"S\"\nexclusive r, q, r"))
        #expect(twice.map(\.message) == ["'r' is listed twice in 'exclusive'"])
        #expect(twice.first?.range?.column == 17)
        #expect(errors(guideline("recommendation q: avoid \"  \" cite \"S\"")).map(\.message) == ["recommendation 'q' has an empty text"])
        #expect(errors(guideline("recommendation q: avoid \"Q.\" cite \"\"")).map(\.message) == ["recommendation 'q' cites an empty section"])
    }

    @Test func missingCitationIsReportedAlone() {
        let d = errors(guideline("input a: bool\nrecommendation q: option \"Q.\"", pathway: "when a { recommend q }"))
        #expect(d.first?.id == "missing-citation")
        #expect(d.first?.message == "recommendation 'q' has no citation; add: cite \"section\"")
        #expect(d.map(\.id) == ["missing-citation"])
        // Also a missing or misspelt strength keeps the declaration.
        let strength = errors(guideline("input a: bool\nrecommendation q: \"Q.\" cite \"S\"", pathway: "when a { recommend q }"))
        #expect(strength.map(\.id) == ["missing-strength"])
        #expect(strength.first?.message == "recommendation 'q' has no strength; write 'recommend', 'option', 'consider' or 'avoid' before its text")
        let misspelt = errors(guideline("input a: bool\nrecommendation q: optoin \"Q.\" cite \"S\"", pathway: "when a { recommend q }"))
        #expect(misspelt.map(\.id) == ["syntax"])
        #expect(misspelt.first?.notes == ["did you mean 'option'?"])
    }

    @Test func missingCitationPointsAtTheRecommendation() throws {
        let text = guideline("input a: bool\nrecommendation q: option \"Q.\"\n\nlet b = a", pathway: "when b { recommend r }")
        let d = try #require(errors(text).first { $0.id == "missing-citation" })
        // The recommendation is on line 6; the next token (`let`) is on line 8. The error is
        // just after the text, where the citation belongs.
        #expect(d.range?.line == 6)
        #expect(d.range?.column == 30)
        #expect(d.range?.span.start == d.range?.span.end)
        // A word on the same line is what stands where 'cite' should: it is pointed at, and the
        // rest of the line is skipped.
        let typo = errors(guideline("input a: bool\nrecommendation q: option \"Q.\" cyte \"S\"", pathway: "when a { recommend q }"))
        #expect(typo.map(\.id) == ["missing-citation"])
        #expect(typo.first.map { $0.range!.file.text(of: $0.range!.span) } == "cyte")
        // A source without a citation belongs to the declaration.
        let sourced = errors(guideline("input a: bool\nrecommendation q: option \"Q.\"\n  source \"Other\"", pathway: "when a { recommend q }"))
        #expect(sourced.map(\.id) == ["missing-citation"])
    }

    @Test func pathwayStructure() {
        #expect(errors(guideline("input a: bool", pathway: "first { otherwise { recommend r } }")).map(\.message)
                == ["'first' needs at least one 'when'"])
        #expect(errorIDs(testHeader + "recommendation r: recommend \"R.\" cite \"S\"\n") == ["missing-pathway"])
        #expect(errorIDs(guideline("pathway { recommend r }")) == ["duplicate-pathway"])
        #expect(errorIDs(guideline("guideline \"H\" {\n version \"1\"\n source \"S\"\n}")) == ["duplicate-header"])
        #expect(errors(guideline("expect c recommends r")).map(\.message) == ["script statements belong in a script, not in a guideline"])
    }

    @Test func tooDeepNestingIsTheOnlyError() {
        let deep = String(repeating: "(", count: 500) + "a" + String(repeating: ")", count: 500)
        let ids = errorIDs(guideline("input a: bool\nlet d = \(deep)", pathway: "when d { recommend r }"))
        #expect(ids == ["too-deep"])
        let chain = "a" + String(repeating: " and a", count: 2_000)
        #expect(errorIDs(guideline("input a: bool\nlet d = \(chain)", pathway: "when d { recommend r }")) == ["too-deep"])
    }

    @Test func branchesAreNumberedInSourceOrder() throws {
        let p = try program(guideline("input a: bool\ninput b: bool", pathway: """
        when a { recommend r }
          first {
            when b { recommend r }
            when a { recommend r }
            otherwise { recommend r }
          }
        """))
        #expect(p.branchCount == 4)
    }

    // MARK: warnings

    @Test func unusedDeclarationsAreWarnings() throws {
        let (p, diags) = compile(guideline("input a: bool\ninput spare: count\nlet unused = a", pathway: "when a { recommend r }"))
        #expect(p != nil)
        #expect(diags.map(\.severity) == [.warning, .warning])
        #expect(diags.map(\.message) == ["input 'spare' is not used by any condition", "'unused' is never used"])
        #expect(diags.map(\.id) == ["unused-input", "unused-value"])
    }

    @Test func diagnosticsComeInFileOrder() {
        // A parse error, check errors before and after it (no unused-input warning for
        // 'spare': after a syntax error, which names are used is not known).
        let d = compile(guideline("input a: bool\ninput spare: count\nlet x = zz\nlet y = 1 +\nlet w = qq", pathway: "when a and x and w { recommend r }")).diagnostics
        #expect(d.map(\.id) == ["unknown-name", "syntax", "unknown-name"])
        let starts = d.compactMap { $0.range?.span.start }
        #expect(starts == starts.sorted())
        let sorted = Checker.inFileOrder([
            Diagnostic(.unreadable, "no position", at: nil),
            Diagnostic(.cycle, "second", at: SourceRange(sourceFile("abc"), Span(2, 3))),
            Diagnostic(.syntax, "first", at: SourceRange(sourceFile("abc"), Span(1, 2))),
            Diagnostic(.tooDeep, "first too", at: SourceRange(sourceFile("abc"), Span(1, 3))),
        ])
        #expect(sorted.map(\.message) == ["first", "first too", "second", "no position"])
    }

    @Test func longChainsOfValuesDoNotRecurse() throws {
        // Lets declared in reverse order of use: resolved in dependency order, not recursively.
        // The longest chain accepted has `Checker.maxDerivedDepth` values; one more is too deep.
        let n = Checker.maxDerivedDepth - 1
        var text = "input a: bool\n"
        for k in stride(from: n, to: 0, by: -1) { text += "let v\(k) = v\(k - 1) and a\n" }
        text += "let v0 = a\n"
        let p = try program(guideline(text, pathway: "when v\(n) { recommend r }"))
        #expect(p.derived.count == n + 1)
        #expect(p.derived.first?.name == "v0")
        #expect(p.value("v\(n)", ["a": .bool(true)]) == .bool(true))
        let longer = text + "let v\(n + 1) = v\(n) and a\n"
        #expect(errorIDs(guideline(longer, pathway: "when v\(n + 1) { recommend r }")) == ["too-deep"])
        // A long cycle is one error.
        var cycle = "input a: bool\n"
        for k in 0..<2_000 { cycle += "let c\(k) = c\((k + 1) % 2_000) and a\n" }
        let e = errors(guideline(cycle, pathway: "when c0 { recommend r }"))
        #expect(e.map(\.id) == ["cycle"])
        #expect(e.first?.message.hasPrefix("'c0' depends on itself: c0 -> c1 -> c2") == true)
    }

    @Test func programIsNilWhenThereAreErrors() {
        let (p, diags) = compile(guideline("input a: bool", pathway: "when b { recommend r }"))
        #expect(p == nil)
        #expect(diags.contains { $0.severity == .error })
    }

    // MARK: rendering

    @Test func renderedDiagnosticHasCaretUnderTheSpan() throws {
        let d = try #require(letErrors("mitose > 5").first)
        let line = d.range!.line
        #expect(d.rendered() == """
        t.gist:\(line):9: error: unknown name 'mitose' [unknown-name]
          \(line) | let t = mitose > 5
             |         ^^^^^^
          = did you mean 'mitoses'?

        """)
    }

    @Test func renderedDiagnosticKeepsTabsAndMultiLineSpans() {
        let file = sourceFile("\tlet x = y\nsecond line")
        let d = Diagnostic(.syntax, "msg", at: SourceRange(file, Span(9, 15)))
        #expect(d.rendered() == "t.gist:1:10: error: msg [syntax]\n  1 | \tlet x = y\n    | \t        ^\n")
        let noRange = Diagnostic(.unusedValue, "plain", at: nil, notes: ["n", .witness("case w { }"), .region("x > 1")])
        #expect(noRange.rendered() == "warning: plain [unused-value]\n  = n\n  = witness: case w { }\n  = region: x > 1\n")
    }
}

import Testing
@testable import Gist

/// Negated conditions in explanations read as a person would write them.
@Suite struct ConditionTextTests {
    @Test(arguments: [
        ("type != solid", "type == solid"),
        ("spread == localized and resected", "spread != localized or not resected"),
        ("size < 2 cm or symptomatic", "size >= 2 cm and not symptomatic"),
        ("(a or b) and c", "not a and not b or not c"),
        ("a and (b or c)", "not a or not b and not c"),
        ("not (a or b)", "a or b"),
        ("not resected", "resected"),
        ("2 cm < size <= 5 cm", "2 cm >= size or size > 5 cm"),
        ("(2 cm < size <= 5 cm) or x", "(2 cm >= size or size > 5 cm) and not x"),
        ("imatinib in failed", "imatinib not in failed"),
        ("imatinib not in failed", "imatinib in failed"),
        ("site == site.stomach", "site != site.stomach"),
        ("true", "false"),
        ("if a then b else c", "not (if a then b else c)"),
        ("size <", "not (size <)"),
    ])
    func negation(_ source: String, _ expected: String) {
        #expect(ConditionText.negated(source) == expected)
    }

    /// Values stand after the names they belong to, in the condition or its negation; a
    /// condition that is only a name shows none (whether it held says the value).
    @Test(arguments: [
        ("size > 5 cm", false, "size (6 cm) > 5 cm"),
        ("mitoses > 5 and size > 5 cm", false, "mitoses (8) > 5 and size (6 cm) > 5 cm"),
        ("spread == localized and resected", true, "spread (localized) != localized or not resected (false)"),
        ("2 cm < size <= 5 cm", true, "2 cm >= size (6 cm) or size (6 cm) > 5 cm"),
        ("imatinib in failed", false, "imatinib in failed ({})"),
        ("resected", false, "resected"),
        ("not resected", true, "resected"),
        ("size >", false, "size >  (size = 6 cm)"),
    ])
    func values(_ source: String, _ negated: Bool, _ expected: String) {
        let values = [("size", "6 cm"), ("mitoses", "8"), ("spread", "localized"), ("resected", "false"), ("failed", "{}")]
            .map { (name: $0.0, value: $0.1) }
        let read = values.filter { source.contains($0.name) }
        #expect(ConditionText.shown(source, negated: negated, values: read) == expected)
    }

    /// A let's expression is not a condition: a bare name shows its value.
    @Test func expressionsShowBareNames() {
        #expect(ConditionText.shown("size", negated: false, values: [(name: "size", value: "6 cm")], condition: false) == "size (6 cm)")
    }

    /// The computed values a condition reads, each traced to the inputs, nearest first.
    @Test func computedValuesLeadToTheInputs() throws {
        let p = try program(guideline("""
        input size: length in cm
        input symptomatic: bool = false
        table band: count unique {
          | size    |
          | <= 2 cm | => 1
          | > 2 cm  | => 2
        }
        let small = band == 1 and not symptomatic
        """, pathway: "when small { recommend r }"))
        let ev = Evaluator(program: p)
        let values = ev.evaluate([.number(15), .bool(false)]).values
        let small = try #require(p.slot(named: "small"))
        let computed = p.computedValues(read: [small], in: values)
        #expect(computed.map(\.text) == [
            "small (true) = band (1) == 1 and not symptomatic (false)",
            "band (1) = table band on size (1.5 cm)",
        ])
    }
}

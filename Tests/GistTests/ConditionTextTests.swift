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
}

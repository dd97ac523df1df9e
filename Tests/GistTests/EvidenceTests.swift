import Foundation
import Testing
@testable import Gist

/// Evidence grades: a guideline declares its grading schemes (`evidence esmo { … }`) and a
/// recommendation carries grades in them (`evidence esmo [I, A]`); the checker keeps them as
/// (dimension, value) pairs, the formatter keeps them, and a changed grade is a declaration
/// change in the diff with no region changed.
@Suite struct EvidenceTests {
    static func text(grade: String) -> String {
        testHeader + """
        evidence esmo {
          level I | II | III | IV | V
          grade A | B | C | D | E
        }
        evidence certainty {
          quality high | moderate | low | very_low
        }
        input tolerated: bool
        recommendation imatinib: recommend "Imatinib." cite "S1" evidence esmo [\(grade)] evidence certainty [low]
          source "Other"
        recommendation sunitinib: option "Sunitinib." cite "S2"
        pathway { when tolerated { recommend imatinib } when not tolerated { recommend sunitinib } }

        """
    }

    @Test func gradesAreCheckedIntoDimensionValuePairs() throws {
        let p = try program(Self.text(grade: "I, A"))
        let r = p.recommendations[try #require(p.recommendation(code: "imatinib"))]
        #expect(r.evidence.map(\.scheme) == ["esmo", "certainty"])
        #expect(r.evidence[0].values.map(\.dimension) == ["level", "grade"])
        #expect(r.evidence[0].values.map(\.value) == ["I", "A"])
        #expect(r.evidence.text == "esmo [I, A]; certainty [low]")
        #expect(r.source == "Other")
        #expect(p.recommendations[try #require(p.recommendation(code: "sunitinib"))].evidence.isEmpty)
        #expect(p.evidenceSchemes.map(\.name) == ["esmo", "certainty"])
    }

    @Test func undeclaredSchemesAndValuesAreErrors() {
        #expect(errorIDs(Self.text(grade: "VI, A")) == ["unknown-grade"])
        #expect(errorIDs(Self.text(grade: "I")) == ["unknown-grade"])
        #expect(errorIDs(Self.text(grade: "I, A").replacingOccurrences(of: "evidence certainty [low]", with: "evidence grade [low]"))
            == ["unknown-evidence-scheme"])
        let twice = Self.text(grade: "I, A").replacingOccurrences(of: "evidence certainty {", with: "evidence esmo {")
        #expect(errorIDs(twice).contains("duplicate-declaration"))
    }

    /// A scheme declared right after a recommendation is a declaration, not that
    /// recommendation's grade (it was read as `evidence esmo [` and failed at the `{`).
    @Test func aSchemeAfterARecommendationIsADeclaration() throws {
        let text = testHeader + """
        input tolerated: bool
        recommendation imatinib: recommend "Imatinib." cite "S1"
        evidence esmo {
          level I | II
        }
        recommendation sunitinib: option "Sunitinib." cite "S2" evidence esmo [II]
        evidence certainty {
          quality high | low
        }
        pathway { when tolerated { recommend imatinib } when not tolerated { recommend sunitinib } }

        """
        let p = try program(text)
        #expect(p.evidenceSchemes.map(\.name) == ["esmo", "certainty"])
        #expect(p.recommendations[try #require(p.recommendation(code: "imatinib"))].evidence.isEmpty)
        #expect(p.recommendations[try #require(p.recommendation(code: "sunitinib"))].evidence.text == "esmo [II]")
    }

    @Test func formatterKeepsGradesAndSchemes() throws {
        let formatted = try #require(SourceFormatter.format(Self.text(grade: "I, A")))
        #expect(formatted.contains("  evidence esmo [I, A]\n"))
        #expect(formatted.contains("evidence esmo {\n  level I | II | III | IV | V\n  grade A | B | C | D | E\n}"))
        #expect(SourceFormatter.format(formatted) == formatted)
    }

    @Test func aChangedGradeIsADeclarationChangeOnly() throws {
        let old = try program(Self.text(grade: "I, A"))
        let new = try program(Self.text(grade: "II, B"))
        let d = GuidelineDiff(old: old, new: new)
        #expect(d.declarationChanges.contains("code imatinib: evidence esmo [I, A]; certainty [low] → esmo [II, B]; certainty [low]"))
        #expect(d.regions.isEmpty)
    }

    @Test func reportsCarryTheGrades() throws {
        let p = try program(Self.text(grade: "I, A"))
        let e = Evaluator(program: p)
        let made = e.report(id: "x", inputs: [.bool(true)]).recommendations
        #expect(made.map(\.code) == ["imatinib"])
        #expect(made.first?.evidence.text == "esmo [I, A]; certainty [low]")
    }
}

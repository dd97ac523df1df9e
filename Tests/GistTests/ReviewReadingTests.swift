import Foundation
import Testing
@testable import Gist

/// How the review writes changes so that they read short (issue 14, targets ~200 lines and
/// ~8 terms a code): a code that repeats an earlier code's change under a condition of its
/// own takes that code's terms, terms take the conditions the others share, an enum condition
/// is said with the guideline's own derived value of it, and edits to lets and tables say
/// just what changed. Exactness on random pairs is ReviewPropertyTests'.
@Suite struct ReviewReadingTests {
    static func review(_ old: String, _ new: String) throws -> GuidelineReview { try ReviewShortFormTests.review(old, new) }

    /// The short-form tests' guideline, with a genotype, a derived value of it and a third code.
    static func guideline(_ body: String) -> String {
        ReviewShortFormTests.guideline("""
        input first_failed: bool = false
        enum geno = kit_exon11 | kit_exon9 | kit_other | pdgfra_other | pdgfra_d842v | sdh_deficient | untested
        input genotype: geno = untested
        let resistant = genotype in {pdgfra_d842v, sdh_deficient}
        recommendation z: option "Z." cite "S"
        \(body)
        """)
    }

    /// y is the second choice after x: where x's use changes, y's changes the same way where x
    /// is not usable. y's change is written with x's terms and its own condition.
    @Test func aCodeRepeatingAnEarlierChangeTakesItsTerms() throws {
        func text(_ when: String) -> String {
            Self.guideline("""
            pathway {
              when \(when) {
                first {
                  when not first_failed { recommend x }
                  otherwise { recommend y }
                }
              }
            }
            """)
        }
        let r = try Self.review(text("a and b"), text("(a and c) or (b and d)"))
        let x = try #require(r.codes.first { $0.code == "x" }), y = try #require(r.codes.first { $0.code == "y" })
        #expect(x.sections.map(\.kind) == [.newlyMade, .noLongerMade] && y.sections.map(\.kind) == [.newlyMade, .noLongerMade])
        // Newly made where `a ∧ not b ∧ c` or `b ∧ not a ∧ d`: two terms, the same for both.
        let own = { (s: GuidelineReview.Section, c: GuidelineReview.CodeReview) in GuidelineReview.own(s, c).map { r.text($0) } }
        let gx = try #require(x.sections.first), gy = try #require(y.sections.first)
        #expect(gx.terms.count == 2 && own(gx, x) == own(gy, y), "x \(own(gx, x)), y \(own(gy, y))")
        #expect(r.text(x.context) == "not first_failed" && r.text(y.context) == "first_failed")
    }

    /// Four genotypes are the ones `resistant` is false for but for `untested`: said so, shorter
    /// than either list; one genotype is said plainly.
    @Test func anEnumConditionIsSaidWithItsDerivedValue() throws {
        let r = try Self.review(Self.guideline("pathway {\n  when a and b { recommend x }\n}"),
                                Self.guideline("pathway {\n  when a and (b or (not resistant and genotype != untested)) { recommend x }\n}"))
        let written = try #require(r.codes.first { $0.code == "x" }).sections.flatMap { s in s.terms.map { r.text($0) } }
        #expect(written == ["a ∧ not b ∧ not resistant ∧ genotype ≠ untested"], "\(written)")
        let one = try Self.review(Self.guideline("pathway {\n  when a and b { recommend x }\n}"),
                                  Self.guideline("pathway {\n  when a and (b or genotype == kit_other) { recommend x }\n}"))
        let plain = try #require(one.codes.first { $0.code == "x" }).sections.flatMap { s in s.terms.map { one.text($0) } }
        #expect(plain == ["a ∧ not b ∧ genotype = kit_other"], "\(plain)")
    }

    /// A value only the new revision has is outside the comparison: a condition that would
    /// read as holding for it (`≠ untested`, `not resistant`) names it as excluded.
    @Test func valuesOutsideTheComparisonAreNamedAsExcluded() throws {
        func texts(_ when: String) throws -> [String] {
            let new = Self.guideline("pathway {\n  when \(when) { recommend x }\n}")
                .replacingOccurrences(of: "| untested", with: "| untested | kit_exon18")
            let r = try Self.review(Self.guideline("pathway {\n  when a and b { recommend x }\n}"), new)
            return try #require(r.codes.first { $0.code == "x" }).sections.flatMap { s in s.terms.map { r.text($0) } }
        }
        let derived = try texts("a and (b or (not resistant and genotype != untested))")
        #expect(derived == ["a ∧ not b ∧ not resistant ∧ genotype ∉ {untested, kit_exon18}"], "\(derived)")
        let plain = try texts("a and (b or genotype != kit_other)")
        #expect(plain == ["a ∧ not b ∧ genotype ∉ {kit_other, kit_exon18}"], "\(plain)")
        // The exact listing (`--regions`) says so too.
        let body = "pathway {\n  when a and b and genotype != kit_other { recommend x }\n}"
        let r = try Self.review(Self.guideline(body), Self.guideline(body).replacingOccurrences(of: "| untested", with: "| untested | kit_exon18"))
        let v = try #require(r.space.vars.firstIndex { $0.name == "genotype" })
        #expect(Regions.constraint(v, .mask(0b1111011), space: r.space) == "genotype ∉ {kit_other, kit_exon18}")
    }

    /// Where the revisions follow a sub-pathway differently, the word for it says whose it
    /// is, even when the other revision's is plain enough (`when a`) to be said with its input.
    @Test func aSubPathwayFollowedDifferentlySaysWhose() throws {
        func text(_ when: String) -> String {
            Self.guideline("""
            pathway seq {
              first {
                when c { recommend x }
                otherwise { recommend y }
              }
            }
            pathway {
              when \(when) { follow seq }
            }
            """)
        }
        let r = try Self.review(text("a"), text("(a and b) or (c and d)"))
        let names = r.builder.words.map(\.name).filter { $0.hasPrefix("in seq") }
        #expect(names == ["in seq (new)"], "\(names)")
    }

    /// `m <= 4` in a term that does not say whether m is given holds where it is missing too
    /// (written `m <= 4 ∨ not known(m)`): a term `not known(m)` beside it is redundant.
    @Test func aTermForMissingValuesBesideOneThatHoldsThemIsDropped() throws {
        func text(_ when: String) -> String {
            """
            guideline "K" { version "1" source "Test" }
            input size: length in cm
            input m: number
            recommendation x: option "X." cite "S"
            pathway {
              when \(when) { recommend x }
            }

            """
        }
        let r = try Self.review(text("size >= 2 cm and size < 3 cm and (not known(m) or m <= 8)"),
                                text("size >= 2 cm and size < 5 cm and (not known(m) or m <= 4)"))
        let made = try #require(r.codes.first { $0.code == "x" }?.sections.first { $0.kind == .newlyMade })
        #expect(made.terms.map { r.text($0) } == ["3 cm <= size < 5 cm ∧ (m <= 4 ∨ not known(m))"], "\(made.terms.map { r.text($0) })")
    }

    /// A let that gains a conjunct says just that; one rewritten says both whole.
    @Test func letEditsSayTheConjunctsAddedOrRemoved() {
        #expect(EditFinder.conjunctsEdited("a and b", "a and not c and b") == "\"and not c\" added")
        #expect(EditFinder.conjunctsEdited("a and (b or c) and d", "a and d") == "\"and (b or c)\" removed")
        #expect(EditFinder.conjunctsEdited("a or b", "a or b and c") == nil)
        #expect(EditFinder.conjunctsEdited("a and b", "a and c") == nil)
        #expect(EditFinder.conjunctsEdited("a", "b") == nil)
    }

    /// A table whose columns changed is one edit naming the columns, not its header twice.
    @Test func aTableWithNewColumnsIsOneEdit() throws {
        func text(_ column: String) -> String {
            Self.guideline("""
            table level: bool first {
              | \(column) |
              | true | => true
              | any  | => false
            }
            pathway {
              when level { recommend x }
            }
            """)
        }
        let r = try Self.review(text("a"), text("c"))
        let tableEdits = r.edits.filter { $0.edit.text.hasPrefix("table level") }
        #expect(tableEdits.map(\.edit.text) == ["table level: columns a → c"], "\(tableEdits.map(\.edit.text))")
        #expect(tableEdits.first?.codes == ["x"])
    }

    /// Columns only reordered (each row's cells with them) change no row; a row that also
    /// changes is named.
    @Test func columnsReorderedChangeNoRow() throws {
        func text(_ header: String, _ rows: [String]) -> String {
            Self.guideline("""
            table level: bool first {
              | \(header) |
            \(rows.map { "  | \($0) | => true" }.joined(separator: "\n"))
              | any | any | => false
            }
            pathway {
              when level { recommend x }
            }
            """)
        }
        let old = text("a | b", ["true | false", "false | true"])
        let r = try Self.review(old, text("b | a", ["false | true", "true | false"]))
        #expect(r.edits.map(\.edit.text) == ["table level: columns reordered: b, a"], "\(r.edits.map(\.edit.text))")
        let changed = try Self.review(old, text("b | a", ["false | true", "true | true"]))
        #expect(changed.edits.map(\.edit.text) == ["table level: columns reordered: b, a; row 2: | false | true | => true → | true | true | => true"],
                "\(changed.edits.map(\.edit.text))")
    }

    /// A term that implies the conditions its siblings share is written with them (and without
    /// what they make needless), so that they are written once: on the shipped pair, every
    /// term of surveillance_endoscopy's change says `spread = localized ∧ not resected`
    /// (before, one said `testing_optional ∧ not gross_residual ∧ not completely_resected`).
    @Test func termsTakeTheConditionsTheOthersShare() throws {
        let a = try ShippedDiffTests.load("acs-2017.gist"), b = try ShippedDiffTests.load("gist-2025.gist")
        let r = GuidelineReview(old: a, new: b, only: ["surveillance_endoscopy"])
        let code = try #require(r.codes.first)
        let context = r.parts(code.context)
        #expect(context.contains("spread = localized") && context.contains("not resected"), "\(context)")
        let terms = try #require(code.sections.first).terms.map { r.text($0, without: code.context) }
        #expect(terms.count == 4 && !terms.joined().contains("gross_residual"), "\(terms)")
    }
}

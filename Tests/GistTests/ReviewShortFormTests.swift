import Foundation
import Testing
@testable import Gist

/// The review's short form of a change (issue 14, target "no code needs more than ~8 terms"):
/// a looser cover less its exceptions where that needs fewer terms than an exact cover, and
/// conditions on where a sub-pathway is followed. Exactness on random pairs is
/// ReviewPropertyTests'; these pin that the short forms are chosen.
@Suite struct ReviewShortFormTests {
    static func review(_ old: String, _ new: String) throws -> GuidelineReview {
        let a = try #require(Checker.compile(SourceFile(name: "old.gist", text: old)).program)
        let b = try #require(Checker.compile(SourceFile(name: "new.gist", text: new)).program)
        return GuidelineReview(old: a, new: b)
    }

    static func guideline(_ pathway: String) -> String {
        """
        guideline "Short" { version "1" source "Test" }
        input a: bool = false
        input b: bool = false
        input c: bool = false
        input d: bool = false
        recommendation x: option "X." cite "S"
        recommendation y: option "Y." cite "S"
        \(pathway)

        """
    }

    /// Made where `a` (new) instead of where `a ∧ b ∧ c ∧ d` (old): newly made where `a` and
    /// not all of `b, c, d` — three terms exactly (`a ∧ not b`, …), two as `a` except
    /// `b ∧ c ∧ d`.
    @Test func exceptionsWhenTheyAreShorter() throws {
        let r = try Self.review(Self.guideline("pathway {\n  when a and b and c and d { recommend x }\n}"),
                                Self.guideline("pathway {\n  when a { recommend x }\n}"))
        let code = try #require(r.codes.first { $0.code == "x" })
        let section = try #require(code.sections.first)
        #expect(code.sections.count == 1 && section.kind == .newlyMade)
        #expect(section.terms.count == 1 && section.except.count == 1,
                "terms \(section.terms.map { r.text($0) }), except \(section.except.map { r.text($0) })")
        #expect(section.terms.map { r.text($0) } == ["a"])
        #expect(section.except.map { r.text($0) } == ["b ∧ c ∧ d"])
        // JSON's exact cover says the same in three terms.
        #expect(r.exactTerms(section).count == 3, "\(r.exactTerms(section).map { r.text($0) })")
    }

    /// A change no shorter with exceptions keeps its exact cover.
    @Test func exactCoverWhenExceptionsAreNoShorter() throws {
        let r = try Self.review(Self.guideline("pathway {\n  when a and b { recommend x }\n}"),
                                Self.guideline("pathway {\n  when a or b { recommend x }\n}"))
        let section = try #require(r.codes.first { $0.code == "x" }?.sections.first)
        #expect(section.except.isEmpty)
        #expect(section.terms.count == 2, "\(section.terms.map { r.text($0) })")
    }

    /// A sub-pathway followed from two places changes once: its change reads `in steps` and
    /// what changed inside, not once per road into it.
    @Test func subPathwayIsOneCondition() throws {
        func text(_ inner: String) -> String {
            Self.guideline("""
            pathway steps {
              when \(inner) { recommend y }
            }
            pathway {
              first {
                when a and b { follow steps }
                when c { follow steps }
                otherwise { recommend x }
              }
            }
            """)
        }
        let r = try Self.review(text("d"), text("not d"))
        let code = try #require(r.codes.first { $0.code == "y" })
        #expect(code.sections.map(\.kind) == [.newlyMade, .noLongerMade])
        for s in code.sections {
            let written = (s.terms + s.except).map { r.text($0) }
            #expect(s.terms.count == 1 && s.except.isEmpty, "\(s.kind.rawValue): \(written)")
            #expect(written.allSatisfy { $0.contains("in steps") }, "\(s.kind.rawValue): \(written)")
        }
    }
}

extension ReviewShortFormTests {
    /// Combinations of atoms no case has are neither covered nor kept out: a threshold moved
    /// from 3 years to 1095 days changes the cases with t in [1095, 1095.75) days whatever
    /// `since`, so no condition on `since` is written (a user trial saw three terms on `since`
    /// that together held everywhere), and an atom that cannot be undetermined is not written
    /// `not t < 30 days` for `t >= 30 days`.
    @Test func impossibleAtomCombinationsAreDontCares() throws {
        func text(_ limit: String) -> String {
            """
            guideline "Dates" { version "1" source "Test" }
            input start: date
            input surgery: date
            input high: bool
            let t = today - start
            let since = today - surgery
            recommendation x: option "X." cite "S"
            recommendation y: option "Y." cite "S"
            pathway {
              when high and t < \(limit) { recommend x }
              first {
                when since < 3 years { recommend y }
                when since < 5 years { recommend y }
                otherwise { recommend y }
              }
            }

            """
        }
        let r = try Self.review(text("3 years"), text("1095 days"))
        let code = try #require(r.codes.first { $0.code == "x" })
        let written = code.sections.flatMap { s in (s.terms + s.except).map { r.text($0) } } + [r.text(code.context)]
        #expect(!written.joined().contains("since"), "\(written)")
        #expect(!written.joined().contains("not t"), "\(written)")
    }
}

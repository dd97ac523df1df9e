import Foundation
import Testing
@testable import Gist

/// The review's covers merge terms (issue 14, target "no code needs more than ~8 terms"):
/// two terms that differ only in a value set, or in input conditions a derived value sums up,
/// are one term when that term stays inside the change. Exactness is ReviewPropertyTests'.
@Suite struct CoverMergeTests {
    static func guideline(_ stages: String) -> String {
        """
        guideline "Lines" { version "1" source "Test" }
        enum drug = alpha | beta | gamma
        enum stage = early | local | spread | remote
        input failed: set of drug = {}
        input intolerant: set of drug = {}
        input stage: stage
        let beta_usable = beta not in failed and beta not in intolerant
        recommendation beta_line: option "Beta." cite "S"
        recommendation care: recommend "Care." cite "S"
        pathway {
          first {
            when stage in {\(stages)} and beta_usable { recommend beta_line }
            otherwise { recommend care }
          }
        }

        """
    }

    static func review() throws -> GuidelineReview {
        let a = try #require(Checker.compile(SourceFile(name: "old.gist", text: guideline("remote"))).program)
        let b = try #require(Checker.compile(SourceFile(name: "new.gist", text: guideline("spread, remote"))).program)
        return GuidelineReview(old: a, new: b)
    }

    /// The condition on variable `name` whose text is `text` (bands found by trying each).
    static func literal(_ r: GuidelineReview, _ name: String, _ text: String) throws -> CoverLiteral {
        let v = try #require(r.space.vars.firstIndex { $0.name == name }, "no variable \(name)")
        let n = r.store.bandCount[v]
        for k in 0..<n {
            let l = CoverLiteral(subject: .variable(v), allowed: (0..<n).map { $0 == k })
            if r.text(l) == text { return l }
        }
        throw CoverMergeError(description: "no band of \(name) reads \(text)")
    }

    struct CoverMergeError: Error, CustomStringConvertible { let description: String }

    /// `stage = spread ∧ beta ∈ failed` and `stage = remote ∧ beta ∈ intolerant` join as
    /// `stage ∈ {spread, remote} ∧ not beta_usable`: the value sets are united and the inputs
    /// both terms constrain differently are written with the derived value both imply.
    @Test func joinUnitesValueSetsAndUsesTheDerivedValueBothImply() throws {
        let r = try Self.review()
        let a = [try Self.literal(r, "stage", "stage = spread"), try Self.literal(r, "failed.beta", "beta ∈ failed")]
        let b = [try Self.literal(r, "stage", "stage = remote"), try Self.literal(r, "intolerant.beta", "beta ∈ intolerant")]
        let joined = try #require(r.builder.join(a, b))
        let text = r.text(joined)
        #expect(text.contains("not beta_usable"), "\(text)")
        #expect(!text.contains("failed") && !text.contains("intolerant"), "\(text)")
        #expect(text.contains("spread") && text.contains("remote") && !text.contains("early"), "\(text)")
    }

    /// Terms with nothing in common do not join (their join would be every case).
    @Test func termsWithNothingInCommonDoNotJoin() throws {
        let r = try Self.review()
        let v = try #require(r.space.vars.firstIndex { $0.name == "stage" })
        let n = r.store.bandCount[v]
        let a = [CoverLiteral(subject: .variable(v), allowed: (0..<n).map { $0 < 2 })]
        let b = [CoverLiteral(subject: .variable(v), allowed: (0..<n).map { $0 >= 2 })]
        #expect(r.builder.join(a, b) == nil)
    }

    /// The shipped-style change reads as one term, written with the guideline's own value.
    @Test func smallChangeIsOneTermWithTheDerivedValue() throws {
        let r = try Self.review()
        let code = try #require(r.codes.first { $0.code == "beta_line" })
        let terms = code.sections.flatMap(\.terms)
        #expect(terms.count == 1, "\(terms.map { r.text($0) })")
        #expect(terms.allSatisfy { r.text($0).contains("beta_usable") }, "\(terms.map { r.text($0) })")
    }

    /// On random guideline pairs, no two terms of a cover can be merged: the cover's last
    /// step leaves no pair whose join stays inside the function.
    @Test func noTwoTermsOfACoverMerge() {
        var checked = 0
        for seed in 1...UInt64(40) {
            guard let r = ReviewPropertyTests.generatedReview(seed: seed) else { continue }
            for c in r.codes {
                for s in c.sections {
                    let terms = r.builder.cover(s.diagram)
                    let notF = r.store.not(s.diagram)
                    for i in terms.indices {
                        for j in terms.indices where j > i {
                            checked += 1
                            if let m = r.builder.join(terms[i], terms[j]) {
                                #expect(!r.builder.inside(m, notF), "seed \(seed), \(c.code) \(s.kind.rawValue): \(r.text(terms[i])) and \(r.text(terms[j])) merge")
                            }
                        }
                    }
                }
            }
        }
        #expect(checked > 0)
    }
}

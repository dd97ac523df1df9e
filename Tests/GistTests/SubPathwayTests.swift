import Testing
@testable import Gist

/// Named sub-pathways (`pathway name { … }`, `follow name`) and reasons (`because "…"`).
/// The checker expands each `follow` into ordinary pathway nodes, so a guideline written with
/// sub-pathways must behave exactly like the same guideline written out by hand.
@Suite struct SubPathwayTests {
    static let declarations = """
    input stage: early | late | unknown_stage
    input tolerated: bool
    input progressed: bool
    recommendation surgery: recommend "Surgery." cite "S1"
    recommendation imatinib: recommend "Imatinib." cite "S2"
    recommendation sunitinib: option "Sunitinib." cite "S3"
    recommendation trial: consider "A trial." cite "S4"

    """

    static let sub = testHeader + declarations + """
    pathway drug_sequence {
      first {
        when tolerated and not progressed because "while imatinib works" { recommend imatinib }
        when progressed { follow second_line }
        otherwise { recommend trial because "nothing else applies" }
      }
    }
    pathway second_line {
      when tolerated { recommend sunitinib }
      recommend trial
    }
    pathway {
      when stage == early { recommend surgery  follow drug_sequence }
      when stage == late { follow drug_sequence }
      when stage == unknown_stage { follow second_line }
    }
    """

    static let inlined = testHeader + declarations + """
    pathway {
      when stage == early {
        recommend surgery
        first {
          when tolerated and not progressed { recommend imatinib }
          when progressed { when tolerated { recommend sunitinib }  recommend trial }
          otherwise { recommend trial }
        }
      }
      when stage == late {
        first {
          when tolerated and not progressed { recommend imatinib }
          when progressed { when tolerated { recommend sunitinib }  recommend trial }
          otherwise { recommend trial }
        }
      }
      when stage == unknown_stage { when tolerated { recommend sunitinib }  recommend trial }
    }
    """

    /// Every case of the three inputs, each input also missing.
    static func allCases(_ p: Program) -> [[Value]] {
        let stages: [Value] = [.member(0), .member(1), .member(2), .unknown]
        let bools: [Value] = [.bool(true), .bool(false), .unknown]
        var out: [[Value]] = []
        for s in stages { for t in bools { for g in bools { out.append([s, t, g]) } } }
        #expect(p.inputs.map(\.name) == ["stage", "tolerated", "progressed"])
        return out
    }

    @Test func followBehavesLikeTheWrittenOutPathway() throws {
        let a = try program(Self.sub), b = try program(Self.inlined)
        #expect(a.branchCount == b.branchCount)
        let ea = Evaluator(program: a), eb = Evaluator(program: b)
        let ta = Evaluator(program: a, compile: false)
        for values in Self.allCases(a) {
            let oa = ea.evaluate(values), ob = eb.evaluate(values), tree = ta.evaluate(values)
            #expect(oa.recommended == ob.recommended, "\(values)")
            #expect(oa.undetermined.map(\.code) == ob.undetermined.map(\.code), "\(values)")
            #expect(oa.recommended == tree.recommended && oa.undetermined.map(\.code) == tree.undetermined.map(\.code))
        }
        // The exact diff sees no change in behaviour, and the analyses find the same things.
        let diff = GuidelineDiff(old: b, new: a)
        #expect(diff.regions.isEmpty)
        #expect(Findings.analyse(a).map(\.id) == Findings.analyse(b).map(\.id))
    }

    @Test func eachUseHasBranchesOfItsOwn() throws {
        let p = try program(Self.sub)
        var branches: [Branch] = []
        func walk(_ nodes: [PathNode]) {
            for n in nodes {
                switch n {
                case .when(let b, let body): branches.append(b); walk(body)
                case .first(let alts, let other):
                    for (b, body) in alts { branches.append(b); walk(body) }
                    if let (b, body) = other { branches.append(b); walk(body) }
                case .recommend: break
                }
            }
        }
        walk(p.pathway)
        #expect(branches.map(\.id) == Array(0..<p.branchCount))
        // `tolerated` of second_line stands three times: twice through drug_sequence, once directly.
        let uses = branches.filter { $0.source == "tolerated" }
        #expect(uses.map { $0.via.map(\.pathway) } == [["drug_sequence", "second_line"], ["drug_sequence", "second_line"], ["second_line"]])
        #expect(uses[0].viaDescription == " (in drug_sequence, followed at line 24) (in second_line, followed at line 15)")
        #expect(Set(uses.map(\.range)).count == 1)
    }

    @Test func anErrorInASubPathwayIsReportedOnce() {
        let text = testHeader + "input t: bool\nrecommendation r: recommend \"R.\" cite \"S\"\n"
            + "pathway sub { when nope { recommend r } }\npathway { follow sub  follow sub }\n"
        #expect(errorIDs(text) == ["unknown-name"])
    }

    @Test func recursionIsAnErrorDirectOrNot() {
        let direct = testHeader + "recommendation r: recommend \"R.\" cite \"S\"\n"
            + "pathway sub { recommend r  follow sub }\npathway { follow sub }\n"
        #expect(errorIDs(direct) == ["recursive-pathway"])
        let indirect = testHeader + "recommendation r: recommend \"R.\" cite \"S\"\n"
            + "pathway a { follow b }\npathway b { recommend r  follow a }\npathway { follow a }\n"
        let ds = errors(indirect)
        #expect(ds.map(\.id) == ["recursive-pathway"])
        #expect(ds.first?.message == "pathway 'a' follows itself: a -> b -> a")
    }

    @Test func subPathwayNamesAreUnique() {
        let text = testHeader + "recommendation r: recommend \"R.\" cite \"S\"\n"
            + "pathway sub { recommend r }\npathway sub { recommend r }\npathway { follow sub }\n"
        #expect(errorIDs(text) == ["duplicate-declaration"])
    }

    @Test func expansionIsBounded() {
        // Each level follows the next twice: 2^20 uses of the last one.
        var text = testHeader + "recommendation r: recommend \"R.\" cite \"S\"\n"
        for k in 0..<20 { text += "pathway p\(k) { follow p\(k + 1)  follow p\(k + 1) }\n" }
        text += "pathway p20 { recommend r }\npathway { follow p0 }\n"
        #expect(errorIDs(text) == ["too-deep"])
    }

    @Test func expansionNestsNoDeeperThanAFileCan() {
        // Each level nests the next inside a `when`: 300 levels.
        var text = testHeader + "input t: bool\nrecommendation r: recommend \"R.\" cite \"S\"\n"
        for k in 0..<300 { text += "pathway p\(k) { when t { follow p\(k + 1) } }\n" }
        text += "pathway p300 { recommend r }\npathway { follow p0 }\n"
        #expect(errorIDs(text) == ["too-deep"])
    }

    @Test func reasonsReachTheReport() throws {
        let p = try program(Self.sub)
        let ev = Evaluator(program: p)
        // early, tolerated, not progressed: imatinib through drug_sequence's first alternative.
        let r = ev.report(id: "c", inputs: [.member(0), .bool(true), .bool(false)], explain: true)
        let imatinib = try #require(r.recommendations.first { $0.code == "imatinib" })
        #expect(imatinib.reasons == ["while imatinib works"])
        let steps = try #require(r.explanation?["imatinib"])
        #expect(steps.map(\.because) == [nil, "while imatinib works"])
        #expect(steps[1].via == " (in drug_sequence, followed at line 24)")
        // late, not tolerated, not progressed: the otherwise's recommend statement has the reason.
        let r2 = ev.report(id: "d", inputs: [.member(1), .bool(false), .bool(false)], explain: true)
        #expect(r2.recommendations.first { $0.code == "trial" }?.reasons == ["nothing else applies"])
        // Without an explanation, no reasons are looked for.
        #expect(ev.report(id: "e", inputs: [.member(0), .bool(true), .bool(false)]).recommendations.allSatisfy { $0.reasons.isEmpty })
    }

    @Test func becauseParsesOnEveryBranchKind() throws {
        let text = testHeader + "input t: bool\nrecommendation r: recommend \"R.\" cite \"S\"\n"
            + "pathway {\n  when t because \"w\" { recommend r because \"x\" }\n"
            + "  first { when t because \"y\" { recommend r } otherwise because \"z\" { recommend r } }\n}\n"
        let p = try program(text)
        guard case .when(let b, _) = p.pathway[0], case .first(let alts, let other?) = p.pathway[1] else {
            Issue.record("unexpected pathway shape"); return
        }
        #expect(b.because == "w")
        #expect(alts[0].0.because == "y")
        #expect(other.0.because == "z")
        #expect(Array(p.recommendReasons.values) == ["x"])
    }
}

extension SubPathwayTests {
    /// A branch of a sub-pathway that cannot hold in one use is reported for that use only.
    @Test func findingsNameTheUse() throws {
        let text = testHeader + """
        input stage: early | late
        input tolerated: bool
        recommendation imatinib: recommend "Imatinib." cite "S1"
        recommendation sunitinib: option "Sunitinib." cite "S2"
        pathway drugs {
          when stage == early and tolerated { recommend imatinib }
          when not tolerated { recommend sunitinib }
        }
        pathway {
          when stage == late { follow drugs }
          when stage == early { follow drugs }
        }

        """
        let found = Findings.analyse(try program(text)).filter { $0.id == "unreachable-branch" }
        #expect(found.count == 1)
        #expect(found.first?.range?.line == 10)
        #expect(found.first?.notes == ["in this use: 'drugs' followed at line 14"])
    }
}

extension SubPathwayTests {
    /// A reworded, added or removed reason is a declaration change of the diff, by code.
    @Test func theDiffReportsChangedReasons() throws {
        let old = try program(Self.sub)
        let new = try program(Self.sub
            .replacingOccurrences(of: "because \"while imatinib works\"", with: "because \"first line\"")
            .replacingOccurrences(of: "{ recommend trial because \"nothing else applies\" }", with: "{ recommend trial }"))
        let diff = GuidelineDiff(old: old, new: new)
        #expect(diff.regions.isEmpty)
        #expect(diff.declarationChanges == [
            "code imatinib: reasons removed \"while imatinib works\"; added \"first line\"",
            "code trial: reasons removed \"nothing else applies\"",
        ])
        #expect(GuidelineDiff(old: old, new: old).declarationChanges.isEmpty)
        #expect((old.reasonsByCode["sunitinib"] ?? []).isEmpty)
    }
}

extension SubPathwayTests {
    /// The review lists a changed reason as an edit where it was written (with no effect on any
    /// case), and an edit inside a sub-pathway once, however many places follow it.
    @Test func theReviewListsReasonEditsOncePerPlace() throws {
        let old = try program(Self.sub)
        let new = try program(Self.sub
            .replacingOccurrences(of: "because \"while imatinib works\"", with: "because \"first line\"")
            .replacingOccurrences(of: "{ recommend trial because \"nothing else applies\" }", with: "{ recommend trial }")
            .replacingOccurrences(of: "when tolerated { recommend sunitinib }", with: "when tolerated { recommend sunitinib because \"second line\" }"))
        let review = GuidelineReview(old: old, new: new)
        #expect(review.codes.isEmpty)
        let texts = review.edits.map(\.edit.text)
        #expect(texts.sorted() == [
            "reason added to recommend sunitinib: \"second line\"",
            "reason of when tolerated and not progressed: \"while imatinib works\" → \"first line\"",
            "reason removed from recommend trial: \"nothing else applies\"",
        ])
        #expect(review.edits.allSatisfy { $0.codes.isEmpty })
        // The same edit of a followed block, inside two uses with a case change: one edit.
        let moved = try program(Self.sub.replacingOccurrences(of: "when tolerated { recommend sunitinib }", with: "when not tolerated { recommend sunitinib }"))
        let edits = GuidelineReview(old: old, new: moved).edits
        #expect(edits.count == 1)
        #expect(edits.first?.edit.text == "when tolerated → when not tolerated")
        #expect(edits.first?.codes == ["sunitinib"])
    }
}

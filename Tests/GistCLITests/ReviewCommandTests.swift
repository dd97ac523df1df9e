import Foundation
import Gist
import Testing
@testable import GistCLI

/// `gist diff`'s review (issue 14): the shipped pair's review as a golden (regenerate with
/// GIST_UPDATE_GOLDEN=1 whenever either guideline changes), its layout limits, one edit for
/// one change, and case mode on scripts and on records `gist run` would reject.
@Suite struct ReviewCommandTests {
    static let repository = DiffGoldenTests.repository
    static let folder = DiffGoldenTests.folder

    static let shippedPair = ["diff", "guidelines/acs-2017.gist", "guidelines/gist-2025.gist"]

    @Test func shippedReviewMatchesGolden() throws {
        let r = gist(Self.shippedPair, in: Self.repository)
        #expect(r.code == 0 && r.err == "", "\(r.err)")
        try assertGolden(DiffGoldenTests.transcript(Self.shippedPair, r), Self.folder.appendingPathComponent("shipped-review.expected"))
        // For people: no line wider than 120 characters, no cell counts.
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 120 }, "\(lines.filter { $0.count > 120 }.prefix(3))")
        #expect(!r.out.contains(" cells"))
        #expect(r.out.contains("sunitinib: option → recommend"))
        #expect(r.out.contains("changes by code, grouped by the edits that change them"))
        try assertReadmeExcerpt(r.out)
    }

    /// Lines of the review the README shows: its first screen.
    static let readmeLines = 48

    /// The README's excerpt of the shipped review is its real first screen (rewritten with the
    /// goldens by GIST_UPDATE_GOLDEN=1, so a guideline change updates it too).
    func assertReadmeExcerpt(_ review: String) throws {
        let readme = Self.repository.appendingPathComponent("README.md")
        let text = try #require(Fixtures.read(readme))
        let command = "$ gist " + Self.shippedPair.joined(separator: " ") + "\n"
        let start = try #require(text.range(of: "```\n" + command), "README has no excerpt of the shipped review")
        let end = try #require(text.range(of: "```\n", range: start.upperBound..<text.endIndex))
        let lines = review.split(separator: "\n", omittingEmptySubsequences: false).prefix(Self.readmeLines)
        let excerpt = "```\n" + command + lines.joined(separator: "\n") + "\n…\n"
        if Fixtures.updating {
            try (String(text[..<start.lowerBound]) + excerpt + String(text[end.lowerBound...])).write(to: readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.lowerBound..<end.lowerBound]) == excerpt, "README's review excerpt is stale: run with GIST_UPDATE_GOLDEN=1")
    }

    /// Conditions every term of a group's codes has are written once, on the group's rule line.
    @Test func conditionsAGroupSharesAreWrittenOnce() throws {
        func guideline(_ months: String) -> String {
            """
            guideline "Stability" { version "1" source "Test" }
            input stable_for: duration in months where 0 months <= stable_for <= 120 months
            input metastatic: bool
            input a: bool
            input b: bool
            let stable = stable_for >= \(months)
            recommendation observe: option "Watch." cite "S"
            recommendation continue_drug: recommend "Keep taking it." cite "S"
            pathway {
              when metastatic and stable {
                when a { recommend observe }
                when b { recommend continue_drug }
              }
            }

            """
        }
        let folder = try TemporaryFolder()
        try folder.write("old.gist", guideline("2 years"))
        try folder.write("new.gist", guideline("18 months"))
        let r = gist(["diff", "old.gist", "new.gist"], in: folder.url)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("""
            ── edits [new.gist:6], where 18 months <= stable_for < 24 months ∧ metastatic
            observe  (option) newly made: a
            continue_drug  (recommend) newly made: b

            """), "\(r.out)")
    }

    /// A threshold moved in one let is one edit, naming the codes it changes; a let that no
    /// condition reads changes nothing, and says so.
    @Test func oneChangeIsOneEdit() throws {
        func guideline(_ months: String, unused: String) -> String {
            """
            guideline "Stability" { version "1" source "Test" }
            input stable_for: duration in months where 0 months <= stable_for <= 120 months
            input metastatic: bool
            let stable = stable_for >= \(months)
            let unused = stable_for >= \(unused)
            recommendation observe: option "Watch." cite "S"
            recommendation continue_drug: recommend "Keep taking it." cite "S"
            pathway {
              when metastatic {
                first {
                  when stable { recommend observe }
                  otherwise { recommend continue_drug }
                }
              }
            }

            """
        }
        let folder = try TemporaryFolder()
        try folder.write("old.gist", guideline("2 years", unused: "1 year"))
        try folder.write("new.gist", guideline("18 months", unused: "3 years"))
        let r = gist(["diff", "old.gist", "new.gist"], in: folder.url)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("[new.gist:4] let stable: stable_for >= 2 years → stable_for >= 18 months — changes observe, continue_drug"), "\(r.out)")
        #expect(r.out.contains("no effect on any case (every case they reach is recommended the same in both):\n    [new.gist:5] let unused: stable_for >= 1 year → stable_for >= 3 years"), "\(r.out)")
        #expect(r.out.contains("observe  (option) newly made: 18 months <= stable_for < 24 months ∧ metastatic"), "\(r.out)")
    }

    /// Scripts' `case` statements are cases; a folder of test scripts is not `0 of 0`.
    @Test func scriptsAreCases() throws {
        let r = gist(Self.shippedPair + ["--cases", "guidelines/tests/gist-2025"], in: Self.repository)
        let first = r.out.split(separator: "\n").first { $0.contains(" cases change") }.map(String.init) ?? ""
        #expect(first.hasSuffix("incomplete)") || first.hasSuffix("change"), "\(r.out.prefix(300))")
        #expect(!first.hasPrefix("0 of 0"), "\(first)")
        // gist-2025's test scripts hold well over a hundred cases (223 when this was written).
        let total = first.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } ?? 0
        #expect(total > 100, "\(first)")
    }

    /// A temporary folder holding the small fixture pair, v1.gist and v2.gist.
    static func pairFolder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for name in ["v1.gist", "v2.gist"] { try folder.write(name, Fixtures.read(Self.folder.appendingPathComponent(name)) ?? "") }
        return folder
    }

    /// A script's `cases "file"` statements are followed, as a test run follows them (relative
    /// to the script), and a file reached twice is read once.
    @Test func scriptsCasesStatementsAreFollowed() throws {
        let folder = try Self.pairFolder()
        try folder.write("records/more.jsonl", """
        {"id": "from-file-1", "size": 1.5, "site": "small_intestine", "mitoses": 2}
        {"id": "from-file-2", "size": 8, "site": "stomach", "mitoses": 2}

        """)
        try folder.write("tests/t.gist", """
        use "../v2.gist"
        case written { size: 1.5 cm, site: small_intestine, mitoses: 2 }
        cases "../records/more.jsonl"

        """)
        let r = gist(["diff", "v1.gist", "v2.gist", "--cases", "tests/t.gist", "records/more.jsonl", "--format", "json"], in: folder.url)
        #expect(r.code == 0, "\(r.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let cases = try #require(object["cases"] as? [[String: Any]])
        #expect(cases.compactMap { $0["id"] as? String } == ["written", "from-file-1", "from-file-2"])
        // A `cases` file that is not there is named, and the run says its inputs were unreadable.
        try folder.write("tests/missing.gist", "cases \"nowhere.jsonl\"\n")
        let m = gist(["diff", "v1.gist", "v2.gist", "--cases", "tests/missing.gist"], in: folder.url)
        #expect(m.code == 2 && m.err.contains("tests/nowhere.jsonl"), "\(m.code) \(m.err)")
    }

    /// JSON with --cases is one object whose `cases` are written as they are compared (the
    /// rest of the object first): the same document as before streaming, for any count.
    @Test func jsonCasesAreStreamedInOneObject() throws {
        let folder = try Self.pairFolder()
        var lines = ""
        for k in 0..<5000 { lines += "{\"id\": \"c\(k)\", \"size\": \(Double(k % 120) / 10 + 0.1), \"site\": \"stomach\", \"mitoses\": \(k % 9)}\n" }
        try folder.write("many.jsonl", lines)
        try folder.write("none.jsonl", "")
        let r = gist(["diff", "v1.gist", "v2.gist", "--cases", "many.jsonl", "--format", "json"], in: folder.url)
        #expect(r.code == 0, "\(r.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let cases = try #require(object["cases"] as? [[String: Any]])
        #expect(cases.count == 5000)
        #expect(cases.first?["id"] as? String == "c0" && cases.last?["id"] as? String == "c4999")
        #expect(object["review"] != nil && object["regions"] != nil)
        let e = gist(["diff", "v1.gist", "v2.gist", "--cases", "none.jsonl", "--format", "json"], in: folder.url)
        let empty = try #require(try JSONSerialization.jsonObject(with: Data(e.out.utf8)) as? [String: Any])
        #expect((empty["cases"] as? [Any])?.isEmpty == true, "\(e.out.suffix(40))")
    }

    /// A record `gist run` rejects (an unknown field) is rejected here too, and reported once.
    @Test func rejectedRecordsAreReportedOnce() throws {
        let folder = try Self.pairFolder()
        try folder.write("cases.jsonl", """
        {"id": "ok", "size": 1.5, "site": "small_intestine", "mitoses": 2}
        {"id": "typo", "tumour_size": 1.5, "site": "stomach", "mitoses": 2}

        """)
        let r = gist(["diff", "v1.gist", "v2.gist", "--cases", "cases.jsonl"], in: folder.url)
        #expect(r.code == 1)
        let errors = r.err.split(separator: "\n")
        #expect(errors.count == 1, "\(r.err)")
        #expect(errors.first?.contains("unknown field 'tumour_size'") == true, "\(r.err)")
        #expect(r.out.contains("1 of 1 case change"), "\(r.out)")
    }

    @Test func jsonCarriesTheReview() throws {
        let r = gist(["diff", "v1.gist", "v2.gist", "--format", "json"], in: Self.folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let review = try #require(object["review"] as? [String: Any])
        let codes = try #require(review["codes"] as? [[String: Any]])
        #expect(codes.compactMap { $0["code"] as? String } == ["surveillance", "surgery", "adjuvant"])
        let edits = try #require(review["edits"] as? [[String: Any]])
        #expect(!edits.isEmpty)
        // The regions stay (add fields, never rename).
        #expect((object["regions"] as? [Any])?.count == 4)
    }
}

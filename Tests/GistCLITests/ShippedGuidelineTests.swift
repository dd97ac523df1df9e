import Foundation
import GistIO
import GistTestSupport
import Testing
@testable import GistCLI

/// The shipped guidelines, examples and their scripts, run as a user would.
@Suite struct ShippedGuidelineTests {
    static let root = Repository.root.path

    func gist(_ args: [String]) -> (out: String, err: String, code: Int32) {
        let cap = Console.Capture()
        let code = GistCommand.main(arguments: args, console: Console.capture(cap, directory: Self.root))
        return (cap.out, cap.err, code)
    }

    @Test func shippedGuidelinesCheckWithoutErrors() {
        for g in ["guidelines/acs-2017.gist", "guidelines/gist-2025.gist"] {
            // Strict: warnings fail too; every silenced finding carries a reason in the file.
            let r = gist(["check", "--strict", g])
            #expect(r.code == 0, "\(g): \(r.out)")
            #expect(r.out.contains("0 errors, 0 warnings"))
        }
    }

    @Test(arguments: ["acs-2017", "gist-2025"])
    func scriptsPassWithFullCoverage(_ name: String) throws {
        let r = gist(["test", "guidelines/tests/\(name)", "--coverage", "--format", "json"])
        #expect(r.code == 0, "\(r.out)\n\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect((json["failed"] as? Int) == 0)
        let passed = try #require(json["passed"] as? Int)
        #expect(passed >= 60)
        let guidelines = try #require(json["guidelines"] as? [[String: Any]])
        let acs = try #require(guidelines.first { ($0["path"] as? String)?.hasSuffix("\(name).gist") == true })
        for part in ["recommendations", "branches", "rows"] {
            let p = try #require(acs[part] as? [String: Any])
            #expect(p["covered"] as? Int == p["total"] as? Int, "\(part) not fully covered: \(p["uncovered"] ?? "")")
        }
    }

    /// The README's first command: every example record is valid, so it exits 0.
    @Test func quickStartRunsCleanly() {
        let r = gist(["run", "guidelines/acs-2017.gist", "examples/cases/"])
        #expect(r.code == 0)
        #expect(r.err == "58 cases evaluated, 0 records rejected\n")
    }

    /// examples/invalid-cases/ holds rejected records on purpose: exit 1, each reported with its
    /// line and reason, and the valid ones still written.
    @Test func invalidExampleReportsTheRejectedRecords() {
        let r = gist(["run", "guidelines/acs-2017.gist", "examples/invalid-cases/", "--format", "jsonl"])
        #expect(r.code == 1)
        #expect(r.out.split(separator: "\n").map { $0.prefix(12) } == [#"{"id":"X01","#, #"{"id":"X03","#, #"{"id":"X06","#])
        #expect(r.err.contains("invalid.jsonl:2: record 2: 'site': unknown value 'stomache'"))
        #expect(r.err.contains("invalid.jsonl:4: record 4: unknown field 'tumour_size'"))
        #expect(r.err.contains("invalid.jsonl:5: record 5: 'size' is -3 cm, below its range"))
    }
}

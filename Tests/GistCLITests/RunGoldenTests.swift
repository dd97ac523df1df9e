import Foundation
import Gist
import Testing
@testable import GistCLI

/// Golden outputs of `gist run` on `Fixtures/run/` (a small guideline, a JSON Lines file with
/// one invalid record and a CSV file), and the command's exit statuses.
@Suite struct RunGoldenTests {
    static let cases = ["cases.jsonl", "more.csv"]

    /// The golden text of one run: the command, stdout, stderr and the exit status.
    static func transcript(_ arguments: [String], _ r: GistResult) -> String {
        "$ gist " + arguments.joined(separator: " ") + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err + "--- exit: \(r.code)\n"
    }

    @Test(arguments: [
        ("text", [String]()),
        ("json", ["--format", "json"]),
        ("jsonl", ["--format", "jsonl"]),
        ("csv", ["--format", "csv"]),
        ("explain", ["--explain"]),
        ("explain-json", ["--explain", "-f", "json"]),
    ])
    func runOutputMatchesGolden(name: String, options: [String]) throws {
        let arguments = ["run", "guideline.gist"] + Self.cases + options
        let r = gist(arguments, in: Fixtures.run)
        // One record is invalid: it is reported and the others are still evaluated.
        #expect(r.code == 1)
        #expect(r.err.hasSuffix("6 cases evaluated, 1 record rejected\n"))
        try assertGolden(Self.transcript(arguments, r), Fixtures.run.appendingPathComponent("\(name).expected"))
    }

    @Test func jsonOutputIsValidJSON() throws {
        let r = gist(["run", "guideline.gist", "cases.jsonl", "--format", "json", "--explain"], in: Fixtures.run)
        let parsed = try JSONSerialization.jsonObject(with: Data(r.out.utf8))
        let cases = try #require(parsed as? [[String: Any]])
        #expect(cases.map { $0["id"] as? String } == ["small", "large", "no-size", "second-line"])
        let noSize = cases[2]
        let undetermined = try #require(noSize["undetermined"] as? [[String: Any]])
        #expect(undetermined.map { $0["code"] as? String } == ["watch", "no_biopsy", "surgery", "adjuvant"])
        #expect(undetermined.first?["needs"] as? [String] == ["size"])
        let explanation = try #require(cases[3]["explanation"] as? [String: Any])
        let steps = try #require(explanation["beta_drug"] as? [[String: Any]])
        #expect(steps.map { $0["negated"] as? Bool } == [false, true, false])
    }

    @Test func jsonLinesHaveOneObjectPerLine() throws {
        let r = gist(["run", "guideline.gist"] + Self.cases + ["--format", "jsonl"], in: Fixtures.run)
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 6)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["id"] is String)
        }
    }

    @Test(arguments: ["text", "json", "jsonl", "csv"])
    func outputFileHasTheSameBytesAsStandardOutput(format: String) throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("out.\(format)")
        let toStdout = gist(["run", "guideline.gist"] + Self.cases + ["-f", format], in: Fixtures.run)
        let toFile = gist(["run", "guideline.gist"] + Self.cases + ["-f", format, "-o", target.path], in: Fixtures.run)
        #expect(toFile.out == "")
        #expect(toFile.err == toStdout.err)
        #expect(toFile.code == toStdout.code)
        let written = try #require(FileManager.default.contents(atPath: target.path))
        #expect(written == Data(toStdout.out.utf8))
        #expect(!written.isEmpty)
    }

    @Test func outputFileRelativeToTheWorkingFolder() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(at: Fixtures.run.appendingPathComponent("guideline.gist"),
                                         to: folder.url.appendingPathComponent("guideline.gist"))
        try FileManager.default.copyItem(at: Fixtures.run.appendingPathComponent("more.csv"),
                                         to: folder.url.appendingPathComponent("more.csv"))
        let r = gist(["run", "guideline.gist", "more.csv", "--output", "result.csv", "--format", "csv"], in: folder.url)
        #expect(r.code == 0)
        let written = Fixtures.read(folder.url.appendingPathComponent("result.csv"))
        #expect(written == """
        id,status,code,strength,needs,evidence
        no-drug-left,recommended,trial,consider,,
        tiny-symptomatic,recommended,surgery,recommend,,

        """)
    }

    // MARK: exit statuses (0 success, 1 failures found, 2 usage errors and unreadable inputs)

    @Test func allRecordsValidExitsZero() {
        let r = gist(["run", "guideline.gist", "more.csv"], in: Fixtures.run)
        #expect(r.code == 0)
        #expect(r.err == "2 cases evaluated, 0 records rejected\n")
    }

    @Test func rejectedRecordExitsOne() {
        let r = gist(["run", "guideline.gist", "cases.jsonl"], in: Fixtures.run)
        #expect(r.code == 1)
        #expect(r.err.contains("cases.jsonl:4: record 4: 'spread': unknown value 'localised' (did you mean 'localized'?)"))
    }

    @Test func missingGuidelineExitsTwo() {
        let r = gist(["run", "nope.gist", "cases.jsonl"], in: Fixtures.run)
        #expect(r.code == 2)
        #expect(r.out == "")
        #expect(r.err == "gist: nope.gist: no such file\n")
    }

    @Test func missingCaseFileExitsTwo() {
        let r = gist(["run", "guideline.gist", "nope.jsonl"], in: Fixtures.run)
        #expect(r.code == 2)
        #expect(r.out == "")
        #expect(r.err == "gist: nope.jsonl: no such file or directory\n")
    }

    @Test func folderWithoutCaseFilesExitsTwo() throws {
        let folder = try TemporaryFolder()
        try folder.write("notes.txt", "nothing here")
        let r = gist(["run", Fixtures.run.appendingPathComponent("guideline.gist").path, folder.url.path], in: folder.url)
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("gist: no case files"))
    }

    @Test(arguments: [
        ["run", "guideline.gist", "cases.jsonl", "--format", "xml"],
        ["run", "guideline.gist"],
        ["run", "guideline.gist", "cases.jsonl", "--no-such-flag"],
        ["check"],
        ["check", "--format", "yaml", "guideline.gist"],
        ["frobnicate"],
    ])
    func badArgumentsExitTwo(arguments: [String]) {
        let r = gist(arguments, in: Fixtures.run)
        #expect(r.code == 2)
        #expect(r.out == "")
        #expect(!r.err.isEmpty)
    }

    @Test func helpExitsZero() {
        let r = gist(["--help"], in: Fixtures.run)
        #expect(r.code == 0)
        #expect(r.out.contains("USAGE"))
        #expect(r.out.contains("check"))
        #expect(r.out.contains("run"))
    }

    @Test func guidelineWithErrorsExitsOne() {
        let r = gist(["run", "../diagnostics/15-missing-unit.gist", "more.csv"], in: Fixtures.run)
        #expect(r.code == 1)
        #expect(r.out == "")
        #expect(r.err.contains("[missing-unit]"))
        #expect(r.err.hasSuffix("gist: ../diagnostics/15-missing-unit.gist has errors; run 'gist check ../diagnostics/15-missing-unit.gist'\n"))
    }

    @Test func checkExitStatuses() {
        #expect(gist(["check", "guideline.gist"], in: Fixtures.run).code == 0)
        #expect(gist(["check", "guideline.gist"], in: Fixtures.run).out == "0 errors, 0 warnings in 1 file\n")
        #expect(gist(["check", "../diagnostics/15-missing-unit.gist"], in: Fixtures.run).code == 1)
        let missing = gist(["check", "nope.gist"], in: Fixtures.run)
        #expect(missing.code == 2)
        #expect(missing.err == "gist: nope.gist: no such file\n")
        let folder = gist(["check", "."], in: Fixtures.run)
        #expect(folder.code == 2)
        #expect(folder.err == "gist: .: is a directory, not a file\n")
    }

    // MARK: gist check --format json

    static let jsonFixture = "diagnostics/90-several-errors.gist"

    @Test func checkJSONMatchesGolden() throws {
        let arguments = ["check", "--format", "json", Self.jsonFixture]
        let r = gist(arguments, in: Fixtures.root)
        #expect(r.code == 1)
        try assertGolden(Self.transcript(arguments, r), Fixtures.root.appendingPathComponent("check-json.expected"))
    }

    @Test func checkJSONHasLocationsAndIds() throws {
        let r = gist(["check", "--format", "json", Self.jsonFixture], in: Fixtures.root)
        let parsed = try JSONSerialization.jsonObject(with: Data(r.out.utf8))
        let diagnostics = try #require(parsed as? [[String: Any]])
        #expect(diagnostics.count == 10)
        for d in diagnostics {
            #expect(d["file"] as? String == Self.jsonFixture)
            #expect((d["line"] as? Int ?? 0) >= 1)
            #expect((d["column"] as? Int ?? 0) >= 1)
            #expect((d["endLine"] as? Int ?? 0) >= (d["line"] as? Int ?? 0))
            #expect(d["id"] is String)
            #expect(d["message"] is String)
            #expect(["error", "warning"].contains(d["severity"] as? String ?? ""))
            #expect(d["notes"] is [Any])
        }
        let unknownName = try #require(diagnostics.first { $0["id"] as? String == "unknown-name" && $0["line"] as? Int == 12 })
        #expect(unknownName["column"] as? Int == 8)
        #expect(unknownName["endColumn"] as? Int == 14)
        #expect(unknownName["notes"] as? [String] == ["did you mean 'mitoses'?"])
    }

    @Test func checkJSONOfACleanFileIsAnEmptyArray() {
        let r = gist(["check", "--format", "json", "run/guideline.gist"], in: Fixtures.root)
        #expect(r.code == 0)
        #expect(r.out == "[]\n")
    }
}

import Foundation
import Testing

/// Nothing lost: a batch with bad records in every format still writes every good record's
/// result, and `-o` never leaves a half-written file, even when `gist` is killed mid-run.
@Suite(.enabled(if: gistExecutable != nil, "needs the gist executable next to the test bundle"))
struct NothingLostTests {
    /// The four mixed fixtures of the hostile corpus in one run: every good record is in the
    /// output, every bad one is reported with file, line and record number, and the counts add up.
    @Test func batchWithBadRecordsInEveryFormat() throws {
        let files = ["20-mixed-records.jsonl", "21-mixed-records.csv", "22-mixed-records.json", "23-mixed-records.yaml"]
        let folder = try TemporaryFolder()
        let arguments = ["run", "run/guideline.gist"] + files.map { "hostile/" + $0 } + ["--format", "jsonl", "-o", folder.url.path + "/out.jsonl"]
        let run = try GistProcess.run(arguments, in: Fixtures.root, timeLimit: 60)
        #expect(run.status == 1)
        let out = try String(contentsOf: folder.url.appendingPathComponent("out.jsonl"), encoding: .utf8)
        let ids = out.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object["id"] as? String
        }
        let good = ["good1", "dup", "good2", "good3", "good1", "quoted, with comma", "multi\r\nline", "good2", "good1", "good2", "good1", "alias", "good2"]
        #expect(ids == good)
        let rejected = run.err.split(separator: "\n").filter { $0.range(of: #"^hostile/\d\d-mixed-records\.\w+:\d+: record \d+: "#, options: .regularExpression) != nil }
        // Some records have more than one problem: count records, not lines.
        let records = Set(rejected.map { $0.prefix(while: { $0 != " " }) + String($0.split(separator: " ")[2]) })
        #expect(run.err.hasSuffix("\(good.count) cases evaluated, \(records.count) records rejected\n"), "\(run.err)")
        #expect(records.count == 19 + 8 + 6 + 5)
    }

    /// One record with a byte that is not UTF-8 costs that record only: the streaming JSON Lines
    /// reader checks line by line and rejects the line with the byte's column. (CSV rows may
    /// span lines, so there a bad byte still makes the rest of the file unreadable.)
    @Test func invalidUTF8CostsOneRecordOnly() throws {
        let folder = try TemporaryFolder()
        try Data(FileManager.default.contents(atPath: Fixtures.run.appendingPathComponent("guideline.gist").path) ?? Data())
            .write(to: folder.url.appendingPathComponent("guideline.gist"))
        let good = { (id: String) in #"{"id": "\#(id)", "size": 1.5, "mitoses": 2, "spread": "localized"}"# + "\n" }
        var bytes = Data(good("before").utf8)
        bytes += Data(#"{"id": "caf"#.utf8) + Data([0xE9]) + Data(#"", "size": 1.5, "mitoses": 2, "spread": "localized"}"#.utf8) + Data("\n".utf8)
        bytes += Data(good("after").utf8)
        try bytes.write(to: folder.url.appendingPathComponent("cases.jsonl"))
        let run = try GistProcess.run(["run", "guideline.gist", "cases.jsonl", "--format", "jsonl"], in: folder.url, timeLimit: 60)
        #expect(run.out.contains(#""id":"before""#) && run.out.contains(#""id":"after""#))
        #expect(run.err.contains("cases.jsonl:2: record 2:"))
        #expect(run.status == 1)
    }

    /// `gist run -o FILE` killed with SIGKILL at random moments of a big run: FILE holds either
    /// its old content or the complete new output, never part of it.
    @Test func outputFileIsOldOrCompleteAfterKill() throws {
        let folder = try TemporaryFolder()
        let guideline = try #require(Fixtures.read(Fixtures.run.appendingPathComponent("guideline.gist")))
        try folder.write("guideline.gist", guideline)
        var records = ""
        for k in 0..<60_000 {
            records += #"{"id": "c\#(k)", "size": \#(Double(k % 500) / 10 + 0.1), "mitoses": \#(k % 20), "spread": "\#(k % 3 == 0 ? "metastatic" : "localized")"}"# + "\n"
        }
        try folder.write("cases.jsonl", records)
        let arguments = ["run", "guideline.gist", "cases.jsonl", "--format", "jsonl", "-o", "out.jsonl"]

        // The complete output, for comparison.
        let full = try GistProcess.run(arguments, in: folder.url, timeLimit: 300)
        #expect(full.status == 0)
        let complete = try #require(FileManager.default.contents(atPath: folder.url.path + "/out.jsonl"))
        #expect(complete.count > 1_000_000)

        let old = Data("old content\n".utf8)
        var outcomes: [String] = []
        for delay in [0.05, 0.2, 0.4, 0.7, 1.0, 1.5, 2.5] {
            try old.write(to: folder.url.appendingPathComponent("out.jsonl"))
            let process = Process()
            process.executableURL = gistExecutable
            process.arguments = arguments
            process.currentDirectoryURL = folder.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = FileManager.default.contents(atPath: folder.url.path + "/out.jsonl")
            #expect(now == old || now == complete, "after \(delay) s: \(now?.count ?? -1) bytes")
            outcomes.append(now == old ? "old" : now == complete ? "complete" : "partial")
        }
        // The kills hit the run at least once while it was still writing nothing.
        #expect(outcomes.contains("old"), "\(outcomes)")
    }

    /// One stray quote costs its row only: a 100,001-row CSV with an unclosed quote in row 2
    /// and text after a closing quote in row 4 evaluates every other row, and says where the
    /// quote is and how many lines it would have taken in.
    @Test func strayQuoteInCSVCostsOneRecord() throws {
        let folder = try TemporaryFolder()
        try folder.write("guideline.gist", try #require(Fixtures.read(Fixtures.run.appendingPathComponent("guideline.gist"))))
        var csv = "id,size,mitoses,spread\nr1,1.5,2,localized\nr2,\"1.5,2,localized\nr3,1.5,2,localized\nr4,\"1.5\"x,2,localized\n"
        for k in 5...100_001 { csv += "r\(k),1.5,2,localized\n" }
        try folder.write("cases.csv", csv)
        let run = try GistProcess.run(["run", "guideline.gist", "cases.csv", "-f", "jsonl"], in: folder.url, timeLimit: 300)
        #expect(run.status == 1)
        #expect(run.out.split(separator: "\n").count == 99_999)
        #expect(run.err == """
        cases.csv:3: record 2: a double quote opens a field that is not closed properly (it takes in 3 lines); the line is skipped
        cases.csv:5: record 4: text after a closing double quote; the line is skipped
        99999 cases evaluated, 2 records rejected

        """, "\(run.err)")
    }

    /// A JSON array is parsed record by record: the records before a syntax error are
    /// evaluated and written, then the file is reported unreadable.
    @Test func jsonRecordsBeforeASyntaxErrorAreKept() throws {
        let folder = try TemporaryFolder()
        try folder.write("guideline.gist", try #require(Fixtures.read(Fixtures.run.appendingPathComponent("guideline.gist"))))
        let record = { (id: String) in #"{"id": "\#(id)", "size": 1.5, "mitoses": 2, "spread": "localized"}"# }
        try folder.write("cases.json", "[\n" + record("a") + ",\n" + record("b") + ",\n{\"id\": oops}\n]\n")
        let run = try GistProcess.run(["run", "guideline.gist", "cases.json", "-f", "jsonl"], in: folder.url, timeLimit: 60)
        #expect(run.status == 2)
        #expect(run.out.split(separator: "\n").map { $0.prefix(10) } == [#"{"id":"a","#, #"{"id":"b","#])
        #expect(run.err.hasPrefix("gist: cases.json: invalid JSON at line 4"), "\(run.err)")
    }

    /// A YAML list is read item by item: a file over the size at which a whole tree is refused
    /// still runs, and a broken record in its middle is one rejected record, the ones after it
    /// evaluated.
    @Test func bigYAMLListIsReadItemByItem() throws {
        let folder = try TemporaryFolder()
        try folder.write("guideline.gist", try #require(Fixtures.read(Fixtures.run.appendingPathComponent("guideline.gist"))))
        let record = "- id: c\n  size: 1.5\n  mitoses: 2\n  spread: localized\n"
        let count = (4 << 20) / record.utf8.count + 1
        let half = String(repeating: record, count: count / 2)
        try folder.write("cases.yaml", half + "- id: broken\n  size: [1.5\n" + half)
        let run = try GistProcess.run(["run", "guideline.gist", "cases.yaml", "-f", "jsonl"], in: folder.url, timeLimit: 120)
        #expect(run.status == 1)
        #expect(run.out.split(separator: "\n").count == 2 * (count / 2))
        #expect(run.err.contains("cases.yaml:\(4 * (count / 2) + 1): record \(count / 2 + 1): invalid YAML"), "\(run.err.prefix(300))")
        #expect(run.err.contains("\(2 * (count / 2)) cases evaluated, 1 record rejected"), "\(run.err.suffix(300))")
    }

    /// A YAML file that must be parsed whole (here: aliases) is refused over the documented size
    /// with a message that says what to do, rather than taking memory many times its size.
    @Test func bigYAMLThatIsReadWholeIsRefusedClearly() throws {
        let folder = try TemporaryFolder()
        try folder.write("guideline.gist", try #require(Fixtures.read(Fixtures.run.appendingPathComponent("guideline.gist"))))
        let record = "- <<: *base\n  id: c\n  size: 1.5\n"
        let text = "- &base {id: base, mitoses: 2, spread: localized}\n" + String(repeating: record, count: (4 << 20) / record.utf8.count + 1)
        try folder.write("cases.yaml", text)
        let run = try GistProcess.run(["run", "guideline.gist", "cases.yaml"], in: folder.url, timeLimit: 60)
        #expect(run.status == 2)
        #expect(run.err.contains("is read whole, up to 4 MB: write a larger one as such a list, as JSON or as JSON Lines"), "\(run.err)")
    }
}

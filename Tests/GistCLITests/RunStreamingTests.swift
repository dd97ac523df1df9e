import Foundation
import GistTestSupport
import Gist
import GistIO
import Testing
@testable import GistCLI

/// `gist run` streams JSON Lines and CSV through parallel workers: whatever the number of jobs
/// and the format, the output is what evaluating the records one by one and writing them with
/// `ReportWriter` gives, in input order, with rejected records reported and counted.
@Suite struct RunStreamingTests {
    static let root = Repository.root

    /// Mostly clean records (the fast path), some that need the general path (units in strings,
    /// CSV-style strings, escapes, numeric ids, no id) and some invalid ones.
    static func records(_ count: Int) -> [String] {
        var state: UInt64 = 7
        func pick(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let sites = ["stomach", "small_intestine", "duodenum", "colorectum", "esophagus", "other"]
        let spreads = ["localized", "metastatic", "recurrent"]
        let resect = ["resectable", "marginal", "unresectable"]
        let drugs = ["imatinib", "sunitinib", "regorafenib", "sorafenib"]
        return (0..<count).map { i in
            var fields: [String] = []
            switch pick(20) {
            case 0: break                                   // no id
            case 1: fields.append("\"id\": \(i)")           // numeric id
            case 2: fields.append("\"id\": \"P\\u0031-\(i)\"")  // escape: general path
            default: fields.append("\"id\": \"P\(i)\"")
            }
            if pick(10) != 0 { fields.append(pick(15) == 0 ? "\"size\": \"\(pick(90) + 5) mm\"" : "\"size\": \(Double(pick(200) + 1) / 10)") }
            if pick(10) != 0 { fields.append("\"site\": \"\(sites[pick(sites.count)])\"") }
            if pick(10) != 0 { fields.append("\"mitoses\": \(pick(12))") }
            if pick(20) != 0 { fields.append("\"spread\": \"\(spreads[pick(spreads.count)])\"") }
            if pick(10) != 0 { fields.append("\"resectability\": \"\(resect[pick(resect.count)])\"") }
            if pick(3) == 0 { fields.append("\"responded\": \(pick(2) == 0)") }
            if pick(3) == 0 { fields.append("\"resected\": \(pick(2) == 0)") }
            if pick(3) == 0 { fields.append("\"prior_imatinib\": \(pick(2) == 0)") }
            if pick(3) == 0 { fields.append("\"failed\": [" + (0..<pick(3)).map { _ in "\"\(drugs[pick(drugs.count)])\"" }.joined(separator: ", ") + "]") }
            if pick(4) == 0 { fields.append("\"met_sites\": \(pick(5))") }
            if pick(25) == 0 { fields.append("\"symptomatic\": \"yes\"") }
            switch pick(40) {
            case 0: return "{" + fields.joined(separator: ", ") + ",}"          // invalid JSON
            case 1: fields.append("\"mitoses_count\": 3")                      // unknown field
            case 2: fields.append("\"size\": -2")                              // out of range / twice
            case 3: return "   "                                               // blank line
            default: break
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
    }

    /// The reference: read whole, bind, evaluate with the tree evaluator, write with ReportWriter.
    static func reference(_ path: String, display: String, program: Program, format: ReportFormat) throws -> (out: String, rejected: Int) {
        let binder = CaseBinder(program: program)
        let evaluator = Evaluator(program: program, compile: false)
        var reports: [CaseReport] = []
        var rejected = 0
        for r in try RecordReader.read(path: path, displayPath: display) {
            guard case .success(let record) = r, case .success(let c) = binder.bind(record) else {
                rejected += 1
                continue
            }
            reports.append(evaluator.report(id: c.id, location: c.location, inputs: c.inputs))
        }
        return (ReportWriter.document(reports, format: format), rejected)
    }

    static func acs() throws -> Program {
        return try #require(Repository.compile("guidelines/acs-2017.gist").program)
    }

    /// acs-2017 as `acs.gist` in a folder, with the modules it uses (`common/`).
    static func copyACS(to folder: TemporaryFolder) throws {
        try FileManager.default.copyItem(at: root.appendingPathComponent("guidelines/acs-2017.gist"),
                                         to: folder.url.appendingPathComponent("acs.gist"))
        try FileManager.default.copyItem(at: root.appendingPathComponent("guidelines/common"),
                                         to: folder.url.appendingPathComponent("common"))
    }

    @Test(arguments: ["jsonl", "json", "csv"])
    func streamedOutputEqualsTheReferenceForAnyNumberOfJobs(_ format: String) throws {
        let folder = try TemporaryFolder()
        let lines = Self.records(6_000)
        try folder.write("cases.jsonl", lines.joined(separator: "\n") + "\n")
        try Self.copyACS(to: folder)
        let program = try Self.acs()
        let expected = try Self.reference(folder.url.appendingPathComponent("cases.jsonl").path, display: "cases.jsonl",
                                          program: program, format: try #require(ReportFormat(rawValue: format)))
        #expect(expected.rejected > 50)
        var first: GistResult?
        for jobs in ["1", "2", "5"] {
            let r = gist(["run", "acs.gist", "cases.jsonl", "--format", format, "--jobs", jobs], in: folder.url)
            #expect(r.code == 1)
            #expect(r.out == expected.out, "jobs \(jobs)")
            let evaluated = lines.count - expected.rejected - lines.filter { $0.allSatisfy { $0 == " " } }.count
            #expect(r.err.hasSuffix("\(evaluated) cases evaluated, \(expected.rejected) records rejected\n"))
            if let first { #expect(Self.withoutJobsNote(r.err) == first.err, "jobs \(jobs): the same messages in the same order") }
            first = r
        }
        // Each rejected record is reported with its file, line and record number.
        #expect(first?.err.contains("cases.jsonl:") == true)
        #expect(first?.err.contains(": record ") == true)
    }

    @Test func textOutputAndCSVInputStreamToo() throws {
        let folder = try TemporaryFolder()
        var csv = "id,size,site,mitoses,spread,resectability,failed\n"
        for i in 0..<3_000 {
            csv += "C\(i),\(Double(i % 150 + 1) / 10),\(["stomach", "duodenum", ""][i % 3]),\(i % 9),"
                + "\(["localized", "metastatic", "recurrent"][i % 3]),\(["resectable", "marginal", "x"][i % 7 == 0 ? 2 : i % 2]),"
                + "\(i % 4 == 0 ? "imatinib;sunitinib" : "")\n"
        }
        try folder.write("cases.csv", csv)
        try Self.copyACS(to: folder)
        let program = try Self.acs()
        let path = folder.url.appendingPathComponent("cases.csv").path
        let binder = CaseBinder(program: program)
        let evaluator = Evaluator(program: program, compile: false)
        var reports: [CaseReport] = []
        for r in try RecordReader.read(path: path, displayPath: "cases.csv") {
            if case .success(let record) = r, case .success(let c) = binder.bind(record) {
                reports.append(evaluator.report(id: c.id, location: c.location, inputs: c.inputs))
            }
        }
        let expected = TextReport.render(reports, program: program, console: nil)
        for jobs in ["1", "3"] {
            let r = gist(["run", "acs.gist", "cases.csv", "--jobs", jobs], in: folder.url)
            #expect(r.out == expected, "jobs \(jobs)")
            #expect(r.err.hasSuffix("\(reports.count) cases evaluated, \(3_000 - reports.count) records rejected\n"))
        }
    }

    @Test func outputFileIsWrittenAtomicallyAndEqualsStandardOutput() throws {
        let folder = try TemporaryFolder()
        try folder.write("cases.jsonl", Self.records(2_000).joined(separator: "\n"))
        try Self.copyACS(to: folder)
        try folder.write("out.jsonl", "old content\n")
        let toStdout = gist(["run", "acs.gist", "cases.jsonl", "-f", "jsonl"], in: folder.url)
        let toFile = gist(["run", "acs.gist", "cases.jsonl", "-f", "jsonl", "-o", "out.jsonl", "-j", "2"], in: folder.url)
        #expect(toFile.out.isEmpty)
        #expect(toFile.code == toStdout.code)
        #expect(try String(contentsOf: folder.url.appendingPathComponent("out.jsonl"), encoding: .utf8) == toStdout.out)
        // No temporary file is left beside it.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(names.sorted() == ["acs.gist", "cases.jsonl", "common", "out.jsonl"])
        // A folder that cannot take the output: usage error, nothing evaluated.
        let bad = gist(["run", "acs.gist", "cases.jsonl", "-o", "no/such/dir/out.jsonl"], in: folder.url)
        #expect(bad.code == 2)
        #expect(bad.err.hasPrefix("gist: cannot write"))
    }

    @Test func jobsMustBePositive() throws {
        let r = gist(["run", "guideline.gist", "cases.jsonl", "--jobs", "0"], in: Fixtures.run)
        #expect(r.code == 2)
        #expect(r.err.contains("--jobs must be at least 1"))
    }

    /// A file that cannot be read is reported and the others still come, in order.
    @Test func unreadableFileAmongOthers() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(at: Fixtures.run.appendingPathComponent("guideline.gist"),
                                         to: folder.url.appendingPathComponent("guideline.gist"))
        try folder.write("a.jsonl", #"{"id": "a", "size": 1.5, "mitoses": 2, "spread": "localized"}"# + "\n")
        try Data(Array("id,size\nb,".utf8) + [0xFF] + Array("\n".utf8)).write(to: folder.url.appendingPathComponent("b.csv"))
        try folder.write("c.jsonl", #"{"id": "c", "size": 1.5, "mitoses": 2, "spread": "localized"}"# + "\n")
        let r = gist(["run", "guideline.gist", "a.jsonl", "b.csv", "c.jsonl", "-f", "jsonl", "-j", "2"], in: folder.url)
        #expect(r.code == 2)
        #expect(r.err == "gist: b.csv: not valid UTF-8 text\n2 cases evaluated, 0 records rejected\n")
        #expect(r.out.split(separator: "\n").map { $0.hasPrefix(#"{"id":"a""#) || $0.hasPrefix(#"{"id":"c""#) } == [true, true])
    }

    /// Messages without the note that more jobs than cores were asked for (`-j 5` on two cores).
    static func withoutJobsNote(_ err: String) -> String {
        err.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("gist: note: --jobs ") }.joined(separator: "\n")
    }

    /// Explanations and why-not answers (computed per case by the workers) do not depend on the
    /// number of jobs either.
    @Test(arguments: [["--explain"], ["--why-not", "imatinib"], ["--why-not", "surgery", "-f", "json"]])
    func explanationsAndWhyNotForAnyNumberOfJobs(_ options: [String]) throws {
        let root = Self.root.path
        let args = ["run", "guidelines/acs-2017.gist", "examples/cases/"] + options
        let one = gist(args + ["-j", "1"], in: URL(fileURLWithPath: root))
        let three = gist(args + ["-j", "3"], in: URL(fileURLWithPath: root))
        #expect(one.code == 0)
        #expect(one.out == three.out)
        #expect(one.err == Self.withoutJobsNote(three.err))
        #expect(!one.out.isEmpty)
    }

    /// Interrupted (SIGINT or SIGTERM) while writing `-o`, the run leaves the old file and no
    /// temporary file beside it.
    @Test(arguments: [SIGINT, SIGTERM])
    func interruptedRunLeavesNoTemporaryFile(_ sig: Int32) throws {
        let executable = try #require(gistExecutable)
        let folder = try TemporaryFolder()
        try folder.write("cases.jsonl", Self.records(60_000).joined(separator: "\n"))
        try Self.copyACS(to: folder)
        try folder.write("out.jsonl", "old\n")
        // Spawned with no blocked signals and default handlers, as from a shell (a test runner
        // may block them, and Process passes its mask on).
        let dir = folder.url.path
        let arguments = [executable.path, "run", dir + "/acs.gist", dir + "/cases.jsonl", dir + "/cases.jsonl", dir + "/cases.jsonl",
                         "-f", "json", "--explain", "-o", dir + "/out.jsonl"]
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, environ)
        #expect(spawned == 0)
        Thread.sleep(forTimeInterval: 0.5)
        kill(pid, sig)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let exitCode = (status >> 8) & 0xFF
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        if status & 0x7F == 0 && exitCode <= 1 { return }  // finished before the signal: nothing to check
        #expect(status & 0x7F == 0 && exitCode == 128 + sig)
        #expect(names == ["acs.gist", "cases.jsonl", "common", "out.jsonl"])
        #expect(try String(contentsOf: folder.url.appendingPathComponent("out.jsonl"), encoding: .utf8) == "old\n")
    }

    /// In JSON Lines, a byte that is not UTF-8 costs its record only.
    @Test(arguments: ["1", "2"])
    func invalidUTF8CostsOneRecord(_ jobs: String) throws {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(at: Fixtures.run.appendingPathComponent("guideline.gist"),
                                         to: folder.url.appendingPathComponent("guideline.gist"))
        let good = { (id: String) in #"{"id": "\#(id)", "size": 1.5, "mitoses": 2, "spread": "localized"}"# + "\n" }
        var bytes = Data(good("before").utf8)
        bytes += Data(#"{"id": "caf"#.utf8) + Data([0xE9]) + Data(#"", "size": 1.5}"#.utf8) + Data("\n".utf8)
        bytes += Data(good("after").utf8)
        try bytes.write(to: folder.url.appendingPathComponent("cases.jsonl"))
        let r = gist(["run", "guideline.gist", "cases.jsonl", "-f", "jsonl", "-j", jobs], in: folder.url)
        #expect(r.code == 1)
        #expect(r.out.contains(#""id":"before""#) && r.out.contains(#""id":"after""#))
        #expect(r.err == "cases.jsonl:2: record 2: not valid UTF-8 at column 12 (byte 0xE9)\n2 cases evaluated, 1 record rejected\n")
    }
}

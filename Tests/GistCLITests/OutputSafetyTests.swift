import Foundation
import Testing

/// What users' files, terminals and patient data are owed (issue 18): write errors on every
/// stream are reported with a non-zero exit and no crash; `-o` is safe in a shared folder, keeps
/// permissions, never replaces an input or a device, and cleans up after killed runs; git
/// revision specs are never options; CSV output carries no live formulas; control characters
/// are shown escaped; ids are kept exactly and duplicates reported. Runs `gist` in a child
/// process (through `sh` where a stream must be full or closed).
@Suite(.enabled(if: gistExecutable != nil, "needs the gist executable next to the test bundle"))
struct OutputSafetyTests {
    static let good = #"{"id": "ok", "size": 1.5, "mitoses": 2, "spread": "localized"}"#
    static let bad = #"{"id": "bad", "size": -1}"#

    /// A folder with the run fixture's guideline and `cases.jsonl` (one good, one rejected record).
    static func folder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("guideline.gist", try #require(Fixtures.read(Fixtures.run.appendingPathComponent("guideline.gist"))))
        try folder.write("cases.jsonl", good + "\n" + bad + "\n")
        return folder
    }

    /// `sh -c SCRIPT` with `$GIST` the executable; standard output and error go to files unless
    /// the script redirects them.
    static func shell(_ script: String, in folder: TemporaryFolder) throws -> GistProcess {
        let executable = try #require(gistExecutable)
        return try GistProcess.run(["-c", script], in: folder.url, timeLimit: 120, environment: ["GIST": executable.path],
                                   executable: URL(fileURLWithPath: "/bin/sh"))
    }

    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    // MARK: write errors

    @Test(arguments: [
        ("run guideline.gist cases.jsonl -f jsonl", ">/dev/full", "No space left on device"),
        ("run guideline.gist cases.jsonl -f jsonl", ">&-", "Bad file descriptor"),
        ("check guideline.gist", ">/dev/full", "No space left on device"),
        ("diff guideline.gist guideline.gist", ">/dev/full", "No space left on device"),
    ])
    func standardOutputWriteErrorsAreReported(_ command: String, _ redirect: String, _ reason: String) throws {
        let folder = try Self.folder()
        let run = try Self.shell("exec \"$GIST\" \(command) \(redirect)", in: folder)
        #expect(!run.crashed)
        #expect(run.status == 2, "\(run.err)")
        #expect(run.err.contains("gist: cannot write standard output: \(reason)"), "\(run.err)")
    }

    /// Standard error full, with a rejected record to report: no crash, the output file is
    /// written, no temporary file is left, and the exit status says something went wrong.
    @Test func fullStandardErrorDoesNotCrash() throws {
        let folder = try Self.folder()
        let run = try Self.shell("exec \"$GIST\" run guideline.gist cases.jsonl -f jsonl -o out.jsonl 2>/dev/full", in: folder)
        #expect(!run.crashed)
        #expect(run.status == 2)
        let out = try #require(Fixtures.read(folder.url.appendingPathComponent("out.jsonl")))
        #expect(out.hasPrefix(#"{"id":"ok""#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == ["cases.jsonl", "guideline.gist", "out.jsonl"])
    }

    @Test func outputFileWriteErrorIsReported() throws {
        let folder = try Self.folder()
        let run = try GistProcess.run(["run", "guideline.gist", "cases.jsonl", "-o", "/dev/full"], in: folder.url, timeLimit: 60)
        #expect(run.status == 2)
        #expect(run.err.contains("cannot write /dev/full: No space left on device"), "\(run.err)")
    }

    // MARK: --jobs

    @Test func hugeJobCountsAreClampedToTheCores() throws {
        let folder = try Self.folder()
        let run = try GistProcess.run(["run", "guideline.gist", "cases.jsonl", "-f", "jsonl", "-j", "9223372036854775806"],
                                      in: folder.url, timeLimit: 60)
        #expect(!run.crashed)
        #expect(run.status == 1)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(run.err.hasPrefix("gist: note: --jobs 9223372036854775806 is more than the \(cores) cores here; using \(cores)\n"))
        #expect(run.out.hasPrefix(#"{"id":"ok""#))
    }

    // MARK: -o

    @Test func outputKeepsTheTargetsPermissions() throws {
        let folder = try Self.folder()
        let target = folder.url.appendingPathComponent("out.jsonl").path
        try folder.write("out.jsonl", "old\n")
        chmod(target, 0o600)
        let run = try GistProcess.run(["run", "guideline.gist", "cases.jsonl", "-f", "jsonl", "-o", "out.jsonl"], in: folder.url, timeLimit: 60)
        #expect(run.status == 1)
        #expect(try Self.mode(target) == 0o600)
        #expect(Fixtures.read(URL(fileURLWithPath: target))?.hasPrefix(#"{"id":"ok""#) == true)
        // A new file follows the umask: 077 gives 0600.
        let fresh = try Self.shell("umask 077; exec \"$GIST\" run guideline.gist cases.jsonl -o new.txt", in: folder)
        #expect(fresh.status == 1)
        #expect(try Self.mode(folder.url.appendingPathComponent("new.txt").path) == 0o600)
    }

    @Test func outputThroughASymbolicLinkWritesItsTarget() throws {
        let folder = try Self.folder()
        try folder.write("real.jsonl", "old\n")
        try FileManager.default.createSymbolicLink(atPath: folder.url.path + "/out.jsonl", withDestinationPath: "real.jsonl")
        let run = try GistProcess.run(["run", "guideline.gist", "cases.jsonl", "-f", "jsonl", "-o", "out.jsonl"], in: folder.url, timeLimit: 60)
        #expect(run.status == 1)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.url.path + "/out.jsonl") == "real.jsonl")
        #expect(Fixtures.read(folder.url.appendingPathComponent("real.jsonl"))?.hasPrefix(#"{"id":"ok""#) == true)
    }

    /// The output may not be an input, under its own name or another (a link).
    @Test(arguments: ["cases.jsonl", "alias.jsonl", "guideline.gist"])
    func outputOverAnInputIsRefused(_ target: String) throws {
        let folder = try Self.folder()
        try FileManager.default.createSymbolicLink(atPath: folder.url.path + "/alias.jsonl", withDestinationPath: "cases.jsonl")
        let before = try #require(Fixtures.read(folder.url.appendingPathComponent(target)))
        let run = try GistProcess.run(["run", "guideline.gist", "cases.jsonl", "-o", target], in: folder.url, timeLimit: 60)
        #expect(run.status == 2)
        #expect(run.err.contains("of this command; write to another file"), "\(run.err)")
        #expect(Fixtures.read(folder.url.appendingPathComponent(target)) == before)
    }

    /// A FIFO is written, not replaced by a regular file.
    @Test func outputToAFIFOWritesIt() throws {
        let folder = try Self.folder()
        #expect(mkfifo(folder.url.path + "/pipe", 0o600) == 0)
        let run = try Self.shell("cat pipe > got.jsonl & \"$GIST\" run guideline.gist cases.jsonl -f jsonl -o pipe; status=$?; wait; exit $status", in: folder)
        #expect(run.status == 1)
        #expect(Fixtures.read(folder.url.appendingPathComponent("got.jsonl"))?.hasPrefix(#"{"id":"ok""#) == true)
        var st = stat()
        #expect(lstat(folder.url.path + "/pipe", &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
    }

    /// A temporary file left by a killed run (its process is gone) is removed by the next run
    /// in that folder; one of a running process is left alone.
    @Test func staleTemporaryFilesAreRemoved() throws {
        let folder = try Self.folder()
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = ".out.jsonl.tmp-\(gone.processIdentifier)-abc", live = ".out.jsonl.tmp-\(getpid())-def"
        try folder.write(stale, "patient data\n")
        try folder.write(live, "in use\n")
        let run = try GistProcess.run(["run", "guideline.gist", "cases.jsonl", "-o", "out.jsonl"], in: folder.url, timeLimit: 60)
        #expect(run.status == 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(!names.contains(stale))
        #expect(names.contains(live))
    }

    /// `gist fmt` on a symbolic link formats the file it points to and keeps the link and the
    /// file's permissions.
    @Test func fmtWritesThroughSymbolicLinksKeepingModes() throws {
        let folder = try TemporaryFolder()
        let real = try folder.write("real.gist", "guideline \"F\" {   version \"1\"\n source \"S\" }\ninput a: bool\nrecommendation r: recommend \"R.\" cite \"S\"\npathway { when a { recommend r } }\n")
        chmod(real.path, 0o640)
        try FileManager.default.createSymbolicLink(atPath: folder.url.path + "/link.gist", withDestinationPath: "real.gist")
        let run = try GistProcess.run(["fmt", "link.gist"], in: folder.url, timeLimit: 60)
        #expect(run.status == 0, "\(run.err)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.url.path + "/link.gist") == "real.gist")
        #expect(try Self.mode(real.path) == 0o640)
        #expect(Fixtures.read(real)?.contains("guideline \"F\" {\n") == true)
    }

    // MARK: git

    @Test func revisionSpecsAreNeverOptions() throws {
        let folder = try Self.folder()
        let planted = folder.url.appendingPathComponent("planted").path
        let run = try GistProcess.run(["diff", "--", "--output=\(planted):x", "guideline.gist"], in: folder.url, timeLimit: 60)
        #expect(run.status == 2)
        #expect(run.err.contains("a revision cannot start with '-'"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: planted))
    }

    // MARK: what is written

    @Test func csvCellsCarryNoFormulas() throws {
        let folder = try Self.folder()
        let ids = ["=HYPERLINK(\\\"http://x\\\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "-5", "\\tTAB"]
        try folder.write("ids.jsonl", ids.map { #"{"id": "\#($0)", "size": 1.5, "mitoses": 2, "spread": "localized"}"# }.joined(separator: "\n") + "\n")
        let r = gist(["run", "guideline.gist", "ids.jsonl", "-f", "csv"], in: folder.url)
        let firstCells = Set(r.out.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
        #expect(firstCells == [#""'=HYPERLINK(""http://x"")""#, "'+cmd|' /C calc'!A0", "'@SUM(1+1)", "'-2+3", "-5", "'\tTAB"], "\(r.out)")
    }

    /// An id with a line break and an escape sequence cannot forge a line or restyle the
    /// terminal in the text report, nor in an error message that quotes a value.
    @Test func controlCharactersAreEscapedInTextAndMessages() throws {
        let folder = try Self.folder()
        try folder.write("forged.jsonl", #"{"id": "x\n  recommend  surgery\u001b[2J", "size": 1.5, "mitoses": 2, "spread": "localized"}"# + "\n"
            + #"{"id": "y", "size": 1.5, "mitoses": 2, "spread": "loc\u0007al"}"# + "\n\u{FEFF}{\"id\": \"z\"}\n")
        let r = gist(["run", "guideline.gist", "forged.jsonl"], in: folder.url)
        #expect(r.out.hasPrefix(#"x\n  recommend  surgery\u001b[2J  (forged.jsonl:1: record 1)"#), "\(r.out)")
        #expect(!r.out.contains("\u{1B}") && !r.err.contains("\u{7}") && !r.err.contains("\u{FEFF}"))
        #expect(r.err.contains(#"unknown value 'loc\u0007al'"#), "\(r.err)")
        #expect(r.err.contains(#"forged.jsonl:3: record 3: invalid JSON at column 1: unexpected '\ufeff'"#), "\(r.err)")
    }

    // MARK: messages

    /// A script that uses a file that is not a guideline names it without echoing its lines.
    @Test func useOfANonGuidelineFileDoesNotEchoIt() throws {
        let folder = try TemporaryFolder()
        try folder.write("secret.txt", "password=hunter2\n")
        try folder.write("s.gist", "use \"secret.txt\"\n")
        for arguments in [["test", "s.gist"], ["run", "secret.txt", "s.gist"]] {
            let r = try GistProcess.run(arguments, in: folder.url, timeLimit: 60)
            #expect(r.status == 1)
            #expect(r.err.contains("secret.txt is not a guideline") || r.out.contains("secret.txt is not a guideline"), "\(r.out)\(r.err)")
            #expect(!(r.out + r.err).contains("hunter2"))
        }
    }

    @Test func unreadableFilesSayWhy() throws {
        let folder = try Self.folder()
        try FileManager.default.createSymbolicLink(atPath: folder.url.path + "/a.gist", withDestinationPath: "b.gist")
        try FileManager.default.createSymbolicLink(atPath: folder.url.path + "/b.gist", withDestinationPath: "a.gist")
        let r = try GistProcess.run(["run", "a.gist", "cases.jsonl"], in: folder.url, timeLimit: 60)
        #expect(r.status == 2)
        #expect(r.err == "gist: a.gist: cannot be read: Too many levels of symbolic links\n")
    }
}

import Foundation
import GistTestSupport
import Testing
@testable import GistCLI

/// `gist fmt`: rewriting files, `--check`, folders, syntax errors, standard input.
@Suite struct FmtCommandTests {
    static let formatted = """
    guideline "G" {
      version "1"
      source  "S"
    }
    input a: bool  # doc
    recommendation r: recommend "R." cite "S"
    pathway {
      when a { recommend r }
    }

    """
    static let unformatted = """
    guideline "G" { version "1" source "S" }
    input a :bool  # doc
    recommendation r: recommend "R." cite "S"
    pathway { when a {
    recommend r } }

    """
    static let broken = "guideline \"G\" { version \"1\" source \"S\" }\npathway { when { recommend r } }\n"

    @Test func checkPassesOnFormattedFiles() throws {
        let folder = try TemporaryFolder()
        try folder.write("g.gist", Self.formatted)
        let r = gist(["fmt", "--check", "g.gist"], in: folder.url)
        #expect(r.code == 0)
        #expect(r.out.isEmpty)
        #expect(r.err.isEmpty)
    }

    @Test func checkListsUnformattedFilesAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.gist", Self.formatted)
        let b = try folder.write("b.gist", Self.unformatted)
        let r = gist(["fmt", "--check", "a.gist", "b.gist"], in: folder.url)
        #expect(r.code == 1)
        #expect(r.out == "b.gist\n")
        #expect(r.err == "1 file not formatted; run 'gist fmt' on it\n")
        #expect(Fixtures.read(b) == Self.unformatted)
    }

    @Test func formatsInPlaceKeepingPermissions() throws {
        let folder = try TemporaryFolder()
        let b = try folder.write("b.gist", Self.unformatted)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: b.path)
        let r = gist(["fmt", "b.gist"], in: folder.url)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.isEmpty)
        #expect(Fixtures.read(b) == Self.formatted)
        let mode = try FileManager.default.attributesOfItem(atPath: b.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["b.gist"])
        #expect(gist(["fmt", "--check", "b.gist"], in: folder.url).code == 0)
    }

    @Test func foldersAreSearchedForGistFiles() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("sub/.hidden"), withIntermediateDirectories: true)
        try folder.write("sub/z.gist", Self.unformatted)
        try folder.write("sub/a.gist", Self.unformatted)
        try folder.write("sub/.hidden/h.gist", Self.unformatted)
        try folder.write("sub/notes.txt", "not gist")
        let r = gist(["fmt", "--check", "sub"], in: folder.url)
        #expect(r.code == 1)
        #expect(r.out == "sub/a.gist\nsub/z.gist\n")
    }

    @Test func filesWithSyntaxErrorsAreReportedAndLeftAlone() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write("bad.gist", Self.broken)
        let good = try folder.write("good.gist", Self.unformatted)
        let r = gist(["fmt", "bad.gist", "good.gist"], in: folder.url)
        #expect(r.code == 1)
        #expect(r.err.contains("bad.gist:2:") && r.err.contains(" error: "))
        #expect(r.err.contains("gist: bad.gist has syntax errors; not formatted"))
        #expect(Fixtures.read(bad) == Self.broken)
        // The other file is still formatted.
        #expect(Fixtures.read(good) == Self.formatted)
    }

    @Test func missingFilesAreUsageErrors() throws {
        let folder = try TemporaryFolder()
        let r = gist(["fmt", "--check", "nope.gist"], in: folder.url)
        #expect(r.code == 2)
        #expect(r.err == "gist: nope.gist: no such file or folder\n")
    }

    @Test func shippedGuidelinesAreFormatted() {
        let r = gist(["fmt", "--check", "guidelines"], in: Repository.root)
        #expect(r.code == 0, "not formatted:\n\(r.out)")
    }

    @Test func helpDescribesTheCommand() {
        let r = gist(["fmt", "--help"], in: URL(fileURLWithPath: "/"))
        #expect(r.code == 0)
        #expect(r.out.contains("--check"))
    }
}

/// Standard input and output need a real process.
@Suite(.enabled(if: gistExecutable != nil, "needs the gist executable next to the test bundle"))
struct FmtStandardInputTests {
    func run(_ arguments: [String], input: String) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = gistExecutable
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    @Test func formatsStandardInputToStandardOutput() throws {
        let r = try run(["fmt"], input: FmtCommandTests.unformatted)
        #expect(r.status == 0)
        #expect(r.out == FmtCommandTests.formatted)
        let dash = try run(["fmt", "-"], input: FmtCommandTests.unformatted)
        #expect(dash.out == FmtCommandTests.formatted)
    }

    @Test func checkOnStandardInput() throws {
        let unformatted = try run(["fmt", "--check"], input: FmtCommandTests.unformatted)
        #expect(unformatted.status == 1)
        #expect(unformatted.out == "<stdin>\n")
        let formatted = try run(["fmt", "--check"], input: FmtCommandTests.formatted)
        #expect(formatted.status == 0)
        #expect(formatted.out.isEmpty)
    }

    @Test func syntaxErrorsOnStandardInput() throws {
        let r = try run(["fmt"], input: FmtCommandTests.broken)
        #expect(r.status == 1)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("<stdin>:2:") && r.err.contains(" error: "))
    }
}

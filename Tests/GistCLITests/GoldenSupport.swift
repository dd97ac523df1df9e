import Foundation
import GistIO
import GistTestSupport
import Testing
@testable import GistCLI

/// Where the fixtures live: next to this file.
enum Fixtures {
    struct Missing: Error { let path: String }
    static let root = Repository.url("Tests/GistCLITests/Fixtures")
    static let diagnostics = root.appendingPathComponent("diagnostics")
    static let run = root.appendingPathComponent("run")

    /// `GIST_UPDATE_GOLDEN=1` rewrites the `.expected` files instead of comparing.
    static var updating: Bool { ProcessInfo.processInfo.environment["GIST_UPDATE_GOLDEN"] == "1" }

    /// Stems (`01-syntax-error`) of the `.gist` files in the diagnostics corpus, sorted.
    static let diagnosticNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: diagnostics.path)) ?? []
        return names.filter { $0.hasSuffix(".gist") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func read(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The outcome of one in-process `gist` invocation.
struct GistResult {
    var out: String
    var err: String
    var code: Int32
}

/// Runs `gist ARGS` in-process with `directory` as the working folder.
func gist(_ arguments: [String], in directory: URL) -> GistResult {
    let capture = Console.Capture()
    let code = GistCommand.main(arguments: arguments, console: Console.capture(capture, directory: directory.path))
    return GistResult(out: capture.out, err: capture.err, code: code)
}

/// Compares `actual` with the golden file, or rewrites the golden when updating.
func assertGolden(_ actual: String, _ golden: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if Fixtures.updating {
        try actual.write(to: golden, atomically: true, encoding: .utf8)
        return
    }
    let expected = try #require(Fixtures.read(golden), "missing golden \(golden.lastPathComponent); run with GIST_UPDATE_GOLDEN=1",
                                sourceLocation: sourceLocation)
    if actual != expected {
        Issue.record("""
        \(golden.lastPathComponent) differs (first difference at line \(firstDifferentLine(actual, expected))).
        --- expected
        \(expected)
        --- actual
        \(actual)
        """, sourceLocation: sourceLocation)
    }
}

func firstDifferentLine(_ a: String, _ b: String) -> Int {
    let x = a.split(separator: "\n", omittingEmptySubsequences: false)
    let y = b.split(separator: "\n", omittingEmptySubsequences: false)
    for k in 0..<max(x.count, y.count) where k >= x.count || k >= y.count || x[k] != y[k] { return k + 1 }
    return 0
}

/// A fresh temporary folder, removed on deinit.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gistcli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// The `gist` executable built next to the test bundle, for tests that must run out of process
/// (a crash would take the whole test run down).
let gistExecutable: URL? = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("gist")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}()

/// `gist` in a child process, its output in files (no pipe to fill up), with a time limit.
struct GistProcess {
    var out: String
    var err: String
    var status: Int32
    var crashed: Bool
    var timedOut: Bool

    /// `executable`: another program to run instead (a shell that runs gist).
    static func run(_ arguments: [String], in directory: URL, timeLimit: TimeInterval = 600,
                    environment extra: [String: String] = [:], executable other: URL? = nil) throws -> GistProcess {
        let executable = try other ?? #require(gistExecutable)
        let scratch = try TemporaryFolder()
        let outURL = scratch.url.appendingPathComponent("out"), errURL = scratch.url.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["NO_COLOR"] = "1"
        process.environment = environment.merging(extra) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeLimit)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        let read = { (url: URL) in String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self) }
        return GistProcess(out: read(outURL), err: read(errURL), status: process.terminationStatus,
                           crashed: !timedOut && process.terminationReason == .uncaughtSignal, timedOut: timedOut)
    }

    /// The golden form: the command, standard output, standard error (when any), exit status.
    func transcript(_ arguments: [String]) -> String {
        var text = "$ gist " + arguments.joined(separator: " ") + "\n" + out
        if !out.isEmpty, !out.hasSuffix("\n") { text += "\n" }
        if !err.isEmpty { text += "--- stderr\n" + err + (err.hasSuffix("\n") ? "" : "\n") }
        return text + "exit: \(status)\n"
    }
}

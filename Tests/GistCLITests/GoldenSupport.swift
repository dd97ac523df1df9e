import Foundation
import Testing
@testable import GistCLI

/// Where the fixtures live: next to this file, found through `#filePath` (no SwiftPM resources).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
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

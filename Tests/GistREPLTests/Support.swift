import Foundation
import GistIO
import GistTestSupport
import Testing
@testable import GistCLI
import GistREPL

/// Paths of the repository and the fixtures.
enum Repo {
    static let root = Repository.root
    static let fixtures = Repository.url("Tests/GistREPLTests/Fixtures/repl")
    /// `GIST_UPDATE_GOLDEN=1` rewrites golden files instead of comparing.
    static var updating: Bool { ProcessInfo.processInfo.environment["GIST_UPDATE_GOLDEN"] == "1" }

    static func read(_ url: URL) -> String? {
        FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Runs `gist repl ARGS` in-process on `input` as piped standard input, in `directory`.
func repl(_ input: String, arguments: [String] = [], in directory: URL = Repo.root) throws -> (out: String, err: String, code: Int32) {
    let capture = Console.Capture()
    let console = Console.capture(capture, directory: directory.path)
    let command = try ReplCommand.parse(arguments)
    let status = command.run(console, input: TextLineReader(input))
    console.flush()
    return (capture.out, capture.err, status.code)
}

/// A REPL on a captured output, for driving entries one by one.
func makeREPL(in directory: URL = Repo.root) -> (REPL, () -> String) {
    let capture = Console.Capture()
    let console = Console.capture(capture, directory: directory.path)
    let r = REPL(host: FileHost(console: console), directory: directory.path, interactive: false, color: false,
                 output: { console.write($0) })
    return (r, { console.flush(); defer { capture.out = "" }; return capture.out })
}

/// A fresh temporary folder, removed on deinit.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gist-repl-tests-\(UUID().uuidString)")
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

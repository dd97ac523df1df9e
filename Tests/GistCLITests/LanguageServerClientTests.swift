import Foundation
import Testing

/// `gist lsp` end to end with a real client: Neovim's built-in LSP client, headless, driven by
/// `Fixtures/lsp/lsp-client.lua` (Debian `neovim`, installed by `.ci/install-deps`). The script
/// opens a guideline and a script, types an error, and checks the diagnostics, quick fixes,
/// hover, definition, references, completion, formatting and rename; it writes one line per
/// step to a report and exits 0 only when every step passed.
@Suite struct LanguageServerClientTests {
    static let steps = [
        "start the server", "table-gap with witness as related information", "witness and pragma quick fixes offered",
        "unknown-name error at the typo", "did-you-mean quick fix offered", "did-you-mean applied",
        "hover on an input", "hover on a recommendation code", "definition of a table", "definition across use",
        "references in the guideline and its scripts", "completion offers names", "completion offers functions", "formatting returns an edit", "formatted",
        "rename returns edits", "renamed in the guideline", "renamed in the script", "rename reaches a script not open",
        "rename to a keyword refused",
        "failed expectation reported", "no other errors", "server stopped",
    ]

    static var neovim: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("nvim") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test func neovimDrivesTheLanguageServer() throws {
        let nvim = try #require(Self.neovim, "nvim not found: .ci/install-deps installs Debian's neovim")
        let gist = try #require(gistExecutable)
        let folder = try TemporaryFolder()
        let fixtures = Fixtures.root.appendingPathComponent("lsp")
        for name in ["tumour.gist", "tumour-test.gist", "tumour-more.gist"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: folder.url.appendingPathComponent(name))
        }
        let reportURL = folder.url.appendingPathComponent("report")
        let process = Process()
        process.executableURL = nvim
        process.arguments = ["--headless", "--clean", "-u", "NONE", "-c", "luafile " + fixtures.appendingPathComponent("lsp-client.lua").path]
        process.currentDirectoryURL = folder.url
        var environment = ProcessInfo.processInfo.environment
        environment["GIST_BIN"] = gist.path
        environment["GIST_LSP_DIR"] = folder.url.path
        environment["GIST_LSP_REPORT"] = reportURL.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A hung client is a failure, not a hung test run.
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let report = Fixtures.read(reportURL) ?? "(no report)"
        #expect(process.terminationStatus == 0, "nvim exited \(process.terminationStatus):\n\(report)")
        let passed = report.split(separator: "\n").filter { $0.hasPrefix("ok ") }.map { String($0.dropFirst(3)) }
        #expect(passed == Self.steps, "\(report)")
        #expect(report.hasSuffix("all passed\n"), "\(report)")
    }

    @Test(arguments: [["--delay", "nan"], ["--delay=-1"], ["--delay", "1e9"], ["--max-nodes", "0"]])
    func badOptionsAreUsageErrors(_ options: [String]) {
        let r = gist(["lsp"] + options, in: Fixtures.root)
        #expect(r.code == 2)
        #expect(r.err.contains("--delay takes seconds from 0 to 60") || r.err.contains("--max-nodes takes a positive count"))
    }
}

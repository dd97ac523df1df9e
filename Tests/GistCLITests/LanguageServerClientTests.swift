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
        "hover on an input", "hover on a recommendation code", "definition of a table", "hover on a table shows its rows", "definition across use",
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

    /// Steps of `Fixtures/lsp-modules/lsp-modules.lua`: names followed into the module a
    /// guideline uses and back, sub-pathways, rename across files and its refusals.
    static let moduleSteps = [
        "start the server", "definition into a module", "definition of a sub-pathway", "references of a sub-pathway",
        "hover on a module input", "hover on a code shows its evidence", "references from a module into the guidelines using it",
        "rename clashing in a guideline not open refused", "rename clashing with a code refused",
        "rename returns edits in every file", "renamed in the module", "renamed in the guideline and its script",
        "sub-pathway renamed", "no errors after the renames", "definition of the renamed input",
        "a module edit checks the guideline using it", "server stopped",
    ]

    @Test func neovimDrivesTheLanguageServer() throws {
        try drive("lsp/lsp-client.lua", files: ["lsp/tumour.gist", "lsp/tumour-test.gist", "lsp/tumour-more.gist"], steps: Self.steps)
    }

    @Test func neovimFollowsNamesAcrossModules() throws {
        try drive("lsp-modules/lsp-modules.lua", files: ["lsp-modules/first.gist", "lsp-modules/first-test.gist",
                                                         "lsp-modules/second.gist", "lsp-modules/common/record.gist"],
                  steps: Self.moduleSteps)
    }

    /// Runs a Lua script in headless Neovim on copies of `files` (kept in their folders below
    /// the fixture's first folder) and checks its report: exactly `steps`, each passed.
    func drive(_ script: String, files: [String], steps: [String]) throws {
        let nvim = try #require(Self.neovim, "nvim not found: .ci/install-deps installs Debian's neovim")
        let gist = try #require(gistExecutable)
        let folder = try TemporaryFolder()
        for name in files {
            let target = folder.url.appendingPathComponent(name.split(separator: "/").dropFirst().joined(separator: "/"))
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent(name), to: target)
        }
        let reportURL = folder.url.appendingPathComponent("report")
        let process = Process()
        process.executableURL = nvim
        process.arguments = ["--headless", "--clean", "-u", "NONE", "-c", "luafile " + Fixtures.root.appendingPathComponent(script).path]
        process.currentDirectoryURL = folder.url
        var environment = ProcessInfo.processInfo.environment
        environment["GIST_BIN"] = gist.path
        environment["GIST_LSP_DIR"] = folder.url.path
        environment["GIST_LSP_REPORT"] = reportURL.path
        environment["GIST_LSP_SUPPORT"] = Fixtures.root.appendingPathComponent("lsp/lsp-support.lua").path
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
        #expect(passed == steps, "\(report)")
        #expect(report.hasSuffix("all passed\n"), "\(report)")
    }

    @Test(arguments: [["--delay", "nan"], ["--delay=-1"], ["--delay", "1e9"], ["--max-nodes", "0"]])
    func badOptionsAreUsageErrors(_ options: [String]) {
        let r = gist(["lsp"] + options, in: Fixtures.root)
        #expect(r.code == 2)
        #expect(r.err.contains("--delay takes seconds from 0 to 60") || r.err.contains("--max-nodes takes a positive count"))
    }
}

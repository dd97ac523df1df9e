import Foundation
import Testing

/// Hostile inputs that must not crash `gist`. They run the built executable in a child process,
/// because a stack overflow would otherwise end the whole test run.
@Suite(.enabled(if: gistExecutable != nil, "needs the gist executable next to the test bundle"))
struct RobustnessTests {
    struct Run {
        var out: String
        var err: String
        var status: Int32
        var crashed: Bool
    }

    static func runGist(_ arguments: [String], in directory: URL) throws -> Run {
        let process = Process()
        process.executableURL = gistExecutable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        // Keep a crash report short and out of the way.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
                   status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal)
    }

    static let header = """
    guideline "Chains" {
      version "1"
      source  "Test"
    }
    input a: bool
    input n: count
    recommendation r: recommend "R." cite "S"

    """

    @Test func executableRunsInAChildProcess() throws {
        let folder = try TemporaryFolder()
        try folder.write("ok.gist", Self.header + "pathway { when a and n > 1 { recommend r } }\n")
        let run = try Self.runGist(["check", "ok.gist"], in: folder.url)
        #expect(!run.crashed)
        #expect(run.status == 0)
        #expect(run.out == "0 errors, 0 warnings in 1 file\n")
    }

    @Test func deepParenthesesAreReportedNotFatal() throws {
        let folder = try TemporaryFolder()
        let deep = String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
        try folder.write("deep.gist", Self.header + "pathway { when \(deep) { recommend r } }\n")
        let run = try Self.runGist(["check", "deep.gist"], in: folder.url)
        #expect(!run.crashed)
        #expect(run.status == 1)
        #expect(run.out.contains("[too-deep]"))
    }

    /// `a and a and … and a`: the parser reads the chain in a loop without a depth limit, and the
    /// checker then recurses once per operator.
    @Test(arguments: ["and", "plus"])
    func longOperatorChainsDoNotCrash(name: String) throws {
        let folder = try TemporaryFolder()
        let condition = name == "and"
            ? "a" + String(repeating: " and a", count: 5_000)
            : "n" + String(repeating: " + 1", count: 5_000) + " > 3"
        try folder.write("chain.gist", Self.header + "let long = \(condition)\npathway { when long and a and n > 0 { recommend r } }\n")
        let run = try Self.runGist(["check", "chain.gist"], in: folder.url)
        withKnownIssue("a chain of 5,000 binary operators overflows the stack in Checker.check (recursion per operator; crashes from about 700)") {
            #expect(!run.crashed, "gist crashed with signal \(run.status)")
            #expect(run.status == 0 || run.status == 1)
        }
    }
}

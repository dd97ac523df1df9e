import Foundation
import Testing

/// Hostile inputs that must not crash `gist`. They run the built executable in a child process,
/// because a stack overflow would otherwise end the whole test run.
@Suite(.enabled(if: gistExecutable != nil, "needs the gist executable next to the test bundle"))
struct RobustnessTests {
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
        try folder.write("ok.gist", Self.header + "pathway { when a and n > 1 { recommend r } when not a or n <= 1 { recommend r } }\n")
        let run = try GistProcess.run(["check", "ok.gist"], in: folder.url)
        #expect(!run.crashed)
        #expect(run.status == 0)
        #expect(run.out == "0 errors, 0 warnings in 1 file\n")
    }

    @Test func deepParenthesesAreReportedNotFatal() throws {
        let folder = try TemporaryFolder()
        let deep = String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
        try folder.write("deep.gist", Self.header + "pathway { when \(deep) { recommend r } }\n")
        let run = try GistProcess.run(["check", "deep.gist"], in: folder.url)
        #expect(!run.crashed)
        #expect(run.status == 1)
        #expect(run.out.contains("[too-deep]"))
    }

    /// `a and a and … and a`: the parser reads the chain in a loop, and the checker and the
    /// evaluator recurse once per operator; the parser limits the levels of an expression.
    @Test(arguments: ["and", "plus"])
    func longOperatorChainsDoNotCrash(name: String) throws {
        let folder = try TemporaryFolder()
        let condition = name == "and"
            ? "a" + String(repeating: " and a", count: 5_000)
            : "n" + String(repeating: " + 1", count: 5_000) + " > 3"
        try folder.write("chain.gist", Self.header + "let long = \(condition)\npathway { when long and a and n > 0 { recommend r } }\n")
        let run = try GistProcess.run(["check", "chain.gist"], in: folder.url)
        #expect(!run.crashed, "gist crashed with signal \(run.status)")
        #expect(run.status == 1)
        #expect(run.out.contains("[too-deep]"))
        #expect(run.out.hasSuffix("1 error, 0 warnings in 1 file\n"))
    }

    /// The deepest expressions the parser accepts (`Parser.maxExpressionDepth` levels, inside
    /// nesting at its limit) are checked and evaluated without overflowing the stack.
    @Test(arguments: ["and", "plus", "nested"])
    func deepestAcceptedExpressionsCheckAndRun(name: String) throws {
        let folder = try TemporaryFolder()
        let levels = 1_000
        let condition: String
        switch name {
        case "and": condition = "a" + String(repeating: " and a", count: levels - 1)
        case "plus": condition = "n" + String(repeating: " + 1", count: levels - 2) + " > 3"
        default:
            // Conditionals in parentheses nested to the limit (two levels each), around a
            // comparison of a long sum: `levels` levels in all.
            let nest = (200 - 1) / 2
            condition = String(repeating: "(if a then ", count: nest) + "(n" + String(repeating: " + 1", count: levels - 3 - 2 * nest)
                + " > 3)" + String(repeating: " else a)", count: nest)
        }
        try folder.write("deep.gist", Self.header + "let long = \(condition)\npathway { when long and a and n > 0 { recommend r } }\n")
        try folder.write("cases.jsonl", "{\"id\": \"c1\", \"a\": true, \"n\": 5}\n{\"id\": \"c2\", \"n\": 5}\n")
        let check = try GistProcess.run(["check", "deep.gist"], in: folder.url)
        #expect(!check.crashed, "gist check crashed with signal \(check.status)")
        #expect(check.status == 0)
        #expect(!check.out.contains(": error:"), "\(check.out.prefix(500))")
        let run = try GistProcess.run(["run", "deep.gist", "cases.jsonl", "--explain"], in: folder.url)
        #expect(!run.crashed, "gist run crashed with signal \(run.status)")
        #expect(run.status == 0)
    }

    /// Lets each using the next one declared. The checker resolves them in dependency order,
    /// not by recursion, but evaluation (the compiled machine forces a let's lets recursively)
    /// and some analyses follow a value into the lets it uses: a chain longer than
    /// `Checker.maxDerivedDepth` is an error (`gist run` on 20,000 of them used to overflow the
    /// stack of its evaluation thread), and the longest accepted chain checks and runs.
    @Test(arguments: [1_000, 5_000])
    func longChainsOfLets(count: Int) throws {
        let folder = try TemporaryFolder()
        var text = Self.header
        for k in 0..<(count - 1) { text += "let v\(k) = v\(k + 1) and a\n" }
        text += "let v\(count - 1) = a\npathway { when v0 and n > 0 { recommend r } }\n"
        try folder.write("lets.gist", text)
        try folder.write("known.jsonl", "{\"id\": \"c1\", \"a\": true, \"n\": 1}\n")
        try folder.write("unknown.jsonl", "{\"id\": \"c2\", \"n\": 1}\n")
        let accepted = count <= 1_000
        let check = try GistProcess.run(["check", "lets.gist"], in: folder.url)
        #expect(!check.crashed, "gist check crashed with signal \(check.status)")
        #expect(check.status == (accepted ? 0 : 1))
        #expect(check.out.contains("[too-deep]") == !accepted)
        for records in ["known.jsonl", "unknown.jsonl"] {
            let run = try GistProcess.run(["run", "lets.gist", records], in: folder.url)
            #expect(!run.crashed, "gist run crashed with signal \(run.status)")
            #expect(run.status == (accepted ? 0 : 1))
        }
    }

    @Test func overlongTokensAreReported() throws {
        let folder = try TemporaryFolder()
        let name = String(repeating: "x", count: 200_000)
        try folder.write("long.gist", Self.header + "let \(name) = a\npathway { when a { recommend r } }\n")
        let run = try GistProcess.run(["check", "long.gist"], in: folder.url)
        #expect(!run.crashed)
        #expect(run.status == 1)
        #expect(run.out.contains("this name is longer than 100000 bytes [too-long]"))
    }
}

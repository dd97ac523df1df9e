import Foundation
import Testing

/// Piped sessions (`gist repl < NAME.in`) against their transcripts (`NAME.out`: standard
/// output, then standard error and the exit status). `GIST_UPDATE_GOLDEN=1` rewrites them.
@Suite struct GoldenSessionTests {
    static let sessions: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repo.fixtures.path)) ?? []
        return names.filter { $0.hasSuffix(".in") }.map { String($0.dropLast(3)) }.sorted()
    }()

    @Test func thereAreSessions() {
        #expect(Self.sessions.count >= 6)
    }

    @Test(arguments: sessions)
    func session(_ name: String) throws {
        let input = try #require(Repo.read(Repo.fixtures.appendingPathComponent(name + ".in")))
        let r = try repl(input)
        var transcript = r.out
        if !r.err.isEmpty { transcript += "--- stderr\n" + r.err }
        transcript += "--- exit \(r.code)\n"
        let golden = Repo.fixtures.appendingPathComponent(name + ".out")
        if Repo.updating {
            try transcript.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(Repo.read(golden), "missing \(name).out; run with GIST_UPDATE_GOLDEN=1")
        if transcript != expected {
            let a = transcript.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<max(a.count, b.count)).first { $0 >= a.count || $0 >= b.count || a[$0] != b[$0] } ?? 0
            Issue.record("\(name).out differs at line \(line + 1)\n--- expected\n\(expected)\n--- actual\n\(transcript)")
        }
    }

    /// No prompts, banner or escape sequences in piped output, whatever the terminal.
    @Test func pipedOutputIsPlain() throws {
        let r = try repl("use \"guidelines/acs-2017.gist\"\n:help\nnot_a_name\n")
        #expect(!r.out.contains("gist>"))
        #expect(!r.out.contains("\u{1B}"))
        #expect(!r.out.contains("gist repl —"))
    }

    @Test func exitStatusSaysWhetherAnythingFailed() throws {
        #expect(try repl("use \"guidelines/acs-2017.gist\"\n2 cm + 1 mm\n").code == 0)
        #expect(try repl("use \"guidelines/acs-2017.gist\"\n:nope\n").code == 1)
        #expect(try repl("use \"guidelines/acs-2017.gist\"\ncase a { size: 1 cm }\nexpect a recommends surgery\n").code == 1)
        // The guideline argument is loaded first; an unreadable one is a usage error.
        let r = try repl(":inputs\n", arguments: ["guidelines/acs-2017.gist"])
        #expect(r.code == 0)
        #expect(r.out.contains("loaded guidelines/acs-2017.gist"))
        #expect(try repl("", arguments: ["guidelines/missing.gist"]).code == 2)
    }
}

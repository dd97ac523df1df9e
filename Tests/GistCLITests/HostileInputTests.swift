import Foundation
import Testing

/// The hostile-input corpus: `Fixtures/hostile/` holds small files (guidelines and case records
/// that are empty, binary, CRLF, with a byte-order mark, NaN, duplicate keys, ragged CSV rows, …)
/// and `Fixtures/hostile/generated/` the expected outputs of inputs too big to commit, which
/// `HostileInputs.generated` makes at run time (100,000 nested parentheses and blocks, 50 MB of
/// junk, very long lines, deep JSON and YAML). Each runs the built `gist` in a child process (a
/// crash must not end the test run) with a time limit; its standard output, standard error and
/// exit status are compared with `NAME.expected` (`GIST_UPDATE_GOLDEN=1` rewrites them).
///
/// A fixture is every file `NN-name.*` of one stem. It runs `NN-name.args` (one argument a line,
/// paths relative to `Fixtures/`) when there is one; otherwise `gist check` on a `.gist` file and
/// `gist run run/guideline.gist` on a case file.
@Suite(.enabled(if: gistExecutable != nil, "needs the gist executable next to the test bundle"))
struct HostileInputTests {
    static let hostile = Fixtures.root.appendingPathComponent("hostile")
    static let generatedGoldens = hostile.appendingPathComponent("generated")
    /// Sanitizer builds run several times slower: `GIST_TEST_SLOWDOWN=4` scales the time bounds.
    static let slowdown = Double(ProcessInfo.processInfo.environment["GIST_TEST_SLOWDOWN"] ?? "") ?? 1
    /// A run longer than this is a hang.
    static let timeLimit: TimeInterval = 60 * slowdown

    /// Stems of the committed fixtures (`01-empty`), sorted.
    static let stems: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: hostile.path)) ?? []
        let stems = names.filter { $0.first?.isNumber == true && !$0.hasSuffix(".expected") }
            .map { String($0.prefix(while: { $0 != "." })) }
        return Array(Set(stems)).sorted()
    }()

    static func arguments(for stem: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: hostile.path)
            .filter { $0.hasPrefix(stem + ".") && !$0.hasSuffix(".expected") }
        if names.contains(stem + ".args") {
            let text = try String(contentsOf: hostile.appendingPathComponent(stem + ".args"), encoding: .utf8)
            return text.split(separator: "\n").map(String.init)
        }
        let file = try #require(names.count == 1 ? names.first : nil, "\(stem): one input file or an .args file")
        return file.hasSuffix(".gist") ? ["check", "hostile/" + file] : ["run", "run/guideline.gist", "hostile/" + file]
    }

    @Test(arguments: stems)
    func committedFixture(_ stem: String) throws {
        let arguments = try Self.arguments(for: stem)
        let run = try GistProcess.run(arguments, in: Fixtures.root, timeLimit: Self.timeLimit)
        let crashed = run.crashed, timedOut = run.timedOut
        #expect(!crashed, "gist crashed: \(run.err.suffix(2000))")
        #expect(!timedOut, "gist ran longer than \(Self.timeLimit) s")
        try assertGolden(run.transcript(arguments), Self.hostile.appendingPathComponent(stem + ".expected"))
    }

    @Test func everyGoldenHasAFixture() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.hostile.path)
        let goldens = Set(names.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(9)) })
        #expect(goldens == Set(Self.stems))
        let generated = try FileManager.default.contentsOfDirectory(atPath: Self.generatedGoldens.path)
        #expect(Set(generated.map { String($0.dropLast(9)) }) == Set(HostileInputs.generated.map(\.name)))
        #expect(Self.stems.count >= 30)
    }

    @Test(arguments: HostileInputs.generated.map(\.name))
    func generatedInput(_ name: String) throws {
        let input = try #require(HostileInputs.generated.first { $0.name == name })
        let folder = try TemporaryFolder()
        for (file, data) in input.files() {
            try data.write(to: folder.url.appendingPathComponent(file))
        }
        let started = Date()
        let run = try GistProcess.run(input.arguments, in: folder.url, timeLimit: Self.timeLimit)
        let seconds = Date().timeIntervalSince(started), crashed = run.crashed, timedOut = run.timedOut
        if ProcessInfo.processInfo.environment["GIST_HOSTILE_TIMES"] == "1" { print("hostile \(name): \(seconds) s") }
        #expect(!crashed, "gist crashed: \(run.err.suffix(2000))")
        #expect(!timedOut, "gist ran longer than \(Self.timeLimit) s")
        if let bound = input.seconds {
            #expect(seconds < bound * Self.slowdown, "took \(seconds) s")
        }
        try assertGolden(run.transcript(input.arguments), Self.generatedGoldens.appendingPathComponent(name + ".expected"))
    }
}

/// Inputs made at run time: too big (or too regular) to be worth committing.
enum HostileInputs {
    struct Input: Sendable {
        let name: String
        let arguments: [String]
        /// A time bound stricter than the hang limit, where the point is "bounded time".
        let seconds: Double?
        let files: @Sendable () -> [(String, Data)]
    }

    static let header = """
    guideline "Hostile" {
      version "1"
      source  "Test"
    }
    input a: bool
    input n: count
    recommendation r: recommend "R." cite "S"

    """

    static func text(_ s: String) -> Data { Data(s.utf8) }

    /// Deterministic bytes (xorshift), one megabyte repeated: cheap to make in a debug build.
    static func junk(megabytes: Int, alphabet: [UInt8]? = nil, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> Data {
        var state = seed
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for k in block.indices {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            block[k] = alphabet.map { $0[Int(state % UInt64($0.count))] } ?? UInt8(truncatingIfNeeded: state)
        }
        var data = Data(capacity: megabytes << 20)
        for _ in 0..<megabytes { data.append(contentsOf: block) }
        return data
    }

    /// Printable junk with a line break every 256 kB.
    static func textJunk(megabytes: Int) -> Data {
        var lines = junk(megabytes: megabytes, alphabet: Array("abc {}[],:\"0123456789".utf8))
        for k in stride(from: (1 << 18) - 1, to: lines.count, by: 1 << 18) { lines[k] = UInt8(ascii: "\n") }
        return lines
    }

    static let record = #"{"id": "ok", "size": 1.5, "mitoses": 2, "spread": "localized"}"#
    static let guideline: @Sendable () -> (String, Data) = {
        let url = Fixtures.run.appendingPathComponent("guideline.gist")
        return ("guideline.gist", FileManager.default.contents(atPath: url.path) ?? Data())
    }

    /// A pathway comparing `n` with `count` thresholds (about 2 × count bands): one branch per
    /// stretch `3(i-1) < n <= 3i`, without the stretch `skipping`.
    static func thresholds(_ count: Int, skipping: Int? = nil) -> Data {
        let branches = (1...count).filter { $0 != skipping }.map { "  when n > \($0 * 3 - 3) and n <= \($0 * 3) and a { recommend r }" }
        return text(header + "pathway {\n" + branches.joined(separator: "\n") + "\n}\n")
    }

    static let generated: [Input] = [
        // Numbers with hundreds of bands are analysed exactly (band sets were once 64 bits)…
        Input(name: "many-thresholds-diff", arguments: ["diff", "old.gist", "new.gist"], seconds: nil) {
            [("old.gist", thresholds(300)), ("new.gist", thresholds(300, skipping: 150))]
        },
        // …and nodes that wide count against the size bound: 16 branches a node on average.
        Input(name: "many-thresholds-branch-limit", arguments: ["check", "--max-nodes", "100", "many.gist"], seconds: nil) {
            [("many.gist", thresholds(300))]
        },
        Input(name: "deep-parentheses", arguments: ["check", "deep.gist"], seconds: nil) {
            let deep = String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
            return [("deep.gist", text(header + "pathway { when \(deep) { recommend r } }\n"))]
        },
        Input(name: "deep-when-blocks", arguments: ["check", "deep.gist"], seconds: nil) {
            let body = String(repeating: "when a {\n", count: 100_000) + "recommend r\n" + String(repeating: "}\n", count: 100_000)
            return [("deep.gist", text(header + "pathway {\n" + body + "}\n"))]
        },
        Input(name: "deep-first-blocks", arguments: ["check", "deep.gist"], seconds: nil) {
            let body = String(repeating: "first { when a {\n", count: 50_000) + "recommend r\n" + String(repeating: "} }\n", count: 50_000)
            return [("deep.gist", text(header + "pathway {\n" + body + "}\n"))]
        },
        Input(name: "deep-open-braces", arguments: ["check", "deep.gist"], seconds: nil) {
            [("deep.gist", text(header + "pathway " + String(repeating: "{", count: 100_000) + "\n"))]
        },
        Input(name: "deep-not", arguments: ["check", "deep.gist"], seconds: nil) {
            [("deep.gist", text(header + "pathway { when " + String(repeating: "not ", count: 100_000) + "a { recommend r } }\n"))]
        },
        Input(name: "deep-minus", arguments: ["check", "deep.gist"], seconds: nil) {
            [("deep.gist", text(header + "pathway { when n > " + String(repeating: "-", count: 100_000) + "1 { recommend r } }\n"))]
        },
        Input(name: "long-operator-line", arguments: ["check", "long.gist"], seconds: nil) {
            let chain = (0..<20_000).map { "n > \($0)" }.joined(separator: " or ")
            return [("long.gist", text(header + "pathway { when \(chain) { recommend r } }\n"))]
        },
        Input(name: "long-line-error-at-end", arguments: ["check", "long.gist"], seconds: nil) {
            [("long.gist", text(header + "pathway { when a { recommend r } }" + String(repeating: " ", count: 1_000_000) + "§ # end\n"))]
        },
        Input(name: "long-comment-lines", arguments: ["check", "long.gist"], seconds: nil) {
            let comment = "# " + String(repeating: "long comment ", count: 50_000) + "\n"
            return [("long.gist", text(comment + header + comment + "pathway { when a { recommend r } when not a { recommend r } }\n" + comment))]
        },
        Input(name: "huge-binary-junk", arguments: ["check", "junk.gist"], seconds: 20) {
            [("junk.gist", junk(megabytes: 50))]
        },
        Input(name: "huge-text-junk", arguments: ["check", "junk.gist"], seconds: 20) {
            [("junk.gist", junk(megabytes: 50, alphabet: Array("abc {}()|=>\n\"#0123456789".utf8)))]
        },
        Input(name: "large-text-junk-under-the-size-limit", arguments: ["check", "junk.gist"], seconds: 30) {
            [("junk.gist", junk(megabytes: 9, alphabet: Array("abc {}()|=>\n\"#0123456789".utf8)))]
        },
        Input(name: "large-token-soup", arguments: ["check", "soup.gist"], seconds: 20) {
            // Valid tokens only, so the lexer reads it all (9 MB, just under the limit, take about
            // 30 s in a debug build, 3 s in a release build).
            [("soup.gist", junk(megabytes: 2, alphabet: Array("a a 1 ( ) { } , \n".utf8)))]
        },
        Input(name: "deep-let-chain", arguments: ["run", "lets.gist", "ok.jsonl"], seconds: nil) {
            // `gist run` used to overflow its evaluation thread's stack on such a chain.
            var lets = header
            for k in 0..<20_000 { lets += "let v\(k) = v\(k + 1) and a\n" }
            lets += "let v20000 = a\npathway { when v0 and n > 0 { recommend r } }\n"
            return [("lets.gist", text(lets)), ("ok.jsonl", text(#"{"id": "c1", "a": true, "n": 1}"# + "\n"))]
        },
        Input(name: "many-syntax-errors", arguments: ["check", "many.gist"], seconds: nil) {
            [("many.gist", text(header + String(repeating: "pathway { when }\n", count: 500)))]
        },
        Input(name: "huge-junk-jsonl", arguments: ["run", "guideline.gist", "junk.jsonl", "ok.jsonl"], seconds: 30) {
            [guideline(), ("junk.jsonl", textJunk(megabytes: 50)), ("ok.jsonl", text(record + "\n"))]
        },
        Input(name: "huge-junk-json", arguments: ["run", "guideline.gist", "junk.json", "ok.jsonl"], seconds: 30) {
            [guideline(), ("junk.json", textJunk(megabytes: 50)), ("ok.jsonl", text(record + "\n"))]
        },
        Input(name: "huge-junk-yaml", arguments: ["run", "guideline.gist", "junk.yaml", "ok.jsonl"], seconds: 30) {
            [guideline(), ("junk.yaml", textJunk(megabytes: 50)), ("ok.jsonl", text(record + "\n"))]
        },
        Input(name: "huge-junk-csv", arguments: ["run", "guideline.gist", "junk.csv", "ok.jsonl"], seconds: 30) {
            // 5 MB: the CSV reader (a dependency) is slow in a debug build; 50 MB take about 40 s there.
            [guideline(), ("junk.csv", textJunk(megabytes: 5)), ("ok.jsonl", text(record + "\n"))]
        },
        Input(name: "huge-binary-records", arguments: ["run", "guideline.gist", "junk.jsonl", "ok.jsonl"], seconds: 20) {
            [guideline(), ("junk.jsonl", junk(megabytes: 50)), ("ok.jsonl", text(record + "\n"))]
        },
        Input(name: "deep-json-records", arguments: ["run", "guideline.gist", "deep.jsonl", "deep.json"], seconds: nil) {
            let deep = #"{"id": "deep", "size": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
            return [guideline(), ("deep.jsonl", text(record + "\n" + deep + "\n" + record.replacingOccurrences(of: "ok", with: "ok2") + "\n")),
                    ("deep.json", text("[" + deep + "]"))]
        },
        Input(name: "deep-yaml-records", arguments: ["run", "guideline.gist", "flow.yaml", "block.yaml", "aliases.yaml"], seconds: nil) {
            let flow = "- id: deep\n  size: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
            let block = "- id: deep\n  size:\n" + (1...5_000).map { String(repeating: " ", count: $0 + 2) + "- \n" }.joined()
            // A billion laughs: each alias doubles the one before.
            var laughs = "a0: &a0 [x, x]\n"
            for k in 1...40 { laughs += "a\(k): &a\(k) [*a\(k - 1), *a\(k - 1)]\n" }
            return [guideline(), ("flow.yaml", text(flow)), ("block.yaml", text(block)), ("aliases.yaml", text(laughs))]
        },
        Input(name: "long-record-line", arguments: ["run", "guideline.gist", "long.jsonl", "--format", "jsonl"], seconds: nil) {
            let long = String(repeating: "n", count: 10_000_000)
            let unknownField = #"{"id": "long-field", "note": ""# + long + #"", "size": 1.5, "mitoses": 2, "spread": "localized"}"#
            let badValue = #"{"id": "long-value", "size": "1"# + long + #"", "mitoses": 2, "spread": ""# + long + #""}"#
            let longName = #"{"id": "long-name", ""# + long + #"": 1, "size": 1.5, "mitoses": 2, "spread": "localized"}"#
            return [guideline(), ("long.jsonl", text([unknownField, badValue, longName, record].joined(separator: "\n") + "\n"))]
        },
        Input(name: "many-csv-columns", arguments: ["run", "guideline.gist", "wide.csv"], seconds: nil) {
            let extra = (0..<100_000).map { "x\($0)" }
            let header = (["id", "size", "mitoses", "spread"] + extra).joined(separator: ",")
            let row = (["wide", "1.5", "2", "localized"] + extra.map { _ in "" }).joined(separator: ",")
            return [guideline(), ("wide.csv", text(header + "\n" + row + "\nshort,1\n"))]
        },
    ]
}

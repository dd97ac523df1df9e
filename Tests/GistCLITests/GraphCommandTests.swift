import Foundation
import GistTestSupport
import Testing
@testable import GistCLI
import Gist
import GistIO

/// `gist graph`: DOT goldens (regenerate with GIST_UPDATE_GOLDEN=1), case highlighting
/// checked against evaluation, rendering with and without Graphviz.
@Suite struct GraphCommandTests {
    static let root = Repository.root
    static let graph = Fixtures.root.appendingPathComponent("graph")

    @Test(arguments: [
        ("run-guideline.dot", ["graph", "../run/guideline.gist"]),
        ("run-guideline-no-size.dot", ["graph", "../run/guideline.gist", "--case", "case-no-size.json"]),
        ("acs-2017.dot", ["graph", "../../../../guidelines/acs-2017.gist"]),
        ("acs-2017-case.dot", ["graph", "../../../../guidelines/acs-2017.gist", "--case", "case-metastatic.json"]),
        ("sub-pathways.dot", ["graph", "sub-pathways.gist"]),
        ("sub-pathways-case.dot", ["graph", "sub-pathways.gist", "--case", "case-metastatic-no-alpha.json"]),
    ])
    func dotMatchesGolden(name: String, arguments: [String]) throws {
        let r = gist(arguments, in: Self.graph)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.isEmpty)
        try assertGolden(r.out, Self.graph.appendingPathComponent(name))
        // The same guideline always gives the same text.
        #expect(gist(arguments, in: Self.graph).out == r.out)
    }

    /// The DOT of the committed flowchart's source is well formed enough for Graphviz: every
    /// edge joins declared nodes, and ids are unique.
    @Test(arguments: ["guidelines/acs-2017.gist", "Tests/GistCLITests/Fixtures/graph/sub-pathways.gist"])
    func edgesJoinDeclaredNodes(_ path: String) throws {
        let r = gist(["graph", path], in: Self.root)
        var declared: Set<String> = []
        var edges: [(String, String)] = []
        for line in r.out.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            let parts = t.split(separator: " ")
            if parts.count >= 3, parts[1] == "->" { edges.append((String(parts[0]), String(parts[2]))) }
            else if let first = parts.first, parts.count >= 2, parts[1].hasPrefix("[") {
                #expect(declared.insert(String(first)).inserted, "\(first) declared twice")
            }
        }
        for (a, b) in edges {
            #expect(declared.contains(a), "\(a) not declared")
            #expect(declared.contains(b), "\(b) not declared")
        }
        #expect(declared.contains("start"))
    }

    /// Over every example record of acs-2017: the leaves drawn bold are exactly the codes the
    /// case gets, and the dashed ones exactly its undetermined codes.
    @Test func highlightingAgreesWithEvaluation() throws {
        let program = Repository.compile("guidelines/acs-2017.gist").program
        let p = try #require(program)
        let binder = CaseBinder(program: p)
        let evaluator = Evaluator(program: p)
        var checked = 0
        for file in try RecordReader.expand(paths: [Self.root.appendingPathComponent("examples/cases").path]) {
            for result in try RecordReader.read(path: file) {
                guard case .success(let record) = result, case .success(let c) = binder.bind(record) else { continue }
                let outcome = evaluator.evaluate(c.inputs)
                let dot = PathwayGraph.dot(p, highlight: .init(name: c.id, inputs: c.inputs))
                var bold: Set<String> = [], dashed: Set<String> = []
                for line in dot.split(separator: "\n") where line.contains("shape=box") && !line.contains("legend_") {
                    guard let start = line.range(of: "label=\""), let end = line[start.upperBound...].firstIndex(of: "\\") else { continue }
                    let code = String(line[start.upperBound..<end])
                    if line.contains("penwidth=3") { bold.insert(code) }
                    if line.contains("dashed") { dashed.insert(code) }
                }
                let recommended = Set(outcome.recommended.map { p.recommendations[$0].code })
                let undetermined = Set(outcome.undetermined.map { p.recommendations[$0.code].code })
                #expect(bold == recommended, "\(c.id)")
                #expect(dashed.subtracting(recommended) == undetermined, "\(c.id)")
                checked += 1
            }
        }
        #expect(checked >= 40)
    }

    /// The flowchart the README shows is drawn from the current acs-2017: every recommendation
    /// statement is a leaf there (regenerate with
    /// `gist graph guidelines/acs-2017.gist -f svg -o docs/acs-2017.svg`).
    @Test func committedFlowchartIsCurrent() throws {
        let svg = try String(contentsOf: Self.root.appendingPathComponent("docs/acs-2017.svg"), encoding: .utf8)
        let dot = gist(["graph", "guidelines/acs-2017.gist"], in: Self.root).out
        let leaves = dot.split(separator: "\n").filter { $0.contains("shape=box") && !$0.contains("legend_") }.count
        let decisions = dot.split(separator: "\n").filter { $0.contains("shape=diamond") }.count
        let tables = dot.split(separator: "\n").filter { $0.contains("shape=plain") }.count
        #expect(tables == 2)
        // Reasons (`because "…"`) are drawn as notes.
        let notes = dot.split(separator: "\n").filter { $0.contains("shape=note") }.count
        // Each sub-pathway starts at an oval with its name.
        let subPathways = dot.split(separator: "\n").filter { $0.contains("pathway_") && $0.contains("shape=oval") }.count
        #expect(subPathways == 1)
        #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == leaves + decisions + tables + notes + subPathways + 1 + 4 + countOtherwise(dot),
                "docs/acs-2017.svg does not match guidelines/acs-2017.gist; regenerate it")
        for line in dot.split(separator: "\n") where line.contains("tooltip=") {
            guard let start = line.range(of: "tooltip=\""), let end = line[start.upperBound...].firstIndex(of: "\"") else { continue }
            let tip = String(line[start.upperBound..<end]).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            #expect(svg.contains(tip), "docs/acs-2017.svg lacks \(tip); regenerate it")
        }
    }

    /// A sub-pathway followed twice is drawn once: its statements are nodes once, each
    /// `follow` is an edge into its frame, and with a case a node is bold when any use of it
    /// is on the case's path (the leaves drawn bold are exactly the codes the case gets).
    @Test func subPathwaysAreDrawnOnce() throws {
        let path = Self.graph.appendingPathComponent("sub-pathways.gist")
        let p = try #require(Checker.compile(SourceFile(name: "sub-pathways.gist", text: try String(contentsOf: path, encoding: .utf8))).0)
        let dot = PathwayGraph.dot(p)
        let lines = dot.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("label=\"alpha_drug\\nrecommend\"") }.count == 1)
        #expect(lines.filter { $0.contains("subgraph cluster_pathway_drugs") }.count == 1)
        #expect(lines.filter { $0.contains("-> pathway_drugs") }.count == 2)
        #expect(lines.filter { $0.contains("-> pathway_monitoring") }.count == 1)
        #expect(lines.contains { $0.contains("table_level -> table_treat_level") })
        let binder = CaseBinder(program: p)
        let evaluator = Evaluator(program: p)
        for spread in ["localized", "metastatic"] {
            for alpha in [true, false] {
                for size in [3.0, 8.0] {
                    let record = RawRecord(fields: [("spread", .string(spread)), ("size", .number(size)), ("mitoses", .number(8)),
                                                    ("resected", .bool(true)), ("tolerates_alpha", .bool(alpha))],
                                           location: RecordLocation(file: "t", record: 1))
                    guard case .success(let c) = binder.bind(record) else { Issue.record("record rejected"); continue }
                    let traced = PathwayGraph.dot(p, highlight: .init(name: "c", inputs: c.inputs))
                    var bold: Set<String> = []
                    for line in traced.split(separator: "\n") where line.contains("shape=box") && !line.contains("legend_") && line.contains("penwidth=3") {
                        guard let start = line.range(of: "label=\""), let end = line[start.upperBound...].firstIndex(of: "\\") else { continue }
                        bold.insert(String(line[start.upperBound..<end]))
                    }
                    let recommended = Set(evaluator.evaluate(c.inputs).recommended.map { p.recommendations[$0].code })
                    #expect(bold == recommended, "\(spread) alpha=\(alpha) size=\(size)")
                }
            }
        }
    }

    func countOtherwise(_ dot: String) -> Int { dot.split(separator: "\n").filter { $0.contains("label=\"otherwise\"") }.count }

    @Test func caseFileMustHoldExactlyOneValidRecord() {
        let two = gist(["graph", "../run/guideline.gist", "--case", "two-records.jsonl"], in: Self.graph)
        #expect(two.code == 2)
        #expect(two.err == "gist: two-records.jsonl has 2 records; --case takes a file with exactly one\n")
        let missing = gist(["graph", "../run/guideline.gist", "--case", "nope.json"], in: Self.graph)
        #expect(missing.code == 2)
        #expect(missing.err.contains("nope.json"))
        let folder = try? TemporaryFolder()
        if let folder {
            try? folder.write("bad.json", "{\"id\": \"x\", \"size\": \"huge\"}")
            let bad = gist(["graph", Fixtures.run.appendingPathComponent("guideline.gist").path, "--case", "bad.json"], in: folder.url)
            #expect(bad.code == 2)
            #expect(bad.err.contains("size"))
        }
    }

    @Test func guidelineErrorsAndMissingFiles() {
        let broken = gist(["graph", "../diagnostics/15-missing-unit.gist"], in: Self.graph)
        #expect(broken.code == 1)
        #expect(broken.err.hasSuffix("gist: ../diagnostics/15-missing-unit.gist has errors; run 'gist check ../diagnostics/15-missing-unit.gist'\n"))
        let missing = gist(["graph", "nope.gist"], in: Self.graph)
        #expect(missing.code == 2)
        #expect(missing.err == "gist: nope.gist: no such file\n")
        let format = gist(["graph", "../run/guideline.gist", "--format", "pdf"], in: Self.graph)
        #expect(format.code == 2)
    }

    @Test(.enabled(if: GraphCommand.findDot() != nil, "needs Graphviz's dot"))
    func rendersSVGAndPNGWithGraphviz() throws {
        let svg = gist(["graph", "../run/guideline.gist", "--format", "svg"], in: Self.graph)
        #expect(svg.code == 0, "\(svg.err)")
        #expect(svg.out.contains("<svg"))
        #expect(svg.out.contains("alpha_drug"))
        let folder = try TemporaryFolder()
        let png = gist(["graph", Fixtures.run.appendingPathComponent("guideline.gist").path, "-f", "png", "-o", "flow.png"], in: folder.url)
        #expect(png.code == 0, "\(png.err)")
        let bytes = try Data(contentsOf: folder.url.appendingPathComponent("flow.png"))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}

/// Without Graphviz, SVG and PNG say how to install it (a child process, to set GIST_DOT).
@Suite(.enabled(if: gistExecutable != nil, "needs the gist executable next to the test bundle"))
struct GraphWithoutGraphvizTests {
    @Test(arguments: ["svg", "png"])
    func missingDotIsExplained(format: String) throws {
        let run = try GistProcess.run(["graph", "guideline.gist", "--format", format], in: Fixtures.run,
                                      environment: ["GIST_DOT": "/nonexistent/dot"])
        #expect(run.status == 2)
        #expect(run.out.isEmpty)
        #expect(run.err.contains("needs Graphviz's 'dot', which is not installed"))
        #expect(run.err.contains("apt-get install graphviz"))
    }
}

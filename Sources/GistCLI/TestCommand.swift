import ArgumentParser
import Foundation
import Gist
import GistIO

struct TestCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run test scripts (cases and expectations) against their guidelines.",
        discussion: """
        Scripts are .gist files of statements (use, case, cases, expect, what if, print); \
        folders are searched for them. Prints each failing expectation and ends with \
        'N passed, N failed'. Exit status: 0 all passed, 1 any failed, 2 unreadable paths.
        """
    )

    @Argument(help: "Script files or folders.")
    var paths: [String]

    @Flag(help: "Report which recommendations, branches and table rows the scripts exercised.")
    var coverage = false

    @Option(help: "Output format of the coverage report: text or json.")
    var format: Format = .text

    @OptionGroup var evaluationDate: EvaluationDateOption

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func execute(_ console: Console) -> ExitStatus {
        guard let day = evaluationDate.day(console) else { return .usage }
        var scripts: [String] = []
        for p in paths {
            let full = console.resolve(p)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else {
                console.error("gist: \(p): no such file or folder")
                return .usage
            }
            if isDir.boolValue {
                let found = (FileManager.default.enumerator(atPath: full)?.allObjects as? [String] ?? [])
                    .filter { $0.hasSuffix(".gist") }.sorted()
                scripts += found.map { Paths.join(p, $0) }
            } else {
                scripts.append(p)
            }
        }
        let store = CoverageStore()
        var passed = 0, failed = 0
        // The evaluation date, when a guideline reads `today`: echoed so the run can be repeated.
        var asOf: String?
        for path in scripts {
            let text: String
            do { text = try Loading.readText(path, console: console) } catch {
                console.error("gist: \(error)")
                failed += 1
                continue
            }
            let file = SourceFile(name: path, text: text)
            let (unit, parseDiags) = Parser.parse(file)
            // Guidelines found in a folder of scripts are not tests.
            if unit.isGuideline { continue }
            for d in parseDiags { console.write(d.rendered()) }
            let session = Session(host: FileHost(console: console), coverage: store, evaluationDate: day)
            session.run(unit) { event in
                switch event {
                case .diagnostic(let d): console.write(d.rendered())
                case .text(let t): if !coverage || format == .text { console.write(t) }
                case .expectation(let r):
                    if !r.passed { console.write(Self.failure(r, console)) }
                }
            }
            asOf = session.evaluatedAsOf ?? asOf
            passed += session.passed
            failed += session.failed + session.errors + parseDiags.filter { $0.severity == .error }.count
        }
        if coverage {
            let reports = store.order.compactMap { p in store.entries[p].map { CoverageReport(path: p, program: $0.program, coverage: $0.coverage) } }
            switch format {
            case .text: for r in reports { console.write(Self.coverageText(r)) }
            case .json: console.line(Self.coverageJSON(reports, passed: passed, failed: failed, asOf: asOf))
            }
        }
        let summary = "\(passed) passed, \(failed) failed" + (asOf.map { " (evaluated as of \($0))" } ?? "")
        if coverage && format == .json { console.error(summary) } else { console.line(summary) }
        return failed > 0 ? .failures : .success
    }

    static func failure(_ r: ExpectationResult, _ console: Console) -> String {
        var out = "\(r.range): " + console.styled("FAIL", .bold, .red) + " \(r.statement)\n"
        out += "  expected: \(r.expected)\n"
        out += "  actual:   \(r.actual)\n"
        if !r.explanation.isEmpty {
            out += r.explanation.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }.map { "  " + $0 + "\n" }.joined()
        }
        return out
    }

    static func pct(_ p: CoverageReport.Part) -> String {
        let v = (p.percent * 10).rounded() / 10
        return "\(p.covered)/\(p.total)  \(v == v.rounded() ? String(Int(v)) : String(v))%"
    }

    static func coverageText(_ r: CoverageReport) -> String {
        var out = "coverage of \(r.path)\n"
        out += "  recommendations  \(pct(r.recommendations))\n"
        out += "  branches         \(pct(r.branches))\n"
        out += "  table rows       \(pct(r.rows))\n"
        let uncovered = r.recommendations.uncovered + r.branches.uncovered + r.rows.uncovered
        if !uncovered.isEmpty {
            out += "  uncovered:\n"
            for u in uncovered { out += "    \(u.range): \(u.description)\n" }
        }
        return out
    }

    static func coverageJSON(_ reports: [CoverageReport], passed: Int, failed: Int, asOf: String? = nil) -> String {
        func part(_ p: CoverageReport.Part) -> String {
            JSONText.object([
                ("covered", "\(p.covered)"), ("total", "\(p.total)"),
                ("percent", String(format: "%.1f", p.percent)),
                ("uncovered", JSONText.array(p.uncovered.map { u in
                    JSONText.object([("description", JSONText.string(u.description)), ("file", JSONText.string(u.range.file.name)),
                                     ("line", "\(u.range.line)"), ("column", "\(u.range.column)")])
                })),
            ])
        }
        return JSONText.object([
            ("passed", "\(passed)"), ("failed", "\(failed)"),
        ] + (asOf.map { [("as_of", JSONText.string($0))] } ?? []) + [
            ("guidelines", JSONText.array(reports.map { r in
                JSONText.object([("path", JSONText.string(r.path)), ("recommendations", part(r.recommendations)),
                                 ("branches", part(r.branches)), ("rows", part(r.rows))])
            })),
        ])
    }
}

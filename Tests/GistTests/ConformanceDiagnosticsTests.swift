import Foundation
import Gist
import GistTestSupport
import Testing

/// The diagnostics entries of the conformance corpus: each `.gist` file under
/// `Tests/Conformance/diagnostics/` (and each golden fixture of `gist check`, under
/// `Tests/GistCLITests/Fixtures/diagnostics` and `findings`) says, in comment lines
///
///     # expect-error: unknown-name at 12:8
///     # expect-warning: table-gap at 9:1
///
/// (or `# expect-none`) exactly which diagnostics `gist check` gives for it
/// (`GuidelineCheck.run`): the same ids at the same places, no more, no fewer. The goldens
/// check the rendered text; these check the ids and places, and that every id is covered.
@Suite struct ConformanceDiagnosticsTests {
    static let folders = ["Tests/Conformance/diagnostics", "Tests/GistCLITests/Fixtures/diagnostics", "Tests/GistCLITests/Fixtures/findings"]

    /// Paths of the entries, relative to the repository.
    static let entries: [String] = folders.flatMap { folder in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.url(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".gist") }.sorted().map { "\(folder)/\($0)" }
    }

    /// Ids no small file can show: a file over the size limit, a token over the length limit
    /// (LimitsTests, LexerTests), a hundred errors, diagrams over the node limit (the
    /// hostile-input goldens many-syntax-errors and 50-check-max-nodes).
    static let tooLargeForTheCorpus: Set<DiagnosticID> = [.tooLarge, .tooLong, .tooManyErrors, .analysisLimit]

    struct Missing: Error { let path: String }

    /// One expected or produced diagnostic, as the annotations write it.
    struct Expected: Hashable, CustomStringConvertible {
        let severity: Diagnostic.Severity
        let id: String
        let line: Int
        let column: Int
        var description: String { "\(severity.rawValue) \(id) at \(line):\(column)" }
    }

    /// The `# expect-SEVERITY: ID at LINE:COL` lines of an entry; a malformed one is reported.
    static func expectations(_ text: String, _ name: String) -> [Expected] {
        var out: [Expected] = []
        let pattern = /^#\s*expect-(error|warning|note):\s*([a-z-]+)\s+at\s+(\d+):(\d+)\s*$/
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#"), trimmed.contains("expect-"), trimmed != "# expect-none" else { continue }
            guard let m = trimmed.wholeMatch(of: pattern), let severity = Diagnostic.Severity(rawValue: String(m.1)),
                  let l = Int(m.3), let c = Int(m.4) else {
                Issue.record("\(name): malformed annotation '\(trimmed)'")
                continue
            }
            out.append(Expected(severity: severity, id: String(m.2), line: l, column: c))
        }
        return out
    }

    static func produced(_ text: String, _ name: String) -> [Expected] {
        // Modules (`use "modules/…"`) are read beside the entry, as `gist check` reads them.
        GuidelineCheck.run(SourceFile(name: name, text: text), read: { path in
            guard let text = Repository.read(path) else { throw Missing(path: path) }
            return text
        }).map { d in
            Expected(severity: d.severity, id: d.id, line: d.range?.line ?? 0, column: d.range?.column ?? 0)
        }
    }

    @Test func theCorpusHasEntries() {
        #expect(Self.entries.count >= 80)
    }

    @Test(arguments: entries)
    func entryGivesExactlyItsAnnotatedDiagnostics(_ name: String) throws {
        let text = try #require(Repository.read(name))
        let expected = Self.expectations(text, name)
        #expect(!expected.isEmpty || text.contains("\n# expect-none\n"), "\(name) has no '# expect-…' line")
        let got = Self.produced(text, name)
        #expect(got.sorted { $0.description < $1.description } == expected.sorted { $0.description < $1.description },
                "\(name): expected \(expected), got \(got)")
        // Every annotated id is a real one.
        for e in expected { #expect(DiagnosticID(rawValue: e.id) != nil, "\(name): unknown id \(e.id)") }
    }

    /// Every id a `.gist` file can get from `gist check` has an entry; script and REPL ids come
    /// from running scripts and commands, which the REPL's golden sessions cover.
    @Test func everyCheckIdHasAnEntry() throws {
        var covered = Set<String>()
        for name in Self.entries {
            let text = try #require(Repository.read(name))
            covered.formUnion(Self.expectations(text, name).map(\.id))
        }
        let checkPhases: [DiagnosticID.Phase] = [.syntax, .check, .analysis, .pragma]
        let missing = DiagnosticID.allCases.filter {
            checkPhases.contains($0.phase) && !covered.contains($0.rawValue) && !Self.tooLargeForTheCorpus.contains($0)
        }
        #expect(missing.isEmpty, "ids without a conformance entry: \(missing.map(\.rawValue))")
    }

    /// The documentation's one table of diagnostics has a row for every id, with its severity,
    /// and no row for an id that does not exist.
    @Test func everyIdHasADocumentedRow() throws {
        let doc = try #require(Repository.read("docs/diagnostics.md"))
        var rows: [String: String] = [:]
        for line in doc.split(separator: "\n") where line.hasPrefix("| <a id=\"") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let id = cells[0].firstMatch(of: /id="([a-z-]+)"/)?.1 else { continue }
            rows[String(id)] = cells[1]
        }
        for id in DiagnosticID.allCases {
            #expect(rows[id.rawValue] == id.severity.rawValue, "docs/diagnostics.md: row for \(id.rawValue) missing or with another severity")
            #expect(id.docsAnchor == "docs/diagnostics.md#\(id.rawValue)")
        }
        #expect(Set(rows.keys) == Set(DiagnosticID.allCases.map(\.rawValue)), "rows for unknown ids: \(Set(rows.keys).subtracting(DiagnosticID.allCases.map(\.rawValue)))")
    }
}

import Foundation
@testable import Gist
import Testing
@testable import GistCLI

/// The golden corpus of `gist check`'s input-space findings: `Fixtures/findings/NN-name.gist`,
/// one small guideline per finding kind (01–15, and 16: nested unreachable branches) and per
/// pragma behaviour (20–25), with
/// `NN-name.expected` holding the command, what it prints and its exit status. Fixtures whose
/// name contains `strict` are also checked with `--strict`.
@Suite struct FindingsGoldenTests {
    static let folder = Fixtures.root.appendingPathComponent("findings")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".gist") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func arguments(_ name: String) -> [[String]] {
        var runs = [["check", "findings/\(name).gist"]]
        if name.contains("strict") { runs.append(["check", "--strict", "findings/\(name).gist"]) }
        return runs
    }

    @Test(arguments: names)
    func checkOutputMatchesGolden(_ name: String) throws {
        var transcript = ""
        for args in Self.arguments(name) {
            let r = gist(args, in: Fixtures.root)
            #expect(r.err == "", "gist check wrote to standard error: \(r.err)")
            transcript += "$ gist " + args.joined(separator: " ") + "\n" + r.out + "exit: \(r.code)\n"
        }
        try assertGolden(transcript, Self.folder.appendingPathComponent(name + ".expected"))
    }

    @Test func everyFixtureHasAGoldenAndViceVersa() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
        let goldens = Set(files.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(9)) })
        #expect(goldens == Set(Self.names))
        let numbers = Self.names.map { $0.prefix(while: { $0 != "-" }) }
        #expect(numbers.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isNumber) })
        #expect(Set(numbers).count == numbers.count)
    }

    static func diagnostics(_ name: String) -> [Diagnostic] {
        let url = folder.appendingPathComponent(name + ".gist")
        let file = SourceFile(name: "findings/\(name).gist", text: Fixtures.read(url) ?? "")
        return GuidelineCheck.run(file)
    }

    /// Fixtures 01–15 are named after the one finding they show (`05-unreachable-branch`), and
    /// show it; every kind of finding has its fixture.
    @Test func eachKindHasItsFixture() {
        let kinds = ["table-gap", "table-overlap", "table-shadowed-row", "table-row-never-matches", "unreachable-branch",
                     "unreachable-alternative", "unreachable-otherwise", "unused-recommendation", "unreachable-recommendation",
                     "no-recommendation", "exclusive-conflict", "indistinct-members", "unused-value", "approximate-analysis",
                     "empty-pathway", "division-by-zero"]
        for kind in kinds {
            guard let name = Self.names.first(where: { $0.dropFirst(3) == kind }) else {
                Issue.record("no fixture for \(kind)")
                continue
            }
            let ids = Self.diagnostics(name).map(\.id)
            #expect(ids.contains(kind), "\(name) shows \(ids)")
            // One finding per fixture, except that code reached only through an unreachable
            // branch is also an unreachable recommendation.
            let expected = kind == "unreachable-recommendation" ? ["unreachable-branch", kind] : [kind]
            #expect(ids == expected, "\(name) shows \(ids)")
        }
    }

    /// Branches inside a branch no case enters are unreachable because of it: only the
    /// outermost is reported.
    @Test func nestedUnreachableBranchesAreReportedOnce() {
        let ds = Self.diagnostics("16-unreachable-nested-branches")
        #expect(ds.map(\.id) == ["unreachable-branch"])
        #expect(ds.map { $0.range?.line } == [14])
    }

    @Test func pragmas() {
        #expect(Self.diagnostics("20-pragma-silences").isEmpty)
        #expect(Self.diagnostics("21-pragma-without-reason").map(\.id) == ["pragma-without-reason", "indistinct-members", "indistinct-members"])
        #expect(Self.diagnostics("22-unused-pragma").map(\.id) == ["unused-pragma"])
        #expect(Self.diagnostics("24-pragma-silences-error").isEmpty)
        #expect(Self.diagnostics("25-pragma-cannot-silence-language-error").map(\.id) == ["missing-unit", "unused-pragma"])
        let plain = gist(["check", "findings/23-strict-warnings.gist"], in: Fixtures.root)
        let strict = gist(["check", "--strict", "findings/23-strict-warnings.gist"], in: Fixtures.root)
        #expect(plain.code == 0 && strict.code == 1)
        #expect(strict.out == plain.out.replacingOccurrences(of: " in 1 file\n", with: " in 1 file (with --strict, warnings count as errors)\n"))
        // An error that a pragma silences no longer fails the check.
        #expect(gist(["check", "findings/24-pragma-silences-error.gist"], in: Fixtures.root).code == 0)
    }

    struct TextHost: SessionHost {
        let text: String
        func readSource(path: String) throws -> String { text }
        func readRecords(path: String, displayPath: String) throws -> [Result<RawRecord, RecordError>] { [] }
    }

    /// Every witness in the corpus, pasted into a script after `use`, is a complete case that
    /// shows its finding when evaluated.
    @Test(arguments: names)
    func witnessesShowTheirFinding(_ name: String) throws {
        let text = Fixtures.read(Self.folder.appendingPathComponent(name + ".gist")) ?? ""
        guard let program = Checker.compile(SourceFile(name: "g.gist", text: text)).program else { return }
        for d in Findings.analyse(program) {
            for statement in d.notes.compactMap(\.witness) {
                let caseName = try #require(statement.split(separator: " ").dropFirst().first.map(String.init))
                let script = Parser.parse(SourceFile(name: "w.gist", text: "use \"g.gist\"\n\(statement)\n"))
                #expect(script.diagnostics.isEmpty, "\(name): \(statement)")
                let session = Session(host: TextHost(text: text))
                var problems: [String] = []
                session.run(script.unit) { if case .diagnostic(let x) = $0, x.severity == .error { problems.append(x.message) } }
                #expect(problems.isEmpty, "\(name): \(statement): \(problems)")
                let values = try #require(session.inputs(of: caseName))
                #expect(!values.contains { $0.isUnknown }, "\(name): the witness leaves an input unknown")
                let outcome = Evaluator(program: program).evaluate(values)
                let codes = Set(outcome.recommended.map { program.recommendations[$0].code })
                switch d.id {
                case "table-gap", "table-overlap":
                    let table = program.tables[0]
                    let columns = table.columns.map { Evaluator(program: program).value(of: $0, in: outcome.values) }
                    let matching = table.rows.indices.filter { r in
                        zip(table.rows[r].cells, columns).allSatisfy { Operators.cellTest($0, $1) == .yes }
                    }
                    if d.id == "table-gap" { #expect(matching.isEmpty, "\(name): gap witness matches rows \(matching)") }
                    else { #expect(matching.count >= 2, "\(name): overlap witness matches rows \(matching)") }
                case "no-recommendation": #expect(codes.isEmpty, "\(name): no-recommendation witness gets \(codes)")
                case "exclusive-conflict": #expect(codes.isSuperset(of: ["surveillance", "surgery"]), "\(name): conflict witness gets \(codes)")
                case "division-by-zero":
                    let lets = program.derived.indices.map { outcome.values[program.inputs.count + $0] }
                    #expect(lets.contains { $0.isUnknown }, "\(name): division witness leaves every let determined")
                default: Issue.record("\(name): unexpected witness on \(d.id)")
                }
            }
        }
    }
}

import Foundation
import GistTestSupport
import Testing
@testable import Gist

/// The conformance corpus (Tests/Conformance/README.md): every entry's cases through the tree
/// evaluator, the compiled machine with and without its decision tree, and the decision
/// diagrams; each must give the outcome the entry states.
@Suite struct ConformanceTests {
    static let entries: [ConformanceEntry] = (try? ConformanceEntry.all()) ?? []
    static let runnable = entries.filter { !$0.isDiagnosticsEntry }

    @Test func theCorpusIsThere() {
        #expect(Self.runnable.count >= 30, "found \(Self.runnable.count) entries")
        #expect(Self.runnable.allSatisfy { !$0.cases.isEmpty }, "every entry has a case")
    }

    @Test(arguments: runnable.map(\.path))
    func entry(_ path: String) throws {
        let entry = try #require(Self.runnable.first { $0.path == path })
        for problem in entry.problems { Issue.record(Comment(rawValue: problem)) }
        // Modules the entry uses are read beside it, as `gist check` reads them.
        let c = Compilation(SourceFile(name: path, text: entry.text), read: { p in
            guard let text = Repository.read(p) else { throw ConformanceDiagnosticsTests.Missing(path: p) }
            return text
        })
        let (compiled, diagnostics) = (c.program, c.diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { $0.rendered() }.joined())")
        let p = try #require(compiled)

        let machineCode = CompiledProgram(p)
        let usesStrings = p.inputs.contains { $0.type == .string }
        #expect(machineCode != nil || usesStrings, "\(path): the compiled machine does not take this guideline")
        let learner = machineCode.map { CompiledMachine($0, decisionTree: true) }
        let diagrams = Diagrams(p)

        var bound: [(ConformanceEntry.Case, [Value])] = []
        for (k, c) in entry.cases.enumerated() {
            guard let inputs = Self.bind(c, p, path: path, record: k + 1) else { continue }
            bound.append((c, inputs))
        }
        for (c, inputs) in bound {
            let tree = Evaluator(program: p, compile: false).treeEvaluate(inputs)
            Self.check(tree, c, p, engine: "tree evaluator", path: path)
            if let machineCode {
                let m = CompiledMachine(machineCode)
                if m.load(inputs) {
                    m.run()
                    Self.check(m.outcome(), c, p, engine: "compiled machine", path: path)
                } else {
                    Issue.record("\(path):\(c.line): the compiled machine cannot load case '\(c.name)'")
                }
            }
            diagrams.check(tree, c, inputs, path: path)
        }
        // Twice: the first round teaches the decision tree, the second is answered from it.
        for round in 1...2 {
            guard let learner else { break }
            for (c, inputs) in bound where learner.load(inputs) {
                learner.run()
                Self.check(learner.outcome(), c, p, engine: "compiled machine with decision tree (round \(round))", path: path)
            }
        }
    }

    /// The case's input values: its fields bound as a record's would be, `unknown` fields unknown.
    static func bind(_ c: ConformanceEntry.Case, _ p: Program, path: String, record: Int) -> [Value]? {
        // `today` is the evaluation date of the run, not a field of a record: a case that gives
        // it is evaluated as of that date.
        var p = p
        if let t = c.fields.first(where: { $0.name == "today" }), p.todaySlot != nil {
            guard let day = CalendarDate.parse(t.value) else {
                Issue.record("\(path):\(c.line): today '\(t.value)' is not a date")
                return nil
            }
            p = p.evaluated(asOf: day)
        }
        let fields = c.fields.filter { $0.name != "today" || p.todaySlot == nil }
            .compactMap { f in ConformanceEntry.rawValue(f.value).map { (name: f.name, value: $0) } }
        let location = RecordLocation(file: path, record: record, line: c.line)
        switch CaseBinder(program: p).bind(RawRecord(fields: fields, location: location)) {
        case .success(let b):
            var inputs = b.inputs
            for f in c.fields where ConformanceEntry.rawValue(f.value) == nil {
                guard let slot = p.inputs.firstIndex(where: { $0.name == f.name }) else {
                    Issue.record("\(path):\(c.line): unknown field '\(f.name)'")
                    return nil
                }
                inputs[slot] = .unknown
            }
            return inputs
        case .failure(let e):
            Issue.record("\(path):\(c.line): case '\(c.name)' does not bind: \(e)")
            return nil
        }
    }

    /// One engine's outcome against the case's expectations.
    static func check(_ o: Evaluator.Outcome, _ c: ConformanceEntry.Case, _ p: Program, engine: String, path: String) {
        let at = "\(path):\(c.line): case '\(c.name)', \(engine)"
        if let expected = c.recommends {
            let made = p.codes(o.recommended)
            #expect(made.sorted() == expected.sorted(), "\(at): recommends \(made), expected \(expected)")
        }
        var undetermined: [String: [String]] = [:]
        for u in o.undetermined { undetermined[p.recommendations[u.code].code] = u.needs.map { p.inputs[$0].name } }
        #expect(undetermined == c.undetermined, "\(at): undetermined \(undetermined), expected \(c.undetermined)")
        for v in c.values {
            guard let slot = p.slot(named: v.name) else {
                Issue.record("\(path):\(v.line): no input, let or table '\(v.name)'")
                continue
            }
            let actual = p.formatSlot(slot, o.values[slot])
            #expect(actual == v.value, "\(path):\(v.line): case '\(c.name)', \(engine): \(v.name) is \(actual), expected \(v.value)")
        }
    }

    /// The program's decision diagrams, read at complete cases.
    struct Diagrams {
        let program: Program
        let store: DiagramStore
        let compiled: CompiledDiagrams

        init(_ p: Program) {
            program = p
            let space = Space([p])
            store = DiagramStore(space: space, order: space.analysisOrder())
            compiled = DiagramCompiler.compile(store: store, program: 0)
        }

        /// Where the diagrams disagree with a complete case's outcome (the tree evaluator's):
        /// every code's status, exactly; outside the exact fragment (`approximate`), only the
        /// statuses the diagram decides. Empty for a case with an unknown input.
        func disagreements(_ tree: Evaluator.Outcome, _ inputs: [Value]) -> [String] {
            guard !inputs.contains(where: \.isUnknown), !store.exceeded else { return [] }
            let p = program
            var out: [String] = []
            for code in p.recommendations.indices {
                let status: UInt8 = tree.recommended.contains(code) ? 2 : tree.undetermined.contains { $0.code == code } ? 1 : 0
                guard case .status(let s)? = store.term(compiled.status[code], at: inputs, programIndex: 0) else {
                    out.append("no status leaf for \(p.recommendations[code].code)")
                    continue
                }
                if store.approximate && s == 1 { continue }
                if s != status { out.append("\(p.recommendations[code].code) has status \(s), the evaluator \(status)") }
            }
            return out
        }

        /// The value of a let or table at a complete case, where the diagrams have one.
        func value(_ slot: Int, _ inputs: [Value]) -> Value? {
            let p = program
            guard !inputs.contains(where: \.isUnknown), !store.exceeded, slot >= p.inputs.count,
                  let d = compiled.derived[slot - p.inputs.count],
                  case .value(let value)? = store.term(d, at: inputs, programIndex: 0) else { return nil }
            if store.approximate && value.isUnknown { return nil }
            return value
        }

        func check(_ tree: Evaluator.Outcome, _ c: ConformanceEntry.Case, _ inputs: [Value], path: String) {
            let at = "\(path):\(c.line): case '\(c.name)', decision diagrams"
            for problem in disagreements(tree, inputs) { Issue.record(Comment(rawValue: "\(at): \(problem)")) }
            for v in c.values {
                guard let slot = program.slot(named: v.name), let value = value(slot, inputs) else { continue }
                let actual = program.formatSlot(slot, value)
                #expect(actual == v.value, "\(path):\(v.line): \(at): \(v.name) is \(actual), expected \(v.value)")
            }
        }
    }
}

import Foundation
import Gist

/// `gist run`'s work on a record: bind, evaluate, write the report in the run's format.
/// What every worker shares: the program and its binders and writers.
struct Evaluation: @unchecked Sendable {
    let program: Program
    let format: OutputFormat
    let explain: Bool
    let whyNotCode: Int?
    /// For styling text output (nil when writing to a file).
    let console: Console?
    let binder: CaseBinder
    let evaluator: Evaluator
    let lineBinder: JSONLineBinder
    let encoder: ReportEncoder

    init(program: Program, format: OutputFormat, explain: Bool, whyNotCode: Int?, console: Console?) {
        self.program = program
        self.format = format
        self.explain = explain
        self.whyNotCode = whyNotCode
        self.console = console
        binder = CaseBinder(program: program)
        evaluator = Evaluator(program: program)
        lineBinder = JSONLineBinder(program: program)
        encoder = ReportEncoder(program: program)
    }

    /// Cases written straight from the compiled machine's results.
    var fastOutput: Bool { !explain && whyNotCode == nil && (format == .json || format == .jsonl) }

    /// A worker with its own compiled machine (which learns its decision tree).
    func worker() -> Worker {
        let state = EvaluationState(self)
        return Worker(work: state.work, shortcut: fastOutput && state.machine != nil ? state.shortcut : nil)
    }
}

/// One worker's machine and buffers.
final class EvaluationState {
    let e: Evaluation
    let machine: CompiledMachine?
    let values: UnsafeMutablePointer<PackedValue>
    var hint = JSONLineBinder.Hint()
    lazy var whyNot = WhyNot(program: e.program)

    init(_ e: Evaluation) {
        self.e = e
        machine = e.evaluator.compiled.map { CompiledMachine($0, decisionTree: true) }
        values = .allocate(capacity: max(e.program.inputs.count, 1))
        values.initialize(repeating: .unknown, count: max(e.program.inputs.count, 1))
    }

    deinit { values.deallocate() }

    /// A JSON line bound straight into the machine's inputs and written from its results.
    func shortcut(_ text: UnsafeBufferPointer<UInt8>, _ line: ChunkLines.Line, _ file: String,
                  _ r: inout Batch.Output, _ out: inout [UInt8]) -> Bool {
        guard let machine, let id = e.lineBinder.bind(text, into: values, hint: &hint) else { return false }
        machine.setInputs(from: values)
        // A case the machine cannot explain (an undetermined value's cause) goes the long way.
        guard machine.runExplainsUndetermined() else { return false }
        if e.format == .json { out.append(contentsOf: ",\n  ".utf8) }
        switch id {
        case .bytes(let range):
            let idText = UnsafeBufferPointer(rebasing: text[range])
            r.ids.append(.init(hash: DuplicateIDs.hash(idText), line: line.line, record: line.record))
            e.encoder.appendJSON(id: .raw(idText), machine, to: &out)
        case .text(let s):
            r.ids.append(.init(hash: DuplicateIDs.hash(s.utf8), line: line.line, record: line.record))
            e.encoder.appendJSON(id: .text(s), machine, to: &out)
        case .none:
            e.encoder.appendJSON(id: .text("\(file)#\(line.record)"), machine, to: &out)
        }
        if e.format == .jsonl { out.append(UInt8(ascii: "\n")) }
        r.evaluated += 1
        return true
    }

    func work(_ record: RawRecord, _ out: inout [UInt8]) -> Result<CaseBinder.BoundCase, RecordRejection> {
        switch e.binder.bind(record) {
        case .failure(let errs): return .failure(RecordRejection(errs.errors.map { "\($0)\n" }.joined()))
        case .success(let c):
            evaluate(c, &out)
            return .success(c)
        }
    }

    func evaluate(_ c: CaseBinder.BoundCase, _ out: inout [UInt8]) {
        let report: CaseReport
        if !e.explain, let machine, machine.load(c.inputs), machine.runExplainsUndetermined() {
            if e.fastOutput {
                if e.format == .json { out.append(contentsOf: ",\n  ".utf8) }
                e.encoder.appendJSON(id: .text(c.id), machine, to: &out)
                if e.format == .jsonl { out.append(UInt8(ascii: "\n")) }
                return
            }
            report = e.evaluator.makeReport(id: c.id, location: c.location, outcome: e.encoder.outcome(machine), paths: nil)
        } else {
            report = e.evaluator.report(id: c.id, location: c.location, inputs: c.inputs, explain: e.explain)
        }
        var answer: WhyNot.Answer?
        if let code = e.whyNotCode, !report.recommendedCodes.contains(e.program.recommendations[code].code) {
            answer = whyNot.answer(inputs: c.inputs, code: code)
        }
        let text: String
        switch e.format {
        case .text:
            text = "\n" + TextReport.render(report, console: e.console, whyNot: answer.map(WhyNotReport.text))
        case .json:
            text = ",\n  " + ReportWriter.jsonObject(report, extra: answer.map { ("whyNot", WhyNotReport.json($0)) })
        case .jsonl:
            text = ReportWriter.jsonObject(report, extra: answer.map { ("whyNot", WhyNotReport.json($0)) }) + "\n"
        case .csv:
            text = ReportWriter.csvRows(report).joined(separator: "\n") + "\n"
        }
        out.append(contentsOf: text.utf8)
    }
}

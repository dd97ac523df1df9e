import Foundation
import Gist

/// What every worker shares: the program and its compiled form, binders and writers.
struct Batch: @unchecked Sendable {
    enum Item {
        case lines(LineChunk, file: String)
        case records([Result<RawRecord, RecordError>])
        case fileError(String)
    }

    struct Output {
        var output = ByteBuffer()
        /// Messages for standard error, one per line.
        var errors = ""
        var evaluated = 0
        var rejected = 0
        var unreadable = false
        /// The ids of the evaluated cases that gave one, and the file they are from.
        var ids: [DuplicateIDs.Seen] = []
        var file = ""
    }

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
}

/// One `Worker` per pipeline job, created on first use by that job's thread.
final class WorkerPool: @unchecked Sendable {
    let batch: Batch
    let inputs: BufferPool
    let outputs: BufferPool
    var workers: [Int: Worker] = [:]
    let lock = NSLock()

    init(batch: Batch, inputs: BufferPool, outputs: BufferPool) {
        self.batch = batch
        self.inputs = inputs
        self.outputs = outputs
    }

    func process(_ worker: Int, _ item: Batch.Item) -> Batch.Output {
        lock.lock()
        let w = workers[worker] ?? Worker(batch)
        workers[worker] = w
        lock.unlock()
        var out = Batch.Output()
        out.output = outputs.take()
        out.output.edit { bytes in w.process(item, &out, &bytes) }
        if case .lines(let chunk, _) = item { inputs.give(chunk.storage) }
        return out
    }
}

/// Evaluates work items with its own compiled machine (which learns its decision tree).
final class Worker {
    let batch: Batch
    let machine: CompiledMachine?
    let values: UnsafeMutablePointer<PackedValue>
    var hint = JSONLineBinder.Hint()
    lazy var whyNot = WhyNot(program: batch.program)

    init(_ batch: Batch) {
        self.batch = batch
        machine = batch.evaluator.compiled.map { CompiledMachine($0, decisionTree: true) }
        values = .allocate(capacity: max(batch.program.inputs.count, 1))
        values.initialize(repeating: .unknown, count: max(batch.program.inputs.count, 1))
    }

    deinit { values.deallocate() }

    func process(_ item: Batch.Item, _ r: inout Batch.Output, _ out: inout [UInt8]) {
        switch item {
        case .fileError(let message):
            r.errors = message
            r.unreadable = true
        case .records(let records):
            for record in records { handle(record, &r, &out) }
        case .lines(let chunk, let file):
            r.file = file
            chunk.storage.bytes.withUnsafeBufferPointer { bytes in
                for line in ChunkLines(chunk) where line.record > 0 {
                    if let e = JSONLineRecord.utf8Error(chunk, line, file: file) {
                        handle(.failure(e), &r, &out)
                        continue
                    }
                    if batch.fastOutput, let machine, let base = bytes.baseAddress {
                        let text = UnsafeBufferPointer(start: base + line.range.lowerBound, count: line.range.count)
                        if let id = batch.lineBinder.bind(text, into: values, hint: &hint),
                           { machine.setInputs(from: values); return machine.runExplainsUndetermined() }() {
                            if batch.format == .json { out.append(contentsOf: ",\n  ".utf8) }
                            switch id {
                            case .bytes(let range):
                                let text = UnsafeBufferPointer(start: base + line.range.lowerBound + range.lowerBound, count: range.count)
                                r.ids.append(.init(hash: DuplicateIDs.hash(text), line: line.line, record: line.record))
                                batch.encoder.appendJSON(id: .raw(UnsafeBufferPointer(start: base + line.range.lowerBound + range.lowerBound,
                                                                                      count: range.count)), machine, to: &out)
                            case .text(let s):
                                r.ids.append(.init(hash: DuplicateIDs.hash(s.utf8), line: line.line, record: line.record))
                                batch.encoder.appendJSON(id: .text(s), machine, to: &out)
                            case .none:
                                batch.encoder.appendJSON(id: .text("\(file)#\(line.record)"), machine, to: &out)
                            }
                            if batch.format == .jsonl { out.append(UInt8(ascii: "\n")) }
                            r.evaluated += 1
                            continue
                        }
                    }
                    handle(JSONLineRecord.parse(chunk.bytes, line.range, line: line.line, record: line.record, file: file), &r, &out)
                }
            }
        }
    }

    func handle(_ result: Result<RawRecord, RecordError>, _ r: inout Batch.Output, _ out: inout [UInt8]) {
        switch result {
        case .failure(let e):
            r.errors += "\(e)\n"
            r.rejected += 1
        case .success(let record):
            switch batch.binder.bind(record) {
            case .failure(let errs):
                for e in errs.errors { r.errors += "\(e)\n" }
                r.rejected += 1
            case .success(let c):
                if c.hasID, let at = c.location {
                    r.file = at.file
                    r.ids.append(.init(hash: DuplicateIDs.hash(c.id.utf8), line: at.line, record: at.record))
                }
                evaluate(c, &out)
                r.evaluated += 1
            }
        }
    }

    func evaluate(_ c: CaseBinder.BoundCase, _ out: inout [UInt8]) {
        let report: CaseReport
        if !batch.explain, let machine, machine.load(c.inputs), machine.runExplainsUndetermined() {
            if batch.fastOutput {
                if batch.format == .json { out.append(contentsOf: ",\n  ".utf8) }
                batch.encoder.appendJSON(id: .text(c.id), machine, to: &out)
                if batch.format == .jsonl { out.append(UInt8(ascii: "\n")) }
                return
            }
            report = batch.evaluator.makeReport(id: c.id, location: c.location, outcome: batch.encoder.outcome(machine), paths: nil)
        } else {
            report = batch.evaluator.report(id: c.id, location: c.location, inputs: c.inputs, explain: batch.explain)
        }
        var answer: WhyNot.Answer?
        if let code = batch.whyNotCode, !report.recommendedCodes.contains(batch.program.recommendations[code].code) {
            answer = whyNot.answer(inputs: c.inputs, code: code)
        }
        let text: String
        switch batch.format {
        case .text:
            text = "\n" + TextReport.render(report, console: batch.console, whyNot: answer.map(WhyNotReport.text))
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


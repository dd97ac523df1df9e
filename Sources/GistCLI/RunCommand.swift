import ArgumentParser
import Foundation
import Gist
import GistIO

struct RunCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate a guideline on case records and report the recommendations.",
        discussion: """
        Case files are JSON (an object or an array of objects), JSON Lines, YAML or CSV, chosen \
        by extension; folders are searched for such files. Invalid records are reported on \
        standard error and skipped; the others are still evaluated and written.
        JSON Lines and CSV files are read, evaluated and written record by record, so memory \
        stays flat whatever their size; with more than one job, chunks of records are evaluated \
        in parallel and written in input order. On a terminal, a run that takes more than a \
        second shows its progress on standard error.
        Exit status: 0 all records evaluated; 1 the guideline has errors or some records were \
        rejected; 2 usage errors and files that cannot be read.
        """
    )

    @Argument(help: "The guideline (.gist).")
    var guideline: String

    @Argument(help: "Case files or folders.")
    var cases: [String]

    @Option(name: .shortAndLong, help: "Output format: text, json, jsonl or csv.")
    var format: OutputFormat = .text

    @Flag(help: "Show, for each recommendation, the chain of conditions that led to it.")
    var explain = false

    @Option(name: .customLong("why-not"), help: "For cases that did not get this code: the conditions that stopped it and the smallest input changes that would give it.")
    var whyNot: String?

    @Option(name: .shortAndLong, help: "Write the output to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .shortAndLong, help: "Evaluate on this many threads (default: the number of cores).")
    var jobs: Int?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, jsonl, csv }

    func execute(_ console: Console) -> ExitStatus {
        let program: Program
        do {
            let (p, diags, _) = try Loading.guideline(guideline, console: console)
            guard let p else {
                for d in diags where d.severity == .error { console.error(d.rendered()) }
                console.error("gist: \(guideline) has errors; run 'gist check \(guideline)'")
                return .failures
            }
            program = p
        } catch {
            console.error("gist: \(error)")
            return .usage
        }

        if let jobs, jobs < 1 {
            console.error("gist: --jobs must be at least 1")
            return .usage
        }

        let files: [String]
        do {
            files = try RecordReader.expand(paths: cases.map(console.resolve))
        } catch {
            console.error("gist: \(error.message.isEmpty ? "\(error)" : "\(relative(error.path, console)): \(error.message)")")
            return .usage
        }
        if files.isEmpty {
            console.error("gist: no case files (.json, .jsonl, .yaml, .yml, .csv) in \(cases.joined(separator: ", "))")
            return .usage
        }

        var whyNotCode: Int?
        if let code = whyNot {
            guard let c = program.recommendation(code: code) else {
                let hint = Suggest.closest(to: code, among: program.recommendations.map(\.code)).map { " (did you mean '\($0)'?)" } ?? ""
                console.error("gist: --why-not: unknown recommendation code '\(code)'\(hint)")
                return .usage
            }
            whyNotCode = c
        }

        var file: AtomicOutput?
        if let output {
            do { file = try AtomicOutput(path: console.resolve(output)) } catch {
                console.error("gist: \(error)")
                return .usage
            }
        }

        let batch = Batch(program: program, format: format, explain: explain, whyNotCode: whyNotCode,
                          console: output == nil ? console : nil)
        var sink = Sink(format: format, file: file, console: console)
        var progress = Progress(enabled: console.errIsTerminal)
        var evaluated = 0, rejected = 0
        var unreadable = false

        let jobCount = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        // Chunks being read, evaluated or written at a time: enough to keep every job busy.
        let inFlight = jobCount + 2
        // Chunk and output buffers are reused: memory stays flat over millions of records.
        let inputs = BufferPool(limit: inFlight + 1, capacity: Producer.chunkSize + (64 << 10))
        let outputs = BufferPool(limit: inFlight + 1, capacity: 2 * Producer.chunkSize)
        let producer = Producer(files: files.map { ($0, relative($0, console)) }, pool: inputs)
        let pipeline = OrderedPipeline<Batch.Item, Batch.Output>(jobs: jobCount, maxInFlight: inFlight)
        let workers = WorkerPool(batch: batch, inputs: inputs, outputs: outputs)
        pipeline.run(produce: producer.next, work: workers.process) { result in
            sink.write(result.output.bytes)
            outputs.give(result.output)
            if !result.errors.isEmpty {
                progress.clear()
                console.error(result.errors)
            }
            evaluated += result.evaluated
            rejected += result.rejected
            if result.unreadable { unreadable = true }
            progress.update(records: evaluated + rejected)
        }
        progress.clear()

        sink.finish()
        if let file {
            do { try file.commit() } catch {
                console.error("gist: \(error)")
                return .usage
            }
        }
        console.error("\(evaluated) case\(evaluated == 1 ? "" : "s") evaluated, \(rejected) record\(rejected == 1 ? "" : "s") rejected")
        if unreadable { return .usage }
        return rejected > 0 ? .failures : .success
    }

    func relative(_ path: String, _ console: Console) -> String {
        let dir = console.directory.hasSuffix("/") ? console.directory : console.directory + "/"
        return path.hasPrefix(dir) ? String(path.dropFirst(dir.count)) : path
    }
}

// MARK: - Reading

/// Hands out the records of the files as work items: chunks of lines for JSON Lines (parsed by
/// the workers), batches of records for the other formats (parsed here, CSV as it streams).
final class Producer {
    let files: [(path: String, display: String)]
    var index = 0
    var lines: LineChunkReader?
    var stream: RecordStream?
    let pool: BufferPool
    static let batchSize = 2_000
    static let chunkSize = 1 << 20

    init(files: [(String, String)], pool: BufferPool) {
        self.files = files
        self.pool = pool
    }

    func next() -> Batch.Item? {
        while true {
            let display = index < files.count ? files[index].display : ""
            do {
                if let lines {
                    if let chunk = try lines.next() { return .lines(chunk, file: display) }
                    self.lines = nil
                    index += 1
                    continue
                }
                if let stream {
                    var records: [Result<RawRecord, RecordError>] = []
                    while records.count < Self.batchSize, let r = try stream.next() { records.append(r) }
                    if records.count < Self.batchSize {
                        self.stream = nil
                        index += 1
                    }
                    if records.isEmpty { continue }
                    return .records(records)
                }
                guard index < files.count else { return nil }
                let path = files[index].path
                if RecordFormat(path: path) == .jsonl {
                    let reader = try LineChunkReader(path: path, displayPath: display, chunkSize: Self.chunkSize)
                    reader.pool = pool
                    lines = reader
                } else {
                    stream = try RecordStream(path: path, displayPath: display)
                }
            } catch {
                lines = nil
                stream = nil
                index += 1
                return .fileError("gist: \(display): \(error.message)")
            }
        }
    }
}

// MARK: - Evaluating

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
    }

    let program: Program
    let format: RunCommand.OutputFormat
    let explain: Bool
    let whyNotCode: Int?
    /// For styling text output (nil when writing to a file).
    let console: Console?
    let binder: CaseBinder
    let evaluator: Evaluator
    let lineBinder: JSONLineBinder
    let encoder: ReportEncoder

    init(program: Program, format: RunCommand.OutputFormat, explain: Bool, whyNotCode: Int?, console: Console?) {
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
            chunk.storage.bytes.withUnsafeBufferPointer { bytes in
                for line in ChunkLines(chunk) where line.record > 0 {
                    if let e = JSONLineRecord.utf8Error(chunk, line, file: file) {
                        handle(.failure(e), &r, &out)
                        continue
                    }
                    if batch.fastOutput, let machine, let base = bytes.baseAddress {
                        let text = UnsafeBufferPointer(start: base + line.range.lowerBound, count: line.range.count)
                        if let id = batch.lineBinder.bind(text, into: values, hint: &hint) {
                            machine.setInputs(from: values)
                            machine.run()
                            if batch.format == .json { out.append(contentsOf: ",\n  ".utf8) }
                            switch id {
                            case .bytes(let range):
                                batch.encoder.appendJSON(id: .raw(UnsafeBufferPointer(start: base + line.range.lowerBound + range.lowerBound,
                                                                                      count: range.count)), machine, to: &out)
                            case .text(let s):
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
                evaluate(c, &out)
                r.evaluated += 1
            }
        }
    }

    func evaluate(_ c: CaseBinder.BoundCase, _ out: inout [UInt8]) {
        let report: CaseReport
        if !batch.explain, let machine, machine.load(c.inputs) {
            machine.run()
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

// MARK: - Writing

/// Writes the cases' output in order, adding what the format needs around them: a JSON array's
/// brackets, the CSV header, no blank line before the first text case.
struct Sink {
    let format: RunCommand.OutputFormat
    let file: AtomicOutput?
    let console: Console
    var started = false

    init(format: RunCommand.OutputFormat, file: AtomicOutput?, console: Console) {
        self.format = format
        self.file = file
        self.console = console
        if format == .csv { emit(Array((ReportWriter.csvHeader + "\n").utf8)) }
    }

    func emit(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if let file { file.write(bytes) } else { console.write(String(decoding: bytes, as: UTF8.self)) }
    }

    mutating func write(_ output: [UInt8]) {
        guard !output.isEmpty else { return }
        if !started, format == .json || format == .text {
            // Each case starts with its separator; the first one has none (JSON: "[" instead).
            started = true
            if format == .json { emit([UInt8(ascii: "[")]) }
            emit(Array(output.dropFirst()))
            return
        }
        started = true
        emit(output)
    }

    func finish() {
        if format == .json { emit(Array((started ? "\n]\n" : "[]\n").utf8)) }
        console.flush()
    }
}

/// "12,345 records" on standard error, updated in place, when it is a terminal and the run has
/// taken more than a second.
struct Progress {
    let enabled: Bool
    let start = DispatchTime.now().uptimeNanoseconds
    var lastShown: UInt64 = 0
    var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    mutating func update(records: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start > 1_000_000_000, now - lastShown > 200_000_000 else { return }
        lastShown = now
        shown = true
        let rate = Double(records) / (Double(now - start) / 1e9)
        Self.stderr("\r\u{1B}[K\(Self.grouped(records)) records (\(Self.grouped(Int(rate)))/s)…")
    }

    mutating func clear() {
        guard shown else { return }
        shown = false
        Self.stderr("\r\u{1B}[K")
    }

    static func stderr(_ s: String) {
        let bytes = Array(s.utf8)
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            _ = Foundation.write(2, base, raw.count)
        }
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}

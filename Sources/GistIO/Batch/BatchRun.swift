import Foundation
import Gist

/// What `gist run` writes for each case.
public enum OutputFormat: String, CaseIterable, Sendable { case text, json, jsonl, csv }

/// Evaluates a guideline on the records of many files: a producer reads them (JSON Lines in
/// chunks of lines, the other formats in batches of records), workers evaluate chunks in
/// parallel, and a sink writes the results in input order to the console or an output file.
/// Rejected records and unreadable files are reported on the console's standard error; progress
/// is shown there when it is a terminal.
public struct BatchRun {
    public struct Options {
        public var format: OutputFormat
        public var explain: Bool
        /// For cases that did not get this recommendation (an index into the program's), why not.
        public var whyNotCode: Int?
        public var jobs: Int

        public init(format: OutputFormat, explain: Bool = false, whyNotCode: Int? = nil, jobs: Int) {
            self.format = format
            self.explain = explain
            self.whyNotCode = whyNotCode
            self.jobs = jobs
        }
    }

    /// How the records went.
    public struct Totals {
        public var evaluated = 0
        public var rejected = 0
        /// Some file could not be read (or stopped being readable part way).
        public var unreadable = false
    }

    public let program: Program
    public let options: Options

    public init(program: Program, options: Options) {
        self.program = program
        self.options = options
    }

    /// Runs over `files` (a path to open and the name to show for each), writing to `file` or,
    /// without one, to the console's standard output.
    public func run(files: [(path: String, display: String)], to file: AtomicOutput?, console: Console) -> Totals {
        let batch = Batch(program: program, format: options.format, explain: options.explain,
                          whyNotCode: options.whyNotCode, console: file == nil ? console : nil)
        var sink = Sink(format: options.format, file: file, console: console, asOf: program.evaluationDate)
        var progress = Progress(console: console)
        var totals = Totals()
        var duplicates = DuplicateIDs()

        let jobCount = max(1, options.jobs)
        // Chunks being read, evaluated or written at a time: enough to keep every job busy.
        let inFlight = jobCount + 2
        // Chunk and output buffers are reused: memory stays flat over millions of records.
        let inputs = BufferPool(limit: inFlight + 1, capacity: Producer.chunkSize + (64 << 10))
        let outputs = BufferPool(limit: inFlight + 1, capacity: 2 * Producer.chunkSize)
        let producer = Producer(files: files, pool: inputs)
        let pipeline = OrderedPipeline<Batch.Item, Batch.Output>(jobs: jobCount, maxInFlight: inFlight)
        let workers = WorkerPool(batch: batch, inputs: inputs, outputs: outputs)
        pipeline.run(produce: producer.next, work: workers.process) { result in
            sink.write(result.output.bytes)
            outputs.give(result.output)
            let messages = result.errors + duplicates.check(result.ids, file: result.file)
            if !messages.isEmpty {
                progress.clear()
                console.error(messages)
            }
            totals.evaluated += result.evaluated
            totals.rejected += result.rejected
            if result.unreadable { totals.unreadable = true }
            progress.update(records: totals.evaluated + totals.rejected)
        }
        progress.clear()
        if let summary = duplicates.summary { console.error(summary) }
        sink.finish()
        return totals
    }
}

import Foundation
import Gist

/// What a run does with each record it reads: binds and handles it, appending its output,
/// and returns the bound case (for duplicate ids) or the messages rejecting it, one a line.
public typealias RecordWork = (RawRecord, inout [UInt8]) -> Result<CaseBinder.BoundCase, RecordRejection>

/// The reasons a record was rejected, each line ending in a newline.
public struct RecordRejection: Error {
    public var messages: String
    public init(_ messages: String) { self.messages = messages }
}

/// Work items and what a worker makes of one.
enum Batch {
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
}

/// A shortcut for a JSON line: handles the line's bytes directly and returns whether it did
/// (else the line is parsed into a record and handed to the work).
typealias LineShortcut = (_ line: UnsafeBufferPointer<UInt8>, _ at: ChunkLines.Line, _ file: String,
                          _ r: inout Batch.Output, _ out: inout [UInt8]) -> Bool

/// One `Worker` per pipeline job, created on first use by that job's thread.
final class WorkerPool: @unchecked Sendable {
    let make: () -> Worker
    let inputs: BufferPool
    let outputs: BufferPool
    var workers: [Int: Worker] = [:]
    let lock = NSLock()

    init(make: @escaping () -> Worker, inputs: BufferPool, outputs: BufferPool) {
        self.make = make
        self.inputs = inputs
        self.outputs = outputs
    }

    func process(_ worker: Int, _ item: Batch.Item) -> Batch.Output {
        lock.lock()
        let w = workers[worker] ?? make()
        workers[worker] = w
        lock.unlock()
        var out = Batch.Output()
        out.output = outputs.take()
        out.output.edit { bytes in w.process(item, &out, &bytes) }
        if case .lines(let chunk, _) = item { inputs.give(chunk.storage) }
        return out
    }
}

/// Reads the records of work items and hands each to its work.
final class Worker {
    let work: RecordWork
    let shortcut: LineShortcut?

    init(work: @escaping RecordWork, shortcut: LineShortcut? = nil) {
        self.work = work
        self.shortcut = shortcut
    }

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
                    if let shortcut, let base = bytes.baseAddress,
                       shortcut(UnsafeBufferPointer(start: base + line.range.lowerBound, count: line.range.count), line, file, &r, &out) {
                        continue
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
            switch work(record, &out) {
            case .failure(let rejection):
                r.errors += rejection.messages
                r.rejected += 1
            case .success(let c):
                if c.hasID, let at = c.location {
                    r.file = at.file
                    r.ids.append(.init(hash: DuplicateIDs.hash(c.id.utf8), line: at.line, record: at.record))
                }
                r.evaluated += 1
            }
        }
    }
}

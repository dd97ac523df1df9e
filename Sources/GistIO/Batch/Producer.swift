import Foundation
import Gist

/// Hands out the records of the sources as work items: chunks of lines for JSON Lines (parsed by
/// the workers), batches of records for the other formats (parsed here, CSV as it streams).
final class Producer {
    let sources: [BatchSource]
    var index = 0
    var lines: LineChunkReader?
    var stream: RecordStream?
    /// The error that ended the current file, after the records read before it were handed out.
    var failure: RecordFileError?
    let pool: BufferPool
    static let batchSize = 2_000
    static let chunkSize = 1 << 20

    init(sources: [BatchSource], pool: BufferPool) {
        self.sources = sources
        self.pool = pool
    }

    func next() -> Batch.Item? {
        while true {
            var display = ""
            if index < sources.count, case .file(_, let d) = sources[index] { display = d }
            do throws(RecordFileError) {
                if let lines {
                    if let chunk = try lines.next() { return .lines(chunk, file: display) }
                    self.lines = nil
                    index += 1
                    continue
                }
                if let failure {
                    self.failure = nil
                    throw failure
                }
                if let stream {
                    var records: [Result<RawRecord, RecordError>] = []
                    do throws(RecordFileError) {
                        while records.count < Self.batchSize, let r = try stream.next() { records.append(r) }
                    } catch {
                        // The records read before the file became unreadable still count.
                        if records.isEmpty { throw error }
                        failure = error
                        return .records(records)
                    }
                    if records.count < Self.batchSize {
                        self.stream = nil
                        index += 1
                    }
                    if records.isEmpty { continue }
                    return .records(records)
                }
                guard index < sources.count else { return nil }
                let path: String
                switch sources[index] {
                case .file(let p, _): path = p
                case .records(let records):
                    index += 1
                    if records.isEmpty { continue }
                    return .records(records)
                }
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

